"""Read-only viewsets. Each queryset starts from ``public()``; related collections are
prefetched through ``public()`` too, so that a draft never appears nested in a public record."""

from __future__ import annotations

from itertools import chain, islice

from django.db.models import Prefetch
from django.http import Http404, StreamingHttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import MethodNotAllowed, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.reverse import reverse
from rest_framework.routers import APIRootView

from api import filters, serializers
from api.renderers import csv_lines
from api.schema import PublicAutoSchema
from api.search import SEARCH_PARAM
from casework import selectors
from casework.models import (
    AsylumOutcome,
    Charge,
    Cohort,
    Country,
    Event,
    Organization,
    Person,
    Prosecution,
    Source,
    Statistic,
)

FORMAT_PARAM = "format"
CSV_CHUNK_SIZE = 500

FORMAT_PARAMETER = OpenApiParameter(
    FORMAT_PARAM,
    str,
    enum=["json", "csv"],
    description=(
        "json (default) or csv. CSV holds every record that matches the filters, search and ordering, "
        "unpaginated, one row per record with its url; lists of slugs are joined with '; ' and citations "
        "are JSON in one cell."
    ),
)


def batched(iterable, size: int):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


# An empty search matches everything; any other parameter given empty is a mistake
# (a form field left blank, a variable that was never set) rather than a request.
EMPTY_ALLOWED = {SEARCH_PARAM}


def reject_unusable_parameters(request, accepted: set[str]) -> None:
    """Every parameter is one the resource takes, given once: each problem is a 400 whose
    error names the parameter. (Control characters never get here: casework.middleware
    refuses them for every path.)"""
    errors = {}
    for name, values in request.query_params.lists():
        if name not in accepted:
            errors[name] = [f"Unknown parameter. This path takes: {', '.join(sorted(accepted))}."]
        elif len(values) > 1:
            # Only one value would be used; say so rather than pick one silently.
            errors[name] = ["Give this parameter once; separate several values with commas."]
        elif not values[0].strip() and name not in EMPTY_ALLOWED:
            errors[name] = ["This parameter is empty: give it a value or leave it out."]
    if errors:
        raise ValidationError(errors)


DETAIL_FORMAT_PARAMETER = OpenApiParameter(
    FORMAT_PARAM, str, enum=["json"], description="json, the default; CSV is for lists only."
)
SLUG_PATTERN = r"[-a-zA-Z0-9_]+"
SLUG_PARAMETER = OpenApiParameter(
    "slug",
    str,
    OpenApiParameter.PATH,
    pattern=f"^{SLUG_PATTERN}$",
    description="The record's slug, as given in its url and in references.",
)


@extend_schema_view(
    list=extend_schema(parameters=[FORMAT_PARAMETER]),
    retrieve=extend_schema(
        parameters=[DETAIL_FORMAT_PARAMETER, SLUG_PARAMETER],
        description="One published record. A record that does not exist or is not published answers 404.",
    ),
)
class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    """Shared behaviour: strict parameters, CSV exports, filters on lists only."""

    schema = PublicAutoSchema()
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    ordering_fields: list[str] = ["slug"]
    cites = True  # the records carry citations

    def accepted_parameters(self) -> set[str]:
        if self.action != "list":
            return {FORMAT_PARAM}
        accepted = {FORMAT_PARAM, SEARCH_PARAM}
        if self.filterset_class is not None:
            accepted |= set(self.filterset_class.base_filters)
        if self.ordering_fields:
            accepted.add("ordering")
        accepted |= {self.paginator.page_query_param, self.paginator.page_size_query_param}
        return accepted

    def wants_page(self) -> bool:
        return any(
            self.request.query_params.get(name, "").strip()
            for name in (self.paginator.page_query_param, self.paginator.page_size_query_param)
        )

    def wants_csv(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return renderer is not None and renderer.format == "csv"

    def initial(self, request, *args, **kwargs):
        if not hasattr(self, request.method.lower()):
            # The method is refused before its parameters (?format= included) are looked at.
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        reject_unusable_parameters(request, self.accepted_parameters())

    def format_advice(self) -> str:
        return "Use json or csv." if self.action == "list" else "Use json (csv is for lists only)."

    def get_renderers(self):
        if self.action == "list":
            return super().get_renderers()
        return [JSONRenderer()]

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force=force)
        except Http404 as exc:
            # DRF answers an unknown ?format= with a bare 404; say what is accepted instead.
            raise ValidationError({FORMAT_PARAM: [self.format_advice()]}) from exc

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors are always JSON, even when a CSV was asked for.
        if response.status_code >= 400 and self.wants_csv():
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    def with_citations(self, records: list) -> list:
        return selectors.attach_citations(records) if self.cites else records

    def paginate_queryset(self, queryset):
        return self.with_citations(super().paginate_queryset(queryset))

    def get_object(self):
        return self.with_citations([super().get_object()])[0]

    def filter_queryset(self, queryset):
        # DRF's get_object() filters too; a record's detail answers to its slug alone.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def list(self, request, *args, **kwargs):
        if self.wants_csv():
            return self.csv_response()
        return super().list(request, *args, **kwargs)

    def csv_response(self) -> StreamingHttpResponse:
        queryset = self.filter_queryset(self.get_queryset())
        if self.wants_page():
            # One page as CSV, the same records the JSON page holds.
            records = iter(self.paginator.paginate_queryset(queryset, self.request, view=self))
        else:
            # iterator(chunk_size) keeps memory flat and still runs the prefetches per chunk.
            records = queryset.iterator(chunk_size=CSV_CHUNK_SIZE)
        # One serializer for every row: building its fields costs more than using them.
        serializer = self.get_serializer()
        header = list(serializer.fields)

        def rows():
            for chunk in batched(records, CSV_CHUNK_SIZE):
                for record in self.with_citations(list(chunk)):
                    yield serializer.to_representation(record)

        # The first row is read before the response starts, so that a query that cannot run
        # answers with an error status instead of a 200 with a header and nothing else.
        lines = rows()
        first = list(islice(lines, 1))
        name = self.basename
        response = StreamingHttpResponse(csv_lines(header, chain(first, lines)), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="casework-{name}.csv"'
        return response


class PersonViewSet(PublicViewSet):
    """People whose cases Casework follows. The detail embeds their timeline, asylum
    outcomes, prosecutions and cohorts; the list stays lean."""

    queryset = Person.objects.public().order_by("display_name", "slug")
    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter
    ordering_fields = ["display_name", "slug", "military_background", "situation", "citizenship"]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.PersonDetailSerializer
        return super().get_serializer_class()

    def get_object(self):
        person = super().get_object()
        case = selectors.person_case(person)
        # The cohorts' own records concern the person too; via_cohort marks them.
        person.public_cohorts = case.cohorts
        person.timeline = selectors.attach_citations(case.events)
        person.public_outcomes = selectors.attach_citations(case.outcomes)
        person.public_prosecutions = selectors.attach_citations(case.prosecutions)
        return person


class CohortViewSet(PublicViewSet):
    """Groups the sources count together ("six soldiers"); only named members are listed."""

    queryset = (
        Cohort.objects.public()
        .prefetch_related(Prefetch("members", queryset=Person.objects.public().order_by("slug")))
        .order_by("name", "slug")
    )
    serializer_class = serializers.CohortSerializer
    filterset_class = filters.CohortFilter
    ordering_fields = ["name", "slug", "size"]


@extend_schema_view(
    retrieve=extend_schema(
        parameters=[
            DETAIL_FORMAT_PARAMETER,
            OpenApiParameter(
                "code",
                str,
                OpenApiParameter.PATH,
                pattern="^[A-Za-z]{2}$",
                description="ISO 3166-1 alpha-2 code, any case: KZ or kz.",
            ),
            # The shared detail parameter is the slug; countries are keyed by code alone.
            OpenApiParameter("slug", location=OpenApiParameter.PATH, exclude=True),
        ],
        description="One country by its ISO code.",
    ),
)
class CountryViewSet(PublicViewSet):
    """Every ISO 3166-1 country, by its alpha-2 code (any case in the URL)."""

    queryset = Country.objects.order_by("name_en")
    cites = False
    serializer_class = serializers.CountrySerializer
    filterset_class = filters.CountryListFilter
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z]{2}"
    ordering_fields = ["code", "name_en"]

    def get_object(self):
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].upper()
        return super().get_object()


class OrganizationViewSet(PublicViewSet):
    """NGOs, media, authorities and services that act in the cases."""

    queryset = Organization.objects.public().order_by("name", "slug")
    serializer_class = serializers.OrganizationSerializer
    filterset_class = filters.OrganizationFilter
    ordering_fields = ["name", "slug", "kind", "country"]


DATED_ORDERING = ["date", "date_earliest", "date_latest", "slug"]


class AsylumOutcomeViewSet(PublicViewSet):
    """Decisions and statuses, one subject in one host country each."""

    queryset = AsylumOutcome.objects.public().select_related("person", "cohort", "authority").chronological()
    serializer_class = serializers.AsylumOutcomeSerializer
    filterset_class = filters.AsylumOutcomeFilter
    ordering_fields = [*DATED_ORDERING, "country", "status"]


class ChargeViewSet(PublicViewSet):
    """Offences of a country's law and the penalties the sources report."""

    queryset = Charge.objects.public().order_by("country", "name", "slug")
    serializer_class = serializers.ChargeSerializer
    filterset_class = filters.ChargeFilter
    ordering_fields = ["country", "name", "slug", "max_prison_years"]


class ProsecutionViewSet(PublicViewSet):
    """Criminal cases, or counted sets of cases with who counted them (reported_by)."""

    queryset = Prosecution.objects.public().select_related("defendant", "charge", "reported_by").chronological()
    serializer_class = serializers.ProsecutionSerializer
    filterset_class = filters.ProsecutionFilter
    ordering_fields = [*DATED_ORDERING, "case_count", "country", "status"]


class EventViewSet(PublicViewSet):
    """The timeline of every subject: desertions, flights, deportations, killings ..."""

    queryset = (
        Event.objects.public()
        .select_related("person", "cohort")
        .prefetch_related(selectors.organizations_prefetch())
        .chronological()
    )
    serializer_class = serializers.EventSerializer
    filterset_class = filters.EventFilter
    ordering_fields = [*DATED_ORDERING, "type", "country"]


class StatisticViewSet(PublicViewSet):
    """Aggregate figures that are not prosecution counts, with the period they cover."""

    queryset = Statistic.objects.public().select_related("reported_by").order_by("metric", "slug")
    serializer_class = serializers.StatisticSerializer
    filterset_class = filters.StatisticFilter
    ordering_fields = [*DATED_ORDERING, "metric", "value_low", "value_high"]


class SourceViewSet(PublicViewSet):
    """The documents every fact is cited from."""

    queryset = Source.objects.public().order_by("-date_earliest", "title", "slug")
    cites = False
    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilter
    ordering_fields = [*DATED_ORDERING, "title"]


class RootView(APIRootView):
    """Casework research API, version 1: every public record, with its sources."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        namespace = request.resolver_match.namespace
        for name in ("schema", "docs"):
            response.data[name] = reverse(f"{namespace}:{name}", request=request)
        return response
