"""Formatting filters for the public templates."""

from django import template
from django.conf import settings

from casework.statistics import grouped as grouped_number

register = template.Library()


@register.filter
def grouped(value: int) -> str:
    """A count with the reader's thousands separator (7,400 / 7 400)."""
    return grouped_number(value)


@register.simple_tag
def record_lang() -> str:
    """The language record text is written in, for the lang attribute around it, so a
    screen reader in the Russian interface still reads an English summary as English.
    Records carry no language of their own yet; editors write them in English, the
    language of the seed document (settings.RECORD_LANGUAGE overrides)."""
    return getattr(settings, "RECORD_LANGUAGE", "en")
