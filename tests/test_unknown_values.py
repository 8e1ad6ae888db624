"""Unknown is a value: a field the sources leave open says "not stated", and no public
surface turns that into a yes or a no."""

import pytest
from django.urls import reverse

from casework.models import Person
from casework.vocabularies import Situation
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

PSEUDONYM_LINE = "The sources use a pseudonym for this person."


def test_alexander_is_not_said_to_use_his_real_name_nor_a_pseudonym(article):
    alexander = Person.objects.get(slug="alexander")
    assert alexander.name_is_pseudonym is None
    # The article: the six "have been granted temporary visas in France as they apply for
    # political asylum"; resettlement is something narrower.
    assert alexander.situation == Situation.TEMPORARY_VISA


def test_api_gives_null_for_a_pseudonym_nobody_states(client, article):
    body = client.get("/api/v1/persons/alexander/").json()
    assert body["name_is_pseudonym"] is None
    assert body["situation"] == "temporary_visa"


@pytest.mark.parametrize(
    ("stated", "api_value", "line_shown"), [(None, None, False), (False, False, False), (True, True, True)]
)
def test_pseudonym_reaches_page_and_api_only_as_stated(client, stated, api_value, line_shown):
    person = PersonFactory(name_is_pseudonym=stated)
    assert client.get(f"/api/v1/persons/{person.slug}/").json()["name_is_pseudonym"] is api_value
    html = client.get(person.get_absolute_url()).content.decode()
    assert (PSEUDONYM_LINE in html) is line_shown


def test_an_unstated_situation_is_left_off_the_page(client):
    unknown = PersonFactory(situation=Situation.UNKNOWN)
    known = PersonFactory(situation=Situation.TEMPORARY_VISA)
    assert "Where they stand now" not in client.get(unknown.get_absolute_url()).content.decode()
    html = client.get(known.get_absolute_url()).content.decode()
    assert "Holding a temporary visa while applying for asylum" in html


def test_russian_page_names_the_new_situation(client):
    person = PersonFactory(situation=Situation.GRANTED_PROTECTION)
    html = client.get("/ru" + person.get_absolute_url()).content.decode()
    assert "Предоставлена защита" in html


def test_admin_offers_not_stated_for_the_pseudonym(client, editor):
    person = PersonFactory(name_is_pseudonym=None)
    client.force_login(editor)
    html = client.get(reverse("admin:casework_person_change", args=[person.pk])).content.decode()
    assert '<option value="" selected>Not stated</option>' in html
