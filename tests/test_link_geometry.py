"""Where links meet their marks, on the pure layout: a link to a long bar bends into it near its
end nearer the other mark (never a vertical line through every lane); a point is met at its point."""

from __future__ import annotations

import numpy as np
import pytest

from viewer.scene.anchors import Anchors
from viewer.scene.links import BAR_END_INSET, CrossingLinks, bar_end_near, link_ends


def anchors(x, lo, hi, y=0.0) -> Anchors:
    n = len(x)
    return Anchors(x=np.array(x, dtype=float), y=np.full(n, y), on_screen=np.ones(n, dtype=bool),
                   span_lo=np.array(lo, dtype=float), span_hi=np.array(hi, dtype=float), drawn=np.ones(n, dtype=bool))


def crossing(n: int) -> CrossingLinks:
    return CrossingLinks([f"a{k}" for k in range(n)], [f"b{k}" for k in range(n)], {}, {}, {})


def test_a_link_attaches_just_inside_the_bar_end_nearer_the_other_mark():
    lo, hi = np.array([100.0, 100.0, 100.0]), np.array([900.0, 900.0, 900.0])
    found = bar_end_near(lo, hi, np.array([50.0, 450.0, 700.0]))
    assert found.tolist() == [100 + BAR_END_INSET, 100 + BAR_END_INSET, 900 - BAR_END_INSET]


def test_a_short_bar_is_met_a_quarter_in_and_a_point_at_itself():
    assert bar_end_near(np.array([100.0]), np.array([120.0]), np.array([0.0])).tolist() == [105.0]
    assert bar_end_near(np.array([300.0]), np.array([300.0]), np.array([0.0])).tolist() == [300.0]


def test_links_from_real_events_to_a_season_long_plot_point_bend_to_its_ends_not_straight_down():
    # a plot point spanning the season (narrative bar 50-1450) linked to three real events
    narrative = anchors(x=[750.0] * 3, lo=[50.0] * 3, hi=[1450.0] * 3, y=600.0)
    calendar = anchors(x=[300.0, 700.0, 1200.0], lo=[300.0, 700.0, 1200.0], hi=[300.0, 700.0, 1200.0], y=100.0)
    ends = link_ends(crossing(3), narrative, calendar, None)
    assert ends.calendar_x.tolist() == [300.0, 700.0, 1200.0]
    assert ends.narrative_x.tolist() == [50 + BAR_END_INSET, 50 + BAR_END_INSET, 1450 - BAR_END_INSET]
    assert not np.any(np.isclose(ends.narrative_x, ends.calendar_x)), "no link runs straight down"


def test_a_point_to_point_link_joins_the_two_points():
    ends = link_ends(crossing(1), anchors([400.0], [400.0], [400.0], 600.0), anchors([250.0], [250.0], [250.0], 80.0), None)
    assert (ends.narrative_x.tolist(), ends.calendar_x.tolist()) == ([400.0], [250.0])


@pytest.mark.parametrize("selected, touched", [(None, [False, False]), ("a1", [False, True])])
def test_links_touching_the_selection_are_flagged(selected, touched):
    links = CrossingLinks(["a0", "a1"], ["b0", "b1"], {}, {}, {"a1": np.array([1]), "b1": np.array([1])})
    ends = link_ends(links, anchors([1.0, 2.0], [1.0, 2.0], [1.0, 2.0]), anchors([3.0, 4.0], [3.0, 4.0], [3.0, 4.0]), selected)
    assert ends.touches_selection.tolist() == touched
