"""Axis ticks: the date axis adapts from millennia to days; episode labels never run together."""

from __future__ import annotations

import pytest

from viewer.qt.timeline.axes import CHAR_PX, CalendarAxis, NarrativeAxis, calendar_ticks
from viewer.core.dates import days_from_civil


@pytest.mark.parametrize("lo, hi, expected", [
    ((1970, 1, 1), (2022, 1, 1), "1990"),            # decades: years
    ((1990, 1, 1), (1991, 6, 1), "Oct 1990"),        # a year: months
    ((1990, 10, 1), (1990, 11, 1), "21 Oct 1990"),   # a month: days
    ((-800, 1, 1), (2000, 1, 1), "501 BCE"),         # millennia, BCE years worded
])
def test_the_date_axis_labels_adapt_to_the_zoom(lo, hi, expected):
    levels = calendar_ticks(float(days_from_civil(*lo)), float(days_from_civil(*hi)), 1400.0)
    labels = [label for _, _, strings in levels for label in strings if label]
    if expected == "501 BCE":
        assert any(label.endswith("BCE") for label in labels)
    elif expected == "21 Oct 1990":
        assert any(label.endswith("Oct 1990") and label[0].isdigit() for label in labels)
    else:
        assert expected in labels


def test_major_date_labels_are_at_least_a_label_apart():
    for span_days in (3.0, 40.0, 400.0, 4000.0, 40000.0, 400000.0):
        levels = calendar_ticks(10000.0, 10000.0 + span_days, 1200.0)
        spacing, values, _ = levels[0]
        px = [(v - 10000.0) / span_days * 1200.0 for v in values]
        assert all(b - a >= 80 for a, b in zip(px, px[1:])), span_days


@pytest.mark.parametrize("lo, hi", [(-0.4, 9.4), (0.8, 3.2), (1.0, 1.5), (2.9, 3.1), (4.0, 9.0)])
def test_episode_and_minute_labels_never_run_into_each_other(qapp, lo, hi):
    axis = NarrativeAxis("bottom")
    axis.set_episodes({2: "Love & Loss", 3: "Friends & Foes", 8: "Prose & Cons"}, {}, 9)
    size = 1000.0
    placed = sorted(((value - lo) / (hi - lo) * size, axis._labels[value])
                    for _, values in axis.tickValues(lo, hi, size) for value in values if axis._labels.get(value))
    for (xa, a), (xb, b) in zip(placed, placed[1:]):
        # labels are centred on their ticks
        assert xb - xa >= CHAR_PX * (len(a) + len(b)) / 2 * 0.7, (a, b)


def test_a_calendar_axis_item_returns_the_cached_layout(qapp):
    axis = CalendarAxis("top")
    levels = axis.tickValues(7000.0, 8000.0, 1000.0)
    strings = axis.tickStrings(levels[0][1], 1.0, levels[0][0])
    assert all(strings) and len(strings) == len(levels[0][1])


def test_ticks_before_year_one_fall_on_round_years_as_people_write_them():
    # EDTF's year -199 is 200 BCE: ticks on round astronomical years read '201 BCE', '1 BCE'
    from viewer.core.dates import days_from_civil
    from viewer.qt.timeline.axes import calendar_ticks

    major = calendar_ticks(days_from_civil(-200, 1, 1), days_from_civil(-100, 1, 1), 900)[0]
    assert major[2][:3] == ("200 BCE", "190 BCE", "180 BCE")
    wide = calendar_ticks(days_from_civil(-1200, 1, 1), days_from_civil(1200, 1, 1), 900)[0]
    assert all(label.endswith("00 BCE") or not label.endswith("BCE") for label in wide[2]), wide[2]
    assert "1 BCE" not in wide[2] and "201 BCE" not in wide[2]
