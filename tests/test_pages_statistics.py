import re
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework import charts
from casework.models import Statistic
from casework.statistics import Row
from tests.factories import (
    AsylumOutcomeFactory,
    ChargeFactory,
    CohortFactory,
    EventFactory,
    PersonFactory,
    ProsecutionFactory,
    StatisticFactory,
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
    # Like with like: deserters and refusers beside the people recorded as such (Alexander),
    # not beside every case, which holds a pilot who defected and an officer who fled.
    assert "Casework holds: <strong>1 person with a recorded desertion or refusal to fight</strong>" in html
    assert "Left out: 3 other cases whose records show no desertion or refusal to fight in this period." in html
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


def test_a_figure_of_people_stands_beside_the_people_whose_records_count_the_same(client, db):
    StatisticFactory(
        metric="Soldiers who deserted or refused to fight",
        value_low=1000,
        date="2022/2023",
        counts_event_types=["desertion", "refusal"],
    )
    deserter, refuser, defector, later = PersonFactory.create_batch(4)
    EventFactory(person=deserter, type="desertion", date="2022-05")
    EventFactory(person=refuser, type="refusal", date="2023")
    EventFactory(person=defector, type="defection", date="2023")
    EventFactory(person=later, type="desertion", date="2024-03")  # outside the figure's period
    group = CohortFactory(size=5)
    group.members.add(deserter)  # named in the group: counted once, in its size
    EventFactory(person=None, cohort=group, type="refusal", date="2022")
    EventFactory(person=PersonFactory(visibility="draft"), type="desertion", date="2022")
    [comparison] = client.get(URL).context["comparisons"]
    assert comparison.held == 1 + 5  # the refuser, and the group of five with its member
    assert comparison.held_wording == "6 people with a recorded desertion or refusal to fight"
    # Cases with a page: four persons and the group; three of them are covered.
    assert comparison.left_out == (
        "Left out: 2 other cases whose records show no desertion or refusal to fight in this period."
    )


def test_a_figure_that_counts_what_no_record_counts_stands_beside_nothing(client, db):
    StatisticFactory(metric="Soldiers mobilised", value_low=300000, counts_event_types=[])
    EventFactory(type="desertion")
    [comparison] = client.get(URL).context["comparisons"]
    assert (comparison.held, comparison.held_wording) == (0, "no record that counts the same thing")
    assert "not set beside it" in comparison.left_out


def test_a_count_of_cases_stands_beside_the_individual_cases_on_the_same_charge(client, db):
    desertion = ChargeFactory()
    ProsecutionFactory(defendant=None, charge=desertion, case_count=100, count_qualifier="about", date="2023")
    ProsecutionFactory(charge=desertion, date="2023-05")
    ProsecutionFactory(charge=ChargeFactory(), date="2023-05")
    [comparison] = client.get(URL).context["comparisons"]
    assert (comparison.held, comparison.held_wording) == (1, "1 individual case")
    assert comparison.left_out == "Left out: 1 individual case on another charge or outside this period."


def test_a_figure_names_only_event_types_of_the_vocabulary(db):
    statistic = StatisticFactory.build(slug="figure", counts_event_types=["desertion", "heroism"])
    with pytest.raises(ValidationError, match="event types"):
        statistic.full_clean()
    statistic.counts_event_types = ["desertion", "refusal"]
    statistic.full_clean()


def test_editors_tick_the_event_types_a_figure_counts(admin_client, article):
    statistic = Statistic.objects.get()
    url = reverse("admin:casework_statistic_change", args=[statistic.pk])
    page = admin_client.get(url).content.decode()
    assert 'type="checkbox" name="counts_event_types" value="desertion"' in page
    assert re.search(r'value="refusal"[^>]*checked', page)
