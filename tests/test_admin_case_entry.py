"""An editor's path from a new report to a published case, through the admin only."""

from django.contrib.messages import get_messages
from django.urls import reverse

from casework import models
from casework.vocabularies import Visibility
from tests.admin_helpers import change_url, changelist_url, form_data
from tests.factories import CohortFactory, SourceFactory

CITATIONS = "casework-citation-content_type-object_id"


def add_case(client, source):
    add_url = reverse("admin:casework_person_add")
    page = client.get(add_url)
    data = form_data(
        page,
        slug="dmitri",
        display_name="Dmitri",
        citizenship="RU",
        military_background="contract_soldier",
        situation="in_transit_country",
        summary="Deserted and fled through Kazakhstan.",
        visibility=Visibility.DRAFT,
    )
    data.update(
        {
            f"{CITATIONS}-TOTAL_FORMS": 1,
            f"{CITATIONS}-0-source": source.pk,
            f"{CITATIONS}-0-quote": "Dmitri fled to Kazakhstan in the summer of 2023.",
            f"{CITATIONS}-0-locator": "para. 5",
            f"{CITATIONS}-0-connection": "media",
            "events-TOTAL_FORMS": 2,
            "events-0-slug": "dmitri-flight",
            "events-0-type": "flight",
            "events-0-date": "2023-22",
            "events-0-from_country": "RU",
            "events-0-to_country": "KZ",
            "events-1-slug": "dmitri-arrival",
            "events-1-type": "arrival",
            "events-1-date": "2024-02~",
            "events-1-country": "FR",
        }
    )
    return client.post(add_url, data)


def test_editor_adds_a_case_submits_it_and_a_reviewer_publishes_it(client, editor, reviewer):
    source = SourceFactory()
    client.force_login(editor)

    assert add_case(client, source).status_code == 302
    person = models.Person.objects.get(slug="dmitri")
    assert person.visibility == Visibility.DRAFT
    assert person.citations.get().locator == "para. 5"
    assert [event.date_display for event in person.events.order_by("slug")] == ["about February 2024", "summer 2023"]

    page = client.get(change_url(person)).content.decode()
    assert "summer 2023" in page
    assert "2023-22 summer" in page  # the help text says how to write a season

    client.post(changelist_url(models.Person), {"action": "submit_for_review", "_selected_action": [person.pk]})
    assert set(person.events.values_list("visibility", flat=True)) == {Visibility.REVIEW}
    # Each event needs its own citation before it can go public.
    flight = person.events.get(slug="dmitri-flight")
    page = client.get(change_url(flight))
    data = form_data(page)
    data.update(
        {
            f"{CITATIONS}-TOTAL_FORMS": 1,
            f"{CITATIONS}-0-source": source.pk,
            f"{CITATIONS}-0-quote": "Dmitri fled to Kazakhstan in the summer of 2023.",
            f"{CITATIONS}-0-connection": "media",
        }
    )
    assert client.post(change_url(flight), data).status_code == 302

    client.force_login(reviewer)
    response = client.post(
        changelist_url(models.Person), {"action": "publish", "_selected_action": [person.pk]}, follow=True
    )
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert "1 person published." in shown
    assert "1 record of their cases went along." in shown
    assert any("no citation" in message for message in shown)  # the arrival, still uncited
    assert models.Person.objects.public().get() == person
    assert list(models.Event.objects.public()) == [flight]

    history = [(record.history_user, record.visibility) for record in person.history.order_by("history_date")]
    assert history == [(editor, Visibility.DRAFT), (editor, Visibility.REVIEW), (reviewer, Visibility.PUBLISHED)]


def test_a_bad_edtf_date_is_a_form_error_that_says_how_to_write_one(client, editor):
    client.force_login(editor)
    event = models.Event.objects.create(
        slug="e", person=models.Person.objects.create(slug="p", display_name="P"), type="flight"
    )
    page = client.get(change_url(event))

    response = client.post(change_url(event), form_data(page, date="summer of 2023"))

    # A date in words now gets the one EDTF to write rather than the whole help.
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["date"][0]
    assert "not an EDTF date" in errors
    assert "write 2023-22" in errors

    response = client.post(change_url(event), form_data(page, date="sometime"))

    errors = response.context["adminform"].form.errors["date"][0]
    assert "2023-22 summer" in errors


def test_cohort_hub_takes_members_events_and_citations(client, editor):
    cohort = CohortFactory(name="Six soldiers", size=6)
    client.force_login(editor)

    page = client.get(change_url(cohort))

    prefixes = {inline.formset.prefix for inline in page.context["inline_admin_formsets"]}
    assert prefixes == {CITATIONS, "events", "asylum_outcomes"}
    assert "members" in page.context["adminform"].form.fields
