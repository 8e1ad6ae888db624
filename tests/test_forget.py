"""Forget a value: a command and an admin action erase restricted values from a person's
record and every history row; the access log keeps the fact, never the value."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from casework.models import AccessLogEntry, Person, Revision
from tests.admin_helpers import change_url, form_data
from tests.factories import CitationFactory, PersonFactory

PLACE = "Flat 12, Hiddenstreet"
OLD_PLACE = "Room 3, Oldstreet"


@pytest.fixture
def person(db):
    person = PersonFactory(display_name="Alexei", legal_name="Ivanov Secretname", current_location=OLD_PLACE)
    person.current_location = PLACE
    person.save()
    return person


PROPOSED_PLACE = "Room 9, Newhiddenstreet"


@pytest.fixture
def revision(client, person, restricted_editor):
    """A pending revision of the published person proposing a new location; it carries
    the legal name too, as every change form of someone who sees restricted fields does."""
    CitationFactory(record=person)
    client.force_login(restricted_editor)
    page = client.get(change_url(person))
    client.post(change_url(person), form_data(page, summary="Moved.", current_location=PROPOSED_PLACE))
    client.logout()
    return Revision.objects.get()


def stored(person):
    fresh = Person.objects.get(pk=person.pk)
    versions = list(person.history.order_by("history_id").values_list("current_location", "legal_name"))
    return fresh, versions


def test_the_command_erases_a_location_from_the_record_and_all_its_history(person, restricted_editor):
    updated_at = Person.objects.get(pk=person.pk).updated_at
    history_rows = person.history.count()

    call_command("forget_restricted_value", person.slug, "current_location", by="editor", verbosity=0)

    fresh, versions = stored(person)
    assert fresh.current_location == ""
    assert versions == [("", "Ivanov Secretname")] * history_rows  # every version, and only that field
    assert fresh.legal_name == "Ivanov Secretname"
    # No new version carries the change, and no public timestamp moves.
    assert person.history.count() == history_rows
    assert fresh.updated_at == updated_at

    [entry] = AccessLogEntry.objects.all()
    assert (entry.username, entry.action, entry.person_slug, entry.fields) == (
        "editor",
        "erase",
        person.slug,
        ["current_location"],
    )


def test_forgetting_the_legal_name_forgets_its_hash(person, restricted_editor):
    call_command("forget_restricted_value", person.slug, "all", by="editor", verbosity=0)
    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.legal_name, fresh.legal_name_hash, fresh.current_location) == ("", "", "")
    assert set(person.history.values_list("legal_name_hash", flat=True)) == {""}


def test_the_command_needs_someone_allowed_to_see_the_values(person, editor):
    with pytest.raises(CommandError, match="permissions"):
        call_command("forget_restricted_value", person.slug, "current_location", by="editor", verbosity=0)
    assert Person.objects.get(pk=person.pk).current_location == PLACE
    assert not AccessLogEntry.objects.exists()


def test_the_admin_action_asks_once_more_then_erases(client, restricted_editor, person):
    client.force_login(restricted_editor)
    url = reverse("admin:casework_person_changelist")
    chosen = {"action": "forget_current_location", "_selected_action": [person.pk], "index": 0}

    confirm = client.post(url, chosen)
    assert confirm.status_code == 200
    assert "cannot be undone" in confirm.content.decode()
    assert Person.objects.get(pk=person.pk).current_location == PLACE

    done = client.post(url, {"action": "forget_current_location", "_selected_action": [person.pk], "confirmed": "yes"})
    assert done.status_code == 302
    fresh, versions = stored(person)
    assert fresh.current_location == ""
    assert {location for location, _name in versions} == {""}
    assert AccessLogEntry.objects.filter(action="erase", person=person).exists()


def test_the_admin_action_is_not_offered_without_the_permission(client, editor, person):
    client.force_login(editor)
    page = client.get(reverse("admin:casework_person_changelist"))
    assert "forget_current_location" not in page.content.decode()
    client.post(
        reverse("admin:casework_person_changelist"),
        {"action": "forget_current_location", "_selected_action": [person.pk], "confirmed": "yes", "index": 0},
    )
    assert Person.objects.get(pk=person.pk).current_location == PLACE


def test_the_command_erases_the_value_from_revisions_too(person, revision):
    call_command("forget_restricted_value", person.slug, "current_location", by="editor", verbosity=0)

    forgotten = Revision.objects.get(pk=revision.pk)
    assert "current_location" not in forgotten.form_data
    assert forgotten.form_data["legal_name"] == ["Ivanov Secretname"]
    assert {key: values for key, values in forgotten.form_data.items() if key != "current_location"} == {
        key: values for key, values in revision.form_data.items() if key != "current_location"
    }
    assert "current_location" not in forgotten.restricted_fields()


def test_forgetting_every_value_leaves_a_revision_nothing_restricted(person, revision):
    call_command("forget_restricted_value", person.slug, "all", by="editor", verbosity=0)

    forgotten = Revision.objects.get(pk=revision.pk)
    assert (forgotten.restricted_fields(), "_restricted" in forgotten.data) == ([], False)
    assert forgotten.form_data["summary"] == ["Moved."]


def test_an_erased_location_does_not_come_back_when_its_revision_is_approved(client, person, revision, reviewer):
    from django.contrib.auth.models import Permission

    call_command("forget_restricted_value", person.slug, "current_location", by="editor", verbosity=0)
    reviewer.user_permissions.add(Permission.objects.get(codename="view_restricted"))
    client.force_login(reviewer)
    review = client.get(reverse("admin:casework_revision_change", args=[revision.pk])).content.decode()
    assert PROPOSED_PLACE not in review

    client.post(reverse("admin:casework_revision_change", args=[revision.pk]), {"_approve": "1"})

    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.summary, fresh.current_location) == ("Moved.", "")


def test_the_admin_action_erases_the_value_from_revisions_too(client, restricted_editor, person, revision):
    client.force_login(restricted_editor)
    client.post(
        reverse("admin:casework_person_changelist"),
        {"action": "forget_current_location", "_selected_action": [person.pk], "confirmed": "yes"},
    )
    assert "current_location" not in Revision.objects.get(pk=revision.pk).form_data
