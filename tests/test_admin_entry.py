"""Kinder entry: dates written in words get one short error with the EDTF to write,
autocomplete puts names that start with what was typed first, slugs make themselves,
labels read naturally."""

import pytest
from django.urls import reverse

from casework import models
from casework.vocabularies import Visibility
from tests.admin_helpers import change_url, form_data
from tests.factories import ChargeFactory, EventFactory, PersonFactory, ProsecutionFactory, country


@pytest.mark.parametrize(
    ("typed", "suggested", "reads"),
    [
        ("spring 2024", "2024-21", "spring 2024"),
        ("early 2026", "2026-01/2026-04", "January 2026 to April 2026"),
        ("circa 2025", "2025~", "about 2025"),
        ("16 October 2024", "2024-10-16", "16 October 2024"),
    ],
)
def test_a_date_in_words_is_refused_with_the_edtf_to_write(client, editor, typed, suggested, reads):
    event = EventFactory(visibility=Visibility.DRAFT, date="2023")
    client.force_login(editor)
    page = client.get(change_url(event))

    response = client.post(change_url(event), form_data(page, date=typed))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["date"]
    assert errors == [f"“{typed}” is not an EDTF date: write {suggested} (it reads as “{reads}”)."]
    event.refresh_from_db()
    assert event.date == "2023"


def test_a_date_with_no_reading_gets_the_full_help(client, editor):
    event = EventFactory(visibility=Visibility.DRAFT)
    client.force_login(editor)
    page = client.get(change_url(event))

    response = client.post(change_url(event), form_data(page, date="whenever"))

    assert "Write the date as precisely as the source gives it" in response.context["adminform"].form.errors["date"][0]


def test_autocomplete_ranks_names_that_start_with_the_term_first(client, editor):
    client.force_login(editor)

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "casework", "model_name": "event", "field_name": "country", "term": "rus"},
    )

    names = [result["text"] for result in response.json()["results"]]
    assert names[0] == "Russia"
    assert "Belarus" in names[1:]


def test_a_new_person_without_a_slug_gets_one_from_the_name_kept_unique(client, editor):
    PersonFactory(slug="dmitri", display_name="Dmitri")
    client.force_login(editor)
    add_url = reverse("admin:casework_person_add")
    page = client.get(add_url)
    assert not page.context["adminform"].form.fields["slug"].required

    response = client.post(
        add_url,
        form_data(
            page, slug="", display_name="Dmitri", citizenship="RU", military_background="soldier", situation="unknown"
        ),
    )

    assert response.status_code == 302
    assert set(models.Person.objects.values_list("slug", flat=True)) == {"dmitri", "dmitri-2"}


def test_new_events_on_the_person_page_get_slugs_from_subject_type_and_date(client, editor):
    person = PersonFactory(slug="ivan", display_name="Ivan", visibility=Visibility.DRAFT)
    client.force_login(editor)
    page = client.get(change_url(person))
    prefix = next(
        inline.formset.prefix
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is models.Event
    )
    data = form_data(page)
    data[f"{prefix}-TOTAL_FORMS"] = 2
    for row in (0, 1):
        data.update({f"{prefix}-{row}-type": "flight", f"{prefix}-{row}-date": "2023-22", f"{prefix}-{row}-slug": ""})

    response = client.post(change_url(person), data)

    assert response.status_code == 302
    assert sorted(person.events.values_list("slug", flat=True)) == ["ivan-flight-2023-22", "ivan-flight-2023-22-2"]


def test_a_prosecution_label_names_the_country_once(db):
    charge = ChargeFactory(name="Desertion", country=country("RU"))
    prosecution = ProsecutionFactory(
        defendant=PersonFactory(display_name="Dmitri"), charge=charge, country=country("RU")
    )

    assert str(prosecution) == "Dmitri: Desertion (RU)"


def test_vocabulary_gaps_of_the_first_real_case_are_filled(client, editor):
    person = PersonFactory(visibility=Visibility.DRAFT, situation="awaiting_decision")
    event = EventFactory(person=person, type="release", visibility=Visibility.DRAFT)
    client.force_login(editor)

    assert str(event).startswith("Release from detention: ")
    assert person.get_situation_display() == "Asylum seeker awaiting a decision in the host country"
    page = client.get(reverse("admin:casework_asylumoutcome_add")).content.decode()
    assert "Complementary protection (subsidiary, humanitarian)" in page
    assert "Subsidiary protection (the EU" in page


def test_the_change_form_shows_how_a_date_reads_as_the_editor_types(client, editor):
    event = EventFactory(visibility=Visibility.DRAFT)
    endpoint = reverse("admin:casework_event_edtf")
    assert client.get(endpoint, {"value": "2023-22"}).status_code == 302  # signed out
    client.force_login(editor)

    page = client.get(change_url(event)).content.decode()
    assert f'data-endpoint="{endpoint}"' in page
    assert "casework/admin/reads-as.js" in page

    assert client.get(endpoint, {"value": "2023-22"}).json() == {"reads_as": "reads as summer 2023"}
    assert client.get(endpoint, {"value": "spring 2024"}).json() == {
        "error": "“spring 2024” is not an EDTF date: write 2024-21 (it reads as “spring 2024”)."
    }
