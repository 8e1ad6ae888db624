"""Footnotes: every statement on a public page points at the passage that backs it.

A page hands over the records it shows, in the order it shows them; each record gets
the numbers of its footnotes, and the page gets the footnotes themselves, numbered in
reading order, each with the source link that lands on the quoted paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models

from casework import selectors
from casework.models import Citation

_NON_ANCHOR = re.compile(r"[^a-z0-9]+")


def locator_anchor(locator: str) -> str:
    """The id of the element a locator points at on a source page: 'para. 3' -> 'para-3'."""
    return _NON_ANCHOR.sub("-", locator.lower()).strip("-")


@dataclass
class Footnote:
    number: int
    citation: Citation
    # Where on the page the statements citing it sit, for the back links.
    referrers: list[str] = field(default_factory=list)

    @property
    def source_url(self) -> str:
        url = self.citation.source.get_absolute_url()
        anchor = locator_anchor(self.citation.locator)
        return f"{url}#{anchor}" if anchor else url


@dataclass
class Footnotes:
    notes: list[Footnote]

    def __iter__(self):
        return iter(self.notes)

    def __len__(self) -> int:
        return len(self.notes)


def attach(records: Iterable[models.Model], *, anchor_prefix: str = "ref", preview: bool = False) -> Footnotes:
    """Give each record a ``footnotes`` list and an ``anchor`` id; return the notes.

    One query fetches the public citations of all records. The same passage backing two
    records on the page (one citation, or two citations quoting the same words from the
    same place with the same speaker) is one footnote with a back link to each.
    """
    records = list(records)
    by_record = selectors.citations_by_record(records, preview=preview)
    notes: list[Footnote] = []
    by_passage: dict[tuple, Footnote] = {}
    for index, record in enumerate(records, start=1):
        record.anchor = f"{anchor_prefix}-{index}"
        record.footnotes = []
        for citation in by_record.get(selectors.record_key(record), []):
            key = (
                citation.source_id,
                citation.locator,
                " ".join(citation.quote.split()),
                citation.connection,
                citation.claimant_organization_id,
                citation.speaker_id,
            )
            note = by_passage.get(key)
            if note is None:
                note = Footnote(number=len(notes) + 1, citation=citation)
                by_passage[key] = note
                notes.append(note)
            if record.anchor not in note.referrers:
                note.referrers.append(record.anchor)
            if note not in record.footnotes:
                record.footnotes.append(note)
    return Footnotes(notes)
