"""The API keeps the contract its schema states: the schema validates, every answer
(errors included) has the status, media type and shape the schema gives it, and
schemathesis with its default checks finds nothing to report on any operation."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from rest_framework.throttling import AnonRateThrottle

from api.views import PersonViewSet
from tests import factories
from tests.conftest import load_article_after_flush

API = "/api/v1/"


@pytest.fixture
def article(article_for_module, db):
    """The article's records, loaded once for this module."""


def served_schema(client) -> dict:
    response = client.get(f"{API}schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_passes_the_openapi_spec_validator(client, db):
    from openapi_spec_validator import validate

    schema = served_schema(client)
    validate(schema)  # raises on the first violation
    assert schema["openapi"].startswith("3.")


def test_countries_detail_is_keyed_by_code_alone(client, db):
    parameters = served_schema(client)["paths"][f"{API}countries/{{code}}/"]["get"]["parameters"]
    path_parameters = [p["name"] for p in parameters if p["in"] == "path"]
    assert path_parameters == ["code"]


def test_csv_is_documented_as_text_not_as_the_page(client, db):
    content = served_schema(client)["paths"][f"{API}events/"]["get"]["responses"]["200"]["content"]
    assert content["application/json"]["schema"]["$ref"].endswith("/PaginatedEventList")
    assert content["text/csv"]["schema"]["type"] == "string"


def assert_error_shape(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) == {"type", "errors"}
    assert body["type"] == (
        "validation_error" if status == 400 else "server_error" if status >= 500 else "client_error"
    )
    assert body["errors"]
    for error in body["errors"]:
        assert set(error) == {"code", "detail", "attr"}
        assert error["detail"]
    return body


@pytest.mark.parametrize(
    "path",
    [
        f"{API}nothing-here/",
        "/api/v2/persons/",
        "/api/",
        f"{API}persons/has%20a%20space/",
        f"{API}persons/dot.in.slug/",
        f"{API}countries/kaz/",
        f"{API}persons/no-such-person/",
    ],
)
def test_unknown_paths_under_the_api_are_json_404(client, db, path):
    body = assert_error_shape(client.get(path), 404)
    assert body["errors"][0]["code"] == "not_found"


def test_pages_outside_the_api_keep_their_html_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_bad_parameter_is_400_naming_it(client, article):
    body = assert_error_shape(client.get(f"{API}events/", {"type": "flying"}), 400)
    assert [error["attr"] for error in body["errors"]] == ["type"]
    body = assert_error_shape(client.get(f"{API}events/", {"colour": "red"}), 400)
    assert [error["attr"] for error in body["errors"]] == ["colour"]
    assert "type" in body["errors"][0]["detail"]  # the accepted parameters are listed


@pytest.mark.parametrize("path", [f"{API}persons/", f"{API}persons/mikhail-zhilin/"])
def test_an_empty_format_is_400(client, article, path):
    body = assert_error_shape(client.get(path, {"format": ""}), 400)
    assert body["errors"][0]["attr"] == "format"


def test_writing_is_405_with_allow(client, article):
    response = client.post(f"{API}persons/", {"display_name": "x"})
    assert_error_shape(response, 405)
    assert "GET" in response["Allow"] and "POST" not in response["Allow"]
    assert_error_shape(client.delete(f"{API}persons/mikhail-zhilin/"), 405)


def test_an_unacceptable_media_type_is_406(client, article):
    assert_error_shape(client.get(f"{API}persons/mikhail-zhilin/", headers={"accept": "application/xml"}), 406)


def test_throttled_is_429_in_the_same_shape(client, db, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute"})
    client.get(f"{API}countries/fr/")
    response = client.get(f"{API}countries/fr/")
    body = assert_error_shape(response, 429)
    assert body["errors"][0]["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_a_crash_is_500_json_without_details(db, monkeypatch):
    def crash(self, request, *args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(PersonViewSet, "list", crash)
    response = Client(raise_request_exception=False).get(f"{API}persons/")
    body = assert_error_shape(response, 500)
    assert b"secret internals" not in response.content
    assert body["errors"][0]["detail"] == "Server Error (500)"


def test_empty_optional_values_are_null_not_empty_strings(client, db):
    organization = factories.OrganizationFactory(website="", summary="")
    body = client.get(f"{API}organizations/{organization.slug}/").json()
    assert body["website"] is None
    assert body["summary"] is None
    source = factories.SourceFactory(url="", date="")
    body = client.get(f"{API}sources/{source.slug}/").json()
    assert body["document_url"] is None
    assert body["published"] is None
    assert body["date_display"] is None


def test_no_answer_holds_an_empty_string(client, article):
    def strings(value):
        if isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)
        elif isinstance(value, str):
            yield value

    for resource in ("persons", "organizations", "events", "asylum-outcomes", "prosecutions", "statistics", "sources"):
        body = client.get(f"{API}{resource}/", {"page_size": 100}).json()
        assert "" not in set(strings(body["results"])), resource


def test_csv_takes_page_and_page_size(client, article):
    json_page = client.get(f"{API}events/", {"page": 2, "page_size": 3}).json()["results"]
    response = client.get(f"{API}events/", {"format": "csv", "page": 2, "page_size": 3})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 1 + 3
    assert [line.split(",")[1] for line in lines[1:]] == [event["slug"] for event in json_page]


# Schemathesis, with its default checks (not a chosen few), over every operation.


@pytest.mark.slow
def test_schemathesis_with_its_default_checks_finds_nothing(live_server, settings, monkeypatch):
    """`st run` against a live server holding the article: every phase (examples, coverage,
    fuzzing, stateful) and every default check, from server errors to schema conformance,
    accepted valid data, rejected invalid data and undeclared methods."""
    load_article_after_flush()
    # The fuzzer's thousands of calls would soon be throttled; throttling is tested above.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1000000/minute"})
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost", "127.0.0.1"]
    st = Path(sys.executable).with_name("st")
    result = subprocess.run(
        [
            str(st),
            "run",
            f"{live_server.url}{API}schema/?format=json",
            "--max-examples=20",
            "--seed=20241016",
            "--workers=1",
        ],
        capture_output=True,
        text=True,
        # 47 operations at 20 examples each, every phase: about 15 minutes on a busy 2-core machine.
        timeout=2700,
        env={**os.environ, "NO_COLOR": "1", "SCHEMATHESIS_HOOKS": ""},
    )
    summary = result.stdout[result.stdout.rfind("SUMMARY") :]
    assert result.returncode == 0, result.stdout[-8000:]
    operations = sum(len(methods) for methods in served_schema(Client())["paths"].values())
    assert f"Selected: {operations}/{operations}" in summary and f"Tested: {operations}" in summary


# Being a good citizen


def test_the_root_names_licence_terms_contact_and_changelog(client, db, settings):
    body = client.get(API).json()
    assert body["licence"] == {
        "name": "CC BY 4.0",
        "title": "Creative Commons Attribution 4.0 International",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert "CC BY 4.0" in body["terms"] and "identify or locate" in body["terms"]
    assert body["contact"].endswith("/about/")
    assert body["version"] == settings.SPECTACULAR_SETTINGS["VERSION"]
    changelog = client.get(body["changelog"])
    assert changelog["Content-Type"].startswith("text/markdown")
    assert f"## {body['version']}" in changelog.content.decode()
    settings.API_CONTACT = "mailto:data@casework.example"
    assert client.get(API).json()["contact"] == "mailto:data@casework.example"


def test_the_changelog_names_the_schema_version(client, db, settings):
    text = client.get(f"{API}changelog/").content.decode()
    assert f"## {settings.SPECTACULAR_SETTINGS['VERSION']} " in text


@pytest.mark.parametrize(
    "path", [API, f"{API}persons/", f"{API}persons/mikhail-zhilin/", f"{API}events/?type=flying", f"{API}schema/"]
)
def test_every_answer_says_where_the_caller_stands(client, article, path, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "5/minute"})
    first = client.get(path)
    second = client.get(path)
    assert first["RateLimit-Limit"] == second["RateLimit-Limit"] == "5"
    assert (int(first["RateLimit-Remaining"]), int(second["RateLimit-Remaining"])) == (4, 3)
    assert 0 < int(second["RateLimit-Reset"]) <= 60


def test_a_throttled_answer_has_no_requests_left(client, db, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute"})
    client.get(f"{API}countries/fr/")
    response = client.get(f"{API}countries/fr/")
    assert response.status_code == 429
    assert response["RateLimit-Remaining"] == "0"
    assert int(response["RateLimit-Reset"]) == int(response["Retry-After"])
