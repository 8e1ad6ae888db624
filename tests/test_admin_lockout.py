"""django-axes: five failed logins for one username from one address, or from one address
across usernames, lock that address out for the cool-off (settings.AXES_COOLOFF_TIME, one
hour); `manage.py axes_reset` lifts it. Behind proxies the address is the client's, read
through the same trusted-proxy count as the API throttle."""

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


def test_the_lock_is_for_that_address_not_for_the_account(client, account):
    fail_five_times(client)

    # Someone failing as alice elsewhere cannot keep alice herself out.
    assert log_in(client, "alice", PASSWORD, ip="198.51.100.7").status_code == 302


def test_failures_across_usernames_lock_the_address(client, account):
    UserFactory(username="bob", groups=["Editor"])
    # One guess each for many accounts (password spraying) counts against the address.
    for n in range(4):
        assert log_in(client, f"guess{n}", "wrong password").status_code == 200
    log_in(client, "guess4", "wrong password")

    assert log_in(client, "bob", PASSWORD).status_code == 429
    assert log_in(client, "bob", PASSWORD, ip="198.51.100.7").status_code == 302


def behind_one_proxy(client, username, password, forwarded_for):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR="10.0.0.2",  # the load balancer
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.fixture
def one_trusted_proxy(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}


def test_behind_a_proxy_one_client_cannot_lock_out_the_others(client, account, one_trusted_proxy):
    for _ in range(5):
        behind_one_proxy(client, "alice", "wrong password", "203.0.113.5")
    assert behind_one_proxy(client, "alice", PASSWORD, "203.0.113.5").status_code == 429

    # Alice reaches the same load balancer from her own address.
    assert behind_one_proxy(client, "alice", PASSWORD, "198.51.100.7").status_code == 302


def test_behind_a_proxy_a_forged_first_entry_does_not_escape_the_lock(client, account, one_trusted_proxy):
    # The balancer appends the real client address; what the client wrote before it is ignored.
    for n in range(5):
        behind_one_proxy(client, "alice", "wrong password", f"192.0.2.{n}, 203.0.113.5")
    assert behind_one_proxy(client, "alice", PASSWORD, "192.0.2.99, 203.0.113.5").status_code == 429


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, account):
    for n in range(5):
        client.post(
            reverse("admin:login"),
            {"username": "alice", "password": "wrong password"},
            REMOTE_ADDR="203.0.113.5",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    assert log_in(client, "alice", PASSWORD).status_code == 429


def test_lockout_and_throttle_count_the_same_client(rf, one_trusted_proxy):
    from rest_framework.throttling import AnonRateThrottle

    from casework.client_ip import client_address

    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.5")
    assert client_address(request) == AnonRateThrottle().get_ident(request) == "203.0.113.5"


@pytest.mark.parametrize("forwarded_for", ["not-an-address", "\x00", "", "999.1.1.1"])
def test_a_malformed_forwarded_address_is_not_a_server_error(client, account, settings, forwarded_for):
    # Trusting more proxies than there are lets a client write the entry that is read.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 5}
    response = behind_one_proxy(client, "alice", "wrong password", forwarded_for)
    assert response.status_code == 200
    assert behind_one_proxy(client, "alice", PASSWORD, forwarded_for).status_code == 302


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
