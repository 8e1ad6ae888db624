"""Time and peak memory of `export_data` (a full snapshot and a delta) at scale.

`BENCH_PERSONS=N make bench PYTEST_ARGS="-k snapshot"` (N defaults to 100,000).
Records come from generate_synthetic when the project has it, otherwise from a plain
bulk generator below (persons, two events each, a citation each). Prints a Markdown table
for docs/performance.md; asserts no time. Peak memory is Python's own allocations during
the export (tracemalloc, measured in a run of its own because tracing slows it down).
"""

from __future__ import annotations

import os
import time
import tracemalloc
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command, get_commands
from django.db import connection

from api.export import export_snapshot
from casework import dates
from casework.models import Citation, Event, Person, Source
from casework.vocabularies import EventType, Visibility

PERSONS = int(os.environ.get("BENCH_PERSONS", "100000"))
BATCH = 5000


def plain_generate(persons: int) -> None:
    """Persons with two events and a citation each, written in batches."""
    bounds = dates.bounds("2023-22")
    source = Source.objects.create(slug="bench-source", title="Bench source", visibility=Visibility.PUBLISHED)
    person_type = ContentType.objects.get_for_model(Person)
    for start in range(0, persons, BATCH):
        made = Person.objects.bulk_create(
            Person(
                slug=f"bench-person-{n}",
                display_name=f"Bench Person {n}",
                citizenship_id="RU",
                summary=f"Soldier number {n} who deserted and fled to Kazakhstan.",
                legal_name=f"restricted {n}",
                visibility=Visibility.PUBLISHED if n % 20 else Visibility.DRAFT,
            )
            for n in range(start, min(start + BATCH, persons))
        )
        Event.objects.bulk_create(
            Event(
                slug=f"bench-event-{person.slug}-{k}",
                person=person,
                type=(EventType.DESERTION, EventType.FLIGHT)[k],
                from_country_id="RU" if k else None,
                to_country_id="KZ" if k else None,
                date="2023-22",
                date_earliest=bounds.earliest,
                date_latest=bounds.latest,
                visibility=Visibility.PUBLISHED,
            )
            for person in made
            for k in range(2)
        )
        Citation.objects.bulk_create(
            Citation(source=source, content_type=person_type, object_id=person.pk, quote="A passage.", locator="p. 1")
            for person in made
        )


def folder_bytes(path: Path) -> int:
    return sum(file.stat().st_size for file in path.iterdir())


@pytest.mark.django_db(transaction=True)
def test_snapshot_time_and_memory(tmp_path):
    started = time.perf_counter()
    generator = "generate_synthetic" if "generate_synthetic" in get_commands() else "plain bulk generator"
    if generator == "generate_synthetic":
        call_command("generate_synthetic", persons=PERSONS, seed=1, verbosity=0)
    else:
        plain_generate(PERSONS)
    generated = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    started = time.perf_counter()
    full = export_snapshot(tmp_path / "timed")
    full_seconds = time.perf_counter() - started

    tracemalloc.start()
    export_snapshot(tmp_path / "traced")
    _current, full_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    # A day's edits: one public person in a hundred changes its summary.
    changed = list(Person.objects.public().order_by("pk").values_list("pk", flat=True)[::100])
    Person.objects.filter(pk__in=changed).update(summary="Edited after the snapshot.")
    started = time.perf_counter()
    delta = export_snapshot(tmp_path / "timed", since=full.path)
    delta_seconds = time.perf_counter() - started
    tracemalloc.start()
    export_snapshot(tmp_path / "traced", since=full.path)
    _current, delta_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    records = sum(full.manifest["counts"].values())
    assert delta.manifest["counts"]["persons"] == len(changed)
    mib = 1024 * 1024
    print()
    print(
        f"{connection.vendor}; {PERSONS:,} persons from the {generator} in {generated:.0f} s; "
        f"{records:,} public records in the snapshot"
    )
    print("| export | records written | files | time | peak Python memory |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(
        f"| full | {records:,} | {folder_bytes(full.path) / mib:,.0f} MiB | {full_seconds:,.1f} s | "
        f"{full_peak / mib:,.1f} MiB |"
    )
    print(
        f"| delta (1% of persons edited) | {sum(delta.manifest['counts'].values()):,} | "
        f"{folder_bytes(delta.path) / mib:,.1f} MiB | {delta_seconds:,.1f} s | {delta_peak / mib:,.1f} MiB |"
    )
    print("| per resource | " + ", ".join(f"{name} {count:,}" for name, count in full.manifest["counts"].items()))
