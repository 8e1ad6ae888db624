"""docs/api.md's researcher's loop, run as written against a live server: download the
newest full snapshot, then either apply the deltas that follow or sync through the API with
updated_since and /withdrawn/, and hold what a fresh snapshot holds."""

import datetime as dt
import json
import math
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from casework.models import Event, Person, Source
from casework.vocabularies import Visibility
from tests.conftest import load_article_after_flush
from tests.factories import CitationFactory, EventFactory, PersonFactory

pytest.importorskip("pandas")

DOCS = settings.BASE_DIR / "docs" / "api.md"
SECTION = "## Bulk data and the researcher's loop"


def python_blocks() -> dict[str, str]:
    """The section's Python, by what each block does."""
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index(SECTION) :]
    following = re.search(r"^## ", section[len(SECTION) :], flags=re.M)
    if following:
        section = section[: len(SECTION) + following.start()]
    download, deltas, api, questions = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert "snapshots.json" in download and "apply_delta" in deltas and "updated_since" in api
    return {"download": download, "deltas": deltas, "api": api, "questions": questions}


def run(block: str, namespace: dict, base_url: str) -> None:
    exec(block.replace('"https://casework.example"', repr(base_url)), namespace)


def assert_same_as_a_fresh_snapshot(tables: dict, *export_args: str) -> None:
    fresh = export(*export_args)
    for resource in json.loads((fresh / "manifest.json").read_text())["counts"]:
        key = "code" if resource == "countries" else "slug"
        expected = [json.loads(line) for line in (fresh / f"{resource}.jsonl").read_text().splitlines()]
        held = tables[resource].to_dict("records") if len(tables[resource]) else []
        assert by_key(held, key) == by_key(expected, key), resource


def export(*args: str) -> Path:
    root = Path(settings.DATA_SNAPSHOTS_DIR)
    before = set(root.iterdir()) if root.exists() else set()
    call_command("export_data", *args, verbosity=0)
    (created,) = set(root.iterdir()) - before
    return created


def plain(value):
    """pandas turns a column with gaps into floats and NaN; compare values, not dtypes."""
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() else value
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {name: plain(item) for name, item in value.items()}
    return value


def by_key(rows: list[dict], key: str) -> dict:
    return {row[key]: {name: plain(value) for name, value in row.items()} for row in rows}


@pytest.mark.slow
def test_the_documented_loop_ends_with_what_a_fresh_snapshot_holds(transactional_db, live_server):
    load_article_after_flush()
    PersonFactory(slug="withdrawn-on-day-one")
    full = export()
    # Day one: an edit, a withdrawal, a new record with a citation.
    Person.objects.filter(slug="alexander").update(summary="Corrected on day one.")
    Person.objects.filter(slug="withdrawn-on-day-one").update(visibility=Visibility.REVIEW)
    newcomer = PersonFactory(slug="published-on-day-one")
    CitationFactory(record=newcomer)
    export("--since", str(full))
    # A cumulative delta from the same full snapshot, and a chained one after it.
    EventFactory(person=newcomer, slug="day-two-event", type="deportation", date="2024-05")
    day_two = export("--since", str(full))
    Person.objects.filter(slug="published-on-day-one").update(summary="Day three.")
    export("--since", str(day_two))

    blocks = python_blocks()
    namespace: dict = {}
    for name in ("download", "deltas", "questions"):
        run(blocks[name], namespace, live_server.url)

    tables = namespace["tables"]
    assert_same_as_a_fresh_snapshot(tables)
    assert "withdrawn-on-day-one" not in set(tables["persons"]["slug"])
    assert "-delta" in namespace["held"]

    # The answers to the documented questions come from the synced copy.
    assert namespace["deported_by"][("KZ", "2022")] == 1
    assert namespace["decisions"].loc["FR"].sum() == 2
    assert namespace["counted"].sum() >= 7400
    assert namespace["backing"].sum() >= 3


def backdate_every_record() -> None:
    """As if the records had been published long ago, so that a sync fetching everything
    would show as one."""
    from casework.models import CITABLE_MODELS

    long_ago = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    for model in {*CITABLE_MODELS, Source}:
        model.objects.update(public_created_at=long_ago, public_updated_at=long_ago)


def change_the_records_on_day_one() -> Person:
    """An edit, an unpublished person (and what is tied to them), a deleted event, a new
    person with a citation and an event. Returns the unpublished person."""
    alexander = Person.objects.get(slug="alexander")
    alexander.summary = "Corrected on day one."
    alexander.save()
    kuzminov = Person.objects.get(slug="maksim-kuzminov")
    kuzminov.visibility = Visibility.REVIEW
    kuzminov.save()
    Event.objects.get(slug="mikhail-zhilin-flight").delete()
    newcomer = PersonFactory(slug="published-on-day-one")
    CitationFactory(record=newcomer)
    EventFactory(person=newcomer, slug="day-one-event", type="deportation", date="2024-05")
    return kuzminov


@pytest.mark.slow
def test_the_documented_api_sync_ends_with_what_a_fresh_snapshot_holds(transactional_db, live_server, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost", "127.0.0.1"]
    load_article_after_flush()
    backdate_every_record()
    base = ("--base-url", live_server.url)
    export(*base)
    blocks = python_blocks()
    namespace: dict = {}
    run(blocks["download"], namespace, live_server.url)

    kuzminov = change_the_records_on_day_one()
    run(blocks["api"], namespace, live_server.url)
    tables = namespace["tables"]
    assert_same_as_a_fresh_snapshot(tables, *base)
    assert "maksim-kuzminov" not in set(tables["persons"]["slug"])
    assert "mikhail-zhilin-flight" not in set(tables["events"]["slug"])
    # Only what changed came over the wire: the rest was old enough to skip.
    since = namespace["since"]
    assert {record["slug"] for record in namespace["every"]("persons/crawl", updated_since=since)} <= {
        "alexander",
        "published-on-day-one",
    }

    # Day two: the unpublished person is back, a source is corrected, the newcomer deleted.
    kuzminov.visibility = Visibility.PUBLISHED
    kuzminov.save()
    source = Source.objects.public().first()
    source.title = "Corrected title"
    source.save()
    Person.objects.get(slug="published-on-day-one").delete()
    namespace["since"] = namespace["sync"](tables, namespace["since"])
    assert_same_as_a_fresh_snapshot(tables, *base)
    assert "maksim-kuzminov" in set(tables["persons"]["slug"])
    assert "day-one-event" not in set(tables["events"]["slug"])
