"""The public site's pages (casework.views) and the feed, in each language (casework/urls.py)."""

from django.urls import path

from casework import data_views, views
from casework.feeds import LatestCasesFeed

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.case_list, name="case-list"),
    path("cases/<slug:slug>/", views.person_detail, name="case-detail"),
    path("cohorts/", views.cohort_index, name="cohort-index"),
    path("cohorts/<slug:slug>/", views.cohort_detail, name="cohort-detail"),
    path("countries/", views.country_index, name="country-index"),
    path("countries/<str:code>/", views.country_detail, name="country-detail"),
    path("sources/", views.source_index, name="source-index"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("about/", views.about, name="about"),
    path("data/", data_views.data_index, name="data"),
    path("data/snapshots.json", data_views.data_index_json, name="data-index"),
    path("data/<str:name>/<str:filename>", data_views.data_file, name="data-file"),
    path("report/", views.report_error, name="report"),
    path("report/thanks/", views.report_thanks, name="report-thanks"),
    path("feed/", LatestCasesFeed(), name="feed"),
]
