"""Ranges of the two axes as people write them ("1989/1993", episodes "3/5") and in words.

A calendar range is (lo, hi) in days since 1970 with ``hi`` exclusive; a narrative range is on the
episode axis, where episode k spans [k - 1, k). Used by the export command line and dialog."""

from __future__ import annotations

import math

from viewer.core.dates import MONTH_NAMES, EdtfError, civil_from_days, iso_from_days, parse_date, year_in_words
from viewer.core.model import Dataset


class RangeError(ValueError):
    """A range the user typed that names no range: the message says what was expected."""


def parse_range(text: str) -> tuple[float, float]:
    """Calendar range 'START/END' (ISO dates or EDTF, e.g. ``1989/1993``, ``1990-10-01/1990-11-30``)
    or one EDTF date (``1990``) -> (lo, hi) in days since 1970, from the date's bounds."""
    try:
        bounds = parse_date(text.strip())
    except EdtfError as exc:
        raise RangeError(f"range {text!r} is not START/END as ISO or EDTF dates: {exc}") from None
    lo, hi = bounds.start_earliest, bounds.end_latest
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise RangeError(f"range {text!r} is open-ended; give both a start and an end")
    if hi <= lo:
        raise RangeError(f"range {text!r} is empty")
    return float(lo), float(hi)


def parse_episodes(text: str) -> tuple[float, float]:
    """Narrative range 'A/B' in episodes, both included (``3/5``), or one episode (``4``) ->
    (lo, hi) on the narrative axis, where episode k spans [k - 1, k)."""
    parts = text.strip().split("/")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        numbers = []
    if len(numbers) not in (1, 2):
        raise RangeError(f"episodes {text!r} is not FIRST/LAST as episode numbers, e.g. 3/5")
    first, last = numbers[0], numbers[-1]
    if first < 1 or last < first:
        raise RangeError(f"episodes {text!r}: give episode numbers from 1 up, the first not after the last")
    return float(first - 1), float(last)


def episode_count(dataset: Dataset) -> int:
    """The last episode the dataset mentions (0 when it has no plot points or episodes)."""
    numbers = [e.number for e in dataset.episodes]
    return max(numbers + [dataset.last_episode_mentioned()])


def describe_days(lo: float, hi: float) -> str:
    """A calendar range in words, its end included: whole years as '1988–1996' (or '1990'), whole
    months as '1990-10 to 1990-11', else first and last day ('1990-10-03 to 1990-11-29').
    ``hi`` is exclusive, as ranges are kept (1988/1996 is 1988-01-01 up to 1997-01-01)."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return f"{iso_from_days(lo) or '..'} to {iso_from_days(hi) or '..'}"
    first = math.floor(lo)
    last = max(math.ceil(hi) - 1, first)
    (y0, m0, d0), (y1, m1, d1) = civil_from_days(first), civil_from_days(last)
    month_end = civil_from_days(last + 1)[2] == 1
    if (m0, d0) == (1, 1) and (m1, d1) == (12, 31):
        return _years(y0, y1)
    if d0 == 1 and month_end:
        return _months(y0, m0, y1, m1)
    if first == last:
        return iso_from_days(first) or ""
    return f"{iso_from_days(first)} to {iso_from_days(last)}"


def describe_view_days(lo: float, hi: float) -> str:
    """A view's calendar range (where a zoom or pan left it, margins and all) in words, as
    precise as its span deserves: the years it reaches into over three years or more ('1967–2030'),
    the months over three months or more, else the days (see :func:`describe_days`)."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi - lo < 90:
        return describe_days(lo, hi)
    (y0, m0, _), (y1, m1, _) = civil_from_days(math.floor(lo)), civil_from_days(max(math.ceil(hi) - 1, math.floor(lo)))
    if hi - lo >= 3 * 365:
        return _years(y0, y1)
    return _months(y0, m0, y1, m1)


def _years(first: int, last: int) -> str:
    """'1988–1996', '1990', '169 BCE–2080' (years are astronomical: 0 is 1 BCE)."""
    return year_in_words(first) if first == last else f"{year_in_words(first)}–{year_in_words(last)}"


def _months(y0: int, m0: int, y1: int, m1: int) -> str:
    """'1990-10 to 1990-11', '1990-10'; a month before year 1 in words ('March 44 BCE'), where
    the ISO form would be an astronomical year few readers know."""
    def month(year: int, number: int) -> str:
        return f"{year:04d}-{number:02d}" if year > 0 else f"{MONTH_NAMES[number - 1]} {year_in_words(year)}"

    return month(y0, m0) if (y0, m0) == (y1, m1) else f"{month(y0, m0)} to {month(y1, m1)}"


def describe_episodes(lo: float, hi: float, count: int) -> str:
    """A narrative range in words: the episodes it reaches into ('episodes 3–5', 'episode 4')."""
    first = max(math.floor(lo) + 1, 1)
    last = min(max(math.ceil(hi), first), max(count, first))
    return f"episode {first}" if first == last else f"episodes {first}–{last}"
