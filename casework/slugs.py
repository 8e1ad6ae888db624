"""Slugs made from what a record says (name, subject, date), unique, so nobody types one.

A slug is suggested only for a new record left without one; once a record exists its slug
stays as it is (URLs and the API use it).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.text import slugify

MAX_LENGTH = 100
# The API's paths beside a list's records (/api/v1/events/counts/): a record with one of
# these slugs would be hidden behind them.
RESERVED = frozenset({"counts", "crawl"})


def _parts(record: models.Model) -> list[object]:
    from casework import models as casework

    def subject():
        return getattr(record, "person", None) or getattr(record, "cohort", None)

    if isinstance(record, casework.Person):
        return [record.display_name]
    if isinstance(record, casework.Cohort | casework.Organization):
        return [record.name]
    if isinstance(record, casework.Charge):
        return [record.name, record.country_id]
    if isinstance(record, casework.Source):
        return [record.publisher, record.title[:60], record.date]
    if isinstance(record, casework.Statistic):
        return [record.metric[:60], record.date]
    if isinstance(record, casework.CountryCondition):
        return [record.country_id, record.topic, record.date]
    if isinstance(record, casework.Event):
        return [subject(), record.type, record.date]
    if isinstance(record, casework.AsylumOutcome):
        return [subject(), record.country_id, record.status, record.date]
    if isinstance(record, casework.Prosecution):
        return [record.defendant or (record.charge and record.charge.name), record.country_id, record.date]
    return []


def slug_suggest(record: models.Model, *, taken: Iterable[str] = ()) -> str:
    """A slug for ``record`` from its name, subject and date, not used by any other record
    of its type nor in ``taken`` (slugs given out in the same form)."""
    model = type(record)
    base = slugify(" ".join(str(part) for part in _parts(record) if part))[:MAX_LENGTH].strip("-")
    base = base or model._meta.model_name
    taken = set(taken)
    others = model._default_manager.exclude(pk=record.pk) if record.pk else model._default_manager.all()
    used = taken | RESERVED | set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    candidate, number = base, 2
    while candidate in used:
        candidate, number = f"{base}-{number}", number + 1
    return candidate
