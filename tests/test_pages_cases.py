import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import (
    AsylumOutcomeFactory,
    CohortFactory,
    EventFactory,
    PersonFactory,
    country,
)

pytestmark = pytest.mark.django_db
URL = reverse("case-list")


def names(response) -> set[str]:
    return {case.display_name if case.kind == "person" else case.name for case in response.context["page"].object_list}


def test_lists_every_published_person_and_cohort(client, article):
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == {
        "Alexander",
        "Maksim Kuzminov",
        "Mikhail Zhilin",
        "Six Russian soldiers granted temporary visas in France",
    }
    assert "4 cases" in response.content.decode()


def test_drafts_and_reviews_are_not_listed(client, db):
    PersonFactory(display_name="Published One")
    PersonFactory(display_name="Draft One", visibility="draft")
    CohortFactory(name="Review Group", visibility="review")
    response = client.get(URL)
    assert names(response) == {"Published One"}
    assert "Draft One" not in response.content.decode()


def test_filter_by_country_matches_own_and_cohort_records(client, article):
    assert names(client.get(URL, {"country": "kz"})) == {
        "Alexander",  # own event in Kazakhstan, and his group's flight there
        "Mikhail Zhilin",
        "Six Russian soldiers granted temporary visas in France",
    }
    assert names(client.get(URL, {"country": "es"})) == {"Maksim Kuzminov"}


def test_filter_by_outcome_reaches_members_through_their_cohort(client, article):
    assert names(client.get(URL, {"outcome": "temporary_visa"})) == {
        "Alexander",
        "Six Russian soldiers granted temporary visas in France",
    }
    assert names(client.get(URL, {"outcome": "refugee_status"})) == set()


def test_filter_by_military_background(client, article):
    assert names(client.get(URL, {"background": "pilot"})) == {"Maksim Kuzminov"}
    assert names(client.get(URL, {"background": "intelligence_officer"})) == {"Mikhail Zhilin"}


def test_filter_by_year_uses_the_dates_as_given(client, article):
    # Zhilin was deported in December 2022; Alexander deserted in summer 2023.
    assert "Mikhail Zhilin" in names(client.get(URL, {"year": "2022"}))
    assert "Alexander" in names(client.get(URL, {"year": "2023"}))
    assert "Mikhail Zhilin" not in names(client.get(URL, {"year": "2023"}))
    assert names(client.get(URL, {"year": "2019"})) == set()


def test_filters_combine(client, article):
    assert names(client.get(URL, {"country": "fr", "background": "soldier"})) == {"Alexander"}


def test_search_finds_public_text(client, article):
    assert names(client.get(URL, {"q": "pilot"})) == {"Maksim Kuzminov"}
    assert names(client.get(URL, {"q": "zhilin"})) == {"Mikhail Zhilin"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL only")
def test_search_on_postgresql_matches_word_forms(client, article):
    # "fears" is nowhere in the text; "lived in fear" is, in Alexander's summary.
    assert names(client.get(URL, {"q": "fears"})) == {"Alexander"}
    assert names(client.get(URL, {"q": "kazakhstan -alexander"})) >= {"Mikhail Zhilin"}


def test_filter_errors_are_tied_to_their_fields(client, article):
    html = client.get(URL, {"year": "abc"}).content.decode()
    assert 'aria-describedby="id_year-error"' in html
    assert 'aria-invalid="true"' in html
    assert '<span class="field-error" id="id_year-error">Enter a whole number.</span>' in html


def test_search_cannot_probe_restricted_fields(client, db):
    PersonFactory(display_name="Vasya", legal_name="Secretov", current_location="Hidden Street 5")
    assert names(client.get(URL, {"q": "Vasya"})) == {"Vasya"}
    assert names(client.get(URL, {"q": "Secretov"})) == set()
    assert names(client.get(URL, {"q": "Hidden Street"})) == set()


def test_records_of_a_draft_person_do_not_make_others_match(client, db):
    draft = PersonFactory(visibility="draft")
    EventFactory(person=draft, to_country=country("AM"))
    PersonFactory(display_name="Visible")
    assert names(client.get(URL, {"country": "am"})) == set()


def test_a_country_with_no_case_yet_is_an_empty_result_not_an_error(client, article):
    response = client.get(URL, {"country": "de"})
    assert response.status_code == 200
    assert names(response) == set()
    assert '<option value="de" selected>Germany</option>' in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"country": "zz"},
        {"country": "<script>"},
        {"outcome": "granted"},
        {"background": "general"},
        {"year": "abc"},
        {"year": "99999"},
        {"q": "x" * 500},
    ],
)
def test_bad_filter_values_get_a_form_error_not_a_500(client, article, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Some filter values are not valid" in html
    assert "<script>" not in html
    assert response.context["page"] is None


def test_bad_page_number_falls_back_to_a_page(client, article):
    assert client.get(URL, {"page": "abc"}).status_code == 200
    assert client.get(URL, {"page": "999"}).status_code == 200


def test_pagination_keeps_the_filters(client, db):
    PersonFactory.create_batch(25, military_background="conscript")
    response = client.get(URL, {"background": "conscript"})
    html = response.content.decode()
    assert "25 cases" in html
    assert len(response.context["page"].object_list) == 20
    assert "?background=conscript&amp;page=2" in html
    second = client.get(URL, {"background": "conscript", "page": 2})
    assert len(second.context["page"].object_list) == 5


def test_outcomes_shown_in_the_list_include_those_via_cohorts(client, db):
    person = PersonFactory(display_name="Member")
    cohort = CohortFactory()
    cohort.members.add(person)
    AsylumOutcomeFactory(person=None, cohort=cohort, status="temporary_visa", country=country("FR"))
    AsylumOutcomeFactory(person=None, cohort=cohort, status="rejected", visibility="draft", country=country("DE"))
    html = client.get(URL).content.decode()
    assert html.count("France: Temporary visa while the application is pending") == 2
    assert "Germany: Rejected" not in html


@pytest.mark.parametrize("params", [{}, {"country": "fr"}, {"q": "person"}, {"year": "2024"}])
def test_query_count_does_not_grow_with_the_page(client, db, django_assert_max_num_queries, params):
    cohort = CohortFactory()
    for person in PersonFactory.create_batch(20):
        cohort.members.add(person)
        AsylumOutcomeFactory(person=person)
        EventFactory(person=person)
    CohortFactory.create_batch(5)
    client.get(URL, params)  # warm the content-type cache, as any running server has
    with django_assert_max_num_queries(12):
        response = client.get(URL, params)
    assert response.status_code == 200
    assert response.context["page"].object_list
