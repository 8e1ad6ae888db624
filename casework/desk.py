"""The reviewer's desk on the admin home: what awaits the user, in four lists with counts.

Staff reads only (the admin index); every list is of records the user may already see in
the admin, so nothing here is public.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_permission_codename
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework import services
from casework.models import CITABLE_MODELS, Revision, RevisionState, Source
from casework.vocabularies import Visibility

RECENT = dt.timedelta(days=14)
SHOWN = 8


@dataclass
class DeskItem:
    label: str
    url: str
    note: str = ""


@dataclass
class DeskList:
    title: str
    count: int = 0
    items: list[DeskItem] = field(default_factory=list)

    def add(self, queryset: models.QuerySet, note=lambda obj: "") -> None:
        count = queryset.count()
        self.count += count
        room = SHOWN - len(self.items)
        if count and room > 0:
            self.items += [DeskItem(str(obj), _change_url(obj), note(obj)) for obj in queryset[:room]]


def _change_url(obj: models.Model) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _readable(user, model) -> bool:
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.{get_permission_codename('view', opts)}")


def desk(user) -> list[DeskList]:
    models_ = [model for model in (*CITABLE_MODELS, Source) if _readable(user, model)]
    since = timezone.now() - RECENT
    lists = []
    if user.has_perm(services.PUBLISH_PERMISSION):
        awaiting = DeskList(_("Awaiting my review"))
        awaiting.add(
            Revision.objects.filter(state=RevisionState.PENDING)
            .exclude(proposed_by=user)
            .select_related("proposed_by"),
            note=lambda revision: _("revision"),
        )
        for model in models_:
            awaiting.add(model._default_manager.filter(visibility=Visibility.REVIEW).order_by("updated_at"))
        lists.append(awaiting)
    drafts = DeskList(_("My drafts"))
    for model in models_:
        mine = model.history.filter(history_type="+", history_user=user).values("id")
        drafts.add(model._default_manager.filter(visibility=Visibility.DRAFT, pk__in=mine).order_by("-updated_at"))
    lists.append(drafts)
    sent_back = DeskList(_("Sent back to me"))
    sent_back.add(
        Revision.objects.filter(state=RevisionState.SENT_BACK, proposed_by=user, reviewed_at__gte=since),
        note=lambda revision: revision.comment,
    )
    for model in models_:
        # Drafts of mine that went to review and came back: a reviewer returned them.
        reviewed = model.history.filter(visibility=Visibility.REVIEW).values("id")
        mine = model.history.filter(history_type="+", history_user=user).values("id")
        sent_back.add(
            model._default_manager.filter(visibility=Visibility.DRAFT, updated_at__gte=since)
            .filter(pk__in=reviewed)
            .filter(pk__in=mine)
        )
    lists.append(sent_back)
    published = DeskList(_("Recently published"))
    for model in models_:
        published.add(
            model._default_manager.filter(visibility=Visibility.PUBLISHED, updated_at__gte=since).order_by(
                "-updated_at"
            )
        )
    lists.append(published)
    return lists
