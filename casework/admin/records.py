"""The admins of records that are not case hubs: countries, organizations, events,
asylum outcomes, charges, prosecutions, statistics, country conditions, sources and citations."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from casework import models, resources
from casework.admin.base import CaseworkAdmin, can_publish
from casework.admin.citations import CitationDeletionMixin
from casework.admin.inlines import CITE_PARAMETER, CitationInline
from casework.admin.revisions import RevisionMixin
from casework.admin.unpublish import ConfirmUnpublishMixin
from casework.admin.workflow import CsvAdminMixin, PublishableAdmin
from casework.querysets import time_order
from casework.vocabularies import EventType


@admin.register(models.Country)
class CountryAdmin(CaseworkAdmin):
    list_display = ("code", "name_en")
    search_fields = ("code", "name_en")
    ordering = ("name_en",)


@admin.register(models.Organization)
class OrganizationAdmin(PublishableAdmin):
    list_display = ("name", "kind", "country", "visibility", "updated_at")
    list_filter = ("visibility", "kind", ("country", RelatedOnlyFieldListFilter))
    list_select_related = ("country",)
    search_fields = ("slug", "name", "aliases", "=wikidata_id")
    ordering = ("name",)
    autocomplete_fields = ("country",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = (CitationInline,)
    fieldsets = (
        (None, {"fields": ("slug", ("name", "name_ru"), "aliases", "kind", "country", "website", "wikidata_id")}),
        (None, {"fields": (("summary", "summary_ru"),)}),
        PublishableAdmin.workflow_fieldset,
    )


class EventOrganizationInline(admin.TabularInline):
    """The organizations in an event, each with its role and how firmly the sources hold it."""

    model = models.EventOrganization
    fields = ("organization", "role", "certainty")
    autocomplete_fields = ("organization",)
    extra = 0
    verbose_name_plural = _("organizations involved: their role, and how the sources hold it")


@admin.register(models.Speaker)
class SpeakerAdmin(RevisionMixin, CaseworkAdmin):
    """People the sources quote as speaking for an organization: named beside what they
    say, never a case of their own.

    A speaker has no visibility of its own: the public reads one only in the footnote of
    a public citation, and what a published record cites is already a reviewer's call.
    So a speaker named by a citation of a published record is treated as published: a
    change by someone who may not publish becomes a pending revision (RevisionMixin),
    reverting its history needs a reviewer, and only reviewers may delete speakers. This
    reuses the review every published record has, rather than giving speakers a
    draft/review/published state of their own, which would add a second visibility rule
    to every footnote and API row while leaving this same question for published ones.
    """

    list_display = ("name", "organization", "role")
    list_select_related = ("organization",)
    search_fields = ("name", "organization__name", "role")
    ordering = ("name", "pk")
    autocomplete_fields = ("organization",)
    fields = ("name", "organization", "role")

    def is_live(self, obj) -> bool:
        return obj is not None and obj.pk is not None and obj.citations.of_published_records().exists()

    def proposes_revision(self, request, obj) -> bool:
        return self.is_live(obj) and not can_publish(request)


class SubjectRecordAdmin(PublishableAdmin):
    """Dated records of a case, listed in the one order of time (casework.querysets.time_order)."""

    date_hierarchy = "date_earliest"

    @admin.display(description=_("subject"))
    def subject(self, obj) -> str:
        return str(obj.subject)


@admin.register(models.Event)
class EventAdmin(CsvAdminMixin, SubjectRecordAdmin):
    resource_classes = [resources.EventResource]
    list_display = ("type", "subject", "readable_date", "country", "from_country", "to_country", "visibility")
    list_filter = (
        "visibility",
        "type",
        ("country", RelatedOnlyFieldListFilter),
        ("to_country", RelatedOnlyFieldListFilter),
    )
    list_select_related = ("person", "cohort", "country", "from_country", "to_country")
    search_fields = ("slug", "summary", "person__display_name", "cohort__name")
    ordering = time_order(models.Event)
    autocomplete_fields = ("person", "cohort", "country", "from_country", "to_country", "placed_after")
    inlines = (EventOrganizationInline, CitationInline)
    fieldsets = (
        (None, {"fields": ("slug", "type", "person", "cohort", "date", "readable_date", "date_note")}),
        (_("Place in the timeline"), {"fields": ("placed_after", "sequence")}),
        (_("Where"), {"fields": ("country", "from_country", "to_country")}),
        (None, {"fields": (("summary", "summary_ru"),)}),
        PublishableAdmin.workflow_fieldset,
    )


@admin.register(models.AsylumOutcome)
class AsylumOutcomeAdmin(CsvAdminMixin, SubjectRecordAdmin):
    resource_classes = [resources.AsylumOutcomeResource]
    list_display = ("subject", "country", "status", "application_type", "readable_date", "authority", "visibility")
    list_filter = ("visibility", "status", "application_type", ("country", RelatedOnlyFieldListFilter))
    list_select_related = ("person", "cohort", "country", "authority")
    search_fields = ("slug", "summary", "person__display_name", "cohort__name")
    ordering = time_order(models.AsylumOutcome)
    autocomplete_fields = ("person", "cohort", "country", "authority")
    inlines = (CitationInline,)
    fieldsets = (
        (None, {"fields": ("slug", "person", "cohort", "country", "status", "application_type")}),
        (None, {"fields": ("date", "readable_date", "date_note", "sequence", "authority", ("summary", "summary_ru"))}),
        PublishableAdmin.workflow_fieldset,
    )


@admin.register(models.Charge)
class ChargeAdmin(PublishableAdmin):
    list_display = ("name", "country", "legal_reference", "max_prison_years", "visibility")
    list_filter = ("visibility", ("country", RelatedOnlyFieldListFilter))
    list_select_related = ("country",)
    search_fields = ("slug", "name", "legal_reference")
    ordering = ("country", "name")
    autocomplete_fields = ("country",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = (CitationInline,)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "slug",
                    "country",
                    ("name", "name_ru"),
                    "legal_reference",
                    "max_prison_years",
                    "other_penalties",
                )
            },
        ),
        (None, {"fields": (("summary", "summary_ru"),)}),
        PublishableAdmin.workflow_fieldset,
    )


@admin.register(models.Prosecution)
class ProsecutionAdmin(CsvAdminMixin, PublishableAdmin):
    resource_classes = [resources.ProsecutionResource]
    date_hierarchy = "date_earliest"
    list_display = (
        "defendant_or_count",
        "charge",
        "country",
        "status",
        "readable_date",
        "reported_by",
        "visibility",
    )
    list_filter = ("visibility", "status", "count_qualifier", ("country", RelatedOnlyFieldListFilter))
    list_select_related = ("defendant", "charge", "charge__country", "country", "reported_by")
    search_fields = ("slug", "summary", "sentence", "defendant__display_name", "charge__name")
    ordering = time_order(models.Prosecution)
    autocomplete_fields = ("defendant", "charge", "country", "reported_by")
    inlines = (CitationInline,)
    fieldsets = (
        (None, {"fields": ("slug", "defendant", "case_count", "count_qualifier", "charge", "country", "status")}),
        (
            None,
            {
                "fields": (
                    "date",
                    "readable_date",
                    "date_note",
                    ("sentence", "sentence_ru"),
                    "reported_by",
                    ("summary", "summary_ru"),
                )
            },
        ),
        PublishableAdmin.workflow_fieldset,
    )

    @admin.display(description=_("defendant or count"))
    def defendant_or_count(self, obj) -> str:
        if obj.defendant:
            return str(obj.defendant)
        return f"{obj.get_count_qualifier_display()} {obj.case_count:,}"


@admin.register(models.Statistic)
class StatisticAdmin(PublishableAdmin):
    date_hierarchy = "date_earliest"
    list_display = ("metric", "value_low", "value_high", "qualifier", "country", "readable_date", "visibility")
    list_filter = ("visibility", "qualifier", ("country", RelatedOnlyFieldListFilter))
    list_select_related = ("country", "reported_by")
    search_fields = ("slug", "metric", "wording", "summary")
    ordering = ("metric", "slug")
    autocomplete_fields = ("country", "reported_by")
    inlines = (CitationInline,)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "slug",
                    ("metric", "metric_ru"),
                    "value_low",
                    "value_high",
                    "qualifier",
                    ("wording", "wording_ru"),
                )
            },
        ),
        (None, {"fields": ("date", "readable_date", "date_note", "country", "reported_by", ("summary", "summary_ru"))}),
        (_("Like with like"), {"fields": ("counts_event_types",)}),
        PublishableAdmin.workflow_fieldset,
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "counts_event_types":
            # Ticked from the events vocabulary rather than typed as JSON.
            return forms.MultipleChoiceField(
                choices=EventType.choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                label=db_field.verbose_name,
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(models.CountryCondition)
class CountryConditionAdmin(CsvAdminMixin, PublishableAdmin):
    resource_classes = [resources.CountryConditionResource]
    date_hierarchy = "date_earliest"
    list_display = ("country", "topic", "readable_date", "visibility")
    list_filter = ("visibility", "topic", ("country", RelatedOnlyFieldListFilter))
    list_select_related = ("country",)
    search_fields = ("slug", "summary", "country__name_en")
    ordering = ("country", "topic", "slug")
    autocomplete_fields = ("country",)
    inlines = (CitationInline,)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "slug",
                    "country",
                    "topic",
                    "date",
                    "readable_date",
                    "date_note",
                    ("summary", "summary_ru"),
                )
            },
        ),
        PublishableAdmin.workflow_fieldset,
    )


@admin.register(models.Source)
class SourceAdmin(ConfirmUnpublishMixin, PublishableAdmin):
    date_hierarchy = "date_earliest"
    list_display = ("title", "publisher", "readable_date", "language", "reliability", "visibility")
    list_filter = ("visibility", "reliability", "language")
    search_fields = ("slug", "title", "publisher", "url")
    # Newest first, in the one order of time (casework.querysets.time_order).
    ordering = time_order(models.Source, descending=True)
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = (
        (None, {"fields": ("slug", "title", "publisher", "url", "language", "date", "readable_date")}),
        (None, {"fields": ("seed_file", "reliability", ("summary", "summary_ru"), "text")}),
        PublishableAdmin.workflow_fieldset,
    )

    def response_add(self, request, obj, post_url_continue=None):
        # The usual next step: the case this source reports, with the source already chosen
        # in every citation row (CITE_PARAMETER).
        if self.admin_site._registry[models.Person].has_add_permission(request):
            url = f"{reverse('admin:casework_person_add')}?{CITE_PARAMETER}={obj.pk}"
            self.message_user(
                request,
                format_html(
                    _('<a href="{url}">Enter a case from “{source}”</a>: its citations start with it.'),
                    url=url,
                    source=obj,
                ),
                messages.INFO,
            )
        return super().response_add(request, obj, post_url_continue)


@admin.register(models.Citation)
class CitationAdmin(CitationDeletionMixin, CsvAdminMixin, CaseworkAdmin):
    resource_classes = [resources.CitationResource]
    list_display = ("source", "record_type", "cited_record", "locator", "connection", "updated_at")
    # No filter by source: its sidebar would list every source (20,000 at 100,000
    # persons, 2 MB of HTML); search finds a source by its title.
    list_filter = ("connection", ("content_type", RelatedOnlyFieldListFilter))
    list_select_related = ("source", "content_type")
    search_fields = ("quote", "locator", "source__title")
    ordering = ("content_type", "object_id", "pk")
    autocomplete_fields = ("source", "claimant_organization", "speaker")
    fields = (
        "source",
        "content_type",
        "object_id",
        "quote",
        "locator",
        "connection",
        "claimant_organization",
        "speaker",
    )

    def get_queryset(self, request):
        # __str__ of events and prosecutions reads their subject, defendant and charge.
        related = {
            models.Event: ("person", "cohort"),
            models.AsylumOutcome: ("person", "cohort"),
            models.Prosecution: ("defendant", "charge"),
        }
        querysets = [model._default_manager.select_related(*related.get(model, ())) for model in models.CITABLE_MODELS]
        return super().get_queryset(request).prefetch_related(GenericPrefetch("record", querysets))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "content_type":
            kwargs["queryset"] = ContentType.objects.filter(
                pk__in=[ContentType.objects.get_for_model(model).pk for model in models.CITABLE_MODELS]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def is_live(self, obj) -> bool:
        # A citation is what the public reads as a footnote of its record.
        record = obj.record
        return record is not None and super().is_live(record)

    @admin.display(description=_("record type"), ordering="content_type")
    def record_type(self, obj) -> str:
        return obj.content_type.name

    @admin.display(description=_("record"))
    def cited_record(self, obj) -> str:
        return str(obj.record) if obj.record else _("(deleted)")
