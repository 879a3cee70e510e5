"""The timeline in words for assistive technology, and what a pane shows (one entry per mark in
view). Pure: no Qt."""

from __future__ import annotations

import numpy as np

from conftest import a_calendar_event, a_dataset_with, a_plot_point, write_dataset
from viewer.core.model import AxisKind
from viewer.core.spoken import box_words, event_details, event_words, pane_words
from viewer.dataset.load import load_dataset
from viewer.scene.columns import build_columns
from viewer.scene.lanes import PaneRect, lay_out_lanes
from viewer.scene.shown import shown_marks

PANE = PaneRect(100.0, 0.0, 800.0, 300.0)


def lanes_at(columns, view: tuple[float, float]):
    """The lanes a 800-px pane lays out at ``view`` (axis units), titles 80 px wide."""
    scale = PANE.width / (view[1] - view[0])
    offset = PANE.left - view[0] * scale
    return lay_out_lanes([columns], view, scale, offset, PANE, lambda c, i: np.full(len(i), 80.0))


def test_an_event_is_named_by_its_title_and_its_date_at_its_real_precision(bundled_dataset):
    assert event_words(bundled_dataset, "iris-azulai-killed") == "Iris Azulai is killed in Jerusalem, 21 October 1990"
    assert event_words(bundled_dataset, "raz-unit-217") == "Raz serves in Unit 217 (Duvdevan), about 1989–1993"


def test_a_plot_point_is_named_by_its_episode_and_described_by_its_verdict(bundled_dataset):
    plot_point = next(e for e in bundled_dataset.plot_points if e.narrative.episode == 2)
    assert event_words(bundled_dataset, plot_point.id).startswith(f"{plot_point.title}, Episode 2")
    details = event_details(bundled_dataset, plot_point.id)
    assert details.startswith("On screen; verdict: ") and plot_point.verdict.label.lower() in details


def test_a_count_box_says_how_many_where_and_what_to_do():
    assert box_words(12, "Real life", AxisKind.CALENDAR, 7233.0, 8000.0) == (
        "12 events in Real life, from 21 October 1989 to 27 November 1991; zoom in to tell them apart")
    assert box_words(3, "On screen", AxisKind.NARRATIVE, 1.2, 2.5).startswith("3 plot points in On screen, episodes 2–3")
    assert box_words(1_234, "Real life", AxisKind.CALENDAR, 7233.0, 7233.5).startswith(
        "1,234 events in Real life, 21 October 1989;")


def test_a_pane_is_named_by_its_tracks_and_the_time_in_view():
    assert pane_words(["Real life", "Making of"], AxisKind.CALENDAR, 7233.0, 8000.0, 1) == (
        "Real life, Making of: from 21 October 1989 to 27 November 1991")
    assert pane_words(["On screen"], AxisKind.NARRATIVE, -0.4, 9.7, 9) == "On screen: episodes 1 to 9"
    assert pane_words(["On screen"], AxisKind.NARRATIVE, 2.1, 2.6, 9) == "On screen: episode 3"
    assert pane_words([], AxisKind.CALENDAR, 0.0, 1.0, 1).startswith("every track hidden")


def test_a_pane_shows_the_marks_in_view_lane_by_lane_left_to_right(tmp_path):
    events = [a_calendar_event(id=f"e{year}", when=str(year)) for year in (1995, 1960, 1980, 2010, 1990)]
    columns = build_columns(load_dataset(write_dataset(tmp_path, a_dataset_with(events=events))))["real"]
    lo, hi = 1975 * 365.25 - 1970 * 365.25, 2000 * 365.25 - 1970 * 365.25  # 1975 to 2000, in days since 1970
    shown = shown_marks(lanes_at(columns, (lo, hi)), PANE.left, PANE.right)
    assert [columns.ids[m.index] for m in shown] == ["e1980", "e1990", "e1995"]
    assert all(m.count == 1 and PANE.left <= (m.left + m.right) / 2 <= PANE.right for m in shown)
    assert [m.left for m in shown] == sorted(m.left for m in shown)
    assert len({m.key for m in shown}) == 3


def test_a_count_box_is_one_entry_and_the_selected_event_inside_it_follows_it(tmp_path):
    events = [a_calendar_event(id=f"e{i}", when="1990-10-21") for i in range(400)]
    columns = build_columns(load_dataset(write_dataset(tmp_path, a_dataset_with(events=events))))["real"]
    lanes = lanes_at(columns, (0.0, 20000.0))
    shown = shown_marks(lanes, PANE.left, PANE.right)
    assert sum(m.count for m in shown) == 400 and any(m.count > 1 for m in shown)
    box = next(m for m in shown if m.count > 1)
    assert box.first == box.last == float(columns.lo[box.index])

    with_selection = shown_marks(lanes, PANE.left, PANE.right, selected="e7")
    position = next(i for i, m in enumerate(with_selection) if m.in_box)
    boxed = with_selection[position]
    assert columns.ids[boxed.index] == "e7" and boxed.count == 1
    assert with_selection[position - 1].count > 1, "listed right after the box that draws it"
    assert boxed.left == with_selection[position - 1].left


def test_plot_points_are_shown_in_episode_order(tmp_path):
    points = [a_plot_point(id=f"p{n}", episode=n) for n in (3, 1, 2)]
    dataset = load_dataset(write_dataset(tmp_path, a_dataset_with(events=points)))
    columns = build_columns(dataset)["screen"]
    shown = shown_marks(lanes_at(columns, (0.0, 3.0)), PANE.left, PANE.right)
    assert [columns.ids[m.index] for m in shown] == ["p1", "p2", "p3"]
