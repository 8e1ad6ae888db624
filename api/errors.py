"""Errors that Django answers before DRF is reached (a path no route matches, a crash
outside a view) in the API's one error shape, so that nothing under /api/ is an HTML page.

DRF's own errors go through drf-standardized-errors (REST_FRAMEWORK["EXCEPTION_HANDLER"]);
these two handlers write the same shape for the rest."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from drf_standardized_errors.formatter import ExceptionFormatter

API_PREFIX = "/api/"


class ErrorFormatter(ExceptionFormatter):
    """drf-standardized-errors' shape, with a code on every error: django-filter's form
    errors arrive without one, and the schema promises a string."""

    def get_errors(self):
        errors = super().get_errors()
        for error in errors:
            error.code = error.code or "invalid"
        return errors


def error_body(*, type: str, code: str, detail: str, attr: str | None = None) -> dict:
    return {"type": type, "errors": [{"code": code, "detail": detail, "attr": attr}]}


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        # The path is not echoed: the answer is the same for a draft's slug and a made-up one.
        body = error_body(
            type="client_error",
            code="not_found",
            detail="Nothing is published at this path. The API root /api/v1/ lists every resource.",
        )
        return JsonResponse(body, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        body = error_body(type="server_error", code="error", detail="Server Error (500)")
        return JsonResponse(body, status=500)
    return defaults.server_error(request)
