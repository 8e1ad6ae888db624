"""Safe admin files: no exported cell runs as a formula, and the import's confirm step
reads only the file its own preview wrote.

Exports hold editor-entered text beside restricted columns. A spreadsheet runs a cell
that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (and some drop a leading tab
or carriage return first), so such a cell is written with a leading apostrophe, which
spreadsheets read as "this is text" and do not show. django-import-export's own escape
drops a leading ``=`` instead, which changes the value and leaves the other four.

The apostrophe must not change what an import reads back, or a negative number
(``-3``) or an EDTF date before year 0 (``-0044``) would come back altered. So a cell
that already starts with an apostrophe gets one more, and an import removes exactly one
leading apostrophe from every cell that has one: every value comes back as exported.

django-import-export's confirm form posts back the temporary file's name as a hidden
field and reads whatever file of that name is in the temporary folder, so anyone who may
import could confirm a file someone else previewed (or one written there by other
means). The name now travels signed, bound to the model and the user who previewed it,
and expires.
"""

from __future__ import annotations

import os

from django import forms
from django.core import signing
from django.utils.translation import gettext as _
from import_export.formats import base_formats
from import_export.forms import ConfirmImportForm

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"

# A preview older than this must be uploaded again.
PREVIEW_MAX_AGE = 60 * 60


def _salt(request, model) -> str:
    return f"casework.import:{model._meta.label_lower}:{request.user.pk}"


class SignedConfirmImportForm(ConfirmImportForm):
    salt = ""

    def clean_import_file_name(self):
        try:
            name = signing.loads(self.cleaned_data["import_file_name"], salt=self.salt, max_age=PREVIEW_MAX_AGE)
        except signing.BadSignature:
            raise forms.ValidationError(
                _("This file was not previewed here for you, or the preview is over an hour old: upload it again.")
            ) from None
        return os.path.basename(name)


class SignedImportFileMixin:
    """For an ImportMixin admin: its confirm step, and its file formats."""

    @property
    def formats(self):
        return ADMIN_FILE_FORMATS

    def get_confirm_form_class(self, request):
        return type("SignedConfirmImportForm", (SignedConfirmImportForm,), {"salt": _salt(request, self.model)})

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if "import_file_name" in initial:
            initial["import_file_name"] = signing.dumps(initial["import_file_name"], salt=_salt(request, self.model))
        return initial


def cell_escape(value):
    if isinstance(value, str) and value.startswith((*FORMULA_STARTS, TEXT_MARK)):
        return TEXT_MARK + value
    return value


def cell_unescape(value):
    if isinstance(value, str) and value.startswith(TEXT_MARK):
        return value[1:]
    return value


class SpreadsheetSafeMixin:
    """For a text format of django-import-export (CSV, TSV)."""

    def export_data(self, dataset, **kwargs):
        escaped = dataset.__class__(headers=dataset.headers)
        for row in dataset:
            escaped.append([cell_escape(cell) for cell in row])
        return escaped.export(self.get_title(), **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        dataset = super().create_dataset(in_stream, **kwargs)
        read = dataset.__class__(headers=dataset.headers)
        for row in dataset:
            read.append([cell_unescape(cell) for cell in row])
        return read


class SafeCSV(SpreadsheetSafeMixin, base_formats.CSV):
    pass


class SafeTSV(SpreadsheetSafeMixin, base_formats.TSV):
    pass


# The admin's file formats: the ones a spreadsheet opens, escaped both ways.
ADMIN_FILE_FORMATS = [SafeCSV, SafeTSV]
