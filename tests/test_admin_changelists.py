"""Changelists answer in a number of queries that does not grow with the rows shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework import models
from tests import factories
from tests.admin_helpers import changelist_url


def person_with_citations():
    person = factories.PersonFactory()
    factories.CitationFactory(record=person)
    factories.CitationFactory(record=person)
    return person


def cohort_with_members():
    cohort = factories.CohortFactory()
    cohort.members.add(factories.PersonFactory(), factories.PersonFactory())
    return cohort


def cited_event():
    return factories.CitationFactory(record=factories.EventFactory())


def cited_prosecution():
    return factories.CitationFactory(record=factories.ProsecutionFactory())


def prosecution_count():
    return factories.ProsecutionFactory(defendant=None, case_count=7400, count_qualifier="at_least")


MAKERS = [
    (models.Person, person_with_citations),
    (models.Cohort, cohort_with_members),
    (models.Event, factories.EventFactory),
    (models.AsylumOutcome, factories.AsylumOutcomeFactory),
    (models.Prosecution, factories.ProsecutionFactory),
    (models.Prosecution, prosecution_count),
    (models.Charge, factories.ChargeFactory),
    (models.Statistic, factories.StatisticFactory),
    (models.Source, factories.SourceFactory),
    (models.Organization, factories.OrganizationFactory),
    (models.Citation, cited_event),
    (models.Citation, cited_prosecution),
    (models.Citation, factories.CitationFactory),
]


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("model", "make"), MAKERS, ids=lambda value: getattr(value, "__name__", str(value)))
def test_changelist_queries_do_not_grow_with_rows(client, superuser, django_assert_max_num_queries, model, make):
    client.force_login(superuser)
    url = changelist_url(model)
    for _ in range(2):
        make()
    few = count_queries(client, url)
    for _ in range(8):
        make()

    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert response.context["cl"].result_count >= 10


def test_country_changelist_shows_every_country_in_few_queries(client, editor, django_assert_max_num_queries):
    client.force_login(editor)

    with django_assert_max_num_queries(12):
        response = client.get(changelist_url(models.Country))

    assert response.context["cl"].result_count > 240


def test_event_changelist_reads_dates_aloud_and_filters_by_date(client, editor):
    factories.EventFactory(date="2023-22")
    factories.EventFactory(date="2024-02")
    client.force_login(editor)

    response = client.get(changelist_url(models.Event), {"date_earliest__year": "2023"})

    assert response.context["cl"].result_count == 1
    assert "summer 2023" in response.content.decode()


def test_every_admin_page_of_the_article_opens_for_an_editor(client, article, editor):
    from django.urls import reverse

    client.force_login(editor)
    for model in (models.Country, *models.CITABLE_MODELS, models.Source, models.Citation):
        name = model._meta.model_name
        obj = model.objects.order_by("pk").first()
        urls = [
            reverse(f"admin:casework_{name}_changelist"),
            reverse(f"admin:casework_{name}_change", args=[obj.pk]),
            reverse(f"admin:casework_{name}_history", args=[obj.pk]),
        ]
        if model is not models.Country:
            urls.append(reverse(f"admin:casework_{name}_add"))
        for url in urls:
            assert client.get(url).status_code == 200, url
