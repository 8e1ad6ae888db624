"""One order for time: the case page, the API's person detail and the events list with
``?person=...&ordering=date`` show a person's timeline in the same order, by what the
dates can mean, undated events where the editor placed them, ties by the editor's
sequence and then by slug."""

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework import models
from tests.factories import CohortFactory, EventFactory, PersonFactory

API = "/api/v1/"

pytestmark = pytest.mark.django_db


def page_order(client, person: models.Person) -> list[str]:
    """The events of the person's page, in the order the page lists them (each known by
    its summary, which is unique among these records)."""
    page = client.get(person.get_absolute_url()).content.decode()
    timeline = page.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    by_summary = {event.summary: event.slug for event in models.Event.objects.all()}
    items = [html.unescape(item) for item in re.split(r"<li id=", timeline)[1:]]
    return [next(slug for summary, slug in by_summary.items() if summary in item) for item in items]


def detail_order(client, slug: str) -> list[str]:
    return [event["slug"] for event in client.get(f"{API}persons/{slug}/").json()["timeline"]]


def list_order(client, slug: str, ordering: str = "date") -> list[str]:
    body = client.get(f"{API}events/", {"person": slug, "ordering": ordering}).json()
    return [event["slug"] for event in body["results"]]


def every_order(client, person: models.Person) -> list[str]:
    orders = [page_order(client, person), detail_order(client, person.slug), list_order(client, person.slug)]
    assert orders[0] == orders[1] == orders[2], orders
    return orders[0]


def test_alexander_timeline_runs_as_the_article_tells_it(client, article):
    alexander = models.Person.objects.get(slug="alexander")
    assert every_order(client, alexander) == [
        "six-russian-soldiers-flight-to-kazakhstan",
        "alexander-desertion",
        # Undated, placed after his desertion: the channel ran from Kazakhstan, before France.
        "alexander-youtube-channel-kazakhstan",
        # "About 2024": vetted and granted visas before being allowed in, then landed,
        # and they are applying for asylum as the article is written.
        "six-russian-soldiers-visas-granted-france",
        "alexander-arrival-in-france",
        "six-russian-soldiers-arrival-in-france",
        "six-russian-soldiers-asylum-application-france",
    ]


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("mikhail-zhilin", ["mikhail-zhilin-flight", "mikhail-zhilin-deportation-from-kazakhstan"]),
        ("maksim-kuzminov", ["maksim-kuzminov-defection-to-ukraine", "maksim-kuzminov-killing-in-spain"]),
    ],
)
def test_an_open_start_comes_before_what_is_dated_at_its_end(client, article, slug, expected):
    assert every_order(client, models.Person.objects.get(slug=slug)) == expected


def test_the_cohorts_outcomes_keep_the_order_they_happened_in(client, article):
    body = client.get(f"{API}persons/alexander/").json()
    assert [outcome["status"] for outcome in body["asylum_outcomes"]] == ["temporary_visa", "applied"]


def test_descending_date_reverses_the_same_order(client, article):
    forward = list_order(client, "alexander")
    backward = list_order(client, "alexander", ordering="-date")
    # Undated events placed somewhere keep their place; reversed, the whole list turns round.
    assert backward == list(reversed(forward))


def event(**fields) -> models.Event:
    return EventFactory(summary=f"Summary of {fields['slug']}.", **fields)


def test_factory_records_with_ties_open_starts_and_placements(client):
    person = PersonFactory(slug="someone")
    cohort = CohortFactory()
    cohort.members.add(person)
    later = event(person=person, slug="a-later", date="2024-03")
    open_start = event(person=person, slug="z-by-march", date="../2024-03")
    tie_second = event(person=person, slug="a-tie", date="2023", sequence=2)
    tie_first = event(cohort=cohort, person=None, slug="b-tie", date="2023", sequence=1)
    same_sequence = event(person=person, slug="c-tie", date="2023", sequence=2)
    placed = event(person=person, slug="a-placed", date="", placed_after=tie_first)
    unplaced = event(person=person, slug="a-unplaced", date="")
    expected = [tie_first, tie_second, same_sequence, placed, open_start, later, unplaced]
    assert every_order(client, person) == [event.slug for event in expected]

    # The placed event follows its anchor when the anchor's date changes.
    tie_first.date = "2025"
    tie_first.save()
    assert every_order(client, person) == [
        event.slug for event in [tie_second, same_sequence, open_start, later, tie_first, placed, unplaced]
    ]

    # Deleting the anchor leaves the placed event undated and placed nowhere: last, by slug.
    tie_first.delete()
    placed.refresh_from_db()
    assert (placed.placed_after, placed.sort_day, placed.sort_rank) == (None, None, None)
    assert every_order(client, person)[-2:] == ["a-placed", "a-unplaced"]


def test_a_place_is_for_undated_events_of_the_same_case():
    person = PersonFactory()
    anchor = EventFactory(person=person, date="2023")
    undated_anchor = EventFactory(person=person, date="")
    stranger = EventFactory(date="2023")
    for event, message in [
        (EventFactory.build(person=person, date="2024", placed_after=anchor), "dated event sorts by its date"),
        (EventFactory.build(person=person, date="", placed_after=undated_anchor), "has a date"),
        (EventFactory.build(person=person, date="", placed_after=stranger), "same case"),
    ]:
        with pytest.raises(ValidationError, match=message):
            event.full_clean()
    EventFactory.build(person=person, slug="fits", date="", placed_after=anchor).full_clean()


def test_the_admin_offers_the_place_and_the_sequence(admin_client):
    event = EventFactory(date="")
    page = admin_client.get(reverse("admin:casework_event_change", args=[event.pk])).content.decode()
    assert 'name="placed_after"' in page and 'name="sequence"' in page
