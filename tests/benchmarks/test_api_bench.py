"""API latency and memory on a few thousand generated records: `make bench`.

Prints a Markdown table (copied into docs/performance.md). Nothing here asserts a time:
machines differ; the figures are for comparing one change with the next.
"""

import statistics
import time
import tracemalloc
from functools import cache

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework import dates
from casework.models import Citation, Cohort, Event, Organization, Person, Source
from casework.vocabularies import EventType, Visibility

PERSONS = 1000
EVENTS_PER_PERSON = 4
RUNS = 7
EDTF = ["2022", "2022-12", "2023-22", "2024~", "../2022-12", "2022/2023", "2024-02-14", ""]


@cache
def dated(value: str) -> dict:
    bounds = dates.bounds(value)
    return {"date": value, "date_earliest": bounds.earliest, "date_latest": bounds.latest}


def generate() -> dict:
    """bulk_create skips the pre_save receiver, so the date bounds are set here."""
    published = Visibility.PUBLISHED
    source = Source.objects.create(slug="bench-source", title="Bench source", visibility=published, **dated("2024"))
    organization = Organization.objects.create(slug="bench-org", name="Bench org", kind="ngo", visibility=published)
    persons = Person.objects.bulk_create(
        Person(
            slug=f"bench-person-{n}",
            display_name=f"Bench Person {n}",
            citizenship_id="RU",
            summary=f"Soldier number {n} who deserted and fled to Kazakhstan.",
            legal_name=f"restricted {n}",
            visibility=published if n % 10 else Visibility.DRAFT,
        )
        for n in range(PERSONS)
    )
    cohort = Cohort.objects.create(slug="bench-cohort", name="Bench cohort", size=50, visibility=published)
    cohort.members.add(*persons[:50])
    types = [EventType.DESERTION, EventType.FLIGHT, EventType.ARRIVAL, EventType.DEPORTATION]
    events = Event.objects.bulk_create(
        Event(
            slug=f"bench-event-{p}-{k}",
            person=person,
            type=types[k],
            from_country_id="RU" if k == 1 else None,
            to_country_id="KZ" if k == 1 else None,
            country_id="KZ" if k == 3 else None,
            summary=f"Step {k} of the case of Bench Person {p}.",
            visibility=published,
            **dated(EDTF[(p + k) % len(EDTF)]),
        )
        for p, person in enumerate(persons)
        for k in range(EVENTS_PER_PERSON)
    )
    Event.organizations.through.objects.bulk_create(
        Event.organizations.through(event_id=event.pk, organization_id=organization.pk) for event in events[::3]
    )
    person_type = ContentType.objects.get_for_model(Person)
    event_type = ContentType.objects.get_for_model(Event)
    Citation.objects.bulk_create(
        [
            *(
                Citation(source=source, content_type=person_type, object_id=p.pk, quote=f"Quote about {p.slug}.")
                for p in persons
            ),
            *(
                Citation(source=source, content_type=event_type, object_id=e.pk, quote=f"Quote about {e.slug}.")
                for e in events
            ),
        ]
    )
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would have gathered, so the planner can weigh the indexes.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    published_events = sum(1 for event in events if event.person.visibility == published)
    return {"person": persons[1].slug, "events": len(events), "published_events": published_events}


def measure(client, path: str, params: dict) -> dict:
    client.get(path, params)  # warm caches (content types, EDTF renderings)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(path, params)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, body[:300]
    tracemalloc.start()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
        size = sum(len(chunk) for chunk in response.streaming_content) if response.streaming else len(response.content)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "median_ms": statistics.median(times) * 1000,
        "max_ms": max(times) * 1000,
        "peak_kib": peak / 1024,
        "bytes": size,
        "queries": len(queries),
    }


@pytest.mark.django_db
def test_api_latency_and_memory(client, settings, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute"})
    data = generate()
    cases = [
        ("persons list, 20 per page", "/api/v1/persons/", {}),
        ("persons list, 100 per page", "/api/v1/persons/", {"page_size": 100}),
        ("events list, 100 per page", "/api/v1/events/", {"page_size": 100}),
        (
            "events, filtered (type+country+dates)",
            "/api/v1/events/",
            {"type": "flight", "to_country": "KZ", "date_from": "2022", "date_to": "2022"},
        ),
        ("events, search", "/api/v1/events/", {"search": "Person 99"}),
        ("person detail (timeline)", f"/api/v1/persons/{data['person']}/", {}),
        (f"events CSV, all {data['published_events']} published", "/api/v1/events/", {"format": "csv"}),
        ("persons CSV, all published", "/api/v1/persons/", {"format": "csv"}),
    ]
    lines = [
        f"Database: {connection.vendor}; {PERSONS} persons (10% drafts), {data['events']} events, "
        f"{PERSONS + data['events']} citations; median of {RUNS} runs.",
        "",
        "| request | median ms | max ms | peak Python memory KiB | response bytes | queries |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, path, params in cases:
        result = measure(client, path, params)
        lines.append(
            f"| {label} | {result['median_ms']:.0f} | {result['max_ms']:.0f} | {result['peak_kib']:.0f} "
            f"| {result['bytes']} | {result['queries']} |"
        )
    print("\n" + "\n".join(lines))
