"""Public pages. Every one reads through the models' ``public()`` querysets, so a draft
answers 404 exactly like a record that does not exist."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from casework.models import AsylumOutcome, Citation, Cohort, Country, Event, Person, Prosecution, Source


def home(request):
    persons = (
        Person.objects.public()
        .select_related("citizenship")
        .prefetch_related(Prefetch("cohorts", queryset=Cohort.objects.public()))
        .order_by("display_name")
    )
    cohorts = Cohort.objects.public().order_by("name")
    return render(request, "casework/home.html", {"persons": persons, "cohorts": cohorts})


def person_detail(request, slug: str):
    person = get_object_or_404(Person.objects.public().select_related("citizenship"), slug=slug)
    context = {
        "person": person,
        "events": Event.objects.public().for_person(person).chronological(),
        "outcomes": AsylumOutcome.objects.public().for_person(person).select_related("country"),
        "prosecutions": Prosecution.objects.public().filter(defendant=person).select_related("charge", "country"),
        "cohorts": person.cohorts.public(),
        "citations": Citation.objects.public().for_object(person).select_related("source"),
    }
    return render(request, "casework/person_detail.html", context)


def cohort_detail(request, slug: str):
    cohort = get_object_or_404(Cohort.objects.public(), slug=slug)
    context = {
        "cohort": cohort,
        "members": cohort.members.public(),
        "events": Event.objects.public().filter(cohort=cohort).chronological(),
        "outcomes": AsylumOutcome.objects.public().filter(cohort=cohort).select_related("country"),
        "citations": Citation.objects.public().for_object(cohort).select_related("source"),
    }
    return render(request, "casework/cohort_detail.html", context)


def country_detail(request, code: str):
    country = get_object_or_404(Country, code=code.upper())
    context = {
        "country": country,
        "events": Event.objects.public().in_country(country.code).chronological(),
        "outcomes": AsylumOutcome.objects.public().in_country(country.code),
    }
    return render(request, "casework/country_detail.html", context)


def source_detail(request, slug: str):
    source = get_object_or_404(Source.objects.public(), slug=slug)
    context = {"source": source, "citations": Citation.objects.public().filter(source=source)}
    return render(request, "casework/source_detail.html", context)
