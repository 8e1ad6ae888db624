"""Unpublishing that says what else it takes off the public site, and asks first.

Unpublishing a person (the safety case: someone asks to be taken down) lists every other
public record whose text still names them, to send back to review in the same step.

Unpublishing a source takes away the footnotes it backs: the published records whose only
public citation it is are listed, and confirming sends them back to review in the same
step (services.records_unpublish), so no published record is left without its source.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.contenttypes.models import ContentType
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework import selectors, services
from casework.vocabularies import Visibility


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
        self._run(request, services.records_unpublish, queryset, stranded_to_review=True)
        return None


class TakedownMixin:
    """For the people's admin: unpublishing a person lists every other public record whose
    text still names them, and sends the ones the reviewer ticks to review in the same
    step (services.person_take_down)."""

    def _names(self, request, person) -> list[str]:
        names = [person.display_name, person.name_native]
        if request.user.has_perm(services.VIEW_RESTRICTED_PERMISSION):
            names.append(person.legal_name)
        return [name for name in names if name]

    @staticmethod
    def _key(record) -> str:
        return f"{ContentType.objects.get_for_model(record).pk}-{record.pk}"

    @admin.action(description=gettext_lazy("Unpublish"), permissions=["publish"])
    def unpublish(self, request, queryset):
        mentions = []
        for person in queryset.filter(visibility=Visibility.PUBLISHED):
            mentions += selectors.records_naming(person, names=self._names(request, person))
        records = {self._key(mention.record): mention.record for mention in mentions}
        if mentions and request.POST.get("confirm") != "yes":
            return TemplateResponse(
                request,
                "admin/casework/confirm_takedown.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Unpublish: public records that still name them"),
                    "opts": self.model._meta,
                    "queryset": queryset,
                    "mentions": [
                        (self._key(m.record), m.record, m.record._meta.verbose_name, m.where, m.excerpt)
                        for m in mentions
                    ],
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        chosen = [records[key] for key in request.POST.getlist("also") if key in records]
        self._run(
            request,
            services.person_take_down,
            queryset,
            reported_as=services.records_unpublish,
            also_to_review=chosen,
        )
        return None
