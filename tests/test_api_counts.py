"""/api/v1/<resource>/counts/: the list's records grouped by vocabulary and country fields,
under the list's own filters, from public records only, in one query."""

import csv
import io

import pytest

from api.urls import router
from api.views import CountsMixin

API = "/api/v1/"
COUNTED = [(prefix, viewset) for prefix, viewset, _basename in router.registry if issubclass(viewset, CountsMixin)]


@pytest.fixture
def article(article_for_module, db):
    """The article's records, loaded once for this module."""


def counts(client, resource, expect=200, **params):
    response = client.get(f"{API}{resource}/counts/", params)
    assert response.status_code == expect, response.content
    return response.json()


def test_outcomes_per_country_and_status(client, article):
    body = counts(client, "asylum-outcomes", by="country,status")
    assert body["by"] == ["country", "status"]
    assert {"country": "FR", "status": "temporary_visa", "count": 1} in body["results"]
    assert {"country": "FR", "status": "applied", "count": 1} in body["results"]
    listed = client.get(f"{API}asylum-outcomes/", {"page_size": 100}).json()["count"]
    assert sum(row["count"] for row in body["results"]) == listed


def test_counts_take_the_lists_filters_and_search(client, article):
    body = counts(client, "events", by="type", country="KZ,ES", type="deportation,killing")
    assert body["results"] == [{"type": "deportation", "count": 1}, {"type": "killing", "count": 1}]
    assert counts(client, "events", search="Spain")["results"] == [
        {"count": client.get(f"{API}events/", {"search": "Spain"}).json()["count"]}
    ]
    assert counts(client, "persons", by="situation", cohort="six-russian-soldiers-france-2024")["results"] == [
        {"situation": row["situation"], "count": 1} for row in [client.get(f"{API}persons/alexander/").json()]
    ]


def test_without_by_the_total_alone(client, article):
    listed = client.get(f"{API}events/").json()["count"]
    assert counts(client, "events") == {"by": [], "results": [{"count": listed}]}
    assert counts(client, "events", type="kidnapping", date_from="1900", date_to="1901")["results"] == [{"count": 0}]


def test_records_without_a_value_count_as_null_last(client, article):
    rows = counts(client, "events", by="to_country")["results"]
    assert rows[-1]["to_country"] is None
    assert [row["to_country"] for row in rows[:-1]] == sorted(row["to_country"] for row in rows[:-1])


@pytest.mark.parametrize("prefix,viewset", COUNTED)
def test_every_count_field_sums_to_the_list(client, article, prefix, viewset):
    listed = client.get(f"{API}{prefix}/").json()["count"]
    for field in viewset.count_fields:
        rows = counts(client, prefix, by=field)["results"]
        assert sum(row["count"] for row in rows) == listed, field
        assert all(set(row) == {field, "count"} for row in rows)


@pytest.mark.parametrize(
    "params",
    [{"by": "colour"}, {"by": "type,"}, {"by": "slug"}, {"by": "summary"}, {"by": ""}, {"by": "type", "page": "2"}],
)
def test_a_field_that_cannot_be_counted_is_400_naming_it(client, article, params):
    body = counts(client, "events", expect=400, **params)
    assert [error["attr"] for error in body["errors"]] == [next(iter(params)) if "page" not in params else "page"]


def test_the_error_lists_the_fields_to_count_by(client, article):
    body = counts(client, "events", expect=400, by="type,colour")
    assert body["errors"][0]["detail"] == (
        "Cannot count by 'colour'. Use one or more of: type, country, from_country, to_country."
    )


def test_a_bad_filter_is_as_wrong_here_as_on_the_list(client, article):
    assert counts(client, "events", expect=400, type="flying")["errors"][0]["attr"] == "type"
    assert counts(client, "events", expect=404, person="nobody")["errors"][0]["attr"] == "person"


def test_unpublished_records_never_count(client, leak_world):
    for prefix, viewset in COUNTED:
        listed = client.get(f"{API}{prefix}/").json()["count"]
        for field in viewset.count_fields:
            assert sum(row["count"] for row in counts(client, prefix, by=field)["results"]) == listed, (prefix, field)
        assert counts(client, prefix)["results"] == [{"count": listed}], prefix


def test_counts_as_csv(client, article):
    response = client.get(f"{API}asylum-outcomes/counts/", {"by": "country,status", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {"country": "FR", "status": "applied", "count": "1"} in rows


def test_counts_cost_one_query(client, article, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get(f"{API}asylum-outcomes/counts/", {"by": "country,status,application_type", "country": "FR"})
    # A reference filter looks the record up first, as on the list.
    with django_assert_num_queries(2):
        client.get(f"{API}events/counts/", {"by": "type,country", "person": "mikhail-zhilin"})


def test_counts_are_in_the_schema(client, db):
    schema = client.get(f"{API}schema/", {"format": "json"}).json()
    operation = schema["paths"][f"{API}events/counts/"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert parameters["by"]["schema"]["items"]["enum"] == ["type", "country", "from_country", "to_country"]
    assert parameters["by"]["example"] and (parameters["by"]["style"], parameters["by"]["explode"]) == ("form", False)
    assert {"type", "country", "person", "date_from", "search", "format"} <= set(parameters)
    assert "ordering" not in parameters and "page" not in parameters
    response = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert response["$ref"] == "#/components/schemas/EventCounts"
    row = schema["components"]["schemas"]["EventCount"]
    assert row["required"] == ["count"]
    assert {"type", "country", "from_country", "to_country", "count"} == set(row["properties"])
    assert f"{API}countries/counts/" not in schema["paths"] and f"{API}withdrawn/counts/" not in schema["paths"]
