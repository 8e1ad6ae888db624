"""The bulk snapshots `manage.py export_data` writes, as the public /data/ page lists them.

Only complete snapshots are listed: a folder counts when its name has the form the
exporter gives it and it holds a readable manifest.json. Only the files a manifest names
can be downloaded, so nothing else placed in the folder is ever served.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

FORMAT = "casework-snapshot"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# 20261127T183000Z-full, 20261128T040000Z-delta, 20261128T040000Z-delta-2
NAME = re.compile(r"^\d{8}T\d{6}Z-(?:full|delta)(?:-\d+)?$")
FILE_NAME = re.compile(r"^[a-z][a-z0-9-]*\.(?:jsonl|csv|json)$")


@dataclass(frozen=True)
class SnapshotFile:
    name: str
    resource: str
    format: str
    bytes: int
    sha256: str
    records: int | None  # None for files that are not records (state.csv)


@dataclass(frozen=True)
class Snapshot:
    name: str
    kind: str
    created_at: dt.datetime
    since: str | None
    counts: dict[str, int]
    withdrawn: dict[str, int]
    files: list[SnapshotFile]
    manifest_bytes: int
    written_ns: int  # orders snapshots made within the same second

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def total_bytes(self) -> int:
        return sum(file.bytes for file in self.files) + self.manifest_bytes


def root() -> Path:
    return Path(settings.DATA_SNAPSHOTS_DIR)


def read_manifest(folder: Path) -> dict | None:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return None
    return manifest


def _snapshot(folder: Path) -> Snapshot | None:
    manifest = read_manifest(folder)
    if manifest is None:
        return None
    try:
        created_at = dt.datetime.fromisoformat(manifest["created_at"].replace("Z", "+00:00"))
        counts = {name: int(count) for name, count in manifest["counts"].items()}
        withdrawn = {name: int(count) for name, count in (manifest.get("withdrawn") or {}).items()}
        per_file = {**counts, "withdrawn": sum(withdrawn.values())} if withdrawn else counts
        files = [
            SnapshotFile(
                name=entry["name"],
                resource=entry["resource"],
                format=entry["format"],
                bytes=int(entry["bytes"]),
                sha256=entry["sha256"],
                records=per_file.get(entry["resource"]),
            )
            for entry in manifest["files"]
            if FILE_NAME.match(entry["name"])
        ]
        since = (manifest.get("since") or {}).get("snapshot")
        return Snapshot(
            name=folder.name,
            kind=manifest["kind"],
            created_at=created_at,
            since=since,
            counts=counts,
            withdrawn=withdrawn,
            files=files,
            manifest_bytes=(folder / MANIFEST).stat().st_size,
            written_ns=(folder / MANIFEST).stat().st_mtime_ns,
        )
    except (KeyError, TypeError, ValueError, AttributeError, OSError):
        return None


def list_snapshots() -> list[Snapshot]:
    """Complete snapshots, newest first."""
    folder = root()
    if not folder.is_dir():
        return []
    found = (_snapshot(path) for path in folder.iterdir() if path.is_dir() and NAME.match(path.name))
    complete = [snapshot for snapshot in found if snapshot]
    return sorted(complete, key=lambda s: (s.created_at, s.written_ns), reverse=True)


def downloadable(name: str, filename: str) -> Path | None:
    """The path of a file a complete snapshot's manifest lists (or the manifest itself)."""
    if not NAME.match(name) or not (filename == MANIFEST or FILE_NAME.match(filename)):
        return None
    snapshot = _snapshot(root() / name)
    if snapshot is None:
        return None
    if filename != MANIFEST and filename not in {file.name for file in snapshot.files}:
        return None
    path = root() / name / filename
    return path if path.is_file() else None
