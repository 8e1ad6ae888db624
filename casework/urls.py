"""The root URLconf: the public site, the editors' admin and the research API, each from
its own URL module."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("casework.site_urls")),
]
