"""Citing in place: each event, outcome and prosecution row of a person's or cohort's page
carries its own citations, checked against the source's text like any other, held to the
revision and never-stranded rules, and read without a query per row."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework import models
from casework.models import RevisionState
from casework.vocabularies import Visibility
from tests.admin_helpers import change_url, form_data, nested_formset, page_data
from tests.factories import (
    AsylumOutcomeFactory,
    ChargeFactory,
    CitationFactory,
    CohortFactory,
    EventFactory,
    PersonFactory,
    ProsecutionFactory,
    SourceFactory,
)

CAPTURED = "Tbilisi, 3 May 2024\nA soldier's flight\nHe crossed the border at night.\nHe asked for asylum in Georgia."
NESTED = "casework-citation-content_type-object_id"


def new_rows(prefix: str, rows: list[dict]) -> dict:
    """New rows of one inline: each row's fields, and the citations nested in it."""
    data = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": 0}
    for index, row in enumerate(rows):
        citations = row.pop("citations", [])
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
        data.update(new_citations(f"{prefix}-{index}-{NESTED}", citations, initial=0))
    return data


def new_citations(prefix: str, citations: list[dict], *, initial: int) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": initial + len(citations), f"{prefix}-INITIAL_FORMS": initial}
    for index, citation in enumerate(citations, start=initial):
        data.update({f"{prefix}-{index}-{name}": value for name, value in citation.items()})
    return data


def cited(source, quote: str, locator: str = "") -> dict:
    return {"source": source.pk, "quote": quote, "locator": locator, "connection": "media"}


def add_person(client, data: dict):
    add_url = reverse("admin:casework_person_add")
    page = client.get(add_url)
    return client.post(
        add_url,
        {
            **form_data(
                page,
                display_name="Dmitri",
                citizenship="RU",
                military_background="contract_soldier",
                situation="in_transit_country",
                visibility=Visibility.DRAFT,
            ),
            **data,
        },
    )


def test_a_new_case_is_cited_fact_by_fact_in_one_save(client, editor):
    source = SourceFactory(text=CAPTURED, visibility=Visibility.DRAFT)
    charge = ChargeFactory()
    client.force_login(editor)

    response = add_person(
        client,
        {
            **new_rows(
                "events",
                [
                    {
                        "type": "flight",
                        "date": "2024-05",
                        "from_country": "RU",
                        "to_country": "GE",
                        "citations": [cited(source, "He crossed the border at night.")],
                    },
                    {
                        "type": "asylum_application",
                        "date": "2024-05",
                        "country": "GE",
                        "citations": [cited(source, "He asked for asylum in Georgia.", "para. 2, last words")],
                    },
                ],
            ),
            **new_rows(
                "prosecutions",
                [
                    {
                        "charge": charge.pk,
                        "country": "RU",
                        "status": "investigation",
                        "citations": [cited(source, "A soldier's flight")],
                    }
                ],
            ),
        },
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    person = models.Person.objects.get(display_name="Dmitri")
    flight, application = person.events.order_by("type")[1], person.events.order_by("type")[0]
    assert [(c.quote, c.locator) for c in flight.citations.all()] == [("He crossed the border at night.", "para. 1")]
    assert [c.locator for c in application.citations.all()] == ["para. 2, last words"]
    assert [c.locator for c in person.prosecutions.get().citations.all()] == ["headline"]


def test_a_nested_quote_not_in_the_text_is_refused_with_the_nearest_passage(client, editor):
    source = SourceFactory(title="Border report", text=CAPTURED)
    client.force_login(editor)

    response = add_person(
        client,
        new_rows(
            "events",
            [
                {
                    "type": "flight",
                    "date": "2024-05",
                    "from_country": "RU",
                    "to_country": "GE",
                    "citations": [cited(source, "He crossed the frontier at night.")],
                }
            ],
        ),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "This is not word for word in “Border report”" in page
    assert "The nearest passage (para. 1): “He crossed the border at night.”" in page
    assert not models.Person.objects.exists()
    assert not models.Citation.objects.exists()


def test_save_and_continue_cites_an_existing_row_and_stays_on_the_case(client, editor):
    person = PersonFactory(visibility=Visibility.DRAFT)
    event = EventFactory(person=person, visibility=Visibility.DRAFT)
    outcome = AsylumOutcomeFactory(person=person, visibility=Visibility.DRAFT)
    source = SourceFactory(text=CAPTURED)
    client.force_login(editor)
    page = client.get(change_url(person))
    event_citations = nested_formset(page, models.Event, 0, models.Citation)
    outcome_citations = nested_formset(page, models.AsylumOutcome, 0, models.Citation)
    # A row without citations comes with one empty citation to fill in.
    assert len(event_citations.forms) == 1 and not event_citations.initial_forms

    data = page_data(page, _continue="1")
    data.update(new_citations(event_citations.prefix, [cited(source, "He crossed the border at night.")], initial=0))
    data.update(new_citations(outcome_citations.prefix, [cited(source, "asked for asylum in Georgia")], initial=0))
    response = client.post(change_url(person), data)

    assert response.status_code == 302
    assert response["Location"] == change_url(person)
    assert event.citations.get().locator == "para. 1"
    assert outcome.citations.get().locator == "para. 2"
    page = client.get(change_url(person))
    # Once cited, a row shows its citation and no empty one.
    assert len(nested_formset(page, models.Event, 0, models.Citation).forms) == 1
    assert "He crossed the border at night." in page.content.decode()


def test_a_cohort_page_cites_its_events_in_place(client, editor):
    cohort = CohortFactory(visibility=Visibility.DRAFT)
    EventFactory(person=None, cohort=cohort, visibility=Visibility.DRAFT)
    source = SourceFactory()
    client.force_login(editor)
    page = client.get(change_url(cohort))
    citations = nested_formset(page, models.Event, 0, models.Citation)

    data = page_data(page)
    data.update(new_citations(citations.prefix, [cited(source, "Six soldiers reached France.")], initial=0))

    assert client.post(change_url(cohort), data).status_code == 302
    assert models.Citation.objects.of_records(list(cohort.events.all())).get().quote == "Six soldiers reached France."


def test_an_editors_nested_citation_on_a_published_case_waits_for_review(client, editor, reviewer):
    person = PersonFactory()
    CitationFactory(record=person)
    event = EventFactory(person=person)
    CitationFactory(record=event, quote="The first report.")
    source = SourceFactory(title="A second report")
    client.force_login(editor)
    page = client.get(change_url(person))
    citations = nested_formset(page, models.Event, 0, models.Citation)

    data = page_data(page, _continue="1")
    data.update(new_citations(citations.prefix, [cited(source, "A second passage.")], initial=1))
    response = client.post(change_url(person), data)

    # Nothing live: the change waits as a revision, and the editor stays on the case.
    assert response.status_code == 302
    assert response["Location"] == change_url(person)
    assert list(event.citations.values_list("quote", flat=True)) == ["The first report."]
    revision = models.Revision.objects.get(state=RevisionState.PENDING)
    assert revision.object_id == person.pk

    client.force_login(reviewer)
    review_url = reverse("admin:casework_revision_change", args=[revision.pk])
    assert "A second passage." in client.get(review_url).content.decode()
    client.post(review_url, {"_approve": "1"})
    assert sorted(event.citations.values_list("quote", flat=True)) == ["A second passage.", "The first report."]


def test_a_nested_row_cannot_take_another_records_citation(client, editor):
    """nested-admin would read a posted citation id whatever record it belongs to and move
    it here: here the last citation of another person's published event."""
    victim = EventFactory()
    stolen = CitationFactory(record=victim, quote="The only public passage.")
    person = PersonFactory(visibility=Visibility.DRAFT)
    event = EventFactory(person=person, visibility=Visibility.DRAFT)
    client.force_login(editor)
    page = client.get(change_url(person))
    citations = nested_formset(page, models.Event, 0, models.Citation)

    data = page_data(page)
    data.update(new_citations(citations.prefix, [], initial=1))
    data.update({f"{citations.prefix}-0-{name}": value for name, value in cited(stolen.source, "Moved.").items()})
    data[f"{citations.prefix}-0-id"] = stolen.pk
    response = client.post(change_url(person), data)

    assert response.status_code == 200
    assert "does not belong to" in response.content.decode()
    stolen.refresh_from_db()
    assert (stolen.object_id, stolen.quote) == (victim.pk, "The only public passage.")
    assert not event.citations.exists()


def test_a_case_page_cannot_take_another_persons_published_event(client, editor):
    victim = EventFactory(summary="Theirs.")
    owner = victim.person_id
    person = PersonFactory(visibility=Visibility.DRAFT)
    EventFactory(person=person, visibility=Visibility.DRAFT)
    client.force_login(editor)
    page = client.get(change_url(person))

    data = page_data(page)
    data["events-0-id"] = victim.pk
    data["events-0-summary"] = "Now mine."
    response = client.post(change_url(person), data)

    assert response.status_code == 200
    victim.refresh_from_db()
    assert (victim.person_id, victim.summary) == (owner, "Theirs.")


def test_removing_a_published_rows_last_public_citation_in_place_is_refused(client, reviewer):
    person = PersonFactory()
    CitationFactory(record=person)
    event = EventFactory(person=person)
    only = CitationFactory(record=event)
    client.force_login(reviewer)
    page = client.get(change_url(person))
    citations = nested_formset(page, models.Event, 0, models.Citation)

    data = page_data(page)
    data[f"{citations.prefix}-0-DELETE"] = "on"
    response = client.post(change_url(person), data)

    assert response.status_code == 200
    assert "would stay published without a public citation" in response.content.decode()
    assert models.Citation.objects.filter(pk=only.pk).exists()


def test_the_case_page_reads_every_rows_citations_at_once(client, editor):
    """Rows that name the same records (a source, a country, a charge) cost no query each."""
    person = PersonFactory(visibility=Visibility.DRAFT)
    source = SourceFactory()
    charge = ChargeFactory()
    client.force_login(editor)

    def queries() -> int:
        client.get(change_url(person))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(change_url(person)).status_code == 200
        return len(captured)

    def add_rows():
        for record in (
            EventFactory(person=person, visibility=Visibility.DRAFT),
            AsylumOutcomeFactory(person=person, visibility=Visibility.DRAFT),
            ProsecutionFactory(defendant=person, charge=charge, visibility=Visibility.DRAFT),
        ):
            CitationFactory(record=record, source=source)

    add_rows()
    few = queries()
    for _ in range(4):
        add_rows()
    assert queries() == few
