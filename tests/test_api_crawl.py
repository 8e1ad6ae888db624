"""/api/v1/<resource>/crawl/: the whole list by key with a cursor, stable while records are
added or withdrawn during the crawl."""

import pytest
from django.core.exceptions import ValidationError

from api.urls import router
from api.views import CrawlMixin
from casework.models import Person
from casework.slugs import RESERVED
from casework.vocabularies import Visibility
from tests import factories

API = "/api/v1/"
CRAWLED = [(prefix, viewset) for prefix, viewset, _basename in router.registry if issubclass(viewset, CrawlMixin)]


@pytest.fixture
def article(article_for_module, db):
    """The article's records, loaded once for this module."""


def get(client, url, expect=200, **params):
    response = client.get(url, params)
    assert response.status_code == expect, response.content
    return response.json()


def crawl(client, resource, between_pages=lambda page: None, **params) -> list[dict]:
    records, url, page = [], f"{API}{resource}/crawl/", 0
    while url:
        body = get(client, url, **params)
        records += body["results"]
        url, params, page = body["next"], {}, page + 1
        between_pages(page)
    return records


def everything(client, resource, **params) -> list[dict]:
    records, url, params = [], f"{API}{resource}/", {"page_size": 100, **params}
    while url:
        body = get(client, url, **params)
        records += body["results"]
        url, params = body["next"], {}
    return records


@pytest.mark.parametrize("prefix,viewset", CRAWLED)
def test_a_crawl_gives_the_list_by_key(client, article, prefix, viewset):
    key = viewset.key_fields[0]
    crawled = crawl(client, prefix, page_size=3 if prefix != "countries" else 40)
    # In the database's order of the key (its collation for slugs), as ordering= sorts.
    listed = everything(client, prefix, ordering=key)
    assert [record[key] for record in crawled] == [record[key] for record in listed]
    assert crawled == listed


def test_each_public_record_exactly_once_while_records_come_and_go(client, article):
    in_order = [record["slug"] for record in everything(client, "persons", ordering="slug")]
    before, first_slug, last_slug = set(in_order), in_order[0], in_order[-1]

    def meanwhile(page):
        if page == 1:
            # Published mid-crawl: one sorts before the cursor, one after it.
            factories.PersonFactory(slug="aaa-published-mid-crawl")
            factories.PersonFactory(slug="zzz-published-mid-crawl")
        if page == 2:
            Person.objects.filter(slug=last_slug).update(visibility=Visibility.REVIEW)

    slugs = [record["slug"] for record in crawl(client, "persons", meanwhile, page_size=1)]
    assert len(slugs) == len(set(slugs))
    assert set(slugs) >= before - {last_slug}
    assert last_slug not in slugs and first_slug in slugs
    assert "zzz-published-mid-crawl" in slugs and "aaa-published-mid-crawl" not in slugs


def test_pages_with_page_numbers_would_repeat_or_skip_where_the_crawl_does_not(client, article):
    """Why the crawl exists: a record published between two numbered pages shifts the rest."""
    first = get(client, f"{API}persons/", page_size=2, ordering="slug")["results"]
    factories.PersonFactory(slug="a-first-in-order")
    second = get(client, f"{API}persons/", page=2, page_size=2, ordering="slug")["results"]
    assert first[-1]["slug"] == second[0]["slug"]  # served twice
    crawled = get(client, f"{API}persons/crawl/", cursor=first[-1]["slug"], page_size=2)["results"]
    assert crawled[0]["slug"] not in {record["slug"] for record in first}


def test_a_crawl_takes_filters_search_and_fields(client, article):
    records = crawl(client, "events", type="deportation,killing", fields="type", page_size=1)
    assert [record["type"] for record in records] == ["deportation", "killing"] or sorted(
        record["type"] for record in records
    ) == ["deportation", "killing"]
    assert all(list(record) == ["slug", "type"] for record in records)
    assert [record["slug"] for record in crawl(client, "events", search="Spain")] == [
        record["slug"] for record in get(client, f"{API}events/", search="Spain", ordering="slug")["results"]
    ]


def test_the_last_page_has_no_next_and_an_exact_page_needs_no_empty_one(client, article):
    total = len(everything(client, "charges"))
    body = get(client, f"{API}charges/crawl/", page_size=total)
    assert body["next"] is None and len(body["results"]) == total
    assert get(client, f"{API}persons/crawl/", cursor="zzzz")["results"] == []


def test_a_cursor_is_any_key_of_the_right_form(client, article):
    assert get(client, f"{API}countries/crawl/", cursor="kz", page_size=1)["results"][0]["code"] == "LA"
    assert get(client, f"{API}citations/crawl/", cursor="9" * 30)["results"] == []
    first = get(client, f"{API}citations/crawl/", page_size=1)["results"][0]["id"]
    assert get(client, f"{API}citations/crawl/", cursor=str(first), page_size=1)["results"][0]["id"] > first


@pytest.mark.parametrize(
    "resource,params,attr",
    [
        ("persons", {"cursor": "not a slug"}, "cursor"),
        ("countries", {"cursor": "KAZ"}, "cursor"),
        ("citations", {"cursor": "-1"}, "cursor"),
        ("persons", {"page_size": "101"}, "page_size"),
        ("persons", {"page": "2"}, "page"),
        ("persons", {"ordering": "slug"}, "ordering"),
        ("persons", {"format": "csv"}, "format"),
        ("events", {"type": "flying"}, "type"),
    ],
)
def test_bad_crawl_parameters_are_400_naming_them(client, article, resource, params, attr):
    body = get(client, f"{API}{resource}/crawl/", expect=400, **params)
    assert [error["attr"] for error in body["errors"]] == [attr]


def test_unpublished_records_are_never_crawled(client, leak_world):
    for prefix, viewset in CRAWLED:
        key = viewset.key_fields[0]
        crawled = {record[key] for record in crawl(client, prefix, page_size=100)}
        assert crawled == {record[key] for record in everything(client, prefix)}, prefix
        for hidden in leak_world.hidden.values():
            assert hidden.get(prefix) not in crawled


def test_no_record_can_take_the_slug_of_an_api_path(db):
    from casework.slugs import slug_suggest

    actions = {action.url_path for _prefix, viewset, _ in router.registry for action in viewset.get_extra_actions()}
    assert actions <= RESERVED
    for word in RESERVED:
        person = factories.PersonFactory.build(slug=word, display_name=word.title())
        with pytest.raises(ValidationError) as raised:
            person.full_clean(exclude=["citizenship"])
        assert "slug" in raised.value.error_dict
        assert slug_suggest(factories.PersonFactory.build(slug="", display_name=word)) == f"{word}-2"


def test_the_crawl_is_in_the_schema(client, db):
    schema = client.get(f"{API}schema/", {"format": "json"}).json()
    operation = schema["paths"][f"{API}events/crawl/"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert {"cursor", "page_size", "fields", "omit", "type", "search"} <= set(parameters)
    assert "page" not in parameters and "ordering" not in parameters
    assert parameters["cursor"]["example"] and parameters["cursor"]["description"]
    page = schema["components"]["schemas"]["EventCrawlPage"]
    assert page["properties"]["results"]["items"] == {"$ref": "#/components/schemas/Event"}
    assert f"{API}withdrawn/crawl/" not in schema["paths"]
