"""Revisions of published records in the admin.

When someone who may not publish saves the change form of a published record (its
fields, its inline rows, its citations), the form is validated as usual but nothing is
written: the posted form, limited to the fields their form offered, is kept as a pending
``Revision``. A reviewer reads it as a field-by-field diff beside the live version and
approves it (the form is replayed, with the proposer's fields, inside one transaction)
or sends it back with a comment.

The mechanism is a table of posted forms rather than django-reversion or a copy of each
model: replaying the very form the editor used re-runs every check the admin makes
(EDTF dates, citations that must not strand a record, restricted fields the proposer
never had), the diff comes from the same form's ``changed_data``, and the history of
the record gets one entry naming who proposed and who approved.
"""

from __future__ import annotations

import copy

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.forms.formsets import all_valid
from django.http import HttpResponseRedirect, QueryDict
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework import models, second_factor, services
from casework.admin.base import ChangelistLookupsMixin
from casework.admin.restricted import guard_restricted_lookup
from casework.models import RESTRICTED_PERSON_FIELDS, AccessAction, RevisionState
from casework.vocabularies import Visibility


def _as_request(request, *, user, data: dict[str, list[str]]):
    """``request`` as if ``user`` had posted ``data``: forms and formsets are built for the
    proposer's permissions and bound to the proposed values."""
    replay = copy.copy(request)
    replay.user = user
    replay.method = "POST"
    post = QueryDict(mutable=True)
    for key, values in data.items():
        post.setlist(key, values)
    replay._post, replay._files = post, MultiValueDict()
    return replay


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if hasattr(value, "all") and callable(value.all):
        value = list(value.all())
    if isinstance(value, list | tuple | set) or hasattr(value, "model"):
        return ", ".join(str(item) for item in value) or "—"
    return str(value)


def _display(model, name: str, value) -> str:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return _shown(value)
    if field.choices and not field.many_to_many:
        return str(dict(field.flatchoices).get(value, _shown(value)))
    return _shown(value)


def form_changes(form) -> list[tuple[str, str, str]]:
    """(label, live, proposed) for each field the bound form changes. The live values are
    read afresh: validating a model form writes the proposed ones onto its instance."""
    model = form._meta.model
    live = model._default_manager.filter(pk=form.instance.pk).first() if form.instance.pk else None
    changes = []
    for name in form.changed_data:
        if name not in form.fields or name in ("DELETE", "id"):
            continue
        before = getattr(live, name, None) if live is not None else None
        changes.append(
            (
                str(form.fields[name].label or name),
                _display(model, name, before),
                _display(model, name, form.cleaned_data.get(name)),
            )
        )
    return changes


def _restricted_changes(form) -> list[str]:
    """The restricted fields a bound revision form changes and shows to its reader: none
    when the reader may not see them, for their fields were taken out of the form."""
    return [name for name in RESTRICTED_PERSON_FIELDS if name in form.fields and name in form.changed_data]


class RevisionMixin:
    """For PublishableAdmin (and SpeakerAdmin, whose ``proposes_revision`` asks whether a
    published record quotes the speaker): an edit of a published record by someone who
    may not publish becomes a pending revision."""

    def proposes_revision(self, request, obj) -> bool:
        return (
            obj is not None
            and obj.pk is not None
            and type(obj)._default_manager.filter(pk=obj.pk, visibility=Visibility.PUBLISHED).exists()
            and not request.user.has_perm(services.PUBLISH_PERMISSION)
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if request.method == "POST" and self.proposes_revision(request, obj):
                request.casework_proposing = True
            elif request.method == "GET" and obj is not None:
                self._announce_pending(request, obj)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _announce_pending(self, request, obj) -> None:
        pending = models.Revision.objects.filter(
            content_type__app_label=obj._meta.app_label,
            content_type__model=obj._meta.model_name,
            object_id=obj.pk,
            state=RevisionState.PENDING,
        ).select_related("proposed_by")
        for revision in pending:
            self.message_user(
                request,
                format_html(
                    _('A revision by {user} awaits review: <a href="{url}">see the changes</a>.'),
                    user=revision.proposed_by,
                    url=reverse("admin:casework_revision_change", args=[revision.pk]),
                ),
                messages.INFO,
            )

    def _proposing(self, request) -> bool:
        return getattr(request, "casework_proposing", False)

    def save_model(self, request, obj, form, change):
        if not self._proposing(request):
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if not self._proposing(request):
            super().save_related(request, form, formsets, change)
            return
        keys = {form.add_prefix(name) for name in form.fields}
        for formset in formsets:
            keys |= {formset.management_form.add_prefix(name) for name in formset.management_form.fields}
            for inline_form in formset.forms:
                keys |= {inline_form.add_prefix(name) for name in inline_form.fields}
        data = {key: request.POST.getlist(key) for key in sorted(keys) if key in request.POST}
        request.casework_revision = services.revision_propose(record=form.instance, data=data, user=request.user)

    def construct_change_message(self, request, form, formsets, add=False):
        if self._proposing(request):
            # Nothing was saved, so the formsets hold no saved rows to describe.
            return []
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if self._proposing(request):
            # The record did not change; its history will say so when a reviewer approves.
            return None
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        revision = getattr(request, "casework_revision", None)
        if revision is None:
            return super().response_change(request, obj)
        revision_url = reverse("admin:casework_revision_change", args=[revision.pk])
        if "_continue" in request.POST:
            # "Save and continue" keeps the editor on the case, with the way to the revision.
            self.message_user(
                request,
                format_html(
                    _(
                        "Your change to “{record}” awaits review; the public sees the published version until "
                        'it is approved. <a href="{url}">See the revision</a>.'
                    ),
                    record=obj,
                    url=revision_url,
                ),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        self.message_user(
            request,
            _("Your change to “%(record)s” awaits review; the public sees the published version until it is approved.")
            % {"record": obj},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(revision_url)

    # --- reading and applying a revision ------------------------------------------

    def bind_revision(self, request, revision):
        """The proposer's form and formsets bound to the proposed values, for the live
        record. Restricted person fields stay out unless both proposer and reader may see
        them."""
        obj = type(revision.record)._default_manager.get(pk=revision.object_id)
        replay = _as_request(request, user=revision.proposed_by, data=revision.form_data)
        form_class = self.get_form(replay, obj, change=True)
        form = form_class(replay.POST, replay.FILES, instance=obj)
        if not request.user.has_perm(services.VIEW_RESTRICTED_PERMISSION):
            for name in RESTRICTED_PERSON_FIELDS:
                form.fields.pop(name, None)
        formsets, _inlines = self._create_formsets(replay, form.instance, change=True)
        form_valid = form.is_valid()
        return replay, form, formsets, form_valid and all_valid(formsets)

    def revision_diff(self, request, revision) -> dict:
        _replay, form, formsets, valid = self.bind_revision(request, revision)
        shown = _restricted_changes(form)
        if shown:
            # The diff shows the live and the proposed restricted values side by side.
            services.access_log_record(
                user=request.user, action=AccessAction.VIEW, persons=[form.instance], fields=shown
            )
        inline_changes = []
        for formset in formsets:
            for inline_form in formset.forms:
                if not inline_form.has_changed() or not hasattr(inline_form, "cleaned_data"):
                    continue
                name = str(formset.model._meta.verbose_name)
                if formset.can_delete and formset._should_delete_form(inline_form):
                    inline_changes.append(
                        (_("%(name)s removed: %(row)s") % {"name": name, "row": inline_form.instance}, [])
                    )
                elif inline_form.instance.pk is None:
                    inline_changes.append((_("%(name)s added") % {"name": name}, form_changes(inline_form)))
                else:
                    inline_changes.append(
                        (
                            _("%(name)s changed: %(row)s") % {"name": name, "row": inline_form.instance},
                            form_changes(inline_form),
                        )
                    )
        errors = [
            *form.non_field_errors(),
            *(f"{name}: {', '.join(e)}" for name, e in form.errors.items() if name != "__all__"),
        ]
        for formset in formsets:
            errors += [str(error) for error in formset.non_form_errors()]
            errors += [str(error) for form_errors in formset.errors for error in form_errors.values()]
        return {
            "changes": form_changes(form) if form.is_bound and hasattr(form, "cleaned_data") else [],
            "inline_changes": inline_changes,
            "errors": errors if not valid else [],
        }

    def apply_revision(self, request, revision, reason: str) -> None:
        _replay, form, formsets, valid = self.bind_revision(request, revision)
        if not valid:
            raise ValidationError(_("The proposed change no longer fits the record; send it back."))
        changed = _restricted_changes(form)
        obj = form.save(commit=False)
        obj._history_user = request.user
        obj._change_reason = reason
        obj.save()
        form.save_m2m()
        for formset in formsets:
            self.save_formset(request, form, formset, change=True)
        self.log_change(request, obj, reason)
        services.access_log_record(user=request.user, action=AccessAction.CHANGE, persons=[obj], fields=changed)


@admin.register(models.Revision)
class RevisionAdmin(ChangelistLookupsMixin, admin.ModelAdmin):
    list_display = ("record_display", "content_type", "proposed_by", "created_at", "state", "reviewed_by")
    list_filter = ("state", "content_type")
    list_select_related = ("content_type", "proposed_by", "reviewed_by")
    ordering = ("-created_at", "-pk")
    change_form_template = "admin/casework/revision_review.html"

    @admin.display(description=gettext_lazy("record"))
    def record_display(self, obj) -> str:
        return str(obj.record) if obj.record is not None else _("(deleted)")

    def lookup_allowed(self, lookup, value, request=None):
        # ?data__legal_name__0=... or ?data___restricted__isnull=... would be an oracle.
        guard_restricted_lookup(request, lookup)
        return super().lookup_allowed(lookup, value, request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("record")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        revision = self.get_object(request, unquote(object_id))
        if revision is None or not self.has_view_permission(request, revision):
            raise PermissionDenied
        record_admin = self.admin_site._registry[type(revision.record)] if revision.record is not None else None
        may_decide = (
            revision.state == RevisionState.PENDING
            and record_admin is not None
            and request.user.has_perm(services.PUBLISH_PERMISSION)
        )
        if request.method == "POST":
            if not may_decide:
                raise PermissionDenied
            return self._decide(request, revision, record_admin)
        context = {
            **self.admin_site.each_context(request),
            "title": str(revision),
            "opts": self.model._meta,
            "revision": revision,
            "may_decide": may_decide,
            "record_url": reverse(
                f"admin:{revision.content_type.app_label}_{revision.content_type.model}_change",
                args=[revision.object_id],
            )
            if revision.record is not None
            else "",
            **(
                record_admin.revision_diff(request, revision)
                if record_admin and revision.state == RevisionState.PENDING
                else {}
            ),
        }
        return TemplateResponse(request, self.change_form_template, context)

    def _decide(self, request, revision, record_admin):
        here = reverse("admin:casework_revision_change", args=[revision.pk])
        if (
            "_approve" in request.POST
            and revision.restricted_fields()
            and request.user.has_perm(services.VIEW_RESTRICTED_PERMISSION)
            and not second_factor.is_fresh(request)
        ):
            # Approving writes the proposed restricted values: as fresh a second factor as
            # changing them on the person's own form.
            return second_factor.ask_again(request, here)
        try:
            if "_approve" in request.POST:
                services.revision_approve(
                    revision=revision,
                    user=request.user,
                    apply=lambda reason: record_admin.apply_revision(request, revision, reason),
                )
                self.message_user(request, _("The revision is applied; the public sees it now."), messages.SUCCESS)
            else:
                services.revision_send_back(
                    revision=revision, user=request.user, comment=request.POST.get("comment", "")
                )
                self.message_user(request, _("The revision is sent back to its author."), messages.SUCCESS)
        except ValidationError as exc:
            for message in exc.messages:
                self.message_user(request, message, messages.ERROR)
        return HttpResponseRedirect(here)
