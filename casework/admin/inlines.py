"""Inlines: the records an editor enters on a person's or cohort's page, and citations."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext_lazy as _

from casework import models
from casework.admin.base import ReadableDateMixin
from casework.admin.citations import CitationInlineFormSet, QuoteCheckedForm
from casework.admin.slugs import SuggestedSlugForm, SuggestedSlugFormSet


class CitationInline(GenericTabularInline):
    model = models.Citation
    formset = CitationInlineFormSet
    form = QuoteCheckedForm
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
    form = SuggestedSlugForm
    formset = SuggestedSlugFormSet


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
