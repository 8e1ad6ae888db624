"""The editors' workspace. Basic registration; the editorial workflow is built on top."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from casework import models

for model in (
    models.Country,
    models.Organization,
    models.Person,
    models.Cohort,
    models.AsylumOutcome,
    models.Charge,
    models.Prosecution,
    models.Event,
    models.Statistic,
    models.Source,
    models.Citation,
):
    admin.site.register(model, SimpleHistoryAdmin)
