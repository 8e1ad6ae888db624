"""History in the admin that only reads for those who may not write.

django-simple-history's revert form saves on POST for anyone who may *view* the record,
and for a deleted record it saves the deleted version back, restricted values included.
Here a revert needs the change permission of the model, a record the public sees (or a
citation of one) can be reverted only by a reviewer, and deleted records come back only
through ``services.record_recover`` (reviewers, restricted values only for those who may
see them), from a list of the model's deleted records.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from casework import services
from casework.vocabularies import Visibility


class GuardedHistoryMixin:
    """For a SimpleHistoryAdmin subclass."""

    def is_live(self, obj) -> bool:
        """Whether the public sees ``obj`` (or what it backs): such records change only
        through a reviewer."""
        return getattr(obj, "visibility", None) == Visibility.PUBLISHED

    def may_revert(self, request, current) -> bool:
        if current is None or not self.has_change_permission(request, current):
            return False
        return not self.is_live(current) or request.user.has_perm(services.PUBLISH_PERMISSION)

    def may_recover(self, request) -> bool:
        return request.user.has_perm(services.PUBLISH_PERMISSION) and self.has_add_permission(request)

    def _current(self, object_id):
        return self.model._default_manager.filter(pk=unquote(str(object_id))).first()

    def revert_disabled(self, request, obj=None):
        if obj is None:
            return super().revert_disabled(request, obj)
        return super().revert_disabled(request, obj) or not self.may_revert(request, self._current(obj.pk))

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            current = self._current(object_id)
            if current is None:
                raise PermissionDenied(_("This record was deleted: reviewers recover it from the deleted records."))
            if not self.may_revert(request, current):
                raise PermissionDenied(_("You may not revert this record."))
        return super().history_form_view(request, object_id, version_id, extra_context)

    # --- deleted records ---------------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        info = opts.app_label, opts.model_name
        return [
            path("deleted/", self.admin_site.admin_view(self.deleted_view), name="{}_{}_deleted".format(*info)),
            path(
                "deleted/<int:pk>/recover/",
                self.admin_site.admin_view(self.recover_view),
                name="{}_{}_recover".format(*info),
            ),
            *super().get_urls(),
        ]

    def deleted_view(self, request):
        if not self.may_recover(request):
            raise PermissionDenied
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("Deleted %(records)s") % {"records": opts.verbose_name_plural},
            "opts": opts,
            "deletions": services.deletions(self.model),
            "recover_url": f"admin:{opts.app_label}_{opts.model_name}_recover",
        }
        return render(request, "admin/casework/deleted_records.html", context)

    def recover_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.may_recover(request):
            raise PermissionDenied
        opts = self.model._meta
        try:
            result = services.record_recover(model=self.model, pk=pk, user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_deleted"))
        self.message_user(
            request,
            _("“%(record)s” was recovered with %(count)d records of its case; what was published is back in review.")
            % {"record": result.record, "count": result.restored},
            messages.SUCCESS,
        )
        for reason in result.skipped:
            self.message_user(request, _("Not recovered: %(reason)s.") % {"reason": reason}, messages.WARNING)
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[result.record.pk])
        )

    def changelist_view(self, request, extra_context=None):
        if self.may_recover(request):
            opts = self.model._meta
            extra_context = {
                **(extra_context or {}),
                "deleted_records_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_deleted"),
            }
        return super().changelist_view(request, extra_context)
