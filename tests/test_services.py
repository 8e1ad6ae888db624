import pytest
from django.core.exceptions import PermissionDenied

from casework import models, services
from casework.vocabularies import Visibility
from tests.factories import CitationFactory, EventFactory, PersonFactory


def people(*visibilities):
    return [PersonFactory(visibility=visibility) for visibility in visibilities]


def all_persons():
    return models.Person.objects.all()


def test_submit_for_review_moves_only_drafts(editor):
    draft, other_draft, published = people(Visibility.DRAFT, Visibility.DRAFT, Visibility.PUBLISHED)

    result = services.records_submit_for_review(queryset=all_persons(), user=editor)

    assert result.changed == 2
    assert set(models.Person.objects.filter(visibility=Visibility.REVIEW)) == {draft, other_draft}
    published.refresh_from_db()
    assert published.visibility == Visibility.PUBLISHED


def test_staff_without_change_permission_cannot_submit(staff_without_group):
    (draft,) = people(Visibility.DRAFT)

    with pytest.raises(PermissionDenied):
        services.records_submit_for_review(queryset=all_persons(), user=staff_without_group)
    draft.refresh_from_db()
    assert draft.visibility == Visibility.DRAFT


def test_editor_cannot_publish(editor):
    (person,) = people(Visibility.REVIEW)
    CitationFactory(record=person)

    with pytest.raises(PermissionDenied):
        services.records_publish(queryset=all_persons(), user=editor)
    person.refresh_from_db()
    assert person.visibility == Visibility.REVIEW


def test_reviewer_publishes_cited_records_in_review_and_refuses_the_rest(reviewer):
    cited, uncited, draft = people(Visibility.REVIEW, Visibility.REVIEW, Visibility.DRAFT)
    CitationFactory(record=cited)
    CitationFactory(record=draft)

    result = services.records_publish(queryset=all_persons(), user=reviewer)

    assert result.changed == 1
    assert {obj for obj, _reason in result.refused} == {uncited, draft}
    reasons = dict(result.refused)
    assert "no citation" in reasons[uncited]
    assert "draft" in reasons[draft]
    assert set(models.Person.objects.public()) == {cited}


def test_unpublish_takes_a_record_off_every_public_path(reviewer):
    person = PersonFactory()
    EventFactory(person=person)
    assert models.Event.objects.public().count() == 1

    result = services.records_unpublish(queryset=all_persons(), user=reviewer)

    assert result.changed == 1
    person.refresh_from_db()
    assert person.visibility == Visibility.DRAFT
    assert not models.Event.objects.public().exists()


def test_return_to_draft_moves_records_in_review_back(editor):
    (person,) = people(Visibility.REVIEW)

    assert services.records_return_to_draft(queryset=all_persons(), user=editor).changed == 1
    person.refresh_from_db()
    assert person.visibility == Visibility.DRAFT


def test_each_step_is_recorded_in_history_with_who_and_why(editor, reviewer):
    person = PersonFactory(visibility=Visibility.DRAFT)
    CitationFactory(record=person)

    services.records_submit_for_review(queryset=all_persons(), user=editor)
    services.records_publish(queryset=all_persons(), user=reviewer)

    latest, previous = person.history.all()[:2]
    assert (latest.visibility, latest.history_user, latest.history_change_reason) == (
        Visibility.PUBLISHED,
        reviewer,
        "Published",
    )
    assert (previous.visibility, previous.history_user, previous.history_change_reason) == (
        Visibility.REVIEW,
        editor,
        "Submitted for review",
    )


def test_workflow_works_on_a_searched_queryset(reviewer):
    # The changelist hands actions a DISTINCT, joined queryset when searching; locking it
    # must not fail on PostgreSQL.
    person = PersonFactory(visibility=Visibility.REVIEW, display_name="Searchable")
    CitationFactory(record=person)
    queryset = models.Person.objects.select_related("citizenship").filter(display_name__icontains="search").distinct()

    assert services.records_publish(queryset=queryset, user=reviewer).changed == 1


def test_a_case_travels_with_its_subject_and_each_record_needs_a_citation(editor, reviewer):
    person = PersonFactory(visibility=Visibility.DRAFT)
    CitationFactory(record=person)
    cited_event = EventFactory(person=person, visibility=Visibility.DRAFT)
    CitationFactory(record=cited_event)
    uncited_event = EventFactory(person=person, visibility=Visibility.DRAFT)
    someone_elses = EventFactory(visibility=Visibility.DRAFT)

    submitted = services.records_submit_for_review(queryset=all_persons().filter(pk=person.pk), user=editor)
    published = services.records_publish(queryset=all_persons().filter(pk=person.pk), user=reviewer)

    assert (submitted.changed, submitted.carried) == (1, 2)
    assert (published.changed, published.carried) == (1, 1)
    assert [obj for obj, _reason in published.refused] == [uncited_event]
    assert list(models.Event.objects.public()) == [cited_event]
    someone_elses.refresh_from_db()
    assert someone_elses.visibility == Visibility.DRAFT
