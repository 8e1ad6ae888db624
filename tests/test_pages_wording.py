"""Small honest things on the pages: no bare ellipses, one footnote per passage, words a
native reader would use."""

import re

import pytest

from tests.factories import CitationFactory, EventFactory, PersonFactory, SourceFactory, country

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))


def test_a_movement_with_an_unstated_end_says_so_in_words(client, db):
    person = PersonFactory()
    EventFactory(person=person, type="arrival", from_country=None, to_country=country("FR"), country=None)
    EventFactory(person=person, type="deportation", from_country=country("KZ"), to_country=None, country=None)
    english = text(client.get(person.get_absolute_url()))
    assert "Arrival: France (from an unstated country)" in english
    assert "Deportation: Kazakhstan (to an unstated country)" in english
    assert "…" not in english.split("Timeline")[1].split("Sources")[0]
    russian = text(client.get(f"/ru{person.get_absolute_url()}"))
    assert "Прибытие: Франция (откуда — не указано)" in russian
    assert "Депортация: Казахстан (куда — не указано)" in russian


def test_the_place_of_an_event_needs_no_declension(client, db):
    person = PersonFactory()
    EventFactory(person=person, type="detention", from_country=None, to_country=None, country=country("ES"))
    assert "Задержание (Испания)" in text(client.get(f"/ru{person.get_absolute_url()}"))
    assert "в стране" not in text(client.get(f"/ru{person.get_absolute_url()}"))


def test_identical_quotes_share_one_footnote(client, db):
    person = PersonFactory()
    source = SourceFactory()
    for event in (EventFactory(person=person), EventFactory(person=person)):
        CitationFactory(source=source, record=event, quote="The same words.", locator="para. 4")
    CitationFactory(source=source, record=person, quote="Other words.", locator="para. 4")
    html = client.get(person.get_absolute_url()).content.decode()
    assert html.count("<blockquote") == 2
    assert html.count('href="#fn-2"') == 2  # both events point at the one note
    assert html.count('class="back"') == 3


def test_paragraph_locators_read_in_russian(client, article):
    html = client.get("/ru/cases/alexander/").content.decode()
    assert ", абз. 2</a>" in html
    assert "para. 2" not in html


def test_statistics_use_the_plural_each_count_needs(client, article):
    html = text(client.get("/statistics/"))
    assert "1 individual cases" not in html
    russian = text(client.get("/ru/statistics/"))
    assert "В Casework: 0 отдельных дел" in russian
    assert "В Casework: 1 человек, у которого записано: дезертирство или отказ воевать" in russian
    assert "Не учтено: 3 других дела," in russian
    assert russian.count("Casework: отдельных дел в Casework") == 0
