import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_about_describes_method_vocabularies_citing_and_reporting(client, article):
    response = client.get(reverse("about"))
    assert response.status_code == 200
    html = response.content.decode()
    for anchor in ('id="method"', 'id="vocabularies"', 'id="cite"', 'id="report"'):
        assert anchor in html
    assert "UNHCR" in html
    assert "HURIDOCS" in html
    assert "Extended Date/Time Format" in html
    assert "Temporary visa while the application is pending" in html
    assert "Six Russian Soldiers Fleeing Ukraine War Granted Temporary Asylum in France" in html


def test_about_links_the_corrections_channel_when_configured(client, db, settings):
    settings.CORRECTIONS_URL = "mailto:editors@example.org"
    assert 'href="mailto:editors@example.org"' in client.get(reverse("about")).content.decode()


def test_not_found_page_is_friendly_and_in_the_layout(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert 'href="/cases/"' in html
    assert '<main id="main"' in html


def test_server_error_page_renders_without_a_database_or_request_context(db):
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "Traceback" not in html
    assert 'href="/static/casework/site.css"' in html


def test_pages_load_nothing_from_outside_the_site(client, article):
    for url in ["/", "/cases/", "/cases/alexander/", "/statistics/", "/about/", "/countries/kz/"]:
        html = client.get(url).content.decode()
        assert 'src="http' not in html
        # hreflang alternates name the site's own pages by full address, as search engines ask.
        own = html.replace('href="http://www.w3.org', "").replace('href="http://testserver/', "")
        assert 'href="http' not in own
        assert "<script" not in html
        assert "style=" not in html


def test_static_stylesheet_is_served(client, db):
    response = client.get("/static/casework/site.css")
    assert response.status_code == 200
    assert b":focus-visible" in b"".join(response.streaming_content)
