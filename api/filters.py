"""Filters for every list, and the strict ordering parameter.

A filter nobody can see working is worse than none: every value is checked, and a value
that cannot be used answers 400 naming the parameter. References to other records are
looked up among *public* records only, so a draft's slug is as unknown as a made-up one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

import django_filters
from django import forms
from django.db.models import F, Q
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from casework.models import (
    AsylumOutcome,
    Charge,
    Cohort,
    Country,
    Event,
    Organization,
    Person,
    Prosecution,
    Source,
    Statistic,
)
from casework.querysets import time_order
from casework.vocabularies import (
    ApplicationType,
    AsylumStatus,
    CountQualifier,
    EventType,
    MilitaryBackground,
    OrganizationKind,
    ProsecutionStatus,
    Reliability,
    Situation,
    StatisticQualifier,
)

PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PARTIAL_DATE_PATTERN = PARTIAL_DATE.pattern


class PartialDateField(forms.CharField):
    """YYYY, YYYY-MM or YYYY-MM-DD, cleaned to the first and last day it covers."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = PARTIAL_DATE.match(value)
        if not match:
            raise forms.ValidationError("Use YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022, 2022-12 or 2022-12-31.")
        year, month, day = (int(part) if part else None for part in match.groups())
        try:
            if day is not None:
                first = last = dt.date(year, month, day)
            elif month is not None:
                first = dt.date(year, month, 1)
                last = dt.date(year, month, calendar.monthrange(year, month)[1])
            else:
                first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        except ValueError as exc:
            raise forms.ValidationError("This is not a real calendar date.") from exc
        return first, last


class DateFromFilter(django_filters.Filter):
    """Records whose date range reaches into or past the start of the given period.

    An empty ``date_latest`` on a dated record is an open end ("from 2023 on") and
    reaches every later day; a record with no date at all matches no date filter."""

    field_class = PartialDateField

    def filter(self, qs, value):
        if value is None:
            return qs
        first, _last = value
        return qs.overlapping(first=first)


class DateToFilter(django_filters.Filter):
    """Records whose date range starts on or before the end of the given period."""

    field_class = PartialDateField

    def filter(self, qs, value):
        if value is None:
            return qs
        _first, last = value
        return qs.overlapping(last=last)


class CountryCodeField(forms.ModelChoiceField):
    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().upper()
        return super().to_python(value)


class CountryFilter(django_filters.ModelChoiceFilter):
    field_class = CountryCodeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Country.objects.all())
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault(
            "error_messages", {"invalid_choice": "Use an ISO 3166-1 alpha-2 country code, e.g. KZ or FR."}
        )
        super().__init__(*args, **kwargs)


class PublicSlugFilter(django_filters.ModelChoiceFilter):
    """A reference to another public record by its slug."""

    def __init__(self, *args, model, **kwargs):
        kwargs["queryset"] = model.objects.public()
        kwargs.setdefault("to_field_name", "slug")
        noun = model._meta.verbose_name
        kwargs.setdefault("error_messages", {"invalid_choice": f"No published {noun} has this slug."})
        super().__init__(*args, **kwargs)


DATE_FROM_HELP = (
    "Only records whose date range overlaps the period starting here: YYYY, YYYY-MM or YYYY-MM-DD "
    "(2022 means from 1 January 2022). Records without a date are left out; an open-ended date counts "
    "as reaching on."
)
DATE_TO_HELP = (
    "Only records whose date range overlaps the period ending here: YYYY, YYYY-MM or YYYY-MM-DD "
    "(2022 means up to 31 December 2022). With date_from=2022&date_to=2022: every record that can fall in 2022."
)


def date_filters() -> tuple[DateFromFilter, DateToFilter]:
    def described(description: str) -> dict:
        return {"type": "string", "pattern": PARTIAL_DATE_PATTERN, "description": description}

    return (
        extend_schema_field(described(DATE_FROM_HELP))(DateFromFilter(help_text=DATE_FROM_HELP)),
        extend_schema_field(described(DATE_TO_HELP))(DateToFilter(help_text=DATE_TO_HELP)),
    )


class DateRangeForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start[0] > end[1]:
            self.add_error("date_to", "date_to ends before date_from starts.")
        return cleaned


class BaseFilterSet(django_filters.FilterSet):
    class Meta:
        form = DateRangeForm


COUNTRY_HELP = "ISO 3166-1 alpha-2 code, any case (KZ, fr)."


class PersonFilter(BaseFilterSet):
    citizenship = CountryFilter(help_text=f"Citizenship: {COUNTRY_HELP}")
    military_background = django_filters.ChoiceFilter(
        choices=MilitaryBackground.choices, help_text="Military background as the sources describe it."
    )
    situation = django_filters.ChoiceFilter(choices=Situation.choices, help_text="Where the person stands now.")
    cohort = PublicSlugFilter(model=Cohort, field_name="cohorts", help_text="Slug of a cohort: only its known members.")

    class Meta(BaseFilterSet.Meta):
        model = Person
        fields = ["citizenship", "military_background", "situation", "cohort"]


class CohortFilter(BaseFilterSet):
    person = PublicSlugFilter(
        model=Person, field_name="members", help_text="Slug of a person: only cohorts they belong to."
    )

    class Meta(BaseFilterSet.Meta):
        model = Cohort
        fields = ["person"]


class CountryListFilter(BaseFilterSet):
    class Meta(BaseFilterSet.Meta):
        model = Country
        fields = []


class OrganizationFilter(BaseFilterSet):
    country = CountryFilter(help_text=f"Where it is based or whose state it belongs to: {COUNTRY_HELP}")
    kind = django_filters.ChoiceFilter(choices=OrganizationKind.choices, help_text="Kind of organization.")

    class Meta(BaseFilterSet.Meta):
        model = Organization
        fields = ["country", "kind"]


def _person_or_their_cohorts(queryset, name, value):
    return queryset.filter(Q(person=value) | Q(cohort__members=value))


class EventFilter(BaseFilterSet):
    country = CountryFilter(
        method="filter_country",
        help_text=f"Events in, from or to this country: {COUNTRY_HELP} Use from_country or to_country to be precise.",
    )
    from_country = CountryFilter(help_text=f"Movements out of this country: {COUNTRY_HELP}")
    to_country = CountryFilter(help_text=f"Movements into this country: {COUNTRY_HELP}")
    type = django_filters.ChoiceFilter(choices=EventType.choices, help_text="What happened.")
    person = PublicSlugFilter(
        model=Person,
        method=_person_or_their_cohorts,
        help_text="Slug of a person: their own events and those of the cohorts they belong to.",
    )
    cohort = PublicSlugFilter(model=Cohort, help_text="Slug of a cohort: events of the cohort as a group.")
    organization = PublicSlugFilter(
        model=Organization, field_name="organizations", help_text="Slug of an organization involved."
    )
    date_from, date_to = date_filters()

    class Meta(BaseFilterSet.Meta):
        model = Event
        fields = ["country", "from_country", "to_country", "type", "person", "cohort", "organization"]

    def filter_country(self, queryset, name, value):
        return queryset.in_country(value.code)


class AsylumOutcomeFilter(BaseFilterSet):
    country = CountryFilter(help_text=f"Host country that decided or granted it: {COUNTRY_HELP}")
    status = django_filters.ChoiceFilter(choices=AsylumStatus.choices, help_text="Decision or status (after UNHCR).")
    application_type = django_filters.ChoiceFilter(choices=ApplicationType.choices, help_text="Kind of application.")
    person = PublicSlugFilter(
        model=Person,
        method=_person_or_their_cohorts,
        help_text="Slug of a person: their own outcomes and those of the cohorts they belong to.",
    )
    cohort = PublicSlugFilter(model=Cohort, help_text="Slug of a cohort: outcomes of the cohort as a group.")
    organization = PublicSlugFilter(
        model=Organization, field_name="authority", help_text="Slug of the authority that decided."
    )
    date_from, date_to = date_filters()

    class Meta(BaseFilterSet.Meta):
        model = AsylumOutcome
        fields = ["country", "status", "application_type", "person", "cohort", "organization"]


class ChargeFilter(BaseFilterSet):
    country = CountryFilter(help_text=f"Country whose law it is: {COUNTRY_HELP}")

    class Meta(BaseFilterSet.Meta):
        model = Charge
        fields = ["country"]


class ProsecutionFilter(BaseFilterSet):
    country = CountryFilter(help_text=f"Prosecuting country: {COUNTRY_HELP}")
    status = django_filters.ChoiceFilter(choices=ProsecutionStatus.choices, help_text="Stage of the case.")
    charge = PublicSlugFilter(model=Charge, help_text="Slug of the charge, e.g. russia-desertion.")
    person = PublicSlugFilter(model=Person, field_name="defendant", help_text="Slug of the defendant.")
    organization = PublicSlugFilter(
        model=Organization, field_name="reported_by", help_text="Slug of the organization that counted or reported."
    )
    count_qualifier = django_filters.ChoiceFilter(
        choices=CountQualifier.choices, help_text="How exact the case count is."
    )
    date_from, date_to = date_filters()

    class Meta(BaseFilterSet.Meta):
        model = Prosecution
        fields = ["country", "status", "charge", "person", "organization", "count_qualifier"]


class StatisticFilter(BaseFilterSet):
    country = CountryFilter(help_text=f"Country the figure is about: {COUNTRY_HELP}")
    organization = PublicSlugFilter(
        model=Organization, field_name="reported_by", help_text="Slug of the organization that reported it."
    )
    qualifier = django_filters.ChoiceFilter(choices=StatisticQualifier.choices, help_text="How exact the figure is.")
    date_from, date_to = date_filters()

    class Meta(BaseFilterSet.Meta):
        model = Statistic
        fields = ["country", "organization", "qualifier"]


class SourceFilter(BaseFilterSet):
    reliability = django_filters.ChoiceFilter(choices=Reliability.choices, help_text="HURIDOCS reliability scale.")
    date_from, date_to = date_filters()

    class Meta(BaseFilterSet.Meta):
        model = Source
        fields = ["reliability"]


# `ordering=date` is the time order every page uses (DatedQuerySet); other fields sort
# with empty values last on every database.
ORDERING_ALIASES = {"date": time_order}


class StrictOrderingFilter(OrderingFilter):
    """``?ordering=``: listed fields only; anything else is a 400, not silently ignored."""

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        if raw is None or not raw.strip():
            return self.get_default_ordering(view)
        terms = [term.strip() for term in raw.split(",")]
        valid = self.valid_terms(view)
        wrong = [term for term in terms if term.removeprefix("-") not in valid]
        if wrong:
            raise ValidationError(
                {
                    self.ordering_param: [
                        f"Cannot order by {', '.join(repr(term) for term in wrong)}. "
                        f"Use one or more of {', '.join(valid)}, separated by commas; prefix - to reverse."
                    ]
                }
            )
        return terms

    def valid_terms(self, view) -> list[str]:
        return list(getattr(view, "ordering_fields", None) or ())

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        expressions = []
        for term in ordering:
            descending = term.startswith("-")
            name = term.removeprefix("-")
            if name in ORDERING_ALIASES:
                expressions += ORDERING_ALIASES[name](descending=descending)
            else:
                expressions.append(F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True))
        # pk breaks ties so that pages never overlap or skip a record.
        return queryset.order_by(*expressions, "pk")

    def get_schema_operation_parameters(self, view):
        valid = self.valid_terms(view)
        if not valid:
            return []
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": (
                    f"Sort by one or more of: {', '.join(valid)} (comma-separated; prefix - to reverse). "
                    "`date` sorts chronologically by the first day the date can mean. Empty values sort last."
                ),
                "schema": {"type": "string"},
            }
        ]
