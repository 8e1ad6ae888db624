"""Every change is recorded with who, when and what, shown as a diff, and revertible."""

from django.urls import reverse

from casework import models
from casework.vocabularies import Visibility
from tests.admin_helpers import change_url, form_data
from tests.factories import CitationFactory, EventFactory, PersonFactory


def history_url(obj) -> str:
    return reverse(f"admin:casework_{obj._meta.model_name}_history", args=[obj.pk])


def version_url(obj, version) -> str:
    return reverse(f"admin:casework_{obj._meta.model_name}_simple_history", args=[obj.pk, version.history_id])


def test_an_edit_is_recorded_with_who_and_shown_as_a_diff(client, editor):
    # A draft: an editor's change to a published event waits for review as a revision
    # (tests/test_admin_revisions.py), so it would not be in the event's history yet.
    event = EventFactory(summary="Crossed into Kazakhstan.", visibility=Visibility.DRAFT)
    client.force_login(editor)
    page = client.get(change_url(event))

    client.post(change_url(event), form_data(page, summary="Crossed into Armenia.", date="2023-23"))

    latest = event.history.first()
    assert latest.history_user == editor
    history = client.get(history_url(event)).content.decode()
    assert "Crossed into Kazakhstan. &nbsp;&rarr;&nbsp;&nbsp;Crossed into Armenia." in " ".join(history.split())
    assert "2023-22" in history
    assert "2023-23" in history


def test_a_reviewer_reverts_an_edit_from_the_history_page(client, editor, reviewer):
    person = PersonFactory(summary="Deserted in 2023.", visibility=Visibility.DRAFT)
    original = person.history.first()
    client.force_login(editor)
    page = client.get(change_url(person))
    client.post(change_url(person), form_data(page, summary="Wrong summary."))
    person.refresh_from_db()
    assert person.summary == "Wrong summary."

    client.force_login(reviewer)
    version_page = client.get(version_url(person, original))
    assert version_page.status_code == 200
    response = client.post(version_url(person, original), form_data(version_page))

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.summary == "Deserted in 2023."
    assert person.history.first().history_user == reviewer
    assert person.history.count() == 3


def test_reverting_to_a_published_version_still_needs_the_publish_permission(client, editor):
    person = PersonFactory()
    CitationFactory(record=person)
    published_version = person.history.first()
    person.visibility = Visibility.DRAFT
    person.save()
    client.force_login(editor)

    version_page = client.get(version_url(person, published_version))
    client.post(version_url(person, published_version), form_data(version_page))

    person.refresh_from_db()
    assert person.visibility == Visibility.DRAFT


def test_submitting_and_publishing_both_show_in_the_history(client, editor, reviewer):
    person = PersonFactory(visibility=Visibility.DRAFT, display_name="Alexander")
    CitationFactory(record=person)
    for user, action in ((editor, "submit_for_review"), (reviewer, "publish")):
        client.force_login(user)
        client.post(reverse("admin:casework_person_changelist"), {"action": action, "_selected_action": [person.pk]})

    history = " ".join(client.get(history_url(person)).content.decode().split())
    assert "Submitted for review" in history
    assert "Published" in history
    assert "In review &nbsp;&rarr;&nbsp;&nbsp;Published" in history
    assert "Draft &nbsp;&rarr;&nbsp;&nbsp;In review" in history
    assert models.Person.objects.public().get() == person


def test_an_editor_reverting_does_not_bring_back_restricted_values_they_cannot_see(client, editor):
    person = PersonFactory(visibility=Visibility.DRAFT, summary="First.", current_location="Old safe house")
    first = person.history.first()
    person.current_location = ""
    person.summary = "Second."
    person.save()
    client.force_login(editor)

    version_page = client.get(version_url(person, first))
    client.post(version_url(person, first), form_data(version_page))

    person.refresh_from_db()
    assert (person.summary, person.current_location) == ("First.", "")
