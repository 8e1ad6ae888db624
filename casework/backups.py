"""Encrypted backups that restore: the whole database (every record, every history row,
the access log) and the media files, in one file encrypted with BACKUP_ENCRYPTION_KEY.

PostgreSQL is dumped with pg_dump (custom format) and restored with pg_restore; SQLite is
copied with its online backup API. Restoring needs an empty database, so a backup is
never mixed into live data. Keep BACKUP_ENCRYPTION_KEY (and FIELD_ENCRYPTION_KEY, which
the restored restricted fields still need) away from where the backups are stored.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT = "casework-backup-1"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


def _fernet() -> Fernet:
    key = settings.BACKUP_ENCRYPTION_KEY
    if not key:
        raise BackupError(
            "Set BACKUP_ENCRYPTION_KEY (a Fernet key, kept apart from the backups): "
            "python3 -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())'"
        )
    try:
        return Fernet(key)
    except ValueError as exc:
        raise BackupError("BACKUP_ENCRYPTION_KEY must be a Fernet key (32 url-safe base64-encoded bytes).") from exc


def _pg_args(settings_dict: dict) -> tuple[list[str], dict]:
    args = ["--dbname", settings_dict["NAME"]]
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict) -> bytes:
    result = subprocess.run(command, env=env, capture_output=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout


def _dump_database() -> tuple[str, bytes]:
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        args, env = _pg_args(connection.settings_dict)
        return "database.pgdump", _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args], env)
    if connection.vendor == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / "database.sqlite3"
            target = sqlite3.connect(copy)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
            return "database.sqlite3", copy.read_bytes()
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def backup_write(folder: Path) -> Path:
    """Write one encrypted backup file into `folder` and return its path."""
    fernet = _fernet()
    name, dump = _dump_database()
    media = Path(settings.MEDIA_ROOT)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        manifest = {"format": FORMAT, "database": connection.vendor, "created": timezone.now().isoformat()}
        _add(archive, "manifest.json", json.dumps(manifest).encode())
        _add(archive, name, dump)
        if media.is_dir():
            archive.add(media, arcname="media")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"casework-{timezone.now():%Y%m%dT%H%M%S%fZ}.backup"
    # Written readable by the owner only; the content is encrypted besides.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(fernet.encrypt(buffer.getvalue()))
    return path


def backup_restore(path: Path) -> dict:
    """Restore the backup at `path` into the configured database, which must be empty, and
    its media into MEDIA_ROOT. Returns the manifest."""
    try:
        data = _fernet().decrypt(path.read_bytes())
    except InvalidToken as exc:
        raise BackupError("This file does not decrypt with BACKUP_ENCRYPTION_KEY.") from exc
    connection.ensure_connection()
    if connection.introspection.table_names():
        raise BackupError("The database is not empty: restore into a new, empty database.")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())
        if manifest.get("format") != FORMAT:
            raise BackupError("This is not a Casework backup.")
        if manifest["database"] != connection.vendor:
            raise BackupError(f"This backup is of {manifest['database']}; the database here is {connection.vendor}.")
        with tempfile.TemporaryDirectory() as folder:
            archive.extractall(folder, filter="data")
            if connection.vendor == "postgresql":
                args, env = _pg_args(connection.settings_dict)
                dump = Path(folder) / "database.pgdump"
                _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *args, str(dump)], env)
            else:
                source = sqlite3.connect(Path(folder) / "database.sqlite3")
                try:
                    source.backup(connection.connection)
                finally:
                    source.close()
            media = Path(folder) / "media"
            if media.is_dir():
                target = Path(settings.MEDIA_ROOT)
                for item in media.rglob("*"):
                    if item.is_file():
                        destination = target / item.relative_to(media)
                        destination.parent.mkdir(parents=True, exist_ok=True)
                        destination.write_bytes(item.read_bytes())
    return manifest
