"""Inlines: the records an editor enters on a person's or cohort's page, each with its
citations inside its own row, and the citations of a record on its own page."""

from __future__ import annotations

from django.contrib.contenttypes.admin import GenericTabularInline
from django.db.models import Prefetch
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext_lazy as _
from nested_admin import NestedGenericTabularInline, NestedTabularInline

from casework import models
from casework.admin.base import ReadableDateMixin
from casework.admin.citations import CitationInlineFormSet, CitationRulesFormSetMixin, QuoteCheckedForm
from casework.admin.nesting import OwnRowsGenericInlineFormSet, OwnRowsInlineFormSet, RememberedAutocompleteMixin
from casework.admin.slugs import SuggestedSlugForm, SuggestedSlugFormSetMixin

CITATION_FIELDS = ("source", "quote", "locator", "connection", "claimant_organization", "speaker")
CITATION_AUTOCOMPLETES = ("source", "claimant_organization", "speaker")
# ?cite=<a source's id> on a case page: every new citation on it starts with that source.
CITE_PARAMETER = "cite"


def cited_source(request) -> models.Source | None:
    """The source ?cite= names, None without one (or, for a wrong one: CiteFromSourceMixin
    answers 400 first)."""
    raw = request.GET.get(CITE_PARAMETER, "")
    if not raw:
        return None
    if not hasattr(request, "casework_cited_source"):
        request.casework_cited_source = (
            models.Source.objects.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 19 else None
        )
    return request.casework_cited_source


class CiteFromSourceMixin:
    """For the case hubs' admins: a case entered from one source (the source's page links
    here with ?cite=) has that source chosen in every new citation row."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.GET.get(CITE_PARAMETER) and cited_source(request) is None:
            return HttpResponseBadRequest(
                _("cite: there is no source with id “%(value)s”.") % {"value": request.GET[CITE_PARAMETER]}
            )
        return super().changeform_view(request, object_id, form_url, extra_context)


class CitationInline(GenericTabularInline):
    """A record's citations on the record's own page."""

    model = models.Citation
    formset = CitationInlineFormSet
    form = QuoteCheckedForm
    fields = CITATION_FIELDS
    autocomplete_fields = CITATION_AUTOCOMPLETES
    extra = 1
    verbose_name_plural = _("citations: the passages behind this record")


class NestedCitationFormSet(CitationRulesFormSetMixin, OwnRowsGenericInlineFormSet):
    pass


class NestedCitationInline(RememberedAutocompleteMixin, NestedGenericTabularInline):
    """Citations inside a row of the case page (and of the hub itself), so that a fact is
    cited where it is entered."""

    model = models.Citation
    formset = NestedCitationFormSet
    form = QuoteCheckedForm
    fields = CITATION_FIELDS
    autocomplete_fields = CITATION_AUTOCOMPLETES
    verbose_name_plural = _("citations: the passages behind this record")

    def get_extra(self, request, obj=None, **kwargs):
        # One empty citation for a record that has none yet (a new row included), none
        # where the record is cited already: "add another" is one click away.
        if obj is not None and obj.pk is not None:
            return 0 if obj.citations.all() else 1
        return 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        source = cited_source(request) if db_field.name == "source" else None
        if source is not None:
            kwargs["initial"] = source.pk
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class NestedSubjectFormSet(SuggestedSlugFormSetMixin, OwnRowsInlineFormSet):
    pass


class SubjectRecordInline(RememberedAutocompleteMixin, ReadableDateMixin, NestedTabularInline):
    """A subject's events, outcomes or prosecutions, each with its citations. Visibility
    is read-only here: it moves through the workflow actions, which check who may publish."""

    extra = 0
    # Empty rows on a new case's page, so that a first case needs no "add another" click.
    extra_on_new_case = 0
    show_change_link = True
    readonly_fields = ("readable_date", "visibility")
    form = SuggestedSlugForm
    formset = NestedSubjectFormSet
    inlines = (NestedCitationInline,)
    # What each row's name reads (an event names its subject).
    row_select_related = ("person", "cohort")

    def get_extra(self, request, obj=None, **kwargs):
        return self.extra_on_new_case if obj is None else self.extra

    def get_queryset(self, request):
        # Every row's citations (and their sources, which each row names) in one query.
        citations = Prefetch("citations", queryset=models.Citation.objects.select_related("source"))
        return super().get_queryset(request).select_related(*self.row_select_related).prefetch_related(citations)


class EventInline(SubjectRecordInline):
    model = models.Event
    extra_on_new_case = 3
    fields = (
        "slug",
        "type",
        "date",
        "readable_date",
        "country",
        "from_country",
        "to_country",
        "summary",
        "summary_ru",
        "visibility",
    )
    autocomplete_fields = ("country", "from_country", "to_country")


class AsylumOutcomeInline(SubjectRecordInline):
    model = models.AsylumOutcome
    extra_on_new_case = 1
    fields = ("slug", "country", "status", "application_type", "date", "readable_date", "authority", "visibility")
    autocomplete_fields = ("country", "authority")


class ProsecutionInline(SubjectRecordInline):
    model = models.Prosecution
    fk_name = "defendant"
    extra_on_new_case = 1
    row_select_related = ("defendant", "charge")
    fields = ("slug", "charge", "country", "status", "date", "readable_date", "sentence", "sentence_ru", "visibility")
    autocomplete_fields = ("charge", "country")


class PersonEventInline(EventInline):
    fk_name = "person"


class PersonAsylumOutcomeInline(AsylumOutcomeInline):
    fk_name = "person"


class CohortEventInline(EventInline):
    fk_name = "cohort"


class CohortAsylumOutcomeInline(AsylumOutcomeInline):
    fk_name = "cohort"


class CohortMembershipInline(NestedTabularInline):
    model = models.Cohort.members.through
    formset = OwnRowsInlineFormSet
    autocomplete_fields = ("cohort",)
    extra = 0
    verbose_name = _("cohort membership")
    verbose_name_plural = _("cohort memberships")
