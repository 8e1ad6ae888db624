"""Every endpoint answers with the documented shapes, from the article's records."""

import pytest

from casework.models import Person

API = "/api/v1/"

ENDPOINTS = {
    "persons": "alexander",
    "cohorts": "six-russian-soldiers-france-2024",
    "countries": "KZ",
    "organizations": "mediazona",
    "asylum-outcomes": "six-russian-soldiers-france-temporary-visa",
    "charges": "russia-desertion",
    "prosecutions": "russia-desertion-cases-counted-by-mediazona-2024",
    "events": "mikhail-zhilin-deportation-from-kazakhstan",
    "statistics": "russian-soldiers-deserted-or-refused-to-fight-2022-2024",
    "sources": "six-russian-soldiers-granted-temporary-asylum-in-france-2024-10-16",
}
DATED = ["asylum-outcomes", "prosecutions", "events", "statistics", "sources"]
CITED = ["persons", "cohorts", "organizations", "asylum-outcomes", "charges", "prosecutions", "events", "statistics"]
WITH_PAGES = {"persons": "/cases/", "cohorts": "/cohorts/", "countries": "/countries/", "sources": "/sources/"}


@pytest.fixture
def article(article_for_module, db):
    """The article's records, loaded once for this module."""


def test_root_lists_every_resource_the_schema_and_the_docs(client, article):
    response = client.get(API)
    assert response.status_code == 200
    body = response.json()
    for name in [*ENDPOINTS, "schema", "docs"]:
        assert body[name].startswith("http://testserver/api/v1/"), name
        assert client.get(body[name]).status_code == 200, name


@pytest.mark.parametrize("resource", ENDPOINTS)
def test_each_list_pages_its_records(client, article, resource):
    response = client.get(f"{API}{resource}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] >= 1
    assert len(body["results"]) == min(body["count"], 20)


@pytest.mark.parametrize("resource,key", ENDPOINTS.items())
def test_each_detail_has_its_own_url(client, article, resource, key):
    response = client.get(f"{API}{resource}/{key}/")
    assert response.status_code == 200
    body = response.json()
    assert body["url"] == f"http://testserver{API}{resource}/{key}/"
    # The list links to the same detail.
    params = {"page_size": 100, **({"search": "Kazakhstan"} if resource == "countries" else {})}
    listed = client.get(f"{API}{resource}/", params).json()["results"]
    assert body["url"] in [item["url"] for item in listed]


@pytest.mark.parametrize("resource", WITH_PAGES)
def test_html_url_is_the_public_page(client, article, resource):
    key = ENDPOINTS[resource]
    body = client.get(f"{API}{resource}/{key}/").json()
    assert body["html_url"] == f"http://testserver{WITH_PAGES[resource]}{key.lower()}/"
    assert client.get(body["html_url"]).status_code == 200


@pytest.mark.parametrize("resource", DATED)
def test_dated_records_carry_edtf_and_bounds(client, article, resource):
    body = client.get(f"{API}{resource}/{ENDPOINTS[resource]}/").json()
    assert body["date"]
    assert body["date_display"]
    for bound in ("date_earliest", "date_latest"):
        assert bound in body


def test_dates_keep_their_precision(client, article):
    body = client.get(f"{API}events/mikhail-zhilin-deportation-from-kazakhstan/").json()
    assert body["date"] == "2022-12"
    assert (body["date_earliest"], body["date_latest"]) == ("2022-12-01", "2022-12-31")
    assert body["date_display"] == "December 2022"
    open_start = client.get(f"{API}events/mikhail-zhilin-flight/").json()
    assert (open_start["date"], open_start["date_earliest"], open_start["date_latest"]) == (
        "../2022-12",
        None,
        "2022-12-31",
    )


def test_statistic_period_and_source_published_are_their_dates(client, article):
    statistic = client.get(f"{API}statistics/{ENDPOINTS['statistics']}/").json()
    assert statistic["period"] == statistic["date"] == "2022-02/2024-10"
    source = client.get(f"{API}sources/{ENDPOINTS['sources']}/").json()
    assert source["published"] == source["date"] == "2024-10-16"
    assert source["seed_file"] == "seeds/000_95fa9fc9fe1ff114.txt"


@pytest.mark.parametrize("resource", CITED)
def test_factual_records_carry_their_citations(client, article, resource):
    body = client.get(f"{API}{resource}/{ENDPOINTS[resource]}/").json()
    assert body["citations"]
    for citation in body["citations"]:
        assert citation["source"] == ENDPOINTS["sources"]
        assert citation["quote"]
        assert "locator" in citation


def test_country_references_are_iso_codes(client, article):
    event = client.get(f"{API}events/maksim-kuzminov-defection-to-ukraine/").json()
    assert (event["from_country"], event["to_country"], event["country"]) == ("RU", "UA", None)
    assert client.get(f"{API}persons/mikhail-zhilin/").json()["citizenship"] == "RU"


def test_related_records_are_slugs(client, article):
    prosecution = client.get(f"{API}prosecutions/{ENDPOINTS['prosecutions']}/").json()
    assert prosecution["charge"] == "russia-desertion"
    assert prosecution["reported_by"] == "mediazona"
    assert (prosecution["case_count"], prosecution["count_qualifier"]) == (7400, "at_least")
    killing = client.get(f"{API}events/maksim-kuzminov-killing-in-spain/").json()
    assert killing["organizations"] == ["russian-intelligence"]
    cohort = client.get(f"{API}cohorts/{ENDPOINTS['cohorts']}/").json()
    assert cohort["members"] == ["alexander"]
    assert cohort["size"] == 6


@pytest.mark.parametrize("code", ["KZ", "kz", "Kz"])
def test_country_detail_by_code_in_any_case(client, db, code):
    response = client.get(f"{API}countries/{code}/")
    assert response.status_code == 200
    assert response.json()["code"] == "KZ"
    assert response.json()["name"] == "Kazakhstan"


def test_unknown_country_code_is_404(client, db):
    assert client.get(f"{API}countries/QQ/").status_code == 404
    assert client.get(f"{API}countries/kaz/").status_code == 404


def test_country_name_follows_the_request_language(client, db):
    body = client.get(f"{API}countries/de/", headers={"accept-language": "ru"}).json()
    assert body["name"] == "Германия"
    assert body["name_en"] == "Germany"


def test_person_detail_embeds_timeline_outcomes_prosecutions_and_cohorts(client, article):
    body = client.get(f"{API}persons/alexander/").json()
    assert [cohort["slug"] for cohort in body["cohorts"]] == ["six-russian-soldiers-france-2024"]
    timeline = body["timeline"]
    slugs = [event["slug"] for event in timeline]
    # His own events and the cohort's, interleaved in time order; the undated one where
    # the editor placed it (tests/test_timeline.py checks the order on every surface).
    assert slugs == [
        "six-russian-soldiers-flight-to-kazakhstan",
        "alexander-desertion",
        "alexander-youtube-channel-kazakhstan",
        "six-russian-soldiers-visas-granted-france",
        "alexander-arrival-in-france",
        "six-russian-soldiers-arrival-in-france",
        "six-russian-soldiers-asylum-application-france",
    ]
    via = {event["slug"]: event["via_cohort"] for event in timeline}
    assert via["alexander-desertion"] is None
    assert via["six-russian-soldiers-flight-to-kazakhstan"] == "six-russian-soldiers-france-2024"
    outcomes = {outcome["status"]: outcome["via_cohort"] for outcome in body["asylum_outcomes"]}
    assert outcomes == {
        "applied": "six-russian-soldiers-france-2024",
        "temporary_visa": "six-russian-soldiers-france-2024",
    }
    assert body["prosecutions"] == []


def test_person_detail_lists_their_prosecutions(client, db):
    from tests.factories import ProsecutionFactory

    prosecution = ProsecutionFactory()
    body = client.get(f"{API}persons/{prosecution.defendant.slug}/").json()
    assert [item["slug"] for item in body["prosecutions"]] == [prosecution.slug]
    assert body["prosecutions"][0]["charge"] == prosecution.charge.slug


def test_person_list_stays_lean(client, article):
    item = client.get(f"{API}persons/").json()["results"][0]
    for embedded in ("timeline", "asylum_outcomes", "prosecutions", "cohorts"):
        assert embedded not in item


def test_person_fields_are_exactly_the_public_ones(client, article):
    Person.objects.filter(slug="alexander").update(legal_name="x", risk_notes="y")
    item = client.get(f"{API}persons/alexander/").json()
    assert set(item) == {
        "url",
        "html_url",
        "slug",
        "display_name",
        "name_is_pseudonym",
        "name_native",
        "citizenship",
        "military_background",
        "situation",
        "wikidata_id",
        "summary",
        "citations",
        "created_at",
        "updated_at",
        "cohorts",
        "timeline",
        "asylum_outcomes",
        "prosecutions",
        "text_language",
        "cite_as",
    }


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, article, method):
    response = getattr(client, method)(f"{API}persons/alexander/", content_type="application/json", data={})
    assert response.status_code == 405
    assert Person.objects.filter(slug="alexander").exists()
