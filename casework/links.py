"""Paths to records by key, without running the URL resolver for every row.

An export or a page of records builds two or three links per record (its API url, its
page, its citation); Django's reverse() walks the resolver each time, which was a fifth of
the time of a CSV export. The path of a view differs between records only in the key, so
it is reversed once per view, language and script prefix, and each key is put in place.
"""

from __future__ import annotations

import re

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation

# What every record key looks like (slugs, country codes): characters a path holds as
# they are. Anything else goes through reverse(), which checks and quotes it.
PLAIN_KEY = re.compile(r"[-a-zA-Z0-9_]+")

_around_the_key: dict[tuple, tuple[str, str]] = {}


def path_to(view_name: str, key: str, *, kwarg: str = "slug") -> str:
    """``reverse(view_name, kwargs={kwarg: key})``, for the language that is active."""
    if not PLAIN_KEY.fullmatch(key):
        return reverse(view_name, kwargs={kwarg: key})
    where = (view_name, kwarg, get_urlconf(), get_script_prefix(), translation.get_language())
    if where in _around_the_key:
        before, after = _around_the_key[where]
        return f"{before}{key}{after}"
    # The first key of a view is reversed for real (its converter checks it); the path
    # around it serves the next ones.
    path = reverse(view_name, kwargs={kwarg: key})
    if path.count(key) == 1:
        _around_the_key[where] = tuple(path.split(key))
    return path
