"""A staff-only preview of a case page as it would look once published.

The preview lives under /admin/, so only signed-in staff who may view the record reach
it (admin_view also marks it never to be cached); the page says it is a preview and asks
search engines not to index it. It shows what publishing the subject would make public:
records published or in review, with every citation (their sources go public with them).
"""

from __future__ import annotations

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.views.decorators.cache import never_cache

from casework import views


class PreviewMixin:
    """For the admins of records with a public page (persons, cohorts)."""

    preview_page = None  # views.person_page or views.cohort_page

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(never_cache(self.preview_view)),
                name=f"{opts.app_label}_{opts.model_name}_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        response = type(self).preview_page(request, obj, preview=True)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        opts = self.model._meta
        extra_context = {
            **(extra_context or {}),
            "preview_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_preview", args=[object_id]),
        }
        return super().change_view(request, object_id, form_url, extra_context)


class PersonPreviewMixin(PreviewMixin):
    preview_page = staticmethod(views.person_page)


class CohortPreviewMixin(PreviewMixin):
    preview_page = staticmethod(views.cohort_page)
