"""The article's records: complete, verbatim, honest about precision."""

import json
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from casework import models
from casework.seeds import passages, read_seed, sentences
from casework.vocabularies import Visibility
from tests.conftest import ARTICLE_SEED

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "article.json"
UNCITED = Path(settings.BASE_DIR) / "fixtures" / "article-uncited.md"


def fixture_rows() -> list[dict]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def article_sentences() -> list[tuple[str, str]]:
    text = read_seed(ARTICLE_SEED)
    return [(p.locator, s) for p in passages(text) for s in sentences(p.text)]


def test_seed_is_the_shared_article_verbatim():
    shared = Path(settings.BASE_DIR).parent / "shared" / ARTICLE_SEED
    if not shared.exists():
        pytest.skip("../shared/ is not beside this checkout")
    assert (Path(settings.BASE_DIR) / ARTICLE_SEED).read_bytes() == shared.read_bytes()


def test_fixture_loads_and_holds_the_articles_records(article):
    counts = {
        model.__name__: model.objects.count()
        for model in (
            models.Source,
            models.Organization,
            models.Person,
            models.Cohort,
            models.Event,
            models.AsylumOutcome,
            models.Charge,
            models.Prosecution,
            models.Statistic,
            models.CountryCondition,
            models.Citation,
        )
    }
    assert counts == {
        "Source": 1,
        "Organization": 5,
        "Person": 3,
        "Cohort": 1,
        "Event": 11,
        "AsylumOutcome": 2,
        "Charge": 1,
        "Prosecution": 1,
        "Statistic": 1,
        "CountryCondition": 6,
        "Citation": 39,
    }


def test_loading_twice_changes_nothing(article):
    def snapshot():
        return {
            model.__name__: sorted(model.objects.values_list("pk", "updated_at"))
            for model in (models.Person, models.Event, models.Citation)
        }

    before = snapshot()
    call_command("loaddata", "fixtures/article.json", verbosity=0)
    assert snapshot() == before


def test_every_quote_is_verbatim_in_its_paragraph(article):
    by_locator = {p.locator: p.text for p in passages(read_seed(ARTICLE_SEED))}
    for citation in models.Citation.objects.select_related("source"):
        assert citation.source.seed_file == ARTICLE_SEED
        assert citation.locator in by_locator, citation.locator
        assert citation.quote in by_locator[citation.locator], (citation.pk, citation.quote)


def test_every_factual_record_is_cited(article):
    for model in models.CITABLE_MODELS:
        for record in model.objects.all():
            assert record.citations.exists(), f"{model.__name__} {record.slug} has no citation"


def uncited_sentences() -> list[str]:
    return [line[2:].strip() for line in UNCITED.read_text(encoding="utf-8").splitlines() if line.startswith("> ")]


def test_every_sentence_is_cited_or_listed_as_uncited(article):
    quotes = list(models.Citation.objects.values_list("quote", flat=True))
    listed = set(uncited_sentences())
    missing = [
        (locator, sentence)
        for locator, sentence in article_sentences()
        if sentence not in listed and not any(q in sentence or sentence in q for q in quotes)
    ]
    assert missing == []


def test_uncited_list_quotes_real_sentences_that_no_citation_covers(article):
    quotes = list(models.Citation.objects.values_list("quote", flat=True))
    all_sentences = {s for _, s in article_sentences()}
    for sentence in uncited_sentences():
        assert sentence in all_sentences, f"not a sentence of the article: {sentence!r}"
        assert not any(q in sentence or sentence in q for q in quotes), f"cited after all: {sentence!r}"


def test_dates_keep_the_sources_precision(article):
    events = dict(models.Event.objects.values_list("slug", "date"))
    assert events["alexander-desertion"] == "2023-22"  # "in the summer of 2023"
    assert events["mikhail-zhilin-deportation-from-kazakhstan"] == "2022-12"  # "In December 2022"
    # "In February", article of 2024-10-16: the year is inferred, so uncertain (and noted).
    assert events["maksim-kuzminov-killing-in-spain"] == "2024?-02"
    assert events["six-russian-soldiers-flight-to-kazakhstan"] == "2022/2023"  # "in 2022 and 2023"
    # "over the past few months", reported on 2024-10-16: over by October 2024.
    assert events["six-russian-soldiers-arrival-in-france"] == "2024~/2024-10"


def test_no_made_up_days():
    # Only the source's own publication date is a full day.
    days = [
        (row["model"], row["fields"]["date"])
        for row in fixture_rows()
        if re.search(r"\d{4}-\d{2}-\d{2}", row["fields"].get("date", ""))
    ]
    assert days == [("casework.source", "2024-10-16")]


def test_derived_bounds_follow_the_edtf_date(article):
    desertion = models.Event.objects.get(slug="alexander-desertion")
    assert (str(desertion.date_earliest), str(desertion.date_latest)) == ("2023-06-01", "2023-08-31")
    deportation = models.Event.objects.get(slug="mikhail-zhilin-deportation-from-kazakhstan")
    assert (str(deportation.date_earliest), str(deportation.date_latest)) == ("2022-12-01", "2022-12-31")


def test_six_soldiers_are_one_cohort_with_only_the_named_member(article):
    cohort = models.Cohort.objects.get()
    assert cohort.size == 6
    assert list(cohort.members.values_list("slug", flat=True)) == ["alexander"]
    # Nobody was invented to fill the count.
    assert models.Person.objects.count() == 3


def test_counts_keep_their_qualifier(article):
    prosecution = models.Prosecution.objects.get()
    assert (prosecution.case_count, prosecution.count_qualifier) == (7400, "at_least")
    assert prosecution.reported_by.slug == "mediazona"
    assert prosecution.defendant is None


def test_countries_are_referred_to_by_iso_code():
    for row in fixture_rows():
        for field in ("country", "citizenship", "from_country", "to_country"):
            value = row["fields"].get(field)
            if value is not None:
                assert isinstance(value, list) and re.fullmatch(r"[A-Z]{2}", value[0]), (row["model"], field)


def test_records_are_published_and_carry_no_restricted_data(article):
    for row in fixture_rows():
        if "visibility" in row["fields"]:
            assert row["fields"]["visibility"] == Visibility.PUBLISHED, row
    for field in models.RESTRICTED_PERSON_FIELDS:
        assert not models.Person.objects.exclude(**{field: ""}).exists(), field


@pytest.mark.django_db
def test_load_article_starts_each_records_history_once():
    call_command("load_article", verbosity=0)
    person = models.Person.objects.get(slug="alexander")
    assert [h.history_change_reason for h in person.history.all()] == ["Loaded from fixtures/article.json"]
    for model in (models.Event, models.Citation, models.Country):
        assert model.history.count() == model.objects.count()

    call_command("load_article", verbosity=0)
    assert person.history.count() == 1
    assert models.Citation.history.count() == models.Citation.objects.count()


def test_country_conditions_hold_paragraphs_5_and_9(article):
    conditions = {
        (condition.country_id, condition.topic): condition for condition in models.CountryCondition.objects.all()
    }
    assert set(conditions) == {
        ("AM", "entry_rules"),
        ("KZ", "entry_rules"),
        ("RU", "kidnapping"),
        ("RU", "deportation_risk"),
        ("RU", "detention"),
        ("RU", "penalties"),
    }
    # Each cites its paragraph; none is dated, since the article dates none of them.
    for condition in conditions.values():
        assert condition.date == ""
        assert {citation.locator for citation in condition.citations.all()} <= {"para. 5", "para. 9"}
    assert "holes and pits" in conditions[("RU", "detention")].citations.get().quote


@pytest.mark.django_db
def test_load_article_gives_every_record_text_in_russian_too():
    from casework.translations import TRANSLATED_FIELDS

    call_command("load_article", verbosity=0)
    for label, fields in TRANSLATED_FIELDS.items():
        model = apps.get_model(label)
        for record in model.objects.all():
            for field in fields:
                if getattr(record, field):
                    russian = getattr(record, f"{field}_ru")
                    assert russian.strip(), (label, record.slug, field)
                    # Written in Russian, not an English text copied across.
                    assert re.search("[а-яё]", russian, re.I), (label, record.slug, field)
    assert models.Organization.objects.get(slug="go-by-the-forest").name_ru == "«Идите лесом»"
    before = {label: list(apps.get_model(label).objects.values()) for label in TRANSLATED_FIELDS}
    history = models.Person.history.count()

    call_command("load_article", verbosity=0)

    assert {label: list(apps.get_model(label).objects.values()) for label in TRANSLATED_FIELDS} == before
    assert models.Person.history.count() == history
