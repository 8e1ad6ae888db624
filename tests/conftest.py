import pytest
from django.core.management import call_command

ARTICLE_SEED = "seeds/000_95fa9fc9fe1ff114.txt"


@pytest.fixture
def article(db):
    """The records derived from the article, loaded as `make run` loads them."""
    call_command("loaddata", "fixtures/article.json", verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The API's anonymous throttle counts requests in the cache; each test starts at zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
