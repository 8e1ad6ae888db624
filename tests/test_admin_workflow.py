"""The workflow as editors and reviewers drive it: actions on the changelist, and the
visibility field on the change form, which obeys the same rules."""

import pytest
from django.contrib.messages import get_messages

from casework import models
from casework.vocabularies import Visibility
from tests.admin_helpers import change_url, changelist_url, form_data
from tests.factories import CitationFactory, EventFactory, PersonFactory


def run_action(client, model, action, objs):
    return client.post(
        changelist_url(model),
        {"action": action, "_selected_action": [obj.pk for obj in objs]},
        follow=True,
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def visibility(obj) -> str:
    obj.refresh_from_db()
    return obj.visibility


def test_editor_submits_for_review_and_is_told_how_many(client, editor):
    drafts = [PersonFactory(visibility=Visibility.DRAFT) for _ in range(2)]
    published = PersonFactory()
    client.force_login(editor)

    response = run_action(client, models.Person, "submit_for_review", [*drafts, published])

    assert "2 persons submitted for review." in messages_of(response)
    assert [visibility(obj) for obj in drafts] == [Visibility.REVIEW, Visibility.REVIEW]
    assert visibility(published) == Visibility.PUBLISHED


def test_editor_cannot_run_the_publish_action(client, editor):
    person = PersonFactory(visibility=Visibility.REVIEW)
    CitationFactory(record=person)
    client.force_login(editor)

    run_action(client, models.Person, "publish", [person])

    assert visibility(person) == Visibility.REVIEW


def test_reviewer_publishes_and_is_told_what_was_refused(client, reviewer):
    cited = PersonFactory(visibility=Visibility.REVIEW, display_name="Cited")
    uncited = PersonFactory(visibility=Visibility.REVIEW, display_name="Uncited")
    CitationFactory(record=cited)
    client.force_login(reviewer)

    response = run_action(client, models.Person, "publish", [cited, uncited])

    shown = messages_of(response)
    assert "1 person published." in shown
    assert any("“Uncited”" in message and "no citation" in message for message in shown)
    assert (visibility(cited), visibility(uncited)) == (Visibility.PUBLISHED, Visibility.REVIEW)


def test_reviewer_unpublishes_events(client, reviewer):
    events = [EventFactory() for _ in range(3)]
    client.force_login(reviewer)

    response = run_action(client, models.Event, "unpublish", events[:2])

    assert "2 events unpublished." in messages_of(response)
    assert [visibility(event) for event in events] == [Visibility.DRAFT, Visibility.DRAFT, Visibility.PUBLISHED]


def test_editor_cannot_publish_by_editing_the_field(client, editor):
    person = PersonFactory(visibility=Visibility.REVIEW)
    CitationFactory(record=person)
    client.force_login(editor)
    page = client.get(change_url(person))
    assert Visibility.PUBLISHED not in dict(page.context["adminform"].form.fields["visibility"].choices)

    response = client.post(change_url(person), form_data(page, visibility=Visibility.PUBLISHED))

    assert response.status_code == 200
    assert "visibility" in response.context["adminform"].form.errors
    assert visibility(person) == Visibility.REVIEW


def test_editor_cannot_unpublish_by_editing_the_field(client, editor):
    person = PersonFactory()
    client.force_login(editor)
    page = client.get(change_url(person))
    assert "visibility" not in page.context["adminform"].form.fields

    client.post(change_url(person), form_data(page, visibility=Visibility.DRAFT, summary="Edited"))

    # The edit itself now waits for review as a revision (tests/test_admin_revisions.py),
    # and the revision carries no visibility.
    person.refresh_from_db()
    assert (person.visibility, person.summary) == (Visibility.PUBLISHED, "")
    revision = models.Revision.objects.get()
    assert revision.data["summary"] == ["Edited"]
    assert "visibility" not in revision.data


def test_editor_may_submit_through_the_field(client, editor):
    person = PersonFactory(visibility=Visibility.DRAFT)
    client.force_login(editor)
    page = client.get(change_url(person))

    client.post(change_url(person), form_data(page, visibility=Visibility.REVIEW))

    assert visibility(person) == Visibility.REVIEW


@pytest.mark.parametrize(("cited", "expected"), [(True, Visibility.PUBLISHED), (False, Visibility.REVIEW)])
def test_reviewer_publishing_through_the_field_obeys_the_citation_rule(client, reviewer, cited, expected):
    person = PersonFactory(visibility=Visibility.REVIEW, display_name="Nikolai")
    if cited:
        CitationFactory(record=person)
    client.force_login(reviewer)
    page = client.get(change_url(person))

    response = client.post(change_url(person), form_data(page, visibility=Visibility.PUBLISHED), follow=True)

    assert visibility(person) == expected
    if not cited:
        assert any("no citation" in message for message in messages_of(response))


def test_a_citation_added_in_the_same_save_counts_for_publishing(client, reviewer):
    person = PersonFactory(visibility=Visibility.REVIEW)
    source = CitationFactory().source
    client.force_login(reviewer)
    page = client.get(change_url(person))
    prefix = "casework-citation-content_type-object_id"
    data = form_data(page, visibility=Visibility.PUBLISHED)
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": 1,
            f"{prefix}-0-source": source.pk,
            f"{prefix}-0-quote": "He fled in the summer of 2023.",
            f"{prefix}-0-locator": "para. 4",
            f"{prefix}-0-connection": "media",
        }
    )

    client.post(change_url(person), data)

    assert person.citations.count() == 1
    assert visibility(person) == Visibility.PUBLISHED
