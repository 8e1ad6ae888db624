"""Optional error reporting (SENTRY_DSN): nothing starts without it; with it, an event
carries no restricted value (in the posted form, a frame's local variables, extra,
breadcrumbs or an exception message that echoes one) and no cookie or Authorization
header. The events are kept in the process: nothing goes on the network."""

import logging

import pytest
import sentry_sdk
from sentry_sdk.transport import Transport

from casework import error_tracking
from casework.admin.people import PersonAdmin
from casework.vocabularies import Visibility
from tests.admin_helpers import change_url, form_data
from tests.factories import PersonFactory
from tests.test_settings import manage

PLANTED = {
    "legal_name": "Ivanov Tracedname",
    "current_location": "Flat 4, Sentrystreet, Yerevan",
    "contact": "+374 55 000 111, signal only",
    "risk_notes": "Wanted under article 338, notice of 2 May",
    "internal_notes": "Met at the Kazakh border on 5 May",
}
TOKEN = "Bearer planted-token-7f3a"


class KeptInProcess(Transport):
    def __init__(self):
        super().__init__()
        self.envelopes = []

    def capture_envelope(self, envelope) -> None:
        self.envelopes.append(envelope)

    def events(self) -> list[dict]:
        return [item.payload.json for envelope in self.envelopes for item in envelope.items if item.type == "event"]

    def text(self) -> str:
        return "\n".join(envelope.serialize().decode("utf-8") for envelope in self.envelopes)


@pytest.fixture
def reported():
    transport = KeptInProcess()
    error_tracking.start("https://public@errors.example.invalid/1", transport=transport)
    # Scopes of their own: breadcrumbs and extra set here do not outlive the test.
    with sentry_sdk.isolation_scope(), sentry_sdk.new_scope():
        yield transport
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)


def assert_nothing_planted(transport: KeptInProcess, client) -> None:
    text = transport.text()
    for value in PLANTED.values():
        assert value not in text
        for part in value.split(", "):
            assert part not in text
    assert "planted-token-7f3a" not in text
    assert client.cookies["sessionid"].value not in text


def test_the_client_is_started_only_with_a_dsn():
    ask = "import sentry_sdk; print('active', sentry_sdk.get_client().is_active())"
    assert "active False" in manage("shell", "-c", ask, DEBUG="1").stdout
    started = manage("shell", "-c", ask, DEBUG="1", SENTRY_DSN="https://public@errors.example.invalid/1")
    assert "active True" in started.stdout, started.stderr


def test_the_client_sends_no_personal_data_and_scrubs_every_event(reported):
    options = sentry_sdk.get_client().options
    assert options["send_default_pii"] is False
    assert options["before_send"] is error_tracking.scrub


def test_a_failing_save_of_restricted_values_reports_none_of_them(client, restricted_editor, reported, monkeypatch):
    person = PersonFactory(display_name="Alexei", visibility=Visibility.DRAFT)

    def failing_save(self, request, obj, form, change):
        sentry_sdk.set_extra("while saving", {"contact": obj.contact, "note": obj.internal_notes})
        logging.getLogger("casework.admin").warning("Saving %s at %s", obj.legal_name, obj.current_location)
        raise RuntimeError(f"could not save {obj.current_location} ({obj.risk_notes})")

    monkeypatch.setattr(PersonAdmin, "save_model", failing_save)
    client.raise_request_exception = False
    client.force_login(restricted_editor)
    page = client.get(change_url(person))

    # The restricted fields first: the SDK keeps only the first few keys of a posted form,
    # and the scrubbing must be seen to act on them, however long the form grows.
    posted = {**PLANTED, **form_data(page, **PLANTED)}
    response = client.post(change_url(person), posted, HTTP_AUTHORIZATION=TOKEN)

    assert response.status_code == 500
    [event, *_logged] = [event for event in reported.events() if event.get("exception")]
    [exception] = event["exception"]["values"]
    assert exception["type"] == "RuntimeError"
    assert exception["value"] == "could not save [restricted] ([restricted])"
    assert event["request"]["data"]["legal_name"] == "[restricted]"
    assert event["request"]["data"]["display_name"] == "Alexei"  # the rest of the form is kept
    assert any("Saving [restricted] at [restricted]" in str(crumb) for crumb in event["breadcrumbs"]["values"])
    assert event["extra"]["while saving"]["note"] == "[restricted]"
    assert any(frame.get("vars") for frame in event["exception"]["values"][0]["stacktrace"]["frames"])
    assert_nothing_planted(reported, client)


def test_a_restricted_value_read_into_a_local_variable_is_not_reported(
    client, restricted_editor, reported, monkeypatch
):
    person = PersonFactory(display_name="Alexei", visibility=Visibility.DRAFT, **PLANTED)

    def failing_render(self, request, context, add=False, change=False, form_url="", obj=None):
        location, notes = obj.current_location, obj.risk_notes  # noqa: F841  (what a frame's locals hold)
        raise ValueError("the page cannot be drawn")

    monkeypatch.setattr(PersonAdmin, "render_change_form", failing_render)
    client.raise_request_exception = False
    client.force_login(restricted_editor)

    assert client.get(change_url(person)).status_code == 500

    [event, *_logged] = [event for event in reported.events() if event.get("exception")]
    frame = event["exception"]["values"][0]["stacktrace"]["frames"][-1]
    assert frame["function"] == "failing_render"
    assert frame["vars"]["location"] in ("[restricted]", "'[restricted]'")
    assert_nothing_planted(reported, client)


def test_a_logged_error_naming_a_restricted_value_reports_none(client, restricted_editor, reported, monkeypatch):
    person = PersonFactory(display_name="Alexei", visibility=Visibility.DRAFT, **PLANTED)
    drawn = PersonAdmin.render_change_form

    def logging_render(self, request, context, add=False, change=False, form_url="", obj=None):
        logging.getLogger("casework.admin").error("No route to %s for %s", obj.current_location, obj.legal_name)
        return drawn(self, request, context, add=add, change=change, form_url=form_url, obj=obj)

    monkeypatch.setattr(PersonAdmin, "render_change_form", logging_render)
    client.force_login(restricted_editor)

    assert client.get(change_url(person)).status_code == 200

    [event] = reported.events()
    assert event["logentry"]["formatted"] == "No route to [restricted] for [restricted]"
    assert_nothing_planted(reported, client)
