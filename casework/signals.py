"""Derived columns only: the date bounds that follow from an EDTF date.

A pre_save receiver rather than a save() override, because fixture loading (loaddata)
saves raw and skips save(); the bounds must be right however a row is written.
"""

from django.db.models.signals import pre_save
from django.dispatch import receiver

from casework.models.base import Dated


@receiver(pre_save)
def derive_date_bounds(sender, instance, raw=False, **kwargs) -> None:
    if isinstance(instance, Dated):
        instance.derive_date_bounds()
