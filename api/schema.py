"""The OpenAPI description of the answers that are not records: errors and throttling,
so that a client generated from the schema knows every status it can meet."""

from drf_spectacular.openapi import AutoSchema

ERROR_BODY = {
    "type": "object",
    "description": (
        "`detail` explains the error; for a bad parameter the key is the parameter's name, with a list of "
        "messages; an unknown parameter also lists `accepted_parameters`."
    ),
    "additionalProperties": True,
}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ERROR_BODY}}}


class PublicAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        listing = self._is_list_view()
        if "200" in responses and not responses["200"].get("description"):
            responses["200"]["description"] = "One page of records." if listing else "The record."
        if listing:
            responses["400"] = _error(
                "A parameter is unknown, repeated, or has a value that cannot be used; the body names it."
            )
            responses["404"] = _error("The page does not exist; the body says how many there are.")
        else:
            responses["400"] = _error("A query parameter was given that a single record does not take.")
            responses["404"] = _error("No published record has this key; an unpublished one answers the same.")
        responses["429"] = {
            **_error("Too many requests from this address; wait as long as Retry-After says."),
            "headers": {
                "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait before trying again."}
            },
        }
        return responses
