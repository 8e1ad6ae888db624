"""sitemap.xml: the public pages, from ``public()`` querysets only; lastmod is the time the
public content last changed (casework/sync.py), never an edit the public cannot see."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from casework.models import Cohort, Country, Person, Source


class StaticPagesSitemap(Sitemap):
    def items(self) -> list[str]:
        return ["home", "case-list", "statistics", "about"]

    def location(self, item: str) -> str:
        return reverse(item)


class PersonSitemap(Sitemap):
    def items(self):
        return Person.objects.public().order_by("slug")

    def lastmod(self, item):
        return item.public_updated_at


class CohortSitemap(Sitemap):
    def items(self):
        return Cohort.objects.public().order_by("slug")

    def lastmod(self, item):
        return item.public_updated_at


class SourceSitemap(Sitemap):
    def items(self):
        return Source.objects.public().order_by("slug")

    def lastmod(self, item):
        return item.public_updated_at


class CountrySitemap(Sitemap):
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
