"""Readers and researchers at once: a mix of public pages and API calls for locust.

    make load                        # gunicorn on PostgreSQL with synthetic data, 60 s at 20 users
    .venv/bin/locust -f tests/load/locustfile.py --headless -u 20 -r 20 -t 60s --host http://127.0.0.1:8001

Before the users start, the records they read are picked from the site itself (the API
lists, the sitemap index), so the same file runs against any database: synthetic records
at 100,000 persons or the article's few. Each user sends its next request as soon as the
last one is answered (LOAD_WAIT_SECONDS adds a pause), so the figures are what the
server can do with that many requests in flight, not how fast people read.

Every path the mix can request comes from REQUESTS; tests/test_load_mix.py asks each of
them of the article's records through Django's test client, so this file cannot fall
behind the URLs.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

import requests
from locust import HttpUser, constant, events, task

API = "/api/v1"


@dataclass
class Catalogue:
    """What the site holds, read once from its own public answers."""

    persons: list[str] = field(default_factory=list)
    cohorts: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    event_types: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    outcome_statuses: list[str] = field(default_factory=list)
    backgrounds: list[str] = field(default_factory=list)
    sitemap_pages: list[str] = field(default_factory=list)
    case_pages: int = 1
    person_pages: int = 1


def _random_page(get_json: Callable[[str], dict], path: str, rng: random.Random) -> tuple[list[dict], int]:
    """The records of one random page of 100, and how many pages of 20 the list has."""
    first = get_json(f"{path}page_size=100")
    pages = max(1, -(-first["count"] // 100))
    page = rng.randint(1, pages)
    records = first["results"] if page == 1 else get_json(f"{path}page_size=100&page={page}")["results"]
    return records, max(1, -(-first["count"] // 20))


def discover(get_json: Callable[[str], dict], get_text: Callable[[str], str], rng: random.Random) -> Catalogue:
    """Read slugs, words, countries, years and vocabulary values from the site's public answers."""
    persons, person_pages = _random_page(get_json, f"{API}/persons/?", rng)
    cohorts, cohort_pages = _random_page(get_json, f"{API}/cohorts/?", rng)
    sources, _ = _random_page(get_json, f"{API}/sources/?", rng)
    events, _ = _random_page(get_json, f"{API}/events/?", rng)
    outcomes, _ = _random_page(get_json, f"{API}/asylum-outcomes/?", rng)
    sitemap = get_text("/sitemap.xml")
    locations = [part.split("</loc>")[0] for part in sitemap.split("<loc>")[1:]]
    return Catalogue(
        persons=[p["slug"] for p in persons],
        cohorts=[c["slug"] for c in cohorts],
        sources=[s["slug"] for s in sources],
        events=[e["slug"] for e in events],
        words=sorted({word for p in persons for word in p["display_name"].split() if len(word.strip(".")) > 2}),
        countries=sorted({c for e in events for c in (e["country"], e["from_country"], e["to_country"]) if c}),
        event_types=sorted({e["type"] for e in events}),
        years=sorted({e["date_earliest"][:4] for e in events if e["date_earliest"]}),
        outcome_statuses=sorted({o["status"] for o in outcomes}),
        backgrounds=sorted({p["military_background"] for p in persons if p["military_background"]}),
        sitemap_pages=[_path(location) for location in locations],
        # The case list shows persons and cohorts, 20 a page.
        case_pages=person_pages + cohort_pages,
        person_pages=person_pages,
    )


def _path(url: str) -> str:
    parts = urlsplit(url.replace("&amp;", "&"))
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def _one(rng: random.Random, values: list[str], default: str = "") -> str:
    return rng.choice(values) if values else default


# (name in the statistics, weight, the path). The weights put readers' pages at about 60%
# of requests and researchers' API calls at about 40%, case pages and lists first.
Request = tuple[str, int, Callable[[Catalogue, random.Random], str]]
REQUESTS: list[Request] = [
    ("home", 8, lambda c, r: "/"),
    ("home (ru)", 2, lambda c, r: "/ru/"),
    ("case list", 6, lambda c, r: "/cases/"),
    ("case list, deep page", 2, lambda c, r: f"/cases/?page={r.randint(1, c.case_pages)}"),
    ("case list, search", 3, lambda c, r: f"/cases/?q={quote(_one(r, c.words, 'soldier'))}"),
    ("case list, country", 3, lambda c, r: f"/cases/?country={_one(r, c.countries, 'RU').lower()}"),
    ("case list, year", 2, lambda c, r: f"/cases/?year={_one(r, c.years, '2023')}"),
    ("case list, outcome", 1, lambda c, r: f"/cases/?outcome={_one(r, c.outcome_statuses)}"),
    ("case list, background", 1, lambda c, r: f"/cases/?background={_one(r, c.backgrounds)}"),
    ("case page", 12, lambda c, r: f"/cases/{r.choice(c.persons)}/"),
    ("case page (ru)", 2, lambda c, r: f"/ru/cases/{r.choice(c.persons)}/"),
    ("cohort page", 3, lambda c, r: f"/cohorts/{r.choice(c.cohorts)}/"),
    ("country page", 3, lambda c, r: f"/countries/{_one(r, c.countries, 'RU').lower()}/"),
    ("source page", 2, lambda c, r: f"/sources/{r.choice(c.sources)}/"),
    ("statistics", 3, lambda c, r: "/statistics/"),
    ("feed", 2, lambda c, r: "/feed/"),
    ("sitemap index", 1, lambda c, r: "/sitemap.xml"),
    ("sitemap page", 2, lambda c, r: r.choice(c.sitemap_pages)),
    ("API persons", 4, lambda c, r: f"{API}/persons/"),
    ("API persons, deep page", 2, lambda c, r: f"{API}/persons/?page={r.randint(1, c.person_pages)}"),
    ("API persons, search", 2, lambda c, r: f"{API}/persons/?search={quote(_one(r, c.words, 'soldier'))}"),
    (
        "API persons, filter",
        2,
        lambda c, r: f"{API}/persons/?military_background={_one(r, c.backgrounds)}&citizenship=RU",
    ),
    ("API person", 6, lambda c, r: f"{API}/persons/{r.choice(c.persons)}/"),
    ("API cohorts", 1, lambda c, r: f"{API}/cohorts/"),
    ("API cohort", 1, lambda c, r: f"{API}/cohorts/{r.choice(c.cohorts)}/"),
    ("API events", 3, lambda c, r: f"{API}/events/"),
    (
        "API events, filter",
        3,
        lambda c, r: f"{API}/events/?type={_one(r, c.event_types)}&to_country={_one(r, c.countries, 'RU')}",
    ),
    ("API events, search", 2, lambda c, r: f"{API}/events/?search={quote(_one(r, c.words, 'soldier'))}"),
    ("API events of a person", 2, lambda c, r: f"{API}/events/?person={r.choice(c.persons)}"),
    ("API event", 2, lambda c, r: f"{API}/events/{r.choice(c.events)}/"),
    ("API outcomes, filter", 2, lambda c, r: f"{API}/asylum-outcomes/?status={_one(r, c.outcome_statuses)}"),
    ("API sources", 1, lambda c, r: f"{API}/sources/"),
    ("API source", 1, lambda c, r: f"{API}/sources/{r.choice(c.sources)}/"),
    ("API citations of a source", 1, lambda c, r: f"{API}/citations/?source={r.choice(c.sources)}"),
    ("API persons CSV page", 2, lambda c, r: f"{API}/persons/?format=csv&page={r.randint(1, c.person_pages)}"),
    ("API events CSV page", 1, lambda c, r: f"{API}/events/?format=csv&page=1&type={_one(r, c.event_types)}"),
]


def pick(catalogue: Catalogue, rng: random.Random) -> tuple[str, str]:
    """One request of the mix: its name and its path."""
    name, _, path = rng.choices(REQUESTS, weights=[weight for _, weight, _ in REQUESTS])[0]
    return name, path(catalogue, rng)


CATALOGUE = Catalogue()


@events.init.add_listener
def read_the_catalogue(environment, **kwargs) -> None:
    """Once, before the users start and the run's clock: these requests are not counted."""
    session = requests.Session()

    def get(path: str) -> requests.Response:
        response = session.get(f"{environment.host.rstrip('/')}{path}", timeout=120)
        response.raise_for_status()
        return response

    found = discover(lambda path: get(path).json(), lambda path: get(path).text, random.Random())
    CATALOGUE.__dict__.update(found.__dict__)


class Reader(HttpUser):
    wait_time = constant(float(os.environ.get("LOAD_WAIT_SECONDS", "0")))

    def on_start(self) -> None:
        self.rng = random.Random()

    @task
    def read(self) -> None:
        name, path = pick(CATALOGUE, self.rng)
        self.client.get(path, name=name)
