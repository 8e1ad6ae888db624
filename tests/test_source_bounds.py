"""Bounded by the source: no record's date reaches past the newest source reporting it,
checked when an editor saves (record or citation) and over the whole database."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from casework import bounds
from casework.models import AsylumOutcome, Event
from tests.factories import CitationFactory, EventFactory, SourceFactory

pytestmark = pytest.mark.django_db
ARTICLE_TITLE = "Six Russian Soldiers Fleeing Ukraine War Granted Temporary Asylum in France"


def test_the_articles_records_end_by_its_date(article):
    call_command("check_source_bounds")
    # "over the past few months", in an article of 16 October 2024.
    for model in (Event, AsylumOutcome):
        assert not model.objects.filter(date_latest__gte="2024-11-01").exists()


def test_the_article_records_are_not_found_after_it(client, article):
    for resource in ("events", "asylum-outcomes"):
        body = client.get(f"/api/v1/{resource}/", {"date_from": "2024-11"}).json()
        assert body["results"] == [], resource


def test_the_inferred_year_is_marked_and_explained(client, article):
    killing = Event.objects.get(slug="maksim-kuzminov-killing-in-spain")
    assert killing.date == "2024?-02"
    assert "year" in killing.date_note and "16 October 2024" in killing.date_note
    html = client.get(killing.person.get_absolute_url()).content.decode()
    assert "February 2024, year uncertain" in html
    assert killing.date_note in html
    assert client.get(f"/api/v1/events/{killing.slug}/").json()["date_note"] == killing.date_note


def _cited_event(date: str, source_date: str = "2024-10-16") -> Event:
    event = EventFactory(date=date)
    CitationFactory(record=event, source=SourceFactory(date=source_date, title="The Report"))
    return event


def test_saving_a_date_past_the_source_names_the_source_and_its_date():
    event = _cited_event("2023-22")
    event.date = "2024~"
    with pytest.raises(ValidationError) as raised:
        event.full_clean()
    message = " ".join(raised.value.message_dict["date"])
    assert "“The Report” (2024-10-16)" in message
    assert "2024-12-31" in message


@pytest.mark.parametrize(
    ("date", "allowed"),
    [
        ("../2024-10", True),  # ends in the source's month, at month precision
        ("2024~/2024-10", True),
        ("2024-10-16", True),
        ("2024-10-17", False),  # a day after the source's day
        ("2024-11", False),
        ("2024~", False),
        ("", True),
    ],
)
def test_a_date_ends_at_its_own_precision(date, allowed):
    event = _cited_event("2023")
    event.date = date
    if allowed:
        event.full_clean()
    else:
        with pytest.raises(ValidationError):
            event.full_clean()


def test_citing_an_older_source_for_a_later_date_is_refused():
    event = EventFactory(date="2024-05")
    citation = CitationFactory.build(record=event, source=SourceFactory(date="2024-02-01", title="Early Report"))
    with pytest.raises(ValidationError) as raised:
        citation.full_clean()
    assert "“Early Report” (2024-02-01)" in " ".join(raised.value.message_dict["source"])


def test_a_newer_source_lifts_the_bound():
    event = _cited_event("2023")
    CitationFactory(record=event, source=SourceFactory(date="2025-03-01"))
    event.date = "2024~"
    event.full_clean()


def test_command_lists_every_overreaching_record_and_fails(capsys):
    fine = _cited_event("2024-05")
    late = _cited_event("2023")
    Event.objects.filter(pk=late.pk).update(date="2024~", date_latest="2024-12-31")
    with pytest.raises(CommandError, match="1 record"):
        call_command("check_source_bounds")
    out = capsys.readouterr().out
    assert f"events/{late.slug}:" in out and "“The Report” (2024-10-16)" in out
    assert fine.slug not in out
    assert [found.record.pk for found in bounds.overreaching_records()] == [late.pk]


def test_an_inferred_year_reads_as_uncertain_in_both_languages():
    from django.utils import translation

    from casework import dates

    assert dates.display("2024?-02") == "February 2024, year uncertain"
    with translation.override("ru"):
        assert dates.display("2024?-02") == "февраль 2024 года (год предположительный)"
