"""Operations: /healthz for the load balancer, and structured log lines that never carry a
restricted value."""

import io
import json
import logging

import pytest
from django.urls import reverse

from tests.admin_helpers import form_data

PLANTED = {
    "legal_name": "Plantedname Ivanovich",
    "current_location": "Plantedstreet 7, Almaty",
    "contact": "planted@example.org",
    "risk_notes": "Planted risk: pursued",
    "internal_notes": "Planted internal note",
}


def test_healthz_answers_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


def test_healthz_is_not_redirected_to_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/about/").status_code == 301


def test_healthz_says_503_without_details_when_the_database_fails(client, db, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise RuntimeError("connection refused to db.internal:5432 as casework")

    monkeypatch.setattr("casework.operations.connection", Unreachable())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"unavailable\n"


def test_healthz_says_503_when_the_cache_fails(client, db, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("redis://10.0.0.3:6379 refused")

    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert b"redis" not in response.content


@pytest.fixture
def log_lines():
    """What the configured console handler writes, as the log collector would read it."""
    [handler] = [h for h in logging.getLogger().handlers if h.name == "console"]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield lambda: [line for line in stream.getvalue().splitlines() if line]
    handler.setStream(previous)


def test_log_lines_are_json_and_carry_no_restricted_value(client, superuser, monkeypatch, log_lines):
    from casework.models import Person

    client.force_login(superuser)
    add_url = reverse("admin:casework_person_add")
    data = form_data(client.get(add_url), display_name="Planted Person", slug="planted-person", **PLANTED)

    # A save that fails and echoes its input into the exception, as a database error might.
    def failing_save(self, *args, **kwargs):
        raise ValueError(f"cannot store {self.legal_name} at {self.current_location}")

    monkeypatch.setattr(Person, "save", failing_save)
    client.raise_request_exception = False
    assert client.post(add_url, data).status_code == 500

    lines = log_lines()
    assert lines
    records = [json.loads(line) for line in lines]
    errors = [record for record in records if record["level"] == "ERROR"]
    assert errors and errors[0]["path"] == add_url and errors[0]["status"] == 500
    assert "ValueError: cannot store [restricted] at [restricted]" in errors[0]["exception"]
    everything = "\n".join(lines)
    for value in PLANTED.values():
        assert value not in everything
