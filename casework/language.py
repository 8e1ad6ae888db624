"""Which language a request is answered in, and the same page's address in the other one.

Public pages carry their language in the URL (English at the root, Russian under /ru/;
see casework/urls.py). Nothing about the language is kept in a cookie or a session: a
cookie would give every anonymous reader a stable identifier, and pages that vary by
cookie cannot be kept by a shared cache. The admin and the API have no language prefix;
they follow the caller's Accept-Language header, as they did before the pages had one.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.cache import patch_vary_headers

# Paths outside i18n_patterns whose language comes from the Accept-Language header.
HEADER_LANGUAGE_PATHS = ("/admin/", "/api/")


class UrlLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith(HEADER_LANGUAGE_PATHS):
            request.language_from_header = True
            translation.activate(translation.get_language_from_request(request, check_path=False))
            request.LANGUAGE_CODE = translation.get_language()
        else:
            super().process_request(request)

    def process_response(self, request: HttpRequest, response):
        # A public page's language is fixed by its address, so the answer does not vary
        # with Accept-Language and a shared cache may keep one copy of it.
        if getattr(request, "language_from_header", False):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def page_in(language: str, request: HttpRequest, *, absolute: bool = False) -> str:
    """The address of the requested page in ``language``, query string kept."""
    path = request.path_info
    current = translation.get_language_from_path(path)
    if current and path.startswith(f"/{current}/"):
        path = path[len(current) + 1 :]
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    url = get_script_prefix().rstrip("/") + prefix + path
    if query := request.META.get("QUERY_STRING"):
        url = f"{url}?{query}"
    if not absolute:
        return url
    try:
        return request.build_absolute_uri(url)
    except DisallowedHost:
        # The 400 page for a request whose Host is not ours: naming that host in its links
        # would be wrong, and failing here would turn the 400 into a 500.
        return url


def languages(request: HttpRequest) -> dict:
    """Context for the language links and the hreflang alternates of every public page."""
    current = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        links.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "url": page_in(code, request),
                "absolute_url": page_in(code, request, absolute=True),
                "current": code == current,
            }
        )
    return {
        "language_links": links,
        "default_language_url": page_in(settings.LANGUAGE_CODE, request, absolute=True),
    }
