"""Cache-Control: every kind of public page and API answer may be kept by a shared cache
for PUBLIC_CACHE_SECONDS, with its validators; the admin, previews, the error report form
and every answer to a logged-in staff member never are."""

import pytest
from django.urls import reverse

from casework.models import Cohort, Country, Person, Source
from tests.admin_helpers import change_url

PUBLIC = "public, max-age=60"


@pytest.fixture
def article(article_for_module, db, settings):
    settings.PUBLIC_CACHE_SECONDS = 60


def first(model):
    return model.objects.public().order_by("pk").first()


PUBLIC_PAGES = {
    "home": lambda: "/",
    "home in Russian": lambda: "/ru/",
    "case list": lambda: "/cases/",
    "case list, filtered and searched": lambda: "/cases/?q=army&page=1",
    "case": lambda: first(Person).get_absolute_url(),
    "cohort index": lambda: "/cohorts/",
    "cohort": lambda: first(Cohort).get_absolute_url(),
    "country index": lambda: "/countries/",
    "country": lambda: Country.objects.mentioned().order_by("code").first().get_absolute_url(),
    "source index": lambda: "/sources/",
    "source": lambda: first(Source).get_absolute_url(),
    "statistics": lambda: "/statistics/",
    "about": lambda: "/about/",
    "data": lambda: "/data/",
    "feed": lambda: "/feed/",
    "sitemap": lambda: "/sitemap.xml",
    "API root": lambda: "/api/v1/",
    "API list": lambda: "/api/v1/persons/",
    "API detail": lambda: f"/api/v1/persons/{first(Person).slug}/",
    "API CSV": lambda: "/api/v1/events/?format=csv",
}

WITH_REPORT_FORM = {PUBLIC_PAGES[name] for name in ("case", "cohort", "country", "source")}


@pytest.mark.parametrize("url", PUBLIC_PAGES.values(), ids=PUBLIC_PAGES.keys())
def test_a_public_answer_may_be_kept_by_a_shared_cache_and_revalidated(client, article, url):
    address = url()
    response = client.get(address)

    assert response.status_code == 200
    assert response["Cache-Control"] == PUBLIC
    assert not response.cookies
    validator = response.get("ETag") or response.get("Last-Modified")
    assert validator
    if url in WITH_REPORT_FORM:
        # The form's token carries the moment it was shown, so the body (and its ETag)
        # differs from one second to the next: such a page is kept, not revalidated.
        return
    header = "HTTP_IF_NONE_MATCH" if response.has_header("ETag") else "HTTP_IF_MODIFIED_SINCE"
    again = client.get(address, **{header: validator})
    assert again.status_code == 304
    assert again["Cache-Control"] == PUBLIC


def test_the_max_age_follows_the_setting(client, article, settings):
    settings.PUBLIC_CACHE_SECONDS = 300
    assert client.get("/cases/")["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize("prefix", ["", "/ru"], ids=["en", "ru"])
def test_the_error_report_form_is_never_kept(client, article, prefix):
    response = client.get(f"{prefix}/report/", {"page": prefix + first(Person).get_absolute_url()})
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_a_missing_record_is_not_kept_as_public(client, article):
    response = client.get("/cases/nobody-by-this-name/")
    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")


def staff_answers(editor) -> dict:
    person = first(Person)
    return {
        "admin home": reverse("admin:index"),
        "admin change form": change_url(person),
        "admin preview": reverse("admin:casework_person_preview", args=[person.pk]),
        "public page": person.get_absolute_url(),
        "API": "/api/v1/persons/",
    }


@pytest.mark.parametrize("what", ["admin home", "admin change form", "admin preview", "public page", "API"])
def test_no_answer_to_a_logged_in_staff_member_is_kept(client, article, editor, what):
    client.force_login(editor)
    response = client.get(staff_answers(editor)[what])

    assert response.status_code == 200
    assert "public" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_a_post_is_never_kept(client, article):
    response = client.post("/report/", {})
    assert "public" not in response.get("Cache-Control", "")
