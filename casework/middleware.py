"""Requests refused before any view sees them."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from api.errors import API_PREFIX, error_body

# C0 controls, DEL and C1 controls. No page, filter or search means anything by them, and
# PostgreSQL refuses a NUL in any text it is given, which a view would turn into a 500.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _offending_parameter(request: HttpRequest) -> str | None:
    for name, values in request.GET.lists():
        if CONTROL_CHARACTERS.search(name) or any(CONTROL_CHARACTERS.search(value) for value in values):
            # Name the parameter without echoing the characters themselves.
            return CONTROL_CHARACTERS.sub("?", name)
    return None


class RejectControlCharactersMiddleware:
    """A 400 naming the parameter (or the path) that carries a control character, for the
    site, the API and the admin alike."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if CONTROL_CHARACTERS.search(request.path_info):
            return self.refuse(request, None, _("The address contains a control character."))
        name = _offending_parameter(request)
        if name is not None:
            message = _("The parameter “%(name)s” contains a control character.") % {"name": name}
            return self.refuse(request, name, message)
        return self.get_response(request)

    def refuse(self, request: HttpRequest, name: str | None, message: str) -> HttpResponse:
        if request.path_info.startswith(API_PREFIX):
            body = error_body(type="validation_error", code="control_character", detail=message, attr=name)
            return JsonResponse(body, status=400)
        return render(request, "400.html", {"message": message}, status=400)
