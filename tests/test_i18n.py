import re

import pytest
from django.conf import settings
from django.db.models import TextChoices
from django.utils import translation

from casework import dates, models, vocabularies

VOCABULARIES = [
    value
    for value in vars(vocabularies).values()
    if isinstance(value, type) and issubclass(value, TextChoices) and value is not TextChoices
]

pytestmark = pytest.mark.django_db


@pytest.fixture
def russian(client):
    """A reader of the Russian pages: the language is in the URL, nothing else."""

    class RussianClient:
        def get(self, path, *args, **kwargs):
            return client.get(f"/ru{path}", *args, **kwargs)

    return RussianClient()


def test_russian_pages_live_under_ru_and_english_at_the_root(client, article):
    html = client.get("/ru/").content.decode()
    assert '<html lang="ru">' in html
    assert "Дела военных дезертиров, ищущих убежища" in html
    assert "Перейти к содержанию" in html
    # The address decides, not the browser's preference: a shared link shows what was shared.
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ru")
    assert '<html lang="en">' in response.content.decode()
    assert "Accept-Language" not in response.get("Vary", "")


def test_language_switch_is_two_plain_links_to_the_same_page(client, article):
    html = client.get("/cases/alexander/?unused=1").content.decode()
    assert "<form" not in html.split("<main")[0]
    assert "setlang" not in html
    assert '<a href="/cases/alexander/?unused=1" hreflang="en" lang="en" aria-current="true">English</a>' in html
    assert '<a href="/ru/cases/alexander/?unused=1" hreflang="ru" lang="ru">Русский</a>' in html
    assert client.post("/i18n/setlang/", {"language": "ru"}).status_code == 404
    assert "Хронология" in client.get("/ru/cases/alexander/").content.decode()


def test_admin_and_api_are_not_prefixed_and_follow_accept_language(client, article):
    assert client.get("/ru/api/v1/").status_code == 404
    assert client.get("/ru/admin/").status_code == 404
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="ru")
    assert '<html lang="ru"' in response.content.decode()
    assert "Accept-Language" in response["Vary"]


def test_case_page_in_russian_translates_interface_dates_and_vocabularies(russian, article):
    html = russian.get("/cases/alexander/").content.decode()
    assert "Хронология" in html
    # Dates in the case a Russian sentence needs: "when?" in the timeline.
    assert "летом 2023 года" in html  # summer 2023
    assert "примерно с 2024 года по октябрь 2024 года" in html  # about 2024 to October 2024
    assert "Временная виза на время рассмотрения заявления" in html
    assert "Дезертирство" in html
    assert "Казахстан" in html  # country names per locale
    # Record text in the Russian its editors gave; quotes stay in the language of their source.
    assert "Дезертировал летом 2023 года." in html
    assert "Deserted in the summer of 2023." not in html
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
    assert "39 цитат" in home


def test_russian_filter_errors(russian, article):
    response = russian.get("/cases/", {"year": "abc"})
    assert response.status_code == 400
    assert "Некоторые значения фильтров неверны" in response.content.decode()


@pytest.mark.parametrize(
    "edtf, english, russian",
    [
        ("2023-22", "summer 2023", "лето 2023 года"),
        ("2022-12", "December 2022", "декабрь 2022 года"),
        ("2024-10-16", "16 October 2024", "16 октября 2024 года"),
        ("2024~", "about 2024", "около 2024 года"),
        ("2022/2023", "2022 to 2023", "с 2022 по 2023 год"),
        ("../2024-02", "by February 2024", "не позднее февраля 2024 года"),
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
    russian = client.get("/ru/statistics/").content.decode()
    assert "не менее 7\xa0400 дел" in russian


def test_record_text_is_marked_with_its_own_language_in_the_russian_interface(russian, article, settings):
    html = russian.get("/cases/alexander/").content.decode()
    assert '<html lang="ru">' in html
    assert "<p>Дезертировал летом 2023 года." in html
    # Where no Russian was given, the English is shown and read out as English.
    models.Event.objects.filter(slug="alexander-desertion").update(summary_ru="")
    assert '<p lang="en">Deserted in the summer of 2023.' in russian.get("/cases/alexander/").content.decode()
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
