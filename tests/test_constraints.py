"""Each named constraint rejects a bad row, whoever writes it (admin, fixture, shell)."""

import pytest
from django.db import IntegrityError, transaction

from casework import models
from tests.factories import (
    AsylumOutcomeFactory,
    ChargeFactory,
    CitationFactory,
    CohortFactory,
    EventFactory,
    PersonFactory,
    ProsecutionFactory,
    StatisticFactory,
    country,
)

pytestmark = pytest.mark.django_db


def rejects(constraint_name: str, write) -> None:
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        write()
    # SQLite names the failing CHECK constraint; PostgreSQL too.
    assert constraint_name in str(excinfo.value)


def test_cohort_size_must_be_positive():
    rejects("cohort_size_positive", lambda: CohortFactory(size=0))


def test_event_needs_exactly_one_subject():
    person, cohort = PersonFactory(), CohortFactory()
    rejects("event_exactly_one_subject", lambda: EventFactory(person=person, cohort=cohort))
    rejects("event_exactly_one_subject", lambda: EventFactory(person=None, cohort=None))


def test_event_cannot_move_from_a_country_to_itself():
    rejects("event_from_differs_from_to", lambda: EventFactory(from_country=country("KZ"), to_country=country("KZ")))


def test_asylum_outcome_needs_exactly_one_subject():
    rejects(
        "asylumoutcome_exactly_one_subject",
        lambda: AsylumOutcomeFactory(person=PersonFactory(), cohort=CohortFactory()),
    )
    rejects("asylumoutcome_exactly_one_subject", lambda: AsylumOutcomeFactory(person=None))


def test_prosecution_case_count_must_be_positive():
    rejects("prosecution_case_count_positive", lambda: ProsecutionFactory(defendant=None, case_count=0))


def test_a_named_defendant_is_one_exact_case():
    rejects("prosecution_named_defendant_single_case", lambda: ProsecutionFactory(case_count=2))
    rejects(
        "prosecution_named_defendant_single_case",
        lambda: ProsecutionFactory(case_count=1, count_qualifier="at_least"),
    )


def test_charge_prison_term_is_plausible():
    rejects("charge_max_prison_years_plausible", lambda: ChargeFactory(max_prison_years=500))


def test_statistic_needs_a_value_and_ordered_values():
    rejects("statistic_has_value", lambda: StatisticFactory(value_low=None, value_high=None))
    rejects("statistic_values_ordered", lambda: StatisticFactory(value_low=10, value_high=5))


def test_citation_quote_cannot_be_blank():
    rejects("citation_quote_not_blank", lambda: CitationFactory(quote=""))


def test_country_code_is_two_capitals():
    rejects("country_code_iso_alpha2", lambda: models.Country.objects.create(code="kz", name_en="Kazakhstan"))


def test_date_bounds_must_be_ordered():
    event = EventFactory(date="2023")
    # The bounds are derived on save; a raw UPDATE is the only way to get them wrong.
    rejects(
        "casework_event_date_bounds_ordered",
        lambda: models.Event.objects.filter(pk=event.pk).update(date_earliest="2024-01-01", date_latest="2023-01-01"),
    )


def test_country_natural_key_reads_iso_codes():
    assert models.Country.objects.get_by_natural_key("kz").natural_key() == ("KZ",)
