"""Model fields whose values the database only ever holds encrypted (casework.crypto)."""

from __future__ import annotations

from django import forms
from django.db import models

from casework import crypto


class EncryptedTextField(models.TextField):
    """Text encrypted with the project's key on the way into the database and decrypted on
    the way out. Lookups on it match nothing useful (each encryption differs): search
    through a keyed hash instead. The empty string stays empty, so "not given" needs no key."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value)


class EncryptedCharField(EncryptedTextField):
    """One line of encrypted text: a text column (the ciphertext is longer than the text)
    with a one-line input limited to `max_length` characters of plain text."""

    def formfield(self, **kwargs):
        return super().formfield(**{"widget": forms.TextInput, **kwargs})
