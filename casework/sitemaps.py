"""sitemap.xml: the public pages, from ``public()`` querysets only.

/sitemap.xml is a sitemap index: one entry per page of each section
(/sitemap-cases.xml?p=2 ...), each page listed in every language with its alternates.
The protocol allows 50,000 addresses a file; pages of
2,000 keep each one quick to build, and the index itself reads one count and one
latest date per section, never the records. lastmod is the time the public content last
changed (casework/sync.py), never an edit the public cannot see.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from casework.models import Cohort, Country, Person, Source

PAGE_SIZE = 2000


class PageSitemap(Sitemap):
    """Every page once per language, each entry naming its other-language alternates."""

    i18n = True
    alternates = True
    x_default = True


class RecordSitemap(PageSitemap):
    limit = PAGE_SIZE
    # Django's i18n sitemap lists every item of a section to page it, for the index as
    # for each page: read only what an entry shows, so that a person's encrypted fields
    # are never read, let alone decrypted, thousands at a time.
    fields = ("id", "slug", "public_updated_at")

    def lastmod(self, item):
        return item.public_updated_at

    def get_latest_lastmod(self):
        # Django's own reads every item of the section to find the latest.
        return self.items().aggregate(latest=Max("public_updated_at"))["latest"]


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


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "cases": PersonSitemap,
    "cohorts": CohortSitemap,
    "countries": CountrySitemap,
    "sources": SourceSitemap,
}
