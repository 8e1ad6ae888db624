"""Aggregates for /statistics/, from public records only.

Casework holds the cases its sources describe, not every case there is. Each figure
here says what it counts (records, people) so that no reader mistakes the database for
a census; external counts the sources report are shown beside what Casework holds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from casework import translations
from casework.models import AsylumOutcome, Cohort, Country, Event, Person, Prosecution, Statistic
from casework.vocabularies import AsylumStatus, CountQualifier, EventType, StatisticQualifier


@dataclass(frozen=True)
class Row:
    label: str
    value: int
    url: str = ""
    # A figure given as a range ("tens of thousands": 10,000 to 99,999) or as open-ended
    # ("at least 7,400"): charts draw it as what it means, not as a bar of one length.
    low: int | None = None
    high: int | None = None
    open_end: bool = False


@dataclass
class Comparison:
    """A figure a source reports beside what Casework holds of the same thing."""

    label: str
    reported: int
    reported_wording: str
    held: int
    held_wording: str
    reporter: str
    date_display: str
    record: object
    chart: str = ""
    low: int | None = None
    high: int | None = None
    open_end: bool = False
    # What the held figure leaves out of Casework's records, in words.
    left_out: str = ""
    # The language of record text shown in the page's stead (English on a Russian page
    # where no Russian was given), for a lang attribute; empty when it is the page's.
    label_lang: str = ""
    wording_lang: str = ""
    reporter_lang: str = ""


def _in_page_language(record, field: str) -> tuple[str, str]:
    if record is None:
        return "", ""
    text, language = translations.in_language(record, field)
    return text, translations.foreign_to_page(language)


def grouped(value: int) -> str:
    """A figure with the reader's thousands separator: 7,400 in English, 7 400 in Russian."""
    return number_format(value, force_grouping=True)


# A cohort stands for as many people as its source counts; a person for one. Summed in
# the database, so the page reads one row per group however many records there are.
PEOPLE = Sum(Coalesce("cohort__size", Value(1)))
# The routes table and chart show the busiest routes and sum up the rest in one line.
ROUTES_SHOWN = 20


def outcomes_by_country() -> list[dict]:
    """Per host country: how many people each status concerns, and how many records."""
    rows = (
        AsylumOutcome.objects.public()
        .values("country_id", "status")
        .annotate(records=Count("pk"), people=PEOPLE)
        .order_by()
    )
    people: dict[str, Counter] = defaultdict(Counter)
    records: Counter = Counter()
    for row in rows:
        people[row["country_id"]][row["status"]] += row["people"]
        records[row["country_id"]] += row["records"]
    countries = {c.code: c for c in Country.objects.filter(code__in=people)}
    labels = dict(AsylumStatus.choices)
    result = []
    for code in sorted(people, key=lambda c: countries[c].name):
        result.append(
            {
                "country": countries[code],
                "records": records[code],
                "statuses": [
                    Row(str(labels[status]), count)
                    for status, count in sorted(people[code].items(), key=lambda item: -item[1])
                ],
            }
        )
    return result


def events_by_year_and_type() -> tuple[list[int | None], list[dict]]:
    """Event records per year (the first year a date can mean) and type.

    Returns the years (None for undated, last) and one row per type with a count per year.
    """
    counts = (
        Event.objects.public()
        .annotate(year=ExtractYear(Coalesce("date_earliest", "date_latest")))
        .values("year", "type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    table: dict[str, Counter] = defaultdict(Counter)
    years: set[int | None] = set()
    for row in counts:
        table[row["type"]][row["year"]] += row["n"]
        years.add(row["year"])
    ordered_years = sorted(y for y in years if y is not None) + ([None] if None in years else [])
    labels = dict(EventType.choices)
    rows = [
        {
            "type": str(labels[event_type]),
            "counts": [table[event_type][year] for year in ordered_years],
            "total": sum(table[event_type].values()),
        }
        for event_type in EventType.values
        if event_type in table
    ]
    return ordered_years, rows


def events_per_year(years: list[int | None], rows: list[dict]) -> list[Row]:
    return [
        Row(str(year) if year is not None else _("undated"), sum(row["counts"][i] for row in rows))
        for i, year in enumerate(years)
    ]


def routes() -> list[dict]:
    """Moves from one country to another: how many records and how many people."""
    rows = (
        Event.objects.public()
        .filter(from_country__isnull=False, to_country__isnull=False)
        .values("from_country_id", "to_country_id")
        .annotate(records=Count("pk"), people=PEOPLE)
        .order_by()
    )
    records = {(row["from_country_id"], row["to_country_id"]): row["records"] for row in rows}
    people = {(row["from_country_id"], row["to_country_id"]): row["people"] for row in rows}
    ordered = sorted(records, key=lambda key: (-people[key], key))
    shown, rest = ordered[:ROUTES_SHOWN], ordered[ROUTES_SHOWN:]
    codes = {code for key in shown for code in key}
    countries = {c.code: c for c in Country.objects.filter(code__in=codes)}
    result = [
        {
            "from": countries[from_code],
            "to": countries[to_code],
            "records": records[(from_code, to_code)],
            "people": people[(from_code, to_code)],
            "label": f"{countries[from_code].name} → {countries[to_code].name}",
        }
        for from_code, to_code in shown
    ]
    if rest:
        result.append(
            {
                "others": len(rest),
                "label": ngettext("%(count)s other route", "%(count)s other routes", len(rest))
                % {"count": grouped(len(rest))},
                "records": sum(records[key] for key in rest),
                "people": sum(people[key] for key in rest),
            }
        )
    return result


def holdings() -> dict[str, int]:
    """What Casework itself holds, in people and records."""
    persons = Person.objects.public().count()
    return {
        "persons": persons,
        "cohorts": Cohort.objects.public().count(),
        "prosecutions": Prosecution.objects.public().filter(defendant__isnull=False).count(),
    }


def _in_period(queryset, record):
    """``queryset`` narrowed to what can fall in the period of ``record`` (a reported figure)."""
    if record.date_earliest is None and record.date_latest is None:
        return queryset
    return queryset.overlapping(first=record.date_earliest, last=record.date_latest)


def people_with_events(types: list[str], record) -> tuple[int, int]:
    """The people whose public events of ``types`` fall in the period of ``record``, and
    how many public cases (persons and cohorts) they cover. A cohort counts as its size; a
    named member of a counted cohort is already in that size and is not counted again."""
    events = _in_period(Event.objects.public().filter(type__in=types), record).order_by()
    persons = set(events.filter(person__isnull=False).values_list("person", flat=True))
    cohorts = dict(
        Cohort.objects.public()
        .filter(pk__in=events.filter(cohort__isnull=False).values("cohort"))
        .values_list("pk", "size")
    )
    members = set(
        Cohort.members.through.objects.filter(cohort__in=cohorts, person__in=Person.objects.public()).values_list(
            "person", flat=True
        )
    )
    return len(persons - members) + sum(cohorts.values()), len(persons | members) + len(cohorts)


def _what(types: list[str]) -> str:
    labels = dict(EventType.choices)
    words = [str(labels[value]).lower() for value in types if value in labels]
    return _(" or ").join(words)


def _figure_beside_people(record, held: dict[str, int]) -> tuple[int, str, str]:
    """What Casework holds that counts the same people as ``record``, and what it leaves out."""
    cases = held["persons"] + held["cohorts"]
    types = record.counts_event_types or []
    if not types:
        return (
            0,
            _("no record that counts the same thing"),
            ngettext(
                "The %(count)s case Casework holds is not set beside it: no record counts the same thing.",
                "The %(count)s cases Casework holds are not set beside it: no record counts the same thing.",
                cases,
            )
            % {"count": grouped(cases)},
        )
    people, counted = people_with_events(types, record)
    what = _what(types)
    held_wording = ngettext(
        "%(count)s person with a recorded %(what)s", "%(count)s people with a recorded %(what)s", people
    ) % {"count": grouped(people), "what": what}
    others = cases - counted
    left_out = (
        ngettext(
            "Left out: %(count)s other case whose records show no %(what)s in this period.",
            "Left out: %(count)s other cases whose records show no %(what)s in this period.",
            others,
        )
        % {"count": grouped(others), "what": what}
        if others
        else ""
    )
    return people, held_wording, left_out


def external_figures(held: dict[str, int]) -> list[Comparison]:
    """Counts the sources report, each beside what Casework holds of the same thing: a count
    of criminal cases beside the individual cases on the same charge (or, without one, in
    the same country) in its period; a figure of people beside the people whose records
    hold the events it counts. Each says what it leaves out."""
    result = []
    counted_cases = (
        Prosecution.objects.public().filter(defendant__isnull=True).select_related("reported_by", "charge", "country")
    )
    individual = Prosecution.objects.public().filter(defendant__isnull=False)
    for record in counted_cases:
        # The charge's name sits inside a translated phrase; it is not marked on its own.
        charge = translations.text_in(record.charge, "name") if record.charge else ""
        reporter, reporter_lang = _in_page_language(record.reported_by, "name")
        same = (
            individual.filter(charge=record.charge) if record.charge_id else individual.filter(country=record.country)
        )
        same = _in_period(same, record).count()
        others = held["prosecutions"] - same
        result.append(
            Comparison(
                label=_("Criminal cases: %(charge)s, %(country)s")
                % {
                    "charge": charge or record.get_status_display(),
                    "country": record.country.name,
                },
                reported=record.case_count,
                reported_wording=case_count_wording(record.count_qualifier, record.case_count),
                open_end=record.count_qualifier == CountQualifier.AT_LEAST,
                held=same,
                held_wording=ngettext("%(count)s individual case", "%(count)s individual cases", same)
                % {"count": grouped(same)},
                reporter=reporter,
                reporter_lang=reporter_lang,
                date_display=record.date_display,
                record=record,
                left_out=ngettext(
                    "Left out: %(count)s individual case on another charge or outside this period.",
                    "Left out: %(count)s individual cases on other charges or outside this period.",
                    others,
                )
                % {"count": grouped(others)}
                if others
                else "",
            )
        )
    for record in Statistic.objects.public().select_related("reported_by"):
        value = record.value_low if record.value_low is not None else record.value_high
        people, held_wording, left_out = _figure_beside_people(record, held)
        label, label_lang = _in_page_language(record, "metric")
        wording, wording_lang = _in_page_language(record, "wording")
        reporter, reporter_lang = _in_page_language(record.reported_by, "name")
        result.append(
            Comparison(
                label=label,
                label_lang=label_lang,
                reported=value,
                reported_wording=wording or f"{record.get_qualifier_display()} {grouped(value)}",
                wording_lang=wording_lang if wording else "",
                low=record.value_low if record.value_high is not None else None,
                high=record.value_high if record.value_low is not None else None,
                open_end=record.qualifier == StatisticQualifier.AT_LEAST,
                held=people,
                held_wording=held_wording,
                reporter=reporter,
                reporter_lang=reporter_lang,
                date_display=record.date_display,
                record=record,
                left_out=left_out,
            )
        )
    return result


def case_count_wording(qualifier: str, count: int) -> str:
    """ "at least 7,400 cases": one phrase per qualifier, because in Russian the qualifier
    decides the noun's case ("ровно 21 дело", "не менее 21 дела")."""
    if qualifier == CountQualifier.AT_LEAST:
        text = ngettext("at least %(count)s case", "at least %(count)s cases", count)
    elif qualifier == CountQualifier.ABOUT:
        text = ngettext("about %(count)s case", "about %(count)s cases", count)
    else:
        text = ngettext("%(count)s case", "%(count)s cases", count)
    return text % {"count": grouped(count)}
