"""``?lang=``: the language of record text in an answer, chosen in the address.

Without it the API follows Accept-Language (casework/language.py), as country names and
dates in words already did; with it the address alone decides, which a link or a cache key
can carry. Either way the record text falls back to English field by field, and each
record's ``text_language`` says which language each of its texts is in.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

LANG_PARAM = "lang"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

LANG_PARAMETER = OpenApiParameter(
    LANG_PARAM,
    str,
    enum=LANGUAGE_CODES,
    description=(
        "The language of record text (summaries, names of cohorts, organizations and charges) and of country "
        "names and dates in words: en or ru. Without it, the Accept-Language header decides, and English is the "
        "default. A text with no translation is given in English; text_language says which language each is in."
    ),
)


def activate_requested_language(request) -> None:
    """Answer in the language ``?lang=`` names; a value that is not one is a 400 naming it."""
    language = request.query_params.get(LANG_PARAM)
    if language is None:
        return
    if language not in LANGUAGE_CODES:
        raise ValidationError(
            {LANG_PARAM: [f"No language {language!r} here. Use one of: {', '.join(LANGUAGE_CODES)}."]}
        )
    translation.activate(language)
    request.LANGUAGE_CODE = language
