"""Record text in Russian beside the English, and the one rule for which of the two a
reader gets.

Editors write a record's text in English (settings.RECORD_LANGUAGE, the language of the
seed document) and may give it in Russian too, in a plain column named ``<field>_ru``
beside the English one. A reader in Russian gets the Russian text where there is one and
the English otherwise, marked as English so that a screen reader reads it as written.
Plain columns rather than a translation package: history, revisions, search, the
serializers and the CSV resources see them like any other field (docs/architecture.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language

# The languages record text can be written in besides settings.RECORD_LANGUAGE.
TRANSLATION_LANGUAGES = ("ru",)
TEXT_LANGUAGES = [settings.RECORD_LANGUAGE, *TRANSLATION_LANGUAGES]

# Every text an editor writes that a reader sees, by model. People's names, source titles
# and quotes are not translated: they are given as the source gives them.
TRANSLATED_FIELDS: dict[str, tuple[str, ...]] = {
    "casework.person": ("summary",),
    "casework.cohort": ("name", "summary"),
    "casework.organization": ("name", "summary"),
    "casework.event": ("summary",),
    "casework.asylumoutcome": ("summary",),
    "casework.charge": ("name", "summary"),
    "casework.prosecution": ("sentence", "summary"),
    "casework.statistic": ("metric", "wording", "summary"),
    "casework.countrycondition": ("summary",),
    "casework.source": ("summary",),
}


def translated_fields(model: type[models.Model]) -> tuple[str, ...]:
    return TRANSLATED_FIELDS.get(model._meta.label_lower, ())


def translation_columns(model: type[models.Model]) -> tuple[str, ...]:
    """The ``<field>_<language>`` columns of ``model``: ``summary_ru``, ``name_ru``."""
    return tuple(f"{field}_{language}" for field in translated_fields(model) for language in TRANSLATION_LANGUAGES)


def base_language(language: str | None) -> str:
    """``ru`` for ``ru``, ``ru-RU`` or ``ru_RU``; the record language for anything unknown."""
    code = (language or settings.RECORD_LANGUAGE).replace("_", "-").split("-")[0].lower()
    return code if code in TRANSLATION_LANGUAGES else settings.RECORD_LANGUAGE


def in_language(obj: models.Model, field: str, language: str | None = None) -> tuple[str, str]:
    """The text of ``obj.field`` in ``language`` (the active one by default) and the
    language it is actually written in: the translation when there is one, else the
    English with the record language's code."""
    language = base_language(language if language is not None else get_language())
    if language != settings.RECORD_LANGUAGE:
        translated = getattr(obj, f"{field}_{language}", "") or ""
        if translated.strip():
            return translated, language
    return getattr(obj, field) or "", settings.RECORD_LANGUAGE


def foreign_to_page(language: str) -> str:
    """``language`` when it is not the page's (a text that needs a lang attribute), else ""."""
    return "" if language == base_language(get_language()) else language


def text_in(obj: models.Model, field: str, language: str | None = None) -> str:
    return in_language(obj, field, language)[0]
