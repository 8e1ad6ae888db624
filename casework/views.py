"""Public pages. Every one reads through the models' ``public()`` querysets."""

from django.db.models import Prefetch
from django.shortcuts import render

from casework.models import Cohort, Person


def home(request):
    persons = (
        Person.objects.public()
        .select_related("citizenship")
        .prefetch_related(Prefetch("cohorts", queryset=Cohort.objects.public()))
        .order_by("display_name")
    )
    cohorts = Cohort.objects.public().order_by("name")
    return render(request, "casework/home.html", {"persons": persons, "cohorts": cohorts})
