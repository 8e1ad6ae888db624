"""Public pages. Every one reads through the models' ``public()`` querysets, so a draft
answers 404 exactly like a record that does not exist, and no restricted Person field is
ever selected into a public template's context by name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from casework import charts, seeds, statistics
from casework.footnotes import attach, locator_anchor
from casework.forms import CaseFilterForm
from casework.models import (
    AsylumOutcome,
    Charge,
    Citation,
    Cohort,
    Country,
    Event,
    Organization,
    Person,
    Prosecution,
    Source,
    Statistic,
)
from casework.search import search
from casework.vocabularies import (
    AsylumStatus,
    Connection,
    EventType,
    MilitaryBackground,
    ProsecutionStatus,
    Reliability,
    Situation,
)

CASES_PER_PAGE = 20
LATEST_CASES = 5


@dataclass(frozen=True)
class CaseRow:
    """One line of a case list: a person or a cohort."""

    kind: str  # "person" or "cohort"
    pk: int
    name: str


def _outcomes_prefetch() -> Prefetch:
    return Prefetch(
        "asylum_outcomes",
        queryset=AsylumOutcome.objects.public().select_related("country"),
        to_attr="public_outcomes",
    )


def _load_cases(rows: list[CaseRow]) -> list[Person | Cohort]:
    """The persons and cohorts of one page, with what a list shows of them, in a fixed
    number of queries however long the page."""
    person_ids = [row.pk for row in rows if row.kind == "person"]
    cohort_ids = [row.pk for row in rows if row.kind == "cohort"]
    persons = {
        p.pk: p
        for p in Person.objects.public()
        .filter(pk__in=person_ids)
        .select_related("citizenship")
        .prefetch_related(
            _outcomes_prefetch(),
            Prefetch(
                "cohorts",
                queryset=Cohort.objects.public().prefetch_related(_outcomes_prefetch()),
                to_attr="public_cohorts",
            ),
        )
    }
    cohorts = {
        c.pk: c for c in Cohort.objects.public().filter(pk__in=cohort_ids).prefetch_related(_outcomes_prefetch())
    }
    result = []
    for row in rows:
        if row.kind == "person":
            case = persons[row.pk]
            case.kind = "person"
            case.outcomes = [*case.public_outcomes, *(o for c in case.public_cohorts for o in c.public_outcomes)]
        else:
            case = cohorts[row.pk]
            case.kind = "cohort"
            case.outcomes = case.public_outcomes
        result.append(case)
    return result


def _merge(persons, cohorts) -> list[CaseRow]:
    rows = [CaseRow("person", pk, name) for pk, name in persons.values_list("pk", "display_name")]
    rows += [CaseRow("cohort", pk, name) for pk, name in cohorts.values_list("pk", "name")]
    return sorted(rows, key=lambda row: (row.name.casefold(), row.kind, row.pk))


def _filter_cases(data: dict):
    """Published persons and cohorts matching the cleaned filter values.

    A person matches through their own records and through the cohorts they belong to.
    Search covers public fields only, so that a restricted field (a legal name, a
    location) cannot be probed by searching for it.
    """
    persons = Person.objects.public()
    cohorts = Cohort.objects.public()

    if query := data.get("q"):
        persons = search(persons, query)
        cohorts = search(cohorts, query)

    def narrow(events, outcomes):
        nonlocal persons, cohorts
        cohort_ids = (
            Cohort.objects.public()
            .filter(Q(pk__in=events.values("cohort")) | Q(pk__in=outcomes.values("cohort")))
            .values("pk")
        )
        persons = persons.filter(
            Q(pk__in=events.values("person")) | Q(pk__in=outcomes.values("person")) | Q(cohorts__in=cohort_ids)
        ).distinct()
        cohorts = cohorts.filter(pk__in=cohort_ids)

    if code := data.get("country"):
        narrow(Event.objects.public().in_country(code), AsylumOutcome.objects.public().in_country(code))
    if status := data.get("outcome"):
        narrow(Event.objects.none(), AsylumOutcome.objects.public().filter(status=status))
    if year := data.get("year"):
        # Unlike the API's date_from/date_to (every record that *can* fall in the period),
        # a reader browsing a year sees what the sources place in it: an open-ended date
        # ("by December 2022") counts by the end it states, not in every earlier year.
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        in_year = Q(first__lte=end, last__gte=start)
        bounds = {"first": Coalesce("date_earliest", "date_latest"), "last": Coalesce("date_latest", "date_earliest")}
        narrow(
            Event.objects.public().alias(**bounds).filter(in_year),
            AsylumOutcome.objects.public().alias(**bounds).filter(in_year),
        )
    if background := data.get("background"):
        persons = persons.filter(military_background=background)
        # A cohort has no one background of its own; the sources describe it in words.
        cohorts = cohorts.none()
    return persons, cohorts


def home(request):
    persons = Person.objects.public()
    cohorts = Cohort.objects.public()
    newest = [
        *(
            ("person", pk, name, created)
            for pk, name, created in persons.order_by("-created_at").values_list("pk", "display_name", "created_at")[
                :LATEST_CASES
            ]
        ),
        *(
            ("cohort", pk, name, created)
            for pk, name, created in cohorts.order_by("-created_at").values_list("pk", "name", "created_at")[
                :LATEST_CASES
            ]
        ),
    ]
    newest = sorted(newest, key=lambda row: (row[3], row[2]), reverse=True)[:LATEST_CASES]
    numbers = {
        "persons": persons.count(),
        "cohorts": cohorts.count(),
        "countries": Country.objects.mentioned().count(),
        "sources": Source.objects.public().count(),
        "citations": Citation.objects.public().count(),
    }
    context = {
        "numbers": numbers,
        "latest": _load_cases([CaseRow(kind, pk, name) for kind, pk, name, _created in newest]),
    }
    return render(request, "casework/home.html", context)


def case_list(request):
    form = CaseFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # Say what is wrong rather than show every case as if it matched.
        return render(request, "casework/case_list.html", {"form": form, "page": None}, status=400)
    data = form.cleaned_data if form.is_bound else {}
    persons, cohorts = _filter_cases(data)
    page = Paginator(_merge(persons, cohorts), CASES_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = _load_cases(list(page.object_list))
    context = {"form": form, "page": page, "filtered": any(data.values())}
    return render(request, "casework/case_list.html", context)


def _subject_related():
    return ("person", "cohort", "country", "from_country", "to_country")


def person_detail(request, slug: str):
    person = get_object_or_404(Person.objects.public().select_related("citizenship"), slug=slug)
    cohorts = list(person.cohorts.public())
    events = list(Event.objects.public().for_person(person).chronological().select_related(*_subject_related()))
    outcomes = list(
        AsylumOutcome.objects.public()
        .for_person(person)
        .chronological()
        .select_related("country", "authority", "cohort", "person")
    )
    prosecutions = list(
        Prosecution.objects.public().filter(defendant=person).select_related("charge", "country", "reported_by")
    )
    context = {
        "person": person,
        "cohorts": cohorts,
        "events": events,
        "outcomes": outcomes,
        "prosecutions": prosecutions,
        "footnotes": attach([person, *cohorts, *events, *outcomes, *prosecutions]),
    }
    return render(request, "casework/person_detail.html", context)


def cohort_detail(request, slug: str):
    cohort = get_object_or_404(Cohort.objects.public(), slug=slug)
    members = list(cohort.members.public().select_related("citizenship"))
    events = list(Event.objects.public().filter(cohort=cohort).chronological().select_related(*_subject_related()))
    outcomes = list(
        AsylumOutcome.objects.public()
        .filter(cohort=cohort)
        .chronological()
        .select_related("country", "authority", "person", "cohort")
    )
    context = {
        "cohort": cohort,
        "members": members,
        "unnamed": max(cohort.size - len(members), 0),
        "events": events,
        "outcomes": outcomes,
        "footnotes": attach([cohort, *events, *outcomes]),
    }
    return render(request, "casework/cohort_detail.html", context)


def country_detail(request, code: str):
    if len(code) != 2 or not code.isalpha():
        raise Http404
    if code != code.lower():
        return redirect("country-detail", code=code.lower(), permanent=True)
    country = get_object_or_404(Country, code=code.upper())
    events = list(Event.objects.public().in_country(country.code).chronological().select_related(*_subject_related()))
    outcomes = list(
        AsylumOutcome.objects.public()
        .in_country(country.code)
        .chronological()
        .select_related("person", "cohort", "authority")
    )
    prosecutions = list(
        Prosecution.objects.public().in_country(country.code).select_related("charge", "defendant", "reported_by")
    )
    deportations = [
        event
        for event in events
        if event.type == EventType.DEPORTATION
        and (
            event.from_country_id == country.code
            or (event.from_country_id is None and event.country_id == country.code)
        )
    ]
    subjects = {}
    for record in [*events, *outcomes]:
        subjects.setdefault((type(record.subject).__name__, record.subject.pk), record.subject)
    context = {
        "country": country,
        "events": events,
        "outcomes": outcomes,
        "deportations": deportations,
        "prosecutions": prosecutions,
        "subjects": sorted(subjects.values(), key=str),
        "footnotes": attach([*events, *outcomes, *prosecutions]),
    }
    return render(request, "casework/country_detail.html", context)


def _record_link(record) -> str:
    """Where a reader sees a cited record in context."""
    if isinstance(record, Person | Cohort):
        return record.get_absolute_url()
    if isinstance(record, Event | AsylumOutcome):
        return record.subject.get_absolute_url()
    if isinstance(record, Prosecution) and record.defendant_id:
        return record.defendant.get_absolute_url()
    if isinstance(record, Prosecution | Statistic):
        return reverse("statistics")
    return ""


def source_detail(request, slug: str):
    source = get_object_or_404(Source.objects.public(), slug=slug)
    citations = list(
        Citation.objects.public()
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
                ],
            )
        )
        .order_by("pk")
    )
    for citation in citations:
        citation.anchor = locator_anchor(citation.locator)
        citation.record_label = str(citation.record)
        citation.record_kind = citation.record._meta.verbose_name
        citation.record_url = _record_link(citation.record)

    passages = []
    if source.seed_file:
        try:
            text = seeds.read_seed(source.seed_file)
        except (OSError, ValueError):
            text = ""
        for passage in seeds.passages(text):
            cited = [c for c in citations if c.locator == passage.locator]
            # One record may quote several bits of a paragraph; name it once.
            records = list(dict.fromkeys((c.record_label, c.record_url) for c in cited))
            passages.append(
                {
                    "locator": passage.locator,
                    "anchor": locator_anchor(passage.locator),
                    "segments": _mark(passage.text, [c.quote for c in cited]),
                    "records": records,
                }
            )
    context = {"source": source, "citations": citations, "passages": passages}
    return render(request, "casework/source_detail.html", context)


def _mark(text: str, quotes: list[str]) -> list[tuple[str, bool]]:
    """Split a paragraph into (text, cited) runs; overlapping quotes merge into one run."""
    spans = []
    for quote in quotes:
        start = text.find(quote.strip())
        if start >= 0:
            spans.append((start, start + len(quote.strip())))
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    runs, position = [], 0
    for start, end in merged:
        if start > position:
            runs.append((text[position:start], False))
        runs.append((text[start:end], True))
        position = end
    if position < len(text):
        runs.append((text[position:], False))
    return runs


def statistics_page(request):
    outcomes = statistics.outcomes_by_country()
    years, event_rows = statistics.events_by_year_and_type()
    per_year = statistics.events_per_year(years, event_rows)
    routes = statistics.routes()
    held = statistics.holdings()
    comparisons = statistics.external_figures(held)

    outcome_rows = [
        statistics.Row(f"{block['country'].name}: {row.label}", row.value)
        for block in outcomes
        for row in block["statuses"]
    ]
    route_rows = [statistics.Row(f"{r['from'].name} → {r['to'].name}", r["people"]) for r in routes]
    for index, comparison in enumerate(comparisons):
        comparison_chart = charts.bar_chart(
            [
                statistics.Row(_("Reported by the source"), comparison.reported),
                statistics.Row(_("Held in Casework"), comparison.held),
            ],
            chart_id=f"chart-external-{index}",
            title=comparison.label,
            description=_("Reported: %(reported)s. Held in Casework: %(held)s.")
            % {"reported": comparison.reported_wording, "held": comparison.held_wording},
            value_labels=[comparison.reported_wording, str(comparison.held)],
        )
        comparison.chart = comparison_chart
    context = {
        "outcomes": outcomes,
        "outcomes_chart": charts.bar_chart(
            outcome_rows,
            chart_id="chart-outcomes",
            title=_("Asylum outcomes by host country"),
            description=_("People concerned by each status, per host country; the table below gives the figures."),
        ),
        "years": years,
        "event_rows": event_rows,
        "events_chart": charts.bar_chart(
            per_year,
            chart_id="chart-events",
            title=_("Events recorded per year"),
            description=_("Event records per year; the table below breaks them down by type."),
        ),
        "routes": routes,
        "routes_chart": charts.bar_chart(
            route_rows,
            chart_id="chart-routes",
            title=_("Routes: people moving from one country to another"),
            description=_("People per route; the table below gives records and people."),
        ),
        "comparisons": comparisons,
        "held": held,
    }
    return render(request, "casework/statistics.html", context)


def about(request):
    vocabularies = [
        (_("Asylum outcomes"), _("After UNHCR's statistical categories for asylum decisions."), AsylumStatus),
        (_("Events"), _("Casework's own list of the steps the sources report."), EventType),
        (_("Military background"), _("Casework's own list, in the words the sources use."), MilitaryBackground),
        (
            _("Where people stand now"),
            _("After HURIDOCS Events Standard Formats, “status as victim”, movement part."),
            Situation,
        ),
        (_("Prosecutions"), _("Stages of a criminal case, as the sources report them."), ProsecutionStatus),
        (_("Reliability of a source"), _("HURIDOCS Events Standard Formats."), Reliability),
        (_("Connection of a source to the information"), _("HURIDOCS Events Standard Formats."), Connection),
    ]
    context = {
        "vocabularies": [{"title": t, "origin": o, "choices": c.choices} for t, o, c in vocabularies],
        "sources": Source.objects.public(),
        "corrections_url": settings.CORRECTIONS_URL,
    }
    return render(request, "casework/about.html", context)
