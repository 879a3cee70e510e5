"""The timeline in words, for assistive technology: what a screen reader says for an event or a
count box it meets on a pane. Pure: no Qt."""

from __future__ import annotations

import math

from viewer.core.dates import human_day
from viewer.core.detail_html import when_text
from viewer.core.model import AxisKind, Dataset
from viewer.core.words import count


def event_words(dataset: Dataset, event_id: str) -> str:
    """An event's title and when it happened, at its real precision: "Iris Azulai is killed in
    Jerusalem, 21 October 1990"."""
    event = dataset.event(event_id)
    when = when_text(dataset, event)
    return f"{event.title}, {when}" if when else event.title


def event_details(dataset: Dataset, event_id: str) -> str:
    """What a reader may ask for after the name: its track, a plot point's verdict, a dispute."""
    event = dataset.event(event_id)
    parts = [dataset.track(event.track_id).name]
    if event.verdict is not None:
        parts.append(f"verdict: {event.verdict.label.lower()}")
    if event.disputed:
        parts.append("disputed")
    return "; ".join(parts)


def box_words(events: int, track_name: str, axis: AxisKind, first: float, last: float) -> str:
    """A count box: how many events, where, and what to do: "12 events in Real life, from
    21 October 1989 to 27 November 1991; zoom in to tell them apart"."""
    if axis is AxisKind.NARRATIVE:
        lo, hi = math.floor(first) + 1, math.floor(last) + 1
        where = f"episode {lo}" if lo == hi else f"episodes {lo}–{hi}"
        what = count(events, "plot point")
    else:
        lo_day, hi_day = human_day(first), human_day(last)
        where = lo_day if lo_day == hi_day else f"from {lo_day} to {hi_day}"
        what = count(events, "event")
    return f"{what} in {track_name}, {where}; zoom in to tell them apart"


def pane_words(track_names: list[str], axis: AxisKind, lo: float, hi: float, episodes: int) -> str:
    """A pane: its tracks and the stretch of time in view: "Real life, Making of: from 1 May
    1985 to 3 March 2023", "On screen: episodes 2 to 5"."""
    tracks = ", ".join(track_names) or "every track hidden"
    if axis is AxisKind.NARRATIVE:
        first = min(max(math.floor(lo) + 1, 1), max(episodes, 1))
        last = min(max(math.ceil(hi), first), max(episodes, 1))
        where = f"episode {first}" if first == last else f"episodes {first} to {last}"
    else:
        where = f"from {human_day(lo)} to {human_day(hi)}"
    return f"{tracks}: {where}"
