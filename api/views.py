"""Read-only viewsets. Each queryset starts from ``public()``; related collections are
prefetched through ``public()`` too, so that a draft never appears nested in a public record."""

from __future__ import annotations

import datetime as dt
from itertools import chain, islice

from django.conf import settings
from django.db.models import DateTimeField, Max, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils.http import http_date
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail, MethodNotAllowed, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import APIRootView

from api import counts, crawl, filters, serializers
from api.language import LANG_PARAM, activate_requested_language
from api.renderers import csv_lines
from api.schema import PublicAutoSchema
from api.search import SEARCH_PARAM, SearchFilter
from api.selection import FIELDS_PARAM, OMIT_PARAM, kept_fields
from casework import selectors
from casework.models import (
    AsylumOutcome,
    Charge,
    Citation,
    Cohort,
    Country,
    CountryCondition,
    Event,
    Organization,
    Person,
    Prosecution,
    Source,
    Statistic,
    Withdrawn,
)
from casework.public_cache import cached_for_query
from casework.sync import RESOURCE_NAMES

# The actions that read the list's filters and search; list and counts give CSV too.
FILTERED_ACTIONS = {"list", "counts", "crawl"}
CSV_ACTIONS = {"list", "counts"}
# The actions that answer with records, whose fields a client may choose.
SELECTABLE_ACTIONS = {"list", "retrieve", "crawl"}
NEVER = Value(dt.datetime(1970, 1, 1, tzinfo=dt.UTC), output_field=DateTimeField())
FORMAT_PARAM = "format"
CSV_CHUNK_SIZE = 500

FORMAT_PARAMETER = OpenApiParameter(
    FORMAT_PARAM,
    str,
    enum=["json", "csv"],
    description=(
        "json (default) or csv. CSV holds every record that matches the filters, search and ordering, "
        "unpaginated unless page or page_size is given, one row per record with its url; lists of slugs are "
        "joined with '; ' and citations are JSON in one cell. An unpaged CSV of more records than the "
        "server's limit (5,000 by default) is a 400 naming format: take it by pages, or use the bulk "
        "snapshots at /data/."
    ),
)

COUNTS_FORMAT_PARAMETER = OpenApiParameter(
    FORMAT_PARAM, str, enum=["json", "csv"], description="json (default) or csv: the fields of by, then count."
)


def refuse_an_export_too_large(request, queryset) -> None:
    """An unpaged CSV of more than settings.API_CSV_MAX_ROWS records is refused before it
    starts: it would run past the serving timeout and reach the caller as a cut-off file.
    The count stops at the limit, so asking costs no more than the limit's rows."""
    limit = settings.API_CSV_MAX_ROWS
    if queryset.order_by()[: limit + 1].count() <= limit:
        return
    snapshots = request.build_absolute_uri(reverse("data"))
    raise ValidationError(
        {
            FORMAT_PARAM: [
                ErrorDetail(
                    f"More than {limit:,} records match: more than one CSV answer holds. Narrow the filters, "
                    f"take the CSV a page at a time (page and page_size, up to 100 records a page), or "
                    f"download every record at once from the bulk snapshots: {snapshots}",
                    code="export_too_large",
                )
            ]
        }
    )


def batched(iterable, size: int):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


# An empty search matches everything; any other parameter given empty is a mistake
# (a form field left blank, a variable that was never set) rather than a request.
EMPTY_ALLOWED = {SEARCH_PARAM}


def join_repeated(request, names: set[str]) -> None:
    """A list parameter given once per value (type=a&type=b), as many generated clients send
    it whatever the schema's explode says, reads as its comma-separated form (type=a,b)."""
    query = request._request.GET
    repeated = [name for name in names if len(query.getlist(name)) > 1]
    if repeated:
        query = query.copy()
        for name in repeated:
            query.setlist(name, [",".join(query.getlist(name))])
        query._mutable = False
        request._request.GET = query


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


@extend_schema_view(list=extend_schema(parameters=[FORMAT_PARAMETER]))
class PublicListViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Shared behaviour: strict parameters, CSV exports, filters on lists only,
    Last-Modified (ETags and 304 answers come from ConditionalGetMiddleware)."""

    schema = PublicAutoSchema()
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    ordering_fields: list[str] = ["slug"]
    cites = True  # the records carry citations
    # The column that says when a record last changed for the public; None: no such time.
    changed_field: str | None = "public_updated_at"

    # What identifies a record of this path: always kept by fields= and omit=; the crawl
    # goes by the first.
    key_fields: tuple[str, ...] = ("slug",)

    def list_parameters(self) -> set[str]:
        """The parameters that take several values, separated by commas."""
        names = {FIELDS_PARAM, OMIT_PARAM, counts.BY_PARAM}
        if self.filterset_class is not None:
            names |= {
                name
                for name, filter_ in self.filterset_class.base_filters.items()
                if filter_.field_class is filters.ValuesField
            }
        return names

    def accepted_parameters(self) -> set[str]:
        accepted = {FORMAT_PARAM, LANG_PARAM}
        if self.action in SELECTABLE_ACTIONS:
            accepted |= {FIELDS_PARAM, OMIT_PARAM}
        if self.action not in FILTERED_ACTIONS:
            return accepted
        if SearchFilter in self.filter_backends:
            accepted.add(SEARCH_PARAM)
        if self.filterset_class is not None:
            accepted |= set(self.filterset_class.base_filters)
        if self.action == "counts":
            return accepted | {counts.BY_PARAM}
        if self.action == "crawl":
            return accepted | {crawl.CURSOR_PARAM, self.paginator.page_size_query_param}
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
        join_repeated(request, self.list_parameters())
        reject_unusable_parameters(request, self.accepted_parameters())
        activate_requested_language(request)
        self.kept = None
        if self.action in SELECTABLE_ACTIONS:
            available = list(self.get_serializer_class()(context=self.get_serializer_context()).fields)
            self.kept = kept_fields(request.query_params, available, self.key_fields)

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if getattr(self, "kept", None) is not None:
            fields = serializer.child.fields if hasattr(serializer, "child") else serializer.fields
            for name in [name for name in fields if name not in self.kept]:
                del fields[name]
        return serializer

    def format_advice(self) -> str:
        return "Use json or csv." if self.action in CSV_ACTIONS else "Use json (csv is for lists only)."

    def get_renderers(self):
        if self.action in CSV_ACTIONS:
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
        # Citations left out of the answer are not read.
        wanted = getattr(self, "kept", None) is None or "citations" in self.kept
        return selectors.attach_citations(records) if self.cites and wanted else records

    def paginate_queryset(self, queryset):
        return self.with_citations(super().paginate_queryset(queryset))

    def get_object(self):
        return self.with_citations([super().get_object()])[0]

    def filter_queryset(self, queryset):
        # DRF's get_object() filters too; a record's detail answers to its slug alone.
        if self.action not in FILTERED_ACTIONS:
            return queryset
        self.filtered = super().filter_queryset(queryset)
        return self.filtered

    def list(self, request, *args, **kwargs):
        response = self.csv_response() if self.wants_csv() else super().list(request, *args, **kwargs)
        if self.changed_field:
            set_last_modified(response, self.list_last_modified())
        return response

    def list_last_modified(self) -> dt.datetime | None:
        """The latest change of the list: a record of it changed, or one of its type left
        the public (which changes the list but no remaining record)."""
        left = (
            Withdrawn.objects.filter(resource=RESOURCE_NAMES.get(self.queryset.model))
            .order_by()
            .values("resource")
            .annotate(latest=Max("withdrawn_at"))
            .values("latest")
        )

        def latest(queryset) -> dt.datetime:
            # One query for both; Coalesce because GREATEST of a NULL is NULL on SQLite.
            return queryset.aggregate(
                latest=Greatest(Coalesce(Max(self.changed_field), NEVER), Coalesce(Subquery(left), NEVER))
            )["latest"]

        # The latest of every matching row goes through the visibility rule for each of
        # them (600 ms for the events at 100,000 persons): read once per version of the
        # records, like the list's count (api.pagination).
        found = cached_for_query("api-last-modified", self.filtered, latest, empty=NEVER.value)
        return None if found == NEVER.value else found

    def csv_response(self) -> StreamingHttpResponse:
        queryset = self.filter_queryset(self.get_queryset())
        if self.wants_page():
            # One page as CSV, the same records the JSON page holds.
            records = iter(self.paginator.paginate_queryset(queryset, self.request, view=self))
        else:
            refuse_an_export_too_large(self.request, queryset)
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


@extend_schema_view(
    list=extend_schema(parameters=[FORMAT_PARAMETER]),
    retrieve=extend_schema(
        parameters=[DETAIL_FORMAT_PARAMETER, SLUG_PARAMETER],
        description="One published record. A record that does not exist or is not published answers 404.",
    ),
)
class PublicViewSet(mixins.RetrieveModelMixin, PublicListViewSet):
    """A list and a detail per record."""

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if self.changed_field:
            set_last_modified(response, self.detail_last_modified(self.object))
        return response

    def get_object(self):
        self.object = super().get_object()
        return self.object

    def detail_last_modified(self, record) -> dt.datetime | None:
        return getattr(record, self.changed_field)


class CountsMixin:
    """``counts/``: how many records per value of the vocabulary and country fields in
    ``count_fields``, under the list's filters."""

    count_fields: tuple[str, ...] = ()

    def get_serializer_class(self):
        if self.action == "counts":
            return counts.counts_serializer(self.queryset.model, self.count_fields)
        return super().get_serializer_class()

    @extend_schema(parameters=[COUNTS_FORMAT_PARAMETER])
    @action(detail=False, url_path="counts")
    def counts(self, request, *args, **kwargs):
        """How many published records have each value, or combination of values, of the fields
        in `by`, among those the list would give for the same filters and search (records that
        are not published never count). Without `by`: the total alone. As CSV with
        `format=csv`: one column per field, then `count`."""
        fields = counts.by_fields(request.query_params.get(counts.BY_PARAM), self.count_fields)
        rows = counts.count_rows(self.filter_queryset(self.get_queryset()), fields)
        if self.wants_csv():
            response = HttpResponse(
                "".join(csv_lines([*fields, counts.COUNT_KEY], rows)), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="casework-{self.basename}-counts.csv"'
            return response
        return Response({counts.BY_PARAM: fields, "results": rows})


CRAWL_FORMAT_PARAMETER = OpenApiParameter(
    FORMAT_PARAM, str, enum=["json"], description="json, the default; for a CSV of everything use the list."
)


class CrawlMixin:
    """``crawl/``: the whole list by key, with a cursor instead of page numbers."""

    @extend_schema(parameters=[CRAWL_FORMAT_PARAMETER])
    @action(detail=False, url_path="crawl")
    def crawl(self, request, *args, **kwargs):
        """Every record the list gives for the same filters and search, in the order of its key,
        page after page: follow `next` until it is null. Unlike page numbers, the cursor does
        not shift when records are added or withdrawn during a crawl: no record comes twice,
        and none that stays public is skipped."""
        key = self.key_fields[0]
        after = crawl.cursor_value(request.query_params.get(crawl.CURSOR_PARAM), key)
        size = crawl.PAGE_SIZE
        if request.query_params.get(self.paginator.page_size_query_param) is not None:
            size = self.paginator.get_page_size(request)
        records, more = crawl.crawl_page(self.filter_queryset(self.get_queryset()), key, after, size)
        records = self.with_citations(records)
        following = crawl.next_url(request, getattr(records[-1], key)) if more else None
        return Response({"next": following, "results": self.get_serializer(records, many=True).data})


def set_last_modified(response, stamp: dt.datetime | None) -> None:
    if stamp is not None and response.status_code == 200:
        response["Last-Modified"] = http_date(stamp.timestamp())


class PersonViewSet(CountsMixin, CrawlMixin, PublicViewSet):
    """People whose cases Casework follows. The detail embeds their timeline, asylum
    outcomes, prosecutions and cohorts; the list stays lean."""

    queryset = Person.objects.public().order_by("display_name", "slug")
    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter
    ordering_fields = ["display_name", "slug", "military_background", "situation", "citizenship"]
    count_fields = ("citizenship", "military_background", "situation")

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

    def detail_last_modified(self, record) -> dt.datetime | None:
        # The detail embeds the case: it changed when any record of it did.
        embedded = [*record.public_cohorts, *record.timeline, *record.public_outcomes, *record.public_prosecutions]
        return max(filter(None, [record.public_updated_at, *(r.public_updated_at for r in embedded)]), default=None)


class CohortViewSet(CountsMixin, CrawlMixin, PublicViewSet):
    """Groups the sources count together ("six soldiers"); only named members are listed."""

    queryset = (
        Cohort.objects.public()
        .prefetch_related(Prefetch("members", queryset=Person.objects.public().order_by("slug")))
        .order_by("name", "slug")
    )
    serializer_class = serializers.CohortSerializer
    filterset_class = filters.CohortFilter
    ordering_fields = ["name", "slug", "size"]
    count_fields = ("size_qualifier",)


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
class CountryViewSet(CrawlMixin, PublicViewSet):
    """Every ISO 3166-1 country, by its alpha-2 code (any case in the URL)."""

    queryset = Country.objects.order_by("name_en")
    cites = False
    changed_field = None  # the ISO list, named by django-countries: no edits to follow
    serializer_class = serializers.CountrySerializer
    filterset_class = filters.CountryListFilter
    lookup_field = "code"
    key_fields = ("code",)
    lookup_value_regex = r"[A-Za-z]{2}"
    ordering_fields = ["code", "name_en"]

    def get_object(self):
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].upper()
        return super().get_object()


class OrganizationViewSet(CountsMixin, CrawlMixin, PublicViewSet):
    """NGOs, media, authorities and services that act in the cases."""

    queryset = Organization.objects.public().order_by("name", "slug")
    serializer_class = serializers.OrganizationSerializer
    filterset_class = filters.OrganizationFilter
    ordering_fields = ["name", "slug", "kind", "country"]
    count_fields = ("kind", "country")


DATED_ORDERING = ["date", "date_earliest", "date_latest", "slug"]


class AsylumOutcomeViewSet(CountsMixin, CrawlMixin, PublicViewSet):
    """Decisions and statuses, one subject in one host country each."""

    queryset = AsylumOutcome.objects.public().select_related("person", "cohort", "authority").chronological()
    serializer_class = serializers.AsylumOutcomeSerializer
    filterset_class = filters.AsylumOutcomeFilter
    ordering_fields = [*DATED_ORDERING, "country", "status"]
    count_fields = ("country", "status", "application_type")


class ChargeViewSet(CountsMixin, CrawlMixin, PublicViewSet):
    """Offences of a country's law and the penalties the sources report."""

    queryset = Charge.objects.public().order_by("country", "name", "slug")
    serializer_class = serializers.ChargeSerializer
    filterset_class = filters.ChargeFilter
    ordering_fields = ["country", "name", "slug", "max_prison_years"]
    count_fields = ("country",)


class ProsecutionViewSet(CountsMixin, CrawlMixin, PublicViewSet):
    """Criminal cases, or counted sets of cases with who counted them (reported_by)."""

    queryset = Prosecution.objects.public().select_related("defendant", "charge", "reported_by").chronological()
    serializer_class = serializers.ProsecutionSerializer
    filterset_class = filters.ProsecutionFilter
    ordering_fields = [*DATED_ORDERING, "case_count", "country", "status"]
    count_fields = ("country", "status", "count_qualifier")


class EventViewSet(CountsMixin, CrawlMixin, PublicViewSet):
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
    count_fields = ("type", "country", "from_country", "to_country")


class StatisticViewSet(CountsMixin, CrawlMixin, PublicViewSet):
    """Aggregate figures that are not prosecution counts, with the period they cover."""

    queryset = Statistic.objects.public().select_related("reported_by").order_by("metric", "slug")
    serializer_class = serializers.StatisticSerializer
    filterset_class = filters.StatisticFilter
    ordering_fields = [*DATED_ORDERING, "metric", "value_low", "value_high"]
    count_fields = ("country", "qualifier")


class CountryConditionViewSet(CountsMixin, CrawlMixin, PublicViewSet):
    """What the sources say about how a country treats deserters: entry rules, the risk of
    deportation, extradition or kidnapping back, detention, penalties."""

    queryset = CountryCondition.objects.public().select_related("country").order_by("country", "topic", "slug")
    serializer_class = serializers.CountryConditionSerializer
    filterset_class = filters.CountryConditionFilter
    ordering_fields = [*DATED_ORDERING, "country", "topic"]
    count_fields = ("country", "topic")


class SourceViewSet(CountsMixin, CrawlMixin, PublicViewSet):
    """The documents every fact is cited from."""

    queryset = Source.objects.public().order_by("-date_earliest", "title", "slug")
    cites = False
    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilter
    ordering_fields = [*DATED_ORDERING, "title"]
    count_fields = ("reliability",)


class RootView(APIRootView):
    """Casework research API, version 1: every public record, with its sources."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        namespace = request.resolver_match.namespace
        for name in ("schema", "docs", "changelog"):
            response.data[name] = reverse(f"{namespace}:{name}", request=request)
        licence = settings.DATA_LICENCE
        response.data["licence"] = {"name": licence["name"], "title": licence["title"], "url": licence["url"]}
        response.data["terms"] = (
            f"The data is free to use under {licence['name']}: credit \u201c{licence['attribution']}\u201d and link "
            "to the records you use (each record's cite_as says how). The people in these records are at risk: "
            "do not combine the data with other sources to identify or locate them."
        )
        about = request.build_absolute_uri(reverse("about"))
        response.data["contact"] = settings.API_CONTACT or about
        response.data["version"] = SPECTACULAR_VERSION
        return response


SPECTACULAR_VERSION = settings.SPECTACULAR_SETTINGS["VERSION"]
CHANGELOG = settings.BASE_DIR / "docs" / "api-changelog.md"


def changelog(request) -> HttpResponse:
    """docs/api-changelog.md as it ships with this version."""
    return HttpResponse(CHANGELOG.read_text(encoding="utf-8"), content_type="text/markdown; charset=utf-8")


class CitationViewSet(CountsMixin, CrawlMixin, PublicListViewSet):
    """Every public citation, with the record it backs: the claims as data. Filter by the
    source, the record type or the record. Citations change with the record they back, so
    sync them through the records' own updated_since."""

    queryset = Citation.objects.none()  # the model; get_queryset() reads the public ones
    cites = False
    changed_field = None
    serializer_class = serializers.CitationRecordSerializer
    key_fields = ("id",)
    filterset_class = filters.CitationFilter
    filter_backends = [DjangoFilterBackend, filters.StrictOrderingFilter]
    ordering_fields = ["id"]
    count_fields = ("connection",)

    def get_queryset(self):
        # Built per request: public() looks up content types, which a class attribute
        # would do at import, before the database exists.
        return (
            Citation.objects.public()
            .select_related("source", "content_type", *selectors.claimant_joins())
            .prefetch_related(selectors.cited_records())
            .order_by("source__slug", "content_type__model", "object_id", "pk")
        )


class WithdrawnViewSet(PublicListViewSet):
    """Records that were public and are no longer (unpublished, tied to an unpublished
    record, or deleted): delete them from a synced copy. Only the resource, the slug and
    the time; a record that becomes public again leaves this list."""

    queryset = Withdrawn.objects.order_by("withdrawn_at", "resource", "slug")
    cites = False
    changed_field = "withdrawn_at"
    serializer_class = serializers.WithdrawnSerializer
    key_fields = ("resource", "slug")
    filterset_class = filters.WithdrawnFilter
    # Nothing to search in: a withdrawn record keeps no text.
    filter_backends = [DjangoFilterBackend, filters.StrictOrderingFilter]
    ordering_fields = ["withdrawn_at", "resource", "slug"]

    def list_last_modified(self) -> dt.datetime | None:
        return self.filtered.order_by().aggregate(latest=Max("withdrawn_at"))["latest"]
