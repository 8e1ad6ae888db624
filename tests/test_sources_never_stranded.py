"""Publishing never strands a source: a published factual record always keeps at least one
citation of a published source, whichever admin path an editor or reviewer takes."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from casework import models, services
from casework.vocabularies import Visibility
from tests import factories
from tests.admin_helpers import change_url, changelist_url, form_data

FACTORIES = {
    models.Person: factories.PersonFactory,
    models.Cohort: factories.CohortFactory,
    models.Organization: factories.OrganizationFactory,
    models.Event: factories.EventFactory,
    models.AsylumOutcome: factories.AsylumOutcomeFactory,
    models.Charge: factories.ChargeFactory,
    models.Prosecution: factories.ProsecutionFactory,
    models.Statistic: factories.StatisticFactory,
    models.CountryCondition: factories.CountryConditionFactory,
}
EVERY_CITABLE_MODEL = pytest.mark.parametrize("model", models.CITABLE_MODELS, ids=lambda m: m._meta.model_name)


@pytest.fixture(autouse=True)
def _nothing_public_without_its_source(db):
    """Whatever a test does through the admin, the rule holds in the database after it."""
    yield
    assert services.records_without_public_citation() == []


def make(model, **fields):
    """A record of ``model``; the published records its factory creates around it (a
    subject, a charge) get a citation of their own, so that each test starts within the
    rule."""
    record = FACTORIES[model](**fields)
    for other in services.records_without_public_citation():
        if other != record:
            factories.CitationFactory(record=other)
    return record


def test_every_citable_model_is_covered():
    assert set(FACTORIES) == set(models.CITABLE_MODELS)


def test_the_article_keeps_the_rule(article):
    assert services.records_without_public_citation() == []


def run_action(client, model, action, *objs, **extra):
    return client.post(
        changelist_url(model), {"action": action, "_selected_action": [obj.pk for obj in objs], **extra}, follow=True
    )


@EVERY_CITABLE_MODEL
def test_publishing_a_record_publishes_the_sources_its_citations_need(client, reviewer, model):
    record = make(model, visibility=Visibility.REVIEW)
    source = factories.SourceFactory(visibility=Visibility.DRAFT, title="The new report")
    factories.CitationFactory(record=record, source=source)
    client.force_login(reviewer)

    response = run_action(client, model, "publish", record)

    record.refresh_from_db()
    source.refresh_from_db()
    assert (record.visibility, source.visibility) == (Visibility.PUBLISHED, Visibility.PUBLISHED)
    assert models.Citation.objects.public().of_records([record]).exists()
    assert "went along" in response.content.decode()
    assert source.history.first().history_user == reviewer


def test_a_publisher_who_may_not_change_sources_is_refused_naming_them(client):
    publisher = factories.UserFactory(username="publisher")
    publisher.user_permissions.add(
        *Permission.objects.filter(codename__in=["publish", "view_person", "change_person", "view_source"])
    )
    person = make(models.Person, visibility=Visibility.REVIEW)
    factories.CitationFactory(
        record=person, source=factories.SourceFactory(visibility=Visibility.DRAFT, title="Draft report")
    )
    client.force_login(publisher)

    response = run_action(client, models.Person, "publish", person)

    person.refresh_from_db()
    assert person.visibility == Visibility.REVIEW
    assert "you may not publish them: “Draft report”" in response.content.decode()


@EVERY_CITABLE_MODEL
def test_unpublishing_a_source_lists_the_records_it_strands_and_asks_first(client, reviewer, model):
    only = factories.SourceFactory(title="The only source")
    other = factories.SourceFactory(title="Another source")
    stranded = make(model)
    factories.CitationFactory(record=stranded, source=only)
    kept = make(model)
    factories.CitationFactory(record=kept, source=only)
    factories.CitationFactory(record=kept, source=other)
    client.force_login(reviewer)

    asking = run_action(client, models.Source, "unpublish", only)

    page = asking.content.decode()
    assert f"<li>{stranded} ({model._meta.verbose_name})</li>" in page
    assert page.count(f"({model._meta.verbose_name})</li>") == 1
    only.refresh_from_db()
    assert only.visibility == Visibility.PUBLISHED

    run_action(client, models.Source, "unpublish", only, confirm="yes")

    only.refresh_from_db()
    stranded.refresh_from_db()
    kept.refresh_from_db()
    assert (only.visibility, stranded.visibility, kept.visibility) == (
        Visibility.DRAFT,
        Visibility.REVIEW,
        Visibility.PUBLISHED,
    )
    assert stranded.history.first().history_user == reviewer


def test_a_source_that_strands_nothing_is_unpublished_without_asking(client, reviewer):
    source = factories.SourceFactory()
    client.force_login(reviewer)

    run_action(client, models.Source, "unpublish", source)

    source.refresh_from_db()
    assert source.visibility == Visibility.DRAFT


def test_the_source_form_refuses_to_unpublish_a_source_that_would_strand_a_record(client, reviewer):
    source = factories.SourceFactory()
    person = make(models.Person, display_name="Cited Person")
    factories.CitationFactory(record=person, source=source)
    client.force_login(reviewer)
    page = client.get(change_url(source))

    response = client.post(change_url(source), form_data(page, visibility=Visibility.DRAFT), follow=True)

    source.refresh_from_db()
    assert source.visibility == Visibility.PUBLISHED
    assert "would lose their only public citation: “Cited Person”" in response.content.decode()


@EVERY_CITABLE_MODEL
def test_the_last_public_citation_of_a_published_record_cannot_be_deleted(client, reviewer, model):
    record = make(model)
    citation = factories.CitationFactory(record=record)
    client.force_login(reviewer)
    delete_url = reverse("admin:casework_citation_delete", args=[citation.pk])

    page = client.get(delete_url)
    assert "this is its last public citation" in page.content.decode()
    client.post(delete_url, {"post": "yes"})
    run_action(client, models.Citation, "delete_selected", citation, post="yes")

    assert models.Citation.objects.filter(pk=citation.pk).exists()


def test_a_citation_with_a_public_sibling_can_be_deleted(client, reviewer):
    person = make(models.Person)
    citation = factories.CitationFactory(record=person)
    factories.CitationFactory(record=person)
    client.force_login(reviewer)

    client.post(reverse("admin:casework_citation_delete", args=[citation.pk]), {"post": "yes"})

    assert not models.Citation.objects.filter(pk=citation.pk).exists()


def citation_rows(page, **changes) -> dict:
    """The citations inline of a change form posted back as it is, with ``changes`` to
    its first row (field name -> value)."""
    formset = next(
        inline.formset for inline in page.context["inline_admin_formsets"] if inline.formset.model is models.Citation
    )
    count = len(formset.initial_forms)
    data = {f"{formset.prefix}-TOTAL_FORMS": count, f"{formset.prefix}-INITIAL_FORMS": count}
    for form in formset.initial_forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None and name != "DELETE":
                data[form.add_prefix(name)] = getattr(value, "pk", value)
    first = formset.initial_forms[0]
    data.update({first.add_prefix(name): value for name, value in changes.items()})
    return data


@EVERY_CITABLE_MODEL
def test_the_record_page_refuses_to_remove_its_last_public_citation(client, reviewer, model):
    record = make(model)
    citation = factories.CitationFactory(record=record)
    draft_source = factories.SourceFactory(visibility=Visibility.DRAFT)
    client.force_login(reviewer)
    page = client.get(change_url(record))

    for change in ({"DELETE": "on"}, {"source": draft_source.pk}):
        response = client.post(change_url(record), {**form_data(page), **citation_rows(page, **change)})
        assert response.status_code == 200
        assert "would stay published without a public citation" in response.content.decode()

    citation.refresh_from_db()
    assert citation.source.visibility == Visibility.PUBLISHED


def test_the_record_page_may_swap_a_citation_for_another_public_one(client, reviewer):
    person = make(models.Person)
    citation = factories.CitationFactory(record=person)
    client.force_login(reviewer)
    page = client.get(change_url(person))

    response = client.post(
        change_url(person), {**form_data(page), **citation_rows(page, source=factories.SourceFactory().pk)}
    )

    assert response.status_code == 302
    citation.refresh_from_db()
    assert citation.source.visibility == Visibility.PUBLISHED


def test_a_citation_cannot_be_moved_off_the_record_it_alone_backs(client, reviewer):
    person = make(models.Person, display_name="Backed Person")
    citation = factories.CitationFactory(record=person)
    elsewhere = make(models.Person, visibility=Visibility.DRAFT)
    client.force_login(reviewer)
    page = client.get(change_url(citation))

    response = client.post(change_url(citation), form_data(page, object_id=elsewhere.pk))

    assert "“Backed Person” would stay published without a public citation" in response.content.decode()
    citation.refresh_from_db()
    assert citation.object_id == person.pk
