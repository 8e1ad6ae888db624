"""Reporting an error from a public page, without giving the sender a cookie.

The form needs no CSRF cookie, and must not get one: a cookie set for every reader of a
case page is a stable identifier for people at risk, and it would make every page vary by
cookie. Django's CSRF protection guards actions taken with a visitor's session; a report
is sent by nobody in particular and changes nothing public, so it has no session to ride
on. What a report form does need is to stop replayed and scripted posts, and a signed,
time-limited token does that without state: the page signs its own address and the time
it was shown, and the report is accepted only for that address, between a few seconds
(a person reads and types) and a few hours after it was shown. Add to that a honeypot
field, a size limit and a per-address rate limit counted in the shared cache.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.throttling import SimpleRateThrottle

from casework.models.reports import REPORT_CONTACT_MAX, REPORT_MESSAGE_MAX, ErrorReport
from casework.vocabularies import ReportStatus

TOKEN_SALT = "casework.reports.form"
TOKEN_MIN_AGE = dt.timedelta(seconds=3)
TOKEN_MAX_AGE = dt.timedelta(hours=6)
# A whole report, form fields and encoding included, is far below this.
MAX_REQUEST_BYTES = 24 * 1024
REPORT_RETENTION = dt.timedelta(days=90)
# Pages a report can be about: the records a reader can find an error in.
REPORTABLE_PAGES = {"case-detail", "cohort-detail", "country-detail", "source-detail"}


def form_token(page: str) -> str:
    return signing.dumps({"page": page, "shown": time.time()}, salt=TOKEN_SALT, compress=True)


def token_page(token: str) -> str | None:
    """The page a token was issued for, or None if it is forged, too old or too fresh."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or time.time() - float(data.get("shown", 0)) < TOKEN_MIN_AGE.total_seconds():
        return None
    return data.get("page")


def reportable(page: str) -> bool:
    try:
        return resolve(page).url_name in REPORTABLE_PAGES
    except Resolver404:
        return False


class ReportThrottle(SimpleRateThrottle):
    """Reports per sender address, counted in the shared cache (the address is trusted as
    far as settings.REST_FRAMEWORK["NUM_PROXIES"] says). The cache key holds a keyed hash
    of the address, not the address itself."""

    scope = "report"

    def get_rate(self) -> str:
        return settings.REPORT_RATE

    def get_cache_key(self, request, view) -> str:
        # DRF's anonymous throttle asks request.user first, which reads the session; the
        # report form must not touch the session, so the key is the address alone.
        digest = hmac.new(settings.SECRET_KEY.encode(), self.get_ident(request).encode(), hashlib.sha256)
        return self.cache_format % {"scope": self.scope, "ident": digest.hexdigest()}


EXPIRED = _("The form has expired or was sent too quickly. Copy your text, reload the page and send it again.")


class ReportForm(forms.Form):
    page = forms.CharField(widget=forms.HiddenInput, max_length=300)
    token = forms.CharField(widget=forms.HiddenInput, max_length=500)
    message = forms.CharField(
        label=_("What is wrong?"),
        max_length=REPORT_MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Say which fact, and what the source or you know instead."),
    )
    contact = forms.CharField(
        label=_("How can the editors reach you? (optional)"),
        max_length=REPORT_CONTACT_MAX,
        required=False,
        help_text=_("Only if you want an answer. Leave it empty to stay anonymous."),
    )
    # A field people never see; scripts that fill every field fill it.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["contact"].widget.attrs.update({"autocomplete": "off"})

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def clean(self):
        cleaned = super().clean()
        page, token = cleaned.get("page"), cleaned.get("token")
        if page and token is not None:
            if not reportable(page):
                raise forms.ValidationError(_("This page does not take error reports."), code="page")
            if token_page(token) != page:
                raise forms.ValidationError(EXPIRED, code="token")
        return cleaned


def report_create(*, page: str, message: str, contact: str, language: str) -> ErrorReport:
    return ErrorReport.objects.create(page=page, message=message, contact=contact, language=language)


def reports_set_status(*, reports, status: str) -> int:
    """Move reports to ``status``; closing one starts its 90 days, reopening stops them."""
    closed_at = timezone.now() if status == ReportStatus.DONE else None
    changing = reports.exclude(status=status)
    return changing.update(status=status, closed_at=closed_at, updated_at=timezone.now())


def reports_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the reports closed more than 90 days ago; return how many."""
    cutoff = (now or timezone.now()) - REPORT_RETENTION
    deleted, _counts = ErrorReport.objects.filter(status=ReportStatus.DONE, closed_at__lte=cutoff).delete()
    return deleted
