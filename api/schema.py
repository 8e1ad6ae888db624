"""The OpenAPI description of the answers that are not records: errors, throttling and CSV,
so that a client generated from the schema knows every status and media type it can meet."""

from functools import cache

from drf_spectacular.openapi import AutoSchema

from api.counts import by_parameter
from api.crawl import crawl_parameters, crawl_serializer
from api.language import LANG_PARAMETER
from api.selection import selection_parameters

ERROR_COMPONENT = "Error"

# drf-standardized-errors writes every error in this shape (api/errors.py covers the
# answers Django gives before DRF is reached: unknown paths and crashes).
ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "Every error of the API, whatever its status. `type` is validation_error (a bad parameter: 400), "
        "client_error (any other 4xx) or server_error (5xx); `errors` lists what is wrong, each with a "
        "machine-readable `code`, a `detail` for people and, for a bad parameter, its name in `attr`."
    ),
    "properties": {
        "type": {
            "type": "string",
            "enum": ["validation_error", "client_error", "server_error"],
            "description": "validation_error, client_error or server_error.",
        },
        "errors": {
            "type": "array",
            "minItems": 1,
            "description": "What is wrong, one entry per problem.",
            "items": {
                "type": "object",
                "properties": {
                    "code": {
                        "type": "string",
                        "description": "Machine-readable, e.g. invalid, invalid_choice, not_found, throttled.",
                    },
                    "detail": {"type": "string", "description": "What is wrong and how to put it right."},
                    "attr": {
                        "type": "string",
                        "nullable": True,
                        "description": "The query parameter at fault; null when the error is not about one.",
                    },
                },
                "required": ["code", "detail", "attr"],
            },
        },
    },
    "required": ["type", "errors"],
    "example": {
        "type": "validation_error",
        "errors": [
            {
                "code": "invalid_choice",
                "detail": "Select a valid choice. flying is not one of the available choices.",
                "attr": "type",
            }
        ],
    },
}

ERROR_REF = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}


def _error(description: str, **extra) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ERROR_REF}}, **extra}


RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait before trying again."}}


CSV_SCHEMA = {
    "type": "string",
    "description": (
        "With format=csv: a header row of field names, then one row per record (UTF-8, comma-separated, "
        "RFC 4180 quoting). Without page or page_size it holds every matching record."
    ),
}


COUNTS_CSV_SCHEMA = {
    "type": "string",
    "description": "With format=csv: a header row (the fields of by, then count), then one row per group.",
}


RATE_LIMIT_HEADERS = {
    "RateLimit-Limit": {"schema": {"type": "integer"}, "description": "Requests allowed per window from this address."},
    "RateLimit-Remaining": {"schema": {"type": "integer"}, "description": "Requests left in the current window."},
    "RateLimit-Reset": {"schema": {"type": "integer"}, "description": "Seconds until a request is freed."},
}

CONDITIONAL_HEADERS = {
    **RATE_LIMIT_HEADERS,
    "ETag": {
        "schema": {"type": "string"},
        "description": "Of this answer's body (JSON only); send it back in If-None-Match to get a 304 if unchanged.",
    },
    "Last-Modified": {
        "schema": {"type": "string"},
        "description": (
            "When the public content of this answer last changed (for a list: any of its records, or one of its "
            "type leaving the public). Edits the public cannot see do not move it."
        ),
    },
}


def add_error_component(result, generator, request, public):
    """Postprocessing hook: the one error shape every operation refers to."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
    return result


@cache
def selectable_serializers() -> dict[type, tuple[str, ...]]:
    """The serializers whose top-level fields fields= and omit= choose from, with the keys
    they always keep: those of every list and detail on the router."""
    from api.urls import router

    found: dict[type, tuple[str, ...]] = {}
    for _prefix, viewset, _basename in router.registry:
        for action in ("list", "retrieve"):
            view = viewset(action=action, request=None, format_kwarg=None, args=(), kwargs={})
            found[view.get_serializer_class()] = viewset.key_fields
    return found


class PublicAutoSchema(AutoSchema):
    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        keys = selectable_serializers().get(serializer if isinstance(serializer, type) else type(serializer))
        if keys is not None and "required" in schema:
            # fields= and omit= may leave out any field but the key, so a client must not
            # count on the others being there (without them, every field is).
            schema["required"] = [name for name in schema["required"] if name in keys]
        return schema

    def action(self) -> str | None:
        return getattr(self.view, "action", None)

    def get_override_parameters(self):
        # Every operation of a record path takes ?lang= (api/language.py).
        return [*super().get_override_parameters(), LANG_PARAMETER]

    def lists(self) -> bool:
        """Whether the operation reads the list's filters (a list, its counts or its crawl)."""
        return self._is_list_view() or self.action() in ("counts", "crawl")

    def get_response_serializers(self):
        if self.action() == "crawl":
            return crawl_serializer(self.view.get_serializer_class())
        return super().get_response_serializers()

    def get_filter_backends(self):
        if self.action() in ("counts", "crawl"):
            # Counts take the list's filters and search; order means nothing to them.
            return [backend for backend in self.view.filter_backends if not hasattr(backend, "ordering_param")]
        return super().get_filter_backends()

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        if self.action() == "counts":
            parameters.append(by_parameter(self.view.count_fields))
        if self.action() == "crawl":
            parameters += crawl_parameters(self.view.key_fields[0])
        if self.action() in ("list", "retrieve", "crawl"):
            available = list(self.view.get_serializer_class()().fields)
            parameters += selection_parameters(available, self.view.key_fields)
        for parameter in parameters:
            schema = parameter["schema"]
            if schema.get("type") == "array":
                # Comma-separated values: at least one (an empty parameter is a 400).
                schema["minItems"] = 1
                example = schema["items"].pop("x-example", None)
                if example:
                    parameter["example"] = example.split(",")
            elif "x-example" in schema:
                parameter["example"] = schema.pop("x-example")
            elif "example" in schema:
                parameter["example"] = schema.pop("example")
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        listing = self.lists()
        if "200" in responses and not responses["200"].get("description"):
            responses["200"]["description"] = (
                "The counts." if self.action() == "counts" else "One page of records." if listing else "The record."
            )
        if "200" in responses:
            responses["200"]["headers"] = CONDITIONAL_HEADERS
            responses["304"] = {
                "description": (
                    "Not modified: the ETag given in If-None-Match still matches, or nothing changed since "
                    "If-Modified-Since. No body."
                )
            }
        content = responses.get("200", {}).get("content", {})
        if "text/csv" in content:
            content["text/csv"] = {"schema": COUNTS_CSV_SCHEMA if self.action() == "counts" else CSV_SCHEMA}
        if listing:
            responses["400"] = _error(
                "A parameter is unknown, repeated, or has a value that cannot be used; `attr` names it."
            )
            responses["404"] = _error(
                "The page does not exist, or a filter names a record that is not published; `attr` names it."
            )
        else:
            responses["400"] = _error("A query parameter was given that a single record does not take.")
            responses["404"] = _error("No published record has this key; an unpublished one answers the same.")
        responses["405"] = _error(
            "The API is read-only: only GET, HEAD and OPTIONS are allowed.",
            headers={"Allow": {"schema": {"type": "string"}, "description": "The methods this path allows."}},
        )
        responses["406"] = _error("The Accept header asks for a media type this path cannot give.")
        responses["429"] = _error("Too many requests from this address; wait as long as Retry-After says.")
        responses["429"]["headers"] = {**RETRY_AFTER, **RATE_LIMIT_HEADERS}
        responses["500"] = _error("Something failed on the server; nothing about the records is in the answer.")
        return responses
