"""/api/v1/citations/: every public citation with the record it backs, filterable by
source, record type and record; nothing of unpublished records or sources."""

import pytest

from casework.models import CITABLE_MODELS, Citation, Event, Person
from casework.vocabularies import Visibility
from tests import factories

API = "/api/v1/"
SOURCE = "six-russian-soldiers-granted-temporary-asylum-in-france-2024-10-16"


@pytest.fixture
def article(article_for_module, db):
    """The article's records, loaded once for this module."""


def citations(client, **params) -> list[dict]:
    response = client.get(f"{API}citations/", {"page_size": 100, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_every_public_citation_is_listed_with_its_record(client, article):
    listed = citations(client)
    assert len(listed) == Citation.objects.public().count() > 0
    item = next(c for c in listed if c["record_type"] == "persons" and c["record"] == "mikhail-zhilin")
    assert set(item) == {
        "id",
        "source",
        "source_url",
        "locator",
        "quote",
        "connection",
        "claimant_organization",
        "speaker",
        "record_type",
        "record",
        "record_url",
    }
    assert item["source"] == SOURCE
    assert item["record_url"].endswith(f"{API}persons/mikhail-zhilin/")
    assert client.get(item["record_url"]).status_code == 200
    assert client.get(item["source_url"]).status_code == 200
    assert item["quote"] in client.get(item["record_url"]).content.decode()


def test_filters_by_source_record_type_and_record(client, article):
    assert {c["source"] for c in citations(client, source=SOURCE)} == {SOURCE}
    events = citations(client, record_type="events")
    assert events and {c["record_type"] for c in events} == {"events"}
    both = citations(client, record_type="events,persons")
    assert {c["record_type"] for c in both} == {"events", "persons"}
    zhilin = citations(client, record="mikhail-zhilin")
    assert zhilin and {(c["record_type"], c["record"]) for c in zhilin} == {("persons", "mikhail-zhilin")}
    assert citations(client, record="no-such-record") == []


def test_a_bad_filter_value_is_named(client, article):
    response = client.get(f"{API}citations/", {"record_type": "people"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "record_type"
    response = client.get(f"{API}citations/", {"source": "no-such-source"})
    assert response.status_code == 404
    assert response.json()["errors"][0]["attr"] == "source"


def test_citations_of_unpublished_records_or_sources_are_not_listed(client, article):
    draft_person = factories.PersonFactory(visibility=Visibility.DRAFT, slug="draft-person")
    factories.CitationFactory(record=draft_person, quote="About a draft.")
    hidden_event = factories.EventFactory(person=draft_person, slug="event-of-a-draft")
    factories.CitationFactory(record=hidden_event, quote="About an event of a draft.")
    draft_source = factories.SourceFactory(visibility=Visibility.DRAFT, slug="draft-source")
    factories.CitationFactory(record=Person.objects.get(slug="alexander"), source=draft_source, quote="From a draft.")
    body = client.get(f"{API}citations/", {"page_size": 100}).content.decode()
    for text in ("draft-person", "event-of-a-draft", "draft-source", "About a draft", "From a draft"):
        assert text not in body
    assert client.get(f"{API}citations/", {"record": "draft-person"}).json()["count"] == 0


def test_a_source_links_to_the_citations_it_gives(client, article):
    source = client.get(f"{API}sources/{SOURCE}/").json()
    assert source["citations"].endswith(f"{API}citations/?source={SOURCE}")
    listed = client.get(source["citations"]).json()
    assert listed["count"] == Citation.objects.public().filter(source__slug=SOURCE).count()


def test_citation_queries_do_not_grow_with_the_page(client, db, django_assert_max_num_queries):
    source = factories.SourceFactory()
    for _ in range(30):
        factories.CitationFactory(record=factories.EventFactory(), source=source)
        factories.CitationFactory(record=factories.PersonFactory(), source=source)
    client.get(f"{API}citations/")  # content types are cached after the first request
    # The count, the page, and the records it backs: one query per record type on the page.
    # Who makes each claim is joined to the page's query.
    with django_assert_max_num_queries(2 + len(CITABLE_MODELS)):
        body = client.get(f"{API}citations/", {"page_size": 100}).json()
    assert body["count"] >= 60
    assert Event.objects.count() >= 30
