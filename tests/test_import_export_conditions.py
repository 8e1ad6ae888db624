"""Country conditions in CSV, like the other records editors bring in bulk: country by ISO
code, topic by its value, an EDTF date with its note, drafts, row errors, round trips."""

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework import models, resources, services
from casework.vocabularies import Visibility
from tests.admin_helpers import csv_format, export_data
from tests.factories import CitationFactory, CountryConditionFactory, SourceFactory

pytestmark = pytest.mark.django_db
HEADER = "slug,country,topic,date,date_note,summary"


def dataset(text: str) -> tablib.Dataset:
    return tablib.Dataset().load(text.strip() + "\n", format="csv")


def run(text: str, user, *, dry_run: bool = False):
    return services.records_import(
        resource=resources.CountryConditionResource(), dataset=dataset(text), user=user, dry_run=dry_run
    )


def test_an_editor_imports_conditions_as_drafts_through_the_admin(client, editor):
    client.force_login(editor)
    url = reverse("admin:casework_countrycondition_import")
    form = client.get(url).context["form"]
    text = f"""
{HEADER}
armenia-entry,am,entry_rules,2022~,The year is inferred from the article.,"Deserters could enter, passport or not."
kazakhstan-return,KZ,deportation_risk,,,Reports of deportations back to Russia.
"""
    upload = SimpleUploadedFile("conditions.csv", text.strip().encode() + b"\n", content_type="text/csv")
    preview = client.post(url, {"import_file": upload, "format": csv_format(form), "resource": 0})
    assert preview.context["result"].totals["new"] == 2
    confirm_form = preview.context["confirm_form"]
    client.post(
        reverse("admin:casework_countrycondition_process_import"),
        {name: confirm_form[name].value() for name in confirm_form.fields},
    )

    armenia = models.CountryCondition.objects.get(slug="armenia-entry")
    assert (armenia.country_id, armenia.topic, armenia.date, armenia.visibility) == (
        "AM",
        "entry_rules",
        "2022~",
        Visibility.DRAFT,
    )
    assert armenia.date_note == "The year is inferred from the article."
    assert armenia.date_earliest is not None
    assert models.CountryCondition.objects.get(slug="kazakhstan-return").date == ""
    assert armenia.history.first().history_user == editor


def test_bad_rows_name_row_column_and_reason_and_write_nothing(editor):
    result = run(
        f"""
{HEADER}
good,AM,entry_rules,2022,,Fine row.
bad-country,XX,entry_rules,2022,,Unknown country.
bad-topic,AM,weather,2022,,Not a topic.
bad-date,AM,detention,summer of 2023,,Not EDTF.
no-summary,AM,detention,2023,,
""",
        editor,
    )

    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(invalid) == {2, 3, 4, 5}
    assert invalid[2]["country"] == ["No country with code “XX”."]
    assert "not a valid choice" in invalid[3]["topic"][0]
    assert "not an EDTF date" in invalid[4]["date"][0]
    assert "summary" in invalid[5]
    assert not models.CountryCondition.objects.exists()


def test_an_editor_cannot_change_a_published_condition_by_import(editor, reviewer):
    condition = CountryConditionFactory(slug="armenia-entry", summary="Reviewed.")
    CitationFactory(record=condition)
    text = f"{HEADER}\narmenia-entry,AM,entry_rules,,,Rewritten.\n"

    refused = run(text, editor)

    assert "only a reviewer" in refused.invalid_rows[0].error_dict["slug"][0]
    condition.refresh_from_db()
    assert (condition.summary, condition.visibility) == ("Reviewed.", Visibility.PUBLISHED)
    assert not run(text, reviewer).has_validation_errors()
    condition.refresh_from_db()
    assert (condition.summary, condition.visibility) == ("Rewritten.", Visibility.DRAFT)


def test_export_then_import_changes_nothing(client, superuser):
    CountryConditionFactory(slug="one", date="2024-02", date_note="As the article dates it.")
    CountryConditionFactory(slug="two", country_id="KZ", topic="kidnapping", summary='Reports of "abductions", -2.')
    client.force_login(superuser)
    export_url = reverse("admin:casework_countrycondition_export")
    csv = client.post(export_url, export_data(client.get(export_url))).content.decode()
    before = list(models.CountryCondition.objects.order_by("pk").values())
    history_before = models.CountryCondition.history.count()

    result = run(csv, superuser)

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == 2
    assert list(models.CountryCondition.objects.order_by("pk").values()) == before
    assert models.CountryCondition.history.count() == history_before


def test_conditions_are_cited_by_the_citation_import(editor):
    SourceFactory(slug="report")
    CountryConditionFactory(slug="armenia-entry", visibility=Visibility.DRAFT)
    text = """
id,source,record_type,record,quote,locator,connection
,report,countrycondition,armenia-entry,Deserters could enter Armenia without a passport.,para. 5,media
"""
    result = services.records_import(
        resource=resources.CitationResource(), dataset=dataset(text), user=editor, dry_run=False
    )

    assert not result.has_validation_errors()
    assert models.Citation.objects.get().record == models.CountryCondition.objects.get(slug="armenia-entry")
