"""Revisions of published records: an Editor's change waits for a Reviewer, the public sees
the published version meanwhile, the Reviewer reads a diff and approves or sends it back,
and history names both."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from casework import models
from casework.models import RevisionState
from casework.vocabularies import Visibility
from tests.admin_helpers import change_url, form_data
from tests.factories import (
    ChargeFactory,
    CitationFactory,
    EventFactory,
    PersonFactory,
    SourceFactory,
)


def revision_url(revision) -> str:
    return reverse("admin:casework_revision_change", args=[revision.pk])


def citation_inline(page) -> tuple[str, int]:
    formset = next(
        inline.formset for inline in page.context["inline_admin_formsets"] if inline.formset.model is models.Citation
    )
    return formset.prefix, len(formset.initial_forms)


def existing_citation_rows(page) -> dict:
    formset = next(
        inline.formset for inline in page.context["inline_admin_formsets"] if inline.formset.model is models.Citation
    )
    data = {
        f"{formset.prefix}-TOTAL_FORMS": len(formset.initial_forms),
        f"{formset.prefix}-INITIAL_FORMS": len(formset.initial_forms),
    }
    for form in formset.initial_forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None and name != "DELETE":
                data[form.add_prefix(name)] = getattr(value, "pk", value)
    return data


@pytest.fixture
def published_person(db):
    person = PersonFactory(display_name="Dmitri", summary="Deserted in 2023.")
    CitationFactory(record=person, quote="He deserted in 2023.")
    return person


def test_an_editors_change_to_a_published_record_waits_for_review(client, editor, published_person):
    client.force_login(editor)
    page = client.get(change_url(published_person))

    response = client.post(change_url(published_person), form_data(page, summary="Deserted in 2022."))

    revision = models.Revision.objects.get()
    assert response.status_code == 302
    assert response.url == revision_url(revision)
    published_person.refresh_from_db()
    assert published_person.summary == "Deserted in 2023."
    assert published_person.history.count() == 1
    assert (revision.record, revision.proposed_by, revision.state) == (published_person, editor, RevisionState.PENDING)
    public = client.get(published_person.get_absolute_url()).content.decode()
    assert "Deserted in 2023." in public
    assert "Deserted in 2022." not in public
    assert "awaits review" in client.get(change_url(published_person)).content.decode()


def test_a_reviewer_reads_the_diff_and_approves(client, editor, reviewer, published_person):
    client.force_login(editor)
    page = client.get(change_url(published_person))
    client.post(change_url(published_person), form_data(page, summary="Deserted in 2022."))
    revision = models.Revision.objects.get()

    client.force_login(reviewer)
    review = " ".join(client.get(revision_url(revision)).content.decode().split())
    assert "<th>Summary</th><td><del>Deserted in 2023.</del></td><td><ins>Deserted in 2022.</ins></td>" in review
    response = client.post(revision_url(revision), {"_approve": "1"})

    assert response.status_code == 302
    published_person.refresh_from_db()
    assert (published_person.summary, published_person.visibility) == ("Deserted in 2022.", Visibility.PUBLISHED)
    latest = published_person.history.first()
    assert latest.history_user == reviewer
    assert latest.history_change_reason == "Revision by editor approved by reviewer"
    revision.refresh_from_db()
    assert (revision.state, revision.reviewed_by) == (RevisionState.APPROVED, reviewer)
    assert "Deserted in 2022." in client.get(published_person.get_absolute_url()).content.decode()


def test_a_reviewer_sends_a_revision_back_with_a_comment(client, editor, reviewer, published_person):
    client.force_login(editor)
    page = client.get(change_url(published_person))
    client.post(change_url(published_person), form_data(page, summary="Unsourced claim."))
    revision = models.Revision.objects.get()
    client.force_login(reviewer)

    client.post(revision_url(revision), {"_send_back": "1", "comment": ""})
    revision.refresh_from_db()
    assert revision.state == RevisionState.PENDING

    client.post(revision_url(revision), {"_send_back": "1", "comment": "Which source says this?"})

    revision.refresh_from_db()
    assert (revision.state, revision.comment, revision.reviewed_by) == (
        RevisionState.SENT_BACK,
        "Which source says this?",
        reviewer,
    )
    published_person.refresh_from_db()
    assert published_person.summary == "Deserted in 2023."
    client.force_login(editor)
    assert "Which source says this?" in client.get(revision_url(revision)).content.decode()


def test_an_editor_cannot_approve_a_revision(client, editor, published_person):
    client.force_login(editor)
    page = client.get(change_url(published_person))
    client.post(change_url(published_person), form_data(page, summary="Self-approved."))
    revision = models.Revision.objects.get()

    assert 'name="_approve"' not in client.get(revision_url(revision)).content.decode()
    assert client.post(revision_url(revision), {"_approve": "1"}).status_code == 403

    published_person.refresh_from_db()
    assert published_person.summary == "Deserted in 2023."


def test_an_editor_cannot_change_a_published_charge_or_repoint_a_published_event(client, editor):
    """Two of the attacks in the issue: each change now waits for a reviewer."""
    charge = ChargeFactory(summary="Article 338.")
    CitationFactory(record=charge)
    event = EventFactory()
    CitationFactory(record=event)
    other_person = PersonFactory()
    client.force_login(editor)

    page = client.get(change_url(charge))
    client.post(change_url(charge), form_data(page, summary="Rewritten."))
    page = client.get(change_url(event))
    client.post(change_url(event), form_data(page, person=other_person.pk))

    charge.refresh_from_db()
    event.refresh_from_db()
    assert charge.summary == "Article 338."
    assert event.person != other_person
    assert models.Revision.objects.filter(state=RevisionState.PENDING).count() == 2


def test_an_editors_citation_on_a_published_record_waits_for_review(client, editor, reviewer):
    event = EventFactory()
    CitationFactory(record=event)
    source = SourceFactory(title="A second report")
    client.force_login(editor)
    page = client.get(change_url(event))
    prefix, initial = citation_inline(page)
    data = {**form_data(page), **existing_citation_rows(page)}
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": initial + 1,
            f"{prefix}-{initial}-source": source.pk,
            f"{prefix}-{initial}-quote": "Any quote at all.",
            f"{prefix}-{initial}-locator": "para. 9",
            f"{prefix}-{initial}-connection": "unknown",
        }
    )

    client.post(change_url(event), data)

    assert models.Citation.objects.of_records([event]).count() == 1
    revision = models.Revision.objects.get()
    client.force_login(reviewer)
    review = client.get(revision_url(revision)).content.decode()
    assert "Any quote at all." in review
    client.post(revision_url(revision), {"_approve": "1"})
    assert models.Citation.objects.of_records([event]).filter(quote="Any quote at all.", source=source).exists()


def test_an_editor_cannot_cite_a_published_record_from_the_citation_pages(client, editor, published_person):
    citation = published_person.citations.get()
    client.force_login(editor)

    add_page = client.get(reverse("admin:casework_citation_add"))
    response = client.post(
        reverse("admin:casework_citation_add"),
        form_data(
            add_page,
            source=SourceFactory().pk,
            content_type=citation.content_type_id,
            object_id=published_person.pk,
            quote="Planted.",
        ),
    )
    assert "cite it on its own page" in response.content.decode()
    assert client.post(change_url(citation), {"quote": "Changed."}).status_code == 403
    assert (
        client.post(reverse("admin:casework_citation_delete", args=[citation.pk]), {"post": "yes"}).status_code == 403
    )
    assert list(published_person.citations.values_list("quote", flat=True)) == ["He deserted in 2023."]


def test_drafts_stay_editable_directly(client, editor):
    person = PersonFactory(visibility=Visibility.DRAFT, summary="Draft.")
    client.force_login(editor)
    page = client.get(change_url(person))

    client.post(change_url(person), form_data(page, summary="Better draft."))

    person.refresh_from_db()
    assert person.summary == "Better draft."
    assert not models.Revision.objects.exists()


def test_a_revision_never_carries_restricted_fields_its_author_cannot_see(client, editor, reviewer, published_person):
    published_person.current_location = "Safe house"
    published_person.save()
    client.force_login(editor)
    page = client.get(change_url(published_person))

    client.post(change_url(published_person), form_data(page, summary="New.", current_location="Planted"))

    revision = models.Revision.objects.get()
    assert not any("current_location" in key or "legal_name" in key for key in revision.form_data)
    reviewer.user_permissions.add(Permission.objects.get(codename="view_restricted"))
    client.force_login(reviewer)
    client.post(revision_url(revision), {"_approve": "1"})
    published_person.refresh_from_db()
    assert (published_person.summary, published_person.current_location) == ("New.", "Safe house")


def test_a_reviewer_who_cannot_see_restricted_fields_neither_reads_nor_applies_them(
    client, reviewer, editor, published_person
):
    editor.user_permissions.add(Permission.objects.get(codename="view_restricted"))
    client.force_login(editor)
    page = client.get(change_url(published_person))
    client.post(change_url(published_person), form_data(page, summary="Moved.", current_location="Secret new place"))
    revision = models.Revision.objects.get()
    assert revision.form_data["current_location"] == ["Secret new place"]

    client.force_login(reviewer)
    review = client.get(revision_url(revision)).content.decode()
    assert "Secret new place" not in review
    assert "Moved." in review
    client.post(revision_url(revision), {"_approve": "1"})

    published_person.refresh_from_db()
    assert (published_person.summary, published_person.current_location) == ("Moved.", "")


def test_a_revision_that_no_longer_fits_is_refused_and_changes_nothing(client, editor, reviewer):
    event = EventFactory(summary="Live.")
    citation = CitationFactory(record=event)
    CitationFactory(record=event)
    client.force_login(editor)
    page = client.get(change_url(event))
    client.post(change_url(event), {**form_data(page, summary="Proposed."), **existing_citation_rows(page)})
    revision = models.Revision.objects.get()
    citation.delete()

    client.force_login(reviewer)
    response = client.post(revision_url(revision), {"_approve": "1"}, follow=True)

    assert "no longer fits" in response.content.decode()
    event.refresh_from_db()
    assert event.summary == "Live."
    revision.refresh_from_db()
    assert revision.state == RevisionState.PENDING
