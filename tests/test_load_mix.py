"""The load test's mix (tests/load/locustfile.py) asks only what the site answers: each of
its requests, built from what the site itself lists, answers 200 on the article's records.
A renamed URL or parameter fails here, not in the middle of a load run."""

import importlib
import random

import pytest


@pytest.fixture
def locustfile(monkeypatch):
    # Importing locust would otherwise patch sockets and threads for the whole test run.
    monkeypatch.setenv("LOCUST_SKIP_MONKEY_PATCH", "1")
    return importlib.import_module("tests.load.locustfile")


def answered(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response


def test_every_request_of_the_mix_answers(article, client, locustfile):
    catalogue = locustfile.discover(
        lambda path: answered(client, path).json(),
        lambda path: answered(client, path).content.decode(),
        random.Random(0),
    )
    for found in ("persons", "cohorts", "sources", "events", "words", "countries", "years", "sitemap_pages"):
        assert getattr(catalogue, found), f"nothing found for {found}"

    failed = {}
    for name, _, path in locustfile.REQUESTS:
        url = path(catalogue, random.Random(name))
        response = client.get(url)
        if response.status_code != 200:
            failed[name] = (url, response.status_code)
    assert not failed


def test_the_mix_draws_every_request(locustfile):
    catalogue = locustfile.Catalogue(persons=["a"], cohorts=["b"], sources=["c"], events=["d"], sitemap_pages=["/e"])
    rng = random.Random(1)
    drawn = {locustfile.pick(catalogue, rng)[0] for _ in range(5000)}
    assert drawn == {name for name, _, _ in locustfile.REQUESTS}
