"""Walk every public path and prove that no restricted field and no unpublished record
comes out, whether by page, filter, search, count, feed, sitemap or error page."""

import pytest
from django.urls import reverse

from casework.models import RESTRICTED_PERSON_FIELDS
from tests.factories import (
    AsylumOutcomeFactory,
    ChargeFactory,
    CitationFactory,
    CohortFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    ProsecutionFactory,
    SourceFactory,
    StatisticFactory,
    country,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def secrets(article):
    """A published person with every restricted field filled, and unpublished records of
    every kind, each carrying a marker that must never reach a visitor."""
    markers = []
    public = PersonFactory(slug="public-person", display_name="Public Person", summary="A public summary.")
    for field in RESTRICTED_PERSON_FIELDS:
        setattr(public, field, f"SECRET-{field}")
        markers.append(f"SECRET-{field}")
    public.save()
    source = SourceFactory(slug="public-source")
    CitationFactory(source=source, record=public, quote="A public quote.")

    for visibility in ("draft", "review"):
        tag = f"HIDDEN-{visibility}"
        markers.append(tag)
        person = PersonFactory(slug=f"{tag.lower()}-person", display_name=f"{tag} person", summary=tag)
        cohort = CohortFactory(slug=f"{tag.lower()}-cohort", name=f"{tag} cohort", summary=tag)
        cohort.members.add(public)
        EventFactory(person=public, summary=f"{tag} event", visibility=visibility, to_country=country("AM"))
        EventFactory(person=None, cohort=cohort, summary=f"{tag} cohort event", from_country=country("GE"))
        AsylumOutcomeFactory(person=public, summary=f"{tag} outcome", visibility=visibility, country=country("DE"))
        AsylumOutcomeFactory(person=person, summary=f"{tag} outcome of unpublished person")
        ProsecutionFactory(defendant=public, summary=f"{tag} prosecution", visibility=visibility)
        ProsecutionFactory(defendant=None, case_count=4242, summary=f"{tag} count", visibility=visibility)
        ProsecutionFactory(defendant=public, charge=ChargeFactory(name=f"{tag} charge", visibility=visibility))
        StatisticFactory(metric=f"{tag} statistic", visibility=visibility)
        OrganizationFactory(name=f"{tag} org", visibility=visibility)
        hidden_source = SourceFactory(slug=f"{tag.lower()}-source", title=f"{tag} source", visibility=visibility)
        CitationFactory(source=hidden_source, record=public, quote=f"{tag} quote")
        CitationFactory(source=source, record=person, quote=f"{tag} quote of unpublished person")
        for model in (person, cohort):
            model.visibility = visibility
            model.save()
    return markers


def public_paths() -> list[str]:
    paths = [
        "/",
        "/cases/",
        "/cases/?q=HIDDEN",
        "/cases/?q=SECRET",
        "/cases/?country=am",
        "/cases/?country=ge",
        "/cases/?country=de",
        "/cases/?outcome=applied",
        "/cases/?year=2023",
        "/cases/?year=nonsense",
        "/cases/public-person/",
        "/cases/hidden-draft-person/",
        "/cases/hidden-review-person/",
        "/cohorts/hidden-draft-cohort/",
        "/cohorts/six-russian-soldiers-france-2024/",
        "/countries/am/",
        "/countries/ge/",
        "/countries/de/",
        "/countries/ru/",
        "/sources/public-source/",
        "/sources/hidden-draft-source/",
        "/statistics/",
        "/about/",
        "/feed/",
        "/sitemap.xml",
        "/no-such-page/",
    ]
    return paths


def test_no_public_path_reveals_restricted_fields_or_unpublished_records(client, secrets):
    assert client.get("/cases/public-person/").status_code == 200
    for path in public_paths():
        response = client.get(path)
        assert response.status_code in (200, 400, 404), path
        body = response.content.decode()
        for marker in secrets:
            assert marker not in body, f"{marker} leaked on {path}"
        assert "4242" not in body, path


@pytest.mark.parametrize(
    "url_name, slug",
    [
        ("case-detail", "hidden-draft-person"),
        ("case-detail", "hidden-review-person"),
        ("cohort-detail", "hidden-draft-cohort"),
        ("cohort-detail", "hidden-review-cohort"),
        ("source-detail", "hidden-draft-source"),
        ("source-detail", "hidden-review-source"),
    ],
)
def test_unpublished_urls_answer_404(client, secrets, url_name, slug):
    assert client.get(reverse(url_name, kwargs={"slug": slug})).status_code == 404
