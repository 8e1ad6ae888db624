"""What keeps Casework fast as the records grow: queries per answer that do not depend
on the data, and cached answers that still change the moment the records do."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from casework import services
from casework.models import Citation, Cohort, Country, Event, Person, PublicState, Source
from casework.public_cache import public_state
from casework.vocabularies import Visibility
from tests.factories import EventFactory, PersonFactory

pytestmark = pytest.mark.django_db

PUBLIC_PATHS = [
    "/",
    "/cases/",
    "/cases/?page=2",
    "/cases/?country={country}",
    "/cases/?year=2023",
    "/cases/?outcome=rejected",
    "/cases/?background=officer",
    "/cases/?q=Dmitry",
    "/cases/{person}/",
    "/cohorts/{cohort}/",
    "/sources/{source}/",
    "/feed/",
    "/api/v1/persons/",
    "/api/v1/persons/?search=Dmitry",
    "/api/v1/persons/{person}/",
    "/api/v1/cohorts/",
    "/api/v1/events/",
    "/api/v1/events/?type={type}&to_country={country}",
    "/api/v1/events/?person={person}",
    "/api/v1/asylum-outcomes/",
    "/api/v1/prosecutions/",
    "/api/v1/sources/",
    "/api/v1/countries/",
]
SMALL, LARGE = 40, 200
CEILING = 25
# The admin pages carry fixed costs the public ones do not: the second factor's device, the
# access log of restricted fields, pending revisions, a query per inline formset.
ADMIN_CEILING = 35
ADMIN_PATHS = [
    "/admin/casework/person/",
    "/admin/casework/event/",
    "/admin/casework/citation/",
    "/admin/casework/person/{person_pk}/change/",
]


def generate(persons: int) -> dict:
    call_command("generate_synthetic", persons=persons, seed=5, verbosity=0)
    # The same persons exist at both sizes: the first ones, by slug.
    person = Person.objects.public().filter(cohorts__isnull=False).order_by("slug").first()
    move = Event.objects.public().filter(person=person, to_country__isnull=False).order_by("slug").first()
    return {
        "country": move.to_country_id.lower(),
        "type": move.type,
        "person": person.slug,
        "person_pk": person.pk,
        "cohort": Cohort.objects.public().order_by("slug").first().slug,
        "source": Source.objects.public().order_by("slug").first().slug,
    }


def count_queries(client, paths: list[str], names: dict) -> dict[str, int]:
    counts = {}
    for template in paths:
        path = template.format(**names)
        client.get(path)  # warm the content-type cache, as any running server has
        cache.clear()  # and count with every cached answer computed afresh
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts[template] = len(queries)
    return counts


def test_queries_per_answer_do_not_grow_with_the_data(client, superuser, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute"})
    sizes = {}
    for persons in (SMALL, LARGE):
        with transaction.atomic():
            names = generate(persons)
            counts = count_queries(client, PUBLIC_PATHS, names)
            client.force_login(superuser)
            counts |= count_queries(client, ADMIN_PATHS, names)
            client.logout()
            sizes[persons] = counts
            transaction.set_rollback(True)
    for path, small in sizes[SMALL].items():
        # A page may show a kind of record at one size and not the other (cohorts with
        # their outcomes, a prosecution), at one or two queries; one per row adds dozens.
        assert sizes[LARGE][path] <= small + 2, (path, small, sizes[LARGE][path])
        ceiling = ADMIN_CEILING if path.startswith("/admin/") else CEILING
        assert sizes[LARGE][path] <= ceiling, (path, sizes[SMALL][path], sizes[LARGE][path])


def test_every_write_to_a_public_record_moves_the_public_state():
    before = public_state()
    person = PersonFactory()
    after_create = public_state()
    assert after_create[0] > before[0]
    person.summary = "Changed."
    person.save()
    assert public_state()[0] > after_create[0]
    version = public_state()[0]
    Person.objects.public().count()
    assert public_state()[0] == version


def test_home_counts_and_countries_follow_a_change_at_once(client, article, reviewer):
    home = client.get("/").content.decode()
    assert '<span class="number">3</span> people with a case page' in home
    assert 'value="is"' not in client.get("/cases/").content.decode()

    person = Person.objects.public().order_by("slug").first()
    EventFactory(person=person, country=Country.objects.get(code="IS"))
    assert 'value="is"' in client.get("/cases/").content.decode()

    services.records_unpublish(queryset=Person.objects.filter(pk=person.pk), user=reviewer)
    home = client.get("/").content.decode()
    assert '<span class="number">2</span> people with a case page' in home
    assert 'value="is"' not in client.get("/cases/").content.decode()


def test_the_public_state_is_shared_through_the_database_not_the_cache(client, article):
    # Another process changed the records: only the database row says so.
    client.get("/")
    PublicState.objects.filter(pk=1).update(version=999)
    Person.objects.public().update(visibility=Visibility.DRAFT)
    assert '<span class="number">0</span> people with a case page' in client.get("/").content.decode()


def test_citations_counted_per_type_match_the_rule(article):
    assert Citation.objects.public_count() == Citation.objects.public().count()
    event = Event.objects.public().filter(person__isnull=False).first()
    content_type = ContentType.objects.get_for_model(Event)
    assert Citation.objects.public(records=[event]).count() == (
        Citation.objects.public().filter(content_type=content_type, object_id=event.pk).count()
    )
    Person.objects.filter(pk=event.person_id).update(visibility=Visibility.DRAFT)
    assert not Citation.objects.public(records=[event]).exists()
