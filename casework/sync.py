"""What a researcher syncing the public data can know of each change, and nothing more.

Every publishable record carries ``public_created_at`` (when it first became public) and
``public_updated_at`` (when something the public sees of it last changed). The API calls
them ``created_at`` and ``updated_at``; the feed and the sitemap read them too. They move
only when the public content moves:

- a record's public content is the model fields its API representation shows
  (:func:`public_field_names`); a fingerprint of them is kept with the record, and an edit
  that leaves it unchanged (a restricted Person field, internal notes) moves nothing;
- a draft's edits move nothing either; publication stamps the time once;
- a citation, a cohort's members or an event's organizations changing moves the record
  they belong to, if it is public; so does a change to a speaker its citations name.

A public record that leaves the public (unpublished, deleted, or tied to a record that
was) is written to :class:`~casework.models.Withdrawn`, with its resource name and slug
only; becoming public again takes it out.

Receivers rather than service calls, because the admin's forms, its workflow actions, its
CSV import and the shell all write these rows; like the date bounds, the columns must be
right however a row is written. The fingerprint costs one read of the stored row per save.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache

from django.apps import apps
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from casework.models import (
    AsylumOutcome,
    Charge,
    Citation,
    Cohort,
    CountryCondition,
    Event,
    EventOrganization,
    Organization,
    Person,
    Prosecution,
    Source,
    Speaker,
    Statistic,
    Withdrawn,
)
from casework.models.base import Publishable
from casework.translations import translation_columns
from casework.vocabularies import Visibility

# The API's resource name for each record type: what /withdrawn/ and the dumps call them.
RESOURCE_NAMES: dict[type[models.Model], str] = {
    Person: "persons",
    Cohort: "cohorts",
    Organization: "organizations",
    AsylumOutcome: "asylum-outcomes",
    Charge: "charges",
    Prosecution: "prosecutions",
    Event: "events",
    Statistic: "statistics",
    CountryCondition: "country-conditions",
    Source: "sources",
}

SYNC_FIELDS = ["public_created_at", "public_updated_at", "public_fingerprint"]


@cache
def public_field_names(model: type[models.Model]) -> tuple[str, ...]:
    """The model's columns (attnames) that its API representation shows. Taken from the
    serializer, so that a column added to a model counts as public only once the API
    shows it; a restricted field never does."""
    from api.serializers import SERIALIZERS

    serializer = SERIALIZERS[model]()
    sources = {field.source.split(".")[0] for field in serializer.fields.values() if field.source != "*"}
    names = []
    for field in model._meta.concrete_fields:
        if field.attname in SYNC_FIELDS:
            continue  # the API's created_at and updated_at come from these
        if field.name in sources or field.attname in sources:
            names.append(field.attname)
    # A text the API shows is shown in Russian too (?lang=ru), from its own column.
    names += [column for column in translation_columns(model) if column.rsplit("_", 1)[0] in names]
    return tuple(sorted(names))


def fingerprint(instance: models.Model, names: tuple[str, ...] | None = None) -> str:
    names = names if names is not None else public_field_names(type(instance))
    translated = translation_columns(type(instance))
    # An empty translation leaves the fingerprint as it was before translations existed,
    # so that adding the columns moved no record's updated_at.
    values = {
        name: str(getattr(instance, name))
        for name in names
        if not (name in translated and getattr(instance, name) == "")
    }
    return hashlib.sha256(json.dumps(values, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _dependents(model: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """Record types whose public() requires a record of ``model``, with the field."""
    found = []
    for other in RESOURCE_NAMES:
        for relation in other.objects.all().public_requires:
            if other._meta.get_field(relation).related_model is model:
                found.append((other, relation))
    return found


def _public_dependents(instance: models.Model) -> list[models.Model]:
    records = []
    for model, relation in _dependents(type(instance)):
        records += list(model.objects.public().filter(**{relation: instance}).only("pk", "slug"))
    return records


def _withdraw(records: list[models.Model], *, when) -> None:
    for record in records:
        Withdrawn.objects.update_or_create(
            resource=RESOURCE_NAMES[type(record)], slug=record.slug, defaults={"withdrawn_at": when}
        )


def _restore(records: list[models.Model]) -> None:
    for record in records:
        Withdrawn.objects.filter(resource=RESOURCE_NAMES[type(record)], slug=record.slug).delete()


def touch(model: type[models.Model], **lookup) -> None:
    """Mark public records as changed now (a citation, a member, a linked record moved)."""
    model.objects.filter(visibility=Visibility.PUBLISHED, **lookup).update(public_updated_at=timezone.now())


def _linked_through_many(instance: models.Model) -> None:
    # Lists of slugs that name this record change when it comes or goes.
    if isinstance(instance, Person):
        touch(Cohort, members=instance)
    elif isinstance(instance, Organization):
        touch(Event, organizations=instance)
    elif isinstance(instance, Source):
        for model in RESOURCE_NAMES:
            if model is not Source and hasattr(model, "citations"):
                touch(
                    model,
                    pk__in=Citation.objects.filter(source=instance)
                    .filter(content_type__model=model._meta.model_name)
                    .values("object_id"),
                )


def stamp_public_change(sender, instance: Publishable, raw: bool = False, **kwargs) -> None:
    now = timezone.now()
    before = None
    if instance.pk is not None:
        before = (
            sender._default_manager.filter(pk=instance.pk)
            .values("visibility", "slug", "public_created_at", "public_updated_at", "public_fingerprint")
            .first()
        )
    if before is not None:
        # The stored times, not whatever the instance was loaded or deserialized with.
        instance.public_created_at = before["public_created_at"]
        instance.public_updated_at = before["public_updated_at"]
    was_published = before is not None and before["visibility"] == Visibility.PUBLISHED
    is_published = instance.visibility == Visibility.PUBLISHED
    new_fingerprint = fingerprint(instance)
    changed = before is None or before["public_fingerprint"] != new_fingerprint
    if is_published and (changed or not was_published):
        # A fixture keeps its own times, so that loading it twice changes nothing.
        instance.public_updated_at = (instance.updated_at or now) if raw else now
        if instance.public_created_at is None:
            instance.public_created_at = (instance.created_at or now) if raw else now
    instance.public_fingerprint = new_fingerprint
    instance._public_transition = None
    if raw or was_published == is_published:
        return
    if was_published:
        # Still in the database as it was: what is public now is what leaves.
        leaving = list(sender.objects.public().filter(pk=instance.pk).only("pk", "slug"))
        _withdraw(leaving + _public_dependents(instance), when=now)
        instance._public_transition = "left"
    else:
        instance._public_transition = "joined"


def follow_public_change(sender, instance: Publishable, raw: bool = False, **kwargs) -> None:
    transition = getattr(instance, "_public_transition", None)
    if raw or transition is None:
        return
    if transition == "joined":
        arriving = list(sender.objects.public().filter(pk=instance.pk)) + _public_dependents(instance)
        _restore(arriving)
        # Records that come back with it are new to a synced copy: they changed now.
        for record in arriving:
            if record.pk != instance.pk or type(record) is not sender:
                touch(type(record), pk=record.pk)
    _linked_through_many(instance)


def withdraw_deleted(sender, instance: Publishable, **kwargs) -> None:
    leaving = list(sender.objects.public().filter(pk=instance.pk).only("pk", "slug"))
    if leaving:
        _withdraw(leaving + _public_dependents(instance), when=timezone.now())
        _linked_through_many(instance)


def touch_cited_record(sender, instance: Citation, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    # The record shows its citations; the source's own representation does not list them.
    model = instance.content_type.model_class()
    if model in RESOURCE_NAMES:
        touch(model, pk=instance.object_id)


def touch_records_quoting(sender, instance: Speaker, raw: bool = False, **kwargs) -> None:
    # A speaker is shown in the citations of the records that quote them.
    if raw:
        return
    quoting = Citation.objects.filter(speaker=instance)
    for model in RESOURCE_NAMES:
        if model is not Source and hasattr(model, "citations"):
            touch(model, pk__in=quoting.filter(content_type__model=model._meta.model_name).values("object_id"))


def touch_linked_event(sender, instance, raw: bool = False, **kwargs) -> None:
    # An event shows its organizations with their roles; the organization does not list events.
    if raw:
        return
    touch(Event, pk=instance.event_id)


def touch_on_links(sender, instance, action: str, reverse: bool, model, pk_set, **kwargs) -> None:
    # Both sides show the link: a cohort its members, a person's detail their cohorts.
    if action.startswith("post_"):
        touch(type(instance), pk=instance.pk)
        if pk_set:
            touch(model, pk__in=pk_set)


def connect() -> None:
    for model in apps.get_app_config("casework").get_models():
        if issubclass(model, Publishable):
            label = model._meta.label
            pre_save.connect(stamp_public_change, sender=model, dispatch_uid=f"stamp-public-change-{label}")
            post_save.connect(follow_public_change, sender=model, dispatch_uid=f"follow-public-change-{label}")
            pre_delete.connect(withdraw_deleted, sender=model, dispatch_uid=f"withdraw-deleted-{label}")
    post_save.connect(touch_cited_record, sender=Citation, dispatch_uid="touch-cited-record-save")
    post_delete.connect(touch_cited_record, sender=Citation, dispatch_uid="touch-cited-record-delete")
    post_save.connect(touch_records_quoting, sender=Speaker, dispatch_uid="touch-records-quoting-save")
    # Links with a role are saved as rows of their own (the admin's inline), not through .add().
    post_save.connect(touch_linked_event, sender=EventOrganization, dispatch_uid="touch-linked-event-save")
    post_delete.connect(touch_linked_event, sender=EventOrganization, dispatch_uid="touch-linked-event-delete")
    for through in (Cohort.members.through, Event.organizations.through):
        m2m_changed.connect(touch_on_links, sender=through, dispatch_uid=f"touch-on-links-{through._meta.label}")
