"""The workflow in the admin: the change form's visibility rule, the workflow actions and
CSV import/export. Every move of visibility runs through casework.services, so the publish
permission and the citation rule hold on every path (actions, form, history revert)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin

from casework import models, services
from casework.admin.base import CaseworkAdmin, ReadableDateMixin, can_publish
from casework.admin.imports import SignedImportFileMixin
from casework.admin.revisions import RevisionMixin
from casework.admin.slugs import SuggestedSlugForm
from casework.vocabularies import Visibility

SUBMIT_FOR_REVIEW = "_submit_for_review"


class PublishableAdminForm(SuggestedSlugForm):
    # Set per request by PublishableAdmin.get_form.
    can_publish = False

    def clean_visibility(self):
        new = self.cleaned_data["visibility"]
        old = self.instance.visibility if self.instance.pk else Visibility.DRAFT
        if new != old and Visibility.PUBLISHED in (new, old) and not self.can_publish:
            raise forms.ValidationError(
                _("Only reviewers may publish or unpublish. Use “Submit for review” when the record is ready.")
            )
        return new


class PublishableAdmin(RevisionMixin, ReadableDateMixin, CaseworkAdmin):
    form = PublishableAdminForm
    actions = ("submit_for_review", "return_to_draft", "publish", "unpublish")
    workflow_fieldset = (_("Workflow"), {"fields": ("visibility", "created_at", "updated_at")})
    # How the messages name what each workflow service did.
    workflow_done = {
        services.records_submit_for_review: _("submitted for review"),
        services.records_return_to_draft: _("returned to draft"),
        services.records_publish: _("published"),
        services.records_unpublish: _("unpublished"),
    }

    # "Save and submit for review": one click where the form and the changelist action took
    # five; the draft records of the case go to review with it, as with the action.
    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["show_submit_for_review"] = (
            (obj is None or obj.visibility == Visibility.DRAFT)
            and self.has_workflow_permission(request)
            and (add or self.has_change_permission(request, obj))
        )
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def response_add(self, request, obj, post_url_continue=None):
        if SUBMIT_FOR_REVIEW in request.POST:
            return self._saved_and_submitted(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if SUBMIT_FOR_REVIEW in request.POST and getattr(request, "casework_revision", None) is None:
            return self._saved_and_submitted(request, obj)
        return super().response_change(request, obj)

    def _saved_and_submitted(self, request, obj):
        opts = self.model._meta
        self.message_user(request, _("“%(record)s” was saved.") % {"record": obj}, messages.SUCCESS)
        if self.has_workflow_permission(request):
            self._run(request, services.records_submit_for_review, self.model._default_manager.filter(pk=obj.pk))
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "created_at", "updated_at"]
        if issubclass(self.model, models.base.Dated):
            readonly.append("readable_date")
        if obj is not None and obj.visibility == Visibility.PUBLISHED and not can_publish(request):
            readonly.append("visibility")
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.can_publish = can_publish(request)
        if "visibility" in form.base_fields and not form.can_publish:
            form.base_fields["visibility"].choices = [
                choice for choice in form.base_fields["visibility"].choices if choice[0] != Visibility.PUBLISHED
            ]
        return form

    # Permissions named by @admin.action(permissions=[...]).
    def has_publish_permission(self, request) -> bool:
        return can_publish(request)

    def has_workflow_permission(self, request) -> bool:
        return self.has_change_permission(request)

    def _report(self, request, result: services.WorkflowResult, done: str) -> None:
        opts = self.model._meta
        self.message_user(
            request,
            ngettext("%(count)d %(name)s %(done)s.", "%(count)d %(names)s %(done)s.", result.changed)
            % {"count": result.changed, "name": opts.verbose_name, "names": opts.verbose_name_plural, "done": done},
            messages.SUCCESS if result.changed else messages.INFO,
        )
        if result.carried:
            self.message_user(
                request,
                ngettext(
                    "%(count)d record of their cases went along.",
                    "%(count)d records of their cases went along.",
                    result.carried,
                )
                % {"count": result.carried},
                messages.SUCCESS,
            )
        for obj, reason in result.refused:
            self.message_user(
                request,
                _("“%(record)s” was left as it is: %(reason)s.") % {"record": obj, "reason": reason},
                messages.WARNING,
            )

    def _run(self, request, service, queryset, *, reported_as=None, **options) -> None:
        """Run a workflow service on the selected records and report what it did, as
        ``reported_as`` (a service of workflow_done) when it is a composite step."""
        try:
            result = service(queryset=queryset, user=request.user, **options)
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self._report(request, result, self.workflow_done[reported_as or service])

    @admin.action(description=_("Submit for review"), permissions=["workflow"])
    def submit_for_review(self, request, queryset):
        self._run(request, services.records_submit_for_review, queryset)

    @admin.action(description=_("Return to draft"), permissions=["workflow"])
    def return_to_draft(self, request, queryset):
        self._run(request, services.records_return_to_draft, queryset)

    @admin.action(description=_("Publish"), permissions=["publish"])
    def publish(self, request, queryset):
        self._run(request, services.records_publish, queryset)

    @admin.action(description=_("Unpublish"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._run(request, services.records_unpublish, queryset)

    # A change of visibility to or from "published" made in the form goes through the
    # workflow services, like the actions; it waits until the inlines (citations) are saved.
    def save_model(self, request, obj, form, change):
        old = type(obj)._default_manager.filter(pk=obj.pk).values_list("visibility", flat=True).first()
        old = old or Visibility.DRAFT
        target = obj.visibility
        if target != old and Visibility.PUBLISHED in (target, old):
            obj.visibility = old
            obj._pending_visibility = target
        super().save_model(request, obj, form, change)
        if getattr(request, "casework_history_revert", False):
            # A revert from history saves no inlines, so there is nothing to wait for.
            self._apply_pending_visibility(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._apply_pending_visibility(request, form.instance)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reverting saves the record through save_model() but never calls save_related();
        # mark the request so that save_model applies a change of visibility itself.
        request.casework_history_revert = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _apply_pending_visibility(self, request, obj) -> None:
        target = getattr(obj, "_pending_visibility", None)
        if target is None:
            return
        del obj._pending_visibility
        try:
            steps = services.record_change_visibility(record=obj, to=target, user=request.user)
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        for step in steps:
            self._report(request, step.result, self.workflow_done[step.service])
        obj.refresh_from_db(fields=["visibility"])


class CsvAdminMixin(SignedImportFileMixin, ImportExportMixin):
    """Import only for users who may add and change; export for those who may view.
    The confirmed import runs through services.records_import (all or nothing)."""

    def has_import_permission(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def process_dataset(self, dataset, form, request, **kwargs):
        file_name = kwargs.pop("file_name", None) or form.cleaned_data.get("original_file_name")
        resource = self.choose_import_resource_class(form, request)(**self.get_import_resource_kwargs(request))
        return services.records_import(
            resource=resource, dataset=dataset, user=request.user, dry_run=False, file_name=file_name
        )
