"""Reads of anonymous public requests on a read replica, everything else on the primary.

Active when DATABASE_REPLICA_URL is set (casework/settings.py adds the `replica` alias and
this router). The replica lags the primary by a moment, so only requests that cannot
have written anything, and whose readers would not notice the lag, read from it:

- a GET or HEAD from a reader without a session cookie (the public site and the API set
  none; every editor has one), outside /admin/;
- and even then not inside a transaction, whose reads must see its own writes.

Editors therefore read their own writes everywhere, the public pages they check after
publishing included; logins, sessions, the lockout and the second factor never touch the
replica; management commands and the shell use the primary.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.db import connections
from django.http import FileResponse

PRIMARY = "default"
REPLICA = "replica"

_public_read: ContextVar[bool] = ContextVar("public_read", default=False)


def is_public_read(request) -> bool:
    """A request that writes nothing and whose reader has no session."""
    return (
        request.method in ("GET", "HEAD")
        and not request.path_info.startswith("/admin/")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


class PublicReadsMiddleware:
    """Marks the request's reads as replica reads while the view runs and its answer is
    rendered; above every middleware that reads the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = is_public_read(request)
        token = _public_read.set(public)
        try:
            response = self.get_response(request)
            # A streamed CSV reads while it is sent, after this returns. A file reads no
            # records, and keeps its own way to the socket.
            if public and response.streaming and not isinstance(response, FileResponse):
                response.streaming_content = _marked(response.streaming_content)
            return response
        finally:
            _public_read.reset(token)


def _marked(chunks):
    token = _public_read.set(True)
    try:
        yield from chunks
    finally:
        _public_read.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        if _public_read.get() and not connections[PRIMARY].in_atomic_block:
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # One database and its copy: a record read from either may point to the other's.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        # The replica follows the primary's schema through replication.
        return db == PRIMARY
