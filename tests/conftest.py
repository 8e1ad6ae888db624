from dataclasses import dataclass

import pytest
from django.core.management import call_command

ARTICLE_SEED = "seeds/000_95fa9fc9fe1ff114.txt"


@pytest.fixture
def article(db):
    """The records derived from the article (`make run` loads them with load_article, which
    also starts their history; tests that need the history call it themselves)."""
    call_command("loaddata", "fixtures/article.json", verbosity=0)


@pytest.fixture(autouse=True)
def _staff_logins_pass_the_second_factor(monkeypatch):
    """Admin tests log in with force_login; every staff login has passed the second factor
    unless a test logs in with tests.admin_helpers.password_only_login."""
    from django.test import Client

    from tests.admin_helpers import verified_login

    monkeypatch.setattr(Client, "force_login", verified_login)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Production's hasher is slow on purpose; tests create many accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Staff accounts as docs/editors.md tells an administrator to create them.
@pytest.fixture
def editor(db):
    from tests.factories import UserFactory

    return UserFactory(username="editor", groups=["Editor"])


@pytest.fixture
def restricted_editor(editor):
    """An editor also given the restricted-fields permission, as docs/editors.md describes."""
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="view_restricted"))
    return editor


@pytest.fixture
def reviewer(db):
    from tests.factories import UserFactory

    return UserFactory(username="reviewer", groups=["Reviewer"])


@pytest.fixture
def staff_without_group(db):
    from tests.factories import UserFactory

    return UserFactory(username="staff")


@pytest.fixture
def superuser(db):
    from tests.factories import UserFactory

    return UserFactory(username="root", is_superuser=True)


@pytest.fixture(autouse=True)
def _english_until_asked():
    """A request to a /ru/ page leaves Russian active in the test's thread; each test starts
    in English, so that reverse() and labels do not depend on the test before it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The API's anonymous throttle counts requests in the cache; each test starts at zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def article_for_module(django_db_setup, django_db_blocker):
    """The article's records loaded once for a whole module (loading takes about a second),
    inside a transaction that is rolled back after it; each test still rolls back its own."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "fixtures/article.json", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _empty_snapshots_dir(settings, tmp_path_factory):
    """/data/ lists what export_data wrote; tests start from an empty folder, never the
    developer's own data-snapshots/."""
    settings.DATA_SNAPSHOTS_DIR = tmp_path_factory.mktemp("data-snapshots")


def load_article_after_flush() -> None:
    """Load the article in a transactional test (live server, browser). The flush that ends
    each such test also empties the country table the migrations filled, so the countries
    are put back first (idempotently)."""
    from importlib import import_module

    from django.apps import apps

    import_module("casework.migrations.0002_countries").add_countries(apps, None)
    call_command("loaddata", "fixtures/article.json", verbosity=0)


# Planted in every restricted field and in every unpublished record's text; lower-case, so
# a test can look for it in any response, whatever the case the page renders it in.
SENTINEL = "zzleak"


@dataclass
class LeakWorld:
    """The one world the privacy tests walk: a published person whose restricted fields
    all hold the sentinel, and unpublished records of every kind tied to published ones."""

    person: object
    # visibility ("draft", "review") -> API resource name -> slug of an unpublished record
    hidden: dict[str, dict[str, str]]


@pytest.fixture
def leak_world(db) -> LeakWorld:
    return build_leak_world()


def build_leak_world() -> LeakWorld:
    """The leak world, for a test that plants it after setting up something else first."""
    from casework.models import RESTRICTED_PERSON_FIELDS, ErrorReport
    from tests import factories
    from tests.factories import country

    restricted = {field: f"{SENTINEL}-{field}" for field in RESTRICTED_PERSON_FIELDS}
    person = factories.PersonFactory(
        slug="public-person", display_name="Public Person", summary="A public summary.", **restricted
    )
    source = factories.SourceFactory(slug="public-source", title="Public Source")
    factories.CitationFactory(record=person, source=source, quote="A published quote.")
    cohort = factories.CohortFactory(slug="public-cohort", name="Public Cohort")
    cohort.members.add(person)
    factories.EventFactory(person=person, slug="public-event", summary="Published event.")
    factories.AsylumOutcomeFactory(person=person, slug="public-outcome")
    # What readers report is for the editors only, whichever page it is about.
    ErrorReport.objects.create(
        page="/cases/public-person/", message=f"{SENTINEL}-report", contact=f"{SENTINEL}-contact", language="en"
    )

    hidden = {}
    for visibility in ("draft", "review"):
        tag = f"{SENTINEL}-{visibility}"
        hidden_person = factories.PersonFactory(
            slug=f"{tag}-person", display_name=f"{tag} person", summary=tag, visibility=visibility, **restricted
        )
        hidden_cohort = factories.CohortFactory(
            slug=f"{tag}-cohort", name=f"{tag} cohort", summary=tag, visibility=visibility
        )
        # Published groups with unpublished members, and the other way round.
        hidden_cohort.members.add(person)
        cohort.members.add(hidden_person)
        factories.CohortFactory(slug=f"public-cohort-{visibility}").members.add(person, hidden_person)
        organization = factories.OrganizationFactory(
            slug=f"{tag}-organization", name=f"{tag} org", visibility=visibility
        )
        hidden_source = factories.SourceFactory(slug=f"{tag}-source", title=f"{tag} source", visibility=visibility)
        charge = factories.ChargeFactory(slug=f"{tag}-charge", name=f"{tag} charge", visibility=visibility)
        # Published records are unpublished when a record they are tied to is.
        factories.EventFactory(person=hidden_person, slug=f"{tag}-event-of-hidden", summary=tag)
        factories.EventFactory(
            person=None,
            cohort=hidden_cohort,
            slug=f"{tag}-event-of-hidden-cohort",
            summary=tag,
            from_country=country("GE"),
        )
        factories.EventFactory(
            person=person, slug=f"{tag}-event", summary=tag, visibility=visibility, to_country=country("AM")
        )
        factories.EventFactory(person=person, slug=f"public-event-with-{visibility}-organization").organizations.add(
            organization
        )
        factories.AsylumOutcomeFactory(
            person=person, slug=f"{tag}-outcome", summary=tag, visibility=visibility, country=country("DE")
        )
        factories.AsylumOutcomeFactory(person=hidden_person, slug=f"{tag}-outcome-of-hidden", summary=tag)
        factories.AsylumOutcomeFactory(
            person=person, authority=organization, slug=f"{tag}-outcome-authority", summary=tag
        )
        factories.ProsecutionFactory(defendant=person, charge=charge, slug=f"{tag}-prosecution", summary=tag)
        factories.ProsecutionFactory(defendant=hidden_person, slug=f"{tag}-prosecution-of-hidden", summary=tag)
        factories.ProsecutionFactory(
            defendant=None, case_count=4242, slug=f"{tag}-count", summary=tag, visibility=visibility
        )
        factories.StatisticFactory(slug=f"{tag}-statistic", reported_by=organization)
        factories.StatisticFactory(slug=f"{tag}-statistic-hidden", metric=tag, visibility=visibility)
        # A country no public record names: its page must not appear through a hidden condition.
        factories.CountryConditionFactory(
            slug=f"{tag}-condition", summary=tag, visibility=visibility, country=country("UZ")
        )
        public_condition = factories.CountryConditionFactory(
            slug=f"public-condition-{visibility}", country=country("TM")
        )
        factories.CitationFactory(record=public_condition, source=hidden_source, quote=f"{tag} quote on a condition")
        factories.CitationFactory(record=person, source=hidden_source, quote=f"{tag} quote from a hidden source")
        factories.CitationFactory(record=hidden_person, source=source, quote=f"{tag} quote about a hidden person")
        # A record that was never public leaves no trace in /api/v1/withdrawn/ when deleted.
        factories.PersonFactory(visibility=visibility, slug=f"{tag}-deleted-person").delete()
        hidden[visibility] = {
            "persons": hidden_person.slug,
            "cohorts": hidden_cohort.slug,
            "organizations": organization.slug,
            "sources": hidden_source.slug,
            "charges": charge.slug,
            "events": f"{tag}-event-of-hidden",
            "asylum-outcomes": f"{tag}-outcome",
            "prosecutions": f"{tag}-prosecution",
            "statistics": f"{tag}-statistic",
            "country-conditions": f"{tag}-condition",
        }
    return LeakWorld(person=person, hidden=hidden)
