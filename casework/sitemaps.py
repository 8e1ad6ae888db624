"""sitemap.xml: the public pages, from ``public()`` querysets only.

/sitemap.xml is a sitemap index: one entry per page of each section
(/sitemap-cases.xml?p=2 ...), each page listed in every language with its alternates.
The protocol allows 50,000 addresses a file; pages of 500 keep each one quick to
build, and the index itself reads one count and one latest date per section (once per
version of the records), never the records. lastmod is the time the public content last
changed (casework/sync.py), never an edit the public cannot see.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.urls import reverse
from django.utils.functional import cached_property

from casework.models import Cohort, Country, Person, Source
from casework.public_cache import cached

# 500 addresses (250 records in two languages, with alternates) render in about 130 ms;
# 2,000 took half a second.
PAGE_SIZE = 500


class PageSitemap(Sitemap):
    """Every page once per language, each entry naming its other-language alternates."""

    i18n = True
    alternates = True
    x_default = True


class EveryLanguage:
    """The (record, language) pairs of a queryset that an i18n sitemap pages through,
    read a page at a time: Django's own list of pairs builds every record of the section
    (95,000 persons, 15 s at 100,000) for the index's page count and for each page."""

    def __init__(self, queryset, languages: list[str], *, records: int) -> None:
        self.queryset, self.languages, self.records = queryset, languages, records

    def count(self) -> int:
        return self.records * len(self.languages)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[tuple]:
        per_record = len(self.languages)
        start, stop = index.start or 0, index.stop
        first = start // per_record
        last = None if stop is None else -(-stop // per_record)
        pairs = [(record, language) for record in self.queryset[first:last] for language in self.languages]
        skip = start - first * per_record
        return pairs[skip : None if stop is None else skip + stop - start]


class RecordSitemap(PageSitemap):
    limit = PAGE_SIZE
    # Read only what an entry shows, so that a person's encrypted fields are never read,
    # let alone decrypted, thousands at a time.
    fields = ("id", "slug", "public_updated_at")

    @property
    def paginator(self) -> Paginator:
        # Every record is listed in every language, as Django's i18n sitemap does.
        return Paginator(EveryLanguage(self.items(), self._languages(), records=self.figures["records"]), self.limit)

    def lastmod(self, item):
        return item.public_updated_at

    def get_latest_lastmod(self):
        # Django's own reads every item of the section to find the latest.
        return self.figures["latest"]

    @cached_property
    def figures(self) -> dict:
        """How many records the section lists and when the latest changed."""
        return _section_figures()[type(self).__name__]


class StaticPagesSitemap(PageSitemap):
    def items(self) -> list[str]:
        return ["home", "case-list", "cohort-index", "country-index", "source-index", "statistics", "about"]

    def location(self, item: str) -> str:
        return reverse(item)


class PersonSitemap(RecordSitemap):
    def items(self):
        return Person.objects.public().only(*self.fields).order_by("slug")


class CohortSitemap(RecordSitemap):
    def items(self):
        return Cohort.objects.public().only(*self.fields).order_by("slug")


class SourceSitemap(RecordSitemap):
    def items(self):
        return Source.objects.public().only(*self.fields).order_by("slug")


class CountrySitemap(PageSitemap):
    limit = PAGE_SIZE

    """Only countries some public record mentions; the other two hundred pages are empty."""

    def items(self):
        return Country.objects.mentioned().order_by("code")


def _section_figures() -> dict[str, dict]:
    # One query per section through the visibility rule, for all sections at once, once
    # per version of the records.
    def read() -> dict[str, dict]:
        return {
            sitemap.__name__: sitemap().items().aggregate(records=Count("pk"), latest=Max("public_updated_at"))
            for sitemap in SITEMAPS.values()
            if issubclass(sitemap, RecordSitemap)
        }

    return cached("sitemap-sections", read)


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "cases": PersonSitemap,
    "cohorts": CohortSitemap,
    "countries": CountrySitemap,
    "sources": SourceSitemap,
}
