"""Filters, unknown parameters, dates, search and ordering: each does what it says, and a
value it cannot use answers 400 naming the parameter, never a silently unfiltered list."""

import pytest
from django.db import connection

from tests import factories

API = "/api/v1/"


@pytest.fixture
def article(article_for_module, db):
    """The article's records, loaded once for this module."""


def slugs(client, resource, **params):
    response = client.get(f"{API}{resource}/", {"page_size": 100, **params})
    assert response.status_code == 200, response.content
    return {item.get("slug") or item.get("code") for item in response.json()["results"]}


def error(client, resource, expect=400, **params):
    response = client.get(f"{API}{resource}/", params)
    assert response.status_code == expect, response.content
    return response.json()


def attrs(body) -> list[str]:
    """The parameters an error answer names (the API's one error shape)."""
    return [error["attr"] for error in body["errors"]]


# One row per filter: resource, parameter, a value that narrows the article's records to
# exactly the expected slugs, and a malformed value.
FILTERS = [
    ("persons", "citizenship", "ru", {"alexander", "mikhail-zhilin", "maksim-kuzminov"}, "russia"),
    ("persons", "military_background", "pilot", {"maksim-kuzminov"}, "astronaut"),
    ("persons", "situation", "deported", {"mikhail-zhilin"}, "lost"),
    ("persons", "cohort", "six-russian-soldiers-france-2024", {"alexander"}, "no-such-cohort"),
    ("cohorts", "person", "alexander", {"six-russian-soldiers-france-2024"}, "nobody"),
    ("organizations", "country", "FR", {"french-authorities"}, "FRA"),
    ("organizations", "kind", "media", {"mediazona"}, "blog"),
    ("charges", "country", "RU", {"russia-desertion"}, "R"),
    (
        "asylum-outcomes",
        "status",
        "temporary_visa",
        {"six-russian-soldiers-france-temporary-visa"},
        "granted",
    ),
    (
        "asylum-outcomes",
        "country",
        "fr",
        {"six-russian-soldiers-france-temporary-visa", "six-russian-soldiers-france-asylum-applied"},
        "France",
    ),
    ("asylum-outcomes", "application_type", "new", set(), "first"),
    (
        "asylum-outcomes",
        "person",
        "alexander",
        {"six-russian-soldiers-france-temporary-visa", "six-russian-soldiers-france-asylum-applied"},
        "nobody",
    ),
    (
        "asylum-outcomes",
        "cohort",
        "six-russian-soldiers-france-2024",
        {"six-russian-soldiers-france-temporary-visa", "six-russian-soldiers-france-asylum-applied"},
        "nobody",
    ),
    (
        "asylum-outcomes",
        "organization",
        "french-authorities",
        {"six-russian-soldiers-france-temporary-visa"},
        "nobody",
    ),
    ("prosecutions", "status", "charged", {"russia-desertion-cases-counted-by-mediazona-2024"}, "jailed"),
    ("prosecutions", "charge", "russia-desertion", {"russia-desertion-cases-counted-by-mediazona-2024"}, "theft"),
    ("prosecutions", "country", "RU", {"russia-desertion-cases-counted-by-mediazona-2024"}, "XX"),
    ("prosecutions", "organization", "mediazona", {"russia-desertion-cases-counted-by-mediazona-2024"}, "nobody"),
    ("prosecutions", "count_qualifier", "at_least", {"russia-desertion-cases-counted-by-mediazona-2024"}, "many"),
    ("prosecutions", "person", "alexander", set(), "nobody"),
    (
        "events",
        "country",
        "KZ",
        {
            "six-russian-soldiers-flight-to-kazakhstan",
            "alexander-youtube-channel-kazakhstan",
            "mikhail-zhilin-deportation-from-kazakhstan",
        },
        "Kazakhstan",
    ),
    ("events", "from_country", "kz", {"mikhail-zhilin-deportation-from-kazakhstan"}, "K"),
    ("events", "to_country", "UA", {"maksim-kuzminov-defection-to-ukraine"}, "UKR"),
    ("events", "type", "deportation", {"mikhail-zhilin-deportation-from-kazakhstan"}, "expulsion"),
    (
        "events",
        "person",
        "mikhail-zhilin",
        {"mikhail-zhilin-flight", "mikhail-zhilin-deportation-from-kazakhstan"},
        "nobody",
    ),
    (
        "events",
        "cohort",
        "six-russian-soldiers-france-2024",
        {
            "six-russian-soldiers-flight-to-kazakhstan",
            "six-russian-soldiers-visas-granted-france",
            "six-russian-soldiers-asylum-application-france",
            "six-russian-soldiers-arrival-in-france",
        },
        "nobody",
    ),
    ("events", "organization", "russian-intelligence", {"maksim-kuzminov-killing-in-spain"}, "nobody"),
    ("statistics", "country", "RU", {"russian-soldiers-deserted-or-refused-to-fight-2022-2024"}, "ZZZ"),
    ("statistics", "qualifier", "range", {"russian-soldiers-deserted-or-refused-to-fight-2022-2024"}, "lots"),
    ("statistics", "organization", "mediazona", set(), "nobody"),
    ("sources", "reliability", "unknown", {"six-russian-soldiers-granted-temporary-asylum-in-france-2024-10-16"}, "x"),
]


@pytest.mark.parametrize("resource,param,value,expected,_bad", FILTERS)
def test_filter_narrows_the_list(client, article, resource, param, value, expected, _bad):
    assert slugs(client, resource, **{param: value}) == expected


REFERENCES = {"person", "cohort", "organization", "charge"}


@pytest.mark.parametrize("resource,param,_value,_expected,bad", FILTERS)
def test_filter_rejects_a_value_it_cannot_use(client, article, resource, param, _value, _expected, bad):
    # A malformed value is a 400; a well-formed slug no published record has is a 404, as
    # the record's own URL would be. Both name the parameter and the value.
    body = error(client, resource, expect=404 if param in REFERENCES else 400, **{param: bad})
    assert attrs(body) == [param]
    if param not in REFERENCES:
        assert repr(bad.upper() if "country" in param or param == "citizenship" else bad) in body["errors"][0]["detail"]


@pytest.mark.parametrize(
    "resource,param,values,expected",
    [
        (
            "events",
            "type",
            "deportation,killing",
            {"mikhail-zhilin-deportation-from-kazakhstan", "maksim-kuzminov-killing-in-spain"},
        ),
        (
            "asylum-outcomes",
            "country",
            "FR,am",
            {"six-russian-soldiers-france-temporary-visa", "six-russian-soldiers-france-asylum-applied"},
        ),
        ("persons", "situation", "deported,killed", {"mikhail-zhilin", "maksim-kuzminov"}),
        (
            "events",
            "person",
            "mikhail-zhilin,maksim-kuzminov",
            {
                "mikhail-zhilin-flight",
                "mikhail-zhilin-deportation-from-kazakhstan",
                "maksim-kuzminov-defection-to-ukraine",
                "maksim-kuzminov-killing-in-spain",
            },
        ),
    ],
)
def test_comma_separated_values_match_any_of_them(client, article, resource, param, values, expected):
    assert slugs(client, resource, **{param: values}) >= expected
    for value in values.split(","):
        assert slugs(client, resource, **{param: value}) <= slugs(client, resource, **{param: values})


def test_each_comma_separated_value_is_checked(client, article):
    body = error(client, "events", type="deportation,flying,killing,swimming")
    assert attrs(body) == ["type"]
    detail = body["errors"][0]["detail"]
    assert "'flying'" in detail and "'swimming'" in detail and "'deportation'" not in detail
    body = error(client, "events", expect=404, person="mikhail-zhilin,nobody-at-all")
    assert body["errors"][0]["detail"] == "No published person has the slug at position 2."
    assert attrs(error(client, "events", country="KZ,,AM")) == ["country"]


def test_a_draft_is_as_unknown_to_a_filter_as_a_made_up_slug(client, article):
    draft = factories.PersonFactory(slug="draft-person", visibility="draft")
    assert error(client, "events", expect=404, person=draft.slug)["errors"][0]["detail"] == (
        "No published person has this slug."
    )


def test_person_filter_includes_the_events_of_their_cohorts(client, article):
    events = slugs(client, "events", person="alexander")
    assert "alexander-desertion" in events
    assert "six-russian-soldiers-arrival-in-france" in events
    assert "mikhail-zhilin-flight" not in events


def test_filters_combine(client, article):
    # Who was deported, by which country, when: every deportation from Kazakhstan in 2022.
    found = slugs(client, "events", type="deportation", from_country="KZ", date_from="2022", date_to="2022")
    assert found == {"mikhail-zhilin-deportation-from-kazakhstan"}
    assert slugs(client, "events", type="deportation", from_country="KZ", date_from="2023") == set()


# Date ranges overlap: an event of December 2022 matches any period that touches it.
@pytest.mark.parametrize(
    "params,matches",
    [
        ({"date_from": "2022"}, True),
        ({"date_from": "2022-12"}, True),
        ({"date_from": "2022-12-31"}, True),
        ({"date_from": "2023-01-01"}, False),
        ({"date_to": "2022-12-01"}, True),
        ({"date_to": "2022-11-30"}, False),
        ({"date_to": "2022-11"}, False),
        ({"date_from": "2022-06", "date_to": "2023-06"}, True),
        ({"date_from": "2021", "date_to": "2021"}, False),
    ],
)
def test_date_filters_match_overlapping_ranges(client, article, params, matches):
    found = slugs(client, "events", type="deportation", **params)
    assert ("mikhail-zhilin-deportation-from-kazakhstan" in found) is matches


def test_open_ended_dates_reach_on_and_undated_records_are_left_out(client, article):
    # "../2022-12": fled some time up to December 2022, so before 2000 too.
    assert "mikhail-zhilin-flight" in slugs(client, "events", date_to="2000")
    assert "mikhail-zhilin-flight" not in slugs(client, "events", date_from="2023")
    # The YouTube channel has no date: it matches no date filter, but is listed without one.
    assert "alexander-youtube-channel-kazakhstan" not in slugs(client, "events", date_from="1900")
    assert "alexander-youtube-channel-kazakhstan" in slugs(client, "events")


@pytest.mark.parametrize("resource", ["asylum-outcomes", "prosecutions", "statistics", "sources"])
def test_every_dated_resource_filters_by_date(client, article, resource):
    assert slugs(client, resource, date_from="2022", date_to="2024")
    assert slugs(client, resource, date_to="1999") == set()


MALFORMED_DATES = ["22", "2022-1", "2022/12", "December", "2022-13", "2023-02-30", "0000", "2022-12-1x"]


@pytest.mark.parametrize("value", MALFORMED_DATES)
@pytest.mark.parametrize("param", ["date_from", "date_to"])
def test_malformed_dates_are_400_naming_the_parameter(client, article, param, value):
    body = error(client, "events", **{param: value})
    assert attrs(body) == [param]


def test_a_period_that_ends_before_it_starts_holds_nothing(client, article):
    # Not a 400: the schema cannot say that date_to must follow date_from, and a request it
    # allows must be answered. No record can fall in an empty period.
    assert slugs(client, "events", date_from="2023", date_to="2022") == set()
    assert slugs(client, "events", date_from="2022", date_to="2023")


@pytest.mark.parametrize("param", ["type", "country", "person", "date_from", "ordering", "page", "page_size", "format"])
def test_an_empty_parameter_is_400(client, article, param):
    assert attrs(error(client, "events", **{param: ""})) == [param]


@pytest.mark.parametrize("resource", ["persons", "events", "countries", "sources"])
def test_unknown_parameter_is_400_listing_the_accepted_ones(client, article, resource):
    body = error(client, resource, colour="red")
    assert attrs(body) == ["colour"]
    accepted = accepted_parameters(body)
    for common in ("format", "page", "page_size", "search", "ordering"):
        assert common in accepted
    assert "colour" not in accepted


def accepted_parameters(body) -> list[str]:
    return body["errors"][0]["detail"].split(": ", 1)[1].rstrip(".").split(", ")


def test_accepted_parameters_are_the_resource_filters(client, article):
    accepted = accepted_parameters(error(client, "events", colour="red"))
    assert accepted == sorted(
        [
            "cohort",
            "country",
            "date_from",
            "date_to",
            "fields",
            "format",
            "from_country",
            "lang",
            "omit",
            "ordering",
            "organization",
            "page",
            "page_size",
            "person",
            "search",
            "to_country",
            "type",
            "updated_since",
        ]
    )


def test_a_filter_of_another_resource_is_unknown_here(client, article):
    # `type` filters events; on persons it would silently do nothing, so it is refused.
    assert attrs(error(client, "persons", type="deportation")) == ["type"]


def test_detail_accepts_no_filters(client, article):
    response = client.get(f"{API}persons/alexander/", {"country": "FR"})
    assert response.status_code == 400
    assert accepted_parameters(response.json()) == ["fields", "format", "lang", "omit"]


def test_a_repeated_parameter_is_400_rather_than_half_used(client, article):
    response = client.get(f"{API}events/?date_from=2022&date_from=2023")
    assert response.status_code == 400
    assert attrs(response.json()) == ["date_from"]


def test_a_list_parameter_given_once_per_value_reads_as_its_comma_form(client, article):
    # What generated clients send for an array, whatever the schema's explode says.
    assert slugs(client, "events", type=["deportation", "killing"]) == slugs(
        client, "events", type="deportation,killing"
    )
    response = client.get(f"{API}events/", {"type": ["deportation", "flying"], "fields": ["type", "country"]})
    assert attrs(response.json()) == ["type"]
    results = client.get(f"{API}events/", {"type": "killing", "fields": ["type", "country"]}).json()["results"]
    assert list(results[0]) == ["slug", "type", "country"]


def test_nul_characters_are_400(client, article):
    response = client.get(f"{API}persons/", {"search": "a\x00b"})
    assert response.status_code == 400


# Search


@pytest.mark.parametrize(
    "resource,text,expected",
    [
        ("persons", "Zhilin", {"mikhail-zhilin"}),
        ("persons", "pilot Spain", {"maksim-kuzminov"}),
        ("cohorts", "temporary visas", {"six-russian-soldiers-france-2024"}),
        ("organizations", "Mediazone", {"mediazona"}),
        ("charges", "confiscation", {"russia-desertion"}),
        ("statistics", "tens of thousands", {"russian-soldiers-deserted-or-refused-to-fight-2022-2024"}),
        ("sources", "Temporary Asylum", {"six-russian-soldiers-granted-temporary-asylum-in-france-2024-10-16"}),
        ("countries", "Kazakhstan", {"KZ"}),
    ],
)
def test_search_finds_names_and_summaries(client, article, resource, text, expected):
    assert slugs(client, resource, search=text) == expected


def test_search_finds_records_by_their_quotes(client, article):
    # "SIM cards" is only in the citation's verbatim quote, not in any summary.
    assert slugs(client, "persons", search="SIM cards") == {"alexander"}


def test_search_finds_sources_by_what_they_are_quoted_for(client, article):
    assert slugs(client, "sources", search="safe refuge") == set()  # a sentence no citation quotes
    assert slugs(client, "sources", search="YouTube channel") == {
        "six-russian-soldiers-granted-temporary-asylum-in-france-2024-10-16"
    }


def test_search_needs_every_word(client, article):
    assert slugs(client, "persons", search="Zhilin Spain") == set()


def test_search_combines_with_filters(client, article):
    assert slugs(client, "events", search="Kazakhstan", type="deportation") == {
        "mikhail-zhilin-deportation-from-kazakhstan"
    }


def test_search_uses_full_text_on_postgresql_and_substrings_elsewhere(client, article):
    # English stemming on PostgreSQL finds "deported" from "deportations"; the substring
    # fallback finds "deport" inside "deported" instead.
    word = "deportations" if connection.vendor == "postgresql" else "deport"
    assert "mikhail-zhilin-deportation-from-kazakhstan" in slugs(client, "events", search=word)


def test_search_odd_input_is_not_an_error(client, article):
    for text in ['"unclosed', "-", "or", "&|!:*()", "' OR 1=1 --", "Жилин"]:
        response = client.get(f"{API}events/", {"search": text})
        assert response.status_code == 200, text


def test_search_ignores_quotes_from_unpublished_sources(client, db):
    person = factories.PersonFactory()
    draft_source = factories.SourceFactory(visibility="draft")
    factories.CitationFactory(record=person, source=draft_source, quote="a secret marker phrase")
    assert slugs(client, "persons", search="marker") == set()
    factories.CitationFactory(record=person, quote="a published marker phrase")
    assert slugs(client, "persons", search="marker") == {person.slug}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN indexes exist on PostgreSQL only")
@pytest.mark.parametrize(
    "resource,index",
    [("persons", "person_search"), ("events", "event_search"), ("sources", "source_search")],
)
def test_postgresql_search_uses_the_gin_index(article, resource, index):
    from api import views
    from casework.search import search

    viewset = {"persons": views.PersonViewSet, "events": views.EventViewSet, "sources": views.SourceViewSet}[resource]
    queryset = search(viewset.queryset.all(), "Kazakhstan")
    with connection.cursor() as cursor:
        # Tiny test tables would be scanned whole; forbid that to see whether the index fits.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert index in plan


def test_the_migration_indexes_exactly_what_search_queries():
    import importlib

    from casework.search import CONFIG, QUOTE_FIELDS, SEARCH_FIELDS

    migration = importlib.import_module("casework.migrations.0004_search_indexes")
    later = importlib.import_module("casework.migrations.0021_country_conditions")
    russian = importlib.import_module("casework.migrations.0025_search_record_text_in_russian")
    assert migration.CONFIG == russian.CONFIG == CONFIG
    expected = {label.split(".")[1]: fields for label, fields in SEARCH_FIELDS.items()}
    indexed = {**migration.SEARCH_FIELDS, **later.SEARCH_FIELDS, **russian.SEARCH_FIELDS}
    assert {**expected, "citation": QUOTE_FIELDS} == indexed
    # What 0025 takes down is what the earlier migrations built.
    assert {name: {**migration.SEARCH_FIELDS, **later.SEARCH_FIELDS}[name] for name in russian.BEFORE} == russian.BEFORE


def test_restricted_fields_are_not_searchable(client, db):
    factories.PersonFactory(legal_name="Ivanov Restricted", current_location="Lyon hostel", risk_notes="hunted")
    for text in ("Ivanov", "Lyon", "hunted"):
        assert slugs(client, "persons", search=text) == set()


# Ordering


def test_ordering_by_a_listed_field(client, article):
    names = [p["display_name"] for p in client.get(f"{API}persons/", {"ordering": "-display_name"}).json()["results"]]
    assert names == ["Mikhail Zhilin", "Maksim Kuzminov", "Alexander"]


def test_ordering_by_date_is_the_time_order_of_the_pages(client, article):
    # An open start ("../2022-12", by December 2022) comes before a date within its end.
    events = client.get(f"{API}events/", {"ordering": "date", "person": "mikhail-zhilin"}).json()["results"]
    assert [e["slug"] for e in events] == ["mikhail-zhilin-flight", "mikhail-zhilin-deportation-from-kazakhstan"]
    events = client.get(f"{API}events/", {"ordering": "-date", "page_size": 100}).json()["results"]
    assert [e["slug"] for e in events[:2]] == [
        "maksim-kuzminov-killing-in-spain",
        "maksim-kuzminov-defection-to-ukraine",
    ]
    # The undated channel keeps the place its editor gave it, in either direction.
    slugs = [e["slug"] for e in events]
    assert slugs.index("alexander-youtube-channel-kazakhstan") == slugs.index("alexander-desertion") - 1
    assert events[-1]["slug"] == "six-russian-soldiers-flight-to-kazakhstan"


def test_ordering_by_several_fields(client, article):
    events = client.get(f"{API}events/", {"ordering": "type,-date_latest", "page_size": 100}).json()["results"]
    types = [e["type"] for e in events]
    assert types == sorted(types)


@pytest.mark.parametrize("value", ["legal_name", "risk_notes", "-current_location", "visibility", "nonsense", "slug,"])
def test_ordering_by_anything_else_is_400(client, article, value):
    body = error(client, "persons", ordering=value)
    assert attrs(body) == ["ordering"]
    assert "display_name" in body["errors"][0]["detail"]


def every_list_filter():
    """(resource, parameter, filter) for every filter of every list on the router."""
    from api.urls import router

    for prefix, viewset, _basename in router.registry:
        filterset = getattr(viewset, "filterset_class", None)
        for name, filter_ in filterset.base_filters.items() if filterset else ():
            yield prefix, name, filter_


def test_every_vocabulary_country_and_reference_filter_takes_several_values():
    from api.filters import ChangedSinceFilter, DateFromFilter, DateToFilter, ValuesField

    single = [
        (prefix, name)
        for prefix, name, filter_ in every_list_filter()
        if not isinstance(filter_, ChangedSinceFilter | DateFromFilter | DateToFilter)
        and filter_.field_class is not ValuesField
    ]
    assert single == []


def test_comma_separated_filters_are_in_the_schema_with_an_example(client, db):
    from api.filters import ValuesField, ValuesFilter

    paths = client.get(f"{API}schema/", {"format": "json"}).json()["paths"]
    for prefix, name, filter_ in every_list_filter():
        (parameter,) = [p for p in paths[f"{API}{prefix}/"]["get"]["parameters"] if p["name"] == name]
        assert parameter.get("example"), (prefix, name)
        if filter_.field_class is not ValuesField:
            continue
        assert "commas" in parameter["description"], (prefix, name)
        if isinstance(filter_, ValuesFilter):
            assert (parameter["style"], parameter["explode"]) == ("form", False), (prefix, name)
            assert isinstance(parameter["example"], list), (prefix, name)


def test_csv_honours_comma_separated_filters(client, article):
    params = {"type": "deportation,killing", "country": "KZ,ES"}
    json_slugs = slugs(client, "events", **params)
    assert json_slugs == {"mikhail-zhilin-deportation-from-kazakhstan", "maksim-kuzminov-killing-in-spain"}
    response = client.get(f"{API}events/", {**params, "format": "csv"})
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert {line.split(",")[1] for line in lines[1:]} == json_slugs
    body = error(client, "events", type="deportation,flying", format="csv")
    assert attrs(body) == ["type"]
