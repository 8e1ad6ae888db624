"""The access log: each view, export and change of a person's restricted fields is logged
(who, when, which person, which fields; never the values), read by auditors only, and
pruned after the retention."""

import datetime as dt
import json

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from casework.models import AccessAction, AccessLogEntry
from casework.vocabularies import Visibility
from tests.admin_helpers import change_url, export_data, form_data
from tests.factories import CitationFactory, PersonFactory, UserFactory

SECRET_NAME = "Ivanov Secretname"
SECRET_PLACE = "Flat 12, Hiddenstreet"
LOG_URL = "/admin/casework/accesslogentry/"


@pytest.fixture
def person(db):
    # A draft: a published record's changes wait for review as revisions.
    person = PersonFactory(
        display_name="Alexei", legal_name=SECRET_NAME, current_location=SECRET_PLACE, visibility=Visibility.DRAFT
    )
    CitationFactory(record=person)
    return person


@pytest.fixture
def auditor(db):
    user = UserFactory(username="auditor")
    user.user_permissions.add(Permission.objects.get(codename="audit"))
    return user


def entries():
    return list(AccessLogEntry.objects.order_by("pk").values("username", "action", "person_slug", "fields"))


def assert_no_values_logged():
    dumped = json.dumps(list(AccessLogEntry.objects.values()), default=str)
    assert SECRET_NAME not in dumped
    assert SECRET_PLACE not in dumped


def test_opening_a_person_with_restricted_fields_is_logged(client, restricted_editor, person):
    client.force_login(restricted_editor)
    assert client.get(change_url(person)).status_code == 200

    [entry] = entries()
    assert entry["username"] == "editor"
    assert entry["action"] == AccessAction.VIEW
    assert entry["person_slug"] == person.slug
    assert entry["fields"] == ["legal_name", "current_location", "contact", "risk_notes", "internal_notes"]
    assert_no_values_logged()


def test_opening_a_person_without_the_permission_logs_nothing(client, editor, person):
    client.force_login(editor)
    assert client.get(change_url(person)).status_code == 200
    assert entries() == []


def test_reading_the_history_is_logged(client, restricted_editor, person):
    client.force_login(restricted_editor)
    assert client.get(reverse("admin:casework_person_history", args=[person.pk])).status_code == 200
    assert [entry["action"] for entry in entries()] == [AccessAction.VIEW]


def test_a_change_logs_the_restricted_fields_it_changed(client, restricted_editor, person):
    client.force_login(restricted_editor)
    url = change_url(person)
    client.post(url, form_data(client.get(url), current_location="Somewhere else", summary="New summary."))

    changes = [entry for entry in entries() if entry["action"] == AccessAction.CHANGE]
    assert changes == [
        {"username": "editor", "action": "change", "person_slug": person.slug, "fields": ["current_location"]}
    ]
    assert "Somewhere else" not in json.dumps(list(AccessLogEntry.objects.values()), default=str)
    assert_no_values_logged()


def test_a_change_of_public_fields_only_logs_no_change(client, restricted_editor, person):
    client.force_login(restricted_editor)
    url = change_url(person)
    client.post(url, form_data(client.get(url), summary="New summary."))
    assert [entry["action"] for entry in entries()] == [AccessAction.VIEW]


def test_an_export_with_restricted_columns_logs_each_person_exported(client, restricted_editor, person):
    other = PersonFactory(display_name="Boris")
    client.force_login(restricted_editor)
    url = reverse("admin:casework_person_export")
    response = client.post(url, export_data(client.get(url)))
    assert SECRET_NAME in response.content.decode()

    exported = [entry for entry in entries() if entry["action"] == AccessAction.EXPORT]
    assert sorted(entry["person_slug"] for entry in exported) == sorted([person.slug, other.slug])
    assert all("legal_name" in entry["fields"] for entry in exported)
    assert_no_values_logged()


def test_an_export_without_restricted_columns_logs_nothing(client, editor, person):
    client.force_login(editor)
    url = reverse("admin:casework_person_export")
    client.post(url, export_data(client.get(url)))
    assert entries() == []


def test_only_auditors_read_the_log_and_nobody_edits_it(client, restricted_editor, auditor, superuser, person):
    client.force_login(restricted_editor)
    client.get(change_url(person))
    assert client.get(LOG_URL).status_code == 403

    client.force_login(auditor)
    page = client.get(LOG_URL)
    assert page.status_code == 200
    assert person.slug in page.content.decode()
    assert SECRET_NAME not in page.content.decode()

    client.force_login(superuser)
    entry = AccessLogEntry.objects.get()
    assert client.get(f"{LOG_URL}add/").status_code == 403
    assert (
        client.post(reverse("admin:casework_accesslogentry_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_pruning_keeps_the_retention(restricted_editor, person, settings):
    from casework import services

    services.access_log_record(user=restricted_editor, action="view", persons=[person], fields=["legal_name"])
    services.access_log_record(user=restricted_editor, action="view", persons=[person], fields=["contact"])
    old = AccessLogEntry.objects.order_by("pk").first()
    AccessLogEntry.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=31))

    settings.ACCESS_LOG_RETENTION_DAYS = 30
    call_command("prune_access_log", verbosity=0)
    assert list(AccessLogEntry.objects.values_list("fields", flat=True)) == [["contact"]]


# --- revisions: a published person's restricted change waits for a reviewer ------------


@pytest.fixture
def proposed(client, restricted_editor, person):
    """A pending revision of the (now published) person moving them to PROPOSED_PLACE."""
    from casework.models import Revision

    person.visibility = Visibility.PUBLISHED
    person.save()
    client.force_login(restricted_editor)
    page = client.get(change_url(person))
    client.post(change_url(person), form_data(page, current_location=PROPOSED_PLACE, summary="Moved."))
    AccessLogEntry.objects.all().delete()  # the editor's own reading of the form
    return Revision.objects.get()


PROPOSED_PLACE = "Room 9, Newhiddenstreet"


def revision_url(revision) -> str:
    return reverse("admin:casework_revision_change", args=[revision.pk])


@pytest.fixture
def restricted_reviewer(reviewer):
    reviewer.user_permissions.add(Permission.objects.get(codename="view_restricted"))
    return reviewer


def test_reading_a_revision_that_changes_restricted_fields_is_logged(client, restricted_reviewer, proposed, person):
    client.force_login(restricted_reviewer)
    page = client.get(revision_url(proposed)).content.decode()

    assert PROPOSED_PLACE in page and SECRET_PLACE in page  # the diff shows both
    assert entries() == [
        {"username": "reviewer", "action": "view", "person_slug": person.slug, "fields": ["current_location"]}
    ]
    assert PROPOSED_PLACE not in json.dumps(list(AccessLogEntry.objects.values()), default=str)
    assert_no_values_logged()


def test_approving_a_revision_that_changes_restricted_fields_is_logged(client, restricted_reviewer, proposed, person):
    client.force_login(restricted_reviewer)
    assert client.post(revision_url(proposed), {"_approve": "1"}).status_code == 302

    person.refresh_from_db()
    assert person.current_location == PROPOSED_PLACE
    assert [entry for entry in entries() if entry["action"] == AccessAction.CHANGE] == [
        {"username": "reviewer", "action": "change", "person_slug": person.slug, "fields": ["current_location"]}
    ]
    assert PROPOSED_PLACE not in json.dumps(list(AccessLogEntry.objects.values()), default=str)


def test_approving_restricted_values_asks_for_a_fresh_second_factor(client, restricted_reviewer, proposed, person):
    from casework.second_factor import VERIFIED_AT_SESSION_KEY

    client.force_login(restricted_reviewer)
    session = client.session
    session[VERIFIED_AT_SESSION_KEY] -= 16 * 60
    session.save()

    response = client.post(revision_url(proposed), {"_approve": "1"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second-factor-verify"))
    person.refresh_from_db()
    assert person.current_location == SECRET_PLACE


def test_a_reviewer_without_the_permission_sees_no_restricted_value_of_a_revision(client, reviewer, proposed, person):
    client.force_login(reviewer)
    diff = client.get(revision_url(proposed)).content.decode()
    listing = client.get(reverse("admin:casework_revision_changelist")).content.decode()

    assert "Moved." in diff
    for page in (diff, listing):
        assert PROPOSED_PLACE not in page and SECRET_PLACE not in page
    assert entries() == []
    # Nor may the changelist's URL lookups tell which revisions carry restricted values.
    for lookup in ("data___restricted__isnull", "data__current_location__isnull"):
        assert client.get(reverse("admin:casework_revision_changelist"), {lookup: "False"}).status_code == 400
