"""Records that left the public: what a researcher's copy must delete."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Withdrawn(models.Model):
    """A record that was public and is no longer: unpublished, tied to an unpublished
    record, or deleted. Only the API's resource name, the slug and the time: nothing of
    what the record said. A record that becomes public again leaves this table."""

    resource = models.CharField(_("resource"), max_length=32, help_text=_("The API's name for the record type."))
    slug = models.CharField(_("slug"), max_length=120)
    withdrawn_at = models.DateTimeField(_("withdrawn"), db_index=True)

    class Meta:
        ordering = ["withdrawn_at", "resource", "slug"]
        verbose_name = _("withdrawn record")
        verbose_name_plural = _("withdrawn records")
        constraints = [
            models.UniqueConstraint(fields=["resource", "slug"], name="casework_withdrawn_unique_record"),
        ]

    def __str__(self) -> str:
        return f"{self.resource}/{self.slug}"
