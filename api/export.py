"""Bulk snapshots of every public record, read the way the API reads them.

Each resource is read through its API viewset (the same ``public()`` queryset, ordering
and serializer as ``/api/v1/<resource>/``), so a snapshot has exactly the API's fields and
visibility; a new resource registered on the API's router is exported without a change
here. Records are streamed in chunks, written as JSON Lines and CSV, and the snapshot is
built in a hidden folder that is renamed into place only when complete.

A delta (``since=``) holds the records whose content differs from the previous snapshot
and the keys of those no longer public. It compares content hashes that every snapshot
keeps in ``state.csv``, so it needs no change-tracking in the database and is exact
whatever was edited: an edit that changes nothing public changes no hash.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection, transaction
from django.test import RequestFactory
from django.utils import timezone, translation
from rest_framework.request import Request
from rest_framework.utils.encoders import JSONEncoder

from api.renderers import csv_lines
from api.views import CSV_CHUNK_SIZE, PublicViewSet, batched
from casework import snapshots

# Router entries that are not record collections: withdrawn keys travel in a delta's own file.
NOT_RECORDS = {"withdrawn"}
KEY_FIELDS = ("slug", "code", "url", "id")
STATE_FILE = "state.csv"
WITHDRAWN = "withdrawn"
WITHDRAWN_HEADER = ["type", "slug"]


class SnapshotError(Exception):
    pass


@dataclass
class ExportResult:
    path: Path
    manifest: dict
    resources: list[str] = field(default_factory=list)


def resources() -> list[tuple[str, type[PublicViewSet]]]:
    """The API's record collections, by resource name, in the router's order."""
    from api.urls import router

    return [
        (prefix, viewset)
        for prefix, viewset, _basename in router.registry
        if prefix not in NOT_RECORDS and issubclass(viewset, PublicViewSet)
    ]


def record_key(record: dict) -> str:
    for name in KEY_FIELDS:
        value = record.get(name)
        if value:
            return urlsplit(value).path if name == "url" else str(value)
    # A record type without any identifier: its content is its identity.
    return hashlib.sha256(json.dumps(record, cls=JSONEncoder, sort_keys=True).encode()).hexdigest()


def _request(prefix: str, base_url: str) -> Request:
    parts = urlsplit(base_url or "http://localhost")
    factory = RequestFactory()
    secure = parts.scheme == "https"
    host = parts.netloc or "localhost"
    return Request(factory.get(f"/api/v1/{prefix}/", HTTP_HOST=host, secure=secure))


def _records(prefix: str, viewset_class: type[PublicViewSet], base_url: str) -> tuple[list[str], Iterator[dict]]:
    """The API list's columns, and every record of one resource as that list shows it,
    streamed in chunks."""
    request = _request(prefix, base_url)
    view = viewset_class(action="list", request=request, format_kwarg=None, args=(), kwargs={})
    queryset = view.filter_queryset(view.get_queryset())
    # Without a base URL the records link by path, the way the site would from its own pages.
    context = {"request": request if base_url else None, "format": None, "view": view}
    # One serializer for every row, as the API's CSV export does.
    serializer = view.get_serializer_class()(context=context)

    def rows() -> Iterator[dict]:
        for chunk in batched(queryset.iterator(chunk_size=CSV_CHUNK_SIZE), CSV_CHUNK_SIZE):
            for record in view.with_citations(list(chunk)):
                yield serializer.to_representation(record)

    return list(serializer.fields), rows()


def _previous_state(previous: Path, resource: str) -> dict[str, str]:
    """One resource's content hashes from an earlier snapshot; one resource at a time keeps
    memory to the largest resource rather than the whole dataset."""
    hashes: dict[str, str] = {}
    with (previous / STATE_FILE).open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["resource"] == resource:
                hashes[row["key"]] = row["sha256"]
    return hashes


def _file_entry(path: Path, resource: str, kind: str) -> dict:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return {
        "name": path.name,
        "resource": resource,
        "format": kind,
        "bytes": path.stat().st_size,
        "sha256": digest.hexdigest(),
    }


class _CSVFile:
    """Writes the API's CSV rows (same cells as ?format=csv) to a file, header first."""

    def __init__(self, path: Path, header: list[str]):
        self.handle = path.open("w", encoding="utf-8", newline="")
        self.header = header
        self.handle.write(next(csv_lines(header, [])))

    def write(self, record: dict) -> None:
        lines = csv_lines(self.header, [record])
        next(lines)  # the header again
        self.handle.write(next(lines))

    def close(self) -> None:
        _sync_close(self.handle)


def _sync_close(handle) -> None:
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()


def _snapshot_name(root: Path, when: dt.datetime, kind: str) -> str:
    base = f"{when:%Y%m%dT%H%M%SZ}-{kind}"
    name, number = base, 1
    while (root / name).exists():
        number += 1
        name = f"{base}-{number}"
    return name


def _previous_manifest(previous: Path) -> dict:
    manifest = snapshots.read_manifest(previous)
    if manifest is None or not (previous / STATE_FILE).is_file():
        raise SnapshotError(f"{previous} is not a Casework snapshot (no manifest.json and {STATE_FILE}).")
    return manifest


def export_snapshot(root: Path, *, since: Path | None = None, base_url: str = "") -> ExportResult:
    """Write a full snapshot (or, with ``since``, a delta) into a new folder under ``root``."""
    root = Path(root)
    previous = _previous_manifest(Path(since)) if since is not None else None
    root.mkdir(parents=True, exist_ok=True)
    started = timezone.now().replace(microsecond=0)
    kind = "delta" if previous is not None else "full"
    staging = Path(tempfile.mkdtemp(prefix=".partial-", dir=root))
    try:
        outermost = not connection.in_atomic_block
        # Dates in words and vocabulary labels as an English-speaking caller gets them.
        with translation.override("en"), transaction.atomic():
            if outermost and connection.vendor == "postgresql":
                # One view of the database for every resource, whatever editors do meanwhile.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            manifest = _write(staging, since=Path(since) if since else None, base_url=base_url)
        manifest.update(
            {
                "kind": kind,
                "created_at": started.isoformat().replace("+00:00", "Z"),
                "since": (
                    {"snapshot": Path(since).name, "created_at": previous["created_at"]}
                    if previous is not None
                    else None
                ),
            }
        )
        manifest = _manifest(manifest)
        with (staging / snapshots.MANIFEST).open("w", encoding="utf-8") as handle:
            json.dump(manifest, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        name = _snapshot_name(root, started, kind)
        os.chmod(staging, 0o755)
        # The only step that makes the snapshot visible, and it is all or nothing.
        staging.rename(root / name)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ExportResult(path=root / name, manifest=manifest, resources=list(manifest["counts"]))


def _manifest(parts: dict) -> dict:
    licence = settings.DATA_LICENCE
    return {
        "format": snapshots.FORMAT,
        "format_version": snapshots.FORMAT_VERSION,
        "schema_version": settings.SPECTACULAR_SETTINGS["VERSION"],
        "kind": parts["kind"],
        "created_at": parts["created_at"],
        "since": parts["since"],
        "licence": {"name": licence["name"], "url": licence["url"]},
        "attribution": licence["attribution"],
        "counts": parts["counts"],
        **({"withdrawn": parts["withdrawn"]} if parts["kind"] == "delta" else {}),
        "files": parts["files"],
    }


def _write(staging: Path, *, since: Path | None, base_url: str) -> dict:
    counts: dict[str, int] = {}
    withdrawn_counts: dict[str, int] = {}
    files: list[dict] = []
    state_handle = (staging / STATE_FILE).open("w", encoding="utf-8", newline="")
    state = csv.writer(state_handle)
    state.writerow(["resource", "key", "sha256"])
    if since is not None:
        withdrawn_jsonl = (staging / f"{WITHDRAWN}.jsonl").open("w", encoding="utf-8")
        withdrawn_csv = _CSVFile(staging / f"{WITHDRAWN}.csv", WITHDRAWN_HEADER)
    for resource, viewset_class in resources():
        before = _previous_state(since, resource) if since is not None else None
        header, records = _records(resource, viewset_class, base_url)
        jsonl = (staging / f"{resource}.jsonl").open("w", encoding="utf-8")
        table = _CSVFile(staging / f"{resource}.csv", header)
        written = 0
        for record in records:
            line = json.dumps(record, cls=JSONEncoder, ensure_ascii=False)
            key = record_key(record)
            digest = hashlib.sha256(line.encode()).hexdigest()[:32]
            state.writerow([resource, key, digest])
            if before is not None and before.pop(key, None) == digest:
                continue
            jsonl.write(line + "\n")
            table.write(record)
            written += 1
        _sync_close(jsonl)
        table.close()
        counts[resource] = written
        files += [
            _file_entry(staging / f"{resource}.jsonl", resource, "jsonl"),
            _file_entry(staging / f"{resource}.csv", resource, "csv"),
        ]
        if before is not None:
            # What was public at the previous snapshot and is no longer.
            withdrawn_counts[resource] = len(before)
            for key in sorted(before):
                row = {"type": resource, "slug": key}
                withdrawn_jsonl.write(json.dumps(row, ensure_ascii=False) + "\n")
                withdrawn_csv.write(row)
    if since is not None:
        _sync_close(withdrawn_jsonl)
        withdrawn_csv.close()
        files += [
            _file_entry(staging / f"{WITHDRAWN}.jsonl", WITHDRAWN, "jsonl"),
            _file_entry(staging / f"{WITHDRAWN}.csv", WITHDRAWN, "csv"),
        ]
    _sync_close(state_handle)
    files.append(_file_entry(staging / STATE_FILE, "state", "csv"))
    return {"counts": counts, "withdrawn": withdrawn_counts, "files": files}
