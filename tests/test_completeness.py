"""Nothing is dropped: at every zoom and pan, every event whose extent meets the view is owned by
exactly one mark, and that mark is drawn where the event shows. Pure (the scene package, no Qt):
random tracks of long and short intervals, open ends, uncertain dates and bursts of points on one
day, laid out at random views and panned inside each layout."""

from __future__ import annotations

import datetime
import random

import numpy as np
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import a_dataset_with
from viewer.dataset.build import build_dataset
from viewer.scene.columns import build_columns
from viewer.scene.lanes import BOX_INSET, MARKER_RADIUS, PaneRect, lay_out_lanes, layout_window, pivot_of

def _iso(day: int) -> str:
    """The date ``day`` days after 1 January 1950."""
    return (datetime.date(1950, 1, 1) + datetime.timedelta(days=day)).isoformat()


@st.composite
def whens(draw) -> str:
    kind = draw(st.sampled_from(["point", "burst", "short", "long", "open", "open-start", "fuzzy", "decade"]))
    # most events within four years of 1975 (so lanes get busy), long ones reach decades away
    day = 25 * 365 + draw(st.integers(-2 * 365, 2 * 365))
    if kind == "burst":  # many events on one day: the burst's day comes from a few fixed ones
        return _iso(draw(st.sampled_from([9000, 9001, 9400])))
    if kind == "short":
        return f"{_iso(day)}/{_iso(day + draw(st.integers(1, 40)))}"
    if kind == "long":
        return f"{_iso(day - draw(st.integers(0, 20 * 365)))}/{_iso(day + draw(st.integers(30, 20 * 365)))}"
    if kind == "open":
        return f"{_iso(day)}/.."
    if kind == "open-start":
        return f"../{_iso(day)}"
    if kind == "fuzzy":
        return f"{_iso(day)[:7]}~"
    if kind == "decade":
        return f"{1950 + day // 3650}X"[:3] + "X"
    return _iso(day)


@st.composite
def tracks(draw):
    """A dataset's calendar events on one to three tracks: hand-picked kinds of date (a burst
    repeated many times), over a busy background of random points and long intervals."""
    n_tracks = draw(st.integers(1, 3))
    events = []
    for t in range(n_tracks):
        for when in draw(st.lists(whens(), min_size=0, max_size=40)):
            copies = draw(st.sampled_from([1, 1, 1, 10, 40, 200])) if "/" not in when and "~" not in when else 1
            events += [{"track": f"t{t}", "when": when}] * copies
        rng = random.Random(draw(st.integers(0, 2**16)))
        for _ in range(draw(st.sampled_from([0, 200, 1500]))):
            day = 25 * 365 + rng.randint(-2 * 365, 2 * 365)
            events.append({"track": f"t{t}", "when": _iso(day)})
        for _ in range(draw(st.sampled_from([0, 5, 80, 600]))):
            day = 25 * 365 + rng.randint(-2 * 365, 2 * 365)
            events.append({"track": f"t{t}", "when": f"{_iso(day - rng.randint(1, 3000))}/{_iso(day + rng.randint(1, 3000))}"})
    return n_tracks, events


def a_dataset(n_tracks: int, events: list[dict]):
    data = a_dataset_with(
        events=[{"id": f"e{i}", "track": e["track"], "title": f"Event {i}", "when": e["when"],
                 "citations": [{"source": "note", "note": "A note."}]} for i, e in enumerate(events)],
        sources=[{"id": "note", "title": "Notes", "publisher": "Test"}],
        tracks=[{"id": f"t{t}", "name": f"Track {t}", "axis": "calendar", "color": "#1f77b4"} for t in range(n_tracks)])
    return build_dataset(data)


def titles(columns, index):
    return np.full(len(index), 90.0)


def check_every_event_in_view_is_drawn_once(lanes, view, scale, offset, pane):
    """Each event meeting ``view`` is in exactly one mark, whose drawn extent overlaps the part of
    the event the pane shows (a busy lane's box stands for its whole cell: BOX_INSET each side)."""
    for lane in lanes:
        columns = lane.columns
        members = lane.arrays.members
        assert len(members) == len(np.unique(members)), "an event is in two marks"
        in_view = columns.visible_slice(*view)
        owners = lane.owners()[in_view]
        assert (owners >= 0).all(), f"{len(in_view) - int((owners >= 0).sum())} events in view have no mark"
        left, right = lane.drawn_extents(scale, offset)
        slack = np.where(lane.arrays.counts[owners] > 1, BOX_INSET, 0.0)
        # the part of the event the pane shows: its footprint (a point is a marker MARKER_RADIUS
        # each side of its date), cut to the pane; and the same for its mark
        event_lo = np.maximum(columns.lo[in_view] * scale + offset - MARKER_RADIUS, pane.left)
        event_hi = np.minimum(columns.hi[in_view] * scale + offset + MARKER_RADIUS, pane.right)
        drawn_lo = np.maximum(left[owners] - slack, pane.left)
        drawn_hi = np.minimum(right[owners] + slack, pane.right)
        meets = (drawn_lo <= event_hi) & (drawn_hi >= event_lo) & (drawn_lo <= drawn_hi)
        assert meets.all(), (f"{columns.name}: {int((~meets).sum())} events drawn away from where they show, e.g. "
                             f"event {columns.ids[int(in_view[~meets][0])]} at "
                             f"{float(event_lo[~meets][0]):.1f}-{float(event_hi[~meets][0]):.1f} px, its mark at "
                             f"{float(drawn_lo[~meets][0]):.1f}-{float(drawn_hi[~meets][0]):.1f} px")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(tracks(), st.floats(0.0, 1.0), st.sampled_from([2.0, 20.0, 200.0, 800.0, 2000.0, 20000.0]),
       st.integers(300, 2000), st.integers(60, 700), st.floats(0.0, 1.0), st.booleans())
def test_every_event_meeting_the_view_is_drawn_by_exactly_one_mark_where_it_shows(
        case, where, days, width, height, pan, limited):
    dataset = a_dataset(*case)
    columns = list(build_columns(dataset).values())
    lo = 3 * 365 + where * 5 * 365 - days / 2  # days since 1970, around the busy years
    view = (lo, lo + days)
    pane = PaneRect(40.0, 0.0, float(width), float(height))
    latest_left = view[0] + pan * days if limited else None  # a pan limit just right of the view

    def place(view):
        scale = pane.width / (view[1] - view[0])
        return scale, pane.left - view[0] * scale

    scale, offset = place(view)
    lanes = lay_out_lanes(columns, view, scale, offset, pane, titles, latest_left)
    check_every_event_in_view_is_drawn_once(lanes, view, scale, offset, pane)
    # pan inside the layout: the marks only move, and still every event in view is drawn once
    window, pivot = layout_window(*view), pivot_of(*view, latest_left)
    first = view[0] - (view[0] % days) if days else view[0]
    panned_left = first + pan * (min(pivot, first + days) - first)
    panned = (panned_left, panned_left + days)
    same = layout_window(*panned) == window and pivot_of(*panned, latest_left) == pivot and panned[0] <= pivot
    event(f"panned inside the layout: {same}")
    if same:
        moved_scale, moved_offset = place(panned)
        moved = [lane.shifted(moved_offset - offset) for lane in lanes]
        check_every_event_in_view_is_drawn_once(moved, panned, moved_scale, moved_offset, pane)


def test_a_long_interval_across_a_busy_view_is_drawn_across_it_not_counted_off_screen():
    # 1960-1990 among 3,000 points over three months of 1975, seen ten days at a time
    events = [{"track": "t0", "when": "1960/1990"}] + [
        {"track": "t0", "when": f"1975-{5 + k % 3:02d}-{1 + k % 28:02d}"} for k in range(3000)]
    columns = list(build_columns(a_dataset(1, events)).values())
    start = 5 * 365 + 160  # about 10 June 1975, in days since 1970
    for shift in (0.0, 3.3, 7.9):  # any pan
        view = (start + shift, start + shift + 10)
        pane = PaneRect(0.0, 0.0, 1600.0, 400.0)
        scale = 1600.0 / 10
        offset = -view[0] * scale
        lanes = lay_out_lanes(columns, view, scale, offset, pane, titles)
        check_every_event_in_view_is_drawn_once(lanes, view, scale, offset, pane)
        lane = lanes[0]
        k = int(lane.owners()[lane.columns.index_of["e0"]])
        assert lane.arrays.counts[k] == 1, "the interval is a mark of its own"
        left, right = lane.drawn_extents(scale, offset)
        assert left[k] <= 0 and right[k] >= 1600, "drawn across the whole view"


def test_an_open_ended_interval_is_never_counted_with_points():
    events = ([{"track": "t0", "when": "1976-03-03/.."}] +
              [{"track": "t0", "when": w} for w in ("1975-12", "1976-01", "1976-03")] +
              [{"track": "t0", "when": f"1976-{1 + k % 12:02d}-{1 + k % 28:02d}"} for k in range(400)])
    columns = list(build_columns(a_dataset(1, events)).values())
    for days in (4 * 30, 3 * 365, 30 * 365):
        view = (6 * 365 - days / 2, 6 * 365 + days / 2)
        for height in (60, 200, 600):
            pane = PaneRect(0.0, 0.0, 1200.0, float(height))
            scale = 1200.0 / days
            lanes = lay_out_lanes(columns, view, scale, -view[0] * scale, pane, titles)
            lane = lanes[0]
            k = int(lane.owners()[lane.columns.index_of["e0"]])
            assert lane.arrays.counts[k] == 1, f"at {days} days, {height} px: the open-ended bar was counted in a box"
