"""Derived columns only: the date bounds that follow from an EDTF date.

A pre_save receiver rather than a save() override, because fixture loading (loaddata)
saves raw and skips save(); the bounds must be right however a row is written.
"""

from django.apps import apps
from django.db.models.signals import pre_save

from casework.models.base import Dated


def derive_date_bounds(sender, instance: Dated, raw: bool = False, **kwargs) -> None:
    instance.derive_date_bounds()


def connect() -> None:
    """Connect the receiver to each dated model only, not to every save in the project."""
    for model in apps.get_app_config("casework").get_models():
        if issubclass(model, Dated):
            pre_save.connect(derive_date_bounds, sender=model, dispatch_uid=f"derive-date-bounds-{model._meta.label}")
