"""Walk every public path and prove that nothing restricted or unpublished comes out.

The walk starts at the home page, the API root, the feed and the sitemap and follows every
same-site link and every API `url`/`next`, so pages and endpoints added later are walked
too. Sentinel strings sit in every restricted field of a published person and in every
name of unpublished records; none may appear in any response, whatever the path.
"""

import json
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.cache import cache

from casework.models import RESTRICTED_PERSON_FIELDS, ErrorReport
from casework.vocabularies import Visibility
from tests.factories import (
    AsylumOutcomeFactory,
    CitationFactory,
    CohortFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    ProsecutionFactory,
    SourceFactory,
    StatisticFactory,
)

SENTINEL = "zzleak"
START = [
    "/",
    "/api/v1/",
    "/feed/",
    "/sitemap.xml",
    "/cases/",
    "/statistics/",
    "/about/",
    "/report/?page=/cases/published-person/",
    "/report/thanks/?page=/cases/published-person/",
]
# Staff and machinery paths are not public; language switching only redirects.
SKIP_PREFIXES = ("/admin/", "/i18n/", "/static/")
HREF = re.compile(r"""(?:href|src)=["']([^"'#]+)""")
MAX_PAGES = 2000


def plant_sentinels():
    """A published world with restricted values, and unpublished records all around it."""
    restricted = {field: f"{SENTINEL}-{field}" for field in RESTRICTED_PERSON_FIELDS}
    person = PersonFactory(display_name="Published Person", slug="published-person", **restricted)
    cohort = CohortFactory(name="Published Cohort", slug="published-cohort")
    cohort.members.add(person)
    source = SourceFactory(title="Published Source", slug="published-source")
    CitationFactory(source=source, record=person, quote="Quoted passage.")
    EventFactory(person=person, slug="published-event", summary="Published event.")
    AsylumOutcomeFactory(person=person, slug="published-outcome")
    # What readers report is for the editors only, whichever page it is about.
    ErrorReport.objects.create(
        page="/cases/published-person/", message=f"{SENTINEL}-report", contact=f"{SENTINEL}-contact", language="en"
    )

    for visibility in (Visibility.DRAFT, Visibility.REVIEW):
        tag = f"{SENTINEL}-{visibility}"
        hidden = PersonFactory(
            visibility=visibility, display_name=f"{tag}-person", slug=f"{tag}-person", summary=tag, **restricted
        )
        hidden_cohort = CohortFactory(visibility=visibility, name=f"{tag}-cohort", slug=f"{tag}-cohort")
        # A draft member of a published cohort must not show through the cohort.
        cohort.members.add(hidden)
        hidden_org = OrganizationFactory(visibility=visibility, name=f"{tag}-org", slug=f"{tag}-org")
        hidden_source = SourceFactory(visibility=visibility, title=f"{tag}-source", slug=f"{tag}-source")
        # Published records tied to unpublished ones are unpublished too.
        EventFactory(person=hidden, slug=f"{tag}-event-of-hidden", summary=tag)
        EventFactory(person=None, cohort=hidden_cohort, slug=f"{tag}-event-of-hidden-cohort", summary=tag)
        EventFactory(person=person, visibility=visibility, slug=f"{tag}-event", summary=tag)
        AsylumOutcomeFactory(person=hidden, slug=f"{tag}-outcome", summary=tag)
        AsylumOutcomeFactory(person=person, authority=hidden_org, slug=f"{tag}-outcome-authority", summary=tag)
        ProsecutionFactory(defendant=hidden, slug=f"{tag}-prosecution", summary=tag)
        StatisticFactory(visibility=visibility, metric=tag, slug=f"{tag}-statistic")
        CitationFactory(source=hidden_source, record=person, quote=f"{tag} quote from a hidden source")
        CitationFactory(source=source, record=hidden, quote=f"{tag} quote about a hidden person")
        # A record that was never public leaves no trace in /api/v1/withdrawn/ when deleted.
        PersonFactory(visibility=visibility, slug=f"{tag}-deleted-person").delete()
    return person


def links(path: str, response) -> list[str]:
    content_type = response.get("Content-Type", "")
    body = response.content.decode("utf-8", "replace")
    found = [urljoin(path, href) for href in HREF.findall(body)]
    if "xml" in content_type:
        found += re.findall(r"<loc>([^<]+)</loc>", body) + re.findall(r'<link[^>]+href="([^"]+)"', body)
    if "json" in content_type:
        found += re.findall(r'"(?:url|html_url|next|previous)":\s*"([^"]+)"', body)
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        if isinstance(data, dict) and "results" not in data and "count" not in data:
            # The API root lists its endpoints as name -> URL.
            found += [v for v in data.values() if isinstance(v, str) and v.startswith("http")]
    result = []
    for url in found:
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver"):
            continue
        local = parts.path + (f"?{parts.query}" if parts.query else "")
        if local.startswith("/") and not local.startswith(SKIP_PREFIXES):
            result.append(local)
    return result


def walk(client) -> dict[str, object]:
    seen: dict[str, object] = {}
    queue = deque(START)
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        # The walk is one visitor making hundreds of requests; the API throttle would
        # answer 429 and hide the pages behind it.
        cache.clear()
        response = client.get(path)
        seen[path] = response
        if response.status_code == 200 and not response.streaming:
            queue.extend(link for link in links(path, response) if link not in seen)
    assert not queue, f"the walk stopped at {MAX_PAGES} pages before reaching every link"
    return seen


def without_tokens(html: str) -> str:
    # CSRF tokens differ on every response by design.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


@pytest.mark.django_db
def test_no_public_path_shows_restricted_or_unpublished_data(client, article):
    plant_sentinels()
    pages = walk(client)
    # The walk must really reach the records, or it proves nothing.
    assert "/cases/published-person/" in pages
    assert any(path.startswith("/api/v1/persons/") for path in pages)
    assert "/api/v1/withdrawn/" in pages
    for path, response in pages.items():
        assert response.status_code < 500, path
        assert SENTINEL not in body(response).lower(), f"leak on {path}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/persons/?search={s}",
        "/api/v1/persons/?format=csv&search={s}",
        "/api/v1/events/?search={s}",
        "/api/v1/asylum-outcomes/?search={s}",
        "/api/v1/sources/?search={s}",
        "/api/v1/organizations/?search={s}",
        "/api/v1/statistics/?search={s}",
        "/cases/?q={s}",
    ],
)
def test_search_finds_nothing_restricted_or_unpublished(client, path):
    plant_sentinels()
    response = client.get(path.format(s=SENTINEL))
    assert response.status_code == 200
    # The page may echo the visitor's own query (search box, language form); nothing else.
    text = re.sub(rf"(q=|value=\"){SENTINEL}", "", body(response))
    assert SENTINEL not in text.lower()
    if "format=csv" not in path and "/api/" in path:
        assert json.loads(text)["count"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize("field", RESTRICTED_PERSON_FIELDS)
def test_restricted_fields_are_neither_filterable_nor_orderable(client, field):
    plant_sentinels()
    for query in (f"{field}={SENTINEL}-{field}", f"ordering={field}", f"ordering=-{field}"):
        response = client.get(f"/api/v1/persons/?{query}")
        assert response.status_code == 400, query
        assert SENTINEL not in body(response).lower()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/cases/{s}-draft-person/",
        "/cases/{s}-review-person/",
        "/api/v1/persons/{s}-draft-person/",
        "/api/v1/organizations/{s}-review-org/",
        "/api/v1/sources/{s}-draft-source/",
        "/api/v1/events/{s}-draft-event/",
        "/api/v1/events/{s}-review-event-of-hidden/",
    ],
)
def test_an_unpublished_record_answers_like_a_missing_one(client, path):
    plant_sentinels()
    hidden = client.get(path.format(s=SENTINEL))
    missing = client.get(path.format(s="no-such-record"))
    assert hidden.status_code == missing.status_code == 404
    assert without_tokens(body(hidden)).replace(SENTINEL, "") == without_tokens(body(missing)).replace(
        "no-such-record", ""
    )
