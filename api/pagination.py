"""Pages of at most 100 records, with errors a researcher can act on."""

from django.core.paginator import InvalidPage, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

from casework.public_cache import cached_for_query


def _whole_number(raw: str) -> int | None:
    """A positive integer, or None. Absurdly long numbers count as very large rather
    than reaching int()'s digit limit."""
    if not raw.isascii() or not raw.isdecimal():
        return None
    number = int(raw) if len(raw) < 19 else 10**18
    return number if number >= 1 else None


class CountedOncePaginator(Paginator):
    """A Paginator whose ``count`` is read once per version of the public records.

    An exact ``COUNT(*)`` goes through the visibility rule for every matching row (half a
    second for the 400,000 events at 100,000 persons, on every page of every list). The
    count stays exact: it is keyed by the query's SQL and the public state's version,
    which every write to a record moves in the writer's transaction
    (``casework.public_cache``)."""

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return super().count
        return cached_for_query("api-count", self.object_list, QuerySet.count, empty=0)


class PageNumberPagination(pagination.PageNumberPagination):
    django_paginator_class = CountedOncePaginator
    page_size_query_param = "page_size"
    max_page_size = 100
    page_query_description = "Page number, from 1."
    page_size_query_description = "Records per page, from 1 to 100."

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param, "").strip()
        if not raw:
            return self.page_size
        size = _whole_number(raw)
        if size is None or size > self.max_page_size:
            # Rejected rather than capped, as the schema's maximum says: a crawler that asked
            # for 1000 and got 100 would believe it had everything.
            raise ValidationError({self.page_size_query_param: ["Use a whole number from 1 to 100."]})
        return size

    def paginate_queryset(self, queryset, request, view=None):
        page_size = self.get_page_size(request)
        raw = request.query_params.get(self.page_query_param, "").strip() or "1"
        number = _whole_number(raw)
        if number is None:
            raise ValidationError({self.page_query_param: ["Use a whole number from 1."]})
        paginator = self.django_paginator_class(queryset, page_size)
        try:
            self.page = paginator.page(number)
        except InvalidPage as exc:
            raise NotFound(
                f"Page {number} does not exist: this list has {paginator.num_pages} "
                f"page{'s' if paginator.num_pages != 1 else ''} of up to {page_size} records."
            ) from exc
        self.request = request
        return list(self.page)

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        descriptions = {
            "count": "How many records match the request, on all pages together.",
            "next": "The next page with the same parameters; null on the last page.",
            "previous": "The previous page with the same parameters; null on the first page.",
            "results": "The records of this page.",
        }
        for name, description in descriptions.items():
            response["properties"][name]["description"] = description
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters
