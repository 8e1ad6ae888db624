"""Country conditions: what the sources say about how a country treats deserters, shown
first on its country page with footnotes, served by /api/v1/country-conditions/, and
public only when published, like every other cited record."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from casework import models, services
from casework.sync import RESOURCE_NAMES
from tests.factories import CitationFactory, CountryConditionFactory, SourceFactory, country

API = "/api/v1/country-conditions/"

pytestmark = pytest.mark.django_db


def slugs(client, **params) -> list[str]:
    response = client.get(API, params)
    assert response.status_code == 200, response.content
    return [record["slug"] for record in response.json()["results"]]


def test_armenia_has_a_page_that_opens_with_what_the_source_says(client, article):
    page = client.get("/countries/am/").content.decode()
    assert "could enter Armenia without a passport" in page
    # Conditions come before anything else on the page, each with its footnote.
    assert page.index("conditions-title") < page.index("people-title")
    condition = page.split('<dl class="conditions">', 1)[1].split("</dl>", 1)[0]
    assert 'class="fn-ref"' in condition
    assert "Many deserters fled to nearby countries like Armenia" in page  # the footnote's quote
    index = client.get("/countries/").content.decode()
    assert "/countries/am/" in index


def test_russia_lists_its_conditions_in_the_vocabularys_order(client, article):
    response = client.get("/countries/ru/")
    topics = [condition.topic for condition in response.context["conditions"]]
    assert topics == ["deportation_risk", "kidnapping", "detention", "penalties"]
    assert "holes and pits" in response.content.decode()


def test_the_api_filters_like_the_other_resources(client, article):
    assert slugs(client, country="am") == ["armenia-entry-without-passport"]
    assert set(slugs(client, topic="entry_rules")) == {
        "armenia-entry-without-passport",
        "kazakhstan-entry-without-passport",
    }
    assert slugs(client, country="RU", topic="detention") == ["russia-holes-and-pits"]
    assert slugs(client, search="pits") == ["russia-holes-and-pits"]
    assert len(slugs(client, ordering="-date,slug")) == 6
    # Undated records overlap no period.
    assert slugs(client, date_from="2020") == []
    assert client.get(API, {"updated_since": "2000-01-01T00:00:00Z"}).json()["count"] == 6


@pytest.mark.parametrize(("param", "value"), [("topic", "rumours"), ("country", "XX"), ("ordering", "summary")])
def test_bad_parameters_are_400_naming_them(client, article, param, value):
    response = client.get(API, {param: value})
    assert response.status_code == 400
    assert [error["attr"] for error in response.json()["errors"]] == [param]


def test_detail_and_csv_carry_the_citations(client, article):
    body = client.get(f"{API}armenia-entry-without-passport/").json()
    assert body["country"] == "AM" and body["topic"] == "entry_rules"
    assert body["html_url"].endswith("/countries/am/")
    assert body["citations"][0]["locator"] == "para. 5"
    rows = list(csv.DictReader(io.StringIO(b"".join(client.get(API, {"format": "csv"}).streaming_content).decode())))
    assert {row["slug"] for row in rows} == {condition.slug for condition in models.CountryCondition.objects.all()}


def test_an_unpublished_condition_reaches_no_public_path(client, db):
    hidden = CountryConditionFactory(slug="hidden-condition", country=country("UZ"), visibility="review")
    public = CountryConditionFactory(slug="public-condition", country=country("AM"))
    hidden_source = SourceFactory(visibility="draft")
    CitationFactory(record=public, source=hidden_source, quote="a quote from a draft source")
    assert slugs(client) == ["public-condition"]
    assert client.get(f"{API}hidden-condition/").status_code == 404
    assert client.get("/countries/uz/").context["conditions"] == []
    assert "/countries/uz/" not in client.get("/countries/").content.decode()
    assert "/countries/uz/" not in client.get("/sitemap.xml").content.decode()
    assert "a quote from a draft source" not in client.get("/countries/am/").content.decode()
    citations = client.get("/api/v1/citations/", {"record_type": "country-conditions"}).json()
    assert citations["count"] == 0
    assert hidden.slug not in client.get("/api/v1/withdrawn/").content.decode()


def test_unpublishing_lists_it_as_withdrawn(client, article, reviewer):
    conditions = models.CountryCondition.objects.filter(slug="armenia-entry-without-passport")
    condition = conditions.get()
    services.records_unpublish(queryset=conditions, user=reviewer)
    withdrawn = client.get("/api/v1/withdrawn/", {"resource": "country-conditions"}).json()["results"]
    assert [record["slug"] for record in withdrawn] == [condition.slug]
    assert RESOURCE_NAMES[models.CountryCondition] == "country-conditions"
    # With nothing public left about it, Armenia has nothing to show.
    assert "/countries/am/" not in client.get("/countries/").content.decode()


def test_editors_and_reviewers_work_on_conditions_in_the_admin(admin_client, article):
    editor = {perm.codename for perm in Group.objects.get(name="Editor").permissions.all()}
    reviewer = {perm.codename for perm in Group.objects.get(name="Reviewer").permissions.all()}
    assert {"add_countrycondition", "change_countrycondition", "view_countrycondition"} <= editor
    assert "delete_countrycondition" not in editor
    assert "delete_countrycondition" in reviewer
    condition = models.CountryCondition.objects.get(slug="russia-holes-and-pits")
    page = admin_client.get(reverse("admin:casework_countrycondition_change", args=[condition.pk])).content.decode()
    assert "holes and pits" in page and 'name="topic"' in page
    assert "Country conditions" in admin_client.get(reverse("admin:index")).content.decode()
