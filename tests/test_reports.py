"""Reporting an error: the form on record pages, its guards, the triage list and the purge."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from casework import reports
from casework.models.reports import ErrorReport
from casework.vocabularies import ReportStatus

pytestmark = pytest.mark.django_db
CASE = "/cases/alexander/"
SOURCE = "/sources/six-russian-soldiers-granted-temporary-asylum-in-france-2024-10-16/"
REPORTABLE = [CASE, "/cohorts/six-russian-soldiers-france-2024/", "/countries/kz/", SOURCE]


@pytest.fixture
def seasoned(monkeypatch):
    """Tokens as a person sends them: seconds after the page was shown, not at once."""
    monkeypatch.setattr(reports, "TOKEN_MIN_AGE", dt.timedelta(0))


def token_on(client, path: str) -> str:
    html = client.get(path).content.decode()
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def send(client, page, token=None, prefix="", **fields):
    data = {"page": page, "token": token if token is not None else reports.form_token(page), "message": "Wrong date."}
    meta = {key: fields.pop(key) for key in list(fields) if key.isupper()}
    data.update(fields)
    return client.post(f"{prefix}/report/", data, **meta)


@pytest.mark.parametrize("path", [*REPORTABLE, *(f"/ru{p}" for p in REPORTABLE)])
def test_every_record_page_has_a_form_that_needs_no_cookie_and_no_script(client, article, path):
    response = client.get(path)
    html = response.content.decode()
    assert 'class="report-form" method="post"' in html
    assert f'action="{"/ru" if path.startswith("/ru/") else ""}/report/"' in html
    assert f'name="page" value="{path}"' in html
    assert "<script" not in html
    assert response.cookies == {}


def test_a_report_is_stored_for_staff_and_the_reader_is_told_what_happens_next(client, article, seasoned):
    token = token_on(client, CASE)
    response = send(client, CASE, token, message="The date of the visa is wrong.", contact="Signal: @someone")
    assert response.status_code == 302
    assert response["Location"] == "/report/thanks/?page=%2Fcases%2Falexander%2F"
    assert response.cookies == {}
    report = ErrorReport.objects.get()
    assert (report.page, report.message, report.contact, report.language) == (
        CASE,
        "The date of the visa is wrong.",
        "Signal: @someone",
        "en",
    )
    assert report.status == ReportStatus.NEW
    thanks = client.get(response["Location"]).content.decode()
    assert "What happens next" in thanks
    assert "Nothing you sent is published" in thanks
    assert f'href="{CASE}"' in thanks


def test_a_report_from_a_russian_page_is_answered_in_russian(client, article, seasoned):
    page = "/ru" + CASE
    response = send(client, page, token_on(client, page), prefix="/ru")
    assert response.status_code == 302
    assert ErrorReport.objects.get().language == "ru"
    assert "Ничего из того, что вы отправили, не публикуется" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "change, error",
    [
        ({"message": ""}, "This field is required."),
        ({"message": "x" * 4001}, "at most 4000 characters"),
        ({"contact": "y" * 201}, "at most 200 characters"),
        ({"token": "forged:token:value"}, "The form has expired"),
    ],
)
def test_a_bad_report_is_refused_with_the_reason_and_nothing_is_kept(client, article, seasoned, change, error):
    response = send(client, CASE, **change)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert ErrorReport.objects.count() == 0


def test_a_report_about_a_page_that_takes_none_is_refused(client, article, seasoned):
    response = send(client, "/about/")
    assert response.status_code == 400
    assert "This page does not take error reports." in response.content.decode()
    assert ErrorReport.objects.count() == 0


def test_a_token_for_another_page_an_old_one_or_one_sent_at_once_is_refused(client, article, monkeypatch):
    assert send(client, CASE).status_code == 400  # sent the instant the page was shown
    monkeypatch.setattr(reports, "TOKEN_MIN_AGE", dt.timedelta(0))
    assert send(client, CASE, token=reports.form_token("/countries/kz/")).status_code == 400
    old = timezone.now() - reports.TOKEN_MAX_AGE - dt.timedelta(minutes=1)
    monkeypatch.setattr("time.time", lambda: old.timestamp())
    stale = reports.form_token(CASE)
    monkeypatch.undo()
    monkeypatch.setattr(reports, "TOKEN_MIN_AGE", dt.timedelta(0))
    assert send(client, CASE, token=stale).status_code == 400
    assert ErrorReport.objects.count() == 0


def test_the_honeypot_keeps_nothing_but_looks_like_success(client, article, seasoned):
    response = send(client, CASE, website="http://spam.example")
    assert response.status_code == 302
    assert ErrorReport.objects.count() == 0


def test_an_oversized_request_is_refused_before_it_is_read(client, article, seasoned):
    response = send(client, CASE, message="x" * 30_000)
    assert response.status_code == 413
    assert ErrorReport.objects.count() == 0


def test_reports_are_rate_limited_per_address(client, article, seasoned, settings):
    settings.REPORT_RATE = "3/hour"
    for _ in range(3):
        assert send(client, CASE, REMOTE_ADDR="203.0.113.5").status_code == 302
    refused = send(client, CASE, REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many reports" in refused.content.decode()
    assert send(client, CASE, REMOTE_ADDR="198.51.100.7").status_code == 302
    assert ErrorReport.objects.count() == 4


def test_a_forwarded_address_counts_only_as_far_as_proxies_are_trusted(client, article, seasoned, settings):
    settings.REPORT_RATE = "1/hour"
    # No trusted proxy: a forged X-Forwarded-For does not give a fresh allowance.
    assert send(client, CASE, HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 302
    assert send(client, CASE, HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 429


def test_the_form_page_without_a_reportable_page_is_not_found(client, db):
    assert client.get("/report/").status_code == 404
    assert client.get("/report/?page=/about/").status_code == 404
    assert client.get("/report/?page=/cases/alexander/").status_code == 200


def test_closing_a_report_starts_its_90_days_and_the_purge_deletes_it_then(db):
    report = ErrorReport.objects.create(page=CASE, message="m", language="en")
    kept = ErrorReport.objects.create(page=CASE, message="still open", language="en")
    reports.reports_set_status(reports=ErrorReport.objects.filter(pk=report.pk), status=ReportStatus.DONE)
    report.refresh_from_db()
    assert report.closed_at is not None
    assert reports.reports_purge(now=report.closed_at + dt.timedelta(days=89)) == 0
    ErrorReport.objects.filter(pk=report.pk).update(closed_at=timezone.now() - dt.timedelta(days=91))
    call_command("purge_reports", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(ErrorReport.objects.all()) == [kept]


def test_reopening_a_report_stops_its_clock(db):
    report = ErrorReport.objects.create(page=CASE, message="m", language="en", status=ReportStatus.DONE)
    assert report.closed_at is not None
    report.status = ReportStatus.IN_PROGRESS
    report.save()
    assert report.closed_at is None


def test_triage_list_is_for_staff_with_the_permission(client, article, reviewer, editor):
    ErrorReport.objects.create(page=CASE, message="Triage me", contact="c", language="en")
    assert client.get("/admin/casework/errorreport/").status_code == 302  # anonymous: to the login
    client.force_login(editor)
    assert client.get("/admin/casework/errorreport/").status_code == 403
    client.force_login(reviewer)
    listing = client.get("/admin/casework/errorreport/?status__exact=new")
    assert listing.status_code == 200
    assert "Triage me" in listing.content.decode()
    report = ErrorReport.objects.get()
    response = client.post(
        "/admin/casework/errorreport/",
        {"action": "mark_done", "_selected_action": [report.pk]},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.closed_at is not None


@pytest.mark.parametrize("page", ["//evil.example/cases/x/", "https://evil.example/cases/x/", "/cases/x/?next=//evil"])
def test_the_page_a_report_links_back_to_is_only_ever_a_record_page_here(client, db, page):
    assert client.get("/report/", {"page": page}).status_code == 404
    thanks = client.get("/report/thanks/", {"page": page}).content.decode()
    main = thanks.split("<main")[1].split("</main>")[0]
    assert "evil" not in main
    assert "Back to the page" not in main
