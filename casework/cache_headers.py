"""Cache-Control for every answer: public pages and API answers may be kept by a shared
cache or CDN for a short while; nothing a staff member sees, and no form, ever is.

The validators (ETag, Last-Modified, 304 answers) come from ConditionalGetMiddleware,
which sits outside this one and copies Cache-Control onto its 304s.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control

# Public addresses whose answers carry a form (with its CSRF and time tokens).
FORM_PAGES = frozenset({"report", "report-thanks"})
STAFF_PREFIXES = ("/admin/",)


def _logged_in(request: HttpRequest) -> bool:
    # Without a session cookie nobody is logged in, and the session is not read: reading
    # it would add "Vary: Cookie" to every anonymous answer.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _form_page(request: HttpRequest) -> bool:
    try:
        return resolve(request.path_info).url_name in FORM_PAGES
    except Resolver404:
        return False


def publicly_cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.cookies
        and not request.path_info.startswith(STAFF_PREFIXES)
        and not _form_page(request)
        and not _logged_in(request)
    )


class CacheControlMiddleware:
    """``public, max-age=PUBLIC_CACHE_SECONDS`` on a successful anonymous read of a public
    page or API answer; ``private, no-store`` on any answer to a logged-in user, the admin,
    the error report form and whatever sets a cookie. A view that decided itself (never_cache,
    the admin's own) is left as it is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if publicly_cacheable(request, response):
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
        elif (
            _logged_in(request)
            or response.cookies
            or request.path_info.startswith(STAFF_PREFIXES)
            or _form_page(request)
            or request.method not in ("GET", "HEAD")
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response
