"""Who makes a claim travels with its citation in CSV: the claimant organization by slug,
the speaker by name with their organization's slug (and role where one name has several),
checked row by row, all or nothing."""

import csv
import io

import pytest
import tablib

from casework import models, resources, services
from casework.vocabularies import Visibility
from tests.factories import (
    CitationFactory,
    CohortFactory,
    OrganizationFactory,
    PersonFactory,
    SourceFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db
HEADER = ",".join(
    [
        *("id", "source", "record_type", "record", "quote", "locator", "connection"),
        *("claimant_organization", "speaker", "speaker_organization", "speaker_role"),
    ]
)


def dataset(text: str) -> tablib.Dataset:
    return tablib.Dataset().load(text.strip() + "\n", format="csv")


def run(text: str, user, *, dry_run: bool = False):
    return services.records_import(
        resource=resources.CitationResource(), dataset=dataset(text), user=user, dry_run=dry_run
    )


@pytest.fixture
def setting():
    SourceFactory(slug="report")
    CohortFactory(slug="six-soldiers", visibility=Visibility.DRAFT)
    helpers = OrganizationFactory(slug="go-by-the-forest", name="Go By The Forest")
    SpeakerFactory(name="Ivan Chuviliaev", organization=helpers, role="spokesperson")
    return helpers


def test_the_article_exports_its_claimants_and_speakers(article):
    exported = resources.CitationResource().export(models.Citation.objects.all())
    rows = list(csv.DictReader(io.StringIO(exported.csv)))

    assert list(rows[0]) == HEADER.split(",")
    quoted = [row for row in rows if row["speaker"]]
    assert len(quoted) == 2
    assert {(r["speaker"], r["speaker_organization"], r["speaker_role"]) for r in quoted} == {
        ("Ivan Chuviliaev", "go-by-the-forest", "spokesperson")
    }
    claimed = models.Citation.objects.filter(claimant_organization__slug="go-by-the-forest").count()
    assert sum(row["claimant_organization"] == "go-by-the-forest" for row in rows) == claimed == 5


def test_a_citation_imports_with_its_claimant_and_speaker(editor, setting):
    result = run(
        f"""
{HEADER}
,report,cohort,six-soldiers,Six soldiers were granted visas.,para. 1,ngo,go-by-the-forest,,,
,report,cohort,six-soldiers,This is the first time.,para. 4,ngo,,Ivan Chuviliaev,go-by-the-forest,
""",
        editor,
    )

    assert not result.has_validation_errors() and not result.has_errors()
    first, second = models.Citation.objects.order_by("pk")
    assert (first.claimant_organization, first.speaker) == (setting, None)
    assert (second.claimant_organization, second.speaker.name) == (None, "Ivan Chuviliaev")


def test_unknown_claimants_and_speakers_name_their_row_and_column_and_write_nothing(editor, setting):
    result = run(
        f"""
{HEADER}
,report,cohort,six-soldiers,A good row.,para. 1,ngo,go-by-the-forest,Ivan Chuviliaev,go-by-the-forest,spokesperson
,report,cohort,six-soldiers,Unknown claimant.,para. 2,ngo,no-such-ngo,,,
,report,cohort,six-soldiers,Unknown speaker.,para. 3,ngo,,Ivan Someone,go-by-the-forest,
,report,cohort,six-soldiers,Unknown speaker organization.,para. 4,ngo,,Ivan Chuviliaev,no-such-ngo,
,report,cohort,six-soldiers,Wrong role.,para. 5,ngo,,Ivan Chuviliaev,go-by-the-forest,director
,report,cohort,six-soldiers,Organization without a speaker.,para. 6,ngo,,,go-by-the-forest,
""",
        editor,
    )

    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(invalid) == {2, 3, 4, 5, 6}
    assert invalid[2] == {"claimant_organization": ["No organization with slug “no-such-ngo”."]}
    assert invalid[3]["speaker"] == [
        "No speaker “Ivan Someone” for the organization “go-by-the-forest”; add them in the admin first."
    ]
    assert invalid[4]["speaker_organization"] == ["No organization with slug “no-such-ngo”."]
    assert "speaker" in invalid[4]
    assert "(director)" in invalid[5]["speaker"][0]
    assert "Name the speaker" in invalid[6]["speaker"][0]
    assert not models.Citation.objects.exists()


def test_one_name_in_two_roles_is_told_apart_by_the_role_column(editor, setting):
    SpeakerFactory(name="Ivan Chuviliaev", organization=setting, role="")
    SpeakerFactory(name="Ivan Chuviliaev", organization=setting, role="lawyer")
    result = run(
        f"""
{HEADER}
,report,cohort,six-soldiers,As spokesperson.,para. 1,ngo,,Ivan Chuviliaev,go-by-the-forest,spokesperson
,report,cohort,six-soldiers,With no role.,para. 2,ngo,,Ivan Chuviliaev,go-by-the-forest,
""",
        editor,
    )

    assert not result.has_validation_errors()
    assert [citation.speaker.role for citation in models.Citation.objects.order_by("pk")] == ["spokesperson", ""]


def test_two_speakers_of_one_name_without_an_organization_are_refused_not_guessed(editor, setting):
    SpeakerFactory(name="Anna", organization=None, role="lawyer")
    SpeakerFactory(name="Anna", organization=None, role="witness")
    result = run(
        f"""
{HEADER}
,report,cohort,six-soldiers,Which Anna?,para. 1,ngo,,Anna,,
""",
        editor,
        dry_run=True,
    )

    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert "say which in speaker_role" in invalid[1]["speaker"][0]


def test_an_editor_cannot_change_who_speaks_in_a_published_footnote_by_import(editor, reviewer, setting):
    person = PersonFactory(slug="published-one")
    citation = CitationFactory(record=person, source=models.Source.objects.get(slug="report"), quote="Said so.")
    other = SpeakerFactory(name="Someone Else", organization=setting, role="")
    row = [citation.pk, "report", "person", "published-one", "Said so.", citation.locator, citation.connection]
    text = f"{HEADER}\n" + ",".join(map(str, row)) + ",,Someone Else,go-by-the-forest,\n"

    refused = run(text, editor)

    assert "only a reviewer" in refused.invalid_rows[0].error_dict["record"][0]
    citation.refresh_from_db()
    assert citation.speaker is None
    assert not run(text, reviewer).has_validation_errors()
    citation.refresh_from_db()
    assert citation.speaker == other


def test_the_api_csv_of_citations_carries_the_claimant_and_the_speaker(client):
    person = PersonFactory()
    helpers = OrganizationFactory(slug="helpers")
    CitationFactory(
        record=person,
        claimant_organization=helpers,
        speaker=SpeakerFactory(name="Anna K.", organization=helpers, role="lawyer"),
    )

    response = client.get("/api/v1/citations/", {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))

    assert rows[0]["claimant_organization"] == "helpers"
    assert '"name": "Anna K."' in rows[0]["speaker"] and '"organization": "helpers"' in rows[0]["speaker"]
