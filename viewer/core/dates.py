"""EDTF dates -> numeric bounds and human wording. Pure: no Qt.

Positions on the calendar axis are *days since 1970-01-01* in the proleptic Gregorian calendar,
as floats, so BCE dates and 10,000-year spans work (Python's ``datetime`` stops at year 1).
Year numbering is astronomical, as in EDTF: year 0 is 1 BCE, year -1 is 2 BCE.

Parsing uses the maintained ``edtf`` library; the common plain forms (``1990``, ``1990-10``,
``1990-10-21`` and intervals of them) take a fast path that gives the same bounds, because
``edtf``'s parser costs ~0.1 ms a call and generated datasets hold a million dates.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.dtypes import StringDType

__all__ = [
    "DateBounds",
    "EdtfError",
    "parse_date",
    "days_from_civil",
    "civil_from_days",
    "iso_from_days",
    "human_date",
    "human_day",
    "MONTH_NAMES",
]

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


class EdtfError(ValueError):
    """A string is not an EDTF date this app can place on a calendar."""


class _NotPlain(Exception):
    """A string looks plain but needs the full parser (e.g. a season, ``1990-21``)."""


@dataclass(frozen=True, slots=True)
class DateBounds:
    """Where a calendar event may lie, in days since 1970-01-01 (end bounds exclusive).

    A single date is a point somewhere in [start_earliest, end_latest]; an interval runs from
    its start part to its end part. Open ends (``..``) are ``-inf``/``+inf``.
    """

    edtf: str
    """The EDTF string as written in the dataset."""
    start_earliest: float
    """Earliest the event (or interval) can have started, widened for ``~``/``?``."""
    start_latest: float
    """Latest it can have started."""
    end_earliest: float
    """Earliest it can have ended."""
    end_latest: float
    """Latest it can have ended (exclusive: the day after the last day)."""
    core_start: float
    """Start of what the date states without the ``~``/``?`` widening."""
    core_end: float
    """End (exclusive) of what the date states without widening."""
    is_interval: bool
    """True for ``A/B`` forms: drawn as a bar, not a marker."""
    approximate: bool
    """Some part is marked ``~`` or ``%``."""
    uncertain: bool
    """Some part is marked ``?`` or ``%``."""
    precision: str
    """Finest stated unit: ``day``, ``month``, ``season``, ``year``, ``decade``, ``century``…"""

    @property
    def open_start(self) -> bool:
        return math.isinf(self.start_earliest)

    @property
    def open_end(self) -> bool:
        return math.isinf(self.end_latest)

    @property
    def position(self) -> float:
        """Where a point is drawn: the middle of its stated range."""
        if self.is_interval:
            return self.core_start if not math.isinf(self.core_start) else self.core_end
        return (self.core_start + self.core_end) / 2

    @property
    def sort_key(self) -> float:
        """Start used for ordering: the stated start, or the end for an open start."""
        return self.position if not self.is_interval else (
            self.core_start if not math.isinf(self.core_start) else self.core_end
        )


# ---------------------------------------------------------------------------------------------
# Proleptic Gregorian arithmetic (H. Hinnant's days_from_civil; valid for any integer year).


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 for a proleptic Gregorian date (astronomical year numbering)."""
    year -= month <= 2
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(days: int) -> tuple[int, int, int]:
    """Inverse of :func:`days_from_civil`: (year, month, day)."""
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return (y + (m <= 2), m, d)


def days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return days_from_civil(year, month + 1, 1) - days_from_civil(year, month, 1)


def iso_from_days(days: float) -> str | None:
    """ISO 8601 day for a numeric position (``None`` for an open end). Years outside 0..9999 get
    a sign and at least four digits, as EDTF writes them."""
    if math.isinf(days) or math.isnan(days):
        return None
    y, m, d = civil_from_days(math.floor(days))
    year = f"{y:04d}" if 0 <= y <= 9999 else f"{y:+05d}"
    return f"{year}-{m:02d}-{d:02d}"


# ---------------------------------------------------------------------------------------------
# Parsing

_PLAIN = re.compile(r"(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_PLAIN_DATE = re.compile(rf"^{_PLAIN.pattern}$")
_PLAIN_INTERVAL = re.compile(rf"^{_PLAIN.pattern}/{_PLAIN.pattern}$")
_FULL_DAY = re.compile(r"(?<![\d-])(-?\d{4})-(\d{2})-(\d{2})")
MAX_EDTF_LENGTH = 64


def _plain_range(y: str, m: str | None, d: str | None, text: str) -> tuple[float, float, str]:
    """Stated [start, end) of a plain date, and its precision; raises on impossible dates."""
    year = int(y)
    if m is None:
        return days_from_civil(year, 1, 1), days_from_civil(year + 1, 1, 1), "year"
    month = int(m)
    if 21 <= month <= 24 and d is None:  # an EDTF season: spring, summer, autumn (northern), winter
        first = 3 * (month - 20)  # March, June, September, December
        start = days_from_civil(year, first, 1)
        end = days_from_civil(year + 1, 3, 1) if month == 24 else days_from_civil(year, first + 3, 1)
        return start, end, "season"
    if not 1 <= month <= 12:
        raise EdtfError(f"{text!r} is not an EDTF date (month {month} does not exist)")
    if d is None:
        start = days_from_civil(year, month, 1)
        return start, start + days_in_month(year, month), "month"
    day = int(d)
    if not 1 <= day <= days_in_month(year, month):
        raise EdtfError(f"{text!r} is not an EDTF date ({year}-{month:02d} has no day {day})")
    start = days_from_civil(year, month, day)
    return start, start + 1, "day"


def _finer(a: str, b: str) -> str:
    order = ["day", "month", "season", "year", "decade", "century", "millennium", "open"]
    return a if order.index(a) <= order.index(b) else b


def parse_date(text: str, remember: bool = True) -> DateBounds:
    """Parse an EDTF date or interval into :class:`DateBounds`; raises :class:`EdtfError`.

    Results are cached; ``remember=False`` skips the cache (a bulk load parses each distinct
    date once anyway, and cached objects made amid a million others keep their memory pinned)."""
    if not isinstance(text, str):
        raise EdtfError(f"{text!r} is not an EDTF date (expected a string such as '1990-10-21')")
    if len(text) > MAX_EDTF_LENGTH:
        raise EdtfError(f"EDTF date is {len(text)} characters long; at most {MAX_EDTF_LENGTH}")
    return _parse_cached(text.strip()) if remember else _parse_cached.__wrapped__(text.strip())


NOT_PLAIN, PLAIN_DATE, PLAIN_INTERVAL = 0, 1, 2
_PLAIN_EITHER = re.compile(rf"^{_PLAIN.pattern}(?:/{_PLAIN.pattern})?$")
_MISSING = "-99999"
"""Stands for an absent month, day or second part (no 4-digit year can be it)."""


def plain_ranges(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(kind, start, end) of many dates at once, for the commonest forms: plain dates
    (``1990``, ``1990-10``, ``1990-10-21``) and plain intervals (``1989/1993-05``).

    ``start`` and ``end`` are the stated range in days (end exclusive; an interval runs from its
    first part's start to its second part's end), exactly as :func:`parse_date` gives them.
    ``kind`` is NOT_PLAIN for anything else (seasons, qualifiers, invalid dates, …): those need
    :func:`parse_date`, one at a time. Loading a million events meets ~200,000 distinct dates,
    which cost ~2 s one by one and ~0.2 s this way.
    """
    if len(texts) <= _PLAIN_BATCH:
        return _plain_ranges(texts)
    # in batches: each date's match objects cost ~500 bytes while it is worked out
    batches = [_plain_ranges(texts[i:i + _PLAIN_BATCH]) for i in range(0, len(texts), _PLAIN_BATCH)]
    kind, start, end = (np.concatenate(column) for column in zip(*batches))
    return kind, start, end


_PLAIN_BATCH = 16_384


def _plain_ranges(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(texts)
    kind = np.zeros(n, dtype=np.int8)
    start = np.full(n, math.nan)
    end = np.full(n, math.nan)
    matches = [_PLAIN_EITHER.match(t) for t in texts]
    found = [i for i, m in enumerate(matches) if m is not None]
    if not found:
        return kind, start, end
    parts = np.array([matches[i].groups(_MISSING) for i in found], dtype=StringDType()).astype(np.int64)
    a_lo, a_hi, a_ok = _stated_ranges(parts[:, 0], parts[:, 1], parts[:, 2])
    two = parts[:, 3] != int(_MISSING)
    b_lo, b_hi, b_ok = _stated_ranges(np.where(two, parts[:, 3], 2000), np.where(two, parts[:, 4], -99999),
                                      np.where(two, parts[:, 5], -99999))
    ok = a_ok & (~two | (b_ok & (a_lo < b_hi)))
    rows = np.asarray(found)[ok]
    kind[rows] = np.where(two[ok], PLAIN_INTERVAL, PLAIN_DATE)
    start[rows] = a_lo[ok]
    end[rows] = np.where(two, b_hi, a_hi)[ok]
    return kind, start, end


def _stated_ranges(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """[start, end) in days of plain dates given as columns (-99999: no month / no day), and
    which are valid (months 1–12, days that exist; seasons are left to parse_date)."""
    missing = int(_MISSING)
    has_month, has_day = month != missing, day != missing
    m = np.where(has_month, month, 1)
    d = np.where(has_day, day, 1)
    valid_month = (m >= 1) & (m <= 12)
    m = np.where(valid_month, m, 1)
    month_start = _days_from_civil(year, m, np.ones_like(m))
    next_month = _days_from_civil(year + (m == 12), m % 12 + 1, np.ones_like(m))
    lo = month_start + np.where(has_day, d - 1, 0)
    hi = np.where(has_day, lo + 1, np.where(has_month, next_month, _days_from_civil(year + 1, np.ones_like(m), np.ones_like(m))))
    lo = np.where(has_month, lo, _days_from_civil(year, np.ones_like(m), np.ones_like(m)))
    valid = valid_month & (~has_day | ((d >= 1) & (d <= next_month - month_start))) & (has_month | ~has_day)
    return lo.astype(np.float64), hi.astype(np.float64), valid


def _days_from_civil(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """:func:`days_from_civil` on numpy columns."""
    year = year - (month <= 2)
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


@lru_cache(maxsize=65536)
def _parse_cached(text: str) -> DateBounds:
    try:
        if match := _PLAIN_DATE.match(text):
            lo, hi, precision = _plain_range(*match.groups(), text)
            return DateBounds(text, lo, hi, lo, hi, lo, hi, False, False, False, precision)
        if match := _PLAIN_INTERVAL.match(text):
            g = match.groups()
            a_lo, a_hi, pa = _plain_range(*g[:3], text)
            b_lo, b_hi, pb = _plain_range(*g[3:], text)
            _check_order(text, a_lo, b_hi)
            return DateBounds(text, a_lo, a_hi, b_lo, b_hi, a_lo, b_hi, True, False, False, _finer(pa, pb))
    except _NotPlain:
        pass
    if quick := _parse_qualified(text):
        return quick
    if quick := _parse_set(text):
        return quick
    return _parse_with_edtf(text)


_ONE_OF = re.compile(rf"^\[({_PLAIN.pattern})\.\.({_PLAIN.pattern})\]$")
_ONE_OF_LIST = re.compile(rf"^\[{_PLAIN.pattern}(?:,{_PLAIN.pattern})+\]$")


def _parse_set(text: str) -> DateBounds | None:
    """Fast path for EDTF 'one of a set' of plain dates: ``[1973..2021]``, ``[1986-06,1987]``.
    The event happened at one of them: a point somewhere between the first start and the last end."""
    if match := _ONE_OF.match(text):
        a_lo, _, pa = _plain_range(*match.groups()[1:4], text)
        _, b_hi, pb = _plain_range(*match.groups()[5:8], text)
        _check_order(text, a_lo, b_hi)
        return DateBounds(text, a_lo, b_hi, a_lo, b_hi, a_lo, b_hi, False, False, False, _finer(pa, pb))
    if _ONE_OF_LIST.match(text):
        ranges = [_plain_range(*m.groups(), text) for m in _PLAIN.finditer(text[1:-1])]
        lo = min(r[0] for r in ranges)
        hi = max(r[1] for r in ranges)
        precision = ranges[0][2]
        for r in ranges[1:]:
            precision = _finer(precision, r[2])
        return DateBounds(text, lo, hi, lo, hi, lo, hi, False, False, False, precision)
    return None


_QUALIFIED_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%]?)$|^(\d{3})X([~?%]?)$")
_MULTIPLIER = {"": 0, "~": 1, "?": 1, "%": 2}


def _parse_qualified(text: str) -> DateBounds | None:
    """Fast path for level-1 qualified dates (``1990~``, ``1990-05?``, ``199X``, ``1989~/1993~``):
    the same bounds as ``edtf`` (its default paddings: a qualified date widens by one of each unit
    it states, twice for ``%``; a decade by ten years), without its ~1 ms parser. Anything else,
    or anything it would refuse, returns None and goes to ``edtf`` (which words the error)."""
    parts = text.split("/")
    if len(parts) > 2:
        return None
    bounds = []
    for part in parts:
        match = _QUALIFIED_PART.match(part)
        if match is None:
            return None
        y, m, d, q, decade, dq = match.groups()
        try:
            if decade is not None:  # edtf takes '199X' alone, not as an interval's end
                year = int(decade) * 10
                if len(parts) > 1 or not 10 <= year <= 9980:
                    return None
                core_lo, core_hi = float(days_from_civil(year, 1, 1)), float(days_from_civil(year + 10, 1, 1))
                pad = 10 * _MULTIPLIER[dq]
                lo = float(days_from_civil(year - pad, 1, 1))
                hi = float(days_from_civil(year + 10 + pad, 1, 1))
                bounds.append((lo, hi, core_lo, core_hi, "decade"))
                continue
            year = int(y)
            # near year 0 and 9999 edtf clamps its padded bounds; leave those rare dates to it
            if not 10 <= year <= 9980 or (m is not None and int(m) > 12):
                return None  # seasons with qualifiers are left to edtf
            core_lo, core_hi, precision = _plain_range(y, m, d, part)
            core_lo, core_hi = float(core_lo), float(core_hi)
        except (_NotPlain, EdtfError):
            return None
        k = _MULTIPLIER[q]
        months = k * 12 + (k if m is not None else 0)
        days = k if d is not None else 0
        first = civil_from_days(int(core_lo))
        last = civil_from_days(int(core_hi) - 1)
        bounds.append((_shift(first, -months, -days), _shift(last, months, days) + 1, core_lo, core_hi, precision))
    approximate = "~" in text or "%" in text
    uncertain = "?" in text or "%" in text
    if len(bounds) == 1:
        lo, hi, core_lo, core_hi, precision = bounds[0]
        return DateBounds(text, lo, hi, lo, hi, core_lo, core_hi, False, approximate, uncertain, precision)
    a, b = bounds
    try:
        _check_order(text, a[2], b[3])
    except EdtfError:
        return None
    return DateBounds(text, a[0], a[1], b[0], b[1], a[2], b[3], True, approximate, uncertain, _finer(a[4], b[4]))


def _shift(date: tuple[int, int, int], months: int, days: int) -> float:
    """``date + relativedelta(months=months, days=days)`` in days since 1970 (day clamped to the month)."""
    y, m, d = date
    total = y * 12 + (m - 1) + months
    year, month = divmod(total, 12)
    return float(days_from_civil(year, month + 1, min(d, days_in_month(year, month + 1))) + days)


def _check_order(text: str, start: float, end: float) -> None:
    # ``end`` is exclusive (the day after the last day), so end == start already means the
    # interval's last day is before its first: '1990/1989-12-31' must be refused.
    if start >= end:
        raise EdtfError(f"{text!r} is not a valid interval (it ends before it starts)")


def _parse_with_edtf(text: str) -> DateBounds:
    import edtf  # imported lazily: its parser grammar takes ~0.15 s to build

    for y, m, d in _FULL_DAY.findall(text):  # edtf accepts 2001-02-29; we do not
        _plain_range(y, m, d, text)
    try:
        parsed = edtf.parse_edtf(text)
    except Exception as exc:  # edtf raises its own EDTFParseException and, on odd input, others
        raise EdtfError(f"{text!r} is not an EDTF date") from exc
    approximate = "~" in text or "%" in text
    uncertain = "?" in text or "%" in text
    try:
        if hasattr(parsed, "lower") and hasattr(parsed, "upper"):
            a = _part_bounds(parsed.lower, open_value=-math.inf)
            b = _part_bounds(parsed.upper, open_value=math.inf)
            if a is None and b is None:
                raise EdtfError(f"{text!r} is not a usable interval (both ends are open)")
            if a is None:  # '../1990' or '/1990'
                a = (-math.inf, -math.inf, -math.inf, -math.inf, "open")
            if b is None:  # '1993/..' or '1993/'
                b = (math.inf, math.inf, math.inf, math.inf, "open")
            _check_order(text, a[2], b[3])
            return DateBounds(text, a[0], a[1], b[0], b[1], a[2], b[3], True,
                              approximate, uncertain, _finer(a[4], b[4]))
        part = _part_bounds(parsed, open_value=math.nan)
        if part is None:
            raise EdtfError(f"{text!r} is not an EDTF date")
        lo, hi, core_lo, core_hi, precision = part
        return DateBounds(text, lo, hi, lo, hi, core_lo, core_hi, False, approximate, uncertain, precision)
    except EdtfError:
        raise
    except Exception as exc:  # an edtf object we cannot turn into bounds (e.g. a bare time)
        raise EdtfError(f"{text!r} is not an EDTF date this app can place on a calendar") from exc


def _struct_days(value: object, *, end: bool) -> float:
    if isinstance(value, float):  # edtf gives +-inf for open ends
        return value
    days = days_from_civil(value.tm_year, value.tm_mon, value.tm_mday)  # type: ignore[attr-defined]
    return float(days + 1 if end else days)


def _part_bounds(part: object, open_value: float) -> tuple[float, float, float, float, str] | None:
    """(fuzzy lo, fuzzy hi, strict lo, strict hi, precision) of one date, None for an open end."""
    name = type(part).__name__
    if name == "UnspecifiedIntervalSection":
        return None
    lo = _struct_days(part.lower_fuzzy(), end=False)  # type: ignore[attr-defined]
    hi = _struct_days(part.upper_fuzzy(), end=True)  # type: ignore[attr-defined]
    core_lo = _struct_days(part.lower_strict(), end=False)  # type: ignore[attr-defined]
    core_hi = _struct_days(part.upper_strict(), end=True)  # type: ignore[attr-defined]
    precision = _precision_of(part, core_hi - core_lo)
    return lo, hi, core_lo, core_hi, precision


def _precision_of(part: object, span_days: float) -> str:
    precision = getattr(part, "precision", None)
    if isinstance(precision, str):
        return precision
    if span_days <= 1:
        return "day"
    if span_days <= 31:
        return "month"
    if span_days <= 92:
        return "season"
    if span_days <= 366:
        return "year"
    if span_days <= 3653:
        return "decade"
    return "century"


# ---------------------------------------------------------------------------------------------
# Wording


def _year_words(year: int) -> str:
    return f"{year}" if year > 0 else f"{1 - year} BCE"


def human_day(days: float) -> str:
    """'21 October 1990' for a numeric position."""
    y, m, d = civil_from_days(math.floor(days))
    return f"{d} {MONTH_NAMES[m - 1]} {_year_words(y)}"


_DECADE = re.compile(r"^(-?\d{3})X$")
_CENTURY = re.compile(r"^(-?\d{2})XX$")
_LONG_YEAR = re.compile(r"^Y(-?\d+)$")
_SEASONS = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}


def _single_words(text: str) -> str:
    """Words for one EDTF date without qualifiers: '21 October 1990', 'October 1990', '1990s'."""
    core = text.rstrip("~?%")
    if m := _PLAIN_DATE.match(core):
        y, mo, d = m.groups()
        year = _year_words(int(y))
        if mo is None:
            return year
        if int(mo) in _SEASONS and d is None:
            return f"{_SEASONS[int(mo)]} {year}"
        if d is None:
            return f"{MONTH_NAMES[int(mo) - 1]} {year}"
        return f"{int(d)} {MONTH_NAMES[int(mo) - 1]} {year}"
    if m := _LONG_YEAR.match(core):
        return _year_words(int(m.group(1)))
    if m := _DECADE.match(core):
        return f"the {m.group(1)}0s"
    if m := _CENTURY.match(core):
        return f"the {m.group(1)}00s"
    return core


def _has_words(text: str) -> bool:
    """Whether :func:`_single_words` turns this date into words (not the raw EDTF)."""
    core = text.rstrip("~?%")
    return any(p.match(core) for p in (_PLAIN_DATE, _LONG_YEAR, _DECADE, _CENTURY))


_ONE_OF_RANGE = re.compile(r"^\[(.+)\.\.(.+)\]$")


def human_date(bounds: DateBounds) -> str:
    """The date in words with its real precision: '21 October 1990', 'about 1989–1993',
    'the 1990s', '1993 onwards', '1990 (uncertain)'."""
    text = bounds.edtf
    if m := _ONE_OF_RANGE.match(text):  # EDTF 'one of a set' range: [1973..2021]
        return f"some time between {_qualified(m.group(1))} and {_qualified(m.group(2))}"
    if text.startswith("[") and text.endswith("]") and "," in text:
        choices = [_qualified(part.strip()) for part in text[1:-1].split(",")]
        return "either " + " or ".join(choices) if len(choices) == 2 else "one of " + ", ".join(choices)
    if bounds.is_interval and "/" in text:
        left, right = text.split("/", 1)
        if left in ("", ".."):
            return f"until {_qualified(right)}"
        if right in ("", ".."):
            return f"{_qualified(left)} onwards" if right == ".." else f"from {_qualified(left)} (end unknown)"
        # 'about 1989–1993' when both ends are approximate in the same way
        if left.endswith("~") and right.endswith("~"):
            return f"about {_single_words(left)}–{_single_words(right)}"
        return f"{_qualified(left)}–{_qualified(right)}"
    return _qualified(text)


def _qualified(text: str) -> str:
    words = _single_words(text)
    if not _has_words(text):
        return words
    if text.endswith("%"):
        return f"about {words} (uncertain)"
    if text.endswith("~"):
        return f"about {words}"
    if text.endswith("?"):
        return f"{words} (uncertain)"
    return words
