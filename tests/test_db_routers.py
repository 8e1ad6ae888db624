"""With a read replica (DATABASE_REPLICA_URL), anonymous public reads go to it and
everything else stays on the primary: editors read their own writes, and nothing writes
to the replica."""

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps
from django.db import connections, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from casework import reports
from casework.db_routers import PublicReadsMiddleware, ReplicaRouter
from casework.models import ErrorReport, Person
from tests.factories import PersonFactory
from tests.test_settings import manage

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def test_the_replica_url_adds_the_alias_and_the_router():
    code = (
        "from django.conf import settings; "
        "print(sorted(settings.DATABASES), settings.DATABASES['replica']['HOST'], "
        "settings.DATABASES['replica']['TEST']['MIRROR'], settings.DATABASE_ROUTERS)"
    )
    result = manage(
        "shell",
        "-c",
        code,
        DEBUG="1",
        DATABASE_URL="postgres://casework@primary.example:5432/casework",
        DATABASE_REPLICA_URL="postgres://casework@replica.example:5432/casework",
    )
    assert result.stdout.splitlines()[-1] == (
        "['default', 'replica'] replica.example default ['casework.db_routers.ReplicaRouter']"
    ), result.stderr
    alone = manage("shell", "-c", "from django.conf import settings; print(sorted(settings.DATABASES))", DEBUG="1")
    assert alone.stdout.splitlines()[-1] == "['default']", alone.stderr


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup):
    """A second connection to the test database under the alias `replica`, as a replica is
    a copy of the primary. Registered before the tests' database set-up, which must know
    every alias a test may query; the tests commit (transaction=True) so that it sees their
    rows."""
    connections.settings["replica"] = {**connections["default"].settings_dict, "TEST": {"MIRROR": "default"}}
    yield
    connections["replica"].close()
    del connections["replica"]
    del connections.settings["replica"]


@pytest.fixture
def replica(settings):
    """The router on. A transactional test's flush empties the migrated country table: it
    is put back."""
    import_module("casework.migrations.0002_countries").add_countries(apps, None)
    settings.DATABASE_ROUTERS = ["casework.db_routers.ReplicaRouter"]


def queries_on_each(client_call):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client_call()
    return response, len(primary), len(replica)


def test_anonymous_public_reads_go_to_the_replica(replica, client):
    person = PersonFactory()
    for path in ("/", "/cases/", f"/cases/{person.slug}/", f"/api/v1/persons/{person.slug}/", "/api/v1/events/"):
        response, on_primary, on_replica = queries_on_each(lambda path=path: client.get(path))
        assert response.status_code == 200, path
        assert on_replica > 0, path
        assert on_primary == 0, path


def test_a_streamed_csv_reads_from_the_replica_while_it_is_sent(replica, client):
    PersonFactory.create_batch(3)
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as on_replica,
    ):
        response = client.get("/api/v1/persons/?format=csv")
        body = b"".join(response.streaming_content)
    assert body.count(b"\n") == 4
    assert len(on_replica) > 0
    assert len(primary) == 0


def test_editors_read_from_the_primary_everywhere(replica, admin_client):
    person = PersonFactory()
    client = admin_client
    for path in ("/admin/casework/person/", f"/admin/casework/person/{person.pk}/change/", f"/cases/{person.slug}/"):
        response, on_primary, on_replica = queries_on_each(lambda path=path: client.get(path))
        assert response.status_code == 200, path
        assert on_primary > 0, path
        assert on_replica == 0, path


def test_a_post_reads_from_the_primary(replica, client, monkeypatch):
    # The report is sent at once, not seconds after the form was shown.
    monkeypatch.setattr(reports, "TOKEN_MIN_AGE", dt.timedelta(0))
    page = f"/cases/{PersonFactory().slug}/"
    data = {"page": page, "token": reports.form_token(page), "message": "A date is wrong."}
    response, on_primary, on_replica = queries_on_each(lambda: client.post("/report/", data))
    assert response.status_code == 302
    assert ErrorReport.objects.count() == 1
    assert on_primary > 0
    assert on_replica == 0


def test_reads_inside_a_transaction_stay_on_the_primary(replica, rf):
    seen = {}

    def view(request):
        seen["outside"] = ReplicaRouter().db_for_read(Person)
        with transaction.atomic():
            seen["inside"] = ReplicaRouter().db_for_read(Person)
        return HttpResponse()

    PublicReadsMiddleware(view)(rf.get("/cases/"))
    assert seen == {"outside": "replica", "inside": "default"}
    # Outside a request (management commands, the shell): the primary.
    assert ReplicaRouter().db_for_read(Person) == "default"


def test_nothing_is_written_or_migrated_to_the_replica():
    router = ReplicaRouter()
    assert router.db_for_write(Person) == "default"
    assert router.allow_migrate("replica", "casework") is False
    assert router.allow_migrate("default", "casework") is True
