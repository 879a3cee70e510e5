"""Axis items: only ``tickValues``/``tickStrings`` change (pyqtgraph's narrowest hooks).

The calendar axis works in days since 1970 with its own Gregorian arithmetic, so it labels BCE
dates and 10,000-year spans that ``DateAxisItem`` (built on ``datetime``) cannot. Tick layouts
are cached per (range, width): panning back and forth or repainting costs a dict lookup.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pyqtgraph as pg

from viewer.core.dates import MONTH_NAMES, civil_from_days, days_from_civil

MIN_LABEL_PX = 90.0
_YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000)
_MONTH_STEPS = (1, 3, 6)
_DAY_STEPS = (1, 2, 7, 14)


def _year_label(year: int) -> str:
    return str(year) if year > 0 else f"{1 - year} BCE"


@lru_cache(maxsize=256)
def calendar_ticks(lo: float, hi: float, size_px: float) -> tuple[tuple[float, tuple[float, ...], tuple[str, ...]], ...]:
    """Major and minor ticks for [lo, hi] days over ``size_px`` pixels: ((spacing, values, labels), …)."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo or size_px <= 0:
        return ()
    days_per_px = (hi - lo) / size_px
    need = MIN_LABEL_PX * days_per_px  # days between labelled ticks
    steps: list[tuple[str, int, float]] = [("day", n, n) for n in _DAY_STEPS]
    steps += [("month", n, n * 30.44) for n in _MONTH_STEPS]
    steps += [("year", n, n * 365.2425) for n in _YEAR_STEPS]
    major_i = next((i for i, s in enumerate(steps) if s[2] >= need), len(steps) - 1)
    levels = []
    for i in (major_i, major_i - 1):
        if i < 0:
            continue
        unit, n, approx = steps[i]
        if approx / days_per_px < 8:  # minor ticks closer than 8 px are noise
            continue
        values, labels = _ticks(unit, n, lo, hi)
        levels.append((approx, tuple(values), tuple(labels) if i == major_i else ("",) * len(values)))
    return tuple(levels)


def _round_years(first: int, last: int, n: int) -> list[int]:
    """The years from ``first`` to ``last`` (astronomical, as EDTF counts them) that are multiples
    of ``n`` as people write them: 1990, 2000 … and, before year 1, 200 BCE, 100 BCE (years -199 and
    -99: EDTF has a year 0 and people do not, so round astronomical years read '201 BCE', '1 BCE')."""
    years = []
    if first <= 0:
        for bce in range((1 - first) // n * n, 0, -n):
            if 1 - bce <= last:
                years.append(1 - bce)
    year = -(-max(first, 1) // n) * n
    while year <= last:
        years.append(year)
        year += n
    return years


def _ticks(unit: str, n: int, lo: float, hi: float) -> tuple[list[float], list[str]]:
    values: list[float] = []
    labels: list[str] = []
    y0, m0, _ = civil_from_days(math.floor(lo))
    if unit == "year":
        for year in _round_years(y0, civil_from_days(math.floor(hi))[0], n):
            day = days_from_civil(year, 1, 1)
            if lo <= day <= hi:
                values.append(float(day))
                labels.append(_year_label(year))
    elif unit == "month":
        year, month = y0, m0 - ((m0 - 1) % n)
        while True:
            day = days_from_civil(year, month, 1)
            if day > hi:
                break
            if day >= lo:
                values.append(float(day))
                labels.append(f"{MONTH_NAMES[month - 1][:3]} {_year_label(year)}")
            month += n
            if month > 12:
                month -= 12
                year += 1
    else:
        day = math.floor(lo / n) * n
        while day <= hi:
            if day >= lo:
                y, m, d = civil_from_days(day)
                values.append(float(day))
                labels.append(f"{d} {MONTH_NAMES[m - 1][:3]} {_year_label(y)}")
            day += n
        if len(values) > 2000:  # defensive: never hand pyqtgraph an absurd tick list
            values, labels = values[:2000], labels[:2000]
    return values, labels


class CalendarAxis(pg.AxisItem):
    """Date axis in days since 1970-01-01 that adapts from millennia down to days."""

    def __init__(self, orientation: str = "bottom", **kwargs):
        super().__init__(orientation, **kwargs)
        self._labels: dict[float, str] = {}

    def tickValues(self, minVal, maxVal, size):  # noqa: N802 (pyqtgraph's name)
        levels = calendar_ticks(float(minVal), float(maxVal), float(size))
        # major level first; a minor tick at a major tick's value is dropped (as pyqtgraph's own
        # tickValues does), so its blank label neither erases the major label nor draws it twice
        self._labels = {}
        result = []
        for spacing, values, labels in levels:
            kept = [v for v in values if v not in self._labels]
            self._labels.update((v, s) for v, s in zip(values, labels) if v not in self._labels)
            result.append((spacing, kept))
        return result

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        return [self._labels.get(v, "") for v in values]


MINUTES_FROM_PX = 300.0
"""Episodes wider than this on screen get minute ticks."""
CHAR_PX = 9.0
"""Rough width of one label character, to keep labels from running into each other."""


class NarrativeAxis(pg.AxisItem):
    """Episode axis: episode N spans [N-1, N); labels 'E2' or 'E2 · Love & Loss' when there is room,
    and minutes within an episode when zoomed in."""

    def __init__(self, orientation: str = "bottom", **kwargs):
        super().__init__(orientation, **kwargs)
        self.episode_titles: dict[int, str] = {}
        self.episode_minutes: dict[int, float] = {}
        self.episode_count = 1
        self._labels: dict[float, str] = {}

    def set_episodes(self, titles: dict[int, str], minutes: dict[int, float], count: int) -> None:
        self.episode_titles, self.episode_minutes, self.episode_count = titles, minutes, max(count, 1)
        self.picture = None
        self.update()

    def tickValues(self, minVal, maxVal, size):  # noqa: N802
        lo, hi = float(minVal), float(maxVal)
        if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo or size <= 0:
            return []
        px_per_episode = size / (hi - lo)
        first, last = max(1, math.floor(lo) + 1), min(self.episode_count, math.ceil(hi))
        self._labels = {}
        if px_per_episode <= MINUTES_FROM_PX:
            # whole episodes: a label in the middle of each, 'E2 · Love & Loss' when there is room
            centres: list[float] = []
            step = max(1, math.ceil(40 / px_per_episode))  # 'E12' needs ~40 px
            for ep in range(first, last + 1):
                if (ep - 1) % step:
                    continue
                self._labels[ep - 0.5] = self._episode_words(ep, px_per_episode)
                centres.append(ep - 0.5)
            return [(1.0, centres)]
        # zoomed into episodes: each episode's name at its start, then minutes; a minute label
        # never comes closer to the episode's name than the name's own width
        starts: list[float] = []
        minutes: list[float] = []
        for ep in range(first, last + 1):
            runtime = self.episode_minutes.get(ep, 50.0)
            name = self._episode_words(ep, px_per_episode)
            name_room = (CHAR_PX * len(name) + 30) / px_per_episode
            # labels are centred on their ticks: keep clear of the next episode's name too
            next_room = (CHAR_PX * len(self._episode_words(ep + 1, px_per_episode)) / 2 + 40) / px_per_episode
            if lo <= ep - 1 <= hi:
                self._labels[float(ep - 1)] = name
                starts.append(float(ep - 1))
            px_per_minute = px_per_episode / runtime
            stride = next((m for m in (1, 2, 5, 10, 15, 30) if m * px_per_minute >= 60), 60)
            for minute in range(stride, int(runtime), stride):
                x = ep - 1 + minute / runtime
                clear_of_names = (x - (ep - 1) > name_room or not lo <= ep - 1 <= hi) and ep - x > next_room
                if lo <= x <= hi and clear_of_names:
                    self._labels[x] = f"E{ep} {minute}′"
                    minutes.append(x)
        return [(1.0, starts), (0.1, minutes)]

    def _episode_words(self, ep: int, px_per_episode: float) -> str:
        title = self.episode_titles.get(ep)
        return f"E{ep} · {title}" if title and px_per_episode > CHAR_PX * (len(title) + 6) else f"E{ep}"

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        return [self._labels.get(v, "") for v in values]
