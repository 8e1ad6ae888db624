"""``?search=`` on every API list: the DRF face of :mod:`casework.search`."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from casework.search import MAX_SEARCH_CHARACTERS, MAX_SEARCH_TERMS, search

SEARCH_PARAM = "search"


class SearchFilter(BaseFilterBackend):
    """``?search=`` for every list; see :func:`search`."""

    description = (
        "Words to look for in names, titles, summaries and the verbatim quotes of the record's citations "
        "(for a source: the passages quoted from it). "
        "A record matches when it contains every word. On PostgreSQL this is full-text search "
        '(English stemming; "quoted phrases", `or` and `-word` are understood); elsewhere a '
        "case-insensitive substring match. "
        f"At most {MAX_SEARCH_CHARACTERS} characters and {MAX_SEARCH_TERMS} words."
    )

    def filter_queryset(self, request, queryset, view):
        try:
            return search(queryset, request.query_params.get(SEARCH_PARAM, ""))
        except DjangoValidationError as exc:
            raise ValidationError({SEARCH_PARAM: exc.messages}) from exc

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": SEARCH_PARAM,
                "required": False,
                "in": "query",
                "description": self.description,
                # Control characters get a 400 (casework.middleware); longer searches too.
                "schema": {
                    "type": "string",
                    "maxLength": MAX_SEARCH_CHARACTERS,
                    "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$",
                },
                "example": "deserter Kazakhstan",
            }
        ]
