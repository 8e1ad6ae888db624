"""Formatting filters for the public templates."""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext as _

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
    language of the seed document (settings.RECORD_LANGUAGE)."""
    return settings.RECORD_LANGUAGE


def _country_link(country) -> str:
    return format_html('<a href="{}">{}</a>', country.get_absolute_url(), country.name)


@register.simple_tag
def event_places(event) -> str:
    """Where an event moved someone and where it happened, as the timeline shows it:
    ": Kazakhstan → France" for a movement, " (in Spain)" for a place that is neither end."""
    movement = place = ""
    if event.from_country or event.to_country:
        ends = [_country_link(country) if country else "…" for country in (event.from_country, event.to_country)]
        movement = format_html(": {} → {}", *ends)
    if event.country and event.country not in (event.from_country, event.to_country):
        place = format_html(" ({} {})", _("in"), _country_link(event.country))
    return format_html("{}{}", movement, place)
