import re

import pytest
from django.urls import reverse

from casework.models import Citation, Cohort, Person, Source
from tests.factories import (
    AsylumOutcomeFactory,
    CitationFactory,
    CohortFactory,
    EventFactory,
    PersonFactory,
    ProsecutionFactory,
    SourceFactory,
    country,
)

pytestmark = pytest.mark.django_db
ARTICLE = "six-russian-soldiers-granted-temporary-asylum-in-france-2024-10-16"


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- case pages -----------------------------------------------------------------


def test_case_page_shows_summary_timeline_and_outcomes(client, article):
    response = client.get(reverse("case-detail", kwargs={"slug": "alexander"}))
    assert response.status_code == 200
    html = text(response)
    assert "<h1>Alexander" in html
    assert "Russian soldier who deserted in the summer of 2023." in html
    # Dates as the source gives them, never a made-up day.
    assert "summer 2023" in html
    assert "about 2024" in html
    assert "2022 to 2023" in html
    assert "date not given" in html
    # Outcomes come through his cohort.
    assert "Temporary visa while the application is pending" in html
    assert "with the group" in html


def test_case_timeline_is_chronological(client, article):
    events = client.get(reverse("case-detail", kwargs={"slug": "alexander"})).context["events"]
    assert [e.slug for e in events][:2] == ["six-russian-soldiers-flight-to-kazakhstan", "alexander-desertion"]
    # The undated channel sits where the editor placed it, after his desertion, not last.
    assert [e.slug for e in events][2] == "alexander-youtube-channel-kazakhstan"


def test_every_statement_on_a_case_page_is_footnoted_to_its_quote(client, article):
    response = client.get(reverse("case-detail", kwargs={"slug": "alexander"}))
    html = response.content.decode()
    context = response.context
    shown = [context["person"], *context["cohorts"], *context["events"], *context["outcomes"]]
    for record in shown:
        assert record.footnotes, f"{record} has no footnote"
        for note in record.footnotes:
            assert f'href="#fn-{note.number}"' in html
    quotes = Citation.objects.filter(object_id=context["person"].pk, content_type__model="person")
    for citation in quotes:
        assert citation.quote.replace("“", "&#x201C;")[:20] in html or citation.quote[:20] in html
    source_url = reverse("source-detail", kwargs={"slug": ARTICLE})
    assert f'href="{source_url}#para-2"' in html
    assert f'href="{source_url}#para-6"' in html


def test_footnote_numbers_run_in_reading_order_without_gaps(client, article):
    footnotes = client.get(reverse("case-detail", kwargs={"slug": "alexander"})).context["footnotes"]
    assert [note.number for note in footnotes] == list(range(1, len(footnotes) + 1))
    assert len(footnotes) > 10


def test_case_page_shows_prosecutions_of_the_person(client, db):
    person = PersonFactory()
    ProsecutionFactory(defendant=person, status="in_absentia", sentence="12 years")
    ProsecutionFactory(defendant=person, status="convicted", visibility="draft")
    html = text(client.get(person.get_absolute_url()))
    assert "Tried or charged in absentia" in html
    assert "12 years" in html
    assert "Convicted" not in html


def test_case_page_never_shows_restricted_fields(client, db):
    person = PersonFactory(
        legal_name="LEGALNAME-X",
        current_location="LOCATION-X",
        contact="CONTACT-X",
        risk_notes="RISK-X",
        internal_notes="INTERNAL-X",
    )
    html = client.get(person.get_absolute_url()).content.decode()
    for marker in ("LEGALNAME-X", "LOCATION-X", "CONTACT-X", "RISK-X", "INTERNAL-X"):
        assert marker not in html


@pytest.mark.parametrize("visibility", ["draft", "review"])
def test_unpublished_case_answers_404_like_a_missing_one(client, db, visibility):
    person = PersonFactory(visibility=visibility, display_name="Unpublished Name")
    missing = client.get(reverse("case-detail", kwargs={"slug": "no-such-person"}))
    response = client.get(person.get_absolute_url())
    assert response.status_code == missing.status_code == 404
    assert "Unpublished Name" not in response.content.decode()
    assert "<h1>Page not found</h1>" in response.content.decode()
    assert response.templates[0].name == missing.templates[0].name == "404.html"


def test_draft_event_and_draft_cohort_stay_off_a_public_case(client, db):
    person = PersonFactory()
    EventFactory(person=person, type="kidnapping", visibility="draft")
    secret_cohort = CohortFactory(name="Secret Group", visibility="draft")
    secret_cohort.members.add(person)
    EventFactory(person=None, cohort=secret_cohort, type="detention")
    html = client.get(person.get_absolute_url()).content.decode()
    assert "Kidnapping" not in html
    assert "Detention" not in html
    assert "Secret Group" not in html


def test_citations_from_an_unpublished_source_are_not_shown(client, db):
    person = PersonFactory()
    CitationFactory(record=person, quote="Public passage.")
    CitationFactory(record=person, quote="Draft source passage.", source=SourceFactory(visibility="draft"))
    html = client.get(person.get_absolute_url()).content.decode()
    assert "Public passage." in html
    assert "Draft source passage." not in html


def test_case_page_query_count_does_not_grow(client, db, django_assert_max_num_queries):
    person = PersonFactory()
    cohort = CohortFactory()
    cohort.members.add(person)
    for _ in range(10):
        event = EventFactory(person=person)
        CitationFactory(record=event)
        CitationFactory(record=AsylumOutcomeFactory(person=person))
        EventFactory(person=None, cohort=cohort)
    client.get(person.get_absolute_url())  # warm the content-type cache, as any running server has
    with django_assert_max_num_queries(14):
        assert client.get(person.get_absolute_url()).status_code == 200


# --- cohort pages ---------------------------------------------------------------


def test_cohort_page_shows_count_members_and_footnotes(client, article):
    cohort = Cohort.objects.get(slug="six-russian-soldiers-france-2024")
    response = client.get(cohort.get_absolute_url())
    assert response.status_code == 200
    html = text(response)
    assert "<h1>Six Russian soldiers granted temporary visas in France</h1>" in html
    assert '<a href="/cases/alexander/">Alexander</a>' in html
    assert "5 people in this group are not named by the sources" in html
    assert "Temporary visa while the application is pending" in html
    assert all(record.footnotes for record in response.context["events"])


def test_cohort_page_lists_only_published_members(client, db):
    cohort = CohortFactory(size=4)
    cohort.members.add(
        PersonFactory(display_name="Shown Member"), PersonFactory(display_name="Draft Member", visibility="draft")
    )
    html = text(client.get(cohort.get_absolute_url()))
    assert "Shown Member" in html
    assert "Draft Member" not in html
    assert "3 people in this group are not named" in html


def test_draft_cohort_answers_404(client, db):
    cohort = CohortFactory(visibility="draft")
    assert client.get(cohort.get_absolute_url()).status_code == 404


# --- country pages --------------------------------------------------------------


def test_country_page_shows_who_passed_through_and_deportations(client, article):
    response = client.get("/countries/kz/")
    assert response.status_code == 200
    html = text(response)
    assert "<h1>Kazakhstan</h1>" in html
    for name in ("Alexander", "Mikhail Zhilin", "Six Russian soldiers granted temporary visas in France"):
        assert name in html
    assert [e.slug for e in response.context["deportations"]] == ["mikhail-zhilin-deportation-from-kazakhstan"]
    assert "Maksim Kuzminov" not in html


def test_country_page_shows_outcomes_there(client, article):
    html = text(client.get("/countries/fr/"))
    assert "Asylum outcomes here" in html
    assert "Temporary visa while the application is pending" in html
    assert "Application lodged" in html


def test_country_page_shows_prosecutions_by_that_country(client, article):
    html = text(client.get("/countries/ru/"))
    assert "Prosecutions by this country" in html
    assert "at least 7,400" in html


def test_country_codes_are_lower_case(client, db):
    response = client.get("/countries/KZ/")
    assert response.status_code == 301
    assert response["Location"] == "/countries/kz/"
    assert client.get("/countries/xx/").status_code == 404
    assert client.get("/countries/kaz/").status_code == 404


def test_country_page_leaves_out_draft_subjects(client, db):
    EventFactory(person=PersonFactory(display_name="Draft Traveller", visibility="draft"), to_country=country("AM"))
    EventFactory(person=PersonFactory(display_name="Public Traveller"), to_country=country("AM"), visibility="review")
    html = text(client.get("/countries/am/"))
    assert "Draft Traveller" not in html
    assert "Public Traveller" not in html
    assert "No published case passes through this country." in html


def test_country_page_query_count_does_not_grow(client, db, django_assert_max_num_queries):
    for _ in range(15):
        CitationFactory(record=EventFactory(to_country=country("AM")))
        AsylumOutcomeFactory(country=country("AM"))
    client.get("/countries/am/")
    with django_assert_max_num_queries(10):
        assert client.get("/countries/am/").status_code == 200


# --- source pages ---------------------------------------------------------------


def test_source_page_shows_text_with_anchors_and_marked_passages(client, article):
    response = client.get(reverse("source-detail", kwargs={"slug": ARTICLE}))
    assert response.status_code == 200
    html = response.content.decode()
    for anchor in ("dateline", "headline", "para-1", "para-6", "para-12"):
        assert f'id="{anchor}"' in html
    assert "<mark>In Kazakhstan, Alexander lived in fear of being tracked by Russian authorities" in html
    # A sentence no record cites is shown, but not marked.
    assert "<mark>This situation has led" not in html
    assert "This situation has led to increasing calls" in html
    # Page furniture copied with the article is not part of it.
    assert "Post a Comment" not in html


def test_source_page_lists_every_record_citing_it(client, article):
    response = client.get(reverse("source-detail", kwargs={"slug": ARTICLE}))
    assert len(response.context["citations"]) == 39
    html = text(response)
    assert '<a href="/cases/alexander/">Alexander</a>' in html
    assert "Go By The Forest" in html


def test_source_page_hides_citations_of_unpublished_records(client, db):
    source = SourceFactory()
    CitationFactory(source=source, record=PersonFactory(display_name="Public Person"), quote="Public quote.")
    CitationFactory(
        source=source, record=PersonFactory(display_name="Hidden Person", visibility="draft"), quote="Hidden quote."
    )
    html = client.get(source.get_absolute_url()).content.decode()
    assert "Public Person" in html
    assert "Hidden Person" not in html
    assert "Hidden quote." not in html


def test_draft_source_answers_404(client, db):
    assert client.get(SourceFactory(visibility="draft").get_absolute_url()).status_code == 404


def test_source_page_query_count_does_not_grow(client, db, django_assert_max_num_queries):
    source = SourceFactory()
    for _ in range(15):
        CitationFactory(source=source, record=EventFactory())
        CitationFactory(source=source, record=PersonFactory())
    client.get(source.get_absolute_url())
    with django_assert_max_num_queries(12):
        assert client.get(source.get_absolute_url()).status_code == 200


def test_article_source_is_the_one_in_the_fixture(article):
    assert Source.objects.public().get(slug=ARTICLE).seed_file
    assert Person.objects.public().filter(slug="alexander").exists()


def test_cohort_page_query_count_does_not_grow(client, db, django_assert_max_num_queries):
    cohort = CohortFactory(size=30)
    for person in PersonFactory.create_batch(15):
        cohort.members.add(person)
        CitationFactory(record=EventFactory(person=None, cohort=cohort))
        AsylumOutcomeFactory(person=None, cohort=cohort)
    client.get(cohort.get_absolute_url())
    with django_assert_max_num_queries(10):
        assert client.get(cohort.get_absolute_url()).status_code == 200


def test_a_busy_country_shows_its_latest_records_and_points_to_the_api(client, db, monkeypatch):
    from casework import selectors

    monkeypatch.setattr(selectors, "COUNTRY_RECORDS_SHOWN", 2)
    kz = country("KZ")
    for year in (2021, 2022, 2023):
        EventFactory(country=kz, date=str(year), summary=f"Happened in {year}.")
    html = client.get("/countries/kz/").content.decode()
    assert "Happened in 2021." not in html
    assert html.index("Happened in 2022.") < html.index("Happened in 2023.")
    assert "This page shows the latest 2 records of each kind." in html
    assert "/api/v1/events/?country=kz" in html


def test_a_quiet_country_says_nothing_about_limits(client, db):
    EventFactory(country=country("KZ"))
    assert "The API lists every one" not in client.get("/countries/kz/").content.decode()
