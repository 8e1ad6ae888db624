"""Citing against the source's own text: a quote is checked word for word, its locator
filled in, and a quote that is not in the text refused with the nearest passage. The
captured text is staff-only."""

from django.urls import reverse

from casework import models
from casework.seeds import passages, read_seed, sentences
from casework.vocabularies import Visibility
from tests.admin_helpers import change_url, form_data
from tests.conftest import ARTICLE_SEED
from tests.factories import EventFactory, SourceFactory

CAPTURED = "Tbilisi, 3 May 2024\nA soldier's flight\nHe crossed the border at night.\nHe asked for asylum in Georgia."


def cite(client, record, source, quote, locator=""):
    page = client.get(change_url(record))
    formset = next(
        inline.formset for inline in page.context["inline_admin_formsets"] if inline.formset.model is models.Citation
    )
    prefix = formset.prefix
    data = form_data(page)
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": 1,
            f"{prefix}-0-source": source.pk,
            f"{prefix}-0-quote": quote,
            f"{prefix}-0-locator": locator,
            f"{prefix}-0-connection": "media",
        }
    )
    return client.post(change_url(record), data)


def test_a_verbatim_quote_from_a_seed_file_gets_its_locator(client, editor):
    source = SourceFactory(seed_file=ARTICLE_SEED)
    paragraph = passages(read_seed(ARTICLE_SEED))[5]
    quote = sentences(paragraph.text)[0]
    event = EventFactory(visibility=Visibility.DRAFT)
    client.force_login(editor)

    response = cite(client, event, source, "  " + quote.replace(" ", "  ", 1))

    assert response.status_code == 302
    citation = models.Citation.objects.of_records([event]).get()
    assert citation.locator == paragraph.locator == "para. 4"


def test_a_quote_not_in_the_text_is_refused_with_the_nearest_passage(client, editor):
    source = SourceFactory(title="Border report", text=CAPTURED)
    event = EventFactory(visibility=Visibility.DRAFT)
    client.force_login(editor)

    response = cite(client, event, source, "He crossed the frontier at night.")

    assert response.status_code == 200
    page = response.content.decode()
    assert "This is not word for word in “Border report”" in page
    assert "The nearest passage (para. 1): “He crossed the border at night.”" in page
    assert not models.Citation.objects.exists()

    assert cite(client, event, source, "asked for asylum in Georgia").status_code == 302
    assert models.Citation.objects.get().locator == "para. 2"


def test_a_locator_the_editor_gives_is_kept(client, editor):
    source = SourceFactory(text=CAPTURED)
    event = EventFactory(visibility=Visibility.DRAFT)
    client.force_login(editor)

    cite(client, event, source, "He crossed the border", locator="para. 1, first sentence")

    assert models.Citation.objects.get().locator == "para. 1, first sentence"


def test_without_a_text_any_quote_is_taken_as_the_editor_gives_it(client, editor):
    source = SourceFactory(text="", seed_file="")
    event = EventFactory(visibility=Visibility.DRAFT)
    client.force_login(editor)

    assert cite(client, event, source, "Whatever the report said.").status_code == 302


def test_the_captured_text_never_reaches_the_public(client, db):
    source = SourceFactory(text="CAPTURED-ONLY-FOR-STAFF and more.")

    assert "CAPTURED-ONLY-FOR-STAFF" not in client.get(source.get_absolute_url()).content.decode()
    api = client.get(reverse("api:source-detail", args=[source.slug])).content.decode()
    assert "CAPTURED-ONLY-FOR-STAFF" not in api
