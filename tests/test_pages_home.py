import pytest
from django.urls import reverse

from tests.factories import CohortFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_home_explains_casework_and_offers_search(client, article):
    html = client.get("/").content.decode()
    assert "<h1>Asylum cases of military deserters</h1>" in html
    assert f'action="{reverse("case-list")}"' in html
    assert 'type="search" name="q"' in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html


def test_home_headline_numbers_count_published_records(client, article):
    html = client.get("/").content.decode()
    assert '<span class="number">3</span> people with a case page' in html
    assert '<span class="number">1</span> group counted together' in html
    assert "39 quoted passages" in html


def test_home_numbers_leave_drafts_out(client, article):
    PersonFactory(visibility="draft")
    PersonFactory(visibility="review")
    html = client.get("/").content.decode()
    assert '<span class="number">3</span> people with a case page' in html


def test_home_lists_latest_published_cases_newest_first(client, db):
    older = PersonFactory(display_name="Older Case")
    newer = CohortFactory(name="Newer Group")
    PersonFactory(display_name="Hidden Draft", visibility="draft")
    html = client.get("/").content.decode()
    assert html.index(newer.name) < html.index(older.display_name)
    assert newer.get_absolute_url() in html
    assert "Hidden Draft" not in html


def test_home_query_count_does_not_grow(client, db, django_assert_max_num_queries):
    PersonFactory.create_batch(12)
    CohortFactory.create_batch(4)
    client.get("/")  # warm the content-type cache, as any running server has
    with django_assert_max_num_queries(14):
        assert client.get("/").status_code == 200
