import pytest
from django.core.management import call_command

ARTICLE_SEED = "seeds/000_95fa9fc9fe1ff114.txt"


@pytest.fixture
def article(db):
    """The records derived from the article, loaded as `make run` loads them."""
    call_command("loaddata", "fixtures/article.json", verbosity=0)


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
