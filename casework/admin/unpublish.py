"""Unpublishing that says what else it takes off the public site, and asks first.

Unpublishing a source takes away the footnotes it backs: the published records whose only
public citation it is are listed, and confirming sends them back to review in the same
step (services.records_unpublish), so no published record is left without its source.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework import services


class ConfirmUnpublishMixin:
    """For a PublishableAdmin whose records others lean on."""

    def unpublish_consequences(self, queryset) -> list:
        """Public records that unpublishing ``queryset`` sends back to review."""
        return services.records_stranded(sources=list(queryset.values_list("pk", flat=True)))

    @admin.action(description=gettext_lazy("Unpublish"), permissions=["publish"])
    def unpublish(self, request, queryset):
        consequences = self.unpublish_consequences(queryset)
        if consequences and request.POST.get("confirm") != "yes":
            opts = self.model._meta
            return TemplateResponse(
                request,
                "admin/casework/confirm_unpublish.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Unpublish: records that lose their only public source"),
                    "opts": opts,
                    "queryset": queryset,
                    "consequences": [(record, record._meta.verbose_name) for record in consequences],
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        try:
            result = services.records_unpublish(queryset=queryset, user=request.user, stranded_to_review=True)
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return None
        self._report(request, result, self.workflow_done[services.records_unpublish])
        return None
