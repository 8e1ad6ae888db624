"""``?search=`` on every API list: the DRF face of :mod:`casework.search`."""

from rest_framework.filters import BaseFilterBackend

from casework.search import search

SEARCH_PARAM = "search"


class SearchFilter(BaseFilterBackend):
    """``?search=`` for every list; see :func:`search`."""

    description = (
        "Words to look for in names, titles, summaries and the verbatim quotes of the record's citations "
        "(for a source: the passages quoted from it). "
        "A record matches when it contains every word. On PostgreSQL this is full-text search "
        '(English stemming; "quoted phrases", `or` and `-word` are understood); elsewhere a '
        "case-insensitive substring match."
    )

    def filter_queryset(self, request, queryset, view):
        return search(queryset, request.query_params.get(SEARCH_PARAM, ""))

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": SEARCH_PARAM,
                "required": False,
                "in": "query",
                "description": self.description,
                # NUL cannot reach PostgreSQL; the view answers 400 to it.
                "schema": {"type": "string", "pattern": "^[^\\u0000]*$"},
                "example": "deserter Kazakhstan",
            }
        ]
