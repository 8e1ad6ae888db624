"""Writes that carry the editorial rules: moving records through the workflow, importing.

The admin's actions, its change form and its CSV import all call these functions, so a
rule (who may publish, what a record needs before it goes public, that imports arrive
as drafts and all-or-nothing) holds however an editor reaches it.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import get_m2m_reverse_field_name

from casework.models import Citation, Person, Source
from casework.models.base import Cited, Publishable
from casework.sync import SYNC_FIELDS
from casework.vocabularies import Visibility

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser
    from import_export.resources import Resource
    from import_export.results import Result
    from tablib import Dataset

    from casework.models import Revision

PUBLISH_PERMISSION = "casework.publish"
VIEW_RESTRICTED_PERMISSION = "casework.view_restricted"


@dataclass
class WorkflowResult:
    """How many records moved, and why the others did not."""

    changed: int = 0
    refused: list[tuple[models.Model, str]] = field(default_factory=list)
    # Records of the case (events, outcomes, prosecutions) moved along with their subject.
    carried: int = 0

    def absorb(self, other: WorkflowResult) -> None:
        self.carried += other.changed + other.carried
        self.refused.extend(other.refused)


def _case_records(obj: models.Model) -> list[models.QuerySet]:
    """A subject's own records, which travel through the workflow with it."""
    from casework.models import Cohort, Person

    if isinstance(obj, Person):
        return [obj.events.all(), obj.asylum_outcomes.all(), obj.prosecutions.all()]
    if isinstance(obj, Cohort):
        return [obj.events.all(), obj.asylum_outcomes.all()]
    return []


def _require_change_permission(*, user: AbstractUser, model: type[models.Model]) -> None:
    opts = model._meta
    if not user.has_perm(f"{opts.app_label}.{get_permission_codename('change', opts)}"):
        raise PermissionDenied(_("You may not change %(records)s.") % {"records": opts.verbose_name_plural})


def _require_publish_permission(*, user: AbstractUser) -> None:
    if not user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied(_("Only reviewers may publish or unpublish records."))


def _move(*, obj: Publishable, to: str, user: AbstractUser, reason: str) -> None:
    obj.visibility = to
    # Saved one by one rather than with update() so that history records who moved it.
    obj._history_user = user
    obj._change_reason = reason
    # The public times move with the visibility (casework/sync.py sets them on save).
    obj.save(update_fields=["visibility", "updated_at", *SYNC_FIELDS])


def _locked(queryset: models.QuerySet) -> models.QuerySet:
    # Re-read by key: the changelist's queryset may carry joins or DISTINCT (search), which
    # PostgreSQL refuses to lock FOR UPDATE.
    model = queryset.model
    return model._default_manager.filter(pk__in=queryset.values("pk")).order_by("pk").select_for_update()


def _cited_ids(model: type[models.Model], pks: list[int]) -> set[int]:
    content_type = ContentType.objects.get_for_model(model)
    return set(
        Citation.objects.filter(content_type=content_type, object_id__in=pks).values_list("object_id", flat=True)
    )


def _public_citations(model: type[models.Model], *, without_citations=(), without_sources=()) -> models.QuerySet:
    """Citations with a published source of the ``model`` record at OuterRef("pk"), leaving
    out the citations and sources named."""
    return (
        Citation.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=models.OuterRef("pk"),
            source__visibility=Visibility.PUBLISHED,
        )
        .exclude(pk__in=list(without_citations))
        .exclude(source_id__in=list(without_sources))
    )


def records_without_public_citation() -> list[models.Model]:
    """Published factual records with no citation of a published source: what the rule
    "nothing public without its source" forbids. Empty whenever the services are obeyed."""
    from casework.models import CITABLE_MODELS

    found: list[models.Model] = []
    for model in CITABLE_MODELS:
        published = model._default_manager.filter(visibility=Visibility.PUBLISHED)
        found += published.exclude(models.Exists(_public_citations(model)))
    return found


def records_stranded(*, citations=(), sources=()) -> list[models.Model]:
    """Published records that would be left without a public citation if ``citations`` (ids)
    went away and ``sources`` (ids) were unpublished."""
    from casework.models import CITABLE_MODELS

    citations, sources = list(citations), list(sources)
    if not citations and not sources:
        return []
    affected = Citation.objects.filter(models.Q(pk__in=citations) | models.Q(source_id__in=sources))
    found: list[models.Model] = []
    for model in CITABLE_MODELS:
        content_type = ContentType.objects.get_for_model(model)
        candidates = model._default_manager.filter(
            visibility=Visibility.PUBLISHED,
            pk__in=affected.filter(content_type=content_type).values("object_id"),
        )
        remaining = _public_citations(model, without_citations=citations, without_sources=sources)
        found += candidates.exclude(models.Exists(remaining))
    return found


@transaction.atomic
def records_submit_for_review(*, queryset: models.QuerySet, user: AbstractUser) -> WorkflowResult:
    """Draft → review. Records already in review or published are left as they are.
    Submitting a person or cohort submits the drafts of their case with it."""
    _require_change_permission(user=user, model=queryset.model)
    result = WorkflowResult()
    for obj in _locked(queryset).filter(visibility=Visibility.DRAFT):
        _move(obj=obj, to=Visibility.REVIEW, user=user, reason=_("Submitted for review"))
        result.changed += 1
        for records in _case_records(obj):
            result.absorb(records_submit_for_review(queryset=records, user=user))
    return result


@transaction.atomic
def records_return_to_draft(*, queryset: models.QuerySet, user: AbstractUser) -> WorkflowResult:
    """Review → draft, when a record needs more work before anyone publishes it."""
    _require_change_permission(user=user, model=queryset.model)
    result = WorkflowResult()
    for obj in _locked(queryset).filter(visibility=Visibility.REVIEW):
        _move(obj=obj, to=Visibility.DRAFT, user=user, reason=_("Returned to draft"))
        result.changed += 1
    return result


@transaction.atomic
def records_publish(*, queryset: models.QuerySet, user: AbstractUser) -> WorkflowResult:
    """Review → published, for reviewers only. A factual record needs at least one
    citation, and the sources its citations name are published with it (or, for a
    reviewer who may not change sources, the record is refused naming them): nothing
    reaches the public without the source behind it. Publishing a person or cohort
    publishes the records of their case that are in review too."""
    _require_publish_permission(user=user)
    result = WorkflowResult()
    candidates = list(_locked(queryset).exclude(visibility=Visibility.PUBLISHED))
    cited = issubclass(queryset.model, Cited)
    may_publish_sources = user.has_perm(f"casework.{get_permission_codename('change', Source._meta)}")
    for obj in candidates:
        hidden = []
        if cited:
            sources = Source.objects.filter(pk__in=Citation.objects.of_records([obj]).values("source"))
            hidden = [source for source in sources if source.visibility != Visibility.PUBLISHED]
        if obj.visibility != Visibility.REVIEW:
            result.refused.append((obj, _("it is a draft; submit it for review first")))
        elif cited and not sources:
            result.refused.append((obj, _("it has no citation; cite the source behind it first")))
        elif hidden and not may_publish_sources:
            result.refused.append(
                (
                    obj,
                    _("its sources are not published and you may not publish them: %(sources)s")
                    % {"sources": ", ".join(f"“{source}”" for source in hidden)},
                )
            )
        else:
            for source in _locked(Source.objects.filter(pk__in=[source.pk for source in hidden])):
                if source.visibility != Visibility.PUBLISHED:
                    _move(obj=source, to=Visibility.PUBLISHED, user=user, reason=_("Published with a record citing it"))
                    result.carried += 1
            _move(obj=obj, to=Visibility.PUBLISHED, user=user, reason=_("Published"))
            result.changed += 1
            for records in _case_records(obj):
                result.absorb(records_publish(queryset=records.filter(visibility=Visibility.REVIEW), user=user))
    return result


@transaction.atomic
def records_unpublish(
    *, queryset: models.QuerySet, user: AbstractUser, stranded_to_review: bool = False
) -> WorkflowResult:
    """Published → draft: the record leaves every public path at once.

    A source whose unpublishing would leave published records without a public citation
    is refused, naming them, unless ``stranded_to_review``: then those records go back to
    review in the same step (the admin asks before passing it)."""
    _require_publish_permission(user=user)
    result = WorkflowResult()
    targets = list(_locked(queryset).filter(visibility=Visibility.PUBLISHED))
    if queryset.model is Source and targets:
        stranded = records_stranded(sources=[source.pk for source in targets])
        if stranded and not stranded_to_review:
            names = ", ".join(f"“{record}”" for record in stranded)
            for source in targets:
                result.refused.append(
                    (
                        source,
                        _("published records would lose their only public citation: %(records)s") % {"records": names},
                    )
                )
            return result
        for record in stranded:
            _move(obj=record, to=Visibility.REVIEW, user=user, reason=_("Sent to review: its source was unpublished"))
            result.carried += 1
    for obj in targets:
        _move(obj=obj, to=Visibility.DRAFT, user=user, reason=_("Unpublished"))
        result.changed += 1
    return result


@dataclass
class WorkflowStep:
    """One workflow service run on behalf of a change of visibility, and what it did."""

    service: Callable[..., WorkflowResult]
    result: WorkflowResult


@transaction.atomic
def record_change_visibility(*, record: Publishable, to: str, user: AbstractUser) -> list[WorkflowStep]:
    """Move one record to the visibility ``to`` that an editor chose in its form.

    Publishing and unpublishing always run through ``records_publish`` and
    ``records_unpublish``, with their permission and citation rules. "Published → in
    review" is an unpublish followed by a submission: the record leaves the public at
    once and waits for a reviewer. Moves between draft and review need no service; the
    form saves them. Raises PermissionDenied, with nothing changed, if a step is refused.
    """
    queryset = type(record)._default_manager.filter(pk=record.pk)
    current = queryset.values_list("visibility", flat=True).get()
    if to == current or Visibility.PUBLISHED not in (to, current):
        return []
    if to == Visibility.PUBLISHED:
        services: tuple[Callable[..., WorkflowResult], ...] = (records_publish,)
    elif to == Visibility.REVIEW:
        services = (records_unpublish, records_submit_for_review)
    else:
        services = (records_unpublish,)
    return [WorkflowStep(service, service(queryset=queryset, user=user)) for service in services]


@transaction.atomic
def person_take_down(
    *, queryset: models.QuerySet, user: AbstractUser, also_to_review: list[models.Model]
) -> WorkflowResult:
    """Unpublish people (someone asked to be taken down) and, in the same step, send back
    to review the other public records the reviewer chose because their text names them.
    A source sent back takes with it the records it alone backs, as when unpublished."""
    result = records_unpublish(queryset=queryset, user=user)
    for record in also_to_review:
        model = type(record)
        if not model._default_manager.filter(pk=record.pk, visibility=Visibility.PUBLISHED).exists():
            continue
        if model is Source:
            for stranded in records_stranded(sources=[record.pk]):
                _move(
                    obj=stranded,
                    to=Visibility.REVIEW,
                    user=user,
                    reason=_("Sent to review: its source was unpublished"),
                )
                result.carried += 1
        locked = _locked(model._default_manager.filter(pk=record.pk)).get()
        _move(obj=locked, to=Visibility.REVIEW, user=user, reason=_("Sent to review: it names someone taken down"))
        result.carried += 1
    return result


def records_import(
    *, resource: Resource, dataset: Dataset, user: AbstractUser, dry_run: bool, file_name: str | None = None
) -> Result:
    """Import a CSV dataset through an import-export resource, all or nothing.

    Any invalid row rolls the whole file back; the result lists each bad row with its
    number, column and reason. The resource saves records as drafts.
    """
    with transaction.atomic():
        return resource.import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            user=user,
            file_name=file_name,
            # The admin writes a log entry per imported row from the retained instances.
            retain_instance_in_row_result=True,
        )


# --- recovering deleted records ------------------------------------------------------

# Every "deleted" history row one delete writes carries that delete's id in its change
# reason ("Deleted [deletion 3f2a…]", which the history page shows too), so a recovery
# brings back what went with its subject, not what was deleted on its own at about the
# same time. The reason column every history table has holds it: no table changes.
_current_deletion: ContextVar[uuid.UUID | None] = ContextVar("casework_deletion", default=None)
DELETION_MARK = re.compile(r"\[deletion ([0-9a-f]{32})\]")

# Rows deleted before deletions had ids (or outside the admin, in a shell) fall back to
# time: the records of a case deleted within this window before their subject.
CASCADE_WINDOW = dt.timedelta(minutes=1)


def current_deletion() -> uuid.UUID | None:
    """The id of the delete running now, if it runs inside ``deletion_scope``."""
    return _current_deletion.get()


def deletion_reason(deletion: uuid.UUID) -> str:
    """The change reason of every history row the delete ``deletion`` writes."""
    return f"{_('Deleted')} [deletion {deletion.hex}]"


def _deletion_of(version) -> str | None:
    match = DELETION_MARK.search(version.history_change_reason or "")
    return match[1] if match else None


@contextmanager
def deletion_scope() -> Iterator[uuid.UUID]:
    """One id for every history row written by the deletes inside the block (nested
    blocks share the outer one's)."""
    outer = _current_deletion.get()
    if outer is not None:
        yield outer
        return
    token = _current_deletion.set(uuid.uuid4())
    try:
        yield _current_deletion.get()
    finally:
        _current_deletion.reset(token)


@dataclass
class RecoveryResult:
    """The recovered record, how many records of its case came back with it, and what could
    not (named, with the reason)."""

    record: models.Model
    restored: int = 0
    skipped: list[str] = field(default_factory=list)


def _last_versions(model: type[models.Model], **lookups) -> list:
    """The newest historical version of each record matching ``lookups``."""
    newest: dict[int, object] = {}
    for version in model.history.filter(**lookups).order_by("history_date", "history_id"):
        newest[version.id] = version
    return list(newest.values())


def deletions(model: type[models.Model]) -> list:
    """The deletion version of every record of ``model`` that is deleted now, newest first."""
    existing = set(model._default_manager.values_list("pk", flat=True))
    deleted = [
        version
        for version in _last_versions(model, id__in=model.history.filter(history_type="-").values("id"))
        if version.history_type == "-" and version.id not in existing
    ]
    return sorted(deleted, key=lambda version: version.history_date, reverse=True)


def _restore(*, version, user: AbstractUser, result: RecoveryResult) -> models.Model | None:
    from casework.models import RESTRICTED_PERSON_FIELDS, Person

    model = version.instance_type
    obj = version.instance
    if isinstance(obj, Person) and not user.has_perm(VIEW_RESTRICTED_PERMISSION):
        # The deleted version holds restricted values its recoverer may not see; bringing
        # them back unseen could restore, say, a location deliberately erased.
        for name in RESTRICTED_PERSON_FIELDS:
            setattr(obj, name, "")
    if isinstance(obj, Publishable):
        if model._default_manager.filter(slug=obj.slug).exists():
            result.skipped.append(
                _("%(record)s: its slug “%(slug)s” is used by another record") % {"record": obj, "slug": obj.slug}
            )
            return None
        if obj.visibility == Visibility.PUBLISHED:
            # Back on the record, but not on the public site until a reviewer looks again.
            obj.visibility = Visibility.REVIEW
    obj._history_user = user
    obj._change_reason = _("Recovered after deletion")
    obj.save(force_insert=True)
    # The deletion's own version lists no related rows (they go first), so many-to-many
    # links come from the version before it.
    before = version.prev_record
    for m2m in getattr(version, "_history_m2m_fields", ()) if before is not None else ():
        column = f"{get_m2m_reverse_field_name(m2m)}_id"
        wanted = [getattr(row, column) for row in getattr(before, m2m.name).all()]
        getattr(obj, m2m.name).set(m2m.related_model._default_manager.filter(pk__in=wanted))
    return obj


def _same_deletion(version, deletion) -> bool:
    """Whether ``version`` (a "deleted" history row) was removed by the delete of ``deletion``."""
    if _deletion_of(deletion) is not None:
        return _deletion_of(version) == _deletion_of(deletion)
    return deletion.history_date - CASCADE_WINDOW <= version.history_date


def _restore_dependents(
    *, model: type[models.Model], lookups: dict, deletion, user: AbstractUser, result: RecoveryResult
) -> list[models.Model]:
    restored = []
    existing = set(model._default_manager.filter(**lookups).values_list("pk", flat=True))
    for version in _last_versions(model, **lookups):
        if version.history_type != "-" or version.id in existing or not _same_deletion(version, deletion):
            continue
        if model is Citation and not Source.objects.filter(pk=version.source_id).exists():
            result.skipped.append(_("a citation of “%(record)s”: its source is deleted") % {"record": result.record})
            continue
        obj = _restore(version=version, user=user, result=result)
        if obj is not None:
            result.restored += 1
            restored.append(obj)
    return restored


def _dependents() -> dict[str, list[tuple[type[models.Model], str]]]:
    from casework.models import AsylumOutcome, Event, Prosecution

    return {
        "Person": [(Event, "person_id"), (AsylumOutcome, "person_id"), (Prosecution, "defendant_id")],
        "Cohort": [(Event, "cohort_id"), (AsylumOutcome, "cohort_id")],
    }


@transaction.atomic
def record_recover(*, model: type[models.Model], pk: int, user: AbstractUser) -> RecoveryResult:
    """Bring a deleted record back from its history, with the records of its case deleted
    along with it: events, outcomes, prosecutions, their citations and cohort memberships.

    For reviewers only. A record that was published comes back in review, and a person's
    restricted fields come back only for a recoverer who may see them.
    """
    from casework.models import Cohort, Person

    _require_publish_permission(user=user)
    opts = model._meta
    if not user.has_perm(f"{opts.app_label}.{get_permission_codename('add', opts)}"):
        raise PermissionDenied(_("You may not add %(records)s.") % {"records": opts.verbose_name_plural})
    versions = _last_versions(model, id=pk)
    if not versions or versions[0].history_type != "-" or model._default_manager.filter(pk=pk).exists():
        raise ValidationError(_("There is no deleted record with id %(pk)s.") % {"pk": pk})
    deletion = versions[0]
    result = RecoveryResult(record=deletion.instance)
    obj = _restore(version=deletion, user=user, result=result)
    if obj is None:
        raise ValidationError(result.skipped)
    result.record = obj

    case_records = [obj]
    for dependent, column in _dependents().get(type(obj).__name__, ()):
        case_records += _restore_dependents(
            model=dependent, lookups={column: pk}, deletion=deletion, user=user, result=result
        )
    if isinstance(obj, Person):
        # Deleting a person drops their memberships without a trace in the cohort's own
        # history, so each cohort's newest version still lists them.
        for cohort in Cohort.objects.all():
            newest = cohort.history.order_by("-history_date", "-history_id").first()
            if newest is not None and newest.members.filter(person_id=pk).exists():
                cohort._history_user = user
                cohort.members.add(obj)
                result.restored += 1
    if isinstance(obj, Cited):
        for record in case_records:
            content_type = ContentType.objects.get_for_model(record)
            _restore_dependents(
                model=Citation,
                lookups={"content_type_id": content_type.pk, "object_id": record.pk},
                deletion=deletion,
                user=user,
                result=result,
            )
    return result


# --- revisions of published records --------------------------------------------------


@transaction.atomic
def revision_propose(*, record: Publishable, data: dict[str, list[str]], user: AbstractUser) -> Revision:
    """Keep ``data`` (a change form as posted) as a pending revision of the published
    ``record``; nothing about the record changes until a reviewer approves it."""
    from casework.models import Revision

    _require_change_permission(user=user, model=type(record))
    revision = Revision(content_type=ContentType.objects.get_for_model(record), object_id=record.pk, proposed_by=user)
    revision.form_data = data  # restricted fields go to the encrypted column
    revision.save()
    return revision


def _decidable(*, revision: Revision, user: AbstractUser) -> Revision:
    from casework.models import Revision, RevisionState

    _require_publish_permission(user=user)
    locked = Revision.objects.select_for_update().get(pk=revision.pk)
    if locked.state != RevisionState.PENDING:
        raise ValidationError(_("This revision was already decided."))
    return locked


@transaction.atomic
def revision_approve(*, revision: Revision, user: AbstractUser, apply: Callable[[str], None]) -> Revision:
    """Apply a pending revision, all or nothing. ``apply`` writes the proposed form to the
    record (the admin replays it) with the history reason it is given, which names who
    proposed and who approved; it raises ValidationError when the form no longer fits the
    record, and then nothing changes."""
    from casework.models import RevisionState

    revision = _decidable(revision=revision, user=user)
    apply(_("Revision by %(proposer)s approved by %(reviewer)s") % {"proposer": revision.proposed_by, "reviewer": user})
    revision.state = RevisionState.APPROVED
    revision.reviewed_by = user
    revision.reviewed_at = timezone.now()
    revision.save(update_fields=["state", "reviewed_by", "reviewed_at", "updated_at"])
    return revision


@transaction.atomic
def revision_send_back(*, revision: Revision, user: AbstractUser, comment: str) -> Revision:
    """Decline a pending revision with a comment for its author; the record stays as published."""
    from casework.models import RevisionState

    if not comment.strip():
        raise ValidationError(_("Say what needs to change before sending a revision back."))
    revision = _decidable(revision=revision, user=user)
    revision.state = RevisionState.SENT_BACK
    revision.reviewed_by = user
    revision.reviewed_at = timezone.now()
    revision.comment = comment.strip()
    revision.save(update_fields=["state", "reviewed_by", "reviewed_at", "comment", "updated_at"])
    return revision


@transaction.atomic
def second_factor_reset(*, user: AbstractUser, by: AbstractUser, reason: str) -> int:
    """Remove every second-factor device (authenticator and backup codes) of `user`, so that
    the next login enrols a new one; the admin's log keeps who did it, when and why.
    Only a superuser may reset, and never their own: a lost device needs a second person."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django_otp import devices_for_user

    if not by.is_superuser:
        raise PermissionDenied("Only a superuser may reset a second factor.")
    if by.pk == user.pk:
        raise PermissionDenied("Another superuser must reset your second factor.")
    if not reason.strip():
        raise ValueError("Give the reason for the reset; it is kept in the admin's log.")
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[user],
        action_flag=CHANGE,
        change_message=f"Second factor reset ({len(devices)} device(s) removed): {reason.strip()}",
        single_object=True,
    )
    return len(devices)


def access_log_record(*, user: AbstractUser, action: str, persons: Iterable[Person], fields: Iterable[str]) -> int:
    """Log that `user` did `action` to the restricted `fields` of `persons`: names only,
    never values. Fields that are not restricted are left out; nothing restricted, no entry."""
    from casework.models import RESTRICTED_PERSON_FIELDS, AccessLogEntry

    names = [name for name in RESTRICTED_PERSON_FIELDS if name in set(fields)]
    if not names:
        return 0
    entries = [
        AccessLogEntry(
            user=user, username=user.get_username(), action=action, person=person, person_slug=person.slug, fields=names
        )
        for person in persons
    ]
    AccessLogEntry.objects.bulk_create(entries)
    return len(entries)


def access_log_prune(*, before: dt.datetime) -> int:
    """Delete access-log entries older than `before` (the retention the settings name)."""
    from casework.models import AccessLogEntry

    deleted, _by_model = AccessLogEntry.objects.older_than(before).delete()
    return deleted


@transaction.atomic
def restricted_fields_reencrypt() -> int:
    """Encrypt every restricted value, in the persons, their history rows and the revisions
    that propose them, again with the first FIELD_ENCRYPTION_KEY, and recompute the keyed
    hashes. Returns the rows written. Run after putting a new key first; the old keys can
    go once it has finished."""
    from casework import crypto
    from casework.models import RESTRICTED_PERSON_FIELDS, Revision

    written = 0
    for model in (Person, Person.history.model):
        rows = list(model._default_manager.select_for_update().only(model._meta.pk.name, *RESTRICTED_PERSON_FIELDS))
        for row in rows:
            # Reading decrypted with whichever key wrote it; saving encrypts with the first.
            row.legal_name_hash = crypto.keyed_hash(row.legal_name or "")
        model._default_manager.bulk_update(rows, [*RESTRICTED_PERSON_FIELDS, "legal_name_hash"], batch_size=500)
        written += len(rows)
    revisions = [revision for revision in Revision.objects.select_for_update() if revision.restricted_fields()]
    for revision in revisions:
        # Decrypted with whichever key wrote it (or read in plain text, from a revision
        # written before they were encrypted), encrypted again with the first.
        revision.form_data = revision.form_data
    Revision.objects.bulk_update(revisions, ["data"], batch_size=500)
    return written + len(revisions)


@transaction.atomic
def restricted_values_erase(*, persons: models.QuerySet, fields: Iterable[str], user: AbstractUser) -> int:
    """Erase restricted `fields` of `persons` from the records, from every history row and
    from every revision proposing them, for when a person asks for it or a location must
    not survive. The access log keeps who erased which fields of whom, and when; nothing
    keeps the values. An update, not a save: it writes no new history row and moves no
    public timestamp."""
    from casework.models import RESTRICTED_PERSON_FIELDS, AccessAction

    names = [name for name in RESTRICTED_PERSON_FIELDS if name in set(fields)]
    if not names:
        raise ValueError(f"Name at least one restricted field: {', '.join(RESTRICTED_PERSON_FIELDS)}.")
    if not (user.has_perm(VIEW_RESTRICTED_PERMISSION) and user.has_perm("casework.change_person")):
        raise PermissionDenied("Erasing restricted values takes the permissions to see and change them.")
    persons = list(persons.select_related(None).only("pk", "slug"))
    cleared = dict.fromkeys(names, "")
    if "legal_name" in names:
        cleared["legal_name_hash"] = ""
    pks = [person.pk for person in persons]
    Person._default_manager.filter(pk__in=pks).update(**cleared)
    Person.history.filter(id__in=pks).update(**cleared)
    _revisions_forget(persons=pks, fields=names)
    access_log_record(user=user, action=AccessAction.ERASE, persons=persons, fields=names)
    return len(persons)


def _revisions_forget(*, persons: list[int], fields: list[str]) -> None:
    """Drop `fields` from every revision of `persons`, whatever its state: a pending one then
    proposes no value for them, so approving it cannot bring an erased value back."""
    from casework.models import Revision
    from casework.models.revisions import restricted_field_of

    revisions = [
        revision
        for revision in Revision.objects.select_for_update().filter(
            content_type=ContentType.objects.get_for_model(Person), object_id__in=persons
        )
        if set(revision.restricted_fields()) & set(fields)
    ]
    for revision in revisions:
        revision.form_data = {
            key: values for key, values in revision.form_data.items() if restricted_field_of(key) not in fields
        }
    Revision.objects.bulk_update(revisions, ["data"], batch_size=500)
