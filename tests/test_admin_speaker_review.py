"""A speaker named in a published record's footnotes changes only through a reviewer: an
editor's change waits as a revision, the reviewer's desk lists it, the public footnote and
the API keep the reviewed name until it is approved, and history names both."""

import re

import pytest
from django.urls import reverse

from casework import models
from casework.models import RevisionState
from casework.vocabularies import Visibility
from tests.admin_helpers import change_url, form_data
from tests.factories import CitationFactory, OrganizationFactory, PersonFactory, SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def revision_url(revision) -> str:
    return reverse("admin:casework_revision_change", args=[revision.pk])


def version_url(obj, version) -> str:
    return reverse(f"admin:casework_{obj._meta.model_name}_simple_history", args=[obj.pk, version.history_id])


@pytest.fixture
def quoted():
    """A published person whose footnote quotes Anna K. for Counsel."""
    speaker = SpeakerFactory(name="Anna K.", role="lawyer", organization=OrganizationFactory(name="Counsel"))
    person = PersonFactory()
    CitationFactory(record=person, source=SourceFactory(publisher="The Daily"), speaker=speaker)
    return person, speaker


def shown(client, person) -> tuple[str, dict]:
    page = text(client.get(person.get_absolute_url()))
    api = client.get(f"/api/v1/persons/{person.slug}/").json()["citations"][0]["speaker"]
    return page, api


def propose(client, editor, speaker, **changes):
    client.force_login(editor)
    page = client.get(change_url(speaker))
    return client.post(change_url(speaker), form_data(page, **changes))


def test_an_editors_change_to_a_quoted_speaker_waits_for_a_reviewer(client, editor, reviewer, quoted):
    person, speaker = quoted

    response = propose(client, editor, speaker, name="Someone Else", role="director")

    revision = models.Revision.objects.get()
    assert response.status_code == 302 and response.url == revision_url(revision)
    assert (revision.record, revision.proposed_by, revision.state) == (speaker, editor, RevisionState.PENDING)
    speaker.refresh_from_db()
    assert (speaker.name, speaker.role) == ("Anna K.", "lawyer")
    assert speaker.history.count() == 1
    client.logout()
    page, api = shown(client, person)
    assert "According to Counsel (Anna K., lawyer), reported by The Daily." in page
    assert "Someone Else" not in page
    assert api["name"] == "Anna K." and api["role"] == "lawyer"

    client.force_login(reviewer)
    review = text(client.get(revision_url(revision)))
    assert "<th>Name</th><td><del>Anna K.</del></td><td><ins>Someone Else</ins></td>" in review
    client.post(revision_url(revision), {"_approve": "1"})

    speaker.refresh_from_db()
    assert (speaker.name, speaker.role) == ("Someone Else", "director")
    assert speaker.history.first().history_user == reviewer
    assert speaker.history.first().history_change_reason == "Revision by editor approved by reviewer"
    client.logout()
    page, api = shown(client, person)
    assert "According to Counsel (Someone Else, director), reported by The Daily." in page
    assert api["name"] == "Someone Else"


def test_an_approved_speaker_change_moves_the_quoting_records_updated_at(client, editor, reviewer, quoted):
    person, speaker = quoted
    before = client.get(f"/api/v1/persons/{person.slug}/").json()["updated_at"]
    propose(client, editor, speaker, name="Someone Else")
    assert client.get(f"/api/v1/persons/{person.slug}/").json()["updated_at"] == before

    client.force_login(reviewer)
    client.post(revision_url(models.Revision.objects.get()), {"_approve": "1"})

    assert client.get(f"/api/v1/persons/{person.slug}/").json()["updated_at"] > before


def test_an_editor_cannot_approve_a_speaker_change(client, editor, quoted):
    _person, speaker = quoted
    propose(client, editor, speaker, name="Self-approved")
    revision = models.Revision.objects.get()

    assert 'name="_approve"' not in client.get(revision_url(revision)).content.decode()
    assert client.post(revision_url(revision), {"_approve": "1"}).status_code == 403

    speaker.refresh_from_db()
    assert speaker.name == "Anna K."


def test_the_reviewers_desk_lists_the_pending_speaker_change(client, editor, reviewer, quoted):
    _person, speaker = quoted
    propose(client, editor, speaker, name="Someone Else")
    revision = models.Revision.objects.get()

    client.force_login(reviewer)
    page = client.get(reverse("admin:index")).content.decode()
    desk = page[page.index('id="reviewer-desk"') :]
    awaiting = desk[desk.index("Awaiting my review") : desk.index("</table>")]
    assert revision_url(revision) in awaiting
    assert "Anna K." in awaiting


def test_a_reviewer_changes_a_quoted_speaker_directly(client, reviewer, quoted):
    _person, speaker = quoted
    propose(client, reviewer, speaker, name="Anna Karenina")

    speaker.refresh_from_db()
    assert speaker.name == "Anna Karenina"
    assert not models.Revision.objects.exists()


@pytest.mark.parametrize("unpublished", [Visibility.DRAFT, Visibility.REVIEW])
def test_a_speaker_quoted_only_by_unpublished_records_is_edited_directly(client, editor, unpublished):
    speaker = SpeakerFactory(name="Anna K.")
    CitationFactory(record=PersonFactory(visibility=unpublished), speaker=speaker)

    propose(client, editor, speaker, name="Anna Karenina")

    speaker.refresh_from_db()
    assert speaker.name == "Anna Karenina"
    assert not models.Revision.objects.exists()


def test_an_editor_cannot_revert_a_quoted_speakers_history(client, editor, quoted):
    _person, speaker = quoted
    first = speaker.history.first()
    speaker.name = "Reviewed name"
    speaker.save()
    client.force_login(editor)

    page = client.get(version_url(speaker, first))
    response = client.post(version_url(speaker, first), form_data(page))

    assert response.status_code == 403
    speaker.refresh_from_db()
    assert speaker.name == "Reviewed name"


def test_an_editor_may_not_delete_a_speaker(client, editor):
    speaker = SpeakerFactory()
    client.force_login(editor)
    response = client.post(reverse("admin:casework_speaker_delete", args=[speaker.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert models.Speaker.objects.filter(pk=speaker.pk).exists()


def test_a_speaker_quoted_only_by_unpublished_records_is_shown_nowhere(client):
    draft = PersonFactory(visibility=Visibility.DRAFT)
    CitationFactory(record=draft, speaker=SpeakerFactory(name="Hidden Speaker", role="insider"))
    published = PersonFactory()
    draft_source = SourceFactory(visibility=Visibility.DRAFT)
    CitationFactory(record=published, source=draft_source, speaker=SpeakerFactory(name="Hidden Too"))
    CitationFactory(record=published)

    bodies = [
        client.get("/api/v1/citations/", {"page_size": 100}).content.decode(),
        client.get(f"/api/v1/persons/{published.slug}/").content.decode(),
        b"".join(client.get("/api/v1/citations/", {"format": "csv"}).streaming_content).decode(),
        client.get(published.get_absolute_url()).content.decode(),
        client.get(reverse("case-list")).content.decode(),
    ]
    for body in bodies:
        assert "Hidden Speaker" not in body and "Hidden Too" not in body
