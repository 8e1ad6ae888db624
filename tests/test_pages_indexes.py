"""The index pages: /sources/, /cohorts/, /countries/."""

import re

import pytest

from casework.vocabularies import AsylumStatus, Visibility
from tests.factories import (
    AsylumOutcomeFactory,
    CitationFactory,
    CohortFactory,
    EventFactory,
    PersonFactory,
    SourceFactory,
    country,
)

pytestmark = pytest.mark.django_db
ARTICLE = "/sources/six-russian-soldiers-granted-temporary-asylum-in-france-2024-10-16/"


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.parametrize("path", ["/sources/", "/cohorts/", "/countries/"])
def test_index_pages_are_in_the_navigation_and_the_sitemap(client, article, path):
    assert client.get(path).status_code == 200
    assert f'href="{path}"' in text(client.get("/")).split("</header>")[0]
    assert f'href="/ru{path}"' in text(client.get("/ru/")).split("</header>")[0]
    assert f"<loc>http://testserver{path}</loc>" in client.get("/sitemap-pages.xml").content.decode()


def test_source_index_gives_publisher_date_reliability_and_records_backed(client, article):
    html = text(client.get("/sources/"))
    entry = html.split(f'href="{ARTICLE}"')[1].split("</li>")[0]
    assert "16 October 2024" in entry
    assert "Reliability" in entry
    assert re.search(r"Backs \d+ published records", entry)


def test_source_index_counts_each_public_record_once_and_no_draft(client, db):
    source = SourceFactory(title="Counted source", publisher="A publisher", reliability="likely_reliable")
    person = PersonFactory()
    CitationFactory(source=source, record=person, quote="First passage.")
    CitationFactory(source=source, record=person, quote="Second passage about the same person.")
    CitationFactory(source=source, record=EventFactory(person=person))
    CitationFactory(source=source, record=PersonFactory(visibility=Visibility.DRAFT))
    SourceFactory(title="Draft source zz", visibility=Visibility.DRAFT)
    html = text(client.get("/sources/"))
    assert "Backs 2 published records" in html
    assert "Draft source zz" not in html
    assert "A publisher · 16 October 2024 · Reliability: Likely reliable" in html


def test_source_index_in_russian_uses_plural_forms(client, db):
    source = SourceFactory()
    CitationFactory(source=source, record=PersonFactory())
    assert "Подтверждает 1 опубликованную запись" in text(client.get("/ru/sources/"))


def test_cohort_index_lists_public_cohorts_with_size_and_named_members(client, db):
    cohort = CohortFactory(name="Six soldiers", size=6)
    cohort.members.add(PersonFactory(), PersonFactory(visibility=Visibility.DRAFT, display_name="Hidden zz"))
    CohortFactory(name="Draft cohort zz", visibility=Visibility.DRAFT)
    html = text(client.get("/cohorts/"))
    assert f'<a href="{cohort.get_absolute_url()}">Six soldiers</a>' in html
    assert "6 people counted · 1 known by name" in html
    assert "zz" not in html


def test_country_index_counts_match_what_the_case_list_shows(client, article):
    html = text(client.get("/countries/"))
    rows = dict(re.findall(r'<a href="/countries/(\w\w)/">[^<]+</a></th> <td class="num">(.*?)</td>', html))
    assert {"kz", "fr", "ru"} <= set(rows)
    for code in ("kz", "fr", "ru", "es", "ua"):
        listed = text(client.get(f"/cases/?country={code}"))
        count = re.search(r'id="results-title">(\d+) cases?<', listed).group(1)
        assert f">{count}</a>" in rows[code], code


def test_country_index_separates_decisions_from_applications(client, db):
    person = PersonFactory()
    AsylumOutcomeFactory(person=person, country=country("DE"), status=AsylumStatus.APPLIED)
    AsylumOutcomeFactory(person=person, country=country("DE"), status=AsylumStatus.REFUGEE_STATUS)
    AsylumOutcomeFactory(person=PersonFactory(visibility=Visibility.DRAFT), country=country("DE"))
    cohort = CohortFactory()
    cohort.members.add(PersonFactory())
    EventFactory(person=None, cohort=cohort, country=country("DE"))
    html = text(client.get("/countries/"))
    row = html.split('<a href="/countries/de/">')[1].split("</tr>")[0]
    # The person, the cohort and its member; two outcomes of which one decision; no condition.
    assert re.findall(r'<td class="num">(?:<a [^>]+>)?(\d+)', row) == ["3", "2", "1", "0"]


# /countries/ reads one more: the country conditions per country.
@pytest.mark.parametrize(("path", "queries"), [("/sources/", 8), ("/cohorts/", 8), ("/countries/", 9)])
def test_index_page_query_count_does_not_grow(client, db, django_assert_max_num_queries, path, queries):
    for index in range(12):
        person = PersonFactory()
        cohort = CohortFactory()
        cohort.members.add(person)
        source = SourceFactory()
        CitationFactory(source=source, record=person)
        EventFactory(person=person, country=country(["FR", "DE", "KZ", "AM"][index % 4]))
        AsylumOutcomeFactory(person=None, cohort=cohort, country=country("FR"))
    client.get(path)  # warm the content-type cache, as any running server has
    with django_assert_max_num_queries(queries):
        assert client.get(path).status_code == 200


def test_a_country_without_cases_says_so_on_the_case_list(client, article):
    html = text(client.get("/cases/?country=am"))
    assert 'id="results-title">0 cases<' in html
    assert "No published case matches these filters." in html
