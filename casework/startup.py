"""Refuse to start with settings that would expose the people in the records.

The settings module calls `refuse_weak_settings()` once, before Django configures anything,
so a weak production setting stops `gunicorn`, `manage.py` and the tests alike with one
message that says what to change. Each rule returns its own message; all of them are
reported together so an operator fixes everything in one go.
"""

from django.core.exceptions import ImproperlyConfigured

from casework.crypto import key_problem

MIN_SECRET_KEY_LENGTH = 50
MIN_SECRET_KEY_UNIQUE_CHARACTERS = 5

# Values that are published somewhere (this project's docs and development default, Django's
# startproject template, common placeholders): anyone can read them, so none is a secret.
EXAMPLE_SECRET_KEYS = frozenset(
    {
        "casework-development-only-not-secret",
        "...",
        "x",
        "secret",
        "changeme",
        "change-me",
        "secret-key",
        "your-secret-key",
        "your-secret-key-here",
    }
)
EXAMPLE_SECRET_KEY_PREFIXES = ("django-insecure-", "test-only-key-not-secret", "casework-development")
# The development encryption key settings.py ships (base64 of a readable phrase).
EXAMPLE_FIELD_ENCRYPTION_KEYS = frozenset({"Y2FzZXdvcmstZGV2ZWxvcG1lbnQtb25seS1rZXkhISE="})

# Host names that only the machine itself can reach. DEBUG pages show settings, SQL and local
# variables (restricted values included), so DEBUG is only acceptable behind these.
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "::1", "testserver"})


def _is_local_host(host: str) -> bool:
    host = host.strip().lower()
    return host in LOCAL_HOSTS or host.endswith(".localhost")


def secret_key_problem(secret_key: str) -> str | None:
    if not secret_key:
        return "SECRET_KEY must be set to a long random value when DEBUG is off."
    if secret_key in EXAMPLE_SECRET_KEYS or secret_key.startswith(EXAMPLE_SECRET_KEY_PREFIXES):
        return "SECRET_KEY must be set: the value given is an example published with the code, not a secret."
    if len(secret_key) < MIN_SECRET_KEY_LENGTH or len(set(secret_key)) < MIN_SECRET_KEY_UNIQUE_CHARACTERS:
        return (
            f"SECRET_KEY must be set to at least {MIN_SECRET_KEY_LENGTH} random characters (it has {len(secret_key)})."
        )
    return None


def debug_hosts_problem(allowed_hosts: list[str]) -> str | None:
    public = [host for host in allowed_hosts if not _is_local_host(host)]
    if public:
        return (
            f"DEBUG is on while ALLOWED_HOSTS names public hosts ({', '.join(public)}): debug pages "
            "show settings and restricted values to anyone. Set DEBUG=0 in production, or "
            "keep ALLOWED_HOSTS to localhost names for development."
        )
    return None


def field_encryption_problem(keys: list[str]) -> str | None:
    if set(keys) & EXAMPLE_FIELD_ENCRYPTION_KEYS:
        return "FIELD_ENCRYPTION_KEY must be set: the development key is published with the code, not a secret."
    return key_problem(keys)


def settings_problems(
    *, debug: bool, secret_key: str, allowed_hosts: list[str], field_encryption_keys: list[str]
) -> list[str]:
    if debug:
        problems = [debug_hosts_problem(allowed_hosts), key_problem(field_encryption_keys)]
    else:
        problems = [secret_key_problem(secret_key), field_encryption_problem(field_encryption_keys)]
    return [problem for problem in problems if problem]


def refuse_weak_settings(
    *, debug: bool, secret_key: str, allowed_hosts: list[str], field_encryption_keys: list[str]
) -> None:
    problems = settings_problems(
        debug=debug, secret_key=secret_key, allowed_hosts=allowed_hosts, field_encryption_keys=field_encryption_keys
    )
    if problems:
        hint = " For local development set DEBUG=1 instead." if not debug else ""
        raise ImproperlyConfigured("Refusing to start: " + " ".join(problems) + hint)
