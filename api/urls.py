"""The research API, /api/v1/: a versioned root, one read-only resource per record type,
the OpenAPI schema and its browsable documentation."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import views

app_name = "api"


class Router(DefaultRouter):
    APIRootView = views.RootView
    include_format_suffixes = False


router = Router()
router.register("persons", views.PersonViewSet, basename="person")
router.register("cohorts", views.CohortViewSet, basename="cohort")
router.register("countries", views.CountryViewSet, basename="country")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("asylum-outcomes", views.AsylumOutcomeViewSet, basename="asylumoutcome")
router.register("charges", views.ChargeViewSet, basename="charge")
router.register("prosecutions", views.ProsecutionViewSet, basename="prosecution")
router.register("events", views.EventViewSet, basename="event")
router.register("statistics", views.StatisticViewSet, basename="statistic")
router.register("country-conditions", views.CountryConditionViewSet, basename="countrycondition")
router.register("sources", views.SourceViewSet, basename="source")
router.register("citations", views.CitationViewSet, basename="citation")
router.register("withdrawn", views.WithdrawnViewSet, basename="withdrawn")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("changelog/", views.changelog, name="changelog"),
    *router.urls,
]
