"""Rows entered inside other rows (citations inside an event on a person's page), through
django-nested-admin, held to the rules of Django's own inlines.

django-nested-admin reads a posted row by its id alone, whichever record it belongs to,
and saves it under the record of the form it was posted in. Django's inlines only ever
read the record's own rows. A row posted here that is not one of this record's own is
refused, so that no form re-points another record's event or citation (a published one,
say, or the last citation of one).

A record's nested rows are read from what its inline prefetched, and an autocomplete's
chosen record is named once per page, so that the change page makes one query per kind of
row and per record named, not one per row.
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT, ManagementForm
from django.forms.models import BaseModelFormSet
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from nested_admin.formsets import NestedBaseGenericInlineFormSet, NestedInlineFormSet


class OwnRowsFormSetMixin:
    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            prefetched = getattr(self.instance, "_prefetched_objects_cache", {}).get(self.prefetch_name)
            if prefetched is not None and not self.is_bound:
                self._queryset = list(prefetched)
            else:
                # Django's own: this record's rows only (nested-admin's override reads any id).
                return BaseModelFormSet.get_queryset(self)
        return self._queryset

    # The parent's prefetched relation holding this formset's rows, if any.
    prefetch_name = ""

    def clean(self):
        super().clean()
        for form in self.initial_forms:
            if form.instance.pk is None:
                # The posted id is not one of this record's rows: another record's, or one
                # deleted since the page was shown.
                raise forms.ValidationError(
                    _("A row of this form does not belong to “%(record)s”; reload the page and try again.")
                    % {"record": self.instance}
                )


class OwnRowsInlineFormSet(OwnRowsFormSetMixin, NestedInlineFormSet):
    pass


class OwnRowsGenericInlineFormSet(OwnRowsFormSetMixin, NestedBaseGenericInlineFormSet):
    prefetch_name = "citations"

    @cached_property
    def management_form(self):
        # A row's nested citations posted without their block (a form or a revision saved
        # before citations nested, a script posting only the row) change nothing: read as
        # no rows, not as a tampered form that refuses the whole page.
        if self.is_bound and self.add_prefix(TOTAL_FORM_COUNT) not in self.data:
            form = ManagementForm(
                {self.add_prefix(TOTAL_FORM_COUNT): 0, self.add_prefix(INITIAL_FORM_COUNT): 0},
                auto_id=self.auto_id,
                prefix=self.prefix,
                renderer=self.renderer,
            )
            form.full_clean()
            return form
        return super().management_form


class RememberedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that names its chosen record from ``labels`` (shared by every row of
    a page), reading only the records no row has named yet."""

    def __init__(self, *args, labels: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.labels = labels

    def optgroups(self, name, value, attr=None):
        default = (None, [], 0)
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if not self.is_required and not self.allow_multiple_selected:
            default[1].append(self.create_option(name, "", "", False, 0))
        opts = self.field.remote_field.model._meta
        to_field = opts.get_field(getattr(self.field.remote_field, "field_name", opts.pk.attname)).attname
        missing = [key for key in selected if (opts.label, key) not in self.labels]
        if missing:
            for obj in self.choices.queryset.using(self.db).filter(**{f"{to_field}__in": missing}):
                self.labels[opts.label, str(getattr(obj, to_field))] = self.choices.field.label_from_instance(obj)
        for key in selected:
            if (opts.label, key) in self.labels:
                option = self.create_option(name, key, self.labels[opts.label, key], selected, len(default[1]))
                default[1].append(option)
        return [default]


class RememberedAutocompleteMixin:
    """For inlines whose rows repeat the same autocompletes (a country in every event)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            labels = request.__dict__.setdefault("casework_autocomplete_labels", {})
            kwargs["widget"] = RememberedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using"), labels=labels
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
