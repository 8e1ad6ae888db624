"""The root URLconf: the public site, the editors' admin and the research API, each from
its own URL module."""

from django.contrib import admin
from django.urls import include, path

from casework.operations import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Before the admin's own URLs: the second factor is asked for before any admin page.
    path("admin/second-factor/", include("casework.second_factor")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("casework.site_urls")),
]

# Under /api/ these answer JSON in the API's error shape; elsewhere Django's templated pages.
handler404 = "api.errors.page_not_found"
handler500 = "api.errors.server_error"
