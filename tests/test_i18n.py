import re

import pytest
from django.conf import settings
from django.db.models import TextChoices
from django.urls import reverse
from django.utils import translation

from casework import dates, vocabularies

VOCABULARIES = [
    value
    for value in vars(vocabularies).values()
    if isinstance(value, type) and issubclass(value, TextChoices) and value is not TextChoices
]

pytestmark = pytest.mark.django_db


@pytest.fixture
def russian(client):
    client.cookies["django_language"] = "ru"
    return client


def test_russian_interface_by_accept_language(client, article):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<html lang="ru">' in html
    assert "Дела военных дезертиров, ищущих убежища" in html
    assert "Перейти к содержанию" in html


def test_language_switcher_is_a_form_that_works_without_script(client, article):
    html = client.get("/cases/alexander/").content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert 'name="language"' in html
    assert '<label for="language-select">' in html
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/cases/alexander/"})
    assert response.status_code == 302
    assert response["Location"] == "/cases/alexander/"
    assert "Хронология" in client.get("/cases/alexander/").content.decode()


def test_case_page_in_russian_translates_interface_dates_and_vocabularies(russian, article):
    html = russian.get(reverse("case-detail", kwargs={"slug": "alexander"})).content.decode()
    assert "Хронология" in html
    assert "лето 2023" in html  # summer 2023
    assert "около 2024" in html  # about 2024
    assert "Временная виза на время рассмотрения заявления" in html
    assert "Дезертирство" in html
    assert "Казахстан" in html  # country names per locale
    # Record text and quotes stay in the language they were written in.
    assert "Deserted in the summer of 2023." in html
    assert "It was the first time I could breathe fully" in html


def test_every_public_page_answers_in_russian(russian, article):
    expected = {
        "/": "Последние опубликованные дела",
        "/cases/": "Применить фильтры",
        "/cohorts/six-russian-soldiers-france-2024/": "Известны по имени",
        "/countries/kz/": "Депортации из этой страны",
        "/sources/six-russian-soldiers-granted-temporary-asylum-in-france-2024-10-16/": "Текст",
        "/statistics/": "Маршруты из страны в страну",
        "/about/": "Как цитировать",
        "/no-such-page/": "Страница не найдена",
    }
    for url, text in expected.items():
        assert text in russian.get(url).content.decode(), url


def test_russian_plurals(russian, article):
    html = russian.get("/cases/").content.decode()
    assert "4 дела" in html
    home = russian.get("/").content.decode()
    assert "33 цитаты" in home


def test_russian_filter_errors(russian, article):
    response = russian.get("/cases/", {"year": "abc"})
    assert response.status_code == 400
    assert "Некоторые значения фильтров неверны" in response.content.decode()


@pytest.mark.parametrize(
    "edtf, english, russian",
    [
        ("2023-22", "summer 2023", "лето 2023"),
        ("2022-12", "December 2022", "Декабрь 2022"),
        ("2024-10-16", "16 October 2024", "16 октября 2024"),
        ("2024~", "about 2024", "около 2024"),
        ("2022/2023", "2022 to 2023", "2022 — 2023"),
        ("../2024-02", "by February 2024", "не позднее: Февраль 2024"),
        ("2024-XX", "some time in 2024", "когда-то в 2024 году"),
    ],
)
def test_dates_render_per_locale(edtf, english, russian):
    with translation.override("en"):
        assert dates.display(edtf) == english
    with translation.override("ru"):
        assert dates.display(edtf) == russian


def test_every_vocabulary_label_has_a_russian_translation():
    for vocabulary in VOCABULARIES:
        for value, label in vocabulary.choices:
            with translation.override("en"):
                english = str(label)
            with translation.override("ru"):
                assert str(label) != english, f"{vocabulary.__name__}.{value} is not translated"


def test_figures_use_the_readers_number_format(client, article):
    assert "at least 7,400 cases" in client.get("/statistics/").content.decode()
    russian = client.get("/statistics/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "не менее 7\xa0400 дел" in russian


def test_record_text_is_marked_with_its_own_language_in_the_russian_interface(russian, article, settings):
    html = russian.get("/cases/alexander/").content.decode()
    assert '<html lang="ru">' in html
    assert '<p lang="en">Deserted in the summer of 2023.' in html
    settings.RECORD_LANGUAGE = "uk"
    assert '<p lang="uk">Deserted in the summer of 2023.' in russian.get("/cases/alexander/").content.decode()


def test_russian_catalogue_is_complete_and_compiled():
    po = settings.BASE_DIR / "locale" / "ru" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    entries = po.read_text(encoding="utf-8").split("\n\n")[1:]  # the first is the header
    # An empty msgstr not continued on the next line (long strings may wrap that way).
    empty = re.compile(r'^msgstr(\[\d\])? ""\n(?!")', flags=re.M)
    untranslated = [entry for entry in entries if empty.search(entry + "\n")]
    assert untranslated == []
    assert "#, fuzzy" not in po.read_text(encoding="utf-8")
    assert mo.exists()
    with translation.override("ru"):
        assert translation.gettext("Skip to content") == "Перейти к содержанию"
