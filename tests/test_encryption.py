"""Restricted person fields are encrypted at rest, in the record and in every history row;
staff find a legal name through a keyed hash; the key rotates; production needs a key."""

import base64
import os

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from casework import crypto
from casework.models import RESTRICTED_PERSON_FIELDS, Person, Revision
from tests.admin_helpers import change_url, form_data
from tests.factories import CitationFactory, PersonFactory
from tests.test_settings import manage

VALUES = {
    "legal_name": "Ivanov Secretname",
    "current_location": "Flat 12, Hiddenstreet, Almaty",
    "contact": "+7 700 000 00 00, signal only",
    "risk_notes": "Pursued by the FSB",
    "internal_notes": "Met in person on 3 March",
}


def new_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def raw_rows(table: str) -> list[tuple]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(quote(f) for f in RESTRICTED_PERSON_FIELDS)} FROM {quote(table)}")
        return cursor.fetchall()


@pytest.fixture
def person(db):
    person = PersonFactory(display_name="Alexei", **VALUES)
    person.internal_notes = "Second visit on 9 March"
    person.save()  # a second history row
    return person


def test_the_database_holds_no_restricted_value_in_plain_text(person):
    rows = raw_rows("casework_person") + raw_rows("casework_historicalperson")
    assert len(rows) == 3  # the record and its two history rows
    dumped = repr(rows)
    for value in [*VALUES.values(), "Second visit on 9 March", "Secretname", "Hiddenstreet"]:
        assert value not in dumped
    assert all(cell.startswith("gAAAAA") for row in rows for cell in row)  # Fernet tokens


PROPOSED = {"current_location": "Proposed Hiddenplace 7", "risk_notes": "Proposed threat from the Rosgvardia"}
APPROVED = {"internal_notes": "Approved note about a Kazakh lawyer"}


def every_table() -> str:
    """Every row of every table of the database, as one text."""
    quote = connection.ops.quote_name
    dumped = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {quote(table)}")
            dumped.append(f"{table}: {cursor.fetchall()!r}")
    return "\n".join(dumped)


def test_no_table_holds_a_restricted_value_in_plain_text_revisions_and_history_included(
    client, restricted_editor, reviewer
):
    """Planted values go through every path that stores them: the record, its history, a
    pending revision, an approved one and the logs both write."""
    person = PersonFactory(display_name="Alexei", **VALUES)  # published: changes wait for review
    CitationFactory(record=person)
    client.force_login(restricted_editor)
    page = client.get(change_url(person))
    client.post(change_url(person), form_data(page, **APPROVED))
    client.post(change_url(person), form_data(page, **PROPOSED))
    approved, pending = Revision.objects.order_by("pk")
    reviewer.user_permissions.add(Permission.objects.get(codename="view_restricted"))
    client.force_login(reviewer)
    client.get(reverse("admin:casework_revision_change", args=[approved.pk]))
    client.post(reverse("admin:casework_revision_change", args=[approved.pk]), {"_approve": "1"})

    stored = Person.objects.get(pk=person.pk)
    assert stored.internal_notes == APPROVED["internal_notes"]  # the planting worked
    assert stored.history.count() == 2
    assert Revision.objects.get(pk=pending.pk).form_data["current_location"] == [PROPOSED["current_location"]]
    dumped = every_table()
    assert "casework_revision" in dumped and "casework_historicalperson" in dumped
    for value in [*VALUES.values(), *PROPOSED.values(), *APPROVED.values(), "Hiddenstreet", "Hiddenplace"]:
        assert value not in dumped
        assert value.encode("unicode_escape").decode() not in dumped  # nor escaped inside JSON


def test_the_application_reads_the_values_back(person):
    stored = Person.objects.get(pk=person.pk)
    assert {name: getattr(stored, name) for name in RESTRICTED_PERSON_FIELDS} == {
        **VALUES,
        "internal_notes": "Second visit on 9 March",
    }
    oldest = person.history.order_by("history_id").first()
    assert oldest.internal_notes == "Met in person on 3 March"


def test_an_empty_value_stays_empty(db):
    person = PersonFactory(legal_name="", contact="", current_location="Almaty")
    legal_name, current_location, contact, *_rest = raw_rows("casework_person")[0]
    assert (legal_name, contact) == ("", "")
    assert current_location.startswith("gAAAAA")
    assert Person.objects.get(pk=person.pk).legal_name_hash == ""


def test_the_legal_name_is_found_by_its_keyed_hash_only(person):
    assert person.legal_name_hash == crypto.keyed_hash("ivanov secretname")
    assert Person.objects.filter(legal_name_hash=crypto.keyed_hash(" IVANOV  Secretname")).get() == person
    assert not Person.objects.filter(legal_name_hash=crypto.keyed_hash("Ivanov")).exists()
    # Without the key the hash is not the plain SHA-256 a guesser could compute.
    import hashlib

    assert person.legal_name_hash != hashlib.sha256(b"ivanov secretname").hexdigest()


def test_a_wrong_key_is_loud_not_silent(person, settings):
    settings.FIELD_ENCRYPTION_KEYS = [new_key()]
    with pytest.raises(ImproperlyConfigured, match="cannot be decrypted"):
        Person.objects.get(pk=person.pk)


def test_rotation_reencrypts_the_records_and_their_history(person, settings):
    old = settings.FIELD_ENCRYPTION_KEYS[0]
    before = raw_rows("casework_person") + raw_rows("casework_historicalperson")
    new = new_key()

    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_field_key", verbosity=0)
    settings.FIELD_ENCRYPTION_KEYS = [new]

    after = raw_rows("casework_person") + raw_rows("casework_historicalperson")
    assert not set(before) & set(after)
    assert Person.objects.get(pk=person.pk).legal_name == VALUES["legal_name"]
    assert person.history.order_by("history_id").first().internal_notes == "Met in person on 3 March"
    # The hash follows the new key, so search keeps working.
    assert Person.objects.filter(legal_name_hash=crypto.keyed_hash(VALUES["legal_name"])).exists()


def test_rotation_reencrypts_the_restricted_values_of_revisions(person, restricted_editor, settings):
    from casework.services import revision_propose

    proposed = {"summary": ["New."], "current_location": ["Proposed Hiddenplace 7"]}
    revision = revision_propose(record=person, data=proposed, user=restricted_editor)
    before = Revision.objects.get(pk=revision.pk).data
    assert set(before) == {"summary", "_restricted"} and before["_restricted"].startswith("gAAAAA")
    old, new = settings.FIELD_ENCRYPTION_KEYS[0], new_key()

    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_field_key", verbosity=0)
    settings.FIELD_ENCRYPTION_KEYS = [new]

    rotated = Revision.objects.get(pk=revision.pk)
    assert rotated.form_data == proposed
    assert rotated.data["_restricted"] != before["_restricted"]


def test_rotation_encrypts_a_revision_written_before_revisions_were_encrypted(person, restricted_editor):
    from casework.services import revision_propose

    proposed = {"summary": ["New."], "current_location": ["Proposed Hiddenplace 7"]}
    revision = revision_propose(record=person, data={"summary": ["New."]}, user=restricted_editor)
    Revision.objects.filter(pk=revision.pk).update(data=proposed)  # as such a revision was stored

    call_command("rotate_field_key", verbosity=0)

    upgraded = Revision.objects.get(pk=revision.pk)
    assert upgraded.form_data == proposed
    assert "Hiddenplace" not in every_table()


def test_production_refuses_to_start_without_an_encryption_key():
    result = manage(
        "check", DEBUG="0", SECRET_KEY=new_key() + new_key(), ALLOWED_HOSTS="casework.example", FIELD_ENCRYPTION_KEY=""
    )
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY must be set when DEBUG is off" in result.stderr


@pytest.mark.parametrize(
    ("key", "says"),
    [
        ("Y2FzZXdvcmstZGV2ZWxvcG1lbnQtb25seS1rZXkhISE=", "the development key is published"),
        ("not-a-key", "a Fernet key"),
    ],
    ids=["development-key", "malformed"],
)
def test_production_refuses_a_published_or_malformed_encryption_key(key, says):
    result = manage(
        "check", DEBUG="0", SECRET_KEY=new_key() + new_key(), ALLOWED_HOSTS="casework.example", FIELD_ENCRYPTION_KEY=key
    )
    assert result.returncode != 0
    assert says in result.stderr
