"""CSV import and export: preview, per-row errors, all or nothing, drafts, round trips."""

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework import models, resources, services
from casework.vocabularies import Visibility
from tests.admin_helpers import csv_format, export_data
from tests.factories import CohortFactory, PersonFactory, SourceFactory

PERSON_HEADER = "slug,display_name,name_is_pseudonym,name_native,citizenship,military_background,situation,summary"


def dataset(text: str) -> tablib.Dataset:
    return tablib.Dataset().load(text.strip() + "\n", format="csv")


def upload(client, model_name: str, text: str):
    """Step one of the admin import: upload, validate every row, show the preview."""
    url = reverse(f"admin:casework_{model_name}_import")
    form = client.get(url).context["form"]
    csv_file = SimpleUploadedFile("rows.csv", text.strip().encode() + b"\n", content_type="text/csv")
    return client.post(url, {"import_file": csv_file, "format": csv_format(form), "resource": 0})


def confirm(client, model_name: str, preview):
    """Step two: confirm the previewed file."""
    confirm_form = preview.context["confirm_form"]
    data = {name: confirm_form[name].value() for name in confirm_form.fields}
    return client.post(reverse(f"admin:casework_{model_name}_process_import"), data, follow=True)


BAD_PERSONS = f"""
{PERSON_HEADER}
good-one,Good One,false,,RU,soldier,unknown,Fine row.
bad-country,Bad Country,false,,XX,soldier,unknown,Unknown country.
bad-date-and-rank,Bad Rank,false,,RU,general,unknown,Unknown background.
"""


def test_a_bad_csv_names_row_column_and_reason_and_offers_no_confirmation(client, editor):
    client.force_login(editor)

    preview = upload(client, "person", BAD_PERSONS)

    assert preview.status_code == 200
    result = preview.context["result"]
    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(invalid) == {2, 3}
    assert invalid[2]["citizenship"] == ["No country with code “XX”."]
    assert "military_background" in invalid[3]
    assert "not a valid choice" in invalid[3]["military_background"][0]
    assert "confirm_form" not in preview.context
    page = preview.content.decode()
    assert "No country with code “XX”." in page
    assert not models.Person.objects.exists()


def test_one_bad_row_writes_nothing_even_when_confirmed_directly(editor):
    result = services.records_import(
        resource=resources.PersonResource(), dataset=dataset(BAD_PERSONS), user=editor, dry_run=False
    )

    assert result.has_validation_errors()
    assert not models.Person.objects.exists()
    assert not models.Person.history.exists()


def test_event_rows_are_checked_for_edtf_dates_people_and_vocabularies(editor):
    PersonFactory(slug="alexander")
    text = """
slug,person,cohort,type,date,country,from_country,to_country,summary
flight-1,alexander,,flight,2023-22,,RU,KZ,Fled in summer.
flight-2,alexander,,flight,summer of 2023,,RU,KZ,Bad date.
flight-3,nobody,,teleport,2023,,RU,KZ,Bad person and type.
flight-4,alexander,,flight,2023,,KZ,KZ,From and to the same country.
"""
    result = services.records_import(
        resource=resources.EventResource(), dataset=dataset(text), user=editor, dry_run=False
    )

    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(invalid) == {2, 3, 4}
    assert "not an EDTF date" in invalid[2]["date"][0]
    assert invalid[3]["person"] == ["No person with slug “nobody”."]
    assert "type" in invalid[3]
    assert invalid[4]  # the named constraint from_country <> to_country
    assert not models.Event.objects.exists()


def test_imported_records_arrive_as_drafts_even_when_the_file_says_published(client, editor):
    client.force_login(editor)
    text = f"""
{PERSON_HEADER},visibility
new-person,New Person,true,Новый,UA,conscript,in_flight,Arrived in Kazakhstan.,published
"""
    preview = upload(client, "person", text)
    confirm(client, "person", preview)

    person = models.Person.objects.get(slug="new-person")
    assert person.visibility == Visibility.DRAFT
    assert (person.citizenship_id, person.military_background, person.name_native) == ("UA", "conscript", "Новый")
    assert person.history.first().history_user == editor


def test_an_update_by_import_sends_a_published_record_back_to_draft(reviewer):
    # Only reviewers may unpublish, so only their import may change a published record
    # (tests/test_admin_files.py holds the editor's side).
    PersonFactory(slug="known", display_name="Known", summary="Old.")
    text = f"""
{PERSON_HEADER}
known,Known,false,,RU,soldier,unknown,Corrected.
"""
    result = services.records_import(
        resource=resources.PersonResource(), dataset=dataset(text), user=reviewer, dry_run=False
    )

    assert result.totals["update"] == 1
    person = models.Person.objects.get(slug="known")
    assert (person.summary, person.visibility) == ("Corrected.", Visibility.DRAFT)


@pytest.mark.parametrize(
    ("resource_class", "model"),
    [
        (resources.PersonRestrictedResource, models.Person),
        (resources.EventResource, models.Event),
        (resources.AsylumOutcomeResource, models.AsylumOutcome),
        (resources.ProsecutionResource, models.Prosecution),
        (resources.CitationResource, models.Citation),
    ],
)
def test_export_then_import_changes_nothing(article, superuser, resource_class, model):
    before = list(model.objects.order_by("pk").values())
    history_before = model.history.count()
    exported = resource_class().export(model.objects.all())
    assert len(exported) == len(before) > 0

    result = services.records_import(
        resource=resource_class(), dataset=dataset(exported.csv), user=superuser, dry_run=False
    )

    assert not result.has_errors()
    assert not result.has_validation_errors()
    assert result.totals["skip"] == len(before)
    assert list(model.objects.order_by("pk").values()) == before
    assert model.history.count() == history_before


def test_admin_export_then_import_round_trips(client, article, superuser):
    client.force_login(superuser)
    export_url = reverse("admin:casework_person_export")
    csv = client.post(export_url, export_data(client.get(export_url))).content.decode()
    before = list(models.Person.objects.order_by("pk").values())

    preview = upload(client, "person", csv)
    assert preview.context["result"].totals["skip"] == len(before)
    confirm(client, "person", preview)

    assert list(models.Person.objects.order_by("pk").values()) == before


def test_export_follows_the_changelist_filters(client, superuser):
    PersonFactory(display_name="Published Person")
    PersonFactory(display_name="Draft Person", visibility=Visibility.DRAFT)
    client.force_login(superuser)
    export_url = reverse("admin:casework_person_export")

    form_page = client.get(export_url, {"visibility__exact": "draft"})
    csv = client.post(f"{export_url}?visibility__exact=draft", export_data(form_page)).content.decode()

    assert "Draft Person" in csv
    assert "Published Person" not in csv


def test_citations_import_by_record_type_and_slug(editor):
    SourceFactory(slug="report")
    CohortFactory(slug="six-soldiers", visibility=Visibility.DRAFT)
    text = """
id,source,record_type,record,quote,locator,connection
,report,cohort,six-soldiers,Six soldiers were granted visas.,para. 1,media
,report,planet,earth,A quote.,para. 2,media
,report,cohort,seven-soldiers,,para. 3,media
"""
    result = services.records_import(
        resource=resources.CitationResource(), dataset=dataset(text), user=editor, dry_run=True
    )

    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(invalid) == {2, 3}
    assert "record_type" in invalid[2]
    assert invalid[3]["record"] == ["No cohort with slug “seven-soldiers”."]
    assert "quote" in invalid[3]

    good = services.records_import(
        resource=resources.CitationResource(),
        dataset=dataset(text.strip().splitlines()[0] + "\n" + text.strip().splitlines()[1]),
        user=editor,
        dry_run=False,
    )
    assert not good.has_validation_errors()
    citation = models.Citation.objects.get()
    assert citation.record == models.Cohort.objects.get(slug="six-soldiers")


def test_an_editor_cannot_write_restricted_fields_by_import(client, editor):
    PersonFactory(slug="known", display_name="Known", legal_name="Real Name", visibility=Visibility.DRAFT)
    client.force_login(editor)
    text = f"""
{PERSON_HEADER},legal_name,current_location
known,Known,false,,RU,soldier,unknown,Updated.,Overwritten Name,Somewhere
new-one,New One,false,,RU,soldier,unknown,New.,Planted Name,Elsewhere
"""
    preview = upload(client, "person", text)
    confirm(client, "person", preview)

    known, new = models.Person.objects.get(slug="known"), models.Person.objects.get(slug="new-one")
    assert (known.summary, known.legal_name) == ("Updated.", "Real Name")
    assert (new.legal_name, new.current_location) == ("", "")


@pytest.mark.parametrize(
    ("resource_class", "columns"),
    [
        (resources.PersonResource, ["summary_ru"]),
        (resources.EventResource, ["summary_ru"]),
        (resources.AsylumOutcomeResource, ["summary_ru"]),
        (resources.ProsecutionResource, ["sentence_ru", "summary_ru"]),
    ],
)
def test_the_russian_text_goes_out_and_comes_back_in_its_own_columns(article, resource_class, columns):
    exported = resource_class().export(resource_class.Meta.model.objects.all())
    for column in columns:
        assert exported.headers.index(column) == exported.headers.index(column.removesuffix("_ru")) + 1


def test_an_import_writes_the_russian_text(reviewer):
    PersonFactory(slug="known", display_name="Known", summary="Old.")
    text = f"""
{PERSON_HEADER},summary_ru
known,Known,false,,RU,soldier,unknown,Old.,Дезертировал в 2023 году.
"""
    result = services.records_import(
        resource=resources.PersonResource(), dataset=dataset(text), user=reviewer, dry_run=False
    )

    assert result.totals["update"] == 1
    person = models.Person.objects.get(slug="known")
    assert (person.summary, person.summary_ru) == ("Old.", "Дезертировал в 2023 году.")
    assert person.history.first().summary_ru == "Дезертировал в 2023 году."
