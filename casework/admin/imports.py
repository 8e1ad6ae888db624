"""The import's confirm step reads only the file its own preview wrote.

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
from import_export.forms import ConfirmImportForm

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
    """For an ImportMixin admin."""

    def get_confirm_form_class(self, request):
        return type("SignedConfirmImportForm", (SignedConfirmImportForm,), {"salt": _salt(request, self.model)})

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if "import_file_name" in initial:
            initial["import_file_name"] = signing.dumps(initial["import_file_name"], salt=_salt(request, self.model))
        return initial
