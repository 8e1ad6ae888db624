"""Reads that span models, shared by every public surface.

The pages, the API, the feed and the sitemap call these functions, so that each shows
the same records in the same order: a person's case, a cohort's case, a country's
records, the case list, the newest cases and the citations behind any set of records.
Each reads through the models' ``public()`` querysets only; views and viewsets keep
request and response work (parameters, 404s, rendering).
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db import connection, models
from django.db.models import Count, F, Prefetch, Q, Value
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from casework.models import (
    AsylumOutcome,
    Charge,
    Citation,
    Cohort,
    Country,
    CountryCondition,
    Event,
    EventOrganization,
    Organization,
    Person,
    Prosecution,
    Source,
    Statistic,
)
from casework.public_cache import cached, cached_for_query
from casework.search import search
from casework.vocabularies import ASYLUM_DECISIONS, EventType, Visibility

# --- citations -----------------------------------------------------------------------


def citations_by_record(
    records: Iterable[models.Model], *, preview: bool = False
) -> dict[tuple[int, int], list[Citation]]:
    """The public citations of ``records`` (of any types), keyed by (content type id, pk),
    each list in the order the citations were entered. One query however many records.
    For a staff preview, every citation: publishing a record publishes its sources."""
    records = list(records)
    by_record: dict[tuple[int, int], list[Citation]] = defaultdict(list)
    if not records:
        return by_record
    # A staff preview shows the citations publishing would show, drafts included.
    visible = Citation.objects.all().of_records(records) if preview else Citation.objects.public(records=records)
    citations = visible.select_related("source", *claimant_joins()).order_by("pk")
    for citation in citations:
        by_record[(citation.content_type_id, citation.object_id)].append(citation)
    return by_record


def claimant_joins() -> tuple[str, ...]:
    """Who a citation says makes the claim, joined to it: the organization, the speaker and
    theirs. Pages and the API name an organization only if it is public (row_is_public)."""
    return ("claimant_organization", "speaker__organization")


def cited_records() -> GenericPrefetch:
    """Each citation's record, for ``prefetch_related()``: a person without their
    restricted fields, as every public join reads one (querysets.WithoutRestrictedJoins)."""
    from casework.models import CITABLE_MODELS, RESTRICTED_PERSON_FIELDS

    return GenericPrefetch(
        "record",
        [
            model.objects.defer(*RESTRICTED_PERSON_FIELDS) if model is Person else model.objects.all()
            for model in CITABLE_MODELS
        ],
    )


def record_key(record: models.Model) -> tuple[int, int]:
    """The key of ``citations_by_record`` for one record."""
    return ContentType.objects.get_for_model(record).pk, record.pk


def attach_citations(records: list[models.Model]) -> list[models.Model]:
    """Give each record its public citations as ``public_citations``; returns ``records``."""
    by_record = citations_by_record(records)
    for record in records:
        record.public_citations = by_record.get(record_key(record), [])
    return records


def source_citations(source: Source) -> list[Citation]:
    """The public citations quoting ``source``, each with the public record it backs."""
    # The records it backs, by key first, so that the rule checks those rows only.
    quoted = Citation.objects.filter(source=source).values_list("content_type_id", "object_id")
    records = [
        ContentType.objects.get_for_id(content_type_id).model_class()(pk=object_id)
        for content_type_id, object_id in quoted
    ]
    return list(
        Citation.objects.public(records=records)
        .filter(source=source)
        .select_related("content_type")
        .prefetch_related(
            GenericPrefetch(
                "record",
                [
                    Person.objects.public(),
                    Cohort.objects.public(),
                    Organization.objects.public(),
                    Event.objects.public().select_related("person", "cohort"),
                    AsylumOutcome.objects.public().select_related("person", "cohort"),
                    Charge.objects.public(),
                    Prosecution.objects.public().select_related("defendant", "charge"),
                    Statistic.objects.public(),
                    CountryCondition.objects.public().select_related("country"),
                ],
            )
        )
        .order_by("pk")
    )


# --- one case --------------------------------------------------------------------------


def organizations_prefetch() -> Prefetch:
    """An event's links to public organizations, each with its role and certainty (a draft
    organization never shows through one)."""
    return Prefetch(
        "organization_links",
        queryset=EventOrganization.objects.filter(organization__in=Organization.objects.public())
        .select_related("organization")
        .order_by("organization__slug"),
    )


def _visible(model: type[models.Model], preview: bool) -> models.QuerySet:
    """``public()``, or for a staff preview what publishing the subject would make public:
    the records already published and those in review (drafts stay behind)."""
    if preview:
        return model.objects.filter(visibility__in=[Visibility.PUBLISHED, Visibility.REVIEW])
    return model.objects.public()


def _events(preview: bool = False) -> models.QuerySet:
    return (
        _visible(Event, preview)
        .select_related("person", "cohort", "country", "from_country", "to_country")
        .prefetch_related(organizations_prefetch())
    )


def _outcomes(preview: bool = False) -> models.QuerySet:
    return _visible(AsylumOutcome, preview).select_related("person", "cohort", "country", "authority")


def _prosecutions(preview: bool = False) -> models.QuerySet:
    return _visible(Prosecution, preview).select_related("defendant", "charge", "country", "reported_by")


@dataclass
class PersonCase:
    """Everything public about one person. The records of the cohorts they belong to
    concern them too and are part of their case, in the same time order."""

    person: Person
    cohorts: list[Cohort]
    events: list[Event]
    outcomes: list[AsylumOutcome]
    prosecutions: list[Prosecution]


def person_case(person: Person, *, preview: bool = False) -> PersonCase:
    """The case of a person already read through ``Person.objects.public()`` (or, for a
    staff preview, of any person, as publishing them would show it)."""
    # A draft cohort's records are not public, so its public cohorts are all that count.
    cohorts = list(_visible(Cohort, preview).filter(members=person).order_by("name", "slug"))
    return PersonCase(
        person=person,
        cohorts=cohorts,
        events=list(_events(preview).for_person(person, cohorts=cohorts).chronological()),
        outcomes=list(_outcomes(preview).for_person(person, cohorts=cohorts).chronological()),
        prosecutions=list(_prosecutions(preview).filter(defendant=person).chronological()),
    )


@dataclass
class CohortCase:
    cohort: Cohort
    members: list[Person]
    events: list[Event]
    outcomes: list[AsylumOutcome]

    @property
    def unnamed(self) -> int:
        """How many of the people the source counts it does not name."""
        return max(self.cohort.size - len(self.members), 0)


def cohort_case(cohort: Cohort, *, preview: bool = False) -> CohortCase:
    members = _visible(Person, preview).filter(cohorts=cohort) if preview else cohort.members.public()
    return CohortCase(
        cohort=cohort,
        members=list(members.select_related("citizenship").order_by("display_name", "slug")),
        events=list(_events(preview).filter(cohort=cohort).chronological()),
        outcomes=list(_outcomes(preview).filter(cohort=cohort).chronological()),
    )


# A country's page shows the latest records of each kind; past that the API pages
# through them all (a transit country holds thousands of events at 100,000 persons).
# 25, not more: rendering 100 of each with their footnotes took most of a second.
COUNTRY_RECORDS_SHOWN = 25


@dataclass
class CountryRecords:
    country: Country
    # What the sources say about the country's treatment of deserters, by topic: few per
    # country, so all of them.
    conditions: list[CountryCondition]
    events: list[Event]
    outcomes: list[AsylumOutcome]
    prosecutions: list[Prosecution]
    # How many public records of each kind there are, shown or not.
    totals: dict[str, int] = dataclass_field(default_factory=dict)

    @property
    def truncated(self) -> bool:
        return any(total > len(getattr(self, kind)) for kind, total in self.totals.items())

    @property
    def deportations(self) -> list[Event]:
        """Deportations out of this country (or in it, when the source names no origin)."""
        code = self.country.code
        return [
            event
            for event in self.events
            if event.type == EventType.DEPORTATION
            and (event.from_country_id == code or (event.from_country_id is None and event.country_id == code))
        ]

    @property
    def subjects(self) -> list[Person | Cohort]:
        """The persons and cohorts whose records name this country, by name."""
        found: dict[tuple[str, int], Person | Cohort] = {}
        for record in [*self.events, *self.outcomes]:
            found.setdefault((type(record.subject).__name__, record.subject.pk), record.subject)
        return sorted(found.values(), key=str)


def _latest(queryset: models.QuerySet, limit: int) -> list:
    """The latest ``limit`` records of ``queryset``, in time order."""
    latest = queryset.chronological(descending=True).values("pk")[:limit]
    return list(queryset.filter(pk__in=latest).chronological())


def country_records(country: Country) -> CountryRecords:
    limit = COUNTRY_RECORDS_SHOWN
    found = {
        "events": _events().in_country(country.code),
        "outcomes": _outcomes().in_country(country.code),
        "prosecutions": _prosecutions().in_country(country.code),
    }
    return CountryRecords(
        country=country,
        conditions=CountryCondition.objects.public().in_country(country.code).by_topic(),
        **{kind: _latest(queryset, limit) for kind, queryset in found.items()},
        # Counted through the visibility rule, thousands of rows: once per version.
        totals={
            kind: cached_for_query("country-total", queryset, models.QuerySet.count, empty=0)
            for kind, queryset in found.items()
        },
    )


# --- lists of cases ------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseRow:
    """One line of a case list: a person or a cohort."""

    kind: str  # "person" or "cohort"
    pk: int
    name: str


def cases_matching(
    *, q: str = "", country: str = "", outcome: str = "", year: int | None = None, background: str = ""
) -> tuple[models.QuerySet, models.QuerySet]:
    """Published persons and published cohorts matching the case list's filters.

    A person matches through their own records and through the cohorts they belong to.
    Search covers public fields only, so that a restricted field (a legal name, a
    location) cannot be probed by searching for it.
    """
    persons = Person.objects.public()
    cohorts = Cohort.objects.public()
    if q:
        persons, cohorts = search(persons, q), search(cohorts, q)

    # Each filter on records narrows the subjects to those the matching records concern.
    record_filters: list[tuple[models.QuerySet, models.QuerySet]] = []
    if country:
        record_filters.append(
            (Event.objects.public().in_country(country), AsylumOutcome.objects.public().in_country(country))
        )
    if outcome:
        record_filters.append((Event.objects.none(), AsylumOutcome.objects.public().filter(status=outcome)))
    if year:
        record_filters.append((Event.objects.public().in_year(year), AsylumOutcome.objects.public().in_year(year)))
    for events, outcomes in record_filters:
        cohort_ids = (
            Cohort.objects.public()
            .filter(Q(pk__in=events.values("cohort")) | Q(pk__in=outcomes.values("cohort")))
            .values("pk")
        )
        # Subqueries only, no join: a join through the memberships needs DISTINCT, which
        # sorts every matching person before the page can be read.
        members = Cohort.members.through.objects.filter(cohort__in=cohort_ids).values("person")
        persons = persons.filter(
            Q(pk__in=events.values("person")) | Q(pk__in=outcomes.values("person")) | Q(pk__in=members)
        )
        cohorts = cohorts.filter(pk__in=cohort_ids)

    if background:
        persons = persons.filter(military_background=background)
        # A cohort has no one background of its own; the sources describe it in words.
        cohorts = cohorts.none()
    return persons, cohorts


class CaseRows:
    """Persons and cohorts as one list by name, case-insensitively (the case list's
    order), read from the database a page at a time. A Paginator counts it with
    ``count()`` and takes a page by slicing it: one UNION query for the page, instead of
    every case fetched and sorted in Python."""

    def __init__(self, persons: models.QuerySet, cohorts: models.QuerySet) -> None:
        self.persons, self.cohorts = persons, cohorts

    def count(self) -> int:
        return self.persons.count() + self.cohorts.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[CaseRow]:
        start, stop = index.start or 0, index.stop
        sides = [
            (queryset, field, kind)
            for queryset, field, kind in ((self.persons, "display_name", "person"), (self.cohorts, "name", "cohort"))
            # A filter that rules a whole side out (none()) leaves it out of the UNION.
            if not queryset.query.is_empty()
        ]
        if not sides or (stop is not None and stop <= start):
            return []
        if len(sides) == 1:
            rows = self._side(*sides[0]).order_by("folded", "kind", "id")[start:stop]
        else:
            first, second = (self._side(*side, stop=stop) for side in sides)
            rows = first.union(second, all=True).order_by("folded", "kind", "id")[start:stop]
        return [CaseRow(kind, pk, label) for _folded, kind, pk, label in rows]

    @staticmethod
    def _side(queryset: models.QuerySet, field: str, kind: str, stop: int | None = None) -> models.QuerySet:
        side = (
            queryset.order_by()
            .annotate(folded=Lower(field), kind=Value(kind, output_field=models.CharField()), label=F(field))
            .values_list("folded", "kind", "id", "label")
        )
        if stop is not None and connection.features.supports_slicing_ordering_in_compound:
            # Each side reads no further than the page ends, in the order of its index.
            side = side.order_by("folded", "id")[:stop]
        return side


def case_rows(persons: models.QuerySet, cohorts: models.QuerySet) -> CaseRows:
    """Persons and cohorts as one list, by name (the case list's order)."""
    return CaseRows(persons, cohorts)


# The case list's filters that reach through the subjects' events and outcomes.
RECORD_FILTERS = ("country", "outcome", "year")


class KeyedCaseRows:
    """A filtered case list as the keys of its rows, in order: what ``CaseRows`` slices,
    read once. Persons are stored as their key, cohorts as its negative: a compact
    array, not a list of objects, since a year matches tens of thousands of cases."""

    def __init__(self, keys: array) -> None:
        self.keys = keys

    def count(self) -> int:
        return len(self.keys)

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, index: slice) -> list[CaseRow]:
        # The name is left empty: cases_fetch() reads the records by kind and key.
        return [CaseRow("person", key, "") if key > 0 else CaseRow("cohort", -key, "") for key in self.keys[index]]


def case_list(**filters) -> CaseRows | KeyedCaseRows:
    """The case list for the filters of ``cases_matching``, for a Paginator.

    Without a filter on records, each page is read from the name indexes (``CaseRows``).
    A filter on records (country, outcome, year) needs every public event and outcome
    of that country or year, through the visibility rule, for the count and for each
    side of the page: seconds at 100,000 persons. So its rows are read once per version
    of the public records (``casework.public_cache``: every write bumps it in the
    writer's transaction) and each page is a slice of them. They are read through
    ``cases_matching``, that is through ``public()``; a change to any record is seen at
    once, and a draft never enters the list.
    """
    persons, cohorts = cases_matching(**filters)
    if not any(filters.get(name) for name in RECORD_FILTERS):
        return case_rows(persons, cohorts)
    key = hashlib.sha256(json.dumps(filters, sort_keys=True, default=str).encode()).hexdigest()

    def read() -> array:
        rows = CaseRows(persons, cohorts)[0:None]
        return array("q", (row.pk if row.kind == "person" else -row.pk for row in rows))

    return KeyedCaseRows(cached(f"case-list:{key}", read))


def cases_newest(*, limit: int) -> list[CaseRow]:
    """The most recently published cases, persons and cohorts together, newest first;
    cases published at the same moment by name. By first publication, not by creation:
    how long a record was a draft is not public."""
    candidates = []
    for kind, queryset, name in (
        ("person", Person.objects.public(), "display_name"),
        ("cohort", Cohort.objects.public(), "name"),
    ):
        newest = queryset.order_by(F("public_created_at").desc(nulls_last=True), name, "pk").values_list(
            "pk", name, "public_created_at"
        )[:limit]
        candidates += [(created, CaseRow(kind, pk, label)) for pk, label, created in newest]
    candidates.sort(key=lambda pair: (pair[1].name.casefold(), pair[1].kind, pair[1].pk))
    # A public record without the stamp (written around the receivers) counts as oldest.
    candidates.sort(key=lambda pair: (pair[0] is not None, pair[0] or 0), reverse=True)
    return [row for _created, row in candidates[:limit]]


def _outcomes_prefetch() -> Prefetch:
    return Prefetch(
        "asylum_outcomes",
        queryset=AsylumOutcome.objects.public().select_related("country"),
        to_attr="public_outcomes",
    )


def cases_fetch(
    rows: list[CaseRow], *, persons: models.QuerySet | None = None, cohorts: models.QuerySet | None = None
) -> list[Person | Cohort]:
    """The persons and cohorts of ``rows``, in their order, each marked with its ``kind``;
    ``persons`` and ``cohorts`` (public by default) say what to select with them."""
    persons = Person.objects.public() if persons is None else persons
    cohorts = Cohort.objects.public() if cohorts is None else cohorts
    found = {
        "person": {p.pk: p for p in persons.filter(pk__in=[row.pk for row in rows if row.kind == "person"])},
        "cohort": {c.pk: c for c in cohorts.filter(pk__in=[row.pk for row in rows if row.kind == "cohort"])},
    }
    result = []
    for row in rows:
        case = found[row.kind][row.pk]
        case.kind = row.kind
        result.append(case)
    return result


def cases_load(rows: list[CaseRow]) -> list[Person | Cohort]:
    """``cases_fetch`` with what a case list shows: each case's ``outcomes`` (a person's
    own and their cohorts'), in a fixed number of queries however long the list."""
    cases = cases_fetch(
        rows,
        persons=Person.objects.public()
        .select_related("citizenship")
        .prefetch_related(
            _outcomes_prefetch(),
            Prefetch(
                "cohorts",
                queryset=Cohort.objects.public().prefetch_related(_outcomes_prefetch()),
                to_attr="public_cohorts",
            ),
        ),
        cohorts=Cohort.objects.public().prefetch_related(_outcomes_prefetch()),
    )
    for case in cases:
        case.outcomes = list(case.public_outcomes)
        if case.kind == "person":
            case.outcomes += [outcome for cohort in case.public_cohorts for outcome in cohort.public_outcomes]
    return cases


@dataclass(frozen=True)
class SiteNumbers:
    persons: int
    cohorts: int
    countries: int
    sources: int
    citations: int


def site_numbers() -> SiteNumbers:
    """What the public record holds, as the home page counts it: counted once each time
    the records change, not on every visit."""
    return cached("site-numbers", _count_site)


def _count_site() -> SiteNumbers:
    return SiteNumbers(
        persons=Person.objects.public().count(),
        cohorts=Cohort.objects.public().count(),
        countries=Country.objects.mentioned().count(),
        sources=Source.objects.public().count(),
        citations=Citation.objects.public_count(),
    )


def cite_example() -> Person | None:
    """A public case to show how to cite a page, if there is one."""
    return Person.objects.public().order_by("public_created_at", "pk").first()


# --- takedown --------------------------------------------------------------------------


@dataclass
class Mention:
    """A public record whose text names someone: ``record`` is what goes back to review
    to take the text down (for a quote, the record the quote is cited for)."""

    record: models.Model
    where: str
    excerpt: str


# The texts the public reads, per record type.
NAMING_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Person: ("summary",),
    Cohort: ("name", "summary"),
    Organization: ("summary",),
    Event: ("summary",),
    AsylumOutcome: ("summary",),
    Charge: ("summary",),
    Prosecution: ("summary", "sentence"),
    Statistic: ("wording", "summary"),
    CountryCondition: ("summary",),
    Source: ("title", "summary"),
}


def _excerpt(text: str, name: str, *, width: int = 60) -> str:
    at = text.lower().find(name.lower())
    start, end = max(at - width, 0), min(at + len(name) + width, len(text))
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def records_naming(person: Person, *, names: Iterable[str]) -> list[Mention]:
    """Every other public record whose text contains one of ``names`` (the caller says which
    names it may search by): summaries, cohort descriptions, source titles and summaries,
    and the quotes source pages show. The person's own events, outcomes and prosecutions
    leave the public with them and are not listed."""
    names = [name.strip() for name in names if name and len(name.strip()) >= 3]
    if not names:
        return []
    own = {
        Event: Q(person=person),
        AsylumOutcome: Q(person=person),
        Prosecution: Q(defendant=person),
        Person: Q(pk=person.pk),
    }
    mentions: list[Mention] = []
    for model, fields in NAMING_FIELDS.items():
        condition = Q()
        for field in fields:
            for name in names:
                condition |= Q(**{f"{field}__icontains": name})
        for record in model.objects.public().filter(condition).exclude(own.get(model, Q(pk__in=[]))):
            for field in fields:
                text = getattr(record, field) or ""
                name = next((name for name in names if name.lower() in text.lower()), None)
                if name:
                    label = str(model._meta.get_field(field).verbose_name)
                    mentions.append(Mention(record, label, _excerpt(text, name)))
                    break
    quotes = Q()
    for name in names:
        quotes |= Q(quote__icontains=name)
    for citation in Citation.objects.public().filter(quotes).select_related("source").prefetch_related(cited_records()):
        record = citation.record
        if (
            record is None
            or record == person
            or any(
                isinstance(record, model) and model.objects.filter(own[model], pk=record.pk).exists()
                for model in (Event, AsylumOutcome, Prosecution)
            )
        ):
            continue
        name = next(name for name in names if name.lower() in citation.quote.lower())
        mentions.append(
            Mention(record, _("quote from “%(source)s”") % {"source": citation.source}, _excerpt(citation.quote, name))
        )
    return mentions


# --- index pages ---------------------------------------------------------------------
# /sources/, /cohorts/, /countries/: every public record of a kind with the counts a reader
# uses to choose one, in a fixed number of queries however many records there are.


def sources_with_counts() -> list[Source]:
    """Public sources, newest first, each with ``records``: how many public records it backs
    (a record quoted twice from one source counts once)."""
    backed: dict[int, int] = defaultdict(int)
    per_type = Citation.objects.public().values("source", "content_type").annotate(n=Count("object_id", distinct=True))
    for row in per_type.order_by():
        backed[row["source"]] += row["n"]
    sources = list(Source.objects.public().order_by("-date_earliest", "title"))
    for source in sources:
        source.records = backed[source.pk]
    return sources


def cohorts_with_members() -> list[Cohort]:
    """Public cohorts by name, each with ``named``: its public members."""
    return list(
        Cohort.objects.public()
        .order_by("name", "slug")
        .prefetch_related(Prefetch("members", queryset=Person.objects.public(), to_attr="named"))
    )


@dataclass(frozen=True)
class CountryRow:
    country: Country
    cases: int
    outcomes: int
    decisions: int
    conditions: int = 0


def countries_with_counts() -> list[CountryRow]:
    """Every country some public record names, with ``cases`` (the persons and cohorts the
    case list shows when filtered by that country: their own events and outcomes, and a
    person's also through the cohorts they belong to), ``outcomes`` (public asylum outcomes
    in it), ``decisions`` (those of them that are an authority's decision) and ``conditions``
    (public country conditions about it)."""
    events = Event.objects.public().order_by()
    outcomes = AsylumOutcome.objects.public().order_by()
    persons: dict[str, set[int]] = defaultdict(set)
    cohorts: dict[str, set[int]] = defaultdict(set)
    for column in ("country", "from_country", "to_country"):
        rows = events.filter(**{f"{column}__isnull": False}).values_list(column, "person", "cohort").distinct()
        for code, person, cohort in rows:
            (persons[code].add(person) if person else cohorts[code].add(cohort))
    for code, person, cohort in outcomes.values_list("country", "person", "cohort").distinct():
        (persons[code].add(person) if person else cohorts[code].add(cohort))
    members: dict[int, set[int]] = defaultdict(set)
    for cohort, person in Cohort.members.through.objects.filter(
        cohort__in=Cohort.objects.public(), person__in=Person.objects.public()
    ).values_list("cohort", "person"):
        members[cohort].add(person)
    per_country = outcomes.values("country").annotate(
        n=Count("pk"), decided=Count("pk", filter=Q(status__in=ASYLUM_DECISIONS))
    )
    counts = {row["country"]: (row["n"], row["decided"]) for row in per_country}
    conditions = dict(
        CountryCondition.objects.public()
        .order_by()
        .values("country")
        .annotate(n=Count("pk"))
        .values_list("country", "n")
    )
    rows = []
    for country in Country.objects.mentioned():
        code = country.code
        reached = persons[code] | {person for cohort in cohorts[code] for person in members[cohort]}
        recorded, decided = counts.get(code, (0, 0))
        rows.append(CountryRow(country, len(reached) + len(cohorts[code]), recorded, decided, conditions.get(code, 0)))
    return sorted(rows, key=lambda row: str(row.country.name).casefold())
