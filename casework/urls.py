from django.contrib import admin
from django.urls import include, path

from casework import views

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/<slug:slug>/", views.person_detail, name="case-detail"),
    path("cohorts/<slug:slug>/", views.cohort_detail, name="cohort-detail"),
    path("countries/<str:code>/", views.country_detail, name="country-detail"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
