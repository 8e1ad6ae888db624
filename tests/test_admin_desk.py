"""The reviewer's desk on the admin home: awaiting my review, my drafts, sent back to me,
recently published, each with its count."""

import re

from django.urls import reverse

from casework import models
from casework.models import RevisionState
from casework.vocabularies import Visibility
from tests.admin_helpers import change_url, form_data
from tests.factories import CitationFactory, PersonFactory


def desk(client) -> dict[str, tuple[int, str]]:
    page = client.get(reverse("admin:index")).content.decode()
    section = page[page.index('id="reviewer-desk"') :]
    return {
        title: (int(count), body)
        for title, count, body in re.findall(
            r"<caption>(.*?) <span class=\"desk-count\">\((\d+)\)</span></caption>(.*?)</table>", section, flags=re.S
        )
    }


def test_an_editor_sees_their_drafts_and_what_was_sent_back(client, editor, reviewer):
    client.force_login(editor)
    add_url = reverse("admin:casework_person_add")
    page = client.get(add_url)
    client.post(
        add_url, form_data(page, display_name="Draft by editor", citizenship="RU", military_background="soldier")
    )
    published = PersonFactory(display_name="Published one")
    CitationFactory(record=published)
    page = client.get(change_url(published))
    client.post(change_url(published), form_data(page, summary="Unsourced."))
    revision = models.Revision.objects.get()
    revision.state, revision.reviewed_by, revision.comment = RevisionState.SENT_BACK, reviewer, "Which source?"
    revision.reviewed_at = revision.created_at
    revision.save()

    lists = desk(client)

    assert "Awaiting my review" not in lists
    assert lists["My drafts"][0] == 1
    assert "Draft by editor" in lists["My drafts"][1]
    assert lists["Sent back to me"][0] == 1
    assert "Which source?" in lists["Sent back to me"][1]
    assert lists["Recently published"][0] >= 1


def test_a_reviewer_sees_what_awaits_review(client, editor, reviewer, django_assert_max_num_queries):
    PersonFactory(display_name="In review", visibility=Visibility.REVIEW)
    published = PersonFactory(display_name="Published one")
    CitationFactory(record=published)
    client.force_login(editor)
    page = client.get(change_url(published))
    client.post(change_url(published), form_data(page, summary="Proposed."))
    client.force_login(reviewer)

    # 50 before the second factor: each admin request now also reads the session's verified
    # device and saves the session (the eight-hour idle timeout slides with each request).
    # 56 since country conditions: one more record type for each of the desk's four lists.
    with django_assert_max_num_queries(56):
        lists = desk(client)

    count, body = lists["Awaiting my review"]
    assert count == 2
    assert "In review" in body
    assert "Published one" in body
    assert reverse("admin:casework_revision_change", args=[models.Revision.objects.get().pk]) in body
