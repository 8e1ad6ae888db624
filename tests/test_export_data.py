"""`manage.py export_data`: bulk snapshots that hold exactly what the API shows, and deltas
that bring an earlier snapshot up to date."""

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from api import export
from casework.models import Citation, Person
from casework.vocabularies import Visibility
from tests.conftest import SENTINEL, build_leak_world
from tests.factories import CitationFactory, EventFactory, PersonFactory, SourceFactory
from tests.test_api_privacy import RESOURCES


def run_export(root: Path, *args: str) -> Path:
    before = set(root.iterdir()) if root.exists() else set()
    call_command("export_data", str(root), *args, verbosity=0)
    (created,) = set(root.iterdir()) - before
    return created


def manifest(snapshot: Path) -> dict:
    return json.loads((snapshot / "manifest.json").read_text())


def records(snapshot: Path, resource: str) -> list[dict]:
    with (snapshot / f"{resource}.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def keyed(snapshot: Path) -> dict[str, dict[str, dict]]:
    return {
        resource: {export.record_key(record): record for record in records(snapshot, resource)}
        for resource in manifest(snapshot)["counts"]
    }


def apply_delta(previous: dict[str, dict[str, dict]], delta: Path) -> dict[str, dict[str, dict]]:
    """What a researcher does with a delta: drop the withdrawn keys, replace the changed."""
    merged = {resource: dict(rows) for resource, rows in previous.items()}
    with (delta / "withdrawn.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            del merged[row["type"]][row["slug"]]
    for resource in manifest(delta)["counts"]:
        for record in records(delta, resource):
            merged.setdefault(resource, {})[export.record_key(record)] = record
    return merged


@pytest.mark.django_db
def test_snapshot_has_a_file_pair_per_api_resource_and_counts_equal_the_api(client, article, tmp_path):
    build_leak_world()
    snapshot = run_export(tmp_path)
    data = manifest(snapshot)
    assert list(data["counts"]) == RESOURCES
    for resource in RESOURCES:
        api_count = client.get(f"/api/v1/{resource}/").json()["count"]
        assert data["counts"][resource] == api_count, resource
        assert len(records(snapshot, resource)) == api_count
        with (snapshot / f"{resource}.csv").open(encoding="utf-8", newline="") as handle:
            assert len(list(csv.DictReader(handle))) == api_count
    assert data["counts"]["persons"] >= 4  # the article's people and the planted one


@pytest.mark.django_db
def test_manifest_states_version_time_licence_and_checksums(article, tmp_path, settings):
    snapshot = run_export(tmp_path)
    data = manifest(snapshot)
    assert data["format"] == "casework-snapshot"
    assert data["schema_version"] == settings.SPECTACULAR_SETTINGS["VERSION"]
    assert data["kind"] == "full"
    assert data["created_at"].endswith("Z")
    assert snapshot.name.startswith(data["created_at"].replace("-", "").replace(":", "")[:15])
    assert data["licence"] == {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    listed = {entry["name"]: entry for entry in data["files"]}
    assert set(listed) | {"manifest.json"} == {path.name for path in snapshot.iterdir()}
    for name, entry in listed.items():
        content = (snapshot / name).read_bytes()
        assert entry["bytes"] == len(content)
        assert entry["sha256"] == hashlib.sha256(content).hexdigest()


@pytest.mark.django_db
def test_records_are_the_api_list_records(client, article, tmp_path):
    snapshot = run_export(tmp_path, "--base-url", "http://testserver")
    for resource in ("persons", "events", "sources", "cohorts"):
        api = client.get(f"/api/v1/{resource}/", {"page_size": 100}).json()["results"]
        assert records(snapshot, resource) == api, resource


@pytest.mark.django_db
def test_csv_cells_are_the_api_csv_cells(client, article, tmp_path):
    snapshot = run_export(tmp_path, "--base-url", "http://testserver")
    response = client.get("/api/v1/events/", {"format": "csv"})
    api_csv = b"".join(response.streaming_content).decode()
    assert (snapshot / "events.csv").read_bytes().decode() == api_csv


@pytest.mark.django_db
def test_no_restricted_field_or_unpublished_record_in_any_file(article, tmp_path):
    previous = run_export(tmp_path)
    build_leak_world()
    full = run_export(tmp_path)
    delta = run_export(tmp_path, "--since", str(previous))
    for snapshot in (full, delta):
        for path in snapshot.iterdir():
            assert SENTINEL not in path.read_text(encoding="utf-8").lower(), path
    assert "public-person" in {record["slug"] for record in records(full, "persons")}


@pytest.mark.django_db
def test_delta_applied_to_the_previous_snapshot_equals_a_fresh_snapshot(article, tmp_path):
    withdrawn = PersonFactory(slug="to-be-withdrawn")
    edited = PersonFactory(slug="to-be-edited", summary="Before.")
    quiet = PersonFactory(slug="restricted-edit-only")
    cited = EventFactory(slug="loses-a-citation")
    citation = CitationFactory(record=cited)
    previous = run_export(tmp_path / "old")

    Person.objects.filter(pk=withdrawn.pk).update(visibility=Visibility.REVIEW)
    Person.objects.filter(pk=edited.pk).update(summary="After.")
    Person.objects.filter(pk=quiet.pk).update(risk_notes="Changed but never public.")
    Citation.objects.filter(pk=citation.pk).delete()
    PersonFactory(slug="newly-published")
    CitationFactory(record=edited, source=SourceFactory(slug="new-source"))

    delta = run_export(tmp_path / "new", "--since", str(previous))
    fresh = run_export(tmp_path / "new")
    assert apply_delta(keyed(previous), delta) == keyed(fresh)

    data = manifest(delta)
    assert data["kind"] == "delta"
    assert data["since"] == {"snapshot": previous.name, "created_at": manifest(previous)["created_at"]}
    assert {record["slug"] for record in records(delta, "persons")} == {"to-be-edited", "newly-published"}
    assert [record["slug"] for record in records(delta, "events")] == ["loses-a-citation"]
    assert [record["slug"] for record in records(delta, "sources")] == ["new-source"]
    assert data["counts"]["countries"] == 0
    assert data["withdrawn"]["persons"] == 1
    withdrawn_rows = list(csv.DictReader(io.StringIO((delta / "withdrawn.csv").read_text())))
    assert withdrawn_rows == [{"type": "persons", "slug": "to-be-withdrawn"}]


@pytest.mark.django_db
def test_a_delta_of_a_delta_still_adds_up(article, tmp_path):
    first = run_export(tmp_path)
    PersonFactory(slug="second-day")
    second = run_export(tmp_path, "--since", str(first))
    Person.objects.filter(slug="second-day").update(summary="Third day.")
    third = run_export(tmp_path, "--since", str(second))
    assert apply_delta(apply_delta(keyed(first), second), third) == keyed(run_export(tmp_path))
    assert [record["summary"] for record in records(third, "persons")] == ["Third day."]


@pytest.mark.django_db
def test_a_failed_export_leaves_no_snapshot(article, tmp_path, monkeypatch):
    original = export._file_entry

    def fail_on_events(path, resource, kind):
        if resource == "events":
            raise OSError("disk full")
        return original(path, resource, kind)

    monkeypatch.setattr(export, "_file_entry", fail_on_events)
    (tmp_path / "kept").mkdir()
    with pytest.raises(OSError, match="disk full"):
        call_command("export_data", str(tmp_path), verbosity=0)
    assert [path.name for path in tmp_path.iterdir()] == ["kept"]


@pytest.mark.django_db
def test_since_must_be_a_snapshot(tmp_path):
    with pytest.raises(CommandError, match="no such snapshot"):
        call_command("export_data", str(tmp_path), "--since", str(tmp_path / "missing"))
    (tmp_path / "not-a-snapshot").mkdir()
    with pytest.raises(CommandError, match="not a Casework snapshot"):
        call_command("export_data", str(tmp_path / "out"), "--since", str(tmp_path / "not-a-snapshot"))
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_records(article, tmp_path, django_assert_max_num_queries):
    source = SourceFactory()
    for _ in range(40):
        person = PersonFactory()
        CitationFactory(record=person, source=source)
        EventFactory(person=person)
    # Per resource: the records, their citations, the prefetches; never one per record.
    with django_assert_max_num_queries(40):
        snapshot = run_export(tmp_path)
    assert manifest(snapshot)["counts"]["persons"] >= 40
