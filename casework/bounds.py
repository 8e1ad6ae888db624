"""Bounded by the source: a record's date cannot reach past the newest source that reports it.

A source reports what has happened by the day it was published, so a record whose date
could still mean a later day claims more than any of its sources: an event of "about
2024" cited from an article of 16 October 2024 would be found by ``?date_from=2024-11``.

A date ends at its own precision: one that ends in a month (``../2024-10``, "by October
2024") is not past a source published during that month, since writing the source's day
into it would invent a precision nobody reported. A date that ends on a day is held to
the source's day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.utils.translation import gettext as _

from casework import dates

_DAY_END = re.compile(r"\d{4}-\d{2}-\d{2}[?~%]?")


@dataclass(frozen=True)
class Overreach:
    record: models.Model
    source: models.Model
    latest: dt.date
    limit: dt.date

    def message(self) -> str:
        return _(
            "The date “%(date)s” can mean as late as %(latest)s, past “%(source)s” (%(source_date)s), the newest "
            "source that reports it: a source cannot report what had not happened yet. Give a date that ends by "
            "%(source_date)s, e.g. an interval such as ../%(month)s."
        ) % {
            "date": self.record.date,
            "latest": self.latest.isoformat(),
            "source": self.source,
            "source_date": self.source.date,
            "month": self.limit.strftime("%Y-%m"),
        }


def limit_for(date: str, source_latest: dt.date) -> dt.date:
    """The last day ``date`` may mean when its newest source was published on ``source_latest``."""
    end = date.split("/")[-1]
    if _DAY_END.fullmatch(end):
        return source_latest
    last_day = calendar.monthrange(source_latest.year, source_latest.month)[1]
    return source_latest.replace(day=last_day)


def overreach(record: models.Model, date: str, source) -> Overreach | None:
    """The overreach of ``date`` (the record's, perhaps as an editor just typed it) past
    ``source``, or None when it stays within it."""
    if not date or source is None or source.date_latest is None:
        return None
    latest = dates.bounds(date).latest
    if latest is None:
        return None
    limit = limit_for(date, source.date_latest)
    return Overreach(record, source, latest, limit) if latest > limit else None


def newest_source(record: models.Model, *, adding=None, without_citation: int | None = None):
    """The newest dated source among ``record``'s citations (and ``adding``, a source an
    editor is citing it from now)."""
    from casework.models import Source

    candidates = []
    if record.pk is not None:
        citations = record.citations.exclude(pk=without_citation).filter(source__date_latest__isnull=False)
        candidates = list(Source.objects.filter(pk__in=citations.values("source")).order_by("-date_latest")[:1])
    if adding is not None and adding.date_latest is not None:
        candidates.append(adding)
    return max(candidates, key=lambda source: source.date_latest, default=None)


def validate_record(record: models.Model) -> None:
    """For a record's clean(): its date against the sources already citing it."""
    from casework.models.base import Cited

    if not isinstance(record, Cited) or not record.date:
        return
    found = overreach(record, record.date, newest_source(record))
    if found is not None:
        raise ValidationError({"date": found.message()}, code="past_source")


def validate_citation(citation) -> None:
    """For a citation's clean(): the record's date against its sources with this one."""
    record = citation.record if citation.content_type_id and citation.object_id else None
    if record is None or not hasattr(record, "date_latest") or citation.source_id is None:
        return
    found = overreach(record, record.date, newest_source(record, adding=citation.source, without_citation=citation.pk))
    if found is not None:
        raise ValidationError({"source": found.message()}, code="past_source")


def overreaching_records() -> Iterator[Overreach]:
    """Every record in the database whose date reaches past its newest source, whatever
    its visibility. The database narrows to the records whose last day is after their
    newest source's; the precision rule is applied to those few."""
    from casework.models import CITABLE_MODELS, Citation, Source
    from casework.models.base import Dated

    for model in CITABLE_MODELS:
        if not issubclass(model, Dated):
            continue
        newest = Citation.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=OuterRef("pk"),
            source__date_latest__isnull=False,
        ).order_by("-source__date_latest", "source_id")
        candidates = model.objects.annotate(
            newest_source_id=Subquery(newest.values("source_id")[:1]),
            newest_latest=Subquery(newest.values("source__date_latest")[:1]),
        ).filter(date_latest__gt=F("newest_latest"))
        rows = list(candidates.order_by("pk"))
        sources = Source.objects.in_bulk({row.newest_source_id for row in rows})
        for row in rows:
            found = overreach(row, row.date, sources[row.newest_source_id])
            if found is not None:
                yield found
