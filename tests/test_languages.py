"""Languages as addresses: /ru/ for every public page, alternates for search engines, and
no cookie of any kind for an anonymous reader (a cookie is a stable identifier)."""

import re
from xml.etree import ElementTree

import pytest

pytestmark = pytest.mark.django_db

SOURCE = "/sources/six-russian-soldiers-granted-temporary-asylum-in-france-2024-10-16/"
PAGES = [
    "/",
    "/cases/",
    "/cases/?country=fr&year=2024",
    "/cases/alexander/",
    "/cohorts/six-russian-soldiers-france-2024/",
    "/countries/kz/",
    SOURCE,
    "/sources/",
    "/cohorts/",
    "/countries/",
    "/data/",
    "/statistics/",
    "/about/",
]
ANSWERS = [
    *PAGES,
    "/feed/",
    "/sitemap.xml",
    "/no-such-page/",
    "/cases/?year=abc",
    "/cases/no-such-case/",
    "/report/?page=/cases/alexander/",
    "/report/thanks/",
]


def both_languages(paths):
    return [*paths, *(f"/ru{path}" for path in paths if path != "/sitemap.xml")]


@pytest.mark.parametrize("path", both_languages(ANSWERS))
def test_an_anonymous_reader_gets_no_cookie_and_no_vary_on_cookie(client, article, path):
    response = client.get(path)
    assert response.status_code in (200, 400, 404), path
    assert response.cookies == {}, f"{path} set {list(response.cookies)}"
    assert "Set-Cookie" not in response.headers
    assert "cookie" not in response.get("Vary", "").lower()
    assert "csrfmiddlewaretoken" not in response.content.decode()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_names_itself_in_both_languages(client, article, path):
    for shown in (path, f"/ru{path}"):
        html = client.get(shown).content.decode()
        alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
        assert alternates == {
            "en": f"http://testserver{path}".replace("&", "&amp;"),
            "ru": f"http://testserver/ru{path}".replace("&", "&amp;"),
            "x-default": f"http://testserver{path}".replace("&", "&amp;"),
        }, shown


@pytest.mark.parametrize("path", PAGES)
def test_russian_page_is_russian_whatever_the_browser_asks(client, article, path):
    html = client.get(f"/ru{path}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="ru">' in html
    assert "Перейти к содержанию" in html
    # Links stay in the language the reader chose.
    internal = re.findall(r'href="(/[^"]*)"', html.split("<main")[1])
    assert internal, path
    assert all(link.startswith(("/ru/", "/static/", "/api/")) for link in internal), internal


def test_sitemap_lists_each_page_in_both_languages_with_alternates(client, article):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    entries = {}
    for section in index.findall("s:sitemap/s:loc", ns):
        tree = ElementTree.fromstring(client.get(section.text.removeprefix("http://testserver")).content)
        for url in tree.findall("s:url", ns):
            links = url.findall("x:link", ns)
            entries[url.find("s:loc", ns).text] = {link.get("hreflang"): link.get("href") for link in links}
    for path in ("/", "/cases/alexander/", "/countries/kz/", SOURCE):
        english, russian = f"http://testserver{path}", f"http://testserver/ru{path}"
        assert entries[english] == entries[russian] == {"en": english, "ru": russian, "x-default": english}
