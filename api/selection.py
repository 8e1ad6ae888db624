"""``fields=`` and ``omit=``: the top-level fields of an answer a client wants.

A selection only ever removes fields from the serializer the path already uses, so it
cannot reach a field the serializer does not expose. The record's key (its slug, code or
id) is always kept: a row without it could not be joined back or synced.
"""

from __future__ import annotations

from rest_framework.exceptions import ValidationError

FIELDS_PARAM = "fields"
OMIT_PARAM = "omit"


def _names(param: str, raw: str, allowed: list[str], keys: tuple[str, ...], errors: dict) -> set[str]:
    names = [name.strip() for name in raw.split(",")]
    wrong = [name for name in names if name not in allowed]
    if not all(names):
        errors[param] = ["A field name between commas is empty."]
    elif wrong:
        kept = [name for name in wrong if name in keys]
        if kept and len(kept) == len(wrong):
            errors[param] = [f"{', '.join(kept)} is always kept: it is the record's key."]
        else:
            shown = ", ".join(repr(name) for name in wrong)
            errors[param] = [f"No field {shown} here. Use one or more of: {', '.join(allowed)}."]
    return set(names)


def kept_fields(params, available: list[str], keys: tuple[str, ...]) -> list[str] | None:
    """The fields to keep, in the serializer's order; None when the client chose none.
    ``fields`` keeps those named (and the key), then ``omit`` takes some away."""
    raw_fields, raw_omit = params.get(FIELDS_PARAM), params.get(OMIT_PARAM)
    if raw_fields is None and raw_omit is None:
        return None
    errors: dict[str, list[str]] = {}
    keep = set(available)
    if raw_fields is not None:
        keep = _names(FIELDS_PARAM, raw_fields, available, (), errors) | set(keys)
    if raw_omit is not None:
        omittable = [name for name in available if name not in keys]
        keep -= _names(OMIT_PARAM, raw_omit, omittable, keys, errors)
    if errors:
        raise ValidationError(errors)
    return [name for name in available if name in keep]


def selection_parameters(available: list[str], keys: tuple[str, ...]) -> list[dict]:
    """``fields`` and ``omit`` in the schema, with this answer's field names."""
    omittable = [name for name in available if name not in keys]
    key_words = " and ".join(keys)

    def parameter(name: str, names: list[str], description: str) -> dict:
        return {
            "name": name,
            "in": "query",
            "required": False,
            "description": description,
            "style": "form",
            "explode": False,
            "schema": {"type": "array", "items": {"type": "string", "enum": names}, "minItems": 1},
            "example": [name for name in names if name not in keys][:2] or names[:1],
        }

    return [
        parameter(
            FIELDS_PARAM,
            available,
            f"Only these top-level fields, separated by commas ({key_words} always kept): "
            "smaller answers for a crawl or a spreadsheet.",
        ),
        parameter(
            OMIT_PARAM,
            omittable,
            f"Every top-level field but these, separated by commas ({key_words} cannot be omitted). "
            "With fields: applied after it.",
        ),
    ]
