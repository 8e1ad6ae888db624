"""Who looked at, exported, changed or erased a person's restricted fields.

An entry names the staff member, the moment, the person and the fields, never a value:
the log is read by auditors who may not see the values themselves, and it outlives them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEW = "view", _("viewed")
    EXPORT = "export", _("exported")
    CHANGE = "change", _("changed")
    ERASE = "erase", _("erased")


class AccessLogEntryQuerySet(models.QuerySet):
    def older_than(self, cutoff) -> "AccessLogEntryQuerySet":
        return self.filter(at__lt=cutoff)


class AccessLogEntry(models.Model):
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text too, so the entry still says who after the account is deleted.
    username = models.CharField(_("username"), max_length=150)
    action = models.CharField(_("action"), max_length=10, choices=AccessAction.choices)
    person = models.ForeignKey(
        "casework.Person",
        verbose_name=_("person"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    person_slug = models.SlugField(
        _("person's slug"), max_length=200, help_text=_("Kept when the person record is deleted.")
    )
    fields = models.JSONField(_("fields"), default=list, help_text=_("Names of the restricted fields, never values."))

    objects = AccessLogEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        permissions = [("audit", _("Can read the access log of restricted fields"))]
        indexes = [models.Index(fields=["person", "-at"], name="accesslog_person_at")]

    def __str__(self) -> str:
        return f"{self.username} {self.get_action_display()} {self.person_slug} ({', '.join(self.fields)})"
