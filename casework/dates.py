"""Dates as sources give them: EDTF strings, their bounds, and how to read them aloud.

A source says "summer of 2023" or "in February"; Casework keeps exactly that precision as
an EDTF (ISO 8601-2) string and derives the earliest and latest day it can mean, so that
records can be filtered and sorted without inventing a day nobody reported.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import time
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import get_month_names
from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS, MONTHS_ALT
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _
from edtf import parse_edtf, text_to_edtf
from edtf.parser.edtf_exceptions import EDTFParseException
from edtf.parser.parser_classes import (
    Date,
    Interval,
    Level1Interval,
    PartialUncertainOrApproximate,
    Season,
    UncertainOrApproximate,
    Unspecified,
    UnspecifiedIntervalSection,
)

EDTF_HELP = gettext_lazy(
    "Write the date as precisely as the source gives it, in EDTF: a year (2023), a month "
    "(2022-12), a day (2024-10-16), a season (2023-21 spring, 2023-22 summer, 2023-23 autumn, "
    "2023-24 winter), an approximate year (2024~), an uncertain one (2024?), or an interval "
    "(2024-05/2024-10; ../2024-10 for 'by October 2024'). Leave empty when the source gives no date."
)

SEASONS = {
    21: gettext_lazy("spring"),
    22: gettext_lazy("summer"),
    23: gettext_lazy("autumn"),
    24: gettext_lazy("winter"),
}


@dataclass(frozen=True)
class DateBounds:
    earliest: dt.date | None
    latest: dt.date | None


def _to_date(value: object) -> dt.date | None:
    # Open interval ends come back as +/-inf floats rather than struct_time.
    if isinstance(value, time.struct_time):
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


@lru_cache(maxsize=4096)
def _parse_edtf(value: str):
    # The grammar is slow (tens of milliseconds a date) and pages show the same few
    # dates again and again; the parsed objects are only read, never changed.
    return parse_edtf(value)


# Parts of a year the edtf package's natural-language reader turns into the bare year,
# losing what the source said; as months they keep it.
YEAR_PARTS = {"early": ("01", "04"), "mid": ("05", "08"), "late": ("09", "12")}


def suggest(value: str) -> str | None:
    """The EDTF for a date written in words ("spring 2024" → 2024-21, "early 2026" →
    2026-01/2026-04, "circa 2025" → 2025~), or None when there is no sure reading."""
    words = value.strip().lower().split()
    if len(words) == 2 and words[0] in YEAR_PARTS and words[1].isdigit() and len(words[1]) == 4:
        first, last = YEAR_PARTS[words[0]]
        return f"{words[1]}-{first}/{words[1]}-{last}"
    try:
        candidate = text_to_edtf(value.strip())
    except Exception:  # the reader raises all sorts on odd input: then there is no suggestion
        return None
    # An interval read from no interval is a guess ("2024-13" reads as 2024/2013).
    if not candidate or candidate == value.strip() or ("/" in candidate and "/" not in value):
        return None
    try:
        _parse_edtf(candidate)
    except (EDTFParseException, ValueError, TypeError, AttributeError):
        return None
    return candidate


def parse(value: str):
    """Parse an EDTF string, or raise ValidationError saying what EDTF expects (with the
    EDTF for it when the value reads as a date in words)."""
    try:
        return _parse_edtf(value.strip())
    except (EDTFParseException, ValueError, TypeError, AttributeError) as exc:
        suggestion = suggest(value)
        if suggestion:
            raise ValidationError(
                _("“%(value)s” is not an EDTF date: write %(suggestion)s (it reads as “%(reads)s”)."),
                code="invalid_edtf",
                params={"value": value, "suggestion": suggestion, "reads": display(suggestion)},
            ) from exc
        raise ValidationError(
            _("“%(value)s” is not an EDTF date. %(help)s"),
            code="invalid_edtf",
            params={"value": value, "help": EDTF_HELP},
        ) from exc


def validate_edtf(value: str) -> None:
    """Field validator: empty means 'no date given'; anything else must be EDTF."""
    if value:
        bounds(value)


# The plain forms editors write most (a year, a month, a day or a season, perhaps
# approximate or uncertain, alone or as the ends of an interval), read without the EDTF
# grammar: parsing costs tens of milliseconds a value, too slow for imports and
# generated data at scale. Anything else goes through the parser. Seasons end where the
# edtf package ends them (winter is December of its year), so both paths agree.
_PLAIN = re.compile(r"(\d{4})(?:-(0[1-9]|1[0-2]|2[1-4])(?:-(\d{2}))?)?[~?%]?")
_SEASON_MONTHS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 12)}


def _plain_bounds(part: str) -> tuple[dt.date, dt.date] | None:
    match = _PLAIN.fullmatch(part)
    if match is None:
        return None
    year, month, day = int(match[1]), match[2] and int(match[2]), match[3] and int(match[3])
    if not month:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if month > 12:
        if day or part[-1] in "~?%":  # the grammar has no qualified seasons
            return None
        first, last = _SEASON_MONTHS[month]
        return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])
    if not day:
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    if day > calendar.monthrange(year, month)[1] or day == 0:
        return None  # the parser says what is wrong with it
    return dt.date(year, month, day), dt.date(year, month, day)


def _quick_bounds(value: str) -> DateBounds | None:
    start, slash, end = value.partition("/")
    if not slash:
        single = _plain_bounds(value)
        return DateBounds(*single) if single else None
    lower = None if start == ".." else _plain_bounds(start)
    upper = None if end == ".." else _plain_bounds(end)
    if (lower is None and start != "..") or (upper is None and end != "..") or start == end == "..":
        return None
    earliest, latest = lower and lower[0], upper and upper[1]
    if earliest and latest and earliest > latest:
        return None
    return DateBounds(earliest, latest)


def bounds(value: str) -> DateBounds:
    """The earliest and latest day an EDTF string can mean (None for an open end)."""
    if not value:
        return DateBounds(None, None)
    if quick := _quick_bounds(value.strip()):
        return quick
    parsed = parse(value)
    try:
        earliest = _to_date(parsed.lower_strict())
        latest = _to_date(parsed.upper_strict())
    except (ValueError, OverflowError) as exc:  # e.g. 2023-02-30 parses but is no day
        raise ValidationError(
            _("“%(value)s” is not a real calendar date. %(help)s"),
            code="invalid_edtf",
            params={"value": value, "help": EDTF_HELP},
        ) from exc
    if earliest and latest and earliest > latest:
        raise ValidationError(_("“%(value)s” ends before it starts."), code="invalid_edtf", params={"value": value})
    return DateBounds(earliest, latest)


# Where a date sits in a timeline: the day it sorts by and its rank among records that
# sort by the same day (casework.querysets.time_order reads both).
OPEN_START, DATED, PLACED = 0, 1, 2


@dataclass(frozen=True)
class SortPosition:
    day: dt.date | None
    rank: int | None


def sort_position(value: str) -> SortPosition:
    """Where a record dated ``value`` sorts: by the first day the date can mean. An open
    start ("../2022-12", by December 2022) has no first day: it sorts by the first day of
    its end, ahead of the records dated in that period, since it happened by then.
    An empty date has no position of its own (None, None)."""
    if not value:
        return SortPosition(None, None)
    known = bounds(value)
    if known.earliest is not None:
        return SortPosition(known.earliest, DATED)
    end = value.strip().partition("/")[2]
    try:
        first_of_end = bounds(end).earliest if end and end != ".." else None
    except ValidationError:  # an end only the whole interval's grammar reads
        first_of_end = None
    return SortPosition(first_of_end or known.latest, OPEN_START)


def display(value: str, *, when: bool = False) -> str:
    """A reader's rendering in the active language: 'summer 2023', 'about 2024'.

    ``when`` asks for the form that answers "when?" inside a sentence; English reads the
    same either way, Russian does not ("декабрь 2022 года" as a label, "в декабре 2022
    года" in running text).
    """
    if not value:
        return ""
    try:
        parsed = parse(value)
    except ValidationError:
        return value
    if (get_language() or "").split("-")[0] == "ru":
        return _russian(parsed, WHEN if when else NOMINATIVE)
    return _display(parsed)


def _section(part) -> str:
    """One end of an interval; an open or unknown end ('..' or empty) reads as nothing."""
    if isinstance(part, UnspecifiedIntervalSection):
        return ""
    return _display(part)


def _unqualified(parsed):
    """A date with its qualifiers taken off ("2024?-02" -> "2024-02")."""
    return _parse_edtf(re.sub(r"[?~%]", "", str(parsed)))


def _year_only_qualified(parsed) -> bool:
    # "2024?-02": the month is the source's, the year inferred (an article's "In February").
    return (
        isinstance(parsed, PartialUncertainOrApproximate)
        and bool(parsed.year_ua)
        and not (parsed.month_ua or parsed.day_ua or parsed.year_month_ua or parsed.month_day_ua or parsed.all_ua)
    )


def _display(parsed) -> str:
    if isinstance(parsed, Interval | Level1Interval):
        lower_text = _section(parsed.lower)
        upper_text = _section(parsed.upper)
        if lower_text and upper_text:
            return _("%(start)s to %(end)s") % {"start": lower_text, "end": upper_text}
        if upper_text:
            return _("by %(end)s") % {"end": upper_text}
        if lower_text:
            return _("from %(start)s") % {"start": lower_text}
        return _("date unknown")
    if isinstance(parsed, Season):
        return f"{SEASONS.get(int(parsed.season), '')} {parsed.year}".strip()
    if isinstance(parsed, UncertainOrApproximate):
        inner = _display(parsed.date)
        if parsed.is_uncertain_and_approximate:
            return _("about %(date)s, uncertain") % {"date": inner}
        if parsed.is_uncertain:
            return _("%(date)s, uncertain") % {"date": inner}
        if parsed.is_approximate:
            return _("about %(date)s") % {"date": inner}
        return inner
    if _year_only_qualified(parsed):
        return _("%(date)s, year uncertain") % {"date": _display(_unqualified(parsed))}
    if isinstance(parsed, PartialUncertainOrApproximate):
        return _("%(date)s, uncertain") % {"date": _display(_unqualified(parsed))}
    if isinstance(parsed, Unspecified):
        if str(parsed.month or "").isdigit():
            month = f"{MONTHS[int(parsed.month)]} {parsed.year}"
            return _("some time in %(year)s") % {"year": month}
        return _("some time in %(year)s") % {"year": str(parsed.year).replace("X", "0")}
    if isinstance(parsed, Date):
        year, month, day = parsed.year, parsed.month, parsed.day
        if month and day:
            # The "alternative" month names are the genitive case in Russian ("16 октября").
            return f"{int(day)} {MONTHS_ALT[int(month)]} {year}"
        if month:
            return f"{MONTHS[int(month)]} {year}"
        return str(year)
    return str(parsed)


# --- Russian -----------------------------------------------------------------------
# A Russian date changes with the sentence around it: "декабрь 2022 года" (a label),
# "около декабря 2022 года", "с декабря … по март …", "в декабре 2022 года". Month names
# come from the CLDR data Babel ships (the genitive "format" names and the nominative
# "stand-alone" ones, both lower-case); the prepositional case follows from the
# nominative by the one rule every month obeys (-ь/-й become -е, otherwise -е is added).
NOMINATIVE, GENITIVE, ACCUSATIVE, WHEN = "nominative", "genitive", "accusative", "when"

_RU_GENITIVE_MONTHS = get_month_names("wide", context="format", locale="ru")
_RU_MONTHS = get_month_names("wide", context="stand-alone", locale="ru")


def _ru_prepositional(month: str) -> str:
    return month[:-1] + "е" if month[-1] in "ьй" else month + "е"


# Seasons have no CLDR names; the catalogue gives their forms, one context per case.
_RU_SEASON_CASES = {
    GENITIVE: {
        21: pgettext_lazy("season, genitive case", "spring"),
        22: pgettext_lazy("season, genitive case", "summer"),
        23: pgettext_lazy("season, genitive case", "autumn"),
        24: pgettext_lazy("season, genitive case", "winter"),
    },
    WHEN: {
        21: pgettext_lazy("season, instrumental case", "spring"),
        22: pgettext_lazy("season, instrumental case", "summer"),
        23: pgettext_lazy("season, instrumental case", "autumn"),
        24: pgettext_lazy("season, instrumental case", "winter"),
    },
}


def _ru_season(season: int, case: str) -> str:
    return str(_RU_SEASON_CASES.get(case, SEASONS)[season])


def _ru_year(year, case: str) -> str:
    return {GENITIVE: f"{year} года", WHEN: f"в {year} году"}.get(case, f"{year} год")


def _ru_month(month: int, year, case: str) -> str:
    if case == GENITIVE:
        return f"{_RU_GENITIVE_MONTHS[month]} {year} года"
    if case == WHEN:
        return f"в {_ru_prepositional(_RU_MONTHS[month])} {year} года"
    return f"{_RU_MONTHS[month]} {year} года"


def _ru_interval(lower, upper) -> str:
    """Both ends known: "с 2022 по 2023 год", "с мая по октябрь 2024 года"."""
    if isinstance(lower, Date) and isinstance(upper, Date) and lower.day and upper.day and lower.year == upper.year:
        start = f"{int(lower.day)} {_RU_GENITIVE_MONTHS[int(lower.month)]}"
        return f"с {start} по {int(upper.day)} {_RU_GENITIVE_MONTHS[int(upper.month)]} {upper.year} года"
    if isinstance(lower, Date) and isinstance(upper, Date) and not lower.day and not upper.day:
        if not lower.month and not upper.month:
            return f"с {lower.year} по {upper.year} год"
        if lower.month and upper.month and lower.year == upper.year:
            start, end = _RU_GENITIVE_MONTHS[int(lower.month)], _RU_MONTHS[int(upper.month)]
            return f"с {start} по {end} {upper.year} года"
    return f"с {_russian(lower, GENITIVE)} по {_russian(upper, ACCUSATIVE)}"


def _russian(parsed, case: str) -> str:
    if isinstance(parsed, Interval | Level1Interval):
        lower = None if isinstance(parsed.lower, UnspecifiedIntervalSection) else parsed.lower
        upper = None if isinstance(parsed.upper, UnspecifiedIntervalSection) else parsed.upper
        if lower and upper:
            # "около" cannot follow "с" or "по": an approximate end makes the span approximate.
            approximate = False
            ends = []
            for end in (lower, upper):
                if isinstance(end, UncertainOrApproximate) and end.is_approximate and not end.is_uncertain:
                    approximate, end = True, end.date
                ends.append(end)
            span = _ru_interval(*ends)
            return f"примерно {span}" if approximate else span
        if upper:
            return f"не позднее {_russian(upper, GENITIVE)}"
        if lower:
            return f"не ранее {_russian(lower, GENITIVE)}"
        return _("date unknown")
    if isinstance(parsed, Season):
        return f"{_ru_season(int(parsed.season), case)} {parsed.year} года"
    if isinstance(parsed, UncertainOrApproximate):
        if parsed.is_uncertain_and_approximate:
            return f"предположительно около {_russian(parsed.date, GENITIVE)}"
        if parsed.is_approximate:
            return f"около {_russian(parsed.date, GENITIVE)}"
        if parsed.is_uncertain:
            return f"предположительно {_russian(parsed.date, case)}"
        return _russian(parsed.date, case)
    if _year_only_qualified(parsed):
        return f"{_russian(_unqualified(parsed), case)} (год предположительный)"
    if isinstance(parsed, PartialUncertainOrApproximate):
        return f"предположительно {_russian(_unqualified(parsed), case)}"
    if isinstance(parsed, Unspecified):
        if str(parsed.month or "").isdigit():
            return f"когда-то {_ru_month(int(parsed.month), parsed.year, WHEN)}"
        return f"когда-то в {str(parsed.year).replace('X', '0')} году"
    if isinstance(parsed, Date):
        year, month, day = parsed.year, parsed.month, parsed.day
        if month and day:
            return f"{int(day)} {_RU_GENITIVE_MONTHS[int(month)]} {year} года"
        if month:
            return _ru_month(int(month), year, case)
        return _ru_year(year, case)
    return str(parsed)
