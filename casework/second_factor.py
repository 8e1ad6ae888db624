"""A second factor for every staff account (django-otp: TOTP, with static backup codes).

The admin's own login checks the password (and django-axes the failures); then
`RequireSecondFactorMiddleware` keeps every admin page closed until the session has
verified a one-time password. A staff member without a device is sent to enrol one first:
scan the code into an authenticator app, type one code to confirm it, and keep the backup
codes shown once. A lost device is reset by an administrator with
`manage.py reset_second_factor` (docs/editors.md).

Changing a person's restricted fields or exporting them asks for the second factor again
when the last verification is older than `SECOND_FACTOR_FRESH_SECONDS`.
"""

from __future__ import annotations

import time

import django_otp
import segno
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

# When the session last proved the second factor (seconds since the epoch).
VERIFIED_AT_SESSION_KEY = "second_factor_verified_at"
BACKUP_CODE_COUNT = 10
DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup codes"
SECOND_FACTOR_URL_NAMES = ("second-factor-verify", "second-factor-enrol")


def is_verified(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_verified())


def is_fresh(request: HttpRequest) -> bool:
    """Verified within the last SECOND_FACTOR_FRESH_SECONDS."""
    verified_at = request.session.get(VERIFIED_AT_SESSION_KEY)
    if not is_verified(request) or not isinstance(verified_at, int | float):
        return False
    return time.time() - verified_at <= settings.SECOND_FACTOR_FRESH_SECONDS


def ask_again(request: HttpRequest, next_url: str) -> HttpResponse:
    """Send the user to prove the second factor again, then back to `next_url`."""
    messages.warning(request, _("Confirm it is you: enter a code from your authenticator app, then try again."))
    return redirect(f"{reverse('second-factor-verify')}?{urlencode({'next': next_url, 'again': 1})}")


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}, require_https=False):
        return candidate
    return reverse("admin:index")


def _page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    # The admin's header and title, but not its app list: nothing of the admin shows yet.
    base = {"site_header": admin.site.site_header, "site_title": admin.site.site_title, "has_permission": False}
    return render(request, f"admin/second_factor/{template}", {**base, **context})


def _second_factor_passed(request: HttpRequest, device) -> None:
    django_otp.login(request, device)
    request.session[VERIFIED_AT_SESSION_KEY] = time.time()
    # A new privilege level gets a new session key, as at login.
    request.session.cycle_key()


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "numeric"}),
    )

    def clean_token(self) -> str:
        return "".join(self.cleaned_data["token"].split()).lower()


@sensitive_post_parameters("token")
@never_cache
@login_required(login_url="admin:login")
def verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not django_otp.user_has_device(user):
        return redirect(f"{reverse('second-factor-enrol')}?{urlencode({'next': _next_url(request)})}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        for device in django_otp.devices_for_user(user):
            verified = django_otp.verify_token(user, device.persistent_id, token)
            if verified is not None:
                _second_factor_passed(request, verified)
                return HttpResponseRedirect(_next_url(request))
        form.add_error(
            "token",
            _(
                "This code is wrong or was already used. After several wrong codes in a row, wait a moment "
                "before the next try."
            ),
        )
    return _page(
        request,
        "verify.html",
        {
            "form": form,
            "next": _next_url(request),
            "again": bool(request.GET.get("again")),
            "title": _("Second factor"),
        },
    )


def _pending_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def _confirm(request: HttpRequest, device: TOTPDevice) -> list[str]:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    backup, _created = StaticDevice.objects.get_or_create(
        user=device.user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    backup.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    _second_factor_passed(request, device)
    return codes


@sensitive_post_parameters("token")
@never_cache
@login_required(login_url="admin:login")
def enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    if django_otp.user_has_device(user):
        # Adding a device to an account takes an administrator's reset, never a logged-in session alone.
        return redirect(f"{reverse('second-factor-verify')}?{urlencode({'next': _next_url(request)})}")
    device = _pending_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            codes = _confirm(request, device)
            return _page(
                request,
                "backup_codes.html",
                {"codes": codes, "next": _next_url(request), "title": _("Backup codes")},
            )
        form.add_error(
            "token",
            _(
                "This code is wrong. Check the clock of your phone and type the newest code; after several "
                "wrong codes in a row, wait a moment before the next try."
            ),
        )
    secret = device.config_url.split("secret=", 1)[1].split("&", 1)[0]
    return _page(
        request,
        "enrol.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "title": _("Set up a second factor"),
        },
    )


class RequireSecondFactorMiddleware:
    """No admin page opens to a staff session that has not passed the second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_verify(request):
            target = "second-factor-verify" if django_otp.user_has_device(request.user) else "second-factor-enrol"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _must_verify(request: HttpRequest) -> bool:
        if not request.path_info.startswith(reverse("admin:index")):
            return False
        open_to_all = {reverse(name) for name in ("admin:login", "admin:logout", *SECOND_FACTOR_URL_NAMES)}
        if request.path_info in open_to_all:
            return False
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated and user.is_staff and not user.is_verified())


urlpatterns = [
    path("", verify, name="second-factor-verify"),
    path("enrol/", enrol, name="second-factor-enrol"),
]
