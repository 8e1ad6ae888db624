"""What operators run the site with: a health check for the load balancer and log lines
that a machine can read and that never carry a restricted value."""

from __future__ import annotations

import json
import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """200 "ok" when the database and the cache answer, 503 otherwise. The reason goes to
    the log, never to the caller: the address is public."""
    failed = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: the database does not answer")
        failed.append("database")
    try:
        probe = f"healthz:{uuid.uuid4().hex}"
        cache.set(probe, "1", timeout=10)
        if cache.get(probe) != "1":
            raise RuntimeError("the cache did not keep a value")
        cache.delete(probe)
    except Exception:
        logger.exception("Health check: the cache does not answer")
        failed.append("cache")
    if failed:
        return HttpResponse("unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


REDACTED = "[restricted]"


def _restricted_inputs(request) -> list[str]:
    """The values a request carried in restricted fields (a person's form, its inlines)."""
    try:
        data = getattr(request, "POST", None)
    except Exception:  # a body that failed to parse fails again here; the line still goes out
        return []
    if not data:
        return []
    # Imported here: logging is configured before the models can be imported.
    from casework.models import RESTRICTED_PERSON_FIELDS

    values = []
    for name, items in data.lists():
        if name.rsplit("-", 1)[-1] in RESTRICTED_PERSON_FIELDS:
            values.extend(item for item in items if item and item.strip())
    return sorted(values, key=len, reverse=True)


class JSONLinesFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and for a request its method,
    path and status, and the exception. Any value the request posted in a restricted field
    is replaced before the line is written, wherever it appears (an exception message that
    echoes its input included)."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            line.update({"method": request.method, "path": request.path})
        if getattr(record, "status_code", None) is not None:
            line["status"] = record.status_code
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        text = json.dumps(line, ensure_ascii=False, default=str)
        for value in _restricted_inputs(request):
            text = text.replace(json.dumps(value, ensure_ascii=False)[1:-1], REDACTED)
        return text
