"""The seed documents under seeds/, split the way citations point into them.

A seed file holds one paragraph a line: a dateline, a headline, the body paragraphs,
and sometimes page furniture copied with the article ("No comments:"). Citations locate
passages as ``dateline``, ``headline`` or ``para. N`` (N counts body paragraphs from 1).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

# Lines a web page wraps around the article; they are not part of it.
PAGE_FURNITURE = frozenset({"No comments:", "Post a Comment"})

# A sentence ends at . ! or ? (possibly followed by a closing quote) before white space
# and a capital or an opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])([\"”’]?)\s+(?=[A-Z“\"‘])")


@dataclass(frozen=True)
class Passage:
    locator: str
    text: str


def seed_path(relative: str) -> Path:
    """Resolve a Source.seed_file path, refusing anything outside seeds/."""
    path = (settings.BASE_DIR / relative).resolve()
    if settings.SEEDS_DIR.resolve() not in path.parents:
        raise ValueError(f"{relative!r} is not a file under seeds/")
    return path


@cache
def read_seed(relative: str) -> str:
    return seed_path(relative).read_text(encoding="utf-8")


def passages(text: str) -> list[Passage]:
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and line not in PAGE_FURNITURE]
    result = []
    for index, line in enumerate(lines):
        if index == 0:
            locator = "dateline"
        elif index == 1:
            locator = "headline"
        else:
            locator = f"para. {index - 1}"
        result.append(Passage(locator, line))
    return result


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, keeping closing quotes with their sentence."""
    parts = _SENTENCE_END.split(paragraph)
    # split() interleaves the captured closing quote; glue it back on its sentence.
    result: list[str] = []
    for i in range(0, len(parts), 2):
        closing = parts[i + 1] if i + 1 < len(parts) else ""
        sentence = (parts[i] + closing).strip()
        if sentence:
            result.append(sentence)
    return result


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def source_text(source) -> str:
    """The document as captured: the source's own text, else its seed file."""
    if source.text:
        return source.text
    if source.seed_file:
        try:
            return read_seed(source.seed_file)
        except (OSError, ValueError):
            return ""
    return ""


def quote_locate(quote: str, text: str) -> Passage | None:
    """The passage that holds ``quote`` word for word (spacing aside), or None."""
    needle = _squeeze(quote)
    if not needle:
        return None
    return next((passage for passage in passages(text) if needle in _squeeze(passage.text)), None)


def quote_nearest(quote: str, text: str) -> Passage | None:
    """The sentence of ``text`` most like ``quote``, with the locator of its paragraph:
    what to show an editor whose quote is not in the text."""
    needle = _squeeze(quote).lower()
    best, best_ratio = None, 0.0
    for passage in passages(text):
        for sentence in sentences(passage.text) or [passage.text]:
            ratio = difflib.SequenceMatcher(None, needle, sentence.lower()).ratio()
            if ratio > best_ratio:
                best, best_ratio = Passage(passage.locator, sentence), ratio
    return best
