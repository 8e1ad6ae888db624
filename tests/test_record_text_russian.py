"""Record text in Russian: written beside the English in the admin, kept in history and in
revisions, shown on the Russian pages, and the English, marked lang="en", where an editor
gave no Russian."""

import re

import pytest
from django.apps import apps
from django.urls import reverse

from casework import models
from casework.translations import TRANSLATED_FIELDS, in_language, translation_columns
from casework.vocabularies import Visibility
from tests.admin_helpers import change_url, form_data
from tests.factories import CitationFactory, CohortFactory, EventFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_every_translated_field_has_its_russian_column_in_the_model_and_its_history():
    for label, fields in TRANSLATED_FIELDS.items():
        model = apps.get_model(label)
        for field in fields:
            column = model._meta.get_field(f"{field}_ru")
            assert column.blank, column
            assert f"{field}_ru" in {f.name for f in model.history.model._meta.fields}


def test_the_rule_gives_russian_where_there_is_some_and_english_otherwise():
    person = PersonFactory.build(summary="Deserted.", summary_ru="Дезертировал.")
    assert in_language(person, "summary", "ru") == ("Дезертировал.", "ru")
    assert in_language(person, "summary", "ru-RU") == ("Дезертировал.", "ru")
    assert in_language(person, "summary", "en") == ("Deserted.", "en")
    person.summary_ru = "  "
    assert in_language(person, "summary", "ru") == ("Deserted.", "en")


@pytest.mark.parametrize(
    ("model", "pairs"),
    [
        (models.Person, [("summary", "summary_ru")]),
        (models.Cohort, [("name", "name_ru"), ("summary", "summary_ru")]),
        (models.Organization, [("name", "name_ru"), ("summary", "summary_ru")]),
        (models.Event, [("summary", "summary_ru")]),
        (models.AsylumOutcome, [("summary", "summary_ru")]),
        (models.Charge, [("name", "name_ru"), ("summary", "summary_ru")]),
        (models.Prosecution, [("sentence", "sentence_ru"), ("summary", "summary_ru")]),
        (models.Statistic, [("metric", "metric_ru"), ("wording", "wording_ru"), ("summary", "summary_ru")]),
        (models.CountryCondition, [("summary", "summary_ru")]),
        (models.Source, [("summary", "summary_ru")]),
    ],
)
def test_the_admin_sets_english_and_russian_side_by_side(client, superuser, model, pairs):
    client.force_login(superuser)
    page = client.get(reverse(f"admin:casework_{model._meta.model_name}_add"))
    assert page.status_code == 200
    rows = [
        tuple(field.field["name"] if field.is_readonly else field.field.name for field in line)
        for fieldset in page.context["adminform"]
        for line in fieldset
    ]
    for pair in pairs:
        assert pair in rows, (pair, rows)
    assert set(translation_columns(model)) == {russian for _english, russian in pairs}


def test_the_inlines_of_a_case_offer_the_russian_beside_the_english(client, superuser):
    client.force_login(superuser)
    page = client.get(reverse("admin:casework_person_add"))
    columns = {
        inline.formset.model: list(inline.formset.form.base_fields) for inline in page.context["inline_admin_formsets"]
    }
    events = columns[models.Event]
    assert events.index("summary_ru") == events.index("summary") + 1
    prosecutions = columns[models.Prosecution]
    assert prosecutions.index("sentence_ru") == prosecutions.index("sentence") + 1


def test_an_edit_of_the_russian_text_is_kept_in_history(client, editor):
    event = EventFactory(summary="Crossed into Kazakhstan.", visibility=Visibility.DRAFT)
    client.force_login(editor)
    page = client.get(change_url(event))

    client.post(change_url(event), form_data(page, summary_ru="Пересёк границу с Казахстаном."))

    assert event.history.first().summary_ru == "Пересёк границу с Казахстаном."
    assert event.history.last().summary_ru == ""
    history = client.get(reverse("admin:casework_event_history", args=[event.pk])).content.decode()
    assert "Пересёк границу с Казахстаном." in history


def test_a_change_to_the_russian_text_of_a_published_record_waits_for_review(client, editor, reviewer):
    person = PersonFactory(display_name="Dmitri", summary="Deserted in 2023.", summary_ru="Дезертировал в 2023 году.")
    CitationFactory(record=person, quote="He deserted in 2023.")
    client.force_login(editor)
    page = client.get(change_url(person))

    client.post(change_url(person), form_data(page, summary_ru="Дезертировал в 2022 году."))

    revision = models.Revision.objects.get()
    person.refresh_from_db()
    assert person.summary_ru == "Дезертировал в 2023 году."
    assert "Дезертировал в 2023 году." in client.get(f"/ru{person.get_absolute_url()}").content.decode()
    client.force_login(reviewer)
    review = client.get(reverse("admin:casework_revision_change", args=[revision.pk])).content.decode()
    assert "<ins>Дезертировал в 2022 году.</ins>" in review
    client.post(reverse("admin:casework_revision_change", args=[revision.pk]), {"_approve": "1"})
    person.refresh_from_db()
    assert person.summary_ru == "Дезертировал в 2022 году."
    assert person.history.first().summary_ru == "Дезертировал в 2022 году."


def test_a_russian_page_shows_the_russian_text_and_marks_the_english_it_falls_back_to(client):
    person = PersonFactory(display_name="Dmitri", summary="Deserted in 2023.", summary_ru="Дезертировал в 2023 году.")
    CitationFactory(record=person)
    EventFactory(person=person, summary="Crossed into Kazakhstan.", summary_ru="")
    cohort = CohortFactory(name="Six soldiers", name_ru="Шестеро военнослужащих", summary="Six fled.")
    CitationFactory(record=cohort)

    person_url, cohort_url = person.get_absolute_url(), cohort.get_absolute_url()
    russian = client.get(f"/ru{person_url}").content.decode()
    assert re.search(r'<p id="[^"]+">Дезертировал в 2023 году\.', russian)
    assert '<p lang="en">Crossed into Kazakhstan.' in russian
    english = client.get(person_url).content.decode()
    assert re.search(r'<p id="[^"]+">Deserted in 2023\.', english)
    assert "<p>Crossed into Kazakhstan." in english
    assert "Дезертировал" not in english

    page = client.get(f"/ru{cohort_url}").content.decode()
    assert "<h1>Шестеро военнослужащих</h1>" in page
    assert re.search(r'<p id="[^"]+" lang="en">Six fled\.', page)
    assert "<h1>Six soldiers</h1>" in client.get(cohort_url).content.decode()


def test_a_draft_records_russian_text_stays_off_the_russian_pages(client):
    person = PersonFactory(summary_ru="Черновик.", visibility=Visibility.DRAFT)
    CitationFactory(record=person)
    assert client.get(f"/ru{person.get_absolute_url()}").status_code == 404
    assert "Черновик." not in client.get("/ru/cases/").content.decode()
