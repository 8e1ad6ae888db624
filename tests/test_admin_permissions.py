"""Who sees, edits, publishes and sees restricted fields: editor, reviewer, superuser, and
a staff account in no group. And, for those without the permission, no trace of the
restricted fields anywhere in the admin."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework import models
from casework.vocabularies import Visibility
from tests.admin_helpers import change_url, changelist_url, export_data, form_data
from tests.factories import CitationFactory, PersonFactory, UserFactory

SECRET_NAME = "Ivanov Secretname"
SECRET_PLACE = "Flat 12, Hiddenstreet"


@pytest.fixture
def person(db):
    person = PersonFactory(
        display_name="Alexei",
        visibility=Visibility.REVIEW,
        legal_name=SECRET_NAME,
        current_location=SECRET_PLACE,
        risk_notes="Pursued by the FSB",
    )
    CitationFactory(record=person)
    return person


# user fixture, sees the changelist, may edit, may publish, sees restricted fields
MATRIX = [
    ("superuser", True, True, True, True),
    ("reviewer", True, True, True, False),
    ("editor", True, True, False, False),
    ("staff_without_group", False, False, False, False),
]


@pytest.mark.parametrize(("who", "sees", "edits", "publishes", "sees_restricted"), MATRIX)
def test_permission_matrix(client, request, person, who, sees, edits, publishes, sees_restricted):
    user = request.getfixturevalue(who)
    client.force_login(user)

    changelist = client.get(changelist_url(models.Person))
    assert changelist.status_code == (200 if sees else 403)
    if sees:
        actions = dict(changelist.context["action_form"].fields["action"].choices)
        assert ("publish" in actions) is publishes
        assert ("submit_for_review" in actions) is edits

    change = client.get(change_url(person))
    assert change.status_code == (200 if sees else 403)
    if sees:
        page = change.content.decode()
        assert (SECRET_NAME in page) is sees_restricted
        assert ("legal_name" in page) is sees_restricted
        assert change.context["has_change_permission"] is edits


def test_a_user_given_view_restricted_sees_the_collapsed_restricted_section(client, editor, person):
    editor.user_permissions.add(Permission.objects.get(codename="view_restricted"))
    client.force_login(editor)

    response = client.get(change_url(person))

    fieldsets = {str(name): options for name, options in response.context["adminform"].fieldsets}
    restricted = fieldsets["Restricted: never public"]
    assert "collapse" in restricted["classes"]
    assert SECRET_NAME in response.content.decode()


def test_editor_changelist_and_search_leave_no_trace(client, editor, person):
    client.force_login(editor)

    listing = client.get(changelist_url(models.Person))
    assert SECRET_NAME not in listing.content.decode()
    assert "Restricted" not in listing.content.decode()

    by_secret = client.get(changelist_url(models.Person), {"q": "Secretname"})
    assert by_secret.context["cl"].result_count == 0

    autocomplete = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "casework", "model_name": "event", "field_name": "person", "term": "Secretname"},
    )
    assert autocomplete.json()["results"] == []


def test_superuser_can_search_by_legal_name(client, superuser, person):
    client.force_login(superuser)

    # The whole name, in any case and spacing: an exact match on its keyed hash.
    response = client.get(changelist_url(models.Person), {"q": "  ivanov   SECRETNAME "})
    assert list(response.context["cl"].result_list) == [person]

    # Part of it finds nothing: the encrypted value is never compared in plain text.
    response = client.get(changelist_url(models.Person), {"q": "Secretname"})
    assert list(response.context["cl"].result_list) == []


@pytest.mark.parametrize(
    ("model", "lookup"),
    [
        (models.Person, "legal_name__startswith"),
        (models.Person, "current_location__icontains"),
        (models.Event, "person__legal_name__startswith"),
    ],
)
def test_editor_cannot_filter_by_restricted_values_through_the_url(client, editor, person, model, lookup):
    client.force_login(editor)

    response = client.get(changelist_url(model), {lookup: "Ivanov"})

    assert response.status_code == 400
    assert SECRET_NAME not in response.content.decode()


def test_editor_cannot_write_restricted_fields_by_posting_them(client, editor, person):
    client.force_login(editor)
    page = client.get(change_url(person))

    data = form_data(page, summary="Edited by an editor", legal_name="Overwritten", risk_notes="")
    response = client.post(change_url(person), data)

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.summary == "Edited by an editor"
    assert (person.legal_name, person.risk_notes) == (SECRET_NAME, "Pursued by the FSB")


def test_history_hides_restricted_changes_from_editors(client, superuser, editor, person):
    client.force_login(superuser)
    page = client.get(change_url(person))
    client.post(change_url(person), form_data(page, legal_name="Petrov Newsecret", summary="Also changed"))
    history_url = reverse("admin:casework_person_history", args=[person.pk])

    assert "Petrov Newsecret" in client.get(history_url).content.decode()

    client.force_login(editor)
    history = client.get(history_url).content.decode()
    assert "Also changed" in history
    assert "Newsecret" not in history
    assert SECRET_NAME not in history
    assert "Legal name" not in history
    version = person.history.first()
    old_version = client.get(reverse("admin:casework_person_simple_history", args=[person.pk, version.history_id]))
    assert "Newsecret" not in old_version.content.decode()


def test_change_messages_never_name_restricted_fields(client, superuser, person):
    from django.contrib.admin.models import LogEntry

    client.force_login(superuser)
    page = client.get(change_url(person))
    client.post(change_url(person), form_data(page, legal_name="Another Name", summary="New summary"))

    message = LogEntry.objects.latest("action_time").get_change_message()
    assert "Summary" in message
    assert "name" not in message.lower().replace("summary", "")


@pytest.mark.parametrize(("who", "sees_restricted"), [("editor", False), ("superuser", True)])
def test_person_export_carries_restricted_fields_only_with_permission(client, request, person, who, sees_restricted):
    client.force_login(request.getfixturevalue(who))
    export_url = reverse("admin:casework_person_export")

    form_page = client.get(export_url)
    data = export_data(form_page)
    # Ticking a restricted column by hand changes nothing for someone without the permission.
    data["personresource_legal_name"] = "on"
    csv = client.post(export_url, data).content.decode()

    assert ("legal_name" in csv) is sees_restricted
    assert (SECRET_NAME in csv) is sees_restricted
    assert "Alexei" in csv


def test_staff_without_group_cannot_import_or_export(client, staff_without_group):
    client.force_login(staff_without_group)

    assert client.get(reverse("admin:casework_person_import")).status_code == 403
    assert client.get(reverse("admin:casework_person_export")).status_code == 403


def test_editor_groups_come_from_the_migration(db):
    from django.contrib.auth.models import Group

    editor = set(Group.objects.get(name="Editor").permissions.values_list("codename", flat=True))
    reviewer = set(Group.objects.get(name="Reviewer").permissions.values_list("codename", flat=True))

    assert {"add_person", "change_person", "add_citation", "change_event"} <= editor
    assert "publish" not in editor
    assert "publish" in reviewer
    assert editor < reviewer
    assert "view_restricted" not in editor | reviewer


def test_an_account_made_as_the_docs_say_can_log_in(client, db):
    UserFactory(username="new-editor", groups=["Editor"])

    response = client.post(
        reverse("admin:login"),
        {"username": "new-editor", "password": "correct horse battery staple", "next": "/admin/"},
    )

    assert response.status_code == 302
    # The first login sets up the second factor (docs/editors.md), then the admin opens.
    enrol = client.get("/admin/casework/person/", follow=True)
    assert enrol.request["PATH_INFO"] == reverse("second-factor-enrol")
    device = TOTPDevice.objects.get(user__username="new-editor")
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    client.post(reverse("second-factor-enrol"), {"token": f"{code:06d}"})
    assert client.get("/admin/casework/person/").status_code == 200
