"""The root URLconf: the public site, the editors' admin and the research API, each from
its own URL module.

Every public page has one address per language: English at the root, Russian under
/ru/. The language is in the URL, never in a cookie, so a reader can share a page in the
language they read it in, a search engine finds both, and no anonymous reader is given a
stable identifier (see casework/language.py). The admin and the API are not prefixed.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path

from casework.operations import healthz
from casework.sitemaps import SITEMAPS

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Before the admin's own URLs: the second factor is asked for before any admin page.
    path("admin/second-factor/", include("casework.second_factor")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    # One sitemap (an index of sections) lists every page in both languages, with its alternates.
    path("sitemap.xml", sitemaps.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"}, name="sitemap"),
    path("sitemap-<section>.xml", sitemaps.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    *i18n_patterns(path("", include("casework.site_urls")), prefix_default_language=False),
]

# Under /api/ these answer JSON in the API's error shape; elsewhere Django's templated pages.
handler404 = "api.errors.page_not_found"
handler500 = "api.errors.server_error"
