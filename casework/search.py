"""Text search over public records: full-text search on PostgreSQL, a substring match elsewhere.

The API's ``?search=`` and the case list's search box both call :func:`search`, which
picks the strategy from the database the queryset reads.
On PostgreSQL the vector below is the exact expression that migration
``casework/0004_search_indexes`` indexes with GIN (``0025_search_record_text_in_russian``
adds the Russian columns), so that the planner can use the
index; change one and the other must change with it (a test compares them).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import BooleanField, F, Func, Q, Subquery
from django.utils.translation import gettext_lazy as _

from casework.models import CITABLE_MODELS, Citation, Source

# English stemming lets "deported" find "deportation"; words in other scripts pass
# through the English configuration unchanged, so Cyrillic names and the Russian text of
# records (the ``_ru`` columns) match word for word.
CONFIG = "english"

# Public text only: restricted Person fields must never be searchable, or a search for
# a real name would reveal which record hides behind a pseudonym.
SEARCH_FIELDS: dict[str, tuple[str, ...]] = {
    "casework.person": ("display_name", "name_native", "summary", "summary_ru"),
    "casework.cohort": ("name", "summary", "name_ru", "summary_ru"),
    "casework.organization": ("name", "aliases", "summary", "name_ru", "summary_ru"),
    "casework.event": ("summary", "summary_ru"),
    "casework.asylumoutcome": ("summary", "summary_ru"),
    "casework.charge": ("name", "legal_reference", "other_penalties", "summary", "name_ru", "summary_ru"),
    "casework.prosecution": ("sentence", "summary", "sentence_ru", "summary_ru"),
    "casework.statistic": ("metric", "wording", "summary", "metric_ru", "wording_ru", "summary_ru"),
    "casework.countrycondition": ("summary", "summary_ru"),
    "casework.source": ("title", "publisher", "summary", "summary_ru"),
    "casework.country": ("code", "name_en"),
}
QUOTE_FIELDS = ("quote",)

# Each word becomes a condition per field (a tsquery term on PostgreSQL): a pasted page of
# text would build an expression SQLite refuses ("Expression tree is too large") and costs
# PostgreSQL for nothing. A search longer than this is not a question anyone asks.
MAX_SEARCH_CHARACTERS = 200
MAX_SEARCH_TERMS = 20


def validate_search_text(text: str) -> None:
    """Refuse a search too long to answer, with a message that says the limit."""
    if len(text) > MAX_SEARCH_CHARACTERS:
        raise ValidationError(
            _("Search for at most %(limit)d characters (this search has %(count)d)."),
            code="search_too_long",
            params={"limit": MAX_SEARCH_CHARACTERS, "count": len(text)},
        )
    terms = len(text.split())
    if terms > MAX_SEARCH_TERMS:
        raise ValidationError(
            _("Search for at most %(limit)d words (this search has %(count)d)."),
            code="search_too_many_terms",
            params={"limit": MAX_SEARCH_TERMS, "count": terms},
        )


class KeyAmong(Func):
    """``key = ANY(ARRAY(subquery))``: the subquery runs once, before the outer query,
    and the outer query reads its rows by the keys it returned (PostgreSQL)."""

    # The subquery compiles in parentheses: "key = ANY(ARRAY" + "(SELECT ...)" + ")".
    arg_joiner = " = ANY(ARRAY"
    template = "%(expressions)s)"
    output_field = BooleanField()

    def __init__(self, key: str, queryset: models.QuerySet) -> None:
        super().__init__(F(key), Subquery(queryset))


def vector(fields: tuple[str, ...]) -> SearchVector:
    return SearchVector(*fields, config=CONFIG)


def search(queryset: models.QuerySet, text: str) -> models.QuerySet:
    """Records of ``queryset`` whose own text, or the quote of one of their public
    citations, contains every word of ``text``. Raises ValidationError beyond the limits."""
    validate_search_text(text)
    text = text.strip()
    if not text:
        return queryset
    model = queryset.model
    fields = SEARCH_FIELDS[model._meta.label_lower]
    quoted_by = _public_quotes(model)
    if connections[queryset.db].vendor == "postgresql":
        query = SearchQuery(text, config=CONFIG, search_type="websearch")
        # The keys of the matches, each side read from its own GIN index, UNION-ed and
        # gathered into one array first (`pk = ANY(ARRAY(...))`), so that the records
        # are then read by key. Two OR-ed `pk IN (...)` made the database walk the
        # list's order index testing every row against both (2 s for an events search
        # at 100,000 persons); one `IN (... UNION ...)` still scanned the table, since
        # the planner cannot know how few keys the index finds.
        own = model._default_manager.alias(_search=vector(fields)).filter(_search=query).order_by().values("pk")
        if quoted_by is not None:
            quotes, column = quoted_by
            quoted = quotes.alias(_search=vector(QUOTE_FIELDS)).filter(_search=query).order_by().values(column)
            own = own.union(quoted)
        condition = KeyAmong("pk", own)
    else:
        words = text.split()
        own = Q()
        for word in words:
            own &= _any_contains(fields, word)
        condition = own
        if quoted_by is not None:
            quotes, column = quoted_by
            for word in words:
                quotes = quotes.filter(quote__icontains=word)
            condition |= Q(pk__in=quotes.values(column))
    return queryset.filter(condition)


def _any_contains(fields: tuple[str, ...], word: str) -> Q:
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": word})
    return condition


def _public_quotes(model: type[models.Model]) -> tuple[models.QuerySet, str] | None:
    """Public citations that can make a record of ``model`` match, and the column of the
    record they point to: the cited record, or for a source the source quoted."""
    if model is Source:
        return Citation.objects.public(), "source_id"
    if model not in CITABLE_MODELS:
        return None
    return (
        Citation.objects.public(of=[model]).filter(content_type=ContentType.objects.get_for_model(model)),
        "object_id",
    )
