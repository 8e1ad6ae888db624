"""The research API, /api/v1/. Its endpoints are built in the API issue."""

app_name = "api"

urlpatterns: list = []
