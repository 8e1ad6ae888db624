"""fields= and omit=: the top-level fields a client wants, on every list and detail. They
only take fields away from what the path serves, and always keep the record's key."""

import csv
import io

import pytest
from django.core.cache import cache

from api.urls import router
from api.views import PublicViewSet

API = "/api/v1/"
DETAILS = {
    "persons": "mikhail-zhilin",
    "cohorts": "six-russian-soldiers-france-2024",
    "countries": "KZ",
    "organizations": "mediazona",
    "asylum-outcomes": "six-russian-soldiers-france-temporary-visa",
    "charges": "russia-desertion",
    "prosecutions": "russia-desertion-cases-counted-by-mediazona-2024",
    "events": "mikhail-zhilin-deportation-from-kazakhstan",
    "statistics": "russian-soldiers-deserted-or-refused-to-fight-2022-2024",
    "country-conditions": "armenia-entry-without-passport",
    "sources": "six-russian-soldiers-granted-temporary-asylum-in-france-2024-10-16",
}


@pytest.fixture
def article(article_for_module, db):
    """The article's records, loaded once for this module."""


def get(client, path, expect=200, **params):
    response = client.get(path, params)
    assert response.status_code == expect, response.content
    return response.json()


def test_fields_keeps_those_named_and_the_key(client, article):
    results = get(client, f"{API}events/", fields="type,country")["results"]
    assert results and all(list(item) == ["slug", "type", "country"] for item in results)
    detail = get(client, f"{API}persons/mikhail-zhilin/", fields="display_name,timeline")
    assert list(detail) == ["slug", "display_name", "timeline"]
    assert detail["timeline"][0]["citations"]  # nested records stay whole
    assert list(get(client, f"{API}countries/", fields="name_en")["results"][0]) == ["code", "name_en"]
    assert list(get(client, f"{API}citations/", fields="quote")["results"][0]) == ["id", "quote"]
    assert list(get(client, f"{API}withdrawn/", fields="withdrawn_at")) == ["count", "next", "previous", "results"]


def test_omit_takes_fields_away(client, article):
    full = get(client, f"{API}persons/alexander/")
    trimmed = get(client, f"{API}persons/alexander/", omit="citations,cite_as,url")
    assert list(trimmed) == [name for name in full if name not in ("citations", "cite_as", "url")]
    both = get(client, f"{API}events/", fields="type,country,summary", omit="summary")["results"][0]
    assert list(both) == ["slug", "type", "country"]


@pytest.mark.parametrize(
    "params,attr",
    [
        ({"fields": "legal_name"}, "fields"),
        ({"fields": "display_name,risk_notes"}, "fields"),
        ({"fields": "timeline"}, "fields"),  # the detail's, not the list's
        ({"fields": "display_name,"}, "fields"),
        ({"omit": "slug"}, "omit"),
        ({"omit": "colour"}, "omit"),
        ({"fields": "", "omit": "url"}, "fields"),
    ],
)
def test_a_field_the_path_does_not_serve_is_400_naming_the_parameter(client, article, params, attr):
    body = get(client, f"{API}persons/", expect=400, **params)
    assert [error["attr"] for error in body["errors"]] == [attr]


def test_the_error_says_what_can_be_chosen(client, article):
    body = get(client, f"{API}charges/", expect=400, fields="name,colour")
    assert body["errors"][0]["detail"].startswith("No field 'colour' here. Use one or more of: url, slug, country,")
    body = get(client, f"{API}charges/", expect=400, omit="slug")
    assert body["errors"][0]["detail"] == "slug is always kept: it is the record's key."


def test_restricted_fields_cannot_be_asked_for(client, leak_world):
    for name in ("legal_name", "current_location", "contact", "risk_notes", "internal_notes", "visibility"):
        for path in (f"{API}persons/", f"{API}persons/public-person/"):
            assert client.get(path, {"fields": name}).status_code == 400


def test_csv_has_the_chosen_columns(client, article):
    response = client.get(f"{API}events/", {"format": "csv", "fields": "type,date", "type": "deportation"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows == [["slug", "type", "date"], ["mikhail-zhilin-deportation-from-kazakhstan", "deportation", "2022-12"]]


def test_citations_left_out_are_not_read(client, article, django_assert_num_queries):
    cache.clear()
    # The public state's version (for the count, then for Last-Modified), count, page,
    # organizations, Last-Modified; the citations' query is the one saved.
    with django_assert_num_queries(6) as context:
        client.get(f"{API}events/", {"omit": "citations"})
    assert not any("casework_citation" in query["sql"] for query in context.captured_queries)
    # Count and Last-Modified are read once per version of the records; the citations are read.
    with django_assert_num_queries(5):
        client.get(f"{API}events/")


@pytest.mark.parametrize("prefix,viewset", [(prefix, viewset) for prefix, viewset, _ in router.registry])
def test_every_list_and_detail_takes_fields_and_omit(client, article, prefix, viewset):
    from casework.models import Person

    Person.objects.get(slug="alexander").delete()  # so that withdrawn/ lists something
    paths = [f"{API}{prefix}/"]
    if issubclass(viewset, PublicViewSet):
        paths.append(f"{API}{prefix}/{DETAILS[prefix]}/")
    for path in paths:
        body = get(client, path)
        record = body["results"][0] if "results" in body else body
        keys = [name for name in record if name in ("slug", "code", "id", "resource")]
        other = next(name for name in reversed(list(record)) if name not in keys)
        for params in ({"omit": other}, {"fields": other}):
            body = get(client, path, **params)
            trimmed = body["results"][0] if "results" in body else body
            assert list(trimmed) == ([name for name in record if name != other] if "omit" in params else [*keys, other])


def test_fields_and_omit_are_in_the_schema(client, db):
    paths = client.get(f"{API}schema/", {"format": "json"}).json()["paths"]

    def parameters(path):
        return {parameter["name"]: parameter for parameter in paths[path]["get"]["parameters"]}

    detail = parameters(f"{API}persons/{{slug}}/")
    assert "timeline" in detail["fields"]["schema"]["items"]["enum"]
    assert "slug" not in detail["omit"]["schema"]["items"]["enum"]
    listing = parameters(f"{API}persons/")
    assert "timeline" not in listing["fields"]["schema"]["items"]["enum"]
    assert "legal_name" not in listing["fields"]["schema"]["items"]["enum"]
    for name in ("fields", "omit"):
        assert listing[name]["example"] and (listing[name]["style"], listing[name]["explode"]) == ("form", False)
    assert "code" not in parameters(f"{API}countries/{{code}}/")["omit"]["schema"]["items"]["enum"]
    assert "fields" not in parameters(f"{API}events/counts/")


def test_the_schema_promises_only_the_key_of_a_record(client, db):
    """Any other field may be left out by fields= or omit=; nested records stay whole."""
    components = client.get(f"{API}schema/", {"format": "json"}).json()["components"]["schemas"]
    assert components["Person"]["required"] == ["slug"]
    assert components["PersonDetail"]["required"] == ["slug"]
    assert components["Country"]["required"] == ["code"]
    assert components["CitationRecord"]["required"] == ["id"]
    assert "quote" in components["Citation"]["required"]
    assert "url" in components["TimelineEvent"]["required"]
