"""EDTF dates -> numeric bounds and human wording. Pure: no Qt.

Positions on the calendar axis are *days since 1970-01-01* in the proleptic Gregorian calendar,
as floats, so BCE dates and 10,000-year spans work (Python's ``datetime`` stops at year 1).
Year numbering is astronomical, as in EDTF: year 0 is 1 BCE, year -1 is 2 BCE.

Every form of EDTF levels 0, 1 and 2 (2019 specification) is parsed here, with the bounds
docs/dataset-format.md documents for each (see :func:`_parse_general` for why not with the
``edtf`` library). The commonest forms (``1990``, ``1990-10``, ``1990-10-21`` and intervals of
them, and of them qualified as a whole: ``1990-10-21~``) also take a vectorised path,
:mod:`viewer.core.plain_dates`, for files of a million events.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from typing import Iterator

from viewer.core.plain_dates import NOT_PLAIN, PLAIN_DATE, PLAIN_INTERVAL, plain_bounds, plain_ranges

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
    "GROUPINGS",
    "NOT_PLAIN",
    "PLAIN_DATE",
    "PLAIN_INTERVAL",
    "plain_bounds",
    "plain_ranges",
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
MAX_EDTF_LENGTH = 64


def _plain_range(y: str, m: str | None, d: str | None, text: str) -> tuple[float, float, str]:
    """Stated [start, end) of a plain date, and its precision; raises on impossible dates."""
    year = int(y)
    if m is None:
        return days_from_civil(year, 1, 1), days_from_civil(year + 1, 1, 1), "year"
    month = int(m)
    if not 1 <= month <= 12:
        raise _NotPlain  # a season or quarter (21–41), or a month the general parser words the error for
    if d is None:
        start = days_from_civil(year, month, 1)
        return start, start + days_in_month(year, month), "month"
    day = int(d)
    if not 1 <= day <= days_in_month(year, month):
        raise EdtfError(f"{text!r} is not an EDTF date ({MONTH_NAMES[month - 1]} {year_in_words(year)} has no day {day})")
    start = days_from_civil(year, month, day)
    return start, start + 1, "day"


def parse_date(text: str, remember: bool = True) -> DateBounds:
    """Parse an EDTF date or interval into :class:`DateBounds`; raises :class:`EdtfError`.

    Results are cached; ``remember=False`` skips the cache (a bulk load parses each distinct
    date once anyway, and cached objects made amid a million others keep their memory pinned)."""
    if not isinstance(text, str):
        raise EdtfError(f"{text!r} is not an EDTF date (expected a string such as '1990-10-21')")
    if len(text) > MAX_EDTF_LENGTH:
        raise EdtfError(f"EDTF date is {len(text)} characters long; at most {MAX_EDTF_LENGTH}")
    return _parse_cached(text.strip()) if remember else _parse_cached.__wrapped__(text.strip())


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
    return _parse_general(text).bounds


def _check_order(text: str, start: float, end: float) -> None:
    # ``end`` is exclusive (the day after the last day), so end == start already means the
    # interval's last day is before its first: '1990/1989-12-31' must be refused.
    if start >= end:
        raise EdtfError(f"{text!r} is not a valid interval (it ends before it starts)")


# ---------------------------------------------------------------------------------------------
# The general parser: every form of EDTF levels 0, 1 and 2 (Library of Congress, 2019).
#
# Written here rather than taken from the ``edtf`` library, whose bounds this app cannot use as
# they are: it widens a qualified day by a year, a month and a day; ends '2004-06~' on 30 July;
# places winter in December alone; has no bounds for open sets and intervals; refuses '1984-1X'
# and prints to stdout while doing so. Each form's bounds are documented in
# docs/dataset-format.md ("Dates (EDTF)").

MAX_YEAR = 10**10
"""Years beyond ±MAX_YEAR are refused (the calendar's float positions stay exact to the day)."""

_QUALIFIER = "[~?%]?"
_DATE = re.compile(
    rf"^(?P<yq1>{_QUALIFIER})(?P<sign>-?)(?P<y>[0-9X]{{4}})(?P<yq2>{_QUALIFIER})"
    rf"(?:-(?P<mq1>{_QUALIFIER})(?P<m>[0-9X]{{2}})(?P<mq2>{_QUALIFIER})"
    rf"(?:-(?P<dq1>{_QUALIFIER})(?P<d>[0-9X]{{2}})(?P<dq2>{_QUALIFIER}))?)?$")
_LONG_YEAR = re.compile(r"^Y(?P<sign>-?)(?P<digits>[0-9]+)(?:E(?P<exp>[0-9]+))?(?:S(?P<sig>[0-9]+))?(?P<q>[~?%]?)$")
_SIGNIFICANT = re.compile(r"^(?P<sign>-?)(?P<digits>[0-9]{4})S(?P<sig>[0-9]+)(?P<q>[~?%]?)$")
_DATE_TIME = re.compile(r"^(-?\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}(?::?\d{2})?)?$")
_TIME_LIKE = re.compile(r"^-?\d{4}-\d{2}-\d{2}T")

_GROUPINGS: dict[int, tuple[str, int, int, str]] = {
    # code: (words with {year}, first month, months, precision); 21–24 are read as the northern
    # hemisphere's seasons, as most sources mean them; 29–32 name the southern ones
    21: ("spring {year}", 3, 3, "season"), 22: ("summer {year}", 6, 3, "season"),
    23: ("autumn {year}", 9, 3, "season"), 24: ("winter {year}", 12, 3, "season"),
    25: ("spring {year} (northern hemisphere)", 3, 3, "season"), 26: ("summer {year} (northern hemisphere)", 6, 3, "season"),
    27: ("autumn {year} (northern hemisphere)", 9, 3, "season"), 28: ("winter {year} (northern hemisphere)", 12, 3, "season"),
    29: ("spring {year} (southern hemisphere)", 9, 3, "season"), 30: ("summer {year} (southern hemisphere)", 12, 3, "season"),
    31: ("autumn {year} (southern hemisphere)", 3, 3, "season"), 32: ("winter {year} (southern hemisphere)", 6, 3, "season"),
    33: ("the first quarter of {year}", 1, 3, "quarter"), 34: ("the second quarter of {year}", 4, 3, "quarter"),
    35: ("the third quarter of {year}", 7, 3, "quarter"), 36: ("the fourth quarter of {year}", 10, 3, "quarter"),
    37: ("January–April {year}", 1, 4, "quadrimester"), 38: ("May–August {year}", 5, 4, "quadrimester"),
    39: ("September–December {year}", 9, 4, "quadrimester"),
    40: ("the first half of {year}", 1, 6, "semester"), 41: ("the second half of {year}", 7, 6, "semester"),
}
GROUPINGS = {code: (first, months) for code, (_, first, months, _) in _GROUPINGS.items()}
"""Sub-year groupings (ISO 8601-2 codes 21–41): first month and length in months."""

_PRECISIONS = ["second", "day", "month", "season", "quarter", "quadrimester", "semester", "year", "decade",
               "century", "millennium", "open"]
_RANK = {name: i for i, name in enumerate(_PRECISIONS)}


def _finer(a: str, b: str) -> str:
    return a if _RANK[a] <= _RANK[b] else b


@dataclass(frozen=True, slots=True)
class _Part:
    """One date (no interval, no set): its bounds and its words."""

    lo: float
    hi: float
    core_lo: float
    core_hi: float
    precision: str
    approximate: bool
    uncertain: bool
    words: str
    """In words, qualifiers included."""
    bare: str
    """In words without a qualifier that applies to the whole date ('' when the qualifiers are mixed)."""
    qualifier: str
    """'~', '?', '%' applying to the whole date, '' for none or mixed ones."""


@dataclass(frozen=True, slots=True)
class _Parsed:
    bounds: DateBounds
    words: str


def _bad(text: str, why: str) -> EdtfError:
    return EdtfError(f"{text!r} is not an EDTF date ({why})")


def _parse_general(text: str) -> _Parsed:
    """Any EDTF level 0–2 form, or :class:`EdtfError` naming what is wrong or unsupported."""
    if text.startswith(("[", "{")):
        return _parse_set(text)
    if "/" in text:
        return _parse_interval(text)
    part = _parse_part(text, text)
    return _Parsed(DateBounds(text, part.lo, part.hi, part.lo, part.hi, part.core_lo, part.core_hi, False,
                              part.approximate, part.uncertain, part.precision), part.words)


def _parse_interval(text: str) -> _Parsed:
    pieces = text.split("/")
    if len(pieces) != 2:
        raise EdtfError(f"{text!r} is not an EDTF date (an interval has one '/' between its start and its end)")
    left, right = pieces
    if left in ("", "..") and right in ("", ".."):
        raise EdtfError(f"{text!r} is not a usable interval (both ends are open or unknown)")
    a = None if left in ("", "..") else _parse_part(left, text, in_interval=True)
    b = None if right in ("", "..") else _parse_part(right, text, in_interval=True)
    inf = math.inf
    a_lo, a_hi, a_core = (-inf, -inf, -inf) if a is None else (a.lo, a.hi, a.core_lo)
    b_lo, b_hi, b_core = (inf, inf, inf) if b is None else (b.lo, b.hi, b.core_hi)
    _check_order(text, a_core, b_core)
    precision = _finer(a.precision if a else "open", b.precision if b else "open")
    approximate = any(p is not None and p.approximate for p in (a, b))
    uncertain = any(p is not None and p.uncertain for p in (a, b))
    if a is None:
        words = f"until {b.words}" + (" (start unknown)" if left == "" else "")  # type: ignore[union-attr]
    elif b is None:
        words = f"{a.words} onwards" if right == ".." else f"from {a.words} (end unknown)"
    elif a.qualifier and a.qualifier == b.qualifier:  # 'about 1989–1993'
        words = _qualify(f"{a.bare}–{b.bare}", a.qualifier)
    else:
        words = f"{a.words}–{b.words}"
    bounds = DateBounds(text, a_lo, a_hi, b_lo, b_hi, a_core, b_core, True, approximate, uncertain, precision)
    return _Parsed(bounds, words)


def _parse_set(text: str) -> _Parsed:
    one_of = text[0] == "["
    if text[-1] != ("]" if one_of else "}"):
        raise _bad(text, f"a set opened with {text[0]!r} closes with {']' if one_of else '}'!r}")
    members = [m.strip() for m in text[1:-1].split(",")]
    if not any(members):
        raise _bad(text, "the set is empty")
    parts: list[_Part] = []
    words: list[str] = []
    for member in members:
        if member.startswith("..") or member.endswith(".."):
            side = "start" if member.startswith("..") else "end"
            example = "[1700..1760-12-03]" if side == "start" else "[1760-12..1799]"
            raise EdtfError(
                f"{text!r} is an EDTF set open at its {side} ({member!r}), which Factline cannot place: "
                f"it has no {'earliest' if side == 'start' else 'latest'} date; give one, as in {example!r}")
        if ".." in member:
            first, _, last = member.partition("..")
            a, b = _parse_part(first, text, in_set=True), _parse_part(last, text, in_set=True)
            _check_order(text, a.core_lo, b.core_hi)
            parts += [a, b]
            words.append(f"{a.words}–{b.words}")
        else:
            part = _parse_part(member, text, in_set=True)
            parts.append(part)
            words.append(part.words)
    lo, hi = min(p.lo for p in parts), max(p.hi for p in parts)
    core_lo, core_hi = min(p.core_lo for p in parts), max(p.core_hi for p in parts)
    precision = parts[0].precision
    for p in parts[1:]:
        precision = _finer(precision, p.precision)
    bounds = DateBounds(text, lo, hi, lo, hi, core_lo, core_hi, False, any(p.approximate for p in parts),
                        any(p.uncertain for p in parts), precision)
    if one_of:
        if len(members) == 1 and ".." in members[0]:
            a_words, b_words = (p.words for p in parts)
            said = f"some time between {a_words} and {b_words}"
        elif len(words) == 1:
            said = words[0]
        elif len(words) == 2:
            said = f"either {words[0]} or {words[1]}"
        else:
            said = "one of " + ", ".join(words[:-1]) + f" or {words[-1]}"
    elif len(words) == 1:
        said = f"all of {words[0]}" if ".." in members[0] else words[0]
    elif len(words) == 2:
        said = f"both {words[0]} and {words[1]}"
    else:
        said = "all of " + ", ".join(words[:-1]) + f" and {words[-1]}"
    return _Parsed(bounds, said)


def _parse_part(part: str, text: str, *, in_interval: bool = False, in_set: bool = False) -> _Part:
    """One date of ``text`` (the whole string, for messages)."""
    if match := _DATE.match(part):
        return _component_date(match, text)
    if match := _DATE_TIME.match(part):
        if in_interval or in_set:
            where = "an interval" if in_interval else "a set"
            raise EdtfError(f"{text!r} is not an EDTF date (EDTF allows a time of day only in a single date, "
                            f"not in {where}: give the days, e.g. {part[:10]!r})")
        return _date_time(match, text)
    if (match := _LONG_YEAR.match(part)) or (match := _SIGNIFICANT.match(part)):
        return _long_year(match, part, text)
    raise _explain(part, text)


def _explain(part: str, text: str) -> EdtfError:
    """Why a date that matched no form is refused, as precisely as can be told."""
    if _TIME_LIKE.match(part):
        return _bad(text, "a time of day is written hh:mm:ss, optionally followed by Z or an offset such as "
                          "+02:00, e.g. '1985-04-12T23:20:30'")
    if "T" in part or ":" in part:
        return _bad(text, "a time of day follows a full date after a 'T', as in '1985-04-12T23:20:30'")
    if re.search(r"[A-Za-z]{2,}", part) or re.match(r"^\d{3,4}s$", part):
        return _bad(text, "words are not EDTF: write the 1990s as '199X', about 1990 as '1990~', "
                          "spring 1990 as '1990-21'")
    if part.startswith("P") or "/P" in text:
        return _bad(text, "durations are not EDTF dates; give the start and end as an interval, '1990/1993'")
    if part.startswith("Y"):
        return _bad(text, "a 'Y' year is 'Y' and five or more digits (Y170000002, Y-17000), "
                          "optionally with an exponent (Y17E7) and significant digits (Y171010000S3)")
    return _bad(text, "expected a form such as '1990-10-21', '1990-10', '1990', '1990~', '199X', '1990-21', "
                      "'1989/1993' or '[1667,1668]'")


def _component_date(match: re.Match[str], text: str) -> _Part:
    g = match.groupdict()
    y_pat, m_pat, d_pat = g["y"], g["m"], g["d"]
    negative = g["sign"] == "-"
    # a qualifier right of a component applies to it and to every component left of it; one left of
    # a component to that component alone (EDTF level 2). '~' and '?' together count as '%'.
    approx = [False, False, False]
    unsure = [False, False, False]
    for index, (left, right) in enumerate(((g["yq1"], g["yq2"]), (g["mq1"], g["mq2"]), (g["dq1"], g["dq2"]))):
        for mark, reach in ((left, (index,)), (right, range(index + 1))):
            for c in reach:
                approx[c] |= mark in ("~", "%")
                unsure[c] |= mark in ("?", "%")
    if m_pat is None and (approx[1] or unsure[1]):
        raise _bad(text, "a qualifier without a component to qualify")
    years = _year_range(y_pat, negative, text)
    y_lo, y_hi = years
    grouping = None
    if m_pat is not None and "X" not in m_pat and int(m_pat) > 12:
        code = int(m_pat)
        if code < 21:
            raise _bad(text, f"month {code} does not exist")
        if code not in _GROUPINGS:
            raise _bad(text, f"month {code} does not exist: months are 01–12, and 21–41 are seasons, quarters, "
                             "quadrimesters and semesters")
        if d_pat is not None:
            raise _bad(text, f"'{m_pat}' is a {_GROUPINGS[code][3]}, which has no days")
        grouping = code
    if grouping is not None:
        words_of, first, months, precision = _GROUPINGS[grouping]
        core_lo = days_from_civil(y_lo, first, 1)
        core_hi = _month_start(y_hi, first + months)
        bare = words_of.format(year=_year_phrase(y_pat, negative, years))
        units = (_year_unit(y_pat), months, 0)
    else:
        core_lo, core_hi, precision, bare = _day_range(y_pat, m_pat, d_pat, negative, years, text)
        units = (_year_unit(y_pat), 1, 1)
    # widening: one unit of the finest component each qualifier reaches (two for '%'), whatever
    # coarser components it also reaches: '2020-02-17~' is ±1 day, '2004-06~' ±1 month
    stated = 1 + (m_pat is not None) + (d_pat is not None)
    weights = [approx[c] + unsure[c] for c in range(stated)]
    widen = [0, 0, 0]
    for c in range(stated):
        finer = weights[c + 1] if c + 1 < stated else 0
        widen[c] = max(0, weights[c] - finer) * units[c]
    years_out, months_out, days_out = widen
    lo, hi = float(core_lo), float(core_hi)
    if any(widen):
        lo = _shifted(core_lo, -(12 * years_out + months_out), -days_out)
        hi = _shifted(core_hi, 12 * years_out + months_out, days_out)
    approximate, uncertain = any(approx[:stated]), any(unsure[:stated])
    uniform = len({(approx[c], unsure[c]) for c in range(stated)}) == 1
    if uniform:
        qualifier = "%" if approximate and uncertain else "~" if approximate else "?" if uncertain else ""
        words = _qualify(bare, qualifier)
    else:
        qualifier = ""
        words = _mixed_words(bare, g, approx[:stated], unsure[:stated], years, y_pat, negative)
    return _Part(lo, hi, float(core_lo), float(core_hi), precision, approximate, uncertain, words,
                 bare if uniform else "", qualifier)


def _year_range(pattern: str, negative: bool, text: str) -> tuple[int, int]:
    """Earliest and latest year a four-character year (digits or X) can be."""
    lo, hi = int(pattern.replace("X", "0")), int(pattern.replace("X", "9"))
    return (-hi, -lo) if negative else (lo, hi)


def _year_unit(pattern: str) -> int:
    """Years a qualifier on this year widens by: one, or the span its trailing Xs leave open."""
    trailing = len(pattern) - len(pattern.rstrip("X"))
    return 10 ** trailing


def _candidates(pattern: str, low: int, high: int) -> list[int]:
    """Values low..high whose two digits fit ``pattern`` ('1X' fits 10–19)."""
    if "X" not in pattern:
        value = int(pattern)
        return [value] if low <= value <= high else []
    return [v for v in range(low, high + 1) if all(p in ("X", c) for p, c in zip(pattern, f"{v:02d}"))]


def _matching_years(pattern: str, negative: bool, descending: bool) -> Iterator[int]:
    """Years fitting a pattern with Xs, in time order (or reverse)."""
    digits = [range(10) if c == "X" else (int(c),) for c in pattern]
    values = (int("".join(map(str, combo))) for combo in product(*digits))
    if negative:
        values = (-v for v in values)
    ordered = sorted(values, reverse=descending) if len(pattern) - pattern.count("X") < 4 else list(values)
    return iter(ordered)


def _day_range(y_pat: str, m_pat: str | None, d_pat: str | None, negative: bool, years: tuple[int, int],
               text: str) -> tuple[int, int, str, str]:
    """(start, end, precision, words) of a date with month and day (either may hold Xs)."""
    y_lo, y_hi = years
    year_words = _year_phrase(y_pat, negative, years)
    plain_year = "X" not in y_pat
    if m_pat is None:
        precision = {1: "year", 10: "decade", 100: "century"}.get(_year_unit(y_pat), "millennium")
        return days_from_civil(y_lo, 1, 1), days_from_civil(y_hi + 1, 1, 1), precision, year_words
    months = _candidates(m_pat, 1, 12)
    if not months:
        raise _bad(text, f"no month 01–12 fits '{m_pat}'")
    if d_pat is None:
        start = days_from_civil(y_lo, months[0], 1)
        end = _month_start(y_hi, months[-1] + 1)
        precision = "month" if m_pat != "XX" else "year"
        return start, end, precision, _month_words(m_pat, months, year_words, plain_year)
    days = _candidates(d_pat, 1, 31)
    if not days:
        raise _bad(text, f"no day 01–31 fits '{d_pat}'")
    if "X" not in y_pat + m_pat + d_pat:
        month, day = months[0], days[0]
        if day > days_in_month(y_lo, month):
            raise _bad(text, f"{MONTH_NAMES[month - 1]} {year_in_words(y_lo)} has no day {day}")
        start = days_from_civil(y_lo, month, day)
        return start, start + 1, "day", f"{day} {MONTH_NAMES[month - 1]} {year_words}"
    first = _first_valid(y_pat, negative, months, days, descending=False)
    last = _first_valid(y_pat, negative, months, days, descending=True)
    if first is None or last is None:
        raise _bad(text, f"no day fits it: {_day_words(m_pat, d_pat, months, days, year_words, plain_year)} never happens")
    start, end = days_from_civil(*first), days_from_civil(*last) + 1
    precision = "day" if d_pat != "XX" else "month" if m_pat != "XX" else "year"
    return start, end, precision, _day_words(m_pat, d_pat, months, days, year_words, plain_year)


def _first_valid(y_pat: str, negative: bool, months: list[int], days: list[int],
                 descending: bool) -> tuple[int, int, int] | None:
    """The earliest (or latest) existing day that fits the patterns."""
    ms = months[::-1] if descending else months
    ds = days[::-1] if descending else days
    for year in _matching_years(y_pat, negative, descending):
        for month in ms:
            limit = days_in_month(year, month)
            for day in ds:
                if day <= limit:
                    return year, month, day
    return None


def _month_start(year: int, month: int) -> int:
    """Days of the first of ``month`` in ``year``, where month may run past 12 into later years."""
    extra, index = divmod(month - 1, 12)
    return days_from_civil(year + extra, index + 1, 1)


def _shifted(days: int, months: int, extra_days: int) -> float:
    """``days`` moved by calendar months (day of month clamped to the month) and then by days.

    dateutil's relativedelta does this for ``datetime``, which stops at year 1; EDTF dates reach
    BCE and beyond year 9999, so the same arithmetic is done here on (year, month, day)."""
    if months:
        y, m, d = civil_from_days(days)
        total = y * 12 + (m - 1) + months
        year, month = divmod(total, 12)
        days = days_from_civil(year, month + 1, min(d, days_in_month(year, month + 1)))
    return float(days + extra_days)


def _date_time(match: re.Match[str], text: str) -> _Part:
    y, mo, d, hh, mm, ss, zone = match.groups()
    if not 1 <= int(mo) <= 12:
        raise _bad(text, f"month {int(mo)} does not exist")
    start, _, _ = _plain_range(y, mo, d, text)
    hours, minutes, seconds = int(hh), int(mm), int(ss)
    if hours > 23 or minutes > 59 or seconds > 59:
        raise _bad(text, f"{hh}:{mm}:{ss} is not a time of day (00:00:00 to 23:59:59)")
    offset = 0
    zone_words = ""
    if zone == "Z":
        zone_words = " UTC"
    elif zone:
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        zh, zm = int(digits[:2]), int(digits[2:] or 0)
        if zh > 14 or zm > 59:
            raise _bad(text, f"{zone} is not a time zone offset (−12:00 to +14:00)")
        offset = sign * (zh * 60 + zm) * 60
        zone_words = f" (UTC{'+' if sign > 0 else '−'}{zh:02d}:{zm:02d})"
    moment = start + (hours * 3600 + minutes * 60 + seconds - offset) / 86400
    words = f"{int(d)} {MONTH_NAMES[int(mo) - 1]} {year_in_words(int(y))}, {hh}:{mm}:{ss}{zone_words}"
    return _Part(moment, moment + 1 / 86400, moment, moment + 1 / 86400, "second", False, False, words, words, "")


def _long_year(match: re.Match[str], part: str, text: str) -> _Part:
    g = match.groupdict()
    digits, exp, sig, qualifier = g["digits"], g.get("exp"), g["sig"], g["q"]
    if part.startswith("Y") and exp is None and len(digits) <= 4:
        raise _bad(text, f"a 'Y' year has five or more digits; write {int(digits):04d} as it is")
    if len(digits) > 11 or (exp is not None and int(exp) > 10):
        raise _bad(text, f"years beyond ±{MAX_YEAR:,} are not supported")
    value = int(digits) * 10 ** int(exp or 0)
    if value > MAX_YEAR:
        raise _bad(text, f"years beyond ±{MAX_YEAR:,} are not supported")
    sign = -1 if g["sign"] else 1
    year = sign * value
    core_lo, core_hi = days_from_civil(year, 1, 1), days_from_civil(year + 1, 1, 1)
    bare = year_in_words(year)
    if sig is None:
        precision = "year"
        lo, hi = float(core_lo), float(core_hi)
        if qualifier:
            k = 2 if qualifier == "%" else 1
            lo, hi = float(days_from_civil(year - k, 1, 1)), float(days_from_civil(year + 1 + k, 1, 1))
        return _Part(lo, hi, float(core_lo), float(core_hi), precision, qualifier in "~%" and bool(qualifier),
                     qualifier in "?%" and bool(qualifier), _qualify(bare, qualifier), bare, qualifier)
    if qualifier:
        raise _bad(text, "significant digits already say how precise the year is; "
                         "a qualifier cannot be added to them")
    significant = int(sig)
    width = len(str(value))
    if not 1 <= significant <= width:
        raise _bad(text, f"{value} has {width} digits, so it can have 1 to {width} significant ones, not {significant}")
    step = 10 ** (width - significant)
    low, high = value // step * step, value // step * step + step - 1
    if sign < 0:
        low, high = -high, -low
    precision = {1: "year", 10: "decade", 100: "century"}.get(step, "millennium")
    lo, hi = float(days_from_civil(low, 1, 1)), float(days_from_civil(high + 1, 1, 1))
    words = f"some year from {year_in_words(low)} to {year_in_words(high)}, estimated {bare}"
    return _Part(lo, hi, float(core_lo), float(core_hi), precision, False, True, words, words, "")


# ---------------------------------------------------------------------------------------------
# Wording


def year_in_words(year: int) -> str:
    """An astronomical year (EDTF's: 0 is 1 BCE) as people write it: '1990', '44 BCE', '12,000 BCE'."""
    if year > 0:
        return f"{year:,}" if year >= 10_000 else f"{year}"
    bce = 1 - year
    return f"{bce:,} BCE" if bce >= 10_000 else f"{bce} BCE"


def human_day(days: float) -> str:
    """'21 October 1990' for a numeric position."""
    y, m, d = civil_from_days(math.floor(days))
    return f"{d} {MONTH_NAMES[m - 1]} {year_in_words(y)}"


def _year_phrase(pattern: str, negative: bool, years: tuple[int, int]) -> str:
    """'1990', 'the 1990s', 'some year from 2000 to 2099', 'a year of the form 1X56 (1056–1956)'."""
    lo, hi = years
    if "X" not in pattern:
        return year_in_words(lo)
    head = pattern.rstrip("X")
    if "X" in head:
        return f"a year of the form {'-' if negative else ''}{pattern} ({year_in_words(lo)}–{year_in_words(hi)})"
    if len(head) == 3 and not negative:
        return f"the {head}0s"
    return f"some year from {year_in_words(lo)} to {year_in_words(hi)}"


def _month_words(m_pat: str, months: list[int], year_words: str, plain_year: bool) -> str:
    of = " " if plain_year else " of "
    if m_pat == "XX":
        return f"some month of {year_words}"
    if len(months) == 1:
        return f"{MONTH_NAMES[months[0] - 1]}{of}{year_words}"
    return f"some month from {MONTH_NAMES[months[0] - 1]} to {MONTH_NAMES[months[-1] - 1]}{of}{year_words}"


def _day_words(m_pat: str, d_pat: str, months: list[int], days: list[int], year_words: str, plain_year: bool) -> str:
    of = " " if plain_year else " of "
    if m_pat == "XX":
        if d_pat == "XX":
            return f"some day in {year_words}"
        if len(days) == 1:
            return f"day {days[0]} of some month of {year_words}"
        return f"some day from the {days[0]}th to the {days[-1]}th of some month of {year_words}"
    month_words = (MONTH_NAMES[months[0] - 1] if len(months) == 1
                   else f"{MONTH_NAMES[months[0] - 1]}–{MONTH_NAMES[months[-1] - 1]}")
    if d_pat == "XX":
        return f"some day in {month_words}{of}{year_words}"
    if len(days) == 1:
        return f"{days[0]} {month_words}{of}{year_words}"
    return f"some day from {days[0]} to {days[-1]} {month_words}{of}{year_words}"


def _qualify(words: str, qualifier: str) -> str:
    if qualifier == "~":
        return f"about {words}"
    if qualifier == "?":
        return f"{words} (uncertain)"
    if qualifier == "%":
        return f"about {words} (uncertain)"
    return words


_COMPONENTS = ("year", "month", "day")


def _mixed_words(bare: str, g: dict[str, str | None], approx: list[bool], unsure: list[bool],
                 years: tuple[int, int], y_pat: str, negative: bool) -> str:
    """Words for a date whose components are qualified differently: '2004, about 11 June' when the
    year is sure and the rest is qualified alike, else the date with what is qualified named."""
    stated = len(approx)
    flags = [(approx[c], unsure[c]) for c in range(stated)]
    if flags[0] == (False, False) and len(set(flags[1:])) == 1 and "X" not in (g["m"] or "") + (g["d"] or ""):
        a, u = flags[1]
        qualifier = "%" if a and u else "~" if a else "?"
        month = MONTH_NAMES[int(g["m"]) - 1]  # type: ignore[arg-type]
        tail = f"{int(g['d'])} {month}" if stated == 3 else month  # type: ignore[arg-type]
        return f"{_year_phrase(y_pat, negative, years)}, {_qualify(tail, qualifier)}"
    notes = []
    for kind, test in (("approximate", lambda c: approx[c] and not unsure[c]),
                       ("uncertain", lambda c: unsure[c] and not approx[c]),
                       ("approximate and uncertain", lambda c: approx[c] and unsure[c])):
        names = [_COMPONENTS[c] for c in range(stated) if test(c)]
        if names:
            named = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
            notes.append(f"{named} {kind}")
    return f"{bare} ({'; '.join(notes)})"


@lru_cache(maxsize=4096)
def _words_of(text: str) -> str:
    return _parse_general(text).words


def human_date(bounds: DateBounds) -> str:
    """The date in words with its real precision: '21 October 1990', 'about 1989–1993',
    'the 1990s', 'some year from 2000 to 2099', '1993 onwards', '1990 (uncertain)',
    'one of 1667, 1668 or 1670–1672', '2004, about 11 June'."""
    try:
        return _words_of(bounds.edtf)
    except EdtfError:  # bounds made in code for a string that is not EDTF
        return bounds.edtf
