"""The Atom feed of the newest published cases. Reads through ``public()`` only and
carries the public summary, never a restricted field."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from casework import selectors, translations

FEED_LENGTH = 20


class LatestCasesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Casework: newest published cases")
    subtitle = _("Asylum cases of military deserters, each fact footnoted to its source.")

    def link(self) -> str:
        return reverse("case-list")

    def items(self):
        return selectors.cases_fetch(selectors.cases_newest(limit=FEED_LENGTH))

    def item_title(self, item) -> str:
        # A cohort's name in the feed's language; a person's name as the sources give it.
        if "name" in translations.translated_fields(type(item)):
            return translations.text_in(item, "name")
        return str(item)

    def item_description(self, item) -> str:
        return translations.text_in(item, "summary")

    # The public times (casework/sync.py): an edit the public cannot see moves neither.
    def item_pubdate(self, item):
        return item.public_created_at

    def item_updateddate(self, item):
        return item.public_updated_at

    def item_guid(self, item) -> str:
        # Stable across edits and renames of the display name: the kind and the slug.
        return f"tag:casework,2024:{type(item).__name__.lower()}/{item.slug}"

    item_guid_is_permalink = False
