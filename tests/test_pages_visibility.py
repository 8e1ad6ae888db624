"""Walk every public path and prove that no restricted field and no unpublished record
comes out, whether by page, filter, search, count, feed, sitemap or error page."""

import pytest
from django.urls import reverse

from tests.conftest import SENTINEL

pytestmark = pytest.mark.django_db


def public_paths() -> list[str]:
    paths = [
        "/",
        "/cases/",
        "/cases/?q=quote",
        "/cases/?q=person",
        "/cases/?country=am",
        "/cases/?country=ge",
        "/cases/?country=de",
        "/cases/?outcome=applied",
        "/cases/?year=2023",
        "/cases/?year=nonsense",
        "/cases/public-person/",
        "/cases/zzleak-draft-person/",
        "/cases/zzleak-review-person/",
        "/cohorts/zzleak-draft-cohort/",
        "/cohorts/public-cohort/",
        "/cohorts/six-russian-soldiers-france-2024/",
        "/countries/am/",
        "/countries/ge/",
        "/countries/de/",
        "/countries/ru/",
        "/sources/public-source/",
        "/sources/zzleak-draft-source/",
        "/statistics/",
        "/about/",
        "/feed/",
        "/sitemap.xml",
        "/no-such-page/",
    ]
    return paths


def test_no_public_path_reveals_restricted_fields_or_unpublished_records(client, article, leak_world):
    assert client.get("/cases/public-person/").status_code == 200
    for path in public_paths():
        response = client.get(path)
        assert response.status_code in (200, 400, 404), path
        # A page may echo the visitor's own path (the language form's return address).
        body = response.content.decode().lower().replace(path.lower(), "")
        assert SENTINEL not in body, f"leak on {path}"
        assert "4242" not in body, path


@pytest.mark.parametrize(
    "url_name, slug",
    [
        ("case-detail", "zzleak-draft-person"),
        ("case-detail", "zzleak-review-person"),
        ("cohort-detail", "zzleak-draft-cohort"),
        ("cohort-detail", "zzleak-review-cohort"),
        ("source-detail", "zzleak-draft-source"),
        ("source-detail", "zzleak-review-source"),
    ],
)
def test_unpublished_urls_answer_404(client, leak_world, url_name, slug):
    assert client.get(reverse(url_name, kwargs={"slug": slug})).status_code == 404
