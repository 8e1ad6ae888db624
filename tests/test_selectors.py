"""The composite reads in casework/selectors.py, and the promise they exist for: every
surface (case page, API, feed, home) shows the same records in the same order."""

import datetime as dt

import pytest
from django.utils import timezone

from casework import selectors, services
from casework.models import Cohort, Event, Person
from tests import factories
from tests.factories import country

pytestmark = pytest.mark.django_db


def slugs(records) -> list[str]:
    return [record.slug for record in records]


def api_slugs(items) -> list[str]:
    return [item["slug"] for item in items]


def test_case_page_and_api_person_detail_show_the_same_records_in_the_same_order(client, article):
    for person in Person.objects.public():
        page = client.get(person.get_absolute_url()).context
        api = client.get(f"/api/v1/persons/{person.slug}/").json()
        assert slugs(page["events"]) == api_slugs(api["timeline"]), person.slug
        assert slugs(page["outcomes"]) == api_slugs(api["asylum_outcomes"]), person.slug
        assert slugs(page["prosecutions"]) == api_slugs(api["prosecutions"]), person.slug
        assert slugs(page["cohorts"]) == api_slugs(api["cohorts"]), person.slug


def test_ties_fall_back_to_the_slug_on_the_page_the_api_detail_and_the_api_list(client):
    person = factories.PersonFactory(slug="tied")
    cohort = factories.CohortFactory()
    cohort.members.add(person)
    # Entered in an order that differs from the slug order, with the same date.
    for slug in ("c-event", "a-event", "b-event"):
        factories.EventFactory(person=person, slug=slug, date="2023-22")
    factories.EventFactory(person=None, cohort=cohort, slug="aa-cohort-event", date="2023-22")
    factories.EventFactory(person=person, slug="0-undated", date="")
    factories.EventFactory(person=person, slug="z-open-start", date="../2023-05")
    expected = ["z-open-start", "a-event", "aa-cohort-event", "b-event", "c-event", "0-undated"]

    assert slugs(client.get("/cases/tied/").context["events"]) == expected
    assert api_slugs(client.get("/api/v1/persons/tied/").json()["timeline"]) == expected
    listed = client.get("/api/v1/events/", {"person": "tied", "ordering": "date"}).json()["results"]
    assert api_slugs(listed) == expected
    # The models' default order is the same time order.
    assert slugs(Event.objects.filter(pk__in=[e.pk for e in selectors.person_case(person).events])) == expected


def test_in_year_counts_an_open_end_by_the_end_it_states():
    person = factories.PersonFactory()
    by_december = factories.EventFactory(person=person, date="../2022-12")
    summer = factories.EventFactory(person=person, date="2023-22")
    spanning = factories.EventFactory(person=person, date="2021/2023")
    factories.EventFactory(person=person, date="")
    assert set(Event.objects.in_year(2022)) == {by_december, spanning}
    assert set(Event.objects.in_year(2023)) == {summer, spanning}
    # Every record that can fall in 2020: the open start reaches back into it.
    assert set(Event.objects.overlapping(first=dt.date(2020, 1, 1), last=dt.date(2020, 12, 31))) == {by_december}


def test_cases_newest_merges_persons_and_cohorts_newest_first(django_assert_max_num_queries):
    now = timezone.now()
    older = factories.PersonFactory(display_name="Older")
    newer_cohort = factories.CohortFactory(name="Newer group")
    same_time = [factories.PersonFactory(display_name="Bravo"), factories.PersonFactory(display_name="Alpha")]
    factories.PersonFactory(display_name="Draft", visibility="draft")
    # Newest by first publication, which is what the public can know.
    Person.objects.filter(pk=older.pk).update(public_created_at=now - dt.timedelta(days=3))
    type(newer_cohort).objects.filter(pk=newer_cohort.pk).update(public_created_at=now - dt.timedelta(days=1))
    Person.objects.filter(pk__in=[p.pk for p in same_time]).update(public_created_at=now - dt.timedelta(days=2))

    with django_assert_max_num_queries(4):
        cases = selectors.cases_fetch(selectors.cases_newest(limit=3))
    assert [str(case) for case in cases] == ["Newer group", "Alpha", "Bravo"]
    assert [case.kind for case in cases] == ["cohort", "person", "person"]


def test_home_and_feed_list_the_same_newest_cases(client, article):
    factories.PersonFactory(display_name="Newest Person", slug="newest-person")
    home = client.get("/").context["latest"]
    feed = client.get("/feed/").content.decode()
    assert home[0].slug == "newest-person"
    positions = [feed.index(f"/{case.slug}") for case in home]
    assert positions == sorted(positions)


def test_citations_by_record_reads_public_citations_of_mixed_types_in_one_query(django_assert_num_queries):
    person = factories.PersonFactory()
    event = factories.EventFactory(person=person)
    draft_event = factories.EventFactory(person=person, visibility="draft")
    hidden_source = factories.SourceFactory(visibility="draft")
    shown = [factories.CitationFactory(record=person), factories.CitationFactory(record=event)]
    factories.CitationFactory(record=event, source=hidden_source)
    factories.CitationFactory(record=draft_event)
    selectors.record_key(person), selectors.record_key(event)  # warm the content-type cache

    with django_assert_num_queries(1):
        found = selectors.citations_by_record([person, event, draft_event])
    assert found[selectors.record_key(person)] == [shown[0]]
    assert found[selectors.record_key(event)] == [shown[1]]
    assert found.get(selectors.record_key(draft_event), []) == []


def test_cases_matching_finds_a_person_through_their_cohort():
    person = factories.PersonFactory(display_name="Member")
    cohort = factories.CohortFactory(name="Group")
    cohort.members.add(person)
    factories.EventFactory(person=None, cohort=cohort, type="arrival", to_country=country("FR"), date="2024")
    factories.PersonFactory(display_name="Elsewhere")
    persons, cohorts = selectors.cases_matching(country="fr", year=2024)
    rows = selectors.case_rows(persons, cohorts)[:10]
    assert [(row.kind, row.name) for row in rows] == [("cohort", "Group"), ("person", "Member")]


def _filtered_world() -> dict:
    """Cases that a filter on records finds, misses, or must never reveal."""
    kz, fr = country("KZ"), country("FR")
    named = {}
    named["mover"] = factories.PersonFactory(display_name="Mover")
    factories.EventFactory(person=named["mover"], date="2019-05", from_country=country("RU"), to_country=kz)
    named["applicant"] = factories.PersonFactory(display_name="applicant")  # folded with the others
    factories.AsylumOutcomeFactory(person=named["applicant"], country=fr, status="rejected", date="2020")
    named["member"] = factories.PersonFactory(display_name="Member")
    named["group"] = factories.CohortFactory(name="Group")
    named["group"].members.add(named["member"])
    factories.EventFactory(person=None, cohort=named["group"], date="2019/2021", from_country=kz, to_country=fr)
    # A public person whose only record of 2018 in Iceland is a draft: no filter may find them.
    named["hidden"] = factories.PersonFactory(display_name="Hidden")
    factories.EventFactory(person=named["hidden"], date="2018", to_country=country("IS"), visibility="draft")
    # A draft person with public-looking records, and a draft cohort with a public member.
    factories.EventFactory(person=factories.PersonFactory(visibility="draft"), date="2019", to_country=kz)
    draft_group = factories.CohortFactory(visibility="draft")
    draft_group.members.add(factories.PersonFactory(display_name="Outsider"))
    factories.AsylumOutcomeFactory(person=None, cohort=draft_group, date="2018", status="rejected")
    return named


FILTERS = [
    {"year": 2019},
    {"year": 2020},
    {"year": 2018},
    {"country": "KZ"},
    {"country": "kz"},
    {"country": "IS"},
    {"country": "FR", "year": 2020},
    {"outcome": "rejected"},
    {"outcome": "rejected", "background": "soldier"},
    {"country": "KZ", "q": "Member"},
]


@pytest.mark.parametrize("filters", FILTERS)
def test_a_filtered_case_list_lists_what_the_visibility_rule_finds(filters):
    _filtered_world()
    expected = [(row.kind, row.pk) for row in selectors.case_rows(*selectors.cases_matching(**filters))[0:100]]
    listed = selectors.case_list(**filters)
    assert [(row.kind, row.pk) for row in listed[0:100]] == expected
    assert listed.count() == len(expected)


def test_a_filtered_case_list_never_shows_drafts():
    named = _filtered_world()
    cases = {(row.kind, row.pk) for filters in FILTERS for row in selectors.case_list(**filters)[0:100]}
    assert ("person", named["hidden"].pk) not in cases
    assert {kind for kind, _pk in cases} == {"person", "cohort"}
    public = {("person", pk) for pk in Person.objects.public().values_list("pk", flat=True)}
    public |= {("cohort", pk) for pk in Cohort.objects.public().values_list("pk", flat=True)}
    assert cases <= public
    assert selectors.case_list(year=2018)[0:100] == []


def test_a_filtered_case_list_follows_publishing_unpublishing_and_edits_at_once(client, reviewer):
    named = _filtered_world()
    mover, hidden = named["mover"], named["hidden"]

    def in_2019() -> set[str]:
        return {str(case) for case in selectors.cases_load(selectors.case_list(year=2019)[0:100])}

    # Read once (and cached) before each change.
    assert in_2019() == {"Mover", "Group", "Member"}
    services.records_unpublish(queryset=Person.objects.filter(pk=mover.pk), user=reviewer)
    assert in_2019() == {"Group", "Member"}
    assert "Mover" not in client.get("/cases/?year=2019").content.decode()

    factories.CitationFactory(record=mover)
    services.records_submit_for_review(queryset=Person.objects.filter(pk=mover.pk), user=reviewer)
    assert services.records_publish(queryset=Person.objects.filter(pk=mover.pk), user=reviewer).changed == 1
    assert in_2019() == {"Mover", "Group", "Member"}

    event = Event.objects.get(person=hidden)
    event.date = "2019-03"
    event.save()
    assert in_2019() == {"Mover", "Group", "Member"}  # still a draft
    factories.CitationFactory(record=event)
    services.records_submit_for_review(queryset=Event.objects.filter(pk=event.pk), user=reviewer)
    assert services.records_publish(queryset=Event.objects.filter(pk=event.pk), user=reviewer).changed == 1
    assert in_2019() == {"Mover", "Group", "Member", "Hidden"}
    assert "Hidden" in client.get("/cases/?year=2019").content.decode()

    event.date = "2022"
    event.save()
    assert in_2019() == {"Mover", "Group", "Member"}
    named["group"].members.remove(named["member"])
    assert in_2019() == {"Mover", "Group"}
