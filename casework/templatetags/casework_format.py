"""Formatting filters for the public templates."""

import re

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from casework import dates, translations
from casework.models.base import choice_label
from casework.statistics import grouped as grouped_number
from casework.vocabularies import LinkCertainty, OrganizationRole

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
    """The attribute that marks text kept only in the record language (a date note) on a
    page in another language: ' lang="en"' on a Russian page, nothing on an English one."""
    return _lang_attribute(settings.RECORD_LANGUAGE)


def _lang_attribute(language: str) -> str:
    foreign = translations.foreign_to_page(language)
    return format_html(' lang="{}"', foreign) if foreign else ""


class RecordText:
    """A record's text in the page's language, and the lang attribute its element needs."""

    def __init__(self, record, field: str):
        self.text, self.lang = translations.in_language(record, field)
        self.attr = _lang_attribute(self.lang)

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


@register.simple_tag
def record_text(record, field: str) -> RecordText:
    """``{% record_text person "summary" as summary %}<p{{ summary.attr }}>{{ summary.text }}</p>``:
    the Russian text on a Russian page where an editor gave one, else the English marked
    lang="en" (casework/translations.py holds the rule)."""
    return RecordText(record, field)


@register.filter
def in_page_language(record, field: str) -> str:
    """A short record text (a name) inline, marked with its language when it is not the page's."""
    text, language = translations.in_language(record, field)
    attr = _lang_attribute(language)
    return format_html("<span{}>{}</span>", attr, text) if attr else format_html("{}", text)


@register.filter
def record_name(record) -> str:
    """What names a record in running text (a cohort, an organization) in the page's
    language; a person is named as the sources name them, in every language."""
    if "name" in translations.translated_fields(type(record)):
        return in_page_language(record, "name")
    return format_html("{}", record)


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


_LATIN = re.compile(r"[A-Za-z]")


def in_record_language(text: str) -> str:
    """A name or phrase from the records, marked with its language when the page is in
    another one (an English name inside Russian text), so that it is read out as written."""
    if _LATIN.search(text or "") and not get_language().startswith(settings.RECORD_LANGUAGE):
        return format_html('<span lang="{}">{}</span>', settings.RECORD_LANGUAGE, text)
    return format_html("{}", text)


def _html(template: str, **parts) -> str:
    """A translated sentence with %(name)s placeholders, filled with escaped HTML parts."""
    for name in parts:
        template = template.replace(f"%({name})s", f"{{{name}}}")
    return format_html(template, **parts)


@register.simple_tag
def according_to(citation) -> str:
    """Who makes the claim a footnote quotes, and who published it: "According to Go By The
    Forest (Ivan Chuviliaev, spokesperson), reported by …". Empty when the source states it
    in its own voice. A draft organization is not named (row_is_public)."""
    organization, speaker = citation.claimant, citation.speaker
    if organization is None and speaker is None:
        return ""
    org_name = in_page_language(organization, "name") if organization else ""
    if speaker is not None:
        who = in_record_language(speaker.name)
        if speaker.role:
            who = format_html("{}, {}", who, in_record_language(speaker.role))
        claimant = format_html("{} ({})", org_name, who) if org_name else who
    else:
        claimant = org_name
    source = citation.source
    if source.publisher:
        return _html(
            _("According to %(claimant)s, reported by %(publisher)s."),
            claimant=claimant,
            publisher=in_record_language(source.publisher),
        )
    return _html(
        _("According to %(claimant)s, as reported in %(title)s."),
        claimant=claimant,
        title=format_html('<cite lang="{}">{}</cite>', source.language, source.title),
    )


# How a page words an organization's part in an event. The certainty leads: "attributed
# to" must never read as an established fact.
_LINK_WORDING = {
    LinkCertainty.ATTRIBUTED: _lazy("attributed to %(organization)s"),
    LinkCertainty.ALLEGED: _lazy("allegedly %(organization)s"),
}


@register.simple_tag
def organization_link(link) -> str:
    """One organization in an event as the timeline shows it: "attributed to Russian
    intelligence (perpetrator)", "French authorities (deciding authority)"."""
    name = in_page_language(link.organization, "name")
    wording = _LINK_WORDING.get(link.certainty)
    phrase = _html(str(wording), organization=name) if wording else name
    if link.role == OrganizationRole.UNKNOWN:
        return phrase
    return format_html("{} ({})", phrase, choice_label(link, "role").lower())


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
