"""Public pages. Every one reads through the models' ``public()`` querysets, so a draft
answers 404 exactly like a record that does not exist, and no restricted Person field is
ever selected into a public template's context by name."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from casework import charts, reports, seeds, selectors, statistics
from casework.footnotes import attach, locator_anchor
from casework.forms import CaseFilterForm
from casework.models import (
    AsylumOutcome,
    Cohort,
    Country,
    CountryCondition,
    Event,
    Person,
    Prosecution,
    Source,
    Statistic,
)
from casework.public_cache import cached
from casework.reports import ReportForm
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


def home(request):
    context = {
        "numbers": selectors.site_numbers(),
        "latest": selectors.cases_load(selectors.cases_newest(limit=LATEST_CASES)),
    }
    return render(request, "casework/home.html", context)


def case_list(request):
    form = CaseFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # Say what is wrong rather than show every case as if it matched.
        return render(request, "casework/case_list.html", {"form": form, "page": None}, status=400)
    data = {name: value for name, value in (form.cleaned_data if form.is_bound else {}).items() if value}
    page = Paginator(selectors.case_list(**data), CASES_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.cases_load(list(page.object_list))
    context = {"form": form, "page": page, "filtered": bool(data)}
    return render(request, "casework/case_list.html", context)


def person_detail(request, slug: str):
    person = get_object_or_404(Person.objects.public().select_related("citizenship"), slug=slug)
    return person_page(request, person)


def person_page(request, person: Person, *, preview: bool = False):
    """A person's case page; ``preview`` (staff only, from the admin) shows it as
    publishing the person would, marked as a preview."""
    case = selectors.person_case(person, preview=preview)
    records = [person, *case.cohorts, *case.events, *case.outcomes, *case.prosecutions]
    context = {
        "person": person,
        "cohorts": case.cohorts,
        "events": case.events,
        "outcomes": case.outcomes,
        "prosecutions": case.prosecutions,
        "footnotes": attach(records, preview=preview),
        "preview": preview,
    }
    return render(request, "casework/person_detail.html", context)


def cohort_detail(request, slug: str):
    return cohort_page(request, get_object_or_404(Cohort.objects.public(), slug=slug))


def cohort_page(request, cohort: Cohort, *, preview: bool = False):
    case = selectors.cohort_case(cohort, preview=preview)
    context = {
        "cohort": case.cohort,
        "members": case.members,
        "unnamed": case.unnamed,
        "events": case.events,
        "outcomes": case.outcomes,
        "footnotes": attach([case.cohort, *case.events, *case.outcomes], preview=preview),
        "preview": preview,
    }
    return render(request, "casework/cohort_detail.html", context)


def country_detail(request, code: str):
    if len(code) != 2 or not code.isalpha():
        raise Http404
    if code != code.lower():
        return redirect("country-detail", code=code.lower(), permanent=True)
    records = selectors.country_records(get_object_or_404(Country, code=code.upper()))
    context = {
        "country": records.country,
        "conditions": records.conditions,
        "events": records.events,
        "outcomes": records.outcomes,
        "deportations": records.deportations,
        "prosecutions": records.prosecutions,
        "subjects": records.subjects,
        "shown": selectors.COUNTRY_RECORDS_SHOWN,
        "in_the_api": [
            (model._meta.verbose_name_plural, f"{reverse(name)}?country={records.country.code.lower()}")
            for model, name in (
                (Event, "api:event-list"),
                (AsylumOutcome, "api:asylumoutcome-list"),
                (Prosecution, "api:prosecution-list"),
            )
        ]
        if records.truncated
        else [],
        "footnotes": attach([*records.conditions, *records.events, *records.outcomes, *records.prosecutions]),
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
    if isinstance(record, CountryCondition):
        return record.country.get_absolute_url()
    return ""


def source_detail(request, slug: str):
    source = get_object_or_404(Source.objects.public(), slug=slug)
    citations = selectors.source_citations(source)
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


def _statistics_figures() -> tuple:
    held = statistics.holdings()
    return (
        statistics.outcomes_by_country(),
        statistics.events_by_year_and_type(),
        statistics.routes(),
        held,
        statistics.external_figures(held),
    )


def statistics_page(request):
    # Aggregates over every public record: computed once per change of the records (and
    # per language, as the labels are translated), not on every visit.
    outcomes, (years, event_rows), routes, held, comparisons = cached(
        f"statistics:{get_language()}", _statistics_figures
    )
    per_year = statistics.events_per_year(years, event_rows)

    outcome_rows = [
        statistics.Row(f"{block['country'].name}: {row.label}", row.value)
        for block in outcomes
        for row in block["statuses"]
    ]
    route_rows = [statistics.Row(route["label"], route["people"]) for route in routes]
    for index, comparison in enumerate(comparisons):
        comparison_chart = charts.bar_chart(
            [
                statistics.Row(
                    _("Reported by the source"),
                    comparison.reported,
                    low=comparison.low,
                    high=comparison.high,
                    open_end=comparison.open_end,
                ),
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
        "cite_example": selectors.cite_example(),
        "licence": settings.DATA_LICENCE,
    }
    return render(request, "casework/about.html", context)


def source_index(request):
    return render(request, "casework/source_index.html", {"sources": selectors.sources_with_counts()})


def cohort_index(request):
    return render(request, "casework/cohort_index.html", {"cohorts": selectors.cohorts_with_members()})


def country_index(request):
    return render(request, "casework/country_index.html", {"rows": selectors.countries_with_counts()})


@csrf_exempt  # A signed, time-limited form token stands in for the CSRF cookie: see casework/reports.py.
@require_http_methods(["GET", "POST"])
def report_error(request):
    """The error report form on its own page: where the form on a record page posts, and
    where it comes back with what to correct."""
    if request.method == "GET":
        page = request.GET.get("page", "")
        if not reports.reportable(page):
            raise Http404
        return _report_form(request, ReportForm(initial={"page": page}), page)

    if int(request.META.get("CONTENT_LENGTH") or 0) > reports.MAX_REQUEST_BYTES:
        return _report_form(request, ReportForm(), request.GET.get("page", ""), status=413)
    throttle = reports.ReportThrottle()
    if not throttle.allow_request(request, None):
        response = _report_form(request, ReportForm(), "", status=429)
        response["Retry-After"] = str(int(throttle.wait() or 60))
        return response
    form = ReportForm(request.POST)
    if form.is_spam:
        # Answer a script as if it had succeeded, so it learns nothing; keep nothing.
        return redirect(_thanks_url(""), permanent=False)
    if not form.is_valid():
        page = form.cleaned_data.get("page", "") if reports.reportable(request.POST.get("page", "")) else ""
        return _report_form(request, form, page, status=400)
    data = form.cleaned_data
    reports.report_create(
        page=data["page"], message=data["message"], contact=data["contact"], language=translation.get_language()
    )
    return redirect(_thanks_url(data["page"]))


def _report_form(request, form, page: str, status: int = 200):
    context = {"form": form, "page": page, "token": reports.form_token(page) if page else "", "status": status}
    return render(request, "casework/report.html", context, status=status)


def _thanks_url(page: str) -> str:
    return reverse("report-thanks") + (f"?{urlencode({'page': page})}" if page else "")


def report_thanks(request):
    page = request.GET.get("page", "")
    return render(request, "casework/report_thanks.html", {"page": page if reports.reportable(page) else ""})
