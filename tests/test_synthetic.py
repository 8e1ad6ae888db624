"""generate_synthetic: deterministic, in the stated proportions, and never mixed into real data."""

from collections import Counter

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import transaction

from casework import dates
from casework.models import (
    AsylumOutcome,
    Citation,
    Cohort,
    Country,
    Event,
    Organization,
    Person,
    Prosecution,
    Source,
    Statistic,
)
from casework.synthetic import SLUGGED_MODELS, SYNTHETIC_PREFIX, SYNTHETIC_PUBLISHER
from casework.vocabularies import (
    ApplicationType,
    AsylumStatus,
    Connection,
    CountQualifier,
    EventType,
    MilitaryBackground,
    OrganizationKind,
    ProsecutionStatus,
    Reliability,
    Situation,
    StatisticQualifier,
    Visibility,
)

PERSONS = 200


def generate(persons: int = PERSONS, seed: int = 0, **options) -> None:
    call_command("generate_synthetic", persons=persons, seed=seed, verbosity=0, **options)


def snapshot() -> dict:
    """Everything but keys and timestamps, which differ from run to run."""
    return {
        "persons": list(
            Person.objects.order_by("slug").values_list(
                "slug", "display_name", "citizenship", "military_background", "visibility", "legal_name"
            )
        ),
        "events": list(
            Event.objects.order_by("slug").values_list(
                "slug", "person__slug", "cohort__slug", "type", "date", "country", "from_country", "to_country"
            )
        ),
        "outcomes": list(AsylumOutcome.objects.order_by("slug").values_list("slug", "status", "date", "country")),
        "citations": sorted(Citation.objects.values_list("source__slug", "quote", "locator", "connection")),
        "members": sorted(Cohort.members.through.objects.values_list("cohort__slug", "person__slug")),
    }


def generated_snapshot(seed: int) -> dict:
    """Generate, read, and roll back, so the next run starts from the same empty database."""
    with transaction.atomic():
        generate(seed=seed)
        result = snapshot()
        transaction.set_rollback(True)
    return result


@pytest.mark.django_db
def test_same_seed_same_records_other_seed_other_records():
    first = generated_snapshot(3)
    assert generated_snapshot(3) == first
    other = generated_snapshot(4)
    assert other["persons"] != first["persons"]
    assert [row[0] for row in other["persons"]] == [row[0] for row in first["persons"]]


@pytest.mark.django_db
def test_proportions():
    generate()
    assert Person.objects.count() == PERSONS
    assert Event.objects.count() == 4 * PERSONS
    assert AsylumOutcome.objects.count() == PERSONS
    assert Cohort.objects.count() == PERSONS // 10
    assert Source.objects.count() == PERSONS // 5
    assert Prosecution.objects.filter(defendant__isnull=False).count() == PERSONS // 5
    assert Cohort.members.through.objects.count() == 3 * Cohort.objects.count()
    assert Event.objects.filter(cohort__isnull=False).exists()
    assert AsylumOutcome.objects.filter(cohort__isnull=False).exists()
    citations = Citation.objects.count()
    assert 6 * PERSONS <= citations <= 6.7 * PERSONS
    # Every factual record is cited.
    for model in (Person, Cohort, Event, AsylumOutcome, Prosecution, Statistic, Organization):
        content_type = ContentType.objects.get_for_model(model)
        cited = set(Citation.objects.filter(content_type=content_type).values_list("object_id", flat=True))
        assert len(cited) == model.objects.count(), model

    drafts = Person.objects.exclude(visibility=Visibility.PUBLISHED).count()
    assert 0.01 * PERSONS <= drafts <= 0.12 * PERSONS
    # A draft person's own records are unpublished with them.
    hidden = Person.objects.exclude(visibility=Visibility.PUBLISHED)
    assert not Event.objects.filter(person__in=hidden, visibility=Visibility.PUBLISHED).exists()


@pytest.mark.django_db
def test_every_vocabulary_value_countries_and_date_form_appear():
    generate()

    def used(model, field):
        return set(model.objects.values_list(field, flat=True))

    assert used(Person, "military_background") == set(MilitaryBackground.values)
    assert used(Person, "situation") == set(Situation.values)
    assert used(Person, "visibility") == set(Visibility.values)
    assert used(Event, "type") == set(EventType.values)
    assert used(AsylumOutcome, "status") == set(AsylumStatus.values)
    assert used(AsylumOutcome, "application_type") == set(ApplicationType.values)
    assert used(Prosecution, "status") == set(ProsecutionStatus.values)
    assert used(Cohort, "size_qualifier") == set(CountQualifier.values)
    assert used(Statistic, "qualifier") == set(StatisticQualifier.values)
    assert used(Organization, "kind") == set(OrganizationKind.values)
    assert used(Source, "reliability") == set(Reliability.values)
    assert used(Citation, "connection") == set(Connection.values)
    assert used(Prosecution, "count_qualifier") >= {CountQualifier.AT_LEAST, CountQualifier.EXACT}

    countries = used(Event, "country") | used(Event, "from_country") | used(Event, "to_country")
    assert len(countries - {None}) >= 55
    assert countries - {None} <= set(Country.objects.values_list("code", flat=True))

    forms = Counter()
    for value in used(Event, "date"):
        if not value:
            forms["empty"] += 1
        elif value.startswith("../") or value.endswith("/.."):
            forms["open interval"] += 1
        elif "/" in value:
            forms["interval"] += 1
        elif value.endswith("~"):
            forms["approximate"] += 1
        elif value.endswith("?"):
            forms["uncertain"] += 1
        elif len(value) == 10:
            forms["day"] += 1
        elif len(value) == 7:
            forms["season" if int(value[5:]) > 12 else "month"] += 1
        else:
            forms["year"] += 1
    expected = {"empty", "open interval", "interval", "approximate", "uncertain", "day", "season", "month", "year"}
    assert set(forms) == expected


@pytest.mark.django_db
def test_date_bounds_derived_and_records_marked():
    generate(persons=30)
    for event in Event.objects.all():
        bounds = dates.bounds(event.date)
        assert (event.date_earliest, event.date_latest) == (bounds.earliest, bounds.latest), event.date
    for model in SLUGGED_MODELS:
        assert not model.objects.exclude(slug__startswith=SYNTHETIC_PREFIX).exists(), model
    assert set(Source.objects.values_list("publisher", flat=True)) == {SYNTHETIC_PUBLISHER}


@pytest.mark.django_db
def test_refuses_a_database_with_real_records(article):
    with pytest.raises(CommandError, match="real records"):
        generate(persons=10)
    assert not Person.objects.filter(slug__startswith=SYNTHETIC_PREFIX).exists()

    generate(persons=10, force=True)
    assert Person.objects.filter(slug__startswith=SYNTHETIC_PREFIX).count() == 10


@pytest.mark.django_db
def test_refuses_to_generate_twice_and_a_bad_count():
    generate(persons=10)
    with pytest.raises(CommandError, match="already holds synthetic"):
        generate(persons=10)
    with pytest.raises(CommandError, match="at least 1"):
        call_command("generate_synthetic", persons=0, verbosity=0)
