"""docs/api.md's researcher's loop, run as written against a live server: download the
newest full snapshot, apply the deltas that follow, and hold what a fresh snapshot holds."""

import json
import math
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from casework.models import Person
from casework.vocabularies import Visibility
from tests.conftest import load_article_after_flush
from tests.factories import CitationFactory, EventFactory, PersonFactory

pytest.importorskip("pandas")

DOCS = settings.BASE_DIR / "docs" / "api.md"
SECTION = "## Bulk data and the researcher's loop"


def python_blocks() -> list[str]:
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index(SECTION) :]
    following = re.search(r"^## ", section[len(SECTION) :], flags=re.M)
    if following:
        section = section[: len(SECTION) + following.start()]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


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
    assert len(blocks) == 3
    namespace: dict = {}
    for block in blocks:
        exec(block.replace('"https://casework.example"', repr(live_server.url)), namespace)

    fresh = export()
    tables = namespace["tables"]
    for resource in json.loads((fresh / "manifest.json").read_text())["counts"]:
        key = "code" if resource == "countries" else "slug"
        expected = [json.loads(line) for line in (fresh / f"{resource}.jsonl").read_text().splitlines()]
        held = tables[resource].to_dict("records") if len(tables[resource]) else []
        assert by_key(held, key) == by_key(expected, key), resource
    assert "withdrawn-on-day-one" not in set(tables["persons"]["slug"])
    assert "-delta" in namespace["held"]

    # The answers to the documented questions come from the synced copy.
    assert namespace["deported_by"][("KZ", "2022")] == 1
    assert namespace["decisions"].loc["FR"].sum() == 2
    assert namespace["counted"].sum() >= 7400
    assert namespace["backing"].sum() >= 3
