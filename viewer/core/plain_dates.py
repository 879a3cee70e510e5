"""The commonest EDTF forms worked out many at a time, with numpy. Pure: no Qt.

Loading a million events meets ~200,000 distinct dates, which cost ~2 s one by one through
:func:`viewer.core.dates.parse_date` and a few tens of milliseconds this way. A *plain part*
is a year, a month or a day (``1990``, ``1990-10``, ``1990-10-21``, the year optionally
negative), optionally followed by one qualifier for the whole of it (``~`` approximate, ``?``
uncertain, ``%`` both); a plain date is one plain part, or an interval of two
(``1989~/1993-05``). Anything else (seasons, Xs, qualifiers on a single component, sets,
open ends, impossible dates…) is left to ``parse_date``, one at a time. The results are
exactly what ``parse_date`` gives (tests/test_dates_fast_path.py checks it).
"""

from __future__ import annotations

import numpy as np

NOT_PLAIN, PLAIN_DATE, PLAIN_INTERVAL = 0, 1, 2

_WIDTH = 26
"""Characters looked at: the longest plain date, ``-1990-10-21%/-1991-10-21%``, is 25."""
_PART = 12
"""Characters a plain part can take: a sign, ``1990-10-21``, a qualifier (and what follows)."""
_BATCH = 4096
"""Dates worked out at a time: their working arrays stay small (below the size the allocator gives
pages of their own, :data:`viewer.memory.MMAP_THRESHOLD`, faulted in afresh for each)."""
_WEIGHT = np.zeros(128, dtype=np.int64)
_WEIGHT[[ord("~"), ord("?"), ord("%")]] = (1, 1, 2)
"""Units of its finest component a qualifier widens a part by ('%' is both '~' and '?')."""


def plain_bounds(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(kind, bounds) of many dates at once: ``kind`` is PLAIN_DATE, PLAIN_INTERVAL or
    NOT_PLAIN (then the bounds are NaN), and each row of ``bounds`` holds, in days, what
    :class:`~viewer.core.dates.DateBounds` calls core_start, core_end (the stated range, end
    exclusive), start_earliest, end_latest (widened by the qualifiers) and whether any
    qualifier is there (1.0) or not (0.0)."""
    batches = [_plain_batch(texts[i:i + _BATCH]) for i in range(0, len(texts), _BATCH)] or [_plain_batch([])]
    kinds, bounds = zip(*batches)
    return np.concatenate(kinds), np.concatenate(bounds)


def plain_ranges(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(kind, start, end) of the unqualified plain dates among ``texts`` (NOT_PLAIN for the
    rest): their stated range in days, end exclusive, as :func:`plain_bounds` gives it."""
    kind, bounds = plain_bounds(texts)
    qualified = bounds[:, 4] > 0
    kind[qualified] = NOT_PLAIN
    bounds[qualified, :2] = np.nan
    return kind, bounds[:, 0].copy(), bounds[:, 1].copy()


def _plain_batch(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    n = len(texts)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    short = lengths < _WIDTH
    chars = _characters([t if fits else "" for t, fits in zip(texts, short.tolist())])
    first = _Parts(chars, np.zeros(n, dtype=np.int64))
    slash = chars[np.arange(n), first.end] == ord("/")
    second = _Parts(chars, np.where(slash, first.end + 1, 0))
    ends = np.where(slash, second.end, first.end)
    ok = short & first.ok & (ends == lengths) & (~slash | (second.ok & (first.core_lo < second.core_hi)))
    kind = np.where(ok, np.where(slash, PLAIN_INTERVAL, PLAIN_DATE), NOT_PLAIN).astype(np.int8)
    last = {name: np.where(slash, getattr(second, name), getattr(first, name)) for name in ("core_hi", "hi")}
    bounds = np.column_stack((first.core_lo, last["core_hi"], first.lo, last["hi"],
                              (first.weight + np.where(slash, second.weight, 0)) > 0)).astype(np.float64)
    bounds[~ok] = np.nan
    return kind, bounds


def _characters(texts: list[str]) -> np.ndarray:
    """Each text's characters as code points, a row each, zeros after its end (a NUL in a date
    is caught by its end falling short of its length): as bytes when all are ASCII (the usual
    case; a quarter of the memory to go through), else as 32-bit code points."""
    n = len(texts)
    try:
        encoded, kind = np.array(texts, dtype=f"S{_WIDTH}"), np.uint8
    except UnicodeEncodeError:
        encoded, kind = np.array(texts, dtype=f"U{_WIDTH}"), np.uint32
    chars = np.zeros((n, _WIDTH + _PART + 1), dtype=kind)
    chars[:, :_WIDTH] = encoded.view(kind).reshape(n, _WIDTH)
    return chars


class _Parts:
    """A plain part at a given place in each row: whether there is one, where it ends, its
    stated range [core_lo, core_hi) and widened range [lo, hi), in days."""

    def __init__(self, chars: np.ndarray, at: np.ndarray):
        rows = np.arange(len(at))[:, None]
        negative = chars[rows[:, 0], at] == ord("-")
        c = chars[rows, (at + negative)[:, None] + np.arange(_PART)].astype(np.int32)
        digit = (c >= ord("0")) & (c <= ord("9"))
        value = c - ord("0")
        year = value[:, 0] * 1000 + value[:, 1] * 100 + value[:, 2] * 10 + value[:, 3]
        year = np.where(negative, -year, year)
        has_month = (c[:, 4] == ord("-")) & digit[:, 5] & digit[:, 6]
        has_day = has_month & (c[:, 7] == ord("-")) & digit[:, 8] & digit[:, 9]
        month = np.where(has_month, value[:, 5] * 10 + value[:, 6], 1)
        day = np.where(has_day, value[:, 8] * 10 + value[:, 9], 1)
        stop = np.where(has_day, 10, np.where(has_month, 7, 4))
        mark = c[rows[:, 0], stop]
        self.weight = _WEIGHT[np.minimum(mark, 127)]
        self.end = at + negative + stop + (self.weight > 0)
        month_ok = (month >= 1) & (month <= 12)
        month = np.where(month_ok, month, 1)
        # the stated range runs from the first of its first month to the first of the month
        # after its last (a day: that day); a qualifier widens it by its weight in units of
        # the finest component: '1990-10-21~' by a day each way, '1990-10~' by a month, '1990~'
        # by a year ('%': two)
        w = self.weight
        first_month = np.where(has_month, month, 1)
        after = np.where(has_month, month + 1, 13)
        unit = np.where(has_month & ~has_day, 1, 12) * np.where(has_day, 0, w)
        first, following = _month_start(year, first_month), _month_start(year, after)
        self.ok = digit[:, :4].all(axis=1) & month_ok & (day >= 1) & (day <= following - first)
        start = first + day - 1
        self.core_lo = start
        self.core_hi = np.where(has_day, start + 1, following)
        if w.any():
            self.lo = np.where(has_day, start - w, _month_start(year, first_month - unit))
            self.hi = np.where(has_day, start + 1 + w, _month_start(year, after + unit))
        else:
            self.lo, self.hi = self.core_lo, self.core_hi


def _month_start(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    """Days of the first of ``month`` in ``year``, where month may run below 1 or past 12 into
    other years (H. Hinnant's days_from_civil on numpy columns)."""
    total = year * 12 + (month - 1)
    year, month = total // 12, total % 12 + 1
    year = year - (month <= 2)
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468
