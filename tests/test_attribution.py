"""Attribution on every claim: a citation says who makes the claim (an organization, a
person speaking for it) apart from who published it, on the pages and in the API."""

import re

import pytest
from django.urls import reverse

from casework.models import Citation, Organization, Person
from casework.vocabularies import Visibility
from tests.factories import CitationFactory, OrganizationFactory, PersonFactory, SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db
COHORT = "six-russian-soldiers-france-2024"


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_paragraph_two_is_attributed_to_the_organization_that_helps_soldiers_flee(article):
    reported = Citation.objects.filter(quote__contains="arrived in Paris") | Citation.objects.filter(
        quote="after initially escaping from Russia to Kazakhstan in 2022 and 2023"
    )
    assert reported.count() == 3
    assert {citation.claimant_organization.slug for citation in reported} == {"go-by-the-forest"}
    assert {citation.connection for citation in reported} == {"ngo"}


def test_chuviliaev_speaks_for_go_by_the_forest_without_becoming_a_case(article):
    quoted = Citation.objects.filter(speaker__name="Ivan Chuviliaev")
    assert quoted.count() == 2
    assert {(c.speaker.organization.slug, c.speaker.role) for c in quoted} == {("go-by-the-forest", "spokesperson")}
    assert not Person.objects.filter(display_name__icontains="Chuviliaev").exists()


def test_footnote_reads_according_to_the_organization_and_its_speaker(client, article):
    html = text(client.get(reverse("cohort-detail", kwargs={"slug": COHORT})))
    assert "According to Go By The Forest (Ivan Chuviliaev, spokesperson), as reported in" in html
    assert "According to Go By The Forest, as reported in" in html


def test_russian_footnote_marks_the_latin_names(client, article):
    url = "/ru" + reverse("cohort-detail", kwargs={"slug": COHORT})
    html = text(client.get(url))
    # The organization as Russian media name it; the speaker's name as the source spells it.
    assert '«Идите лесом» (<span lang="en">Ivan Chuviliaev</span>, ' in html
    Organization.objects.filter(slug="go-by-the-forest").update(name_ru="")
    html = text(client.get(url))
    assert '<span lang="en">Go By The Forest</span> (<span lang="en">Ivan Chuviliaev</span>, ' in html


def test_api_citations_carry_the_claimant(client, article):
    nested = client.get(f"/api/v1/cohorts/{COHORT}/").json()["citations"]
    quote = next(c for c in nested if c["quote"].startswith('"This is the first time'))
    assert quote["claimant_organization"] == "go-by-the-forest"
    assert quote["speaker"] == {"name": "Ivan Chuviliaev", "role": "spokesperson", "organization": "go-by-the-forest"}
    listed = client.get("/api/v1/citations/", {"page_size": 100}).json()["results"]
    own_voice = next(c for c in listed if c["quote"].startswith("In December 2022"))
    assert own_voice["claimant_organization"] is None and own_voice["speaker"] is None
    assert sum(c["speaker"] is not None for c in listed) == 2


def _cited_person(**citation):
    person = PersonFactory()
    CitationFactory(record=person, source=SourceFactory(publisher="The Daily"), **citation)
    return person


def test_footnote_names_the_publisher_when_the_source_has_one(client):
    organization = OrganizationFactory(name="Helpers")
    person = _cited_person(claimant_organization=organization)
    assert "According to Helpers, reported by The Daily." in text(client.get(person.get_absolute_url()))


def test_a_speaker_alone_is_named_with_the_organization_they_speak_for(client):
    speaker = SpeakerFactory(name="Anna K.", role="lawyer", organization=OrganizationFactory(name="Counsel"))
    person = _cited_person(speaker=speaker)
    assert "According to Counsel (Anna K., lawyer), reported by The Daily." in text(
        client.get(person.get_absolute_url())
    )
    body = client.get(f"/api/v1/persons/{person.slug}/").json()
    assert body["citations"][0]["speaker"]["organization"] == speaker.organization.slug


def test_a_draft_claimant_is_named_nowhere(client):
    draft = OrganizationFactory(name="Unpublished Helpers", slug="unpublished-helpers", visibility=Visibility.DRAFT)
    speaker = SpeakerFactory(name="Boris", role="", organization=draft)
    person = _cited_person(claimant_organization=draft, speaker=speaker)
    html = text(client.get(person.get_absolute_url()))
    assert "Unpublished Helpers" not in html
    assert "According to Boris, reported by The Daily." in html
    for body in (
        client.get(f"/api/v1/persons/{person.slug}/").json()["citations"][0],
        client.get("/api/v1/citations/").json()["results"][0],
    ):
        assert body["claimant_organization"] is None
        assert body["speaker"] == {"name": "Boris", "role": None, "organization": None}
        assert "unpublished-helpers" not in str(body)


def test_a_claim_in_the_sources_own_voice_has_no_according_to(client):
    person = _cited_person()
    assert "According to" not in text(client.get(person.get_absolute_url()))


def test_admin_citation_rows_offer_claimant_and_speaker_by_autocomplete(client, editor):
    person = _cited_person()
    SpeakerFactory(name="Ivan Chuviliaev")
    client.force_login(editor)
    html = client.get(reverse("admin:casework_person_change", args=[person.pk])).content.decode()
    for field in ("claimant_organization", "speaker"):
        assert f'data-model-name="citation" data-field-name="{field}"' in html
    found = client.get(
        "/admin/autocomplete/",
        {"app_label": "casework", "model_name": "citation", "field_name": "speaker", "term": "Chuv"},
    ).json()
    assert len(found["results"]) == 1
    assert found["results"][0]["text"].startswith("Ivan Chuviliaev (")
