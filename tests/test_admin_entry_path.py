"""The short path for a new case: from a new source's page straight to a case citing it, a
new case's page with rows ready to fill, and one button that saves and sends to review."""

from django.contrib.messages import get_messages
from django.urls import reverse

from casework import models
from casework.vocabularies import Visibility
from tests.admin_helpers import change_url, form_data, nested_formset, page_data
from tests.factories import EventFactory, PersonFactory, SourceFactory
from tests.test_admin_nested_citing import cited, new_rows

ADD_PERSON = reverse("admin:casework_person_add")


def test_a_new_source_leads_to_a_new_case_citing_it(client, editor):
    client.force_login(editor)
    add_url = reverse("admin:casework_source_add")
    page = client.get(add_url)

    response = client.post(add_url, form_data(page, title="A new report", date="2025-03", visibility="draft"))

    source = models.Source.objects.get(title="A new report")
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any(f'href="{ADD_PERSON}?cite={source.pk}"' in message for message in messages)


def test_every_new_citation_on_a_case_from_a_source_starts_with_it(client, editor):
    source = SourceFactory()
    client.force_login(editor)

    page = client.get(ADD_PERSON, {"cite": source.pk})

    assert page.status_code == 200
    hub = next(i.formset for i in page.context["inline_admin_formsets"] if i.formset.model is models.Citation)
    assert hub.forms[0]["source"].value() == source.pk
    assert nested_formset(page, models.Event, 0, models.Citation).forms[0]["source"].value() == source.pk
    assert nested_formset(page, models.Prosecution, 0, models.Citation).forms[0]["source"].value() == source.pk
    # A row left empty is not a citation: only the rows given a quote are saved.
    data = {
        **page_data(page, display_name="Pavel", citizenship="RU", visibility=Visibility.DRAFT),
        **new_rows(
            "events",
            [
                {"type": "desertion", "date": "2024-09", "country": "RU", "citations": [cited(source, "He left.")]},
                {
                    "type": "",
                    "date": "",
                    "country": "",
                    "citations": [{"source": source.pk, "quote": "", "locator": "", "connection": "unknown"}],
                },
            ],
        ),
    }
    assert client.post(f"{ADD_PERSON}?cite={source.pk}", data).status_code == 302
    event = models.Person.objects.get().events.get()
    assert event.citations.get().source == source


def test_a_wrong_cite_parameter_is_a_clear_400(client, editor):
    client.force_login(editor)

    for wrong in ("abc", "999999", "99999999999999999999999"):
        response = client.get(ADD_PERSON, {"cite": wrong})
        assert response.status_code == 400
        assert "cite" in response.content.decode()


def test_a_new_cases_page_comes_with_rows_to_fill(client, editor):
    client.force_login(editor)

    page = client.get(ADD_PERSON)

    counts = {i.formset.model: len(i.formset.forms) for i in page.context["inline_admin_formsets"]}
    assert counts[models.Event] == 3
    assert counts[models.AsylumOutcome] == 1
    assert counts[models.Prosecution] == 1
    person = PersonFactory(visibility=Visibility.DRAFT)
    page = client.get(change_url(person))
    counts = {i.formset.model: len(i.formset.forms) for i in page.context["inline_admin_formsets"]}
    assert counts[models.Event] == 0


def test_save_and_submit_for_review_sends_the_case_in_one_step(client, editor):
    person = PersonFactory(visibility=Visibility.DRAFT)
    event = EventFactory(person=person, visibility=Visibility.DRAFT)
    client.force_login(editor)
    page = client.get(change_url(person))
    assert 'name="_submit_for_review"' in page.content.decode()

    response = client.post(change_url(person), page_data(page, summary="Ready.", _submit_for_review="1"))

    assert response.status_code == 302
    assert response["Location"] == change_url(person)
    person.refresh_from_db()
    event.refresh_from_db()
    assert (person.summary, person.visibility, event.visibility) == ("Ready.", Visibility.REVIEW, Visibility.REVIEW)


def test_a_published_case_offers_no_submit_button(client, editor):
    person = PersonFactory()
    client.force_login(editor)

    assert 'name="_submit_for_review"' not in client.get(change_url(person)).content.decode()
