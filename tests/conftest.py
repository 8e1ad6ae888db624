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
