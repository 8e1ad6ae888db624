import pytest
from django.core.management import call_command

ARTICLE_SEED = "seeds/000_95fa9fc9fe1ff114.txt"


@pytest.fixture
def article(db):
    """The records derived from the article, loaded as `make run` loads them."""
    call_command("loaddata", "fixtures/article.json", verbosity=0)
