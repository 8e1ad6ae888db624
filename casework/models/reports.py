"""Error reports readers send from the public pages. Restricted: only staff see them."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.models.base import TimeStamped
from casework.vocabularies import ReportStatus

REPORT_MESSAGE_MAX = 4000
REPORT_CONTACT_MAX = 200


class ErrorReport(TimeStamped):
    """What a reader says is wrong on a page, and optionally how to reach them.

    Nothing here is ever public: no queryset of it is read by a public path, it has no
    API endpoint and no history (a closed report is deleted, copies and all, 90 days
    after it was closed; see the purge_reports command). The sender's address is not
    stored either.
    """

    page = models.CharField(
        _("page"), max_length=300, help_text=_("Address of the public page the report was sent from.")
    )
    message = models.TextField(_("what is wrong"), max_length=REPORT_MESSAGE_MAX)
    contact = models.CharField(
        _("how to reach the sender"),
        max_length=REPORT_CONTACT_MAX,
        blank=True,
        help_text=_("Optional. Treat it like a restricted field: it can identify a person at risk."),
    )
    language = models.CharField(_("language of the page"), max_length=8)
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.NEW, db_index=True
    )
    closed_at = models.DateTimeField(
        _("closed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the report was marked done; it is deleted 90 days later."),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("error report")
        verbose_name_plural = _("error reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ReportStatus.DONE, closed_at__isnull=False)
                | (~Q(status=ReportStatus.DONE) & Q(closed_at__isnull=True)),
                name="errorreport_closed_when_done",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.page} ({self.created_at:%Y-%m-%d})" if self.created_at else self.page

    def save(self, *args, **kwargs):
        # closed_at is derived from status: when the 90 days start to run.
        if self.status == ReportStatus.DONE and self.closed_at is None:
            self.closed_at = timezone.now()
        elif self.status != ReportStatus.DONE:
            self.closed_at = None
        super().save(*args, **kwargs)
