"""What people type into Go to date ("21 Oct 1990", "October 1990", "1990s", "circa 1990",
"2021-08-06") -> a range on the calendar axis, or a message saying what is wrong. Pure: no Qt.

Read in this order: EDTF as datasets write it (``viewer.core.dates``); years before the common era
("44 BC"); approximate and natural-language dates ("circa 1990", "spring 1990", "the 1990s",
"19th century") with the ``edtf`` library's natural-language reader; ordinary dates with
python-dateutil's parser, keeping the precision typed ("October 1990" is the month, not its first
day); and python-dateutil's relativedelta for the calendar arithmetic of a day, month or year.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
from dataclasses import dataclass
from datetime import datetime

from viewer.core.dates import MONTH_NAMES, DateBounds, EdtfError, days_from_civil, human_date, parse_date

__all__ = ["GotoError", "GotoTarget", "parse_typed_date", "EXAMPLES"]

EXAMPLES = "21 Oct 1990, October 1990, 1990s, circa 1990, spring 1990, 44 BC or 2021-08-06"
MAX_TYPED = 100


class GotoError(ValueError):
    """What was typed is not a date this can place; the message says why, for the box to show."""


@dataclass(frozen=True, slots=True)
class GotoTarget:
    """Where to go: [lo, hi) in days since 1970-01-01, and what was understood, in words."""

    lo: float
    hi: float
    words: str
    edtf: str
    """The same date in EDTF, as a dataset would write it."""

    @property
    def centre(self) -> float:
        return (self.lo + self.hi) / 2


# two defaults that differ in every field: whatever dateutil fills in from them was not typed
_DEFAULT_A = datetime(1204, 1, 1)
_DEFAULT_B = datetime(5678, 10, 10)
_APPROXIMATE = re.compile(r"\b(circa|ca\.?|c\.|about|around|approx\.?|approximately|roughly|possibly|maybe|"
                          r"perhaps|probably|spring|summer|autumn|fall|winter|century|centuries|early|mid|late)\b"
                          r"|\d0s\b|^~|\?$", re.IGNORECASE)
_BCE = re.compile(r"^(?P<before>.*?)\b(?P<year>\d{1,9})\s*(?P<era>b\.?\s?c\.?(?:e\.?)?|bce)$", re.IGNORECASE)
_APPROXIMATE_ONLY = re.compile(r"^(circa|ca\.?|c\.|about|around|approx\.?|approximately|roughly)$", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(today|yesterday|tomorrow|now|next|last|this|ago|recently|soon)\b", re.IGNORECASE)
_MONTH_WORDS = {name.lower()[:3]: i for i, name in enumerate(MONTH_NAMES, start=1)}


def parse_typed_date(typed: str) -> GotoTarget:
    """The range ``typed`` names; :class:`GotoError` with a message for the box otherwise."""
    text = " ".join(typed.split())
    if not text:
        raise GotoError(f"Type a date, e.g. {EXAMPLES}.")
    if len(text) > MAX_TYPED:
        raise GotoError(f"That is {len(text)} characters long; a date needs fewer than {MAX_TYPED}.")
    try:
        return _from_bounds(parse_date(text))  # EDTF, as datasets write it: '2021-08-06', '199X', '1990~'
    except EdtfError:
        pass
    if match := _BCE.match(text):
        return _before_common_era(match, text)
    if _RELATIVE.search(text):
        raise GotoError(f"{text!r} depends on today's date; type the date itself, e.g. {EXAMPLES}.")
    if _APPROXIMATE.search(text) and (found := _natural(text)) is not None:
        return found
    found = _ordinary(text)
    if found is not None:
        return found
    if (found := _natural(text)) is not None:
        return found
    raise GotoError(f"{text!r} is not a date Factline can read; try {EXAMPLES}.")


def _from_bounds(bounds: DateBounds) -> GotoTarget:
    """The part of the calendar a date covers, its widening included ('circa 1990': 1989–1991);
    an open interval is taken at its known end."""
    lo, hi = bounds.start_earliest, bounds.end_latest
    if not math.isfinite(lo) and not math.isfinite(hi):
        raise GotoError("That date is open at both ends; give at least one of them.")
    if not math.isfinite(lo):
        lo = bounds.end_earliest
    if not math.isfinite(hi):
        hi = bounds.start_latest
    return GotoTarget(float(lo), float(hi), human_date(bounds), bounds.edtf)


def _before_common_era(match: re.Match[str], text: str) -> GotoTarget:
    """'44 BC', 'c. 44 BCE': EDTF numbers years astronomically, so 44 BC is year -43."""
    year = 1 - int(match.group("year"))
    if year > 0:
        raise GotoError("There is no year 0 BC: 1 BC is followed by AD 1.")
    before = match.group("before").strip()
    edtf = f"-{-year:04d}" if year < 0 else "0000"
    if before and not _APPROXIMATE_ONLY.match(before):
        raise GotoError(f"For a date before the common era, type only the year ('44 BC', 'circa 44 BC'), "
                        f"or EDTF ('{edtf}-03-15' for 15 March 44 BC).")
    return _from_bounds(parse_date(edtf + ("~" if before else "")))


def _natural(text: str) -> GotoTarget | None:
    """The ``edtf`` library's natural-language reading ('circa 1990' -> '1990~'), or None."""
    from edtf import text_to_edtf

    quiet = io.StringIO()  # the library prints to stdout, and logs, on some inputs
    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        try:
            edtf = text_to_edtf(text)
        except Exception:  # its reader raises whatever its helpers raise on odd input
            return None
    if not edtf:
        return None
    if edtf.lstrip("~?%").startswith("XXXX"):
        raise GotoError(f"Which year? Type it too, e.g. '{text} 1990'.")
    try:
        return _from_bounds(parse_date(edtf))
    except EdtfError:
        return None


def _ordinary(text: str) -> GotoTarget | None:
    """An ordinary date read by python-dateutil, at the precision typed; None if it reads none."""
    from dateutil.parser import ParserError, parse
    from dateutil.relativedelta import relativedelta

    try:
        a = parse(text, default=_DEFAULT_A)
        b = parse(text, default=_DEFAULT_B)
    except ParserError as exc:
        if "out of range" in str(exc):
            raise GotoError(_no_such_day(text)) from None
        return None
    except (ValueError, OverflowError):
        return None
    has_year, has_month, has_day = a.year == b.year, a.month == b.month, a.day == b.day
    if not has_year:
        raise GotoError(f"Which year? Type it too, e.g. '{text} 1990'.")
    if has_day and not has_month:
        raise GotoError(f"Which month? Type it too, e.g. '21 October {a.year}'.")
    start = a.replace(month=a.month if has_month else 1, day=a.day if has_day else 1, hour=0, minute=0,
                      second=0, microsecond=0, tzinfo=None)
    step = relativedelta(days=1) if has_day else relativedelta(months=1) if has_month else relativedelta(years=1)
    end = start + step
    lo = days_from_civil(start.year, start.month, start.day)
    hi = lo + (end - start).days
    edtf = f"{start.year:04d}" + (f"-{start.month:02d}" if has_month else "") + (f"-{start.day:02d}" if has_day else "")
    return GotoTarget(float(lo), float(hi), human_date(parse_date(edtf)), edtf)


def _no_such_day(text: str) -> str:
    """'There is no 31 February.' for '31 Feb', from the day, month and year named in it."""
    day = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", text)
    year = re.search(r"\b(\d{3,4})\b", text)
    month = next((number for word in re.findall(r"[A-Za-z]+", text)
                  if (number := _MONTH_WORDS.get(word.lower()[:3])) is not None), None)
    if not (day and month):
        return f"{text!r} names a day its month does not have."
    name, number = MONTH_NAMES[month - 1], int(day.group(1))
    if month == 2 and number == 29 and year:
        return f"There is no 29 February {int(year.group(1))}: {int(year.group(1))} is not a leap year."
    limit = "28 or 29" if month == 2 else days_from_civil(2001 + (month == 12), month % 12 + 1, 1) - days_from_civil(2001, month, 1)
    return f"There is no {number} {name}: {name} has {limit} days."
