"""The editors' workspace: fast entry with sources, review and publishing, history, CSV.

Three rules shape everything here:
- restricted person fields exist only for users with ``casework.view_restricted``: not in
  forms, columns, search, filters, history diffs, change messages or exports otherwise;
- visibility moves through ``casework.services`` (actions and change form alike), so the
  publish permission and the citation rule hold on every path;
- changelists select their related rows up front, so their query count stays flat.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.exceptions import PermissionDenied
from django.db import models as db_models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from casework import models, resources, services
from casework.models import RESTRICTED_PERSON_FIELDS
from casework.vocabularies import Visibility

RESTRICTED_FIELDSET_TITLE = _("Restricted: never public")


def can_see_restricted(request) -> bool:
    return request.user.has_perm(services.VIEW_RESTRICTED_PERMISSION)


def can_publish(request) -> bool:
    return request.user.has_perm(services.PUBLISH_PERMISSION)


class ReadableDateMixin:
    @admin.display(description=_("date reads as"), ordering="date_earliest")
    def readable_date(self, obj) -> str:
        return obj.date_display if obj and obj.pk else ""


# --- inlines -------------------------------------------------------------------------


class CitationInline(GenericTabularInline):
    model = models.Citation
    fields = ("source", "quote", "locator", "connection")
    autocomplete_fields = ("source",)
    extra = 1
    verbose_name_plural = _("citations: the passages behind this record")


class SubjectRecordInline(ReadableDateMixin, admin.TabularInline):
    """A subject's events or outcomes. Visibility is read-only here: it moves through the
    workflow actions, which check who may publish."""

    extra = 0
    show_change_link = True
    readonly_fields = ("readable_date", "visibility")


class EventInline(SubjectRecordInline):
    model = models.Event
    fields = ("slug", "type", "date", "readable_date", "country", "from_country", "to_country", "summary", "visibility")
    autocomplete_fields = ("country", "from_country", "to_country")


class AsylumOutcomeInline(SubjectRecordInline):
    model = models.AsylumOutcome
    fields = ("slug", "country", "status", "application_type", "date", "readable_date", "authority", "visibility")
    autocomplete_fields = ("country", "authority")


class ProsecutionInline(SubjectRecordInline):
    model = models.Prosecution
    fk_name = "defendant"
    fields = ("slug", "charge", "country", "status", "date", "readable_date", "sentence", "visibility")
    autocomplete_fields = ("charge", "country")


class PersonEventInline(EventInline):
    fk_name = "person"


class PersonAsylumOutcomeInline(AsylumOutcomeInline):
    fk_name = "person"


class CohortEventInline(EventInline):
    fk_name = "cohort"


class CohortAsylumOutcomeInline(AsylumOutcomeInline):
    fk_name = "cohort"


class CohortMembershipInline(admin.TabularInline):
    model = models.Cohort.members.through
    autocomplete_fields = ("cohort",)
    extra = 0
    verbose_name = _("cohort membership")
    verbose_name_plural = _("cohort memberships")


# --- bases ---------------------------------------------------------------------------


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    """History diffs in the editors' words: 'In review → Published', not 'review → published'."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.choices and not field.many_to_many:
            return dict(field.flatchoices).get(value, value)
        return super().prepare_delta_change_value(change, value)


class CaseworkAdmin(SimpleHistoryAdmin):
    list_per_page = 50
    formfield_overrides = {db_models.URLField: {"assume_scheme": "https"}}

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryHelper(self.model, historical_record)

    def lookup_allowed(self, lookup, value, request=None):
        # Django allows any lookup on a local field from the URL (?legal_name__startswith=A),
        # which would make a filter an oracle for restricted values.
        if request is not None and not can_see_restricted(request):
            parts = set(lookup.split("__"))
            if parts & set(RESTRICTED_PERSON_FIELDS):
                raise DisallowedModelAdminLookup(f"Filtering by {lookup} is not allowed.")
        return super().lookup_allowed(lookup, value, request)


class PublishableAdminForm(forms.ModelForm):
    # Set per request by PublishableAdmin.get_form.
    can_publish = False

    def clean_visibility(self):
        new = self.cleaned_data["visibility"]
        old = self.instance.visibility if self.instance.pk else Visibility.DRAFT
        if new != old and Visibility.PUBLISHED in (new, old) and not self.can_publish:
            raise forms.ValidationError(
                _("Only reviewers may publish or unpublish. Use “Submit for review” when the record is ready.")
            )
        return new


class PublishableAdmin(ReadableDateMixin, CaseworkAdmin):
    form = PublishableAdminForm
    actions = ("submit_for_review", "return_to_draft", "publish", "unpublish")
    workflow_fieldset = (_("Workflow"), {"fields": ("visibility", "created_at", "updated_at")})

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "created_at", "updated_at"]
        if issubclass(self.model, models.base.Dated):
            readonly.append("readable_date")
        if obj is not None and obj.visibility == Visibility.PUBLISHED and not can_publish(request):
            readonly.append("visibility")
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.can_publish = can_publish(request)
        if "visibility" in form.base_fields and not form.can_publish:
            form.base_fields["visibility"].choices = [
                choice for choice in form.base_fields["visibility"].choices if choice[0] != Visibility.PUBLISHED
            ]
        return form

    # Permissions named by @admin.action(permissions=[...]).
    def has_publish_permission(self, request) -> bool:
        return can_publish(request)

    def has_workflow_permission(self, request) -> bool:
        return self.has_change_permission(request)

    def _report(self, request, result: services.WorkflowResult, done: str) -> None:
        opts = self.model._meta
        self.message_user(
            request,
            ngettext("%(count)d %(name)s %(done)s.", "%(count)d %(names)s %(done)s.", result.changed)
            % {"count": result.changed, "name": opts.verbose_name, "names": opts.verbose_name_plural, "done": done},
            messages.SUCCESS if result.changed else messages.INFO,
        )
        if result.carried:
            self.message_user(
                request,
                ngettext(
                    "%(count)d record of their cases went along.",
                    "%(count)d records of their cases went along.",
                    result.carried,
                )
                % {"count": result.carried},
                messages.SUCCESS,
            )
        for obj, reason in result.refused:
            self.message_user(
                request,
                _("“%(record)s” was left as it is: %(reason)s.") % {"record": obj, "reason": reason},
                messages.WARNING,
            )

    def _run(self, request, service, queryset, done: str) -> None:
        try:
            result = service(queryset=queryset, user=request.user)
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self._report(request, result, done)

    @admin.action(description=_("Submit for review"), permissions=["workflow"])
    def submit_for_review(self, request, queryset):
        self._run(request, services.records_submit_for_review, queryset, _("submitted for review"))

    @admin.action(description=_("Return to draft"), permissions=["workflow"])
    def return_to_draft(self, request, queryset):
        self._run(request, services.records_return_to_draft, queryset, _("returned to draft"))

    @admin.action(description=_("Publish"), permissions=["publish"])
    def publish(self, request, queryset):
        self._run(request, services.records_publish, queryset, _("published"))

    @admin.action(description=_("Unpublish"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._run(request, services.records_unpublish, queryset, _("unpublished"))

    # A change of visibility to or from "published" made in the form goes through the same
    # services as the actions; it waits until the inlines (citations) are saved.
    def save_model(self, request, obj, form, change):
        old = type(obj)._default_manager.filter(pk=obj.pk).values_list("visibility", flat=True).first()
        old = old or Visibility.DRAFT
        target = obj.visibility
        if target != old and Visibility.PUBLISHED in (target, old):
            obj.visibility = old
            obj._pending_visibility = target
        super().save_model(request, obj, form, change)
        resolver = getattr(request, "resolver_match", None)
        if resolver and (resolver.url_name or "").endswith("_simple_history"):
            # Reverting from history saves no inlines, so nothing to wait for.
            self._apply_pending_visibility(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._apply_pending_visibility(request, form.instance)

    def _apply_pending_visibility(self, request, obj) -> None:
        target = getattr(obj, "_pending_visibility", None)
        if target is None:
            return
        del obj._pending_visibility
        queryset = type(obj)._default_manager.filter(pk=obj.pk)
        if target == Visibility.PUBLISHED:
            self._run(request, services.records_publish, queryset, _("published"))
        else:
            self._run(request, services.records_unpublish, queryset, _("unpublished"))
            if target == Visibility.REVIEW:
                self._run(request, services.records_submit_for_review, queryset, _("submitted for review"))
        obj.refresh_from_db(fields=["visibility"])


class CsvAdminMixin(ImportExportMixin):
    """Import only for users who may add and change; export for those who may view.
    The confirmed import runs through services.records_import (all or nothing)."""

    def has_import_permission(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def process_dataset(self, dataset, form, request, **kwargs):
        file_name = kwargs.pop("file_name", None) or form.cleaned_data.get("original_file_name")
        resource = self.choose_import_resource_class(form, request)(**self.get_import_resource_kwargs(request))
        return services.records_import(
            resource=resource, dataset=dataset, user=request.user, dry_run=False, file_name=file_name
        )


# --- the models ----------------------------------------------------------------------


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
    search_fields = ("slug", "name", "aliases")
    ordering = ("name",)
    autocomplete_fields = ("country",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = (CitationInline,)
    fieldsets = (
        (None, {"fields": ("slug", "name", "aliases", "kind", "country", "website", "summary")}),
        PublishableAdmin.workflow_fieldset,
    )


@admin.register(models.Person)
class PersonAdmin(CsvAdminMixin, PublishableAdmin):
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
    search_fields = ("slug", "display_name", "name_native")
    ordering = ("display_name", "slug")
    autocomplete_fields = ("citizenship",)
    prepopulated_fields = {"slug": ("display_name",)}
    inlines = (
        CitationInline,
        PersonEventInline,
        PersonAsylumOutcomeInline,
        ProsecutionInline,
        CohortMembershipInline,
    )
    public_fieldset = (
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
                "summary",
            )
        },
    )
    restricted_fieldset = (
        RESTRICTED_FIELDSET_TITLE,
        {
            "classes": ("collapse",),
            "description": _(
                "Only people with the “view restricted” permission see this section. "
                "A leaked name or place can cost a life: write here only what the work needs."
            ),
            "fields": RESTRICTED_PERSON_FIELDS,
        },
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_total=Count("citations", distinct=True))

    @admin.display(description=_("citations"), ordering="citation_total")
    def citation_count(self, obj) -> int:
        return obj.citation_total

    def get_fieldsets(self, request, obj=None):
        fieldsets = [self.public_fieldset, PublishableAdmin.workflow_fieldset]
        if can_see_restricted(request):
            fieldsets.append(self.restricted_fieldset)
        return fieldsets

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or ())
        if not can_see_restricted(request):
            exclude.extend(RESTRICTED_PERSON_FIELDS)
        return exclude

    def save_model(self, request, obj, form, change):
        if change and not can_see_restricted(request):
            # A revert from history carries the old version's restricted values; someone who
            # cannot see them must not bring back, say, a location deliberately erased.
            current = type(obj)._default_manager.filter(pk=obj.pk).values(*RESTRICTED_PERSON_FIELDS).first() or {}
            for name, value in current.items():
                setattr(obj, name, value)
        super().save_model(request, obj, form, change)

    def get_search_fields(self, request):
        if can_see_restricted(request):
            return (*self.search_fields, "legal_name")
        return self.search_fields

    def get_resource_classes(self, request):
        if can_see_restricted(request):
            return [resources.PersonRestrictedResource]
        return [resources.PersonResource]

    def construct_change_message(self, request, form, formsets, add=False):
        # Log entries outlive permissions and are read by others: never name a restricted
        # field there, not even that it changed.
        message = super().construct_change_message(request, form, formsets, add)
        restricted_labels = {str(models.Person._meta.get_field(name).verbose_name) for name in RESTRICTED_PERSON_FIELDS}
        restricted_labels |= {label.capitalize() for label in restricted_labels}
        for entry in message:
            changed = entry.get("changed")
            if changed and "fields" in changed:
                changed["fields"] = [label for label in changed["fields"] if str(label) not in restricted_labels]
        return [entry for entry in message if not ("changed" in entry and entry["changed"].get("fields") == [])]

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        if can_see_restricted(request):
            return super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current, excluded_fields=RESTRICTED_PERSON_FIELDS, foreign_keys_are_objs=foreign_keys_are_objs
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current
        return None


@admin.register(models.Cohort)
class CohortAdmin(PublishableAdmin):
    list_display = ("name", "size_display", "member_count", "visibility", "updated_at")
    list_filter = ("visibility", "size_qualifier")
    search_fields = ("slug", "name", "summary")
    ordering = ("name", "slug")
    autocomplete_fields = ("members",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = (CitationInline, CohortEventInline, CohortAsylumOutcomeInline)
    fieldsets = (
        (None, {"fields": ("slug", "name", "size", "size_qualifier", "members", "summary")}),
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


class SubjectRecordAdmin(PublishableAdmin):
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
    ordering = ("date_earliest", "date_latest", "slug")
    autocomplete_fields = ("person", "cohort", "country", "from_country", "to_country", "organizations")
    inlines = (CitationInline,)
    fieldsets = (
        (None, {"fields": ("slug", "type", "person", "cohort", "date", "readable_date")}),
        (_("Where"), {"fields": ("country", "from_country", "to_country", "organizations")}),
        (None, {"fields": ("summary",)}),
        PublishableAdmin.workflow_fieldset,
    )


@admin.register(models.AsylumOutcome)
class AsylumOutcomeAdmin(CsvAdminMixin, SubjectRecordAdmin):
    resource_classes = [resources.AsylumOutcomeResource]
    list_display = ("subject", "country", "status", "application_type", "readable_date", "authority", "visibility")
    list_filter = ("visibility", "status", "application_type", ("country", RelatedOnlyFieldListFilter))
    list_select_related = ("person", "cohort", "country", "authority")
    search_fields = ("slug", "summary", "person__display_name", "cohort__name")
    ordering = ("date_earliest", "date_latest", "slug")
    autocomplete_fields = ("person", "cohort", "country", "authority")
    inlines = (CitationInline,)
    fieldsets = (
        (None, {"fields": ("slug", "person", "cohort", "country", "status", "application_type")}),
        (None, {"fields": ("date", "readable_date", "authority", "summary")}),
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
        (None, {"fields": ("slug", "country", "name", "legal_reference", "max_prison_years", "other_penalties")}),
        (None, {"fields": ("summary",)}),
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
    ordering = ("date_earliest", "date_latest", "slug")
    autocomplete_fields = ("defendant", "charge", "country", "reported_by")
    inlines = (CitationInline,)
    fieldsets = (
        (None, {"fields": ("slug", "defendant", "case_count", "count_qualifier", "charge", "country", "status")}),
        (None, {"fields": ("date", "readable_date", "sentence", "reported_by", "summary")}),
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
        (None, {"fields": ("slug", "metric", "value_low", "value_high", "qualifier", "wording")}),
        (None, {"fields": ("date", "readable_date", "country", "reported_by", "summary")}),
        PublishableAdmin.workflow_fieldset,
    )


@admin.register(models.Source)
class SourceAdmin(PublishableAdmin):
    date_hierarchy = "date_earliest"
    list_display = ("title", "publisher", "readable_date", "language", "reliability", "visibility")
    list_filter = ("visibility", "reliability", "language")
    search_fields = ("slug", "title", "publisher", "url")
    ordering = ("-date_earliest", "title")
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = (
        (None, {"fields": ("slug", "title", "publisher", "url", "language", "date", "readable_date")}),
        (None, {"fields": ("seed_file", "reliability", "summary")}),
        PublishableAdmin.workflow_fieldset,
    )


@admin.register(models.Citation)
class CitationAdmin(CsvAdminMixin, CaseworkAdmin):
    resource_classes = [resources.CitationResource]
    list_display = ("source", "record_type", "cited_record", "locator", "connection", "updated_at")
    list_filter = ("connection", ("content_type", RelatedOnlyFieldListFilter), ("source", RelatedOnlyFieldListFilter))
    list_select_related = ("source", "content_type")
    search_fields = ("quote", "locator", "source__title")
    ordering = ("content_type", "object_id", "pk")
    autocomplete_fields = ("source",)
    fields = ("source", "content_type", "object_id", "quote", "locator", "connection")

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

    @admin.display(description=_("record type"), ordering="content_type")
    def record_type(self, obj) -> str:
        return obj.content_type.name

    @admin.display(description=_("record"))
    def cited_record(self, obj) -> str:
        return str(obj.record) if obj.record else _("(deleted)")
