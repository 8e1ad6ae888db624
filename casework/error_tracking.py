"""Optional error reporting to a Sentry service, started only when SENTRY_DSN is set.

An error report leaves our servers, so it must carry nothing a person in the records
could be hurt by: no account data (``send_default_pii=False``), no cookies or
Authorization header, and no restricted value, wherever in the event it sits (the
request's form, a frame's local variables, ``extra``, breadcrumbs, an exception message
that echoes its input). ``scrub`` does that before anything is sent.
"""

from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Iterator
from functools import cache
from types import FrameType
from typing import Any

REDACTED = "[restricted]"
MAX_STACK_DEPTH = 300
# Request headers that identify or authenticate whoever made the request.
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "x-csrftoken"})


@cache
def _restricted_keys() -> frozenset[str]:
    """Keys whose value is blanked wherever they appear: the restricted fields, the revision
    column that holds them, the legal name's keyed hash. Imported when the first event is
    scrubbed, once the models can be: should that fail (an error while the site starts),
    the SDK drops the event rather than send it unscrubbed."""
    from casework.models import RESTRICTED_PERSON_FIELDS
    from casework.models.revisions import RESTRICTED_KEY

    return frozenset({*RESTRICTED_PERSON_FIELDS, RESTRICTED_KEY, "legal_name_hash"})


def _is_restricted_key(key: object) -> bool:
    if not isinstance(key, str):
        return False
    # A form field of an inline row reads prefix-0-legal_name.
    return key.lower() in _restricted_keys() or key.rsplit("-", 1)[-1].lower() in _restricted_keys()


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _values_in_objects(objects: Iterator[Any]) -> Iterator[str]:
    """Restricted values held by live objects: a person (or a version of one), a form's
    data or cleaned data, a dict such as a ``.values()`` row or a QueryDict."""
    for obj in objects:
        try:
            found = [*_held(obj)]
        except Exception:  # a lazy object that fails to load, a body that cannot be parsed
            continue
        yield from found


def _held(obj: Any) -> Iterator[str]:
    attributes = vars(obj) if hasattr(obj, "__dict__") else {}
    for name in _restricted_keys():
        yield from _strings(attributes.get(name))
    if isinstance(obj, dict):
        pairs = list(obj.items())
    elif type(obj).__name__ in ("QueryDict", "MultiValueDict"):
        pairs = list(obj.lists())
    else:
        return
    for key, value in pairs:
        if _is_restricted_key(key):
            yield from _strings(value)


def _frames(hint: dict) -> Iterator[FrameType]:
    """The frames of the exception, then the frames of the code that is reporting now: the
    SDK calls ``before_send`` in the thread that logged or raised, so the view, its form
    and its request are still on the stack when the event is a logged error."""
    exc_info = hint.get("exc_info")
    traceback = exc_info[2] if exc_info else None
    while traceback is not None:
        yield traceback.tb_frame
        traceback = traceback.tb_next
    frame = sys._getframe(1)
    for _depth in range(MAX_STACK_DEPTH):
        if frame is None:
            break
        yield frame
        frame = frame.f_back


def _frame_objects(hint: dict) -> Iterator[Any]:
    """Every local variable of those frames, and the attributes one step down (a form's
    ``data``, ``cleaned_data`` and ``instance``, a request's parsed ``POST``)."""
    for frame in _frames(hint):
        for value in list(frame.f_locals.values()):
            yield value
            inner = getattr(value, "__dict__", None)
            if isinstance(inner, dict):
                yield from list(inner.values())


def restricted_values(event: dict, hint: dict | None) -> list[str]:
    """The restricted values this event might carry, longest first (so that a value that
    contains another is replaced whole). The event's own copy of the posted form counts
    too, though the SDK keeps only its first fields: the request object on the stack has
    them all."""
    found = set(_values_in_objects(_frame_objects(hint or {})))
    request = event.get("request")
    if isinstance(request, dict) and isinstance(request.get("data"), dict):
        found.update(_values_in_objects(iter([request["data"]])))
    return sorted((value for value in found if value and value.strip()), key=len, reverse=True)


def _scrubbed(value: Any, pattern: re.Pattern | None) -> Any:
    if isinstance(value, dict):
        return {
            key: REDACTED if _is_restricted_key(key) or _is_secret_header(key) else _scrubbed(item, pattern)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [_scrubbed(item, pattern) for item in value]
    if isinstance(value, str) and pattern is not None:
        return pattern.sub(REDACTED, value)
    return value


def _is_secret_header(key: object) -> bool:
    return isinstance(key, str) and key.lower().replace("_", "-") in SECRET_HEADERS


def scrub(event: dict, hint: dict | None) -> dict:
    """Sentry's ``before_send``: the event with every restricted field named by its key
    replaced, every restricted value replaced wherever it appears as text (or as its
    repr), and the headers that identify the caller removed."""
    values = restricted_values(event, hint)
    forms = {form for value in values for form in (value, repr(value)[1:-1])}
    pattern = re.compile("|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))) if forms else None
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("cookies", None)
    return _scrubbed(event, pattern)


def start(dsn: str, *, environment: str = "", transport=None) -> None:
    """Start reporting errors to `dsn`. Called from the settings only when SENTRY_DSN is
    set; `transport` lets a test keep the events in the process."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration

    with warnings.catch_warnings():
        # The SDK now prefers its data_collection option; send_default_pii=False is the
        # switch this project documents and tests, and it still keeps account data out.
        warnings.filterwarnings("ignore", "The send_default_pii option is deprecated", DeprecationWarning)
        sentry_sdk.init(
            dsn=dsn,
            environment=environment or None,
            send_default_pii=False,
            # Breadcrumbs, extra and frames travel inside the event: one scrub covers them.
            before_send=scrub,
            integrations=[DjangoIntegration(), LoggingIntegration()],
            auto_enabling_integrations=False,
            traces_sample_rate=0,
            send_client_reports=False,
            transport=transport,
        )
