"""An organization's part in an event carries its role and how firmly the sources hold
it: "widely attributed to Russian intelligence" is shown as an attribution everywhere."""

import re

import pytest
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from casework.models import Event, EventOrganization
from casework.vocabularies import LinkCertainty, OrganizationRole, Visibility
from tests.factories import EventFactory, EventOrganizationFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
KILLING = "maksim-kuzminov-killing-in-spain"


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_killing_in_spain_is_attributed_to_russian_intelligence(article):
    link = EventOrganization.objects.get(event__slug=KILLING)
    assert (link.organization.slug, link.role, link.certainty) == (
        "russian-intelligence",
        OrganizationRole.PERPETRATOR,
        LinkCertainty.ATTRIBUTED,
    )


def test_case_page_says_attributed_to(client, article):
    html = text(client.get(reverse("case-detail", kwargs={"slug": "maksim-kuzminov"})))
    assert "attributed to Russian intelligence (perpetrator)" in html


def test_api_gives_role_and_certainty(client, article):
    body = client.get(f"/api/v1/events/{KILLING}/").json()
    assert body["organizations"] == ["russian-intelligence"]
    assert body["organization_links"] == [
        {"organization": "russian-intelligence", "role": "perpetrator", "certainty": "attributed"}
    ]
    timeline = client.get("/api/v1/persons/maksim-kuzminov/").json()["timeline"]
    killing = next(event for event in timeline if event["slug"] == KILLING)
    assert killing["organization_links"][0]["certainty"] == "attributed"


@pytest.mark.parametrize(
    ("certainty", "role", "shown"),
    [
        ("confirmed", "authority", "Org X (deciding authority)"),
        ("alleged", "perpetrator", "allegedly Org X (perpetrator)"),
        ("attributed", "perpetrator", "attributed to Org X (perpetrator)"),
        ("unknown", "unknown", "Organizations: Org X</p>"),
    ],
)
def test_every_certainty_reads_as_itself(client, certainty, role, shown):
    link = EventOrganizationFactory(organization__name="Org X", certainty=certainty, role=role)
    assert shown in text(client.get(link.event.person.get_absolute_url()))


def test_russian_page_marks_the_english_name(client):
    link = EventOrganizationFactory(organization__name="Org X")
    html = text(client.get("/ru" + link.event.person.get_absolute_url()))
    assert '<span lang="en">Org X</span>' in html


def test_a_draft_organization_shows_through_no_link(client):
    link = EventOrganizationFactory(organization__name="Secret Org", organization__visibility=Visibility.DRAFT)
    assert "Secret Org" not in text(client.get(link.event.person.get_absolute_url()))
    body = client.get(f"/api/v1/events/{link.event.slug}/").json()
    assert body["organizations"] == [] and body["organization_links"] == []


def test_one_link_per_event_and_organization():
    link = EventOrganizationFactory()
    with pytest.raises(IntegrityError):
        EventOrganization.objects.create(event=link.event, organization=link.organization)


def test_an_unknown_certainty_is_refused_by_the_database():
    event, organization = EventFactory(), OrganizationFactory()
    with pytest.raises(IntegrityError):
        EventOrganization.objects.create(event=event, organization=organization, certainty="rumoured")


def test_admin_edits_links_inline(client, editor):
    link = EventOrganizationFactory()
    client.force_login(editor)
    html = client.get(reverse("admin:casework_event_change", args=[link.event.pk])).content.decode()
    assert 'name="organization_links-0-certainty"' in html
    assert 'name="organization_links-0-role"' in html


def test_saving_a_link_changes_the_events_public_time():
    event = EventFactory()
    before = Event.objects.get(pk=event.pk).public_updated_at
    EventOrganizationFactory(event=event)
    assert Event.objects.get(pk=event.pk).public_updated_at > before


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_the_links_entered_before_it():
    executor = MigrationExecutor(connection)
    before, after = [("casework", "0013_unknown_is_a_value")], [("casework", "0014_event_organization_roles")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    organization = old.get_model("casework", "Organization").objects.create(slug="o", name="O", kind="ngo")
    cohort = old.get_model("casework", "Cohort").objects.create(slug="c", name="C", size=2)
    event = old.get_model("casework", "Event").objects.create(slug="e", type="flight", cohort=cohort)
    event.organizations.add(organization)
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    link = new.get_model("casework", "EventOrganization").objects.get()
    # Moved as it was, claiming no role and no certainty it did not have.
    assert (link.event_id, link.organization_id, link.role, link.certainty) == (
        event.pk,
        organization.pk,
        "unknown",
        "unknown",
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_russian_timeline_names_the_organization_in_russian_with_one_colon(client, article):
    html = text(client.get("/ru" + reverse("case-detail", kwargs={"slug": "maksim-kuzminov"})))
    assert "Организации: как считается, Российские спецслужбы (исполнитель)</p>" in html
    assert "Организации: ответственность" not in html
