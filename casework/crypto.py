"""Encryption at rest for a person's restricted fields, and the keyed hash that lets staff
find a legal name without the database ever holding it in plain text.

Keys come from FIELD_ENCRYPTION_KEY: one Fernet key, or several separated by commas while
rotating. The first key encrypts; every key decrypts. `manage.py rotate_field_key`
re-encrypts every row (and every history row) with the first key, after which the old
keys can be dropped (docs/security.md).
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def key_problem(keys: list[str]) -> str | None:
    """Why these keys cannot be used, or None: for the start-up check."""
    if not keys:
        return (
            "FIELD_ENCRYPTION_KEY must be set when DEBUG is off: restricted fields are encrypted with it. "
            "Make one with: python3 -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())'"
        )
    for key in keys:
        try:
            Fernet(key)
        except (ValueError, TypeError):
            return "FIELD_ENCRYPTION_KEY must be 32 url-safe base64-encoded bytes (a Fernet key) per entry."
    return None


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    problem = key_problem(list(keys))
    if problem:
        raise ImproperlyConfigured(problem)
    return MultiFernet([Fernet(key) for key in keys])


def _keys() -> tuple[str, ...]:
    return tuple(settings.FIELD_ENCRYPTION_KEYS)


def encrypt(text: str) -> str:
    return _fernet(_keys()).encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet(_keys()).decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError) as exc:
        # Never fall back to the stored text: a wrong key must be loud, not look like data.
        raise ImproperlyConfigured(
            "A restricted field cannot be decrypted with FIELD_ENCRYPTION_KEY: is the key the one it was written with?"
        ) from exc


def rotate(token: str) -> str:
    """The same value encrypted with the first key."""
    return _fernet(_keys()).rotate(token.encode("ascii")).decode("ascii")


def _normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def keyed_hash(text: str) -> str:
    """HMAC-SHA256 of the normalised text (case and spacing do not matter), under a key
    derived from the first encryption key: equal names give equal hashes, and without the
    key a hash cannot be tested against a guess."""
    if not text.strip():
        return ""
    hash_key = hashlib.sha256(b"casework keyed hash of legal names\x00" + _keys()[0].encode("ascii")).digest()
    return hmac.new(hash_key, _normalised(text).encode("utf-8"), hashlib.sha256).hexdigest()
