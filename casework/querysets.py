"""Read rules, as chainable QuerySet methods.

Every public path (pages, API, feed, sitemap, exports, search) reads through ``public()``.
The rule, in one place: a record is public when its own visibility is *published* and
every publishable record it is tied to (its subject, its charge, its authority ...) is
public too. Staff paths (the admin) read through the plain manager.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import models
from django.db.models import F, Q
from django.db.models.expressions import OrderBy
from django.db.models.functions import Coalesce

from casework.vocabularies import ConditionTopic, Visibility


def time_order_fields(*, sequenced: bool = False) -> list[str]:
    """The columns of ``time_order()``, in order (the public time indexes list them too)."""
    return ["sort_day", "sort_rank", *(["sequence"] if sequenced else []), "slug"]


def time_order(
    model: type[models.Model] | None = None, *, descending: bool = False, sequenced: bool | None = None
) -> list[OrderBy]:
    """The order of time, for every dated record on every surface (pages, API, exports).

    The one rule, read from columns derived when a record is saved (``sort_day`` and
    ``sort_rank``, see casework.dates.sort_position):

    1. by the first day a date can mean; an open start ("../2022-12", by December 2022)
       sorts by the first day of its end and ahead of the records dated in that period,
       since it happened by then;
    2. an undated event sorts where the editor placed it: right after the dated records
       of the day of the event it is placed after (``Event.placed_after``); an undated
       record placed nowhere comes last, on every database and in either direction;
    3. records that sort together fall back to the editor's ``sequence`` (events and
       asylum outcomes), then to their slug: a public, stable key, so that a researcher
       can reproduce the order from the API.

    ``model``: the records' model, to know whether it has an editor's sequence (or say so
    with ``sequenced``, in a model's own Meta).
    """
    if sequenced is None:
        sequenced = model is not None and any(field.name == "sequence" for field in model._meta.get_fields())
    day, *rest = time_order_fields(sequenced=sequenced)
    first = F(day).desc(nulls_last=True) if descending else F(day).asc(nulls_last=True)
    return [first, *(F(name).desc() if descending else F(name).asc() for name in rest)]


class CountryQuerySet(models.QuerySet):
    def mentioned(self) -> CountryQuerySet:
        """Countries some public event, asylum outcome or country condition names
        (countries are all public; the other two hundred have nothing to show)."""
        from casework.public_cache import cached

        return self.filter(code__in=cached("countries-mentioned", _mentioned_codes))


def _mentioned_codes() -> list[str]:
    # One UNION rather than four OR-ed IN (subquery) clauses: past a few hundred
    # thousand events those no longer fit in memory as hashes, and PostgreSQL rescans
    # them once per country (13 s at 100,000 persons).
    from casework.models import AsylumOutcome, CountryCondition, Event

    events = Event.objects.public().order_by()
    codes = events.values_list("country", flat=True).union(
        events.values_list("from_country", flat=True),
        events.values_list("to_country", flat=True),
        AsylumOutcome.objects.public().order_by().values_list("country", flat=True),
        CountryCondition.objects.public().order_by().values_list("country", flat=True),
    )
    return sorted(code for code in codes if code)


def restricted_columns_of_joined_persons(model: type[models.Model], paths: Iterable[str]) -> list[str]:
    """The restricted fields of every person that ``select_related(*paths)`` joins to a row
    of ``model``, as ``defer()`` names them (``person__legal_name`` ...)."""
    from casework.models.people import RESTRICTED_PERSON_FIELDS, Person

    deferred = []
    for path in paths:
        related = model
        for part in path.split("__"):
            related = related._meta.get_field(part).related_model
        if related is Person:
            deferred += [f"{path}__{name}" for name in RESTRICTED_PERSON_FIELDS]
    return deferred


class WithoutRestrictedJoins:
    """``select_related()`` that never loads the restricted fields of the persons it joins.

    A record read with its person (an event, an outcome, a prosecution, a citation) would
    otherwise fetch and decrypt that person's legal name, location, contact and notes for
    every row of a public page, list or export: never shown, but in memory, in reach of any
    template or serializer added later, and a cost on every request. Reaching for one
    anyway costs a query, which the query pins catch. A staff path that needs them reads
    the person itself (the admin's change form does)."""

    def select_related(self, *fields):
        queryset = super().select_related(*fields)
        if fields and fields != (None,):
            deferred = restricted_columns_of_joined_persons(self.model, fields)
            if deferred:
                queryset = queryset.defer(*deferred)
        return queryset


class PublishableQuerySet(WithoutRestrictedJoins, models.QuerySet):
    # Foreign keys to other publishable records. A record tied to an unpublished one is
    # unpublished too, so that a draft person cannot surface through their events.
    public_requires: tuple[str, ...] = ()

    def public(self) -> PublishableQuerySet:
        condition = Q(visibility=Visibility.PUBLISHED)
        for relation in self.public_requires:
            condition &= Q(**{f"{relation}__isnull": True}) | Q(**{f"{relation}__visibility": Visibility.PUBLISHED})
        return self.filter(condition)


def row_is_public(row) -> bool:
    """public() for a row already read through a join (select_related): whether its
    model's public() would return it. A page's citations name their organizations so,
    without a query for each kind."""
    if row is None or row.visibility != Visibility.PUBLISHED:
        return False
    requires = type(row).objects.get_queryset().public_requires
    return all(getattr(row, relation) is None or row_is_public(getattr(row, relation)) for relation in requires)


class DatedQuerySet(PublishableQuerySet):
    """Records with an EDTF date and its derived bounds (casework.models.base.Dated).

    Time order, date overlap and the year rule live here and nowhere else: the pages,
    the API's ``ordering=date`` and ``date_from``/``date_to`` all call these methods.
    """

    def chronological(self, *, descending: bool = False) -> DatedQuerySet:
        return self.order_by(*time_order(self.model, descending=descending))

    def overlapping(self, *, first: dt.date | None = None, last: dt.date | None = None) -> DatedQuerySet:
        """Records whose date range can fall between ``first`` and ``last`` (either may be
        left open). An empty bound on a dated record is an open end ("by December 2022")
        and reaches every day on that side; an undated record overlaps no period."""
        queryset = self
        if first is not None:
            queryset = queryset.filter(
                Q(date_latest__gte=first) | Q(date_latest__isnull=True, date_earliest__isnull=False)
            )
        if last is not None:
            queryset = queryset.filter(
                Q(date_earliest__lte=last) | Q(date_earliest__isnull=True, date_latest__isnull=False)
            )
        return queryset

    def in_year(self, year: int) -> DatedQuerySet:
        """Records the sources place in ``year``, for a reader browsing by year.

        Unlike ``overlapping()`` (every record that *can* fall in a period), an open-ended
        date ("by December 2022") counts by the end it states, not in every earlier year.
        """
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return self.alias(
            _first=Coalesce("date_earliest", "date_latest"), _last=Coalesce("date_latest", "date_earliest")
        ).filter(_first__lte=end, _last__gte=start)


class OrganizationQuerySet(PublishableQuerySet):
    pass


class PersonQuerySet(PublishableQuerySet):
    def public(self) -> PersonQuerySet:
        """Public persons, without their restricted fields: no public path reads them, so
        they are neither fetched nor decrypted for a visitor's request, and a template or
        serializer that reached for one would cost a query per person, which the query
        pins catch."""
        from casework.models.people import RESTRICTED_PERSON_FIELDS

        return super().public().defer(*RESTRICTED_PERSON_FIELDS)


class CohortQuerySet(PublishableQuerySet):
    pass


class SubjectRecordQuerySet(DatedQuerySet):
    """Records about a person or a cohort: events and asylum outcomes."""

    def for_person(self, person, *, cohorts: Iterable[models.Model] | None = None) -> SubjectRecordQuerySet:
        """The person's own records and those of the cohorts they belong to.

        ``cohorts``: the person's cohorts when the caller has read them already. The
        cohorts' keys go into the query as values, so that the database reads two
        indexes (person, cohort) instead of joining every membership under DISTINCT.
        """
        from casework.models import Cohort

        if cohorts is None:
            cohort_ids = list(Cohort.members.through.objects.filter(person=person).values_list("cohort_id", flat=True))
        else:
            cohort_ids = [cohort.pk for cohort in cohorts]
        return self.filter(Q(person=person) | Q(cohort_id__in=cohort_ids))


class EventQuerySet(SubjectRecordQuerySet):
    public_requires = ("person", "cohort")

    def in_country(self, code: str) -> EventQuerySet:
        code = code.upper()
        return self.filter(Q(country_id=code) | Q(from_country_id=code) | Q(to_country_id=code))


class AsylumOutcomeQuerySet(SubjectRecordQuerySet):
    public_requires = ("person", "cohort", "authority")

    def in_country(self, code: str) -> AsylumOutcomeQuerySet:
        return self.filter(country_id=code.upper())


class ChargeQuerySet(PublishableQuerySet):
    pass


class ProsecutionQuerySet(DatedQuerySet):
    public_requires = ("defendant", "charge", "reported_by")

    def in_country(self, code: str) -> ProsecutionQuerySet:
        return self.filter(country_id=code.upper())


class StatisticQuerySet(DatedQuerySet):
    public_requires = ("reported_by",)


class CountryConditionQuerySet(DatedQuerySet):
    def in_country(self, code: str) -> CountryConditionQuerySet:
        return self.filter(country_id=code.upper())

    def by_topic(self) -> list:
        """In the order of the topics' vocabulary, then in time order: entry rules first,
        what a person deciding where to flee reads first."""
        rank = {topic: index for index, topic in enumerate(ConditionTopic.values)}
        return sorted(self.chronological(), key=lambda condition: rank.get(condition.topic, len(rank)))


class SourceQuerySet(DatedQuerySet):
    pass


def _pks_by_type(records: Iterable[models.Model]) -> dict[type[models.Model], list[int]]:
    pks_by_type: dict[type[models.Model], list[int]] = defaultdict(list)
    for record in records:
        pks_by_type[type(record)].append(record.pk)
    return pks_by_type


class CitationQuerySet(WithoutRestrictedJoins, models.QuerySet):
    def public(
        self,
        *,
        of: Iterable[type[models.Model]] | None = None,
        records: Iterable[models.Model] | None = None,
    ) -> CitationQuerySet:
        """Citations whose source is public and whose cited record is public.

        ``of`` names the record types the caller reads citations for; the rule is the same,
        but the database checks only those types' visibility instead of every type's.
        ``records`` (of any types) narrows to the citations of those records: the database
        then checks the visibility of those rows by key, instead of collecting every
        public row of each type for every page.
        """
        from django.contrib.contenttypes.models import ContentType

        from casework.models import CITABLE_MODELS

        cited = Q(pk__in=[])
        if records is not None:
            for model, pks in _pks_by_type(records).items():
                content_type = ContentType.objects.get_for_model(model)
                # The keys twice: as values, so the database reads the citation index for
                # just these records, and through the rule, which drops any not public.
                public = model.objects.public().filter(pk__in=pks).values("pk")
                cited |= Q(content_type=content_type, object_id__in=pks) & Q(object_id__in=public)
        else:
            for model in of or CITABLE_MODELS:
                content_type = ContentType.objects.get_for_model(model)
                cited |= Q(content_type=content_type, object_id__in=model.objects.public().values("pk"))
        return self.filter(cited, source__visibility=Visibility.PUBLISHED)

    def of_records(self, records: Iterable[models.Model]) -> CitationQuerySet:
        """Citations of any of ``records``, which may be of several types."""
        from django.contrib.contenttypes.models import ContentType

        condition = Q(pk__in=[])
        for model, pks in _pks_by_type(records).items():
            condition |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=pks)
        return self.filter(condition)

    def of_published_records(self) -> CitationQuerySet:
        """Citations of records whose own visibility is *published*, whatever their source:
        the footnotes a reviewer answers for. The admin lets only reviewers change them
        (casework.admin.citations), and the speakers they name (SpeakerAdmin)."""
        from django.contrib.contenttypes.models import ContentType

        from casework.models import CITABLE_MODELS

        published = Q(pk__in=[])
        for model in CITABLE_MODELS:
            content_type = ContentType.objects.get_for_model(model)
            published |= Q(
                content_type=content_type,
                object_id__in=model._default_manager.filter(visibility=Visibility.PUBLISHED).values("pk"),
            )
        return self.filter(published)

    def public_count(self) -> int:
        """How many public citations there are: one count per record type, each a single
        semi-join, rather than one count through eight OR-ed subqueries."""
        from casework.models import CITABLE_MODELS

        return sum(self.public(of=[model]).count() for model in CITABLE_MODELS)
