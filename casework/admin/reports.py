"""The editors' triage list of error reports: new, in progress, done."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from casework.admin.base import ChangelistLookupsMixin
from casework.models.reports import ErrorReport
from casework.reports import reports_set_status
from casework.vocabularies import ReportStatus


@admin.register(ErrorReport)
class ErrorReportAdmin(ChangelistLookupsMixin, admin.ModelAdmin):
    list_display = ("created_at", "status", "page", "short_message", "closed_at")
    list_filter = ("status", "language")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    readonly_fields = ("page", "message", "contact", "language", "created_at", "updated_at", "closed_at")
    fields = ("status", "page", "message", "contact", "language", "created_at", "updated_at", "closed_at")
    actions = ("mark_in_progress", "mark_done", "mark_new")

    def has_add_permission(self, request) -> bool:
        # Reports come from readers only.
        return False

    @admin.display(description=_("what is wrong"))
    def short_message(self, obj: ErrorReport) -> str:
        return obj.message if len(obj.message) <= 80 else obj.message[:79] + "…"

    def _mark(self, request, queryset, status: str) -> None:
        changed = reports_set_status(reports=queryset, status=status)
        self.message_user(
            request,
            ngettext("%(count)d report is now “%(status)s”.", "%(count)d reports are now “%(status)s”.", changed)
            % {"count": changed, "status": ReportStatus(status).label},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark as in progress"), permissions=["change"])
    def mark_in_progress(self, request, queryset):
        self._mark(request, queryset, ReportStatus.IN_PROGRESS)

    @admin.action(description=_("Mark as done (deleted 90 days later)"), permissions=["change"])
    def mark_done(self, request, queryset):
        self._mark(request, queryset, ReportStatus.DONE)

    @admin.action(description=_("Mark as new"), permissions=["change"])
    def mark_new(self, request, queryset):
        self._mark(request, queryset, ReportStatus.NEW)
