"""The case hubs: persons and cohorts, with the records of their case inline. Every guard
on restricted person fields is in casework.admin.restricted."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from nested_admin import NestedModelAdminMixin

from casework import models, resources
from casework.admin.inlines import (
    CiteFromSourceMixin,
    CohortAsylumOutcomeInline,
    CohortEventInline,
    CohortMembershipInline,
    NestedCitationInline,
    PersonAsylumOutcomeInline,
    PersonEventInline,
    ProsecutionInline,
)
from casework.admin.preview import CohortPreviewMixin, PersonPreviewMixin
from casework.admin.restricted import RestrictedFieldsMixin
from casework.admin.unpublish import TakedownMixin
from casework.admin.workflow import CsvAdminMixin, PublishableAdmin


@admin.register(models.Person)
class PersonAdmin(
    NestedModelAdminMixin,
    CiteFromSourceMixin,
    PersonPreviewMixin,
    TakedownMixin,
    RestrictedFieldsMixin,
    CsvAdminMixin,
    PublishableAdmin,
):
    resource_classes = [resources.PersonResource]
    restricted_resource_classes = [resources.PersonRestrictedResource]
    list_display = (
        "display_name",
        "slug",
        "citizenship",
        "military_background",
        "situation",
        "visibility",
        "citation_count",
        "updated_at",
    )
    list_filter = (
        "visibility",
        "military_background",
        "situation",
        "name_is_pseudonym",
        ("citizenship", RelatedOnlyFieldListFilter),
    )
    list_select_related = ("citizenship",)
    search_fields = ("slug", "display_name", "name_native", "=wikidata_id")
    ordering = ("display_name", "slug")
    autocomplete_fields = ("citizenship",)
    prepopulated_fields = {"slug": ("display_name",)}

    class Media:
        # The page fits a 1366 px screen (the rows of the case share its width).
        css = {"all": ["casework/admin/case-page.css"]}

    inlines = (
        NestedCitationInline,
        PersonEventInline,
        PersonAsylumOutcomeInline,
        ProsecutionInline,
        CohortMembershipInline,
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "slug",
                    "display_name",
                    "name_is_pseudonym",
                    "name_native",
                    "citizenship",
                    "military_background",
                    "situation",
                    "wikidata_id",
                    ("summary", "summary_ru"),
                )
            },
        ),
        PublishableAdmin.workflow_fieldset,
    )

    def get_queryset(self, request):
        # A count per row of the page, not a GROUP BY over every person before the page
        # can be cut (1.5 s at 100,000 persons).
        citations = (
            models.Citation.objects.filter(
                content_type=ContentType.objects.get_for_model(models.Person), object_id=OuterRef("pk")
            )
            .order_by()
            .values("object_id")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return super().get_queryset(request).annotate(citation_total=Coalesce(Subquery(citations), 0))

    @admin.display(description=_("citations"), ordering="citation_total")
    def citation_count(self, obj) -> int:
        return obj.citation_total

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is models.Cohort.members.through:
            # Memberships saved from the person's side leave no trace in the cohort's
            # history, which is where a deleted person's memberships are recovered from.
            rows = [*formset.new_objects, *(row for row, _fields in formset.changed_objects), *formset.deleted_objects]
            for cohort in {row.cohort for row in rows}:
                cohort._history_user = request.user
                cohort._change_reason = str(_("Members changed"))
                cohort.save(update_fields=["updated_at"])


@admin.register(models.Cohort)
class CohortAdmin(NestedModelAdminMixin, CiteFromSourceMixin, CohortPreviewMixin, PublishableAdmin):
    list_display = ("name", "size_display", "member_count", "visibility", "updated_at")
    list_filter = ("visibility", "size_qualifier")
    search_fields = ("slug", "name", "summary")
    ordering = ("name", "slug")
    autocomplete_fields = ("members",)
    prepopulated_fields = {"slug": ("name",)}

    class Media:
        # The page fits a 1366 px screen (the rows of the case share its width).
        css = {"all": ["casework/admin/case-page.css"]}

    inlines = (NestedCitationInline, CohortEventInline, CohortAsylumOutcomeInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "slug",
                    ("name", "name_ru"),
                    "size",
                    "size_qualifier",
                    "members",
                    ("summary", "summary_ru"),
                )
            },
        ),
        PublishableAdmin.workflow_fieldset,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("members", distinct=True))

    @admin.display(description=_("size"), ordering="size")
    def size_display(self, obj) -> str:
        return f"{obj.get_size_qualifier_display()} {obj.size}"

    @admin.display(description=_("known members"), ordering="member_total")
    def member_count(self, obj) -> int:
        return obj.member_total
