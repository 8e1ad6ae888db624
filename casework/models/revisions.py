from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casework.models.base import TimeStamped


class RevisionState(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    SENT_BACK = "sent_back", _("Sent back")


class Revision(TimeStamped):
    """A change to a published record proposed by someone who may not publish: the change
    form as they posted it, kept until a reviewer approves it (then it is applied) or
    sends it back. The public sees the published record meanwhile."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("record type"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    data = models.JSONField(
        _("proposed form"),
        help_text=_("The change form as posted, limited to the fields its author's form offered."),
    )
    state = models.CharField(
        _("state"), max_length=16, choices=RevisionState.choices, default=RevisionState.PENDING, db_index=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    comment = models.TextField(_("reviewer's comment"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(state=RevisionState.PENDING, reviewed_by__isnull=True, reviewed_at__isnull=True)
                | (~Q(state=RevisionState.PENDING) & Q(reviewed_by__isnull=False, reviewed_at__isnull=False)),
                name="revision_reviewed_once_decided",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "state"], name="revision_record_state")]

    def __str__(self) -> str:
        return _("Revision of “%(record)s” by %(user)s") % {"record": self.record, "user": self.proposed_by}
