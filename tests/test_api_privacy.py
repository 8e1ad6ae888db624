"""Only public data, by one rule: restricted fields and unpublished records never come out
of the API, whatever path a caller takes (lists, details, nesting, filters, search,
ordering, counts, CSV, error messages)."""

import pytest
from django.contrib.contenttypes.models import ContentType

from casework.models import Citation
from tests import factories
from tests.conftest import SENTINEL

API = "/api/v1/"
RESOURCES = [
    "persons",
    "cohorts",
    "countries",
    "organizations",
    "asylum-outcomes",
    "charges",
    "prosecutions",
    "events",
    "statistics",
    "country-conditions",
    "sources",
]


def body_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def all_paths(drafts: dict) -> list[str]:
    paths = [API]
    for resource in RESOURCES:
        base = f"{API}{resource}/"
        paths += [
            base,
            f"{base}?page_size=100",
            f"{base}?format=csv",
            f"{base}?search={SENTINEL}",
            f"{base}?search=public",
            f"{base}?ordering=-slug",
        ]
    paths += [f"{API}persons/public-person/", f"{API}cohorts/public-cohort/", f"{API}cohorts/public-cohort-draft/"]
    for visibility in drafts.values():
        for resource, slug in visibility.items():
            paths += [f"{API}{resource}/{slug}/", f"{API}{resource}/{slug}/?format=json"]
        paths += [
            f"{API}events/?person={visibility['persons']}",
            f"{API}events/?cohort={visibility['cohorts']}",
            f"{API}events/?organization={visibility['organizations']}",
            f"{API}prosecutions/?charge={visibility['charges']}",
            f"{API}persons/?cohort={visibility['cohorts']}",
            f"{API}cohorts/?person={visibility['persons']}",
            f"{API}persons/?ordering=legal_name",
        ]
    return paths


def test_no_path_reveals_a_restricted_field_or_an_unpublished_record(client, leak_world):
    for path in all_paths(leak_world.hidden):
        response = client.get(path)
        assert response.status_code < 500, path
        assert SENTINEL not in body_of(response), path


def test_the_published_records_are_all_there(client, leak_world):
    body = client.get(f"{API}persons/public-person/").json()
    assert [citation["quote"] for citation in body["citations"]] == ["A published quote."]
    assert {cohort["slug"] for cohort in body["cohorts"]} == {
        "public-cohort",
        "public-cohort-draft",
        "public-cohort-review",
    }
    assert {event["slug"] for event in body["timeline"]} == {
        "public-event",
        "public-event-with-draft-organization",
        "public-event-with-review-organization",
    }
    for event in body["timeline"]:
        assert event["organizations"] == []
    assert client.get(f"{API}cohorts/public-cohort-draft/").json()["members"] == ["public-person"]


@pytest.mark.parametrize("resource", [r for r in RESOURCES if r != "countries"])
def test_counts_leave_unpublished_records_out(client, leak_world, resource):
    listed = client.get(f"{API}{resource}/", {"page_size": 100}).json()
    assert listed["count"] == len(listed["results"])
    assert all(SENTINEL not in (item.get("slug") or "") for item in listed["results"])


@pytest.mark.parametrize("visibility", ["draft", "review"])
@pytest.mark.parametrize("resource", [r for r in RESOURCES if r != "countries"])
def test_unpublished_detail_answers_exactly_like_a_missing_one(client, leak_world, resource, visibility):
    unpublished = client.get(f"{API}{resource}/{leak_world.hidden[visibility][resource]}/")
    missing = client.get(f"{API}{resource}/no-such-record-at-all/")
    assert unpublished.status_code == missing.status_code == 404
    assert unpublished.content == missing.content
    assert unpublished["Content-Type"] == missing["Content-Type"]


@pytest.mark.parametrize(
    "resource,param,kind",
    [
        ("events", "person", "persons"),
        ("events", "cohort", "cohorts"),
        ("events", "organization", "organizations"),
        ("prosecutions", "charge", "charges"),
        ("cohorts", "person", "persons"),
    ],
)
def test_filtering_by_an_unpublished_slug_answers_like_a_missing_one(client, leak_world, resource, param, kind):
    unpublished = client.get(f"{API}{resource}/", {param: leak_world.hidden["draft"][kind]})
    missing = client.get(f"{API}{resource}/", {param: "no-such-record-at-all"})
    # 404, as the record's own URL answers (a 400 would tell schema-valid requests apart).
    assert unpublished.status_code == missing.status_code == 404
    assert unpublished.content == missing.content


def test_a_record_whose_subject_is_unpublished_is_unpublished(client, leak_world):
    # The event is itself published, but about a draft person.
    slug = leak_world.hidden["draft"]["events"]
    assert client.get(f"{API}events/{slug}/").status_code == 404


def test_citations_of_unpublished_records_stay_hidden(client, leak_world):
    draft_event = factories.EventFactory(person=leak_world.person, visibility="draft")
    Citation.objects.create(
        source=factories.SourceFactory(),
        content_type=ContentType.objects.get_for_model(draft_event),
        object_id=draft_event.pk,
        quote=f"{SENTINEL} about a draft event",
    )
    for resource in ("sources", "events"):
        assert SENTINEL not in body_of(client.get(f"{API}{resource}/?format=csv"))
        # Nor can a search tell that the quote exists.
        assert client.get(f"{API}{resource}/", {"search": f"{SENTINEL} about a draft"}).json()["count"] == 0
