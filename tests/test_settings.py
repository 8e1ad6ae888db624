"""Settings come from the environment, and production refuses unsafe defaults."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

from casework.env import env_bool, env_list


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "DATABASE_URL",
            "ALLOWED_HOSTS",
            "SECURE_SSL_REDIRECT",
            "STATIC_MANIFEST",
            "REDIS_URL",
            "CONN_MAX_AGE",
            "DATABASE_REPLICA_URL",
            "DATABASE_TRANSACTION_POOLING",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_a_secret_key_refuses_to_start():
    result = manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_passes_the_deploy_checks():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="casework.example",
    )
    assert result.returncode == 0, result.stderr


def test_database_url_chooses_the_database():
    result = manage(
        "shell",
        "-c",
        "from django.db import connection; print(connection.vendor, connection.settings_dict['NAME'])",
        DEBUG="1",
        DATABASE_URL="postgres://casework@db.example:5432/casework_prod",
    )
    assert result.stdout.splitlines()[-1].split() == ["postgresql", "casework_prod"], result.stderr


def test_database_connections_are_kept_and_checked_before_reuse():
    code = (
        "from django.db import connection; "
        "print(connection.settings_dict['CONN_MAX_AGE'], connection.settings_dict['CONN_HEALTH_CHECKS'])"
    )
    kept = manage("shell", "-c", code, DEBUG="1", CONN_MAX_AGE="17")
    default = manage("shell", "-c", code, DEBUG="1")
    # Checked before reuse, so a worker whose connection died with a database restart
    # opens a new one instead of failing every request until it is recycled.
    assert kept.stdout.splitlines()[-1] == "17 True", kept.stderr
    assert default.stdout.splitlines()[-1] == "60 True", default.stderr


def test_transaction_pooling_turns_off_server_side_cursors_on_every_alias():
    code = (
        "from django.conf import settings; "
        "print([settings.DATABASES[a].get('DISABLE_SERVER_SIDE_CURSORS', False) for a in sorted(settings.DATABASES)])"
    )
    replica = {"DATABASE_REPLICA_URL": "postgres://casework@replica.example:5432/casework"}
    pooled = manage("shell", "-c", code, DEBUG="1", DATABASE_TRANSACTION_POOLING="1", **replica)
    direct = manage("shell", "-c", code, DEBUG="1", **replica)
    assert pooled.stdout.splitlines()[-1] == "[True, True]", pooled.stderr
    assert direct.stdout.splitlines()[-1] == "[False, False]", direct.stderr


def test_env_bool_refuses_a_typo(monkeypatch):
    monkeypatch.setenv("DEBUG_TYPO", "ture")
    with pytest.raises(ValueError, match="DEBUG_TYPO"):
        env_bool("DEBUG_TYPO", default=False)


def test_env_list_splits_hosts(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example, b.example,,")
    assert env_list("HOSTS", default=[]) == ["a.example", "b.example"]


def test_redis_url_gives_app_servers_one_shared_cache():
    code = "from django.core.cache import caches; print(type(caches['default']).__name__)"
    shared = manage("shell", "-c", code, DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/1")
    local = manage("shell", "-c", code, DEBUG="1")
    assert shared.stdout.splitlines()[-1] == "RedisCache", shared.stderr
    assert local.stdout.splitlines()[-1] == "LocMemCache", local.stderr


@pytest.mark.parametrize(
    ("secret_key", "reason"),
    [
        ("k", "at least 50 random characters (it has 1)"),
        ("a" * 60, "at least 50 random characters (it has 60)"),
        (secrets.token_urlsafe(20), "at least 50 random characters"),
        ("casework-development-only-not-secret", "an example published with the code"),
        ("django-insecure-" + secrets.token_urlsafe(50), "an example published with the code"),
    ],
    ids=["one-character", "one-repeated-character", "short", "development-default", "startproject-template"],
)
def test_production_refuses_a_weak_secret_key(secret_key, reason):
    result = manage("check", DEBUG="0", SECRET_KEY=secret_key, ALLOWED_HOSTS="casework.example")
    assert result.returncode != 0
    assert "Refusing to start: SECRET_KEY must be set" in result.stderr
    assert reason in result.stderr
    # The message names the problem, never the key itself.
    assert secret_key not in result.stderr or len(secret_key) < 2


@pytest.mark.parametrize("hosts", ["casework.example", "*", "localhost,casework.example", "10.0.0.5"])
def test_debug_refuses_to_serve_public_hosts(hosts):
    result = manage("check", DEBUG="1", ALLOWED_HOSTS=hosts)
    assert result.returncode != 0
    assert "DEBUG is on while ALLOWED_HOSTS names public hosts" in result.stderr


def test_debug_on_local_hosts_starts():
    result = manage("check", DEBUG="1", ALLOWED_HOSTS="localhost,127.0.0.1,[::1],casework.localhost")
    assert result.returncode == 0, result.stderr
