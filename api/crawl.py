"""``/api/v1/<resource>/crawl/?cursor=``: every record of a list, page after page, in the
order of its key (slug, code or id), each page starting after the last key of the one before.

Unlike page numbers, a cursor does not shift when records are added or withdrawn during a
crawl: no record is served twice and none that stays public is skipped. A record published
mid-crawl appears if its key sorts after the cursor; the next ``updated_since`` round of a
sync picks up the others. The key is public and never reused, so the cursor is simply the
last key read; any value of the right form is a valid cursor, even one no record has.
"""

from __future__ import annotations

import re
from functools import cache

from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.utils.urls import replace_query_param

CURSOR_PARAM = "cursor"
PAGE_SIZE = 100
# Larger ids are past any record; kept below the 64-bit integers every database takes.
MAX_ID = 10**18

KEY_PATTERNS = {
    "slug": r"^[-a-zA-Z0-9_]+$",
    "code": r"^[A-Za-z]{2}$",
    "id": r"^[0-9]{1,30}$",
}


def cursor_value(raw: str | None, key: str) -> str | int | None:
    """The key to start after, or None for the first page."""
    if raw is None:
        return None
    if not re.match(KEY_PATTERNS[key], raw):
        raise ValidationError({CURSOR_PARAM: [f"Use the {key} of the last record read: follow next."]})
    if key == "id":
        return min(int(raw), MAX_ID)
    return raw.upper() if key == "code" else raw


def crawl_page(queryset, key: str, after, size: int) -> tuple[list, bool]:
    """One page of records after the key ``after``, and whether more follow."""
    if after is not None:
        queryset = queryset.filter(**{f"{key}__gt": after})
    # One record more than the page says whether there is a next page.
    records = list(queryset.order_by(key)[: size + 1])
    return records[:size], len(records) > size


def next_url(request, key_value) -> str:
    return replace_query_param(request.build_absolute_uri(), CURSOR_PARAM, key_value)


@cache
def crawl_serializer(record_serializer: type[serializers.Serializer]) -> type[serializers.Serializer]:
    """A crawl page's shape for the schema: next, then the records as the list gives them."""
    name = record_serializer.__name__.removesuffix("Serializer")
    return type(
        f"{name}CrawlPageSerializer",
        (serializers.Serializer,),
        {
            "next": serializers.URLField(
                read_only=True, allow_null=True, help_text="The next page of the crawl; null on the last page."
            ),
            "results": record_serializer(many=True, read_only=True, help_text="The records of this page, by key."),
        },
    )


def crawl_parameters(key: str) -> list[dict]:
    return [
        {
            "name": CURSOR_PARAM,
            "in": "query",
            "required": False,
            "description": (
                f"Where the crawl goes on: the {key} of the last record read (the next link sets it). "
                "Leave it out for the first page."
            ),
            "schema": {"type": "string", "pattern": KEY_PATTERNS[key]},
            "example": {"slug": "mikhail-zhilin", "code": "KZ", "id": "120"}[key],
        },
        {
            "name": "page_size",
            "in": "query",
            "required": False,
            "description": f"Records per page, from 1 to {PAGE_SIZE} (the default).",
            "schema": {"type": "integer", "minimum": 1, "maximum": PAGE_SIZE},
        },
    ]
