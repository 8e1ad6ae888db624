import json

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casework import crypto
from casework.models.base import TimeStamped
from casework.models.people import RESTRICTED_PERSON_FIELDS


class RevisionState(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    SENT_BACK = "sent_back", _("Sent back")


# The key in Revision.data under which the posted restricted fields are kept, as one JSON
# value encrypted with the field key, so that the database, its backups and its dumps
# hold them only encrypted, like the person's own row. No form field starts with "_".
RESTRICTED_KEY = "_restricted"


def restricted_field_of(key: str) -> str | None:
    """The restricted field a posted form key names (``legal_name``, or an inline row's
    ``prefix-0-legal_name``), or None."""
    name = key.rsplit("-", 1)[-1]
    return name if name in RESTRICTED_PERSON_FIELDS else None


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

    @property
    def form_data(self) -> dict[str, list[str]]:
        """The change form as posted, restricted fields included."""
        posted = {key: values for key, values in self.data.items() if key != RESTRICTED_KEY}
        if self.data.get(RESTRICTED_KEY):
            posted.update(json.loads(crypto.decrypt(self.data[RESTRICTED_KEY])))
        return posted

    @form_data.setter
    def form_data(self, posted: dict[str, list[str]]) -> None:
        restricted = {key: values for key, values in posted.items() if restricted_field_of(key)}
        self.data = {key: values for key, values in posted.items() if key not in restricted}
        if restricted:
            self.data[RESTRICTED_KEY] = crypto.encrypt(json.dumps(restricted, ensure_ascii=False, sort_keys=True))

    def restricted_fields(self) -> list[str]:
        """Names of the restricted fields the posted form carries (never their values)."""
        carried = {restricted_field_of(key) for key in self.form_data}
        return [name for name in RESTRICTED_PERSON_FIELDS if name in carried]

    def __str__(self) -> str:
        return _("Revision of “%(record)s” by %(user)s") % {"record": self.record, "user": self.proposed_by}
