"""Every guard on restricted person fields in the admin, in one place.

The fields (a legal name, a location, contacts, risk and internal notes) exist only for
users with ``casework.view_restricted``. Without it they are not in forms, columns,
search, URL lookups, history diffs, change messages or exports, and a history revert
cannot bring back a value such a user cannot see.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from casework import crypto, second_factor, services
from casework.models import RESTRICTED_PERSON_FIELDS, AccessAction
from casework.models.revisions import RESTRICTED_KEY

RESTRICTED_FIELDSET_TITLE = _("Restricted: never public")


def can_see_restricted(request) -> bool:
    return request.user.has_perm(services.VIEW_RESTRICTED_PERMISSION)


def _text(value) -> str:
    return str(value or "").replace("\r\n", "\n").strip()


def posts_restricted_change(request, obj) -> bool:
    """Whether the posted form would change a restricted field of `obj` (or set one on a
    new record): the change that asks for a fresh second factor."""
    if request.method != "POST" or not can_see_restricted(request):
        return False
    return any(
        name in request.POST and _text(request.POST[name]) != _text(getattr(obj, name, ""))
        for name in RESTRICTED_PERSON_FIELDS
    )


def guard_restricted_lookup(request, lookup: str) -> None:
    """Refuse a changelist lookup through a restricted field, on any model's changelist.

    Django allows any lookup on a local field from the URL (?legal_name__startswith=A, or
    ?person__legal_name=... on events), which would make a filter an oracle for
    restricted values."""
    hidden = request is not None and not can_see_restricted(request)
    # A revision keeps its proposed restricted values encrypted under RESTRICTED_KEY; whether
    # it carries any is itself not for everyone.
    if hidden and set(lookup.split("__")) & {*RESTRICTED_PERSON_FIELDS, RESTRICTED_KEY}:
        raise DisallowedModelAdminLookup(f"Filtering by {lookup} is not allowed.")


class RestrictedFieldsMixin:
    """For the admin of the model that holds the restricted fields (Person): put it first
    among the bases. ``restricted_resource_classes`` are the CSV resources with them."""

    restricted_resource_classes: list = []
    restricted_fieldset = (
        RESTRICTED_FIELDSET_TITLE,
        {
            "classes": ("collapse",),
            "description": _(
                "Only people with the “view restricted” permission see this section. "
                "A leaked name or place can cost a life: write here only what the work needs."
            ),
            "fields": RESTRICTED_PERSON_FIELDS,
        },
    )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if can_see_restricted(request) and self.has_change_permission(request):
            for name in ("forget_current_location", "forget_restricted_values"):
                action = getattr(type(self), name)  # the admin calls actions as action(modeladmin, ...)
                actions[name] = (action, name, action.short_description)
        return actions

    @admin.action(description=_("Forget the current location (record and history)"))
    def forget_current_location(self, request, queryset):
        return self._forget(request, queryset, ("current_location",))

    @admin.action(description=_("Forget every restricted value (record and history)"))
    def forget_restricted_values(self, request, queryset):
        return self._forget(request, queryset, RESTRICTED_PERSON_FIELDS)

    def _forget(self, request, queryset, fields):
        if not second_factor.is_fresh(request):
            return second_factor.ask_again(request, request.get_full_path())
        if request.POST.get("confirmed") != "yes":
            # Erasure cannot be undone: say what goes, and ask once more.
            return TemplateResponse(
                request,
                "admin/casework/person/forget_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Forget restricted values"),
                    "persons": queryset,
                    "fields": [str(self.model._meta.get_field(name).verbose_name) for name in fields],
                    "action": request.POST["action"],
                    "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
                    "opts": self.model._meta,
                },
            )
        erased = services.restricted_values_erase(persons=queryset, fields=fields, user=request.user)
        self.message_user(
            request,
            _("Erased from %(count)d person(s) and all their history rows; the access log keeps the fact.")
            % {"count": erased},
            messages.SUCCESS,
        )
        return None

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if can_see_restricted(request):
            fieldsets.append(self.restricted_fieldset)
        return fieldsets

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or ())
        if not can_see_restricted(request):
            exclude.extend(RESTRICTED_PERSON_FIELDS)
        return exclude

    # Changing or exporting restricted values asks for the second factor again when the last
    # code is older than SECOND_FACTOR_FRESH_SECONDS: a session left open, or taken over,
    # must not be enough. The form is not saved; the editor verifies and saves again.
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, object_id) if object_id else None
        if posts_restricted_change(request, obj) and not second_factor.is_fresh(request):
            return second_factor.ask_again(request, request.get_full_path())
        return super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if posts_restricted_change(request, obj) and not second_factor.is_fresh(request):
            return second_factor.ask_again(request, request.get_full_path())
        return super().history_form_view(request, object_id, version_id, extra_context)

    def export_action(self, request):
        # Whoever may see restricted fields exports them: every export of theirs asks.
        if request.method == "POST" and can_see_restricted(request) and not second_factor.is_fresh(request):
            return second_factor.ask_again(request, request.get_full_path())
        return super().export_action(request)

    # The access log: every view, export and change of restricted fields, by whom, of whom.
    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and can_see_restricted(request):
            services.access_log_record(
                user=request.user, action=AccessAction.VIEW, persons=[obj], fields=RESTRICTED_PERSON_FIELDS
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        obj = self.get_object(request, object_id)
        if obj is not None and response.status_code == 200 and can_see_restricted(request):
            # The history lists every past value of the restricted fields.
            services.access_log_record(
                user=request.user, action=AccessAction.VIEW, persons=[obj], fields=RESTRICTED_PERSON_FIELDS
            )
        return response

    def get_data_for_export(self, request, queryset, **kwargs):
        data = super().get_data_for_export(request, queryset, **kwargs)
        if can_see_restricted(request):
            chosen = self.get_export_resource_fields_from_form(kwargs.get("export_form"))
            services.access_log_record(
                user=request.user,
                action=AccessAction.EXPORT,
                persons=queryset.select_related(None).only("pk", "slug"),
                fields=RESTRICTED_PERSON_FIELDS if chosen is None else chosen,
            )
        return data

    def save_model(self, request, obj, form, change):
        if can_see_restricted(request):
            # Compared with the stored row rather than the form's initial values, so that a
            # revert from history, whose form starts from the old version, is logged too.
            before = (
                type(obj)._default_manager.filter(pk=obj.pk).values(*RESTRICTED_PERSON_FIELDS).first()
                if change
                else None
            ) or {}
            super().save_model(request, obj, form, change)
            changed = [
                name for name in RESTRICTED_PERSON_FIELDS if _text(before.get(name)) != _text(getattr(obj, name))
            ]
            services.access_log_record(user=request.user, action=AccessAction.CHANGE, persons=[obj], fields=changed)
            return
        if change:
            # A revert from history carries the old version's restricted values; someone who
            # cannot see them must not bring back, say, a location deliberately erased.
            current = type(obj)._default_manager.filter(pk=obj.pk).values(*RESTRICTED_PERSON_FIELDS).first()
            for name in RESTRICTED_PERSON_FIELDS:
                setattr(obj, name, current[name] if current else "")
        super().save_model(request, obj, form, change)

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if can_see_restricted(request) and search_term.strip():
            # The legal name is encrypted: it is found by exact match (any case and spacing)
            # on its keyed hash, never by reading or comparing the plain value.
            results |= queryset.filter(legal_name_hash=crypto.keyed_hash(search_term))
        return results, may_have_duplicates

    def get_resource_classes(self, request):
        if can_see_restricted(request):
            return self.restricted_resource_classes
        return super().get_resource_classes(request)

    def construct_change_message(self, request, form, formsets, add=False):
        # Log entries outlive permissions and are read by others: never name a restricted
        # field there, not even that it changed.
        message = super().construct_change_message(request, form, formsets, add)
        restricted_labels = {str(self.model._meta.get_field(name).verbose_name) for name in RESTRICTED_PERSON_FIELDS}
        restricted_labels |= {label.capitalize() for label in restricted_labels}
        for entry in message:
            changed = entry.get("changed")
            if changed and "fields" in changed:
                changed["fields"] = [label for label in changed["fields"] if str(label) not in restricted_labels]
        return [entry for entry in message if not ("changed" in entry and entry["changed"].get("fields") == [])]

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        if can_see_restricted(request):
            return super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current, excluded_fields=RESTRICTED_PERSON_FIELDS, foreign_keys_are_objs=foreign_keys_are_objs
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current
        return None
