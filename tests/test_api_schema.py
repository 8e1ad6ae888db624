"""The OpenAPI schema is valid and describes everything; the docs are served locally;
requests generated from the schema never meet a server error."""

import re

import pytest
import yaml
from django.core.management import call_command

API = "/api/v1/"


@pytest.fixture
def article(article_for_module, db):
    """The article's records, loaded once for this module."""


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def test_schema_validates_without_warnings(tmp_path, db):
    # --fail-on-warn: a field or filter whose type spectacular had to guess fails here.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert yaml.safe_load((tmp_path / "schema.yaml").read_text())["openapi"].startswith("3.")


def test_schema_is_served(client, db):
    response = client.get(f"{API}schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for resource in ("persons", "countries", "asylum-outcomes", "events", "sources"):
        assert f"{API}{resource}/" in paths
    assert f"{API}countries/{{code}}/" in paths


def test_every_field_is_described(schema):
    undescribed = [
        f"{name}.{field}"
        for name, component in schema["components"]["schemas"].items()
        for field, spec in component.get("properties", {}).items()
        if not spec.get("description") and "allOf" not in spec
    ]
    assert undescribed == []


def test_every_parameter_and_operation_is_described(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("description"), (path, method)
            for parameter in operation.get("parameters", []):
                assert parameter.get("description"), (path, parameter["name"])


def test_errors_and_throttling_are_documented(schema):
    for path, operations in schema["paths"].items():
        if not path.startswith(API) or "/schema/" in path or "/docs/" in path:
            continue
        responses = operations["get"]["responses"]
        assert {"200", "400", "404", "429"} <= set(responses), path
        assert "Retry-After" in responses["429"]["headers"]
        assert all(response["description"] for response in responses.values())


def test_vocabulary_values_are_listed_and_explained(schema):
    event_type = schema["components"]["schemas"]["TypeEnum"]
    assert "deportation" in event_type["enum"]
    assert "`deportation` - Deportation" in event_type["description"]
    status = schema["components"]["schemas"]["AsylumStatusEnum"]
    assert "temporary_visa" in status["enum"]
    assert "Temporary visa while the application is pending" in status["description"]


def test_filters_are_in_the_schema(schema):
    params = {p["name"]: p for p in schema["paths"][f"{API}events/"]["get"]["parameters"]}
    for name in (
        "country",
        "from_country",
        "to_country",
        "type",
        "person",
        "cohort",
        "organization",
        "date_from",
        "date_to",
        "search",
        "ordering",
        "page",
        "page_size",
        "format",
    ):
        assert name in params, name
    assert params["page_size"]["schema"]["maximum"] == 100
    assert sorted(params["format"]["schema"]["enum"]) == ["csv", "json"]
    assert "deportation" in params["type"]["schema"]["items"]["enum"]
    assert "`deportation` - Deportation" in params["type"]["description"]


def test_restricted_fields_are_not_in_the_schema(schema):
    text = yaml.safe_dump(schema)
    for field in ("legal_name", "current_location", "risk_notes", "internal_notes", "visibility"):
        assert field not in text
    assert "contact" not in schema["components"]["schemas"]["Person"]["properties"]


def test_docs_come_from_local_static_files(client, db):
    response = client.get(f"{API}docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "//cdn" not in page and "unpkg" not in page and "jsdelivr" not in page
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any("swagger-ui-bundle.js" in asset for asset in assets)
    for asset in assets:
        assert asset.startswith("/"), asset
        assert client.get(asset.replace("&amp;", "&")).status_code == 200, asset


def test_docs_name_every_parameter_and_path_the_schema_has(schema):
    from django.conf import settings

    text = (settings.BASE_DIR / "docs" / "api.md").read_text(encoding="utf-8")
    names = {
        parameter["name"]
        for operations in schema["paths"].values()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    }
    assert [name for name in sorted(names) if f"`{name}" not in text] == []
    for action in ("counts", "crawl"):
        assert f"/api/v1/<resource>/{action}/" in text
