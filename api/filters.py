"""Filters for every list, and the strict ordering parameter.

A filter nobody can see working is worse than none: every value is checked, and a value
that cannot be used answers 400 naming the parameter. References to other records are
looked up among *public* records only, so a draft's slug is as unknown as a made-up one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Collection

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.filters import OrderingFilter

from casework.models import (
    AsylumOutcome,
    Charge,
    Citation,
    Cohort,
    Country,
    CountryCondition,
    Event,
    Organization,
    Person,
    Prosecution,
    Source,
    Statistic,
    Withdrawn,
)
from casework.models.identifiers import WIKIDATA_ID_PATTERN
from casework.querysets import time_order
from casework.sync import RESOURCE_NAMES
from casework.vocabularies import (
    ApplicationType,
    AsylumStatus,
    ConditionTopic,
    CountQualifier,
    EventType,
    MilitaryBackground,
    OrganizationKind,
    ProsecutionStatus,
    Reliability,
    Situation,
    StatisticQualifier,
)

YEAR = r"(?:[1-9]\d{3}|0[1-9]\d{2}|00[1-9]\d|000[1-9])"
MONTH = r"(?:0[1-9]|1[0-2])"
PARTIAL_DATE = re.compile(rf"^({YEAR})(?:-({MONTH})(?:-(\d{{2}}))?)?$")
# In the schema: a year, a month, or a real calendar day (format: date), so that every
# value the schema allows is one the filter takes.
PARTIAL_DATE_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": rf"^{YEAR}$"},
        {"type": "string", "pattern": rf"^{YEAR}-{MONTH}$"},
        {"type": "string", "format": "date"},
    ]
}
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


class UnknownReference(APIException):
    """A filter names a record that is not published: 404, like the record's own URL, with
    the parameter in ``attr``. A draft's slug is as unknown as a made-up one."""

    status_code = 404
    default_code = "not_found"


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


class ValuesField(forms.CharField):
    """Comma-separated values (``type=deportation,killing``), each checked on its own: the
    error names every value that cannot be used and says what can."""

    def __init__(self, *, allowed: Callable[[], Collection[str]] | None, pattern: str, advice: str, **kwargs):
        self.allowed, self.pattern, self.advice = allowed, re.compile(pattern), advice
        self.normalise = kwargs.pop("normalise", None) or (lambda value: value)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return []
        values = [self.normalise(part.strip()) for part in value.split(",")]
        if not all(values):
            raise forms.ValidationError("A value between commas is empty.")
        allowed = self.allowed() if self.allowed else None
        wrong = [v for v in values if not self.pattern.match(v) or (allowed is not None and v not in allowed)]
        if wrong:
            # Values go in params: django-filter %-formats the message.
            raise forms.ValidationError(
                "Cannot use %(values)s. %(advice)s",
                code="invalid_choice",
                params={"values": ", ".join(repr(v) for v in wrong), "advice": self.advice},
            )
        return list(dict.fromkeys(values))


class ValuesFilter(django_filters.filters.BaseCSVFilter):
    """Base of the comma-separated filters. It is a BaseCSVFilter so that the schema says
    ``style: form, explode: false`` (one parameter, values joined by commas); the values
    are parsed and checked by :class:`ValuesField` rather than by django-filter's CSV field."""

    field_class = ValuesField

    def __init__(self, *args, item_schema: dict, help_text: str, apply=None, example: str, **kwargs):
        # Skip BaseCSVFilter.__init__, which would wrap field_class in its own CSV field.
        django_filters.Filter.__init__(self, *args, help_text=help_text, **kwargs)
        self.apply = apply
        extend_schema_field({**item_schema, "description": help_text, "x-example": example})(self)

    def filter(self, qs, value):
        if not value:
            return qs
        if self.apply is not None:
            return self.apply(qs, value)
        return qs.filter(**{f"{self.field_name}__in": value})


def _choice_description(help_text: str, choices) -> str:
    return (
        help_text
        + " Several values: separate them with commas.\n\n"
        + "\n".join(f"* `{value}` - {label}" for value, label in choices)
    )


class ChoicesFilter(ValuesFilter):
    """A vocabulary field: ``type=deportation,killing``."""

    def __init__(self, *args, choices, help_text: str, **kwargs):
        values = [value for value, _label in choices]
        super().__init__(
            *args,
            allowed=lambda: values,
            pattern=r"^[-a-z0-9_]+$",
            advice=f"Use one or more of: {', '.join(values)}.",
            item_schema={"type": "string", "enum": values},
            help_text=_choice_description(help_text, choices),
            **kwargs,
        )


COUNTRY_CODES = [code for code, _name in countries]


class CountryFilter(ValuesFilter):
    """Countries by ISO 3166-1 alpha-2 code, any case: ``country=KZ,am``."""

    def __init__(self, *args, help_text: str, **kwargs):
        super().__init__(
            *args,
            allowed=lambda: COUNTRY_CODES,
            pattern=r"^[A-Z]{2}$",
            normalise=str.upper,
            advice="Use ISO 3166-1 alpha-2 country codes, e.g. KZ or FR, separated by commas.",
            item_schema={"type": "string", "enum": COUNTRY_CODES},
            help_text=f"{help_text} Several codes: separate them with commas (KZ,AM).",
            **kwargs,
        )


class PublicSlugFilter(ValuesFilter):
    """Other public records by their slugs: ``person=mikhail-zhilin,alexander``."""

    def __init__(self, *args, model, help_text: str, **kwargs):
        # Not `model`: django-filter sets that to the filtered model.
        self.target = model
        super().__init__(
            *args,
            allowed=None,
            pattern=SLUG_PATTERN,
            advice="Slugs hold letters, digits, - and _ only.",
            item_schema={"type": "string", "pattern": SLUG_PATTERN},
            help_text=f"{help_text} Several: separate the slugs with commas.",
            **kwargs,
        )

    def filter(self, qs, value):
        if not value:
            return qs
        found = list(self.target.objects.public().filter(slug__in=value))
        known = {record.slug for record in found}
        missing = [position for position, slug in enumerate(value, start=1) if slug not in known]
        if missing:
            # The slugs are not echoed: the answer must read the same for a draft's slug as
            # for a made-up one, and a public answer never carries a draft's slug.
            noun = self.target._meta.verbose_name
            where = "this slug" if len(value) == 1 else f"the slug at position {', '.join(map(str, missing))}"
            raise UnknownReference({self.field_name_for_errors: [f"No published {noun} has {where}."]})
        return super().filter(qs, found)

    @property
    def field_name_for_errors(self) -> str:
        # The parameter's name, which may differ from the model field it filters.
        return next(name for name, filter_ in self.parent.filters.items() if filter_ is self)


# Q42 or Q42,Q1: one string with its own pattern rather than an array of IDs, so that
# the schema admits no empty item or list a client could send.
WIKIDATA_IDS_PATTERN = WIKIDATA_ID_PATTERN.removesuffix("$") + "(," + WIKIDATA_ID_PATTERN[1:-1] + ")*$"
WIKIDATA_ID_HELP = "Wikidata item ID, e.g. Q42: the record linked to that item. Several: separate them with commas."


class WikidataIdFilter(django_filters.Filter):
    """Wikidata item IDs: ``wikidata_id=Q42,Q1``."""

    field_class = ValuesField

    def __init__(self, *args, **kwargs):
        super().__init__(
            *args,
            allowed=None,
            pattern=WIKIDATA_ID_PATTERN,
            advice="Use Wikidata item IDs, Q followed by the item's number (Q42), separated by commas.",
            help_text=WIKIDATA_ID_HELP,
            **kwargs,
        )
        extend_schema_field(
            {
                "type": "string",
                "pattern": WIKIDATA_IDS_PATTERN,
                "description": WIKIDATA_ID_HELP,
                "x-example": "Q124386367",
            }
        )(self)

    def filter(self, qs, value):
        return qs.filter(**{f"{self.field_name}__in": value}) if value else qs


DATE_FROM_HELP = (
    "Only records whose date range overlaps the period starting here: YYYY, YYYY-MM or YYYY-MM-DD "
    "(2022 means from 1 January 2022). Records without a date are left out; an open-ended date counts "
    "as reaching on."
)
DATE_TO_HELP = (
    "Only records whose date range overlaps the period ending here: YYYY, YYYY-MM or YYYY-MM-DD "
    "(2022 means up to 31 December 2022). With date_from=2022&date_to=2022: every record that can fall in 2022. "
    "A period that ends before it starts holds no record."
)


def date_filters() -> tuple[DateFromFilter, DateToFilter]:
    def described(description: str, example: str) -> dict:
        return {**PARTIAL_DATE_SCHEMA, "description": description, "example": example}

    return (
        extend_schema_field(described(DATE_FROM_HELP, "2022"))(DateFromFilter(help_text=DATE_FROM_HELP)),
        extend_schema_field(described(DATE_TO_HELP, "2024-10"))(DateToFilter(help_text=DATE_TO_HELP)),
    )


RFC3339 = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})(?:T(?P<time>\d{2}:\d{2})(?::(?P<second>\d{2})(?P<fraction>\.\d+)?)?"
    r"(?P<zone>Z|[+-]\d{2}:\d{2})?)?$"
)


class MomentField(forms.CharField):
    """An ISO 8601 time (2024-10-16T09:00:00Z) or day (2024-10-16, from its start, UTC);
    a time without a zone is UTC."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = RFC3339.match(value.strip().upper())
        if not match:
            raise forms.ValidationError("Use an ISO 8601 time, e.g. 2024-10-16T09:00:00Z, or a day, e.g. 2024-10-16.")
        parts = match.groupdict()
        # A leap second is the last second of its minute here; year 0 is before any record.
        second = min(int(parts["second"] or 0), 59)
        text = f"{parts['date']}T{parts['time'] or '00:00'}:{second:02d}{(parts['fraction'] or '')[:7]}"
        try:
            if parts["date"].startswith("0000"):
                moment = dt.datetime.min.replace(tzinfo=dt.UTC)
            else:
                moment = dt.datetime.fromisoformat(text)
            zone = parts["zone"] or "Z"
            if zone == "Z":
                return moment.replace(tzinfo=dt.UTC)
            sign = 1 if zone[0] == "+" else -1
            offset = dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
            if offset >= dt.timedelta(hours=24):
                raise ValueError("offset out of range")
        except ValueError as exc:
            raise forms.ValidationError("This is not a real time.") from exc
        # In UTC: PostgreSQL takes offsets of at most 15:59, ISO 8601 up to 23:59.
        try:
            return moment.replace(tzinfo=dt.timezone(sign * offset)).astimezone(dt.UTC)
        except OverflowError:
            # Before year 1 or after 9999 once in UTC: the earliest or latest time there is.
            return dt.datetime.min.replace(tzinfo=dt.UTC) if sign > 0 else dt.datetime.max.replace(tzinfo=dt.UTC)


UPDATED_SINCE_HELP = (
    "Only records whose public content changed at or after this time (ISO 8601, e.g. 2024-10-16T09:00:00Z; "
    "a day means from its start, UTC). With /api/v1/withdrawn/?updated_since= the same time gives what left "
    "the public: together they bring a copy up to date."
)


class ChangedSinceFilter(django_filters.Filter):
    field_class = MomentField

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(**{f"{self.field_name}__gte": value})


def updated_since_filter(field_name: str = "public_updated_at") -> ChangedSinceFilter:
    schema = {
        "type": "string",
        "format": "date-time",
        "description": UPDATED_SINCE_HELP,
        "example": "2024-10-16T09:00:00Z",
    }
    return extend_schema_field(schema)(ChangedSinceFilter(field_name=field_name, help_text=UPDATED_SINCE_HELP))


class BaseFilterSet(django_filters.FilterSet):
    def filter_queryset(self, queryset):
        start, end = self.form.cleaned_data.get("date_from"), self.form.cleaned_data.get("date_to")
        if start and end and start[0] > end[1]:
            # A period that ends before it starts: no record can fall in it.
            return queryset.none()
        return super().filter_queryset(queryset)


class SyncedFilterSet(BaseFilterSet):
    updated_since = updated_since_filter()


COUNTRY_HELP = "ISO 3166-1 alpha-2 code, any case (KZ, fr)."


def _person_or_their_cohorts(queryset, persons):
    # A subquery rather than a join through the members, which would repeat a record
    # once per member named.
    return queryset.filter(Q(person__in=persons) | Q(cohort__in=Cohort.objects.filter(members__in=persons)))


class PersonFilter(SyncedFilterSet):
    citizenship = CountryFilter(help_text=f"Citizenship: {COUNTRY_HELP}", example="RU")
    military_background = ChoicesFilter(
        choices=MilitaryBackground.choices,
        help_text="Military background as the sources describe it.",
        example="pilot,officer",
    )
    situation = ChoicesFilter(
        choices=Situation.choices, help_text="Where the person stands now.", example="deported,killed"
    )
    cohort = PublicSlugFilter(
        model=Cohort,
        apply=lambda qs, cohorts: qs.filter(pk__in=Person.objects.filter(cohorts__in=cohorts).values("pk")),
        help_text="Slug of a cohort: only its known members.",
        example="six-russian-soldiers-france-2024",
    )
    wikidata_id = WikidataIdFilter()

    class Meta:
        model = Person
        fields = ["citizenship", "military_background", "situation", "cohort", "wikidata_id"]


class CohortFilter(SyncedFilterSet):
    person = PublicSlugFilter(
        model=Person,
        apply=lambda qs, persons: qs.filter(pk__in=Cohort.objects.filter(members__in=persons).values("pk")),
        help_text="Slug of a person: only cohorts they belong to.",
        example="mikhail-zhilin",
    )

    class Meta:
        model = Cohort
        fields = ["person"]


class CountryListFilter(BaseFilterSet):
    class Meta:
        model = Country
        fields = []


class OrganizationFilter(SyncedFilterSet):
    country = CountryFilter(help_text=f"Where it is based or whose state it belongs to: {COUNTRY_HELP}", example="FR")
    kind = ChoicesFilter(choices=OrganizationKind.choices, help_text="Kind of organization.", example="ngo,media")
    wikidata_id = WikidataIdFilter()

    class Meta:
        model = Organization
        fields = ["country", "kind", "wikidata_id"]


def _in_countries(queryset, codes):
    return queryset.filter(Q(country__in=codes) | Q(from_country__in=codes) | Q(to_country__in=codes))


class EventFilter(SyncedFilterSet):
    country = CountryFilter(
        apply=_in_countries,
        help_text=f"Events in, from or to this country: {COUNTRY_HELP} Use from_country or to_country to be precise.",
        example="KZ,AM",
    )
    from_country = CountryFilter(help_text=f"Movements out of this country: {COUNTRY_HELP}", example="RU")
    to_country = CountryFilter(help_text=f"Movements into this country: {COUNTRY_HELP}", example="KZ")
    type = ChoicesFilter(choices=EventType.choices, help_text="What happened.", example="deportation,killing")
    person = PublicSlugFilter(
        model=Person,
        apply=_person_or_their_cohorts,
        help_text="Slug of a person: their own events and those of the cohorts they belong to.",
        example="mikhail-zhilin",
    )
    cohort = PublicSlugFilter(
        model=Cohort,
        help_text="Slug of a cohort: events of the cohort as a group.",
        example="six-russian-soldiers-france-2024",
    )
    organization = PublicSlugFilter(
        model=Organization,
        apply=lambda qs, organizations: qs.filter(
            pk__in=Event.objects.filter(organizations__in=organizations).values("pk")
        ),
        help_text="Slug of an organization involved.",
        example="go-by-the-forest",
    )
    date_from, date_to = date_filters()

    class Meta:
        model = Event
        fields = ["country", "from_country", "to_country", "type", "person", "cohort", "organization"]


class AsylumOutcomeFilter(SyncedFilterSet):
    country = CountryFilter(help_text=f"Host country that decided or granted it: {COUNTRY_HELP}", example="FR")
    status = ChoicesFilter(
        choices=AsylumStatus.choices, help_text="Decision or status (after UNHCR).", example="refugee_status,rejected"
    )
    application_type = ChoicesFilter(choices=ApplicationType.choices, help_text="Kind of application.", example="new")
    person = PublicSlugFilter(
        model=Person,
        apply=_person_or_their_cohorts,
        help_text="Slug of a person: their own outcomes and those of the cohorts they belong to.",
        example="mikhail-zhilin",
    )
    cohort = PublicSlugFilter(
        model=Cohort,
        help_text="Slug of a cohort: outcomes of the cohort as a group.",
        example="six-russian-soldiers-france-2024",
    )
    organization = PublicSlugFilter(
        model=Organization,
        field_name="authority",
        help_text="Slug of the authority that decided.",
        example="french-authorities",
    )
    date_from, date_to = date_filters()

    class Meta:
        model = AsylumOutcome
        fields = ["country", "status", "application_type", "person", "cohort", "organization"]


class ChargeFilter(SyncedFilterSet):
    country = CountryFilter(help_text=f"Country whose law it is: {COUNTRY_HELP}", example="RU")

    class Meta:
        model = Charge
        fields = ["country"]


class ProsecutionFilter(SyncedFilterSet):
    country = CountryFilter(help_text=f"Prosecuting country: {COUNTRY_HELP}", example="RU")
    status = ChoicesFilter(
        choices=ProsecutionStatus.choices, help_text="Stage of the case.", example="convicted,in_absentia"
    )
    charge = PublicSlugFilter(
        model=Charge, help_text="Slug of the charge, e.g. russia-desertion.", example="russia-desertion"
    )
    person = PublicSlugFilter(
        model=Person, field_name="defendant", help_text="Slug of the defendant.", example="mikhail-zhilin"
    )
    organization = PublicSlugFilter(
        model=Organization,
        field_name="reported_by",
        help_text="Slug of the organization that counted or reported.",
        example="mediazona",
    )
    count_qualifier = ChoicesFilter(
        choices=CountQualifier.choices, help_text="How exact the case count is.", example="exact,at_least"
    )
    date_from, date_to = date_filters()

    class Meta:
        model = Prosecution
        fields = ["country", "status", "charge", "person", "organization", "count_qualifier"]


class StatisticFilter(SyncedFilterSet):
    country = CountryFilter(help_text=f"Country the figure is about: {COUNTRY_HELP}", example="RU")
    organization = PublicSlugFilter(
        model=Organization,
        field_name="reported_by",
        help_text="Slug of the organization that reported it.",
        example="mediazona",
    )
    qualifier = ChoicesFilter(choices=StatisticQualifier.choices, help_text="How exact the figure is.", example="range")
    date_from, date_to = date_filters()

    class Meta:
        model = Statistic
        fields = ["country", "organization", "qualifier"]


class CountryConditionFilter(SyncedFilterSet):
    country = CountryFilter(
        help_text=f"Country whose treatment of deserters it describes: {COUNTRY_HELP}", example="AM"
    )
    topic = ChoicesFilter(
        choices=ConditionTopic.choices, help_text="What it is about.", example="entry_rules,deportation_risk"
    )
    date_from, date_to = date_filters()

    class Meta:
        model = CountryCondition
        fields = ["country", "topic"]


class SourceFilter(SyncedFilterSet):
    reliability = ChoicesFilter(
        choices=Reliability.choices, help_text="HURIDOCS reliability scale.", example="highly_reliable"
    )
    date_from, date_to = date_filters()

    class Meta:
        model = Source
        fields = ["reliability"]


def _citing_records(queryset, slugs):
    """Citations of the public records, of any type, that have one of these slugs."""
    from casework.models import CITABLE_MODELS

    condition = Q(pk__in=[])
    for model in CITABLE_MODELS:
        condition |= Q(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=model.objects.public().filter(slug__in=slugs).values("pk"),
        )
    return queryset.filter(condition)


def _of_record_types(queryset, resources):
    names = {name: model for model, name in RESOURCE_NAMES.items()}
    types = [ContentType.objects.get_for_model(names[resource]) for resource in resources]
    return queryset.filter(content_type__in=types)


class CitationFilter(BaseFilterSet):
    source = PublicSlugFilter(model=Source, help_text="Slug of the source quoted.", example="mediazona-2024")
    record_type = ChoicesFilter(
        choices=[(name, name) for model, name in RESOURCE_NAMES.items() if model is not Source],
        apply=_of_record_types,
        help_text="The API resource of the record the citation backs.",
        example="events,asylum-outcomes",
    )
    record = ValuesFilter(
        allowed=None,
        pattern=SLUG_PATTERN,
        advice="Slugs hold letters, digits, - and _ only.",
        item_schema={"type": "string", "pattern": SLUG_PATTERN},
        apply=_citing_records,
        help_text=(
            "Slug of the record the citation backs (with record_type when two types share a slug). "
            "Several: separate the slugs with commas."
        ),
        example="mikhail-zhilin",
    )

    class Meta:
        model = Citation
        fields = ["source", "record_type", "record"]


class WithdrawnFilter(BaseFilterSet):
    updated_since = updated_since_filter("withdrawn_at")
    resource = ChoicesFilter(
        choices=[(name, name) for name in RESOURCE_NAMES.values()],
        help_text="The API resource the record was listed in.",
        example="persons,events",
    )

    class Meta:
        model = Withdrawn
        fields = ["updated_since", "resource"]


# `ordering=date` is the time order every page uses (DatedQuerySet); other fields sort
# with empty values last on every database.
ORDERING_ALIASES = {"date": time_order}


class StrictOrderingFilter(OrderingFilter):
    """``?ordering=``: listed fields only; anything else is a 400, not silently ignored."""

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        if raw is None:
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
                expressions += ORDERING_ALIASES[name](queryset.model, descending=descending)
            else:
                expressions.append(F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True))
        # pk breaks ties so that pages never overlap or skip a record.
        return queryset.order_by(*expressions, "pk")

    def get_schema_operation_parameters(self, view):
        valid = self.valid_terms(view)
        if not valid:
            return []
        term = f"-?(?:{'|'.join(map(re.escape, valid))})"
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": (
                    f"Sort by one or more of: {', '.join(valid)} (comma-separated; prefix - to reverse). "
                    "`date` sorts in the time order of the site: by the first day the date can mean (an open start "
                    "by its end, ahead of the records dated then), undated events where editors placed them, "
                    "ties by the editors' sequence, then by slug. Empty values sort last."
                ),
                "schema": {"type": "string", "pattern": f"^{term}(?:,{term})*$"},
                "example": f"-{valid[0]},{valid[-1]}" if len(valid) > 1 else valid[0],
            }
        ]
