"""Costly public answers, cached until the records change.

Every write to a publishable record, a citation or a membership bumps one database row
(casework.models.PublicState) in the writer's own transaction; cached answers are keyed
by that row's version and time, so no process serves an answer computed before a
change it can see, whichever cache backend it uses (a per-process memory cache too).
Rows written with bulk_create or update() send no signal: whoever writes them calls
``public_content_changed()`` (generate_synthetic does).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import F, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

T = TypeVar("T")

# A backstop, not the rule: an answer is recomputed after a change at once.
TIMEOUT_SECONDS = 24 * 3600


def public_state() -> tuple[int, object]:
    from casework.models import PublicState

    row = PublicState.objects.values_list("version", "changed_at").filter(pk=1).first()
    if row is None:
        # The row is created by migration 0006; a flushed test database has none.
        state, _created = PublicState.objects.get_or_create(pk=1)
        row = (state.version, state.changed_at)
    return row


def public_content_changed() -> None:
    from casework.models import PublicState

    if not PublicState.objects.filter(pk=1).update(version=F("version") + 1, changed_at=timezone.now()):
        PublicState.objects.get_or_create(pk=1)


def cached(name: str, compute: Callable[[], T]) -> T:
    """``compute()``, computed once per version of the records."""
    version, changed_at = public_state()
    # The time as well as the number: a version seen inside a transaction that then
    # rolled back must not name the cache entry of the next real change.
    key = f"casework:public:{name}:{version}:{changed_at.timestamp()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT_SECONDS)
    return value


def cached_for_query(name: str, queryset: QuerySet, compute: Callable[[QuerySet], T], *, empty: T) -> T:
    """``compute(queryset)`` (a count, a latest change: one figure about the rows),
    computed once per version of the records and per query: the key is the query's SQL
    and parameters, so two lists that differ by any filter never share an answer.
    ``empty``: the answer for a query that can match no row (it has no SQL)."""
    queryset = queryset.order_by()
    try:
        sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:
        return empty
    query = hashlib.sha256(repr((queryset.db, sql, params)).encode()).hexdigest()
    return cached(f"{name}:{query}", lambda: compute(queryset))


def _changed(sender, raw: bool = False, **kwargs) -> None:
    public_content_changed()


def connect() -> None:
    """Bump the version on every write to a record the public may see."""
    from casework.models import CITABLE_MODELS, Citation, Cohort, Event, EventOrganization, Source

    for model in (*CITABLE_MODELS, Source, Citation, EventOrganization):
        uid = f"public-changed-{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
    for through in (Cohort.members.through, Event.organizations.through):
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"public-changed-{through._meta.label}")
