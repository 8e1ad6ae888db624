"""Record text in the API: English unless ?lang=ru or Accept-Language: ru asks for Russian,
then the Russian the editors gave, English field by field where they gave none, with
text_language saying which is which."""

import pytest

from casework.models import Cohort, Event

pytestmark = pytest.mark.django_db
API = "/api/v1/"
COHORT = "six-russian-soldiers-france-2024"


def test_without_a_language_the_api_gives_the_english_it_always_gave(client, article):
    person = client.get(f"{API}persons/alexander/").json()
    assert person["summary"].startswith("Russian soldier who deserted in the summer of 2023.")
    assert person["text_language"] == {"summary": "en"}
    assert "summary_ru" not in person


@pytest.mark.parametrize("asking", [{"data": {"lang": "ru"}}, {"HTTP_ACCEPT_LANGUAGE": "ru-RU,ru;q=0.9"}])
def test_lang_or_accept_language_gives_the_russian(client, article, asking):
    response = client.get(f"{API}cohorts/{COHORT}/", **asking)
    cohort = response.json()
    assert cohort["name"] == "Шестеро российских военных, получивших временные визы во Франции"
    assert cohort["summary"].startswith("Шестеро российских военных, бежавших от войны в Украине")
    assert cohort["text_language"] == {"name": "ru", "summary": "ru"}
    assert response["Content-Language"] == "ru"
    assert "Accept-Language" in response["Vary"]
    organizations = client.get(f"{API}organizations/", **asking).json()["results"]
    assert {o["slug"]: o["name"] for o in organizations}["go-by-the-forest"] == "«Идите лесом»"


def test_lang_overrides_the_header_and_falls_back_to_english_field_by_field(client, article):
    Cohort.objects.filter(slug=COHORT).update(summary_ru="")
    cohort = client.get(f"{API}cohorts/{COHORT}/", {"lang": "ru"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert cohort["name"].startswith("Шестеро")
    assert cohort["summary"].startswith("Six Russian soldiers who fled the war in Ukraine")
    assert cohort["text_language"] == {"name": "ru", "summary": "en"}
    english = client.get(f"{API}cohorts/{COHORT}/", {"lang": "en"}, HTTP_ACCEPT_LANGUAGE="ru").json()
    assert english["name"] == "Six Russian soldiers granted temporary visas in France"
    assert english["text_language"] == {"name": "en", "summary": "en"}


def test_lists_csv_and_nested_records_follow_the_language(client, article):
    events = client.get(f"{API}events/", {"lang": "ru", "person": "alexander", "page_size": 100}).json()
    assert {e["slug"]: e["summary"] for e in events["results"]}["alexander-desertion"] == (
        "Дезертировал летом 2023 года."
    )
    timeline = client.get(f"{API}persons/alexander/", {"lang": "ru"}).json()
    assert "Дезертировал летом 2023 года." in [event["summary"] for event in timeline["timeline"]]
    assert timeline["cohorts"][0]["name"].startswith("Шестеро")
    response = client.get(f"{API}charges/", {"lang": "ru", "format": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert "Дезертирство" in body
    assert "text_language" in body.splitlines()[0]


def test_an_unknown_language_is_a_400_naming_lang(client, article):
    for value in ("xx", "ru-RU", "RU"):
        response = client.get(f"{API}persons/", {"lang": value})
        assert response.status_code == 400
        error = response.json()["errors"][0]
        assert error["attr"] == "lang"
        assert "en, ru" in error["detail"]
    assert client.get(f"{API}persons/", {"lang": ""}).json()["errors"][0]["attr"] == "lang"


def test_a_draft_records_russian_text_stays_out_of_the_api(client, article):
    Event.objects.filter(slug="alexander-desertion").update(visibility="draft", summary_ru="Черновик дела")
    body = client.get(f"{API}events/", {"lang": "ru", "page_size": 100}).content.decode()
    assert "Черновик дела" not in body
    assert client.get(f"{API}events/alexander-desertion/", {"lang": "ru"}).status_code == 404


def test_lang_is_in_the_schema_of_every_record_operation(client, db):
    schema = client.get(f"{API}schema/", {"format": "json"}).json()
    for path, operations in schema["paths"].items():
        if path in (f"{API}", f"{API}schema/"):
            continue
        for method, operation in operations.items():
            names = [parameter["name"] for parameter in operation.get("parameters", [])]
            assert "lang" in names, (path, method)
    lang = next(p for p in schema["paths"][f"{API}persons/"]["get"]["parameters"] if p["name"] == "lang")
    assert lang["schema"]["enum"] == ["en", "ru"]
    assert "text_language" in schema["components"]["schemas"]["Cohort"]["properties"]


def test_search_finds_records_by_their_russian_text(client, article):
    # Full-text search on PostgreSQL, a substring match on SQLite: both read the _ru columns.
    found = client.get(f"{API}organizations/", {"search": "лесом"}).json()["results"]
    assert [o["slug"] for o in found] == ["go-by-the-forest"]
    found = client.get(f"{API}persons/", {"search": "выследят"}).json()["results"]
    assert [p["slug"] for p in found] == ["alexander"]
    page = client.get("/ru/cases/", {"q": "выследят"}).content.decode()
    assert "/ru/cases/alexander/" in page
    assert "/ru/cases/mikhail-zhilin/" not in page
