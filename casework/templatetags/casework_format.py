"""Formatting filters for the public templates."""

import re

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext as _

from casework import dates
from casework.statistics import grouped as grouped_number

register = template.Library()


@register.filter
def grouped(value: int) -> str:
    """A count with the reader's thousands separator (7,400 / 7 400)."""
    return grouped_number(value)


@register.filter
def date_when(value: str) -> str:
    """An EDTF date as it reads where it says when something happened: "в декабре 2022
    года" rather than the label form "декабрь 2022 года" (the same in English)."""
    return dates.display(value, when=True)


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
    # An end the source does not state is said in words, never left as a bare ellipsis.
    if event.from_country and event.to_country:
        movement = format_html(": {} → {}", _country_link(event.from_country), _country_link(event.to_country))
    elif event.to_country:
        movement = format_html(": {} ({})", _country_link(event.to_country), _("from an unstated country"))
    elif event.from_country:
        movement = format_html(": {} ({})", _country_link(event.from_country), _("to an unstated country"))
    if event.country and event.country not in (event.from_country, event.to_country):
        # The country alone, in brackets: a preposition would need the name declined.
        place = format_html(" ({})", _country_link(event.country))
    return format_html("{}{}", movement, place)


_PARAGRAPH = re.compile(r"^para\. (\d+)$")


@register.filter
def locator(value: str) -> str:
    """Where in a source, in the reader's language: "para. 2" reads "абз. 2" in Russian.
    Locators editors type in other forms are shown as typed."""
    if match := _PARAGRAPH.match(value or ""):
        return _("para. %(number)s") % {"number": match.group(1)}
    if value == "headline":
        return _("headline")
    return value
