"""The access log in the admin: read-only, and only for auditors (``casework.audit``)."""

from __future__ import annotations

from django.contrib import admin

from casework import models
from casework.admin.base import ChangelistLookupsMixin

AUDIT_PERMISSION = "casework.audit"


@admin.register(models.AccessLogEntry)
class AccessLogEntryAdmin(ChangelistLookupsMixin, admin.ModelAdmin):
    list_display = ("at", "username", "action", "person_slug", "field_names")
    list_filter = ("action", "at")
    search_fields = ("username", "person_slug")
    date_hierarchy = "at"
    ordering = ("-at", "-pk")
    fields = ("at", "username", "action", "person_slug", "person", "field_names")
    readonly_fields = fields
    list_select_related = ()

    @admin.display(description="fields")
    def field_names(self, obj) -> str:
        return ", ".join(obj.fields)

    # The log is evidence: nobody adds, edits or deletes entries here (pruning is a command).
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(AUDIT_PERMISSION)

    def has_module_permission(self, request) -> bool:
        return request.user.has_perm(AUDIT_PERMISSION)
