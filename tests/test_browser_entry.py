"""A new case entered through the admin in a real browser, as an Editor and then a Reviewer
would: one new source, a person, events in four countries, a prosecution, each fact cited
in its own row; sent to review, published, and read on the public case page with its
footnotes. Clicks and page loads are counted, and docs/editors.md states them.

Counting: one click for each link or button pressed and each field moved into with the
mouse, two for each drop-down choice (open it, pick), two for each autocomplete (open it,
pick the match after typing). Typing itself is not counted. Page loads are the loads of
the editor's and the reviewer's pages, from the admin home to the published case.

With SCREENSHOTS=1 the screenshots go to docs/screenshots/ and the figures are written into
docs/editors.md; otherwise the test checks that docs/editors.md states the figures measured.
"""

import re
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.admin_helpers import verified_login
from tests.conftest import load_article_after_flush
from tests.factories import UserFactory
from tests.test_browser import CHROMIUM, browser, screenshots  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="browser tests need Debian's Chromium at /usr/bin/chromium (apt-get install chromium)",
    ),
    pytest.mark.django_db(transaction=True),
]

EDITORS_GUIDE = Path(settings.BASE_DIR) / "docs" / "editors.md"
FIGURES = re.compile(r"<!-- entry-figures -->.*?<!-- /entry-figures -->", re.DOTALL)
MAX_CLICKS, MAX_LOADS = 60, 20
WIDTH = 1366

# The source as captured: dateline, headline, then one paragraph a line.
CAPTURED = """Paris, 14 March 2025
From Pskov to Paris: a deserter's year on the run
Pavel, a contract soldier from Pskov, left his unit in September 2024 rather than return to the front.
In October 2024 he crossed into Kazakhstan at a small checkpoint in the steppe.
He reached Yerevan in November 2024 and stayed there for two months.
In January 2025 he applied for asylum in France.
A garrison court in Pskov opened a desertion case against him in absentia in December 2024."""
PERSON_QUOTE = "Pavel, a contract soldier from Pskov, left his unit in September 2024 rather than return to the front."
EVENTS = [
    ("desertion", "2024-09", "Russ", "Russia", "left his unit in September 2024 rather than return to the front."),
    ("border_crossing", "2024-10", "Kaz", "Kazakhstan", "In October 2024 he crossed into Kazakhstan"),
    ("arrival", "2024-11", "Arm", "Armenia", "He reached Yerevan in November 2024"),
    ("asylum_application", "2025-01", "Fra", "France", "In January 2025 he applied for asylum in France."),
]
PROSECUTION_QUOTE = "A garrison court in Pskov opened a desertion case against him in absentia in December 2024."


def editorial_groups() -> None:
    """The groups the migrations create (0003, 0005, 0011), which the flush after a
    transactional test removes. Their functions are not called here: they switch the app
    registry's models off and on, which is harmless only inside a migration."""
    from django.contrib.auth.models import Group, Permission

    groups = import_module("casework.migrations.0003_editorial_groups")
    triage = import_module("casework.migrations.0011_reviewers_triage_error_reports").CODENAMES
    for name, codenames in (
        ("Editor", groups.editor_codenames() | {"view_revision"}),
        ("Reviewer", groups.reviewer_codenames() | {"view_revision"} | triage),
    ):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="casework", codename__in=codenames))


class Tally:
    """A page whose clicks and loads are counted, the way the module docstring says."""

    def __init__(self, context):
        self.page = context.new_page()
        self.clicks = 0
        self.loads = 0
        self.page.on("load", self._loaded)

    def _loaded(self, _page) -> None:
        self.loads += 1

    def click(self, selector: str) -> None:
        self.clicks += 1
        self.page.locator(selector).click()

    def type(self, selector: str, text: str) -> None:
        self.clicks += 1
        self.page.locator(selector).fill(text)

    def choose(self, selector: str, value: str) -> None:
        self.clicks += 2
        self.page.locator(selector).select_option(value)

    def autocomplete(self, select_id: str, typed: str, match: str) -> None:
        self.clicks += 2
        self.page.locator(f"#{select_id} + .select2 .select2-selection").click()
        self.page.locator(".select2-container--open .select2-search__field").fill(typed)
        self.page.locator(".select2-container--open .select2-results__option", has_text=match).first.click()


def logged_in_context(browser, site: str, user):  # noqa: F811
    """A browser context with `user`'s admin session, second factor passed (signing in is
    not part of entering a case, so it is neither clicked nor counted)."""
    client = Client()
    verified_login(client, user)
    context = browser.new_context(viewport={"width": WIDTH, "height": 768}, locale="en-GB")
    context.outside_requests = []
    context.route(
        re.compile(r"^(?!" + re.escape(site) + r").*"),
        lambda route: (context.outside_requests.append(route.request.url), route.abort()),
    )
    context.set_default_timeout(15_000)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": site}])
    return context


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_editor_enters_a_cited_case_and_a_reviewer_publishes_it(browser, live_server, screenshots):  # noqa: F811
    load_article_after_flush()
    editorial_groups()
    site = live_server.url
    editor = UserFactory(username="editor", groups=["Editor"])
    reviewer = UserFactory(username="reviewer", groups=["Reviewer"])

    # The editor: the source, then the case from it, cited row by row, sent to review.
    editor_context = logged_in_context(browser, site, editor)
    ed = Tally(editor_context)
    ed.page.goto(f"{site}/admin/")
    ed.click('a[href="/admin/casework/source/add/"]')
    ed.type("#id_title", "From Pskov to Paris: a deserter's year on the run")
    ed.type("#id_publisher", "Le Courrier de l'Exil")
    ed.type("#id_url", "https://courrier.example/pskov-paris")
    ed.type("#id_date", "2025-03-14")
    ed.choose("#id_reliability", "likely_reliable")
    ed.type("#id_text", CAPTURED)
    ed.page.screenshot(path=screenshots / "entry-1-source.png", full_page=True)
    ed.click("input[name=_save]")
    ed.click("text=Enter a case from")

    page = ed.page
    assert "?cite=" in page.url
    ed.type("#id_display_name", "Pavel")
    ed.autocomplete("id_citizenship", "Russ", "Russia")
    ed.choose("#id_military_background", "contract_soldier")
    ed.choose("#id_situation", "awaiting_decision")
    ed.type("#id_summary", "A contract soldier who deserted in 2024 and asked for asylum in France.")
    ed.type("#id_casework-citation-content_type-object_id-0-quote", PERSON_QUOTE)
    for row, (kind, date, typed, country, quote) in enumerate(EVENTS):
        if page.locator(f"#id_events-{row}-type").count() == 0:
            ed.click("#events-group a.djn-add-handler.djn-model-casework-event")
        ed.choose(f"#id_events-{row}-type", kind)
        ed.type(f"#id_events-{row}-date", date)
        ed.autocomplete(f"id_events-{row}-country", typed, country)
        ed.type(f"#id_events-{row}-casework-citation-content_type-object_id-0-quote", quote)
    ed.autocomplete("id_prosecutions-0-charge", "Desert", "Desertion")
    ed.autocomplete("id_prosecutions-0-country", "Russ", "Russia")
    ed.choose("#id_prosecutions-0-status", "in_absentia")
    ed.type("#id_prosecutions-0-date", "2024-12")
    ed.type("#id_prosecutions-0-casework-citation-content_type-object_id-0-quote", PROSECUTION_QUOTE)
    assert fits_the_width(page), "the person page scrolls sideways at 1366 px"
    page.screenshot(path=screenshots / "entry-2-case.png", full_page=True)
    ed.click("input[name=_submit_for_review]")

    assert page.locator(".errornote").count() == 0, page.locator(".errorlist").all_inner_texts()
    messages = page.locator(".messagelist").inner_text()
    assert "submitted for review" in messages
    assert fits_the_width(page), "the saved person page scrolls sideways at 1366 px"
    page.screenshot(path=screenshots / "entry-3-in-review.png", full_page=True)
    editor_context.close()
    assert editor_context.outside_requests == []

    # The reviewer: from the desk to the case, published with its events, prosecution and source.
    reviewer_context = logged_in_context(browser, site, reviewer)
    rv = Tally(reviewer_context)
    rv.page.goto(f"{site}/admin/")
    rv.page.screenshot(path=screenshots / "entry-4-desk.png")
    rv.click('#reviewer-desk a >> text="Pavel"')
    rv.choose("#id_visibility", "published")
    rv.click("input[name=_continue]")
    assert "published" in rv.page.locator(".messagelist").inner_text()
    rv.page.screenshot(path=screenshots / "entry-5-published.png")

    clicks, loads = ed.clicks + rv.clicks, ed.loads + rv.loads
    from casework.models import Citation, Person

    person = Person.objects.public().get(display_name="Pavel")
    rv.page.goto(f"{site}{person.get_absolute_url()}")
    assert rv.page.locator(".footnotes li").count() >= 6
    notes = rv.page.locator(".footnotes").inner_text()
    for quote in (PERSON_QUOTE, PROSECUTION_QUOTE, *(event[-1] for event in EVENTS)):
        assert quote in notes
    # Each quote was found in the captured text and its paragraph filled in.
    assert Citation.objects.get(quote=PROSECUTION_QUOTE).locator == "para. 5"
    rv.page.screenshot(path=screenshots / "entry-6-public-case.png", full_page=True)
    reviewer_context.close()
    assert reviewer_context.outside_requests == []

    assert clicks <= MAX_CLICKS and loads <= MAX_LOADS, (clicks, loads)
    figures = (
        f"<!-- entry-figures -->{clicks} clicks and {loads} page loads "
        f"({ed.clicks} and {ed.loads} for the editor, {rv.clicks} and {rv.loads} for the reviewer)"
        "<!-- /entry-figures -->"
    )
    guide = EDITORS_GUIDE.read_text(encoding="utf-8")
    if screenshots.is_relative_to(Path(settings.BASE_DIR)):
        EDITORS_GUIDE.write_text(FIGURES.sub(figures, guide), encoding="utf-8")
    else:
        assert FIGURES.search(guide).group(0) == figures, "run with SCREENSHOTS=1 to write the figures"
