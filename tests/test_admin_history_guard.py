"""History reads for those who may not write: no revert without the change permission, no
revert of what the public sees without a reviewer, no restricted value brought back unseen,
and deleted records recovered with their case by reviewers only."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from casework import models
from casework.vocabularies import Visibility
from tests.admin_helpers import change_url, changelist_url, form_data
from tests.factories import (
    AsylumOutcomeFactory,
    CitationFactory,
    CohortFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    ProsecutionFactory,
    SourceFactory,
    UserFactory,
)


def version_url(obj, version) -> str:
    return reverse(f"admin:casework_{obj._meta.model_name}_simple_history", args=[obj.pk, version.history_id])


def deleted_url(model) -> str:
    return reverse(f"admin:casework_{model._meta.model_name}_deleted")


def recover_url(model, pk) -> str:
    return reverse(f"admin:casework_{model._meta.model_name}_recover", args=[pk])


def grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="casework", codename__in=codenames))
    return user


@pytest.fixture
def viewer(db):
    """Staff who may look at people and their history, and change nothing."""
    return grant(UserFactory(username="viewer"), "view_person", "view_citation", "view_source")


def test_a_view_only_user_cannot_revert_through_the_history_form(client, viewer):
    person = PersonFactory(summary="Deserted in 2023.")
    CitationFactory(record=person)
    first = person.history.first()
    person.summary = "Current summary."
    person.save()
    client.force_login(viewer)

    page = client.get(version_url(person, first))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = client.post(version_url(person, first), form_data(page))

    assert response.status_code == 403
    person.refresh_from_db()
    assert person.summary == "Current summary."
    assert person.history.count() == 2


def test_an_editor_cannot_revert_a_published_record(client, editor):
    person = PersonFactory(summary="Deserted in 2023.")
    CitationFactory(record=person)
    first = person.history.first()
    person.summary = "Reviewed and published summary."
    person.save()
    client.force_login(editor)

    page = client.get(version_url(person, first))
    response = client.post(version_url(person, first), form_data(page))

    assert response.status_code == 403
    person.refresh_from_db()
    assert person.summary == "Reviewed and published summary."


def test_an_editor_cannot_revert_the_citation_of_a_published_record(client, editor):
    citation = CitationFactory(record=PersonFactory(), quote="The exact passage.")
    first = citation.history.first()
    citation.quote = "The corrected passage."
    citation.save()
    client.force_login(editor)

    page = client.get(version_url(citation, first))
    response = client.post(version_url(citation, first), form_data(page))

    assert response.status_code == 403
    citation.refresh_from_db()
    assert citation.quote == "The corrected passage."


def test_an_editor_still_reverts_a_draft(client, editor):
    person = PersonFactory(summary="First.", visibility=Visibility.DRAFT)
    first = person.history.first()
    person.summary = "Second."
    person.save()
    client.force_login(editor)

    page = client.get(version_url(person, first))
    response = client.post(version_url(person, first), form_data(page))

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.summary == "First."


def test_a_reviewer_reverts_a_published_record(client, reviewer):
    person = PersonFactory(summary="First.")
    CitationFactory(record=person)
    first = person.history.first()
    person.summary = "Second."
    person.save()
    client.force_login(reviewer)

    page = client.get(version_url(person, first))
    response = client.post(version_url(person, first), form_data(page))

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.summary, person.visibility) == ("First.", Visibility.PUBLISHED)


def deleted_case(client, reviewer):
    """A published person with a case, deleted by a reviewer through the admin."""
    source = SourceFactory()
    organization = OrganizationFactory()
    person = PersonFactory(display_name="Ivan", current_location="Erased safe house", legal_name="Ivan Petrov")
    CitationFactory(record=person, source=source)
    event = EventFactory(person=person)
    event.organizations.add(organization)
    CitationFactory(record=event, source=source)
    outcome = AsylumOutcomeFactory(person=person)
    CitationFactory(record=outcome, source=source)
    prosecution = ProsecutionFactory(defendant=person)
    CitationFactory(record=prosecution, source=source)
    cohort = CohortFactory()
    cohort.members.add(person)
    person.current_location = ""
    person.save()
    client.force_login(reviewer)
    response = client.post(reverse("admin:casework_person_delete", args=[person.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not models.Person.objects.filter(pk=person.pk).exists()
    assert not models.Event.objects.exists()
    return person, cohort, organization


def test_a_deleted_person_cannot_be_brought_back_through_the_history_form(client, reviewer):
    person, _cohort, _organization = deleted_case(client, reviewer)
    earliest = models.Person.history.filter(id=person.pk).order_by("history_date").first()

    page = client.get(version_url(person, earliest))
    response = client.post(version_url(person, earliest), form_data(page))

    assert response.status_code == 403
    assert not models.Person.objects.filter(pk=person.pk).exists()


def test_a_reviewer_recovers_a_deleted_person_with_their_case_but_no_restricted_value(client, reviewer):
    person, cohort, organization = deleted_case(client, reviewer)
    listing = client.get(deleted_url(models.Person))
    assert listing.status_code == 200
    assert "<td>Ivan</td>" in listing.content.decode()
    assert "Petrov" not in listing.content.decode()
    assert deleted_url(models.Person) in client.get(changelist_url(models.Person)).content.decode()

    response = client.post(recover_url(models.Person, person.pk))

    assert response.status_code == 302
    recovered = models.Person.objects.get(pk=person.pk)
    assert (recovered.legal_name, recovered.current_location) == ("", "")
    assert recovered.visibility == Visibility.REVIEW
    assert recovered.events.get().organizations.get() == organization
    assert recovered.asylum_outcomes.count() == 1
    assert recovered.prosecutions.count() == 1
    assert list(cohort.members.all()) == [recovered]
    assert models.Citation.objects.count() == 4
    assert models.Person.objects.public().count() == 0
    assert recovered.history.first().history_user == reviewer
    assert "Recovered" in (recovered.history.first().history_change_reason or "")
    assert "<td>Ivan</td>" not in client.get(deleted_url(models.Person)).content.decode()


def test_a_reviewer_who_may_see_restricted_values_recovers_them_as_last_saved(client, reviewer):
    grant(reviewer, "view_restricted")
    person, _cohort, _organization = deleted_case(client, reviewer)

    client.post(recover_url(models.Person, person.pk))

    recovered = models.Person.objects.get(pk=person.pk)
    # The location was erased before the deletion; it stays erased.
    assert (recovered.legal_name, recovered.current_location) == ("Ivan Petrov", "")


def test_editors_cannot_list_or_recover_deleted_records(client, editor, reviewer):
    person, _cohort, _organization = deleted_case(client, reviewer)
    client.force_login(editor)

    assert client.get(deleted_url(models.Person)).status_code == 403
    assert client.post(recover_url(models.Person, person.pk)).status_code == 403
    assert deleted_url(models.Person) not in client.get(changelist_url(models.Person)).content.decode()
    assert not models.Person.objects.filter(pk=person.pk).exists()


def test_recovering_a_record_that_is_not_deleted_is_refused_with_a_message(client, reviewer):
    person = PersonFactory()
    client.force_login(reviewer)

    response = client.post(recover_url(models.Person, person.pk), follow=True)

    assert "There is no deleted record" in response.content.decode()


def test_a_recovered_record_whose_slug_was_taken_is_refused(client, reviewer):
    person, _cohort, _organization = deleted_case(client, reviewer)
    PersonFactory(slug=person.slug)

    response = client.post(recover_url(models.Person, person.pk), follow=True)

    assert "is used by another record" in response.content.decode()
    assert models.Person.objects.filter(slug=person.slug).count() == 1
    assert not models.Event.objects.exists()


def test_a_membership_added_on_the_person_page_is_recovered_with_the_person(client, editor, reviewer):
    person = PersonFactory(visibility=Visibility.DRAFT)
    cohort = CohortFactory()
    client.force_login(editor)
    page = client.get(change_url(person))
    prefix = next(
        inline.formset.prefix
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is models.Cohort.members.through
    )
    data = form_data(page)
    data.update({f"{prefix}-TOTAL_FORMS": 1, f"{prefix}-0-cohort": cohort.pk})
    assert client.post(change_url(person), data).status_code == 302
    assert list(cohort.members.all()) == [person]

    client.force_login(reviewer)
    client.post(reverse("admin:casework_person_delete", args=[person.pk]), {"post": "yes"})
    assert not cohort.members.exists()
    client.post(recover_url(models.Person, person.pk))

    assert list(cohort.members.all()) == [models.Person.objects.get(pk=person.pk)]


def test_recovery_brings_back_what_the_same_delete_removed_whatever_the_gap(client, reviewer):
    """Tied to the delete itself, not to the clock: a slow delete (here its rows five minutes
    apart) brings its whole case back, and an event deleted on its own half a minute before
    its person stays deleted."""
    person = PersonFactory(display_name="Oleg")
    CitationFactory(record=person)
    alone = EventFactory(person=person, slug="deleted-on-its-own")
    CitationFactory(record=alone)
    with_person = EventFactory(person=person, slug="deleted-with-the-person")
    CitationFactory(record=with_person, quote="Went with the person.")
    client.force_login(reviewer)
    assert client.post(reverse("admin:casework_event_delete", args=[alone.pk]), {"post": "yes"}).status_code == 302
    assert client.post(reverse("admin:casework_person_delete", args=[person.pk]), {"post": "yes"}).status_code == 302
    # A slow delete: the person's own row written five minutes after its case's rows; and
    # the event deleted on its own, half a minute before the person's row.
    finished = models.Person.history.get(id=person.pk, history_type="-").history_date + timedelta(minutes=5)
    models.Person.history.filter(id=person.pk, history_type="-").update(history_date=finished)
    models.Event.history.filter(id=alone.pk, history_type="-").update(history_date=finished - timedelta(seconds=30))

    assert client.post(recover_url(models.Person, person.pk)).status_code == 302

    recovered = models.Person.objects.get(pk=person.pk)
    assert list(recovered.events.values_list("slug", flat=True)) == ["deleted-with-the-person"]
    assert list(recovered.events.get().citations.values_list("quote", flat=True)) == ["Went with the person."]
    assert not models.Event.objects.filter(pk=alone.pk).exists()


def test_every_row_one_delete_removes_carries_one_deletion_mark(client, reviewer):
    person = PersonFactory()
    event = EventFactory(person=person)
    CitationFactory(record=event)
    other = PersonFactory()
    client.force_login(reviewer)

    client.post(reverse("admin:casework_person_delete", args=[person.pk]), {"post": "yes"})
    client.post(reverse("admin:casework_person_delete", args=[other.pk]), {"post": "yes"})

    reasons = {
        *models.Person.history.filter(id=person.pk, history_type="-").values_list("history_change_reason", flat=True),
        *models.Event.history.filter(id=event.pk, history_type="-").values_list("history_change_reason", flat=True),
        *models.Citation.history.filter(object_id=event.pk, history_type="-").values_list(
            "history_change_reason", flat=True
        ),
    }
    (reason,) = reasons
    assert re.fullmatch(r"Deleted \[deletion [0-9a-f]{32}\]", reason or "")
    other_reason = models.Person.history.get(id=other.pk, history_type="-").history_change_reason
    assert other_reason.startswith("Deleted [deletion ") and other_reason != reason
