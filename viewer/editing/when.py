"""EDTF for people who do not know it: a date built from a precision, a start, an optional end and
"about" / "not sure", and any date previewed in words with the span it allows. Pure: no Qt."""

from __future__ import annotations

import math
from dataclasses import dataclass

from viewer.core.dates import MONTH_NAMES, EdtfError, civil_from_days, human_date, parse_date, year_in_words

PRECISIONS = ("day", "month", "year", "decade")


@dataclass(frozen=True)
class Day:
    """A calendar day as the form's date fields give it."""

    year: int
    month: int = 1
    day: int = 1


def build_edtf(precision: str, start: Day, end: Day | None = None, approximate: bool = False,
               uncertain: bool = False, open_end: bool = False) -> str:
    """The EDTF date for these choices: ``1990``, ``1990-10~``, ``1989~/1993~``, ``1993/..``.

    ``end`` (or ``open_end``) makes an interval; "about" and "not sure" qualify each part."""
    mark = "%" if approximate and uncertain else "~" if approximate else "?" if uncertain else ""
    first = _part(precision, start) + mark
    if open_end:
        return f"{first}/.."
    if end is None:
        return first
    return f"{first}/{_part(precision, end)}{mark}"


def _part(precision: str, day: Day) -> str:
    year = f"{day.year:04d}" if day.year >= 0 else f"-{-day.year:04d}"
    if precision == "decade":
        if day.year < 0:
            raise EdtfError("a decade before year 0 cannot be written; give the year")
        return f"{day.year // 10:03d}X"
    if precision == "year":
        return year
    if precision == "month":
        return f"{year}-{day.month:02d}"
    return f"{year}-{day.month:02d}-{day.day:02d}"


def describe_when(text: str) -> str:
    """How a date reads, and the span it allows: ``about 1990 — 1989 to 1991``.

    Raises :class:`EdtfError` (whose message says what is wrong) for a text that is not one."""
    bounds = parse_date(text.strip(), remember=False)
    words = human_date(bounds)
    unit = "day" if bounds.precision == "day" else "month" if bounds.precision in ("month", "season") else "year"
    first = _day_words(bounds.start_earliest, unit)
    last = _day_words(bounds.end_latest - 1, unit)
    if first is None or last is None:
        span = f"from {first}, open-ended" if first else f"up to {last}" if last else "open at both ends"
    else:
        span = first if first == last else f"{first} to {last}"
    return words if span == words else f"{words} — {span}"


def _day_words(days: float, unit: str) -> str | None:
    if math.isinf(days):
        return None
    year, month, day = civil_from_days(int(days))
    year_text = year_in_words(year)
    if unit == "year":
        return year_text
    if unit == "month":
        return f"{MONTH_NAMES[month - 1]} {year_text}"
    return f"{day} {MONTH_NAMES[month - 1]} {year_text}"
