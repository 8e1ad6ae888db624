"""Pagination, CSV exports, throttling and the number of queries per request."""

import csv
import io
import json

import pytest
from django.db import connection, transaction
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from rest_framework.throttling import AnonRateThrottle

from tests import factories

API = "/api/v1/"


@pytest.fixture
def article(article_for_module, db):
    """The article's records, loaded once for this module."""


def read_csv(response) -> list[dict]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


# Pagination


def test_page_size_and_links(client, article):
    first = client.get(f"{API}events/", {"page_size": 4}).json()
    assert first["count"] == 11
    assert len(first["results"]) == 4
    assert first["previous"] is None
    assert "page=2" in first["next"] and "page_size=4" in first["next"]
    last = client.get(first["next"].replace("page=2", "page=3")).json()
    assert len(last["results"]) == 3
    assert last["next"] is None
    pages = [client.get(f"{API}events/", {"page_size": 4, "page": page}).json() for page in (1, 2, 3)]
    seen = {event["slug"] for page in pages for event in page["results"]}
    assert len(seen) == 11


def test_page_size_is_at_most_100(client, db):
    # Above 100 is a 400, as the schema's maximum says, rather than a silently smaller page.
    factories.OrganizationFactory.create_batch(105)
    body = client.get(f"{API}organizations/", {"page_size": 100}).json()
    assert body["count"] >= 105
    assert len(body["results"]) == 100
    assert len(client.get(f"{API}organizations/").json()["results"]) == 20
    response = client.get(f"{API}organizations/", {"page_size": 101})
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "page_size"


def test_out_of_range_page_is_404_with_a_message(client, article):
    response = client.get(f"{API}events/", {"page": 99})
    assert response.status_code == 404
    assert response.json()["errors"][0]["detail"] == "Page 99 does not exist: this list has 1 page of up to 20 records."
    assert client.get(f"{API}events/", {"page": "9" * 40}).status_code == 404


@pytest.mark.parametrize(
    "param,value",
    [("page", "0"), ("page", "two"), ("page", "-1"), ("page_size", "0"), ("page_size", "ten"), ("page_size", "1.5")],
)
def test_malformed_page_parameters_are_400(client, article, param, value):
    response = client.get(f"{API}events/", {param: value})
    assert response.status_code == 400
    assert [error["attr"] for error in response.json()["errors"]] == [param]


# CSV


def test_csv_of_all_events(client, article):
    response = client.get(f"{API}events/", {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="casework-event.csv"'
    rows = read_csv(response)
    assert len(rows) == 11  # every event, not one page
    deportation = next(row for row in rows if row["type"] == "deportation")
    assert deportation["url"] == "http://testserver/api/v1/events/mikhail-zhilin-deportation-from-kazakhstan/"
    assert (deportation["from_country"], deportation["date"], deportation["date_display"]) == (
        "KZ",
        "2022-12",
        "December 2022",
    )
    assert json.loads(deportation["citations"])[0]["quote"] == "In December 2022, Kazakhstan deported Mikhail Zhilin"


def test_csv_columns_match_the_json_fields(client, article):
    rows = read_csv(client.get(f"{API}prosecutions/", {"format": "csv"}))
    item = client.get(f"{API}prosecutions/").json()["results"][0]
    assert list(rows[0]) == list(item)
    assert rows[0]["case_count"] == "7400"
    assert rows[0]["reported_by"] == "mediazona"


def test_csv_honours_filters_search_and_ordering(client, article):
    rows = read_csv(client.get(f"{API}events/", {"format": "csv", "person": "alexander", "ordering": "-date"}))
    json_order = [
        e["url"]
        for e in client.get(f"{API}events/", {"person": "alexander", "ordering": "-date", "page_size": 100}).json()[
            "results"
        ]
    ]
    assert [row["url"] for row in rows] == json_order
    rows = read_csv(client.get(f"{API}events/", {"format": "csv", "search": "Spain"}))
    assert [row["slug"] for row in rows] == ["maksim-kuzminov-killing-in-spain"]


@pytest.mark.parametrize(
    "resource",
    [
        "persons",
        "cohorts",
        "countries",
        "organizations",
        "asylum-outcomes",
        "charges",
        "prosecutions",
        "events",
        "statistics",
        "sources",
    ],
)
def test_every_list_exports_csv_with_urls(client, article, resource):
    rows = read_csv(client.get(f"{API}{resource}/", {"format": "csv"}))
    assert rows
    assert all(row["url"].startswith(f"http://testserver{API}{resource}/") for row in rows)
    assert len(rows) == client.get(f"{API}{resource}/").json()["count"]


def test_csv_lists_of_slugs_are_joined(client, article):
    rows = read_csv(client.get(f"{API}cohorts/", {"format": "csv"}))
    assert rows[0]["members"] == "alexander"


def test_csv_neutralises_spreadsheet_formulas(client, db):
    factories.PersonFactory(display_name='=HYPERLINK("http://evil")', summary="@SUM(A1)")
    row = read_csv(client.get(f"{API}persons/", {"format": "csv"}))[0]
    assert row["display_name"] == '\'=HYPERLINK("http://evil")'
    assert row["summary"] == "'@SUM(A1)"


def test_csv_errors_come_as_json(client, article):
    response = client.get(f"{API}events/", {"format": "csv", "type": "nonsense"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"][0]["attr"] == "type"


def test_csv_is_for_lists(client, article):
    # Pages of a CSV are tested in test_api_contract.py (the schema allows page with csv).
    detail = client.get(f"{API}persons/alexander/", {"format": "csv"})
    assert detail.status_code == 400
    assert detail.json()["errors"][0]["attr"] == "format"


def test_unknown_format_is_400(client, article):
    response = client.get(f"{API}events/", {"format": "xml"})
    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "errors": [{"code": "invalid", "detail": "Use json or csv.", "attr": "format"}],
    }


def test_csv_streams_in_chunks_without_loading_everything(client, db, monkeypatch):
    from api import views

    monkeypatch.setattr(views, "CSV_CHUNK_SIZE", 10)
    factories.EventFactory.create_batch(35)
    total = client.get(f"{API}events/").json()["count"]
    response = client.get(f"{API}events/", {"format": "csv"})
    stream = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        next(stream)  # the header comes before any row is read
    assert len(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        lines = [next(stream) for _ in range(10)]
    assert len(lines) == 10
    with CaptureQueriesContext(connection) as queries:
        rest = list(stream)
    assert len(rest) == total - 10
    # Each further chunk of ten rows runs its own prefetches.
    prefetches = [q for q in queries.captured_queries if "casework_citation" in q["sql"]]
    assert len(prefetches) == -(-(total - 10) // 10)


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def limit_csv_to(settings, more: int) -> int:
    """Room for `more` public events beside any the module's shared records hold."""
    from casework.models import Event

    settings.API_CSV_MAX_ROWS = Event.objects.public().count() + more
    return settings.API_CSV_MAX_ROWS


def test_an_unpaged_csv_past_the_limit_is_refused_with_the_ways_to_get_it(client, db, settings):
    limit = limit_csv_to(settings, 3)
    factories.EventFactory.create_batch(4)
    response = client.get(f"{API}events/", {"format": "csv"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    (error,) = response.json()["errors"]
    assert error["attr"] == "format"
    assert error["code"] == "export_too_large"
    assert f"More than {limit:,} records match" in error["detail"]
    assert "page_size" in error["detail"]
    assert "http://testserver/data/" in error["detail"]


def test_a_csv_at_the_limit_is_whole_and_drafts_do_not_count_towards_it(client, db, settings):
    limit = limit_csv_to(settings, 3)
    factories.EventFactory.create_batch(3)
    factories.EventFactory.create_batch(2, visibility="draft")
    response = client.get(f"{API}events/", {"format": "csv"})
    assert response.status_code == 200
    assert len(csv_rows(response)) == 1 + limit


def test_past_the_limit_the_csv_comes_by_pages_and_by_narrower_filters(client, db, settings):
    limit_csv_to(settings, 3)
    factories.EventFactory.create_batch(4)
    factories.EventFactory(type="deportation", slug="the-one-deportation")
    paged = client.get(f"{API}events/", {"format": "csv", "page_size": 2})
    assert paged.status_code == 200
    assert len(csv_rows(paged)) == 1 + 2
    narrowed = client.get(f"{API}events/", {"format": "csv", "type": "deportation"})
    assert narrowed.status_code == 200
    assert "the-one-deportation" in b"".join(narrowed.streaming_content).decode()


# Throttling


def test_anonymous_callers_are_throttled_with_retry_after(client, db, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    for _ in range(3):
        assert client.get(f"{API}countries/fr/").status_code == 200
    response = client.get(f"{API}countries/fr/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["errors"][0]["code"] == "throttled"


def test_a_forged_forwarded_for_header_does_not_escape_the_throttle(client, db, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    statuses = [
        client.get(f"{API}countries/fr/", headers={"x-forwarded-for": f"10.0.0.{n}"}).status_code for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_the_rate_comes_from_settings(settings):
    from rest_framework.settings import api_settings

    assert api_settings.DEFAULT_THROTTLE_RATES["anon"] == settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"]
    # DRF's anonymous throttle, subclassed only to send RateLimit-* headers.
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] == ["api.throttling.AnonRateThrottle"]


# Queries per request: fixed, whatever the page size.

# One more than the records need on every list of publishable records: the Last-Modified
# of the list (its latest change, withdrawals included) is one aggregate query.
LIST_QUERIES = {
    "persons": 4,
    "cohorts": 5,
    "countries": 2,
    "organizations": 4,
    "asylum-outcomes": 4,
    "charges": 4,
    "prosecutions": 4,
    "events": 5,
    "statistics": 4,
    "sources": 3,
}


@pytest.fixture(scope="module")
def many_for_module(django_db_setup, django_db_blocker):
    """Ten records of each kind, each with a citation, cohort members and organizations;
    created once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        source = factories.SourceFactory()
        records = []
        for _ in range(10):
            person = factories.PersonFactory()
            cohort = factories.CohortFactory()
            cohort.members.add(person)
            organization = factories.OrganizationFactory()
            event = factories.EventFactory(person=person)
            event.organizations.add(organization)
            records += [
                person,
                cohort,
                organization,
                event,
                factories.AsylumOutcomeFactory(person=person, authority=organization),
                factories.ProsecutionFactory(defendant=person, reported_by=organization),
                factories.StatisticFactory(reported_by=organization),
                factories.SourceFactory(),
            ]
        for record in records:
            factories.CitationFactory(record=record, source=source)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def many(many_for_module, db):
    """See many_for_module."""


@pytest.mark.parametrize("resource,expected", LIST_QUERIES.items())
def test_list_queries_do_not_grow_with_the_page(client, many, resource, expected, django_assert_max_num_queries):
    client.get(f"{API}{resource}/")  # content types are cached after the first request
    counts = []
    for size in (1, 100):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{API}{resource}/", {"page_size": size})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(expected):
        client.get(f"{API}{resource}/", {"page_size": 100})


def test_person_detail_queries_are_fixed(client, many, django_assert_max_num_queries):
    person = factories.PersonFactory()
    for _ in range(5):
        cohort = factories.CohortFactory()
        cohort.members.add(person)
        factories.EventFactory(cohort=cohort, person=None)
        factories.AsylumOutcomeFactory(person=person)
        factories.ProsecutionFactory(defendant=person)
    client.get(f"{API}persons/{person.slug}/")
    with django_assert_max_num_queries(10):
        body = client.get(f"{API}persons/{person.slug}/").json()
    assert len(body["timeline"]) == 5
    assert len(body["cohorts"]) == 5


@pytest.mark.parametrize("resource", ["events", "persons"])
def test_csv_queries_depend_on_chunks_not_rows(client, many, resource, django_assert_max_num_queries):
    client.get(f"{API}{resource}/")
    with django_assert_max_num_queries(LIST_QUERIES[resource]):
        b"".join(client.get(f"{API}{resource}/", {"format": "csv"}).streaming_content)
