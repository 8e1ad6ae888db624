"""A client generated from the schema with openapi-python-client, as a researcher would make
one: it generates for every operation without a warning, and it works against a live server."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import load_article_after_flush

PACKAGE = "casework_api_client"


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker, tmp_path_factory) -> tuple[str, Path]:
    root = tmp_path_factory.mktemp("client")
    schema = root / "schema.json"
    with django_db_blocker.unblock():
        call_command("spectacular", "--format", "openapi-json", "--file", str(schema))
    executable = Path(sys.executable).with_name("openapi-python-client")
    result = subprocess.run(
        [str(executable), "generate", "--path", str(schema), "--output-path", str(root / PACKAGE), "--meta", "none"],
        capture_output=True,
        text=True,
        timeout=300,
        # The generator formats its output with ruff, which sits beside it.
        env={**os.environ, "PATH": f"{executable.parent}{os.pathsep}{os.environ.get('PATH', '')}", "NO_COLOR": "1"},
    )
    return result.stdout + result.stderr, root


@pytest.mark.slow
def test_the_client_generates_for_every_operation_without_a_warning(generated):
    output, root = generated
    assert "Warning" not in output and "Error" not in output, output
    operations = {path.stem for path in (root / PACKAGE / "api").glob("*/*.py") if path.stem != "__init__"}
    for expected in ("events_list", "events_retrieve", "events_counts_retrieve", "events_crawl_retrieve"):
        assert expected in operations
    assert "countries_retrieve" in operations and "withdrawn_list" in operations


@pytest.mark.slow
def test_the_generated_client_reads_the_api(generated, transactional_db, live_server, settings):
    _output, root = generated
    load_article_after_flush()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost", "127.0.0.1"]
    sys.path.insert(0, str(root))
    try:
        client_module = importlib.import_module(f"{PACKAGE}.client")
        events_list = importlib.import_module(f"{PACKAGE}.api.events.events_list")
        counts = importlib.import_module(f"{PACKAGE}.api.asylum_outcomes.asylum_outcomes_counts_retrieve")
        crawl = importlib.import_module(f"{PACKAGE}.api.persons.persons_crawl_retrieve")
        models = importlib.import_module(f"{PACKAGE}.models")
    finally:
        sys.path.remove(str(root))
    client = client_module.Client(base_url=live_server.url, raise_on_unexpected_status=True)

    page = events_list.sync(
        client=client,
        type_=[models.EventsListTypeItem.DEPORTATION, models.EventsListTypeItem.KILLING],
        country=[models.EventsListCountryItem.KZ, models.EventsListCountryItem.ES],
    )
    assert isinstance(page, models.PaginatedEventList)
    assert sorted(event.slug for event in page.results) == [
        "maksim-kuzminov-killing-in-spain",
        "mikhail-zhilin-deportation-from-kazakhstan",
    ]
    assert page.results[0].citations[0].quote

    answer = counts.sync(
        client=client,
        by=[models.AsylumOutcomesCountsRetrieveByItem.COUNTRY, models.AsylumOutcomesCountsRetrieveByItem.STATUS],
    )
    assert isinstance(answer, models.AsylumOutcomeCounts)
    rows = {(row.country, row.status.value, row.count) for row in answer.results}
    assert ("FR", "temporary_visa", 1) in rows and ("FR", "applied", 1) in rows

    slugs, cursor = [], importlib.import_module(f"{PACKAGE}.types").UNSET
    while True:
        body = crawl.sync(
            client=client, cursor=cursor, page_size=2, fields=[models.PersonsCrawlRetrieveFieldsItem.SLUG]
        )
        slugs += [person.slug for person in body.results]
        if not body.next_:
            break
        cursor = slugs[-1]
    assert len(slugs) == len(set(slugs)) == 3

    error = events_list.sync_detailed(client=client, person=["no-such-person"])
    assert error.status_code == 404
    assert error.parsed.errors[0].attr == "person"
