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

from casework.models import RESTRICTED_PERSON_FIELDS
from tests.conftest import SENTINEL

START = [
    "/",
    "/api/v1/",
    "/feed/",
    "/sitemap.xml",
    "/cases/",
    "/statistics/",
    "/about/",
    "/report/?page=/cases/public-person/",
    "/report/thanks/?page=/cases/public-person/",
]
# Staff and machinery paths are not public; language switching only redirects.
SKIP_PREFIXES = ("/admin/", "/i18n/", "/static/")
HREF = re.compile(r"""(?:href|src)=["']([^"'#]+)""")
MAX_PAGES = 2000


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
def test_no_public_path_shows_restricted_or_unpublished_data(client, article, leak_world):
    pages = walk(client)
    # The walk must really reach the records, or it proves nothing.
    assert "/cases/public-person/" in pages
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
        "/api/v1/country-conditions/?search={s}",
        "/cases/?q={s}",
    ],
)
def test_search_finds_nothing_restricted_or_unpublished(client, leak_world, path):
    response = client.get(path.format(s=SENTINEL))
    assert response.status_code == 200
    # The page may echo the visitor's own query (search box, language form); nothing else.
    text = re.sub(rf"(q=|value=\"){SENTINEL}", "", body(response))
    assert SENTINEL not in text.lower()
    if "format=csv" not in path and "/api/" in path:
        assert json.loads(text)["count"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize("field", RESTRICTED_PERSON_FIELDS)
def test_restricted_fields_are_neither_filterable_nor_orderable(client, leak_world, field):
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
        "/api/v1/organizations/{s}-review-organization/",
        "/api/v1/sources/{s}-draft-source/",
        "/api/v1/events/{s}-draft-event/",
        "/cohorts/{s}-draft-cohort/",
        "/sources/{s}-review-source/",
        "/api/v1/events/{s}-review-event-of-hidden/",
        "/api/v1/country-conditions/{s}-draft-condition/",
    ],
)
def test_an_unpublished_record_answers_like_a_missing_one(client, leak_world, path):
    hidden = client.get(path.format(s=SENTINEL))
    missing = client.get(path.format(s="no-such-record"))
    assert hidden.status_code == missing.status_code == 404
    assert without_tokens(body(hidden)).replace(SENTINEL, "") == without_tokens(body(missing)).replace(
        "no-such-record", ""
    )


@pytest.mark.django_db
def test_no_public_path_even_reads_a_restricted_value(client, article, leak_world, monkeypatch):
    """Stronger than not showing them: a public request never decrypts a restricted field,
    not even of a person joined to the record it shows, so no template, serializer or log
    line added later can leak one, and no request spends time decrypting."""
    from casework import crypto

    decrypted: list[str] = []
    readers: set[str] = set()
    monkeypatch.setattr(crypto, "decrypt", lambda token: decrypted.append(token) or "")
    get = client.get

    def get_and_watch(path, *args, **kwargs):
        before = len(decrypted)
        response = get(path, *args, **kwargs)
        if response.streaming:
            response.streaming_content = [b"".join(response.streaming_content)]
        if len(decrypted) > before:
            readers.add(path)
        return response

    monkeypatch.setattr(client, "get", get_and_watch)
    pages = walk(client)
    api_lists = [path for path in pages if re.fullmatch(r"/api/v1/[-a-z]+/", path)]
    assert len(api_lists) >= 10
    for path in api_lists:
        cache.clear()
        client.get(f"{path}?format=csv")
    assert sorted(readers) == [], "\n".join(sorted(readers))
