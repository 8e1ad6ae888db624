"""Forget a value: a command and an admin action erase restricted values from a person's
record and every history row; the access log keeps the fact, never the value."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from casework.models import AccessLogEntry, Person
from tests.factories import PersonFactory

PLACE = "Flat 12, Hiddenstreet"
OLD_PLACE = "Room 3, Oldstreet"


@pytest.fixture
def person(db):
    person = PersonFactory(display_name="Alexei", legal_name="Ivanov Secretname", current_location=OLD_PLACE)
    person.current_location = PLACE
    person.save()
    return person


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
