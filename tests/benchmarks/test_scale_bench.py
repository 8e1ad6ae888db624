"""Every answer at the scale of every known case, against the floor: `make bench`.

Generates BENCH_PERSONS synthetic persons (default 100,000; generate_synthetic) into the
test database pytest-django creates and drops, then times each answer through Django's
test client (no network, sequential) and prints median and p95. For five answers it
also times the FLOOR: the same page's rows fetched by one indexed query through raw
psycopg and encoded with json.dumps, and prints the ratio of the two medians.

Nothing here asserts a time; the figures go to docs/performance.md. PostgreSQL only: the
floor is raw psycopg, and SQLite is not what a site of this size runs on.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import time
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

PERSONS = int(os.environ.get("BENCH_PERSONS", "100000"))
SEED = 1
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
# An answer slower than this is timed fewer times (at least three), so that a cliff
# does not hold the whole run for an hour; its p95 is then the slowest run.
BUDGET_SECONDS = float(os.environ.get("BENCH_BUDGET_SECONDS", "20"))

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").split(":", 1)[0] not in {"postgres", "postgresql", "pgsql"},
    reason="the scale benchmark runs on PostgreSQL (set DATABASE_URL, as make bench does)",
)


def load() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return "uptime unavailable"


@pytest.fixture(scope="session")
def synthetic(django_db_setup, django_db_blocker):
    """The synthetic records, committed so the raw psycopg floor sees them too; the test
    database is dropped at the end of the session."""
    from casework.models import Cohort, Person, Source

    with django_db_blocker.unblock():
        before = load()
        started = time.perf_counter()
        # A database kept from an earlier run (make bench BENCH_DB_FLAGS=--reuse-db) keeps
        # its records: generating 100,000 persons takes minutes.
        if not Person.objects.exists():
            call_command("generate_synthetic", persons=PERSONS, seed=SEED, verbosity=0)
        generated = time.perf_counter() - started
        with connection.cursor() as cursor:
            # As autovacuum would leave it after a bulk load: statistics and a visibility map.
            cursor.execute("VACUUM ANALYZE")
        person = Person.objects.public().filter(events__isnull=False).order_by("slug")[PERSONS // 2]
        cohort = Cohort.objects.public().filter(members__isnull=False).order_by("slug")[PERSONS // 20]
        yield {
            "generated_seconds": generated,
            "load_before": before,
            "person": person.slug,
            "person_id": person.pk,
            "cohort": cohort.slug,
            "source": Source.objects.public().order_by("slug")[PERSONS // 10].slug,
        }


def timed(call: Callable[[], int]) -> dict:
    """Median, p95 and maximum of up to RUNS calls after one warm-up call."""
    call()
    times: list[float] = []
    spent = 0.0
    while len(times) < RUNS and (len(times) < 3 or spent < BUDGET_SECONDS):
        start = time.perf_counter()
        call()
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        spent += elapsed
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"median": statistics.median(times) * 1000, "p95": p95 * 1000, "runs": len(times)}


def answer(client: Client, path: str) -> Callable[[], int]:
    def call() -> int:
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200, (path, response.status_code, body[:300])
        return len(body)

    return call


_raw_connections: list = []


@pytest.fixture(autouse=True)
def _close_raw_connections():
    # Left open, they would keep pytest-django from dropping the benchmark database.
    yield
    while _raw_connections:
        _raw_connections.pop().close()


def floor(sql: str, params: tuple = ()) -> Callable[[], int]:
    """One query through raw psycopg, its rows encoded as JSON: what the answer costs
    without Django, DRF, templates or a second query."""
    import psycopg

    settings_dict = connection.settings_dict
    raw = psycopg.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"] or None,
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        autocommit=True,
    )
    _raw_connections.append(raw)

    def call() -> int:
        with raw.cursor() as cursor:
            cursor.execute(sql, params)
            columns = [column.name for column in cursor.description]
            rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        assert rows, sql
        return len(json.dumps(rows, default=str))

    return call


# Citations of one record, the way the API embeds them.
CITATIONS = """(SELECT coalesce(json_agg(json_build_object('source', s.slug, 'quote', c.quote, 'locator', c.locator)),
       '[]') FROM casework_citation c JOIN casework_source s ON s.id = c.source_id
       WHERE c.content_type_id = %s AND c.object_id = {alias}.id AND s.visibility = 'published') AS citations"""

FLOOR_PERSONS = f"""SELECT p.slug, p.display_name, p.name_is_pseudonym, p.name_native, p.citizenship_id,
       p.military_background, p.situation, p.summary, {CITATIONS.format(alias="p")}
  FROM casework_person p WHERE p.visibility = 'published' ORDER BY p.display_name, p.slug LIMIT 20"""

FLOOR_EVENTS = f"""SELECT e.slug, e.type, p.slug AS person, e.country_id, e.from_country_id, e.to_country_id,
       e.date, e.date_earliest, e.date_latest, e.summary, {CITATIONS.format(alias="e")}
  FROM casework_event e LEFT JOIN casework_person p ON p.id = e.person_id
  LEFT JOIN casework_cohort k ON k.id = e.cohort_id
 WHERE e.visibility = 'published' AND e.type = 'flight' AND e.to_country_id = 'KZ'
   AND (p.id IS NULL OR p.visibility = 'published') AND (k.id IS NULL OR k.visibility = 'published')
 ORDER BY coalesce(e.date_earliest, e.date_latest), e.date_latest, e.id LIMIT 20"""

FLOOR_PERSON = """SELECT p.slug, p.display_name, p.summary, p.citizenship_id, p.military_background,
       (SELECT json_agg(t ORDER BY coalesce(t.date_earliest, t.date_latest), t.date_latest, t.id) FROM (
           SELECT e.id, e.slug, e.type, e.date, e.date_earliest, e.date_latest, e.country_id, e.summary
             FROM casework_event e WHERE e.person_id = p.id AND e.visibility = 'published'
           UNION ALL
           SELECT e.id, e.slug, e.type, e.date, e.date_earliest, e.date_latest, e.country_id, e.summary
             FROM casework_event e JOIN casework_cohort_members m ON m.cohort_id = e.cohort_id
            WHERE m.person_id = p.id AND e.visibility = 'published') t) AS timeline,
       (SELECT json_agg(o) FROM (SELECT o.slug, o.status, o.country_id, o.date FROM casework_asylumoutcome o
           WHERE o.person_id = p.id AND o.visibility = 'published') o) AS outcomes
  FROM casework_person p WHERE p.slug = %s AND p.visibility = 'published'"""

FLOOR_CASES = """SELECT kind, slug, name FROM (
    (SELECT 'person' AS kind, slug, display_name AS name FROM casework_person WHERE visibility = 'published'
      ORDER BY display_name, slug LIMIT 20)
    UNION ALL
    (SELECT 'cohort', slug, name FROM casework_cohort WHERE visibility = 'published' ORDER BY name, slug LIMIT 20)
  ) cases ORDER BY name, kind, slug LIMIT 20"""


@pytest.mark.django_db
def test_every_answer_at_scale(synthetic, monkeypatch):
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from rest_framework.throttling import AnonRateThrottle

    from casework.models import Event, Person

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1000000/minute"})
    client = Client()
    person, cohort = synthetic["person"], synthetic["cohort"]
    person_type = ContentType.objects.get_for_model(Person).pk
    event_type = ContentType.objects.get_for_model(Event).pk

    against_floor = [
        ("API persons list", "/api/v1/persons/", floor(FLOOR_PERSONS, (person_type,))),
        (
            "API events, type+to_country",
            "/api/v1/events/?type=flight&to_country=KZ",
            floor(FLOOR_EVENTS, (event_type,)),
        ),
        ("API person detail", f"/api/v1/persons/{person}/", floor(FLOOR_PERSON, (person,))),
        ("case list", "/cases/", floor(FLOOR_CASES)),
        ("case page", f"/cases/{person}/", floor(FLOOR_PERSON, (person,))),
    ]
    others = [
        ("home", "/"),
        ("case list, country filter", "/cases/?country=kz"),
        ("case list, year filter", "/cases/?year=2023"),
        ("case list, search", "/cases/?q=Dmitry"),
        ("case list, deep page", f"/cases/?page={PERSONS // 50}"),
        ("cohort page", f"/cohorts/{cohort}/"),
        ("country page", "/countries/kz/"),
        ("source page", f"/sources/{synthetic['source']}/"),
        ("statistics", "/statistics/"),
        ("feed", "/feed/"),
        ("sitemap.xml", "/sitemap.xml"),
        ("sitemap page (cases, page 2)", "/sitemap-cases.xml?p=2"),
        (f"API persons page {PERSONS // 200}", f"/api/v1/persons/?page={PERSONS // 200}"),
        ("API persons search", "/api/v1/persons/?search=Dmitry"),
        ("API events page 1", "/api/v1/events/"),
        ("API events search", f"/api/v1/events/?search={PERSONS // 2 + 1}"),
        # The case number in the summaries of a public person's events ("syn-person-0050000").
        ("API events search, a public case", f"/api/v1/events/?search={int(person.rsplit('-', 1)[1])}"),
        ("API events CSV, type+to_country", "/api/v1/events/?format=csv&type=flight&to_country=KZ"),
    ]
    staff = get_user_model().objects.create_superuser("bench", "bench@example.invalid", "bench")
    admin_client = Client()
    admin_client.force_login(staff)
    person_pk = synthetic["person_id"]
    admin = [
        ("admin persons changelist", "/admin/casework/person/"),
        ("admin events changelist", "/admin/casework/event/"),
        ("admin citations changelist", "/admin/casework/citation/"),
        ("admin person change page", f"/admin/casework/person/{person_pk}/change/"),
    ]

    lines = Printed(
        [
            f"PostgreSQL {connection.pg_version // 10000}; {PERSONS:,} synthetic persons (seed {SEED}) generated in "
            f"{synthetic['generated_seconds']:.0f} s; load before generating: {synthetic['load_before']}",
            f"Load before timing: {load()}",
            "",
            "| answer | median ms | p95 ms | floor median ms | ratio | queries | bytes | runs |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
    )
    for label, path, floor_call in against_floor:
        result, floor_result = timed(answer(client, path)), timed(floor_call)
        queries, size = count_queries(answer(client, path))
        lines.append(
            f"| {label} | {result['median']:.1f} | {result['p95']:.1f} | {floor_result['median']:.2f} "
            f"| {result['median'] / floor_result['median']:.1f}× | {queries} | {size} | {result['runs']} |"
        )
    lines += ["", "| answer | median ms | p95 ms | queries | bytes | runs |", "| --- |" + " ---: |" * 5]
    for label, path, answering in [
        *((label, path, client) for label, path in others),
        *((label, path, admin_client) for label, path in admin),
    ]:
        call = answer(answering, path)
        result = timed(call)
        queries, size = count_queries(call)
        lines.append(
            f"| {label} | {result['median']:.1f} | {result['p95']:.1f} | {queries} | {size} | {result['runs']} |"
        )
    # Answers read once per version of the public records (casework.public_cache), timed
    # as the first request after a change: every write moves the version.
    from casework.public_cache import public_content_changed

    lines += [
        "",
        "After a change to the records (cached answers computed afresh):",
        "",
        "| answer | median ms | p95 ms | queries | bytes | runs |",
        "| --- |" + " ---: |" * 5,
    ]
    for label, path in [
        ("home", "/"),
        ("case list, country filter", "/cases/?country=kz"),
        ("case list, year filter", "/cases/?year=2023"),
        ("country page", "/countries/kz/"),
        ("sitemap.xml", "/sitemap.xml"),
        ("API events page 1", "/api/v1/events/"),
        ("API events, type+to_country", "/api/v1/events/?type=flight&to_country=KZ"),
    ]:
        fetch = answer(client, path)

        def after_a_change(fetch=fetch) -> int:
            public_content_changed()
            return fetch()

        result = timed(after_a_change)
        queries, size = count_queries(after_a_change)
        lines.append(
            f"| {label} | {result['median']:.1f} | {result['p95']:.1f} | {queries} | {size} | {result['runs']} |"
        )
    lines.append(f"\nLoad after timing: {load()}")


class Printed(list):
    """Lines printed as they come, so that a run stopped half-way still says something."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        print()
        self += lines

    def append(self, line: str) -> None:
        print(line, flush=True)
        super().append(line)

    def __iadd__(self, lines):
        for line in lines:
            self.append(line)
        return self


def count_queries(call: Callable[[], int]) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        size = call()
    return len(queries), size
