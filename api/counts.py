"""``/api/v1/<resource>/counts/?by=field[,field]``: how many public records share each value
of a vocabulary or country field, under the list's own filters and search.

The counting runs in the database, as one grouped query over the queryset the list would
page through, so a count can never include a record the list would not show.
"""

from __future__ import annotations

from functools import cache

from django.db import models
from django.db.models import Count, F, Value
from django.db.models.functions import NullIf
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

BY_PARAM = "by"
COUNT_KEY = "count"


def by_fields(raw: str | None, allowed: tuple[str, ...]) -> list[str]:
    """The fields of ``?by=``, in the order given; none for a single total."""
    if raw is None:
        return []
    names = [name.strip() for name in raw.split(",")]
    wrong = [name for name in names if name not in allowed]
    if not all(names) or wrong:
        shown = ", ".join(repr(name) for name in wrong) if wrong else "an empty name"
        raise ValidationError({BY_PARAM: [f"Cannot count by {shown}. Use one or more of: {', '.join(allowed)}."]})
    # A field named twice groups as once.
    return list(dict.fromkeys(names))


def _grouping(model: type[models.Model], name: str):
    field = model._meta.get_field(name)
    if field.is_relation:
        return F(field.attname)
    # A vocabulary left empty reads as null in the API; count it with the nulls.
    return NullIf(F(name), Value(""))


def count_rows(queryset: models.QuerySet, fields: list[str]) -> list[dict]:
    """One row per combination of values present, with how many records have it, sorted by
    the values (empty values last). Without fields: one row, the total."""
    if not fields:
        return [{COUNT_KEY: queryset.order_by().count()}]
    model = queryset.model
    # Aliased: an annotation may not share a model field's name.
    aliases = {f"by_{name}": name for name in fields}
    rows = (
        queryset.order_by()
        .annotate(**{alias: _grouping(model, name) for alias, name in aliases.items()})
        .values(*aliases)
        .annotate(**{COUNT_KEY: Count("pk")})
        .order_by(*(F(alias).asc(nulls_last=True) for alias in aliases))
    )
    return [{**{name: row[alias] for alias, name in aliases.items()}, COUNT_KEY: row[COUNT_KEY]} for row in rows]


COUNTRY_CODE_PATTERN = r"^[A-Z]{2}$"


@cache
def counts_serializer(model: type[models.Model], fields: tuple[str, ...]) -> type[serializers.Serializer]:
    """The answer's shape for one resource, for the schema: ``by`` and one row per group,
    each row holding the fields asked for and ``count``."""
    row_fields: dict[str, serializers.Field] = {}
    for name in fields:
        field = model._meta.get_field(name)
        help_text = f"{str(field.verbose_name).capitalize()}; present when by names it, null for records without one."
        if field.is_relation:
            row_fields[name] = serializers.RegexField(
                COUNTRY_CODE_PATTERN, required=False, allow_null=True, help_text=f"{help_text} ISO 3166-1 alpha-2."
            )
        else:
            row_fields[name] = serializers.ChoiceField(
                choices=field.choices, required=False, allow_null=True, help_text=help_text
            )
    row_fields[COUNT_KEY] = serializers.IntegerField(
        read_only=True, min_value=0, help_text="How many public records have these values (the total: may be 0)."
    )
    row = type(f"{model.__name__}CountSerializer", (serializers.Serializer,), row_fields)
    return type(
        f"{model.__name__}CountsSerializer",
        (serializers.Serializer,),
        {
            BY_PARAM: serializers.ListField(
                child=serializers.ChoiceField(choices=fields),
                read_only=True,
                help_text="The fields counted by, as asked; empty for the total alone.",
            ),
            "results": row(
                many=True,
                read_only=True,
                help_text="One row per combination of values present, sorted by the values, empty values last.",
            ),
        },
    )


def by_parameter(fields: tuple[str, ...]) -> dict:
    """``by`` in the schema: the fields this resource counts by, comma-separated."""
    return {
        "name": BY_PARAM,
        "in": "query",
        "required": False,
        "description": (
            f"Count by one or more of: {', '.join(fields)}, separated by commas. "
            "Without it, the answer is the total alone."
        ),
        "style": "form",
        "explode": False,
        "schema": {"type": "array", "items": {"type": "string", "enum": list(fields)}, "minItems": 1},
        "example": list(fields[:2]),
    }
