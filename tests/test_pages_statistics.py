import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from casework import charts
from casework.statistics import Row
from tests.factories import (
    AsylumOutcomeFactory,
    CohortFactory,
    EventFactory,
    PersonFactory,
    ProsecutionFactory,
    country,
)

pytestmark = pytest.mark.django_db
URL = reverse("statistics")
SVG = "{http://www.w3.org/2000/svg}"


def svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(match) for match in re.findall(r"<svg.*?</svg>", html, flags=re.S)]


def test_statistics_page_draws_every_chart_as_svg_with_a_text_alternative(client, article):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    charts_drawn = svgs(html)
    ids = {svg.get("id") for svg in charts_drawn}
    assert {"chart-outcomes", "chart-events", "chart-routes", "chart-external-0"} <= ids
    for svg in charts_drawn:
        assert svg.get("role") == "img"
        assert svg.find(f"{SVG}title").text
        assert svg.find(f"{SVG}desc").text
        assert svg.findall(f".//{SVG}rect")
    # Each chart has a table with the same figures.
    assert html.count("<table>") == 4


def test_external_figure_stands_beside_what_casework_holds(client, article):
    html = re.sub(r"\s+", " ", client.get(URL).content.decode())
    assert "at least 7,400 cases" in html
    assert "Mediazona" in html
    # "Casework holds: ..." says where the figure is from once, with the plural it needs.
    assert "Casework holds: <strong>0 individual cases</strong>" in html
    assert "tens of thousands" in html
    assert "Casework holds: <strong>3 people with a case page</strong>" in html
    assert "not a count of all deserters" in html


def test_outcomes_count_people_in_cohorts(client, article):
    outcomes = client.get(URL).context["outcomes"]
    assert [block["country"].code for block in outcomes] == ["FR"]
    assert {row.label: row.value for row in outcomes[0]["statuses"]} == {
        "Temporary visa while the application is pending": 6,
        "Application lodged": 6,
    }


def test_events_by_year_and_type(client, article):
    context = client.get(URL).context
    assert context["years"] == [2022, 2023, 2024, None]
    by_type = {row["type"]: row["counts"] for row in context["event_rows"]}
    assert by_type["Deportation"] == [1, 0, 0, 0]
    assert by_type["Desertion"] == [0, 1, 0, 0]
    assert by_type["Advocacy"] == [0, 0, 0, 1]


def test_routes_count_records_and_people(client, article):
    routes = client.get(URL).context["routes"]
    assert [(r["from"].code, r["to"].code, r["records"], r["people"]) for r in routes] == [
        ("RU", "KZ", 1, 6),
        ("RU", "UA", 1, 1),
    ]


def test_unpublished_records_are_not_counted(client, db):
    draft = PersonFactory(visibility="draft")
    EventFactory(person=draft, from_country=country("RU"), to_country=country("AM"))
    AsylumOutcomeFactory(person=draft, country=country("DE"))
    AsylumOutcomeFactory(person=None, cohort=CohortFactory(size=40), visibility="review")
    ProsecutionFactory(defendant=None, case_count=999, count_qualifier="at_least", visibility="draft")
    context = client.get(URL).context
    assert context["outcomes"] == []
    assert context["routes"] == []
    assert context["comparisons"] == []
    assert "999" not in client.get(URL).content.decode()


def test_bar_chart_escapes_labels_and_keeps_zero_visible():
    svg = charts.bar_chart([Row("<b>x</b>", 10), Row("none", 0)], chart_id="c", title="T & t", description="D")
    root = ET.fromstring(str(svg))
    widths = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]
    assert widths[0] > widths[1] > 0
    assert "<b>" not in str(svg)
    assert root.find(f"{SVG}title").text == "T & t"


def test_statistics_query_count_does_not_grow(client, db, django_assert_max_num_queries):
    for _ in range(15):
        AsylumOutcomeFactory()
        EventFactory()
        ProsecutionFactory(defendant=None, case_count=10, count_qualifier="about")
    client.get(URL)
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200


def test_a_phrase_is_drawn_as_the_range_it_means_and_an_open_figure_runs_on(client, article):
    html = client.get(URL).content.decode()
    phrase = html.split('id="chart-external-1"')[1].split("</svg>")[0]
    # "tens of thousands" (10,000 to 99,999) beside 3 held: a range band from a tenth of the
    # way to the end of the scale, not a solid bar; the 3 held stay a hairline to scale.
    assert 'class="chart-range"' in phrase and 'x="40.0"' in phrase and 'width="360.0"' in phrase
    assert "tens of thousands" in phrase
    held = re.search(r'<rect x="0" y="[\d.]+" width="([\d.]+)"[^>]*class="chart-bar"', phrase)
    assert float(held.group(1)) == 2.0
    counted = html.split('id="chart-external-0"')[1].split("</svg>")[0]
    # "at least 7,400": a bar to 7,400 on a scale with room past it, then a dashed run-on.
    assert 'width="320.0"' in counted and 'class="chart-open"' in counted


def test_chart_labels_are_whole(client, article):
    html = client.get(URL).content.decode()
    chart = html.split('id="chart-outcomes"')[1].split("</svg>")[0]
    assert "…" not in chart
    words = " ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", chart))
    assert "France: Temporary visa while the application is pending: 6" in words
