"""The data licence is stated wherever the data goes, and every record says how to cite it."""

import pytest
from django.conf import settings

from tests.factories import OrganizationFactory
from tests.test_api_privacy import RESOURCES

pytestmark = pytest.mark.django_db

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/cases/alexander/", "Alexander"),
        ("/cohorts/six-russian-soldiers-france-2024/", None),
        ("/countries/kz/", "Kazakhstan"),
        ("/sources/six-russian-soldiers-granted-temporary-asylum-in-france-2024-10-16/", None),
    ],
)
def test_every_detail_page_has_a_cite_this_record_line(client, article, path, title):
    html = client.get(path).content.decode()
    assert "Cite this record" in html
    line = html.split('<p class="example">')[1].split("</p>")[0]
    assert line.startswith("Casework contributors, “")
    assert f"http://testserver{path}, accessed " in line
    assert line.endswith("(CC BY 4.0).")
    if title:
        assert f"“{title}”" in line


def test_cite_line_in_russian(client, article):
    html = client.get("/ru/cases/alexander/").content.decode()
    assert "Как сослаться на эту запись" in html
    assert "http://testserver/ru/cases/alexander/, дата обращения " in html


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_api_detail_carries_cite_as(client, article, resource):
    first = client.get(f"/api/v1/{resource}/").json()["results"][0]
    detail = client.get(first["url"]).json()
    cite = detail["cite_as"]
    assert cite.startswith("Casework contributors, “")
    assert cite.endswith(" (CC BY 4.0).")
    # The record's page where it has one, its API address otherwise; never a date that
    # would change the record every day.
    assert (detail.get("html_url") or detail["url"]) in cite
    assert "accessed" not in cite


def test_cite_as_of_a_record_without_a_page_is_its_api_address(client, db):
    OrganizationFactory(slug="go-by-the-forest", name="Go By The Forest")
    cite = client.get("/api/v1/organizations/go-by-the-forest/").json()["cite_as"]
    assert cite == (
        "Casework contributors, “Go By The Forest”, Casework, "
        "http://testserver/api/v1/organizations/go-by-the-forest/ (CC BY 4.0)."
    )


def test_schema_states_the_licence(client, db):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    assert schema["info"]["license"] == {"name": "CC BY 4.0", "url": LICENCE_URL}
    assert "CC BY 4.0" in schema["info"]["description"]
    assert "cite_as" in schema["components"]["schemas"]["Person"]["properties"]


def test_about_states_the_licence_and_links_the_bulk_data(client, article):
    html = client.get("/about/").content.decode()
    # Named with its address as text: the pages link to nothing outside the site.
    assert f"Creative Commons Attribution 4.0 International licence (CC BY 4.0, {LICENCE_URL})" in html
    assert 'href="/data/"' in html
    assert 'id="licence"' in html


def test_citation_cff_names_the_project_and_the_data_licence():
    text = (settings.BASE_DIR / "CITATION.cff").read_text(encoding="utf-8")
    assert "cff-version: 1.2.0" in text
    assert "title: Casework" in text
    assert "license: AGPL-3.0-or-later" in text  # the code's, as pyproject.toml says
    assert "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)" in " ".join(text.split())
