"""`make backup` / `make restore`: an encrypted backup of the database it runs on restores
into an empty database with every record, history row and access-log entry."""

import base64
import contextlib
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.db import connection

from casework import crypto, services
from casework.models import AccessAction, Person
from tests.factories import PersonFactory, UserFactory

# Committed data: pg_dump reads the database from another connection.
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PROPOSED_PLACE = "Room 9, Newhiddenstreet"
KEY = base64.urlsafe_b64encode(os.urandom(32)).decode()


def cell(value) -> str:
    # The same instant, whichever time-zone object the driver attached.
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).isoformat()
    # A JSON column, decoded by one connection and left as text by the other.
    if isinstance(value, str) and value[:1] in "[{":
        with contextlib.suppress(ValueError):
            value = json.loads(value)
    if isinstance(value, list | dict):
        return json.dumps(value, sort_keys=True)
    return repr(value)


def table_rows(cursor, tables) -> dict:
    quote = connection.ops.quote_name
    rows = {}
    for table in tables:
        cursor.execute(f"SELECT * FROM {quote(table)}")
        rows[table] = sorted("|".join(map(cell, row)) for row in cursor.fetchall())
    return rows


@pytest.fixture
def records(settings):
    settings.BACKUP_ENCRYPTION_KEY = KEY
    # A transactional test ends with a flush that also empties the country table the
    # migrations filled; put the countries back (idempotently) before the article.
    import_module("casework.migrations.0002_countries").add_countries(apps, None)
    call_command("load_article", verbosity=0)
    auditor = UserFactory(username="auditor")
    person = PersonFactory(display_name="Backed Up", legal_name="Ivanov Secretname", current_location="Almaty")
    person.current_location = "Tbilisi"
    person.save()
    services.access_log_record(user=auditor, action=AccessAction.VIEW, persons=[person], fields=["legal_name"])
    # No group: the flush before this test emptied the ones the migrations made.
    editor = UserFactory(username="editor")
    editor.user_permissions.add(*Permission.objects.filter(codename__in=["change_person", "view_restricted"]))
    services.revision_propose(
        record=person, data={"summary": ["Moved."], "current_location": [PROPOSED_PLACE]}, user=editor
    )
    return person


@pytest.fixture
def empty_database(tmp_path):
    """A new, empty database of the kind the suite runs on, and its URL."""
    if connection.vendor == "sqlite":
        # Read with the converters Django registered, so values compare as the suite reads them.
        types = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
        yield (
            f"sqlite:///{tmp_path / 'restored.sqlite3'}",
            lambda: sqlite3.connect(tmp_path / "restored.sqlite3", detect_types=types),
        )
        return
    import psycopg

    params = connection.settings_dict
    name = f"{params['NAME']}_restored"
    admin = psycopg.connect(
        host=params["HOST"], port=params["PORT"] or 5432, user=params["USER"], dbname="postgres", autocommit=True
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT'] or 5432}/{name}"
    opened = []

    def connect():
        opened.append(
            psycopg.connect(host=params["HOST"], port=params["PORT"] or 5432, user=params["USER"], dbname=name)
        )
        return opened[-1]

    yield url, connect
    for handle in opened:
        handle.close()
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.close()


def restore(path, url):
    env = {**os.environ, "DATABASE_URL": url, "BACKUP_ENCRYPTION_KEY": KEY, "DEBUG": "0"}
    return subprocess.run(
        [sys.executable, "manage.py", "restore_database", str(path)],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_backup_restores_every_record_history_row_and_access_log_entry(records, tmp_path, empty_database):
    url, connect = empty_database
    path = call_command_path(tmp_path)

    # Encrypted: not even a public name can be read from the file.
    raw = path.read_bytes()
    assert b"Backed Up" not in raw and b"casework_person" not in raw

    result = restore(path, url)
    assert result.returncode == 0, result.stderr

    tables = [t for t in connection.introspection.table_names() if t.startswith(("casework_", "auth_", "django_"))]
    with connection.cursor() as cursor:
        before = table_rows(cursor, tables)
    restored = connect()
    after = table_rows(restored.cursor(), tables)
    assert after == before
    assert len(before["casework_historicalperson"]) >= Person.objects.count() + 1
    assert len(before["casework_accesslogentry"]) == 1
    # The pending revision, its restricted value still encrypted and still readable.
    assert len(before["casework_revision"]) == 1
    cursor = restored.cursor()
    cursor.execute("SELECT data FROM casework_revision")
    [(data,)] = cursor.fetchall()
    data = json.loads(data) if isinstance(data, str) else data  # SQLite gives text, PostgreSQL a dict
    assert PROPOSED_PLACE not in json.dumps(data)
    assert json.loads(crypto.decrypt(data["_restricted"])) == {"current_location": [PROPOSED_PLACE]}


def call_command_path(tmp_path):
    from io import StringIO

    out = StringIO()
    call_command("backup_database", str(tmp_path / "backups"), stdout=out)
    from pathlib import Path

    return Path(out.getvalue().strip())


def test_restore_refuses_a_database_that_is_not_empty(records, tmp_path):
    path = call_command_path(tmp_path)
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_database", str(path))


def test_a_backup_needs_its_key(records, tmp_path, settings):
    path = call_command_path(tmp_path)
    settings.BACKUP_ENCRYPTION_KEY = base64.urlsafe_b64encode(os.urandom(32)).decode()
    with pytest.raises(CommandError, match="does not decrypt"):
        call_command("restore_database", str(path))
    settings.BACKUP_ENCRYPTION_KEY = ""
    with pytest.raises(CommandError, match="Set BACKUP_ENCRYPTION_KEY"):
        call_command("backup_database", str(tmp_path))
