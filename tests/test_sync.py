"""Incremental sync: created_at/updated_at move only with public content; updated_since,
/withdrawn/, Last-Modified, ETag and 304 let a researcher keep a copy up to date; and no
edit the public cannot see (a restricted field, a draft, internal notes) shows anywhere."""

import datetime as dt
import json
import re
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.http import http_date

from casework.models import RESTRICTED_PERSON_FIELDS, Person, Withdrawn
from casework.services import records_publish, records_unpublish
from casework.vocabularies import Visibility
from tests import factories

API = "/api/v1/"
# An hour before the tests run: a restricted edit now would bring the person into a list
# of what changed since then, if it moved updated_at.
SINCE = (timezone.now() - dt.timedelta(hours=1)).isoformat()


@pytest.fixture
def article(article_for_module, db):
    """The article's records, loaded once for this module."""


def every_public_answer(slug: str) -> dict[str, bytes]:
    """What the public can read about a person, on every surface, byte for byte."""
    client = Client()
    paths = [
        f"{API}persons/{slug}/",
        f"{API}persons/",
        f"{API}persons/?format=csv",
        f"{API}persons/?updated_since={quote(SINCE)}",
        f"{API}withdrawn/",
        f"{API}events/?person={slug}",
        f"{API}cohorts/",
        "/feed/",
        "/sitemap.xml",
        f"/cases/{slug}/",
        "/cases/",
        "/",
    ]
    answers = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        content = b"".join(response.streaming_content) if response.streaming else response.content
        html = response["Content-Type"].startswith("text/html")
        # A page's CSRF token is masked anew on every response, the error report form's
        # token carries the time it was shown, and the ETag follows both: they differ
        # between any two requests, so they carry nothing about an edit.
        answers[path] = REPORT_TOKEN.sub(b"", CSRF_TOKEN.sub(b"", content)) if html else content
        for header in ("Last-Modified",) if html else ("ETag", "Last-Modified"):
            answers[f"{path} {header}"] = response.get(header, "").encode()
    return answers


CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
REPORT_TOKEN = re.compile(rb'name="token" value="[^"]+"')


RESTRICTED_VALUES = {
    "legal_name": "Ivan Restrictedov",
    "current_location": "A hostel in Lyon",
    "contact": "+33 6 00 00 00 00",
    "risk_notes": "Followed twice in October.",
    "internal_notes": "Call the lawyer first.",
}


def test_every_restricted_field_is_covered():
    assert set(RESTRICTED_VALUES) == set(RESTRICTED_PERSON_FIELDS)


@pytest.mark.parametrize("field", sorted(RESTRICTED_VALUES))
def test_an_edit_to_a_restricted_field_changes_no_public_answer(article, field, reviewer):
    """Issue 14, item 5: each restricted field changed alone, through a normal save some
    time later, leaves every public answer (API list, detail and CSV, feed, sitemap, the
    case page) identical, timestamps, ETags and Last-Modified included."""
    person = Person.objects.get(slug="mikhail-zhilin")
    before = every_public_answer(person.slug)
    Person.objects.filter(pk=person.pk).update(updated_at=timezone.now() - dt.timedelta(days=1))
    person.refresh_from_db()
    setattr(person, field, RESTRICTED_VALUES[field])
    person.save()
    person.refresh_from_db()
    assert getattr(person, field) == RESTRICTED_VALUES[field]
    after = every_public_answer(person.slug)
    assert {path for path in before if before[path] != after[path]} == set()


def test_a_public_edit_moves_updated_at_feed_and_sitemap(article):
    person = Person.objects.get(slug="mikhail-zhilin")
    Person.objects.filter(pk=person.pk).update(public_updated_at=timezone.now() - dt.timedelta(days=2))
    old = {path: Client().get(path).content for path in (f"{API}persons/{person.slug}/", "/feed/", "/sitemap.xml")}
    person.refresh_from_db()
    person.summary = person.summary + " More, from a second source."
    person.save()
    new = {path: Client().get(path).content for path in old}
    assert all(old[path] != new[path] for path in old)
    person.refresh_from_db()
    assert person.public_updated_at.date().isoformat().encode() in new["/sitemap.xml"]
    assert person.public_updated_at.isoformat().encode() in new["/feed/"]
    old_body, new_body = (
        json.loads(old[f"{API}persons/{person.slug}/"]),
        json.loads(new[f"{API}persons/{person.slug}/"]),
    )
    assert new_body["updated_at"] > old_body["updated_at"]
    assert new_body["created_at"] == old_body["created_at"]


def test_a_drafts_edits_move_nothing_until_it_is_published(db, reviewer):
    person = factories.PersonFactory(visibility=Visibility.REVIEW)
    factories.CitationFactory(record=person)
    person.refresh_from_db()
    assert person.public_created_at is None and person.public_updated_at is None
    person.summary = "Edited while in review."
    person.save()
    person.refresh_from_db()
    assert person.public_updated_at is None
    records_publish(queryset=Person.objects.filter(pk=person.pk), user=reviewer)
    person.refresh_from_db()
    assert person.public_created_at is not None
    assert person.public_updated_at == person.public_created_at
    body = Client().get(f"{API}persons/{person.slug}/").json()
    assert body["created_at"] == body["updated_at"]


def test_a_citation_moves_the_record_it_backs(article):
    person = Person.objects.get(slug="alexander")
    before = person.public_updated_at
    factories.CitationFactory(record=person, source=factories.SourceFactory(visibility=Visibility.PUBLISHED))
    person.refresh_from_db()
    assert person.public_updated_at > before


# updated_since


def test_updated_since_keeps_what_changed_at_or_after(article):
    person = Person.objects.get(slug="alexander")
    person.summary += " Updated."
    person.save()
    person.refresh_from_db()
    since = person.public_updated_at.isoformat()
    slugs = [p["slug"] for p in Client().get(f"{API}persons/", {"updated_since": since}).json()["results"]]
    assert slugs == ["alexander"]
    day = (person.public_updated_at + dt.timedelta(days=1)).date().isoformat()
    assert Client().get(f"{API}persons/", {"updated_since": day}).json()["count"] == 0
    assert Client().get(f"{API}events/", {"updated_since": "2000-01-01T00:00:00+02:00"}).json()["count"] == 11


@pytest.mark.parametrize(
    "value", ["yesterday", "2024-13-01", "2024-10-16T25:00", "16/10/2024", "2024-10-16T09:00:00+25:00"]
)
def test_a_bad_updated_since_is_400_naming_it(article, value):
    response = Client().get(f"{API}events/", {"updated_since": value})
    assert response.status_code == 400
    assert [error["attr"] for error in response.json()["errors"]] == ["updated_since"]


# Withdrawn records


def withdrawn(**params) -> list[dict]:
    response = Client().get(f"{API}withdrawn/", params)
    assert response.status_code == 200
    return response.json()["results"]


def test_unpublishing_lists_the_record_and_those_tied_to_it_as_withdrawn(article, reviewer):
    records_unpublish(queryset=Person.objects.filter(slug="mikhail-zhilin"), user=reviewer)
    gone = {(w["resource"], w["slug"]) for w in withdrawn()}
    assert gone == {
        ("persons", "mikhail-zhilin"),
        ("events", "mikhail-zhilin-flight"),
        ("events", "mikhail-zhilin-deportation-from-kazakhstan"),
    } | {
        ("asylum-outcomes", slug)
        for slug in Person.objects.get(slug="mikhail-zhilin").asylum_outcomes.values_list("slug", flat=True)
    }
    assert set(withdrawn()[0]) == {"resource", "slug", "withdrawn_at"}
    assert withdrawn(resource="events", updated_since="2000-01-01")[0]["resource"] == "events"


def test_republishing_takes_it_out_of_withdrawn_and_moves_what_returns(article, reviewer):
    person = Person.objects.get(slug="mikhail-zhilin")
    records_unpublish(queryset=Person.objects.filter(pk=person.pk), user=reviewer)
    Person.objects.filter(pk=person.pk).update(visibility=Visibility.REVIEW)
    unpublished_at = timezone.now()
    records_publish(queryset=Person.objects.filter(pk=person.pk), user=reviewer)
    assert withdrawn() == []
    events = Client().get(f"{API}events/", {"updated_since": unpublished_at.isoformat()}).json()["results"]
    assert {e["slug"] for e in events} >= {"mikhail-zhilin-flight", "mikhail-zhilin-deportation-from-kazakhstan"}


def test_deleting_a_public_record_lists_it_as_withdrawn(article):
    Person.objects.get(slug="maksim-kuzminov").delete()
    assert ("persons", "maksim-kuzminov") in {(w["resource"], w["slug"]) for w in withdrawn()}


def test_deleting_or_unpublishing_a_draft_lists_nothing(db, reviewer):
    draft = factories.PersonFactory(visibility=Visibility.DRAFT, legal_name="Secret Name")
    draft.delete()
    assert withdrawn() == []
    assert Withdrawn.objects.count() == 0


# Conditional requests


@pytest.mark.parametrize("path", [f"{API}persons/mikhail-zhilin/", f"{API}persons/", f"{API}events/?type=flight"])
def test_etag_and_last_modified_answer_304(article, path):
    client = Client()
    response = client.get(path)
    assert response.status_code == 200
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get(path, headers={"if-none-match": etag}).status_code == 304
    assert client.get(path, headers={"if-modified-since": modified}).status_code == 304
    earlier = http_date((timezone.now() - dt.timedelta(days=3650)).timestamp())
    assert client.get(path, headers={"if-modified-since": earlier}).status_code == 200


def test_a_withdrawal_moves_the_lists_last_modified(article, reviewer):
    client = Client()
    before = client.get(f"{API}events/")
    records_unpublish(queryset=Person.objects.filter(slug="mikhail-zhilin"), user=reviewer)
    after = client.get(f"{API}events/", headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert after["Last-Modified"] >= before["Last-Modified"]


def test_the_person_detail_changes_with_its_timeline(article):
    client = Client()
    first = client.get(f"{API}persons/mikhail-zhilin/")
    event = Person.objects.get(slug="mikhail-zhilin").events.first()
    event.summary += " With a detail the second source adds."
    event.save()
    again = client.get(
        f"{API}persons/mikhail-zhilin/",
        headers={"if-none-match": first["ETag"], "if-modified-since": first["Last-Modified"]},
    )
    assert again.status_code == 200


def test_loading_the_fixture_twice_moves_no_public_time(article):
    def snapshot():
        return sorted(Person.objects.values_list("slug", "public_created_at", "public_updated_at"))

    before = snapshot()
    call_command("loaddata", "fixtures/article.json", verbosity=0)
    assert snapshot() == before


def test_withdrawn_filters_by_resource(article, reviewer):
    records_unpublish(queryset=Person.objects.filter(slug="mikhail-zhilin"), user=reviewer)
    outcomes = withdrawn(resource="asylum-outcomes,persons")
    assert {w["resource"] for w in outcomes} <= {"asylum-outcomes", "persons"}
    assert ("persons", "mikhail-zhilin") in {(w["resource"], w["slug"]) for w in outcomes}


@pytest.mark.parametrize(
    "value,count",
    [("0477-06-09T03:01:47+20:27", 11), ("0001-01-01T00:00:00+05:00", 11), ("9999-12-31T23:59:59-23:00", 0)],
)
def test_updated_since_takes_any_offset_iso_8601_allows(article, value, count):
    # PostgreSQL refuses offsets past 15:59; the filter compares in UTC.
    response = Client().get(f"{API}events/", {"updated_since": value})
    assert response.status_code == 200
    assert response.json()["count"] == count


def test_an_edit_to_the_russian_text_moves_updated_at_and_the_fingerprint(article):
    from casework.sync import fingerprint, public_field_names

    assert {"summary", "summary_ru"} <= set(public_field_names(Person))
    person = Person.objects.get(slug="mikhail-zhilin")
    Person.objects.update(public_updated_at=timezone.now() - dt.timedelta(days=2))
    person.refresh_from_db()
    before, printed = person.public_updated_at, person.public_fingerprint

    person.summary_ru = person.summary_ru + " Дополнено по второму источнику."
    person.save()

    person.refresh_from_db()
    assert person.public_fingerprint != printed
    assert person.public_updated_at > before
    since = before + dt.timedelta(days=1)
    slugs = [p["slug"] for p in Client().get(f"{API}persons/", {"updated_since": since.isoformat()}).json()["results"]]
    assert slugs == ["mikhail-zhilin"]
    # An empty translation counts as none: the fingerprint of a record without Russian
    # text is what it was before the columns existed.
    person.summary_ru = ""
    names = tuple(name for name in public_field_names(Person) if not name.endswith("_ru"))
    assert fingerprint(person) == fingerprint(person, names)
