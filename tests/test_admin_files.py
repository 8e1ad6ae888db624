"""Safe admin files: exports escape formulas, the import's confirm step reads only the
file its own preview wrote, and an Editor's import cannot change what the public sees."""

import csv
import io
import os
import tempfile

import pytest
from django.urls import reverse

from casework import models
from casework.vocabularies import Visibility
from tests.admin_helpers import export_data
from tests.factories import CitationFactory, PersonFactory, SourceFactory, UserFactory
from tests.test_import_export import PERSON_HEADER, confirm, upload

FORMULA = '=HYPERLINK("http://example.com/x?"&A2,"Open")'


def test_an_export_escapes_a_formula_an_editor_typed(client, reviewer):
    PersonFactory(display_name="Formula", summary=FORMULA, legal_name="Kept Apart")
    client.force_login(reviewer)
    export_url = reverse("admin:casework_person_export")

    csv = client.post(export_url, export_data(client.get(export_url))).content.decode()

    assert "HYPERLINK" in csv
    assert not any(cell.lstrip('"').startswith("=") for line in csv.splitlines() for cell in line.split(","))


def test_the_confirm_step_refuses_a_file_name_its_preview_did_not_sign(client, editor):
    client.force_login(editor)
    preview = upload(client, "person", f"{PERSON_HEADER}\nplanted,Planted,false,,RU,soldier,unknown,Planted.")
    confirm_form = preview.context["confirm_form"]
    data = {name: confirm_form[name].value() for name in confirm_form.fields}
    with tempfile.NamedTemporaryFile("w", delete=False, suffix=".csv") as other:
        other.write(f"{PERSON_HEADER}\nother,Other,false,,RU,soldier,unknown,Other.\n")
    try:
        for forged in (os.path.basename(other.name), other.name, "../" + os.path.basename(other.name)):
            response = client.post(
                reverse("admin:casework_person_process_import"), {**data, "import_file_name": forged}
            )
            assert response.status_code == 200
            assert "upload it again" in response.content.decode()
    finally:
        os.remove(other.name)

    assert not models.Person.objects.exists()
    confirm(client, "person", preview)
    assert models.Person.objects.get().slug == "planted"


def test_the_confirm_step_refuses_a_preview_signed_for_someone_else(client, editor):
    other_editor = UserFactory(username="other-editor", groups=["Editor"])
    client.force_login(other_editor)
    preview = upload(client, "person", f"{PERSON_HEADER}\ntheirs,Theirs,false,,RU,soldier,unknown,Theirs.")
    confirm_form = preview.context["confirm_form"]
    data = {name: confirm_form[name].value() for name in confirm_form.fields}

    client.force_login(editor)
    response = client.post(reverse("admin:casework_person_process_import"), data)

    assert "upload it again" in response.content.decode()
    assert not models.Person.objects.exists()


def test_an_editor_import_cannot_change_a_published_record(client, editor):
    PersonFactory(slug="known", display_name="Known", summary="Published summary.")
    PersonFactory(slug="untouched", display_name="Untouched", name_is_pseudonym=False, summary="Same.")
    client.force_login(editor)
    text = f"""
{PERSON_HEADER}
untouched,Untouched,false,,RU,soldier,,Same.
known,Known,false,,RU,soldier,,Changed by an editor.
"""
    preview = upload(client, "person", text)

    invalid = {row.number: row.error_dict for row in preview.context["result"].invalid_rows}
    assert invalid == {2: {"slug": ["“known” is published: only a reviewer may change it by import."]}}
    assert "confirm_form" not in preview.context
    known = models.Person.objects.get(slug="known")
    assert (known.summary, known.visibility) == ("Published summary.", Visibility.PUBLISHED)


def test_an_editor_import_cannot_add_or_move_citations_of_a_published_record(client, editor):
    SourceFactory(slug="report")
    PersonFactory(slug="published-person")
    draft = PersonFactory(slug="draft-person", visibility=Visibility.DRAFT)
    existing = CitationFactory(record=draft, quote="On the draft.")
    client.force_login(editor)
    text = f"""
id,source,record_type,record,quote,locator,connection
,report,person,published-person,Any quote at all.,para. 1,media
{existing.pk},report,person,published-person,On the draft.,para. 1,media
,report,person,draft-person,Fine on a draft.,para. 2,media
"""
    preview = upload(client, "citation", text)

    invalid = {row.number: row.error_dict for row in preview.context["result"].invalid_rows}
    assert set(invalid) == {1, 2}
    assert invalid[1]["record"] == [
        "“published-person” is published: only a reviewer may change its citations by import."
    ]
    assert models.Citation.objects.count() == 1


def test_a_reviewer_import_changes_a_published_record_into_a_draft(client, reviewer):
    PersonFactory(slug="known", display_name="Known", summary="Published summary.")
    client.force_login(reviewer)

    preview = upload(client, "person", f"{PERSON_HEADER}\nknown,Known,false,,RU,soldier,,Corrected.")
    confirm(client, "person", preview)

    known = models.Person.objects.get(slug="known")
    assert (known.summary, known.visibility) == ("Corrected.", Visibility.DRAFT)


# What a spreadsheet runs as a formula (some drop a leading tab or carriage return first).
FORMULA_CELLS = {
    "equals": '=HYPERLINK("http://example.com","Open")',
    "plus": "+1+cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "carriage-return": "\r=1+1",
}


def exported_persons(client) -> dict[str, dict[str, str]]:
    export_url = reverse("admin:casework_person_export")
    text = client.post(export_url, export_data(client.get(export_url))).content.decode()
    return {row["slug"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}


@pytest.mark.parametrize("start", FORMULA_CELLS)
def test_an_export_writes_a_cell_that_starts_like_a_formula_as_text(client, reviewer, start):
    PersonFactory(slug="formula", summary=FORMULA_CELLS[start])
    client.force_login(reviewer)

    cell = exported_persons(client)["formula"]["summary"]

    assert cell == "'" + FORMULA_CELLS[start]


def test_escaped_cells_import_back_exactly_as_they_were(client, superuser):
    """Negative numbers, dates, text that starts with an apostrophe and every formula start
    survive export and import unchanged."""
    # Not the carriage return: the import reads its file back as text with universal
    # newlines, which makes any carriage return in a cell a line feed, escaped or not.
    formulas = [value for name, value in FORMULA_CELLS.items() if name != "carriage-return"]
    values = [*formulas, "-3", "2024-05", "'quoted already", "''two", "plain"]
    for index, value in enumerate(values):
        PersonFactory(slug=f"cell-{index}", summary=value)
    client.force_login(superuser)
    before = list(models.Person.objects.order_by("pk").values())
    exported = exported_persons(client)
    assert exported["cell-5"]["summary"] == "'-3"
    assert exported["cell-6"]["summary"] == "2024-05"

    export_url = reverse("admin:casework_person_export")
    text = client.post(export_url, export_data(client.get(export_url))).content.decode()
    preview = upload(client, "person", text)
    assert preview.context["result"].totals["skip"] == len(values)
    confirm(client, "person", preview)

    assert list(models.Person.objects.order_by("pk").values()) == before
