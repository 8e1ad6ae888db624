"""The one visibility rule: only published records, tied only to published records."""

import pytest

from casework import models
from casework.vocabularies import Visibility
from tests.factories import (
    AsylumOutcomeFactory,
    ChargeFactory,
    CitationFactory,
    CohortFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    ProsecutionFactory,
    SourceFactory,
    StatisticFactory,
)
from tests.factories import country as country_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "factory",
    [
        PersonFactory,
        CohortFactory,
        OrganizationFactory,
        EventFactory,
        AsylumOutcomeFactory,
        ChargeFactory,
        ProsecutionFactory,
        StatisticFactory,
        SourceFactory,
    ],
)
@pytest.mark.parametrize("visibility", [Visibility.DRAFT, Visibility.REVIEW])
def test_public_hides_drafts_and_records_in_review(factory, visibility):
    published = factory()
    hidden = factory(visibility=visibility)
    public = factory._meta.model.objects.public()
    assert published in public
    assert hidden not in public


def test_public_persons_are_read_without_their_restricted_fields(django_assert_num_queries):
    PersonFactory(legal_name="Real Name", current_location="A town")
    (person,) = models.Person.objects.public()
    assert person.get_deferred_fields() >= set(models.RESTRICTED_PERSON_FIELDS)
    # Reaching for one anyway is a query of its own, which the pages' query pins would show.
    with django_assert_num_queries(1):
        assert person.legal_name == "Real Name"


@pytest.mark.parametrize("visibility", [Visibility.DRAFT, Visibility.REVIEW])
def test_records_tied_to_an_unpublished_subject_are_hidden(visibility):
    person = PersonFactory(visibility=visibility)
    cohort = CohortFactory(visibility=visibility)
    hidden = [
        EventFactory(person=person),
        EventFactory(person=None, cohort=cohort),
        AsylumOutcomeFactory(person=person),
        AsylumOutcomeFactory(person=None, cohort=cohort),
        ProsecutionFactory(defendant=person),
        ProsecutionFactory(charge=ChargeFactory(visibility=visibility)),
        AsylumOutcomeFactory(authority=OrganizationFactory(visibility=visibility)),
        StatisticFactory(reported_by=OrganizationFactory(visibility=visibility)),
    ]
    for record in hidden:
        assert not type(record).objects.public().filter(pk=record.pk).exists(), record


def test_citations_are_public_only_with_their_record_and_their_source():
    shown = CitationFactory()
    draft_record = CitationFactory(record=PersonFactory(visibility=Visibility.DRAFT))
    draft_source = CitationFactory(source=SourceFactory(visibility=Visibility.DRAFT))
    event_of_draft = CitationFactory(record=EventFactory(person=PersonFactory(visibility=Visibility.REVIEW)))
    public = set(models.Citation.objects.public())
    assert shown in public
    assert public.isdisjoint({draft_record, draft_source, event_of_draft})


def test_a_persons_records_include_their_cohorts_but_never_drafts():
    person = PersonFactory()
    cohort = CohortFactory()
    cohort.members.add(person)
    own = EventFactory(person=person)
    shared = EventFactory(person=None, cohort=cohort)
    EventFactory(person=person, visibility=Visibility.DRAFT)
    EventFactory(person=None, cohort=CohortFactory(visibility=Visibility.DRAFT))
    assert set(models.Event.objects.public().for_person(person)) == {own, shared}


def test_chronological_puts_undated_last_and_open_starts_by_their_end():
    person = PersonFactory()
    undated = EventFactory(person=person, date="")
    late = EventFactory(person=person, date="2024-02")
    open_start = EventFactory(person=person, date="../2022-12")
    early = EventFactory(person=person, date="2022-05")
    assert list(models.Event.objects.filter(person=person).chronological()) == [early, open_start, late, undated]


def test_citations_read_for_one_record_type_follow_the_same_rule():
    shown = CitationFactory()
    CitationFactory(record=PersonFactory(visibility=Visibility.DRAFT))
    CitationFactory(source=SourceFactory(visibility=Visibility.REVIEW))
    event_citation = CitationFactory(record=EventFactory())
    persons_only = set(models.Citation.objects.public(of=[models.Person]))
    assert persons_only == {shown}
    assert set(models.Citation.objects.public()) == {shown, event_citation}


def test_countries_mentioned_are_those_public_records_name():
    EventFactory(from_country=country_of("AM"), to_country=country_of("GE"))
    AsylumOutcomeFactory(country=country_of("DE"))
    EventFactory(person=PersonFactory(visibility=Visibility.DRAFT), from_country=country_of("MD"), to_country=None)
    assert set(models.Country.objects.mentioned().values_list("code", flat=True)) == {"AM", "GE", "DE"}


def test_outcomes_are_chronological_with_undated_last_on_every_database():
    person = PersonFactory()
    undated = AsylumOutcomeFactory(person=person, date="")
    late = AsylumOutcomeFactory(person=person, date="2024-05")
    early = AsylumOutcomeFactory(person=person, date="2023")
    assert list(models.AsylumOutcome.objects.filter(person=person).chronological()) == [early, late, undated]
