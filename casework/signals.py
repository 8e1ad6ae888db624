"""Derived columns only: the date bounds and timeline position that follow from an EDTF
date (and, for an undated event, from the event it is placed after), the keyed hash
of a person's legal name, and the deletion a "deleted" history row belongs to (in its
change reason, services.deletion_reason).

A pre_save receiver rather than a save() override, because fixture loading (loaddata)
saves raw and skips save(); the bounds must be right however a row is written.
"""

from django.apps import apps
from django.db.models.signals import post_save, pre_save
from simple_history.signals import pre_create_historical_record

from casework import crypto, dates, services
from casework.models.base import Dated
from casework.models.cases import Event
from casework.models.people import Person


def derive_date_bounds(sender, instance: Dated, raw: bool = False, **kwargs) -> None:
    instance.derive_date_bounds()


def derive_placed_positions(sender, instance: Event, raw: bool = False, **kwargs) -> None:
    """The undated events placed after ``instance`` sort where it now sorts."""
    placed = Event.objects.filter(placed_after=instance, date="")
    if instance.sort_day is None:
        placed.update(sort_day=None, sort_rank=None)
    else:
        placed.update(sort_day=instance.sort_day, sort_rank=dates.PLACED)


def derive_legal_name_hash(sender, instance: Person, raw: bool = False, **kwargs) -> None:
    instance.legal_name_hash = crypto.keyed_hash(instance.legal_name or "")


def mark_deletion(sender, history_instance, **kwargs) -> None:
    deletion = services.current_deletion()
    if history_instance.history_type == "-" and deletion is not None:
        history_instance.history_change_reason = services.deletion_reason(deletion)


def connect() -> None:
    """Connect each receiver to the models it derives for only, not to every save in the project."""
    for model in apps.get_app_config("casework").get_models():
        if issubclass(model, Dated):
            pre_save.connect(derive_date_bounds, sender=model, dispatch_uid=f"derive-date-bounds-{model._meta.label}")
    post_save.connect(derive_placed_positions, sender=Event, dispatch_uid="derive-placed-positions")
    pre_save.connect(derive_legal_name_hash, sender=Person, dispatch_uid="derive-legal-name-hash")
    pre_create_historical_record.connect(mark_deletion, dispatch_uid="mark-deletion")
