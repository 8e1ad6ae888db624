"""What every model admin shares: history in the editors' words, readable dates, and the
guard that keeps restricted person fields out of URL lookups on every changelist."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError
from django.db import models as db_models
from django.db.models import Case, F, IntegerField, OrderBy, Q, Value, When
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from casework import dates, services
from casework.admin.history import GuardedHistoryMixin
from casework.admin.restricted import guard_restricted_lookup
from casework.models.base import Dated
from casework.querysets import time_order


def can_publish(request) -> bool:
    return request.user.has_perm(services.PUBLISH_PERMISSION)


class TimeOrder(OrderBy):
    """The sort key of the "date reads as" column: the changelist expands it into the
    project's one order of time (casework.querysets.time_order), in the direction the
    editor clicked, so that the admin lists dated records as the pages and the API do."""

    def __init__(self, descending: bool = False):
        super().__init__(F("sort_day"), descending=descending, nulls_last=True)


class TimeOrderChangeList(ChangeList):
    def get_ordering(self, request, queryset):
        ordering = []
        for item in super().get_ordering(request, queryset):
            if isinstance(item, TimeOrder):
                ordering += time_order(self.model, descending=item.descending)
            else:
                ordering.append(item)
        return ordering


class ReadableDateMixin:
    @admin.display(description=_("date reads as"), ordering=TimeOrder())
    def readable_date(self, obj) -> str:
        return obj.date_display if obj and obj.pk else ""

    def get_changelist(self, request, **kwargs):
        return TimeOrderChangeList


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    """History diffs in the editors' words: 'In review → Published', not 'review → published'."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.choices and not field.many_to_many:
            return dict(field.flatchoices).get(value, value)
        return super().prepare_delta_change_value(change, value)


class ChangelistLookupsMixin:
    """A lookup value the database cannot hold (?pk__in=9223372036854775808: SQLite refuses
    integers past 64 bits when the query runs) is a wrong lookup, which the admin answers
    with its "?e=1" page, not a server error."""

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except (OverflowError, DataError) as exc:
            raise IncorrectLookupParameters(exc) from exc


class CaseworkAdmin(ChangelistLookupsMixin, GuardedHistoryMixin, SimpleHistoryAdmin):
    list_per_page = 50
    # "50 of 100,000" needs a second COUNT(*) over the whole table on every page; the
    # filtered count alone is enough to page.
    show_full_result_count = False
    formfield_overrides = {db_models.URLField: {"assume_scheme": "https"}}

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryHelper(self.model, historical_record)

    # "Reads as" while typing: the change form's script asks this view how a date reads.
    def get_urls(self):
        opts = self.model._meta
        return [
            path("edtf/", self.admin_site.admin_view(self.edtf_view), name=f"{opts.app_label}_{opts.model_name}_edtf"),
            *super().get_urls(),
        ]

    def edtf_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        value = request.GET.get("value", "").strip()
        try:
            dates.validate_edtf(value)
        except ValidationError as exc:
            return JsonResponse({"error": " ".join(exc.messages)})
        return JsonResponse({"reads_as": _("reads as %(date)s") % {"date": dates.display(value)} if value else ""})

    @property
    def media(self):
        media = super().media
        if issubclass(self.model, Dated):
            opts = self.model._meta
            endpoint = reverse(f"admin:{opts.app_label}_{opts.model_name}_edtf")
            media += forms.Media(js=[forms.Script("casework/admin/reads-as.js", **{"data-endpoint": endpoint})])
        return media

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        resolver = getattr(request, "resolver_match", None)
        term = search_term.strip()
        if term and resolver is not None and resolver.url_name == "autocomplete":
            # Names that start with what the editor typed come first ("Rus": Russia
            # before Belarus), then the rest in the usual order.
            starts = Q()
            for field in self.get_search_fields(request):
                if not field.startswith(("=", "^", "@")):
                    starts |= Q(**{f"{field}__istartswith": term})
            ordering = self.get_ordering(request) or self.model._meta.ordering or ("pk",)
            queryset = queryset.annotate(
                casework_prefix_rank=Case(When(starts, then=Value(0)), default=Value(1), output_field=IntegerField())
            ).order_by("casework_prefix_rank", *ordering)
        return queryset, may_have_duplicates

    # One delete, one id on every history row it writes (services.deletion_scope): a
    # recovery brings back exactly what went with the record.
    def delete_model(self, request, obj):
        with services.deletion_scope():
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with services.deletion_scope():
            super().delete_queryset(request, queryset)

    def lookup_allowed(self, lookup, value, request=None):
        guard_restricted_lookup(request, lookup)
        return super().lookup_allowed(lookup, value, request)
