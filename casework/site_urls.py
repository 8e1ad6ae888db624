"""The public site's pages (casework.views), the feed and the sitemap."""

from django.contrib.sitemaps import views as sitemaps
from django.urls import path

from casework import data_views, views
from casework.feeds import LatestCasesFeed
from casework.sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.case_list, name="case-list"),
    path("cases/<slug:slug>/", views.person_detail, name="case-detail"),
    path("cohorts/<slug:slug>/", views.cohort_detail, name="cohort-detail"),
    path("countries/<str:code>/", views.country_detail, name="country-detail"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("about/", views.about, name="about"),
    path("data/", data_views.data_index, name="data"),
    path("data/snapshots.json", data_views.data_index_json, name="data-index"),
    path("data/<str:name>/<str:filename>", data_views.data_file, name="data-file"),
    path("feed/", LatestCasesFeed(), name="feed"),
    path("sitemap.xml", sitemaps.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"}, name="sitemap"),
    path("sitemap-<section>.xml", sitemaps.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
]
