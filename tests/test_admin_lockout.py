"""django-axes: five failed logins for one username from one address lock that pair out
for the cool-off (settings.AXES_COOLOFF_TIME, one hour); `manage.py axes_reset` lifts it."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def account(db):
    return UserFactory(username="alice", groups=["Editor"])


def log_in(client, username, password, ip="203.0.113.5"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
    )


def fail_five_times(client):
    for _ in range(5):
        log_in(client, "alice", "wrong password")


def test_five_failures_lock_the_account_even_against_the_right_password(client, account, settings):
    assert (settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME) == (5, 1)
    for _ in range(4):
        assert log_in(client, "alice", "wrong password").status_code == 200

    log_in(client, "alice", "wrong password")
    locked = log_in(client, "alice", PASSWORD)

    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_is_for_that_username_from_that_address(client, account):
    UserFactory(username="bob", groups=["Editor"])
    fail_five_times(client)

    assert log_in(client, "bob", PASSWORD).status_code == 302
    client.logout()
    assert log_in(client, "alice", PASSWORD, ip="198.51.100.7").status_code == 302


def test_axes_reset_lifts_the_lock(client, account):
    fail_five_times(client)
    assert log_in(client, "alice", PASSWORD).status_code == 429

    call_command("axes_reset", verbosity=0)

    assert log_in(client, "alice", PASSWORD).status_code == 302


def test_a_successful_login_resets_the_count(client, account):
    for _ in range(4):
        log_in(client, "alice", "wrong password")
    assert log_in(client, "alice", PASSWORD).status_code == 302
    client.logout()

    for _ in range(4):
        log_in(client, "alice", "wrong password")
    assert log_in(client, "alice", PASSWORD).status_code == 302
