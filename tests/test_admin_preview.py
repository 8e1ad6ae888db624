"""Staff preview a case page as it would look once published; nobody else ever reaches it
(privacy: anonymous visitors and staff who may not view the record get no trace of it)."""

import pytest
from django.urls import reverse

from casework.vocabularies import Visibility
from tests.admin_helpers import change_url
from tests.factories import CitationFactory, CohortFactory, EventFactory, PersonFactory, SourceFactory, UserFactory


def preview_url(obj) -> str:
    return reverse(f"admin:casework_{obj._meta.model_name}_preview", args=[obj.pk])


@pytest.fixture
def draft_case(db):
    person = PersonFactory(display_name="Unpublished Ivan", summary="Deserted in spring.", visibility=Visibility.REVIEW)
    source = SourceFactory(title="Draft report", visibility=Visibility.DRAFT)
    CitationFactory(record=person, source=source, quote="Ivan deserted in spring.")
    ready = EventFactory(person=person, summary="Crossed into Kazakhstan.", visibility=Visibility.REVIEW)
    CitationFactory(record=ready, source=source, quote="He crossed into Kazakhstan.")
    EventFactory(person=person, summary="Unchecked rumour.", visibility=Visibility.DRAFT)
    return person


def test_staff_preview_a_case_as_it_would_look_once_published(client, editor, draft_case):
    client.force_login(editor)

    response = client.get(preview_url(draft_case))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Unpublished Ivan" in page
    assert "Crossed into Kazakhstan." in page
    assert "He crossed into Kazakhstan." in page
    assert "Draft report" in page
    assert "Unchecked rumour." not in page
    assert 'class="preview-banner"' in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert preview_url(draft_case) in client.get(change_url(draft_case)).content.decode()


def test_the_preview_never_reaches_anonymous_visitors_or_staff_who_may_not_view(client, draft_case):
    response = client.get(preview_url(draft_case))
    assert response.status_code == 302
    assert "/login/" in response.url
    assert "Unpublished Ivan" not in response.content.decode()

    client.force_login(UserFactory(username="staff-without-permissions"))
    response = client.get(preview_url(draft_case))
    assert response.status_code == 403
    assert "Unpublished Ivan" not in response.content.decode()

    client.logout()
    assert client.get(draft_case.get_absolute_url()).status_code == 404


def test_a_cohort_is_previewed_with_its_members_in_review(client, editor):
    member = PersonFactory(display_name="Member in review", visibility=Visibility.REVIEW)
    cohort = CohortFactory(name="Six soldiers", visibility=Visibility.DRAFT)
    cohort.members.add(member)
    client.force_login(editor)

    page = client.get(preview_url(cohort)).content.decode()

    assert "Six soldiers" in page
    assert "Member in review" in page
