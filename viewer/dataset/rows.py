"""Where a row of the file goes on its axis: a real event's date as (start, end, earliest, latest,
flags), plot points by episode, minute and order; and the codes stances and verdicts are stored
as. One placement for the careful and the bulk builders."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from viewer.core.dates import EdtfError, parse_date
from viewer.core.model import (INTERVAL, NO_EXTRAS, VERDICT_CODES, Episode, EventExtras, NarrativePosition, Stance,
                               Verdict, date_extent)

STANCES = {s.value: s for s in Stance}
"""Stance by name: a dict lookup, where calling the enum costs microseconds per citation."""


STANCE_CODES = {s.value: i for i, s in enumerate(Stance)}


VERDICTS = {v.value: v for v in Verdict}


def place_plot_points(specs: list[Any], episodes: dict[int, Episode]) -> list[tuple[float, float]]:
    """Axis coordinates for plot points: episode N spans [N-1, N).

    A minute places a point at its share of the running time; points without one are spread
    evenly through their episode by ``order`` (then file order), so they do not sit on top of
    each other. ``episode_end`` makes a bar to the end of that episode.
    """
    unplaced: dict[int, list[int]] = {}
    for i, spec in enumerate(specs):
        if spec.minute is None and spec.episode_end is None:
            unplaced.setdefault(spec.episode, []).append(i)  # type: ignore[arg-type]
    spread: dict[int, float] = {}
    for episode, members in unplaced.items():
        members.sort(key=lambda i: (specs[i].order if specs[i].order is not None else math.inf, i))
        for rank, i in enumerate(members):
            spread[i] = (rank + 1) / (len(members) + 1)
    placed = []
    for i, spec in enumerate(specs):
        base = spec.episode - 1  # type: ignore[operator]
        if spec.minute is not None:
            runtime = episodes.get(spec.episode, Episode(spec.episode)).minutes  # type: ignore[arg-type]
            start = base + min(spec.minute / runtime, 0.999)
        elif spec.episode_end is not None:
            start = float(base)
        else:
            start = base + spread[i]
        end = float(spec.episode_end) if spec.episode_end is not None else start
        placed.append((start, end))
    return placed


def place_date(when: str) -> tuple[float, float, float, float, int] | None:
    """(start, end, earliest, latest, flags) of a real event's date; None if it is invalid."""
    try:
        bounds = parse_date(when, remember=False)
    except EdtfError:
        return None
    if bounds.is_interval:
        start = bounds.core_start if math.isfinite(bounds.core_start) else bounds.core_end
        end = bounds.core_end if math.isfinite(bounds.core_end) else start
    else:
        start = end = bounds.position
    return (start, end, *date_extent(bounds, start, end))


def placed_plot_points(positions: list[Any], verdicts: list[str], episodes: dict[int, Episode]
                       ) -> Iterator[tuple[float, float, int, int]]:
    """(start, end, flags, verdict code) of each plot point, in order: what both builders store."""
    for (start, end), verdict in zip(place_plot_points(positions, episodes), verdicts):
        yield start, end, INTERVAL if end > start else 0, VERDICT_CODES[VERDICTS[verdict]]


def with_position(extras: dict[int, EventExtras], row: int, position: NarrativePosition) -> None:
    """Record a plot point's place in the story beside its other extras (disputed, inference)."""
    other = extras.get(row, NO_EXTRAS)
    extras[row] = EventExtras(position, other.disputed, other.inference)
