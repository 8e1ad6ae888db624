"""Persons and organizations may carry a Wikidata item ID: checked, unique, public, filterable."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from casework.models import Organization, Person
from casework.vocabularies import Visibility
from tests.admin_helpers import change_url, form_data
from tests.factories import OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Person, Organization])
@pytest.mark.parametrize("bad", ["42", "q42", "Q042", "Q", "https://www.wikidata.org/wiki/Q42", "Q42 "])
def test_only_q_numbers_are_accepted_by_the_form_and_the_database(model, bad):
    factory = PersonFactory if model is Person else OrganizationFactory
    record = factory.build(wikidata_id=bad)
    with pytest.raises(ValidationError) as excinfo:
        record.full_clean(exclude=["citizenship", "country"])
    assert "wikidata_id" in excinfo.value.message_dict
    with pytest.raises(IntegrityError) as database, transaction.atomic():
        factory(wikidata_id=bad)
    assert f"{model._meta.model_name}_wikidata_id_format" in str(database.value)


@pytest.mark.parametrize("factory", [PersonFactory, OrganizationFactory])
def test_an_id_belongs_to_one_record_but_many_may_have_none(factory):
    factory(wikidata_id="Q4115189")
    factory(wikidata_id="")
    factory(wikidata_id="")
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(wikidata_id="Q4115189")


def test_api_exposes_and_filters_by_wikidata_id(client):
    PersonFactory(slug="kuzminov", wikidata_id="Q124386367")
    PersonFactory(slug="without-item")
    OrganizationFactory(slug="mediazona", wikidata_id="Q24934313")
    person = client.get("/api/v1/persons/kuzminov/").json()
    assert person["wikidata_id"] == "Q124386367"
    found = client.get("/api/v1/persons/", {"wikidata_id": "Q124386367"}).json()
    assert [row["slug"] for row in found["results"]] == ["kuzminov"]
    assert client.get("/api/v1/persons/", {"wikidata_id": "Q1"}).json()["count"] == 0
    both = client.get("/api/v1/persons/", {"wikidata_id": "Q124386367,Q1"}).json()
    assert [row["slug"] for row in both["results"]] == ["kuzminov"]
    assert client.get("/api/v1/persons/without-item/").json()["wikidata_id"] is None
    orgs = client.get("/api/v1/organizations/", {"wikidata_id": "Q24934313"}).json()["results"]
    assert [(row["slug"], row["wikidata_id"]) for row in orgs] == [("mediazona", "Q24934313")]


@pytest.mark.parametrize("resource", ["persons", "organizations"])
def test_a_malformed_id_filter_is_a_400_naming_the_parameter(client, resource):
    response = client.get(f"/api/v1/{resource}/", {"wikidata_id": "wikidata.org/wiki/Q42"})
    assert response.status_code == 400
    assert "wikidata_id" in response.content.decode()


def test_a_draft_is_not_found_by_its_wikidata_id(client):
    PersonFactory(slug="hidden", wikidata_id="Q99", visibility=Visibility.DRAFT)
    assert client.get("/api/v1/persons/", {"wikidata_id": "Q99"}).json()["count"] == 0


def test_schema_documents_the_filter_with_its_pattern(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/persons/"]["get"]["parameters"]}
    # One or more Q-numbers, comma-separated, as one string with a pattern.
    pattern = parameters["wikidata_id"]["schema"]["pattern"]
    assert re.fullmatch(pattern, "Q42") and re.fullmatch(pattern, "Q42,Q1")
    assert not any(re.fullmatch(pattern, bad) for bad in ("", "Q42,", ",Q1", "Q42,,Q1", "q42", "Q042"))
    assert parameters["wikidata_id"]["example"] == "Q124386367"
    assert parameters["wikidata_id"]["description"].startswith("Wikidata item ID")
    assert "wikidata_id" in schema["components"]["schemas"]["Organization"]["properties"]


@pytest.mark.parametrize("factory", [PersonFactory, OrganizationFactory])
def test_editors_set_the_id_in_the_admin_and_get_a_clear_error_for_a_url(client, editor, factory):
    record = factory(visibility=Visibility.DRAFT)
    factory(visibility=Visibility.DRAFT, wikidata_id="Q7")
    client.force_login(editor)
    page = client.get(change_url(record))
    assert "wikidata_id" in page.context["adminform"].form.fields

    response = client.post(change_url(record), form_data(page, wikidata_id="https://www.wikidata.org/wiki/Q42"))
    assert response.status_code == 200
    assert any(
        "Q followed by its number" in error for error in response.context["adminform"].form.errors["wikidata_id"]
    )

    taken = client.post(change_url(record), form_data(page, wikidata_id="Q7"))
    assert taken.status_code == 200
    assert taken.context["adminform"].form.non_field_errors() == ["Another record already has this Wikidata ID."]

    saved = client.post(change_url(record), form_data(page, wikidata_id="Q42"))
    assert saved.status_code == 302
    record.refresh_from_db()
    assert record.wikidata_id == "Q42"
