"""The admin lists dated records in the project's one order of time (querysets.time_order),
as the pages and the API do: an open start ahead of what is dated in its period, undated
records last, on every database and in either direction of the date column."""

import pytest

from casework import models
from casework.querysets import time_order
from tests.admin_helpers import changelist_url
from tests.factories import AsylumOutcomeFactory, EventFactory, PersonFactory, ProsecutionFactory, SourceFactory

pytestmark = pytest.mark.django_db

# slug: date. In time: 2022, by June 2023, 15 June 2023, then the undated one.
DATES = {"d-undated": "", "c-mid-june": "2023-06-15", "b-by-june": "../2023-06", "a-year": "2022"}
IN_TIME = ["a-year", "b-by-june", "c-mid-june", "d-undated"]


def listed(client, model, **params) -> list[str]:
    response = client.get(changelist_url(model), params)
    assert response.status_code == 200
    return [obj.slug for obj in response.context["cl"].result_list]


def date_column(client, model) -> int:
    # The changelist's own columns, the action checkbox first.
    return list(client.get(changelist_url(model)).context["cl"].list_display).index("readable_date")


@pytest.mark.parametrize(
    ("model", "factory"),
    [
        (models.Event, EventFactory),
        (models.AsylumOutcome, AsylumOutcomeFactory),
        (models.Prosecution, ProsecutionFactory),
    ],
)
def test_dated_changelists_follow_the_order_of_time(admin_client, model, factory):
    person = PersonFactory()
    subject = {"defendant": person} if model is models.Prosecution else {"person": person}
    for slug, date in DATES.items():
        factory(slug=slug, date=date, **subject)
    expected = list(model.objects.order_by(*time_order(model)).values_list("slug", flat=True))
    assert expected == IN_TIME

    assert listed(admin_client, model) == IN_TIME

    column = date_column(admin_client, model)
    assert listed(admin_client, model, o=str(column)) == IN_TIME
    # Latest first, and the undated record still last.
    assert listed(admin_client, model, o=f"-{column}") == ["c-mid-june", "b-by-june", "a-year", "d-undated"]


def test_sources_are_listed_newest_first_in_the_order_of_time(admin_client):
    for slug, date in DATES.items():
        SourceFactory(slug=slug, date=date)

    assert listed(admin_client, models.Source) == ["c-mid-june", "b-by-june", "a-year", "d-undated"]
