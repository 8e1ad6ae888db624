from django.db import models
from django.db.models import Q
from django.utils import timezone


class PublicState(models.Model):
    """One row that says when the records last changed, read by every app process.

    Answers that are costly to compute and change only with the records (the countries
    public records name, the home page's counts) are cached under this version, so a
    change made through any process reaches every other at once, whatever the cache.
    Not shown in the admin, so its names are not translated.
    """

    key = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    version = models.PositiveBigIntegerField("version", default=0)
    changed_at = models.DateTimeField("changed", default=timezone.now)

    class Meta:
        ordering = ["key"]
        verbose_name = "public state"
        verbose_name_plural = "public state"
        constraints = [models.CheckConstraint(condition=Q(key=1), name="publicstate_single_row")]

    def __str__(self) -> str:
        return f"{self.version} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
