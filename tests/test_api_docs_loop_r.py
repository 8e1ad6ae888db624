"""docs/api.md's researcher's loops in R, run as written against a live server with
Rscript: the snapshot and its deltas, and the daily sync through the API. Each ends with
the records a fresh snapshot holds. CI installs R (.ci/run); elsewhere the test is skipped,
saying why, when Rscript is missing."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from casework.models import Person
from casework.vocabularies import Visibility
from tests.conftest import load_article_after_flush
from tests.factories import CitationFactory, EventFactory, PersonFactory
from tests.test_api_docs_loop import DOCS, SECTION, backdate_every_record, change_the_records_on_day_one, export

RSCRIPT = shutil.which("Rscript")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(RSCRIPT is None and not os.environ.get("CI"), reason="R is not installed (CI installs it)"),
]


def r_blocks() -> dict[str, str]:
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index(SECTION) :]
    r = section[section.index("### R") :]
    download, deltas, api, questions = re.findall(r"```r\n(.*?)```", r, flags=re.S)
    assert "snapshots.json" in download and "delta" in deltas and "updated_since" in api
    return {"download": download, "deltas": deltas, "api": api, "questions": questions}


def run_r(names: list[str], base_url: str, out: Path) -> None:
    """The blocks in order, then each table written out as JSON Lines for the comparison."""
    assert RSCRIPT, "Rscript is missing: .ci/run installs it"
    blocks = r_blocks()
    script = "\n".join(blocks[name] for name in names).replace('"https://casework.example"', json.dumps(base_url))
    script += f"""
for (resource in names(tables)) stream_out(tables[[resource]], file(file.path({json.dumps(str(out))},
  paste0(resource, ".jsonl"))), verbose = FALSE)
"""
    (out / "loop.R").write_text(script, encoding="utf-8")
    result = subprocess.run([RSCRIPT, str(out / "loop.R")], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]


def keys_and_summaries(folder: Path, resource: str) -> dict:
    key = "code" if resource == "countries" else "slug"
    rows = [json.loads(line) for line in (folder / f"{resource}.jsonl").read_text().splitlines() if line]
    return {row[key]: row.get("summary") or None for row in rows}


def assert_same_as_a_fresh_snapshot(held: Path, *export_args: str) -> None:
    fresh = export(*export_args)
    for resource in json.loads((fresh / "manifest.json").read_text())["counts"]:
        assert keys_and_summaries(held, resource) == keys_and_summaries(fresh, resource), resource


def test_the_r_snapshot_and_deltas_end_with_what_a_fresh_snapshot_holds(transactional_db, live_server, tmp_path):
    load_article_after_flush()
    PersonFactory(slug="withdrawn-on-day-one")
    full = export()
    Person.objects.filter(slug="alexander").update(summary="Corrected on day one.")
    Person.objects.filter(slug="withdrawn-on-day-one").update(visibility=Visibility.REVIEW)
    newcomer = PersonFactory(slug="published-on-day-one")
    CitationFactory(record=newcomer)
    day_one = export("--since", str(full))
    EventFactory(person=newcomer, slug="day-two-event", type="deportation", date="2024-05")
    export("--since", str(day_one))

    run_r(["download", "deltas", "questions"], live_server.url, tmp_path)
    assert_same_as_a_fresh_snapshot(tmp_path)
    persons = keys_and_summaries(tmp_path, "persons")
    assert "withdrawn-on-day-one" not in persons
    assert persons["alexander"] == "Corrected on day one."
    assert "day-two-event" in keys_and_summaries(tmp_path, "events")


def test_the_r_api_sync_ends_with_what_a_fresh_snapshot_holds(transactional_db, live_server, settings, tmp_path):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost", "127.0.0.1"]
    load_article_after_flush()
    backdate_every_record()
    base = ("--base-url", live_server.url)
    export(*base)
    change_the_records_on_day_one()

    run_r(["download", "api", "questions"], live_server.url, tmp_path)
    assert_same_as_a_fresh_snapshot(tmp_path, *base)
    persons = keys_and_summaries(tmp_path, "persons")
    assert "maksim-kuzminov" not in persons
    assert persons["alexander"] == "Corrected on day one."
    assert "published-on-day-one" in persons
    assert "mikhail-zhilin-flight" not in keys_and_summaries(tmp_path, "events")
