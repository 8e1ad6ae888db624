"""No input makes a server error: bounded search, control characters refused, a failing CSV
export that says so, and property-based fuzzing of every public page's and every admin
changelist's query parameters. The suite runs on SQLite and on PostgreSQL, and so do these."""

import csv
import io

import pytest
from django.contrib import admin
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api import urls as api_urls
from casework.search import MAX_SEARCH_CHARACTERS, MAX_SEARCH_TERMS

API = "/api/v1/"

# The 500-word search that answered 500 on SQLite ("Expression tree is too large").
LONG_SEARCH = " ".join(["deserter"] * 500)
MANY_TERMS = " ".join(["a"] * (MAX_SEARCH_TERMS + 1))


@pytest.fixture
def article(article_for_module, db):
    """The article's records, loaded once for this module."""


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


# Search bounds


@pytest.mark.parametrize(
    ("text", "says"),
    [(LONG_SEARCH, f"at most {MAX_SEARCH_CHARACTERS} characters"), (MANY_TERMS, f"at most {MAX_SEARCH_TERMS} words")],
    ids=["500-words", "too-many-words"],
)
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_api_refuses_an_oversized_search_with_a_400_that_says_so(client, article, text, says, fmt):
    response = client.get(f"{API}persons/", {"search": text, "format": fmt})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    [error] = response.json()["errors"]
    assert error["attr"] == "search"
    assert says in error["detail"]


def test_the_api_still_answers_a_search_at_the_limits(client, article):
    text = " ".join(["Zhilin"] * MAX_SEARCH_TERMS)
    assert len(text) <= MAX_SEARCH_CHARACTERS
    response = client.get(f"{API}persons/", {"search": text})
    assert response.status_code == 200
    assert [person["slug"] for person in response.json()["results"]] == ["mikhail-zhilin"]


def test_the_case_list_refuses_too_many_words_with_a_400_that_says_so(client, article):
    response = client.get(reverse("case-list"), {"q": MANY_TERMS[:100]})
    assert response.status_code == 400
    assert f"at most {MAX_SEARCH_TERMS} words" in response.content.decode()


def test_the_case_list_refuses_a_500_word_search(client, article):
    response = client.get(reverse("case-list"), {"q": LONG_SEARCH})
    assert response.status_code == 400


# Control characters


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1b", "\x7f", "\x85"])
@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/cases/", "country"),
        ("/cases/", "q"),
        ("/", "anything"),
        ("/sitemap.xml", "p"),
        (f"{API}persons/", "search"),
        (f"{API}events/", "country"),
    ],
)
def test_a_control_character_in_a_parameter_is_a_400_naming_it(client, article, path, parameter, character):
    response = client.get(path, {parameter: f"fr{character}"})
    assert response.status_code == 400
    assert parameter in response.content.decode()
    assert character not in response.content.decode()


def test_a_control_character_in_a_parameter_name_is_a_400(client, article):
    assert client.get("/cases/", {"cou\x00ntry": "fr"}).status_code == 400


def test_a_control_character_in_the_path_is_a_400(client, article):
    assert client.get("/countries/f%00r/").status_code == 400


@pytest.mark.parametrize("path", ["/", "/ru/", "/cases/", "/countries/fr/", "/nowhere/", "/api/v1/events/", "/admin/"])
def test_a_host_that_is_not_ours_is_a_400_not_a_500(client, article, path):
    # The 400 page links to itself in each language; those links must not need the host.
    client.raise_request_exception = False
    response = client.get(path, headers={"host": "elsewhere.example"})
    assert response.status_code == 400
    assert b"elsewhere.example" not in response.content


@pytest.mark.parametrize("lookup", ["q", "visibility__exact", "citizenship__code__exact", "slug__startswith"])
def test_a_control_character_in_an_admin_changelist_lookup_is_a_400(admin_client, article, lookup):
    response = admin_client.get(reverse("admin:casework_person_changelist"), {lookup: "x\x00y"})
    assert response.status_code == 400


@pytest.mark.parametrize("value", ["9223372036854775808", "-9223372036854775809", "1" * 40])
def test_an_admin_lookup_past_64_bits_is_a_wrong_lookup_not_a_500(admin_client, article, value):
    # Found by the fuzzing below: SQLite refuses the integer when the query runs.
    # PostgreSQL compares it as a number and finds nothing. Every changelist, the ones that
    # do not derive from CaseworkAdmin (revisions, error reports) included.
    for changelist in ("source", "revision", "errorreport", "accesslogentry"):
        response = admin_client.get(reverse(f"admin:casework_{changelist}_changelist"), {"pk__in": value})
        assert_wrong_lookup_or_nothing(response)


def assert_wrong_lookup_or_nothing(response):
    assert response.status_code in {200, 302}
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")
    else:
        assert response.context["cl"].result_count == 0


def test_the_api_error_is_json_in_the_api_shape(client, article):
    response = client.get(f"{API}persons/", {"search": "a\x00b"})
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert [(error["code"], error["attr"]) for error in body["errors"]] == [("control_character", "search")]


# A streamed CSV that fails part-way


def test_a_csv_export_failing_part_way_ends_with_a_visible_error_line(client, article, monkeypatch):
    from api.serializers import EventSerializer

    real = EventSerializer.to_representation
    calls = {"n": 0}

    def fail_on_the_third_row(self, instance):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("database went away")
        return real(self, instance)

    monkeypatch.setattr(EventSerializer, "to_representation", fail_on_the_third_row)
    response = client.get(f"{API}events/", {"format": "csv"})
    body = b"".join(response.streaming_content).decode()

    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 1 + 2 + 1  # header, two rows, the error line
    assert rows[-1][0].startswith("# EXPORT FAILED: this file is incomplete; 2 rows were written")


def test_a_csv_export_whose_query_fails_is_an_error_status_not_an_empty_file(client, article, monkeypatch):
    from api.serializers import EventSerializer

    def always_fail(self, instance):
        raise RuntimeError("database went away")

    monkeypatch.setattr(EventSerializer, "to_representation", always_fail)
    client.raise_request_exception = False
    response = client.get(f"{API}events/", {"format": "csv"})
    assert response.status_code == 500


# Property-based fuzzing: every parameter of every public page and admin changelist.

# Text as a browser or a script could send it: any code point but surrogates, which a URL
# cannot carry; control characters are in, and must give a 400.
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
INTERESTING = st.sampled_from(
    ["", "0", "-1", "1e9", "99999999999999999999", "2022-12", "2023-22", "../2024", "fr", "FR", "ru", "'", "%", "*"]
)
VALUE = st.one_of(TEXT, INTERESTING, st.integers().map(str))

PUBLIC_PAGES = {
    "/": [],
    "/cases/": ["q", "country", "outcome", "background", "year", "page"],
    "/cases/mikhail-zhilin/": [],
    "/cohorts/six-russian-soldiers-france-2024/": [],
    "/countries/fr/": [],
    "/sources/": [],
    "/statistics/": [],
    "/about/": [],
    "/feed/": [],
    "/sitemap.xml": ["p"],
}

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


def parameters(names: list[str]):
    known = st.dictionaries(st.sampled_from(names), VALUE, max_size=len(names)) if names else st.just({})
    unknown = st.dictionaries(TEXT.filter(bool), VALUE, max_size=2)
    return st.tuples(known, unknown).map(lambda pair: {**pair[1], **pair[0]})


def has_control_characters(params: dict) -> bool:
    from casework.middleware import CONTROL_CHARACTERS

    return any(CONTROL_CHARACTERS.search(f"{name}{value}") for name, value in params.items())


def assert_no_server_error(response, params):
    assert response.status_code < 500, params
    if has_control_characters(params):
        assert response.status_code == 400, params


@pytest.mark.slow
@pytest.mark.parametrize("path", list(PUBLIC_PAGES))
def test_fuzzed_parameters_never_make_a_public_page_fail(client, article, path):
    @FUZZ
    @given(params=parameters(PUBLIC_PAGES[path]))
    def check(params):
        assert_no_server_error(client.get(path, params), params)

    check()


def api_lists():
    for prefix, viewset, _basename in api_urls.router.registry:
        names = ["search", "ordering", "page", "page_size", "format"]
        if viewset.filterset_class is not None:
            names += list(viewset.filterset_class.base_filters)
        yield f"{API}{prefix}/", names


@pytest.mark.slow
@pytest.mark.parametrize(("path", "names"), list(api_lists()), ids=lambda value: str(value)[:40])
def test_fuzzed_parameters_never_make_an_api_list_fail(client, article, path, names):
    @FUZZ
    @given(params=parameters(names))
    def check(params):
        from django.core.cache import cache

        cache.clear()  # the anonymous throttle would answer 429 before the end
        assert_no_server_error(client.get(path, params), params)

    check()


def changelists():
    return sorted(
        (model._meta.app_label, model._meta.model_name)
        for model in admin.site._registry
        if model._meta.app_label == "casework"
    )


@pytest.mark.slow
@pytest.mark.parametrize(("app", "model"), changelists(), ids=lambda value: value)
def test_fuzzed_filters_never_make_an_admin_changelist_fail(admin_client, article, app, model):
    url = reverse(f"admin:{app}_{model}_changelist")
    first = admin_client.get(url)
    assert first.status_code == 200
    changelist = first.context["cl"]
    # The parameters the filters in the sidebar send, the search box, sorting and paging,
    # and lookups an editor could type into the address bar.
    names = sorted(
        {name for spec in changelist.filter_specs for name in spec.expected_parameters()}
        | {"q", "o", "p", "all", "e", "_to_field", "id__exact", "pk__in", "slug__startswith", "date_earliest__gte"}
    )

    @FUZZ
    @given(params=parameters(names))
    def check(params):
        assert_no_server_error(admin_client.get(url, params), params)

    check()
