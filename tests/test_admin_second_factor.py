"""A second factor for every staff account: no admin page opens on a password alone; a
first login enrols a device; a lost device is reset by another administrator, audited;
sessions end after eight hours idle."""

import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.admin_helpers import password_only_login
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"
ADMIN_PAGES = ["/admin/", "/admin/casework/person/", "/admin/casework/person/add/", "/admin/password_change/"]


def code_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_a_password_alone_opens_no_admin_page(client, editor, page):
    password_only_login(client, editor)
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second-factor-enrol"))


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_with_a_device_a_password_alone_is_asked_for_a_code(client, editor, page):
    confirmed_device(editor)
    password_only_login(client, editor)
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second-factor-verify"))


def test_a_post_on_a_password_alone_changes_nothing(client, editor, article):
    from casework.models import Person

    password_only_login(client, editor)
    person = Person.objects.get(slug="mikhail-zhilin")
    response = client.post(f"/admin/casework/person/{person.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert Person.objects.filter(pk=person.pk).exists()


def test_the_first_login_enrols_a_device_and_shows_backup_codes_once(client, db):
    UserFactory(username="new-editor", groups=["Editor"])
    client.post(reverse("admin:login"), {"username": "new-editor", "password": PASSWORD})

    step = client.get("/admin/casework/person/", follow=True)
    assert step.request["PATH_INFO"] == reverse("second-factor-enrol")
    page = step.content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user__username="new-editor", confirmed=False)

    wrong = client.post(reverse("second-factor-enrol"), {"token": "000000", "next": "/admin/casework/person/"})
    assert wrong.status_code == 200
    assert "This code is wrong" in wrong.content.decode()
    # A wrong code makes the device wait a second before the next try (django-otp's throttle).
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)

    done = client.post(reverse("second-factor-enrol"), {"token": code_for(device), "next": "/admin/casework/person/"})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10
    assert all(code in done.content.decode() for code in codes)
    device.refresh_from_db()
    assert device.confirmed

    assert client.get("/admin/casework/person/").status_code == 200
    # The codes are shown once: enrolling again is refused, so they cannot be read again.
    assert client.get(reverse("second-factor-enrol"))["Location"].startswith(reverse("second-factor-verify"))


def test_a_code_from_the_device_opens_the_admin(client, editor):
    device = confirmed_device(editor)
    password_only_login(client, editor)
    response = client.post(reverse("second-factor-verify"), {"token": code_for(device), "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_keeps_the_admin_closed(client, editor):
    confirmed_device(editor)
    password_only_login(client, editor)
    response = client.post(reverse("second-factor-verify"), {"token": "123456"})
    assert response.status_code == 200
    assert "This code is wrong" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_backup_code_works_once(client, editor):
    from django_otp.plugins.otp_static.models import StaticDevice

    confirmed_device(editor)
    backup = StaticDevice.objects.create(user=editor, name="backup codes", confirmed=True)
    StaticToken.objects.create(device=backup, token="abcd2345")

    password_only_login(client, editor)
    assert client.post(reverse("second-factor-verify"), {"token": "abcd 2345"}).status_code == 302
    assert client.get("/admin/").status_code == 200

    client.logout()
    password_only_login(client, editor)
    assert client.post(reverse("second-factor-verify"), {"token": "abcd2345"}).status_code == 200
    assert client.get("/admin/").status_code == 302


def test_verification_never_sends_the_user_off_site(client, editor):
    device = confirmed_device(editor)
    password_only_login(client, editor)
    response = client.post(
        reverse("second-factor-verify"), {"token": code_for(device), "next": "https://evil.example/admin/"}
    )
    assert response["Location"] == reverse("admin:index")


def test_login_and_logout_need_no_second_factor(client, editor):
    assert client.get(reverse("admin:login")).status_code == 200
    password_only_login(client, editor)
    assert client.post(reverse("admin:logout")).status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_public_site_is_not_affected(client, editor, article):
    password_only_login(client, editor)
    assert client.get("/cases/").status_code == 200


# Recovery of a lost device


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin-one", is_superuser=True)


def test_an_administrator_resets_a_lost_device_and_the_log_keeps_it(client, editor, administrator):
    confirmed_device(editor)
    call_command("reset_second_factor", "editor", by="admin-one", reason="phone stolen, confirmed by call")

    assert not TOTPDevice.objects.filter(user=editor).exists()
    entry = LogEntry.objects.get(object_id=str(editor.pk))
    assert entry.user == administrator
    assert "Second factor reset" in entry.get_change_message()
    assert "phone stolen" in entry.get_change_message()

    password_only_login(client, editor)
    assert client.get("/admin/")["Location"].startswith(reverse("second-factor-enrol"))


@pytest.mark.parametrize(
    ("by", "message"),
    [("editor", "Only a superuser"), ("admin-one", "Another superuser"), ("nobody", "No such account")],
)
def test_a_reset_needs_another_superuser(editor, administrator, by, message):
    confirmed_device(administrator)
    target = "admin-one" if by == "admin-one" else "editor"
    with pytest.raises(CommandError, match=message):
        call_command("reset_second_factor", target, by=by, reason="lost")
    assert TOTPDevice.objects.filter(user__username=target).exists() or target == "editor"
    assert not LogEntry.objects.exists()


def test_a_reset_needs_a_reason(editor, administrator):
    confirmed_device(editor)
    with pytest.raises(CommandError, match="reason"):
        call_command("reset_second_factor", "editor", by="admin-one", reason="  ")
    assert TOTPDevice.objects.filter(user=editor).exists()


# Idle sessions


def test_staff_sessions_end_after_eight_hours_idle(client, editor, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    client.force_login(editor)
    key = client.session.session_key

    # Each request starts the eight hours again ...
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + dt.timedelta(minutes=5))
    assert client.get("/admin/").status_code == 200
    expiry = Session.objects.get(pk=key).expire_date
    assert expiry > timezone.now() + dt.timedelta(hours=7, minutes=59)

    # ... and eight hours without one end the session.
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# Restricted fields ask for a fresh second factor


@pytest.fixture
def hidden_person(db):
    from casework.vocabularies import Visibility
    from tests.factories import CitationFactory, PersonFactory

    # A draft: a published record's changes wait for review as revisions.
    person = PersonFactory(
        display_name="Alexei",
        legal_name="Ivanov Secretname",
        current_location="Hiddenstreet",
        visibility=Visibility.DRAFT,
    )
    CitationFactory(record=person)
    return person


def age_the_code(client, minutes: int) -> None:
    import time

    from casework.second_factor import VERIFIED_AT_SESSION_KEY

    session = client.session
    session[VERIFIED_AT_SESSION_KEY] = time.time() - minutes * 60
    session.save()


def test_a_restricted_change_with_a_code_older_than_15_minutes_asks_again(client, restricted_editor, hidden_person):
    from tests.admin_helpers import change_url, form_data

    client.force_login(restricted_editor)
    url = change_url(hidden_person)
    data = form_data(client.get(url), legal_name="Ivanov Othername")
    age_the_code(client, 16)

    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second-factor-verify"))
    hidden_person.refresh_from_db()
    assert hidden_person.legal_name == "Ivanov Secretname"

    # A new code, and the same change goes through.
    device = TOTPDevice.objects.get(user=restricted_editor)
    client.post(reverse("second-factor-verify"), {"token": code_for(device)})
    assert client.post(url, data).status_code == 302
    hidden_person.refresh_from_db()
    assert hidden_person.legal_name == "Ivanov Othername"


def test_a_public_change_does_not_ask_again(client, restricted_editor, hidden_person):
    from tests.admin_helpers import change_url, form_data

    client.force_login(restricted_editor)
    url = change_url(hidden_person)
    data = form_data(client.get(url), summary="A new public summary.")
    age_the_code(client, 60)

    response = client.post(url, data)
    assert response.status_code == 302
    assert not response["Location"].startswith(reverse("second-factor-verify"))
    hidden_person.refresh_from_db()
    assert hidden_person.summary == "A new public summary."


def test_a_restricted_change_within_15_minutes_goes_through(client, restricted_editor, hidden_person):
    from tests.admin_helpers import change_url, form_data

    client.force_login(restricted_editor)
    url = change_url(hidden_person)
    data = form_data(client.get(url), current_location="Elsewhere")
    age_the_code(client, 14)

    assert client.post(url, data).status_code == 302
    hidden_person.refresh_from_db()
    assert hidden_person.current_location == "Elsewhere"


def test_an_export_with_restricted_columns_asks_again_after_15_minutes(client, restricted_editor, hidden_person):
    from tests.admin_helpers import export_data

    client.force_login(restricted_editor)
    export_url = reverse("admin:casework_person_export")
    data = export_data(client.get(export_url))
    age_the_code(client, 16)

    response = client.post(export_url, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second-factor-verify"))
    assert "Secretname" not in response.content.decode()

    device = TOTPDevice.objects.get(user=restricted_editor)
    client.post(reverse("second-factor-verify"), {"token": code_for(device)})
    assert "Secretname" in client.post(export_url, data).content.decode()


def test_an_export_without_restricted_columns_does_not_ask_again(client, editor, hidden_person):
    from tests.admin_helpers import export_data

    client.force_login(editor)
    export_url = reverse("admin:casework_person_export")
    data = export_data(client.get(export_url))
    age_the_code(client, 60)

    response = client.post(export_url, data)
    assert response.status_code == 200
    assert "Alexei" in response.content.decode()
