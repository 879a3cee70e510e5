"""The timeline as a user drives it: clicks, linked events, wheel and keyboard zoom, limits, labels."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QTextCursor, QWheelEvent
from PySide6.QtWidgets import QApplication

from conftest import a_calendar_event, a_dataset_with, settle, write_dataset
from viewer.dataset.load import load_dataset
from viewer.core.dates import days_from_civil, iso_from_days
from layout_helpers import rects_intersect
from viewer.scene.lanes import MARKER_RADIUS
from viewer.qt.timeline.view import MIN_CALENDAR_RANGE, MIN_NARRATIVE_MINUTES

QUOTED_EVENT = "iris-azulai-killed"


def click_scene(qtbot, view, scene_pos: QPointF) -> None:
    """Click the timeline's viewport where ``scene_pos`` is drawn (qt-notes: click the viewport)."""
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(scene_pos))


def wheel(view, scene_pos: QPointF, steps: int) -> None:
    """Send wheel notches (+ zooms in) to the viewport at a scene position."""
    pos = QPointF(view.mapFromScene(scene_pos))
    global_pos = QPointF(view.viewport().mapToGlobal(pos.toPoint()))
    for _ in range(abs(steps)):
        event = QWheelEvent(pos, global_pos, QPoint(0, 0), QPoint(0, 120 if steps > 0 else -120),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(view.viewport(), event)


def axis_value_at(pane, scene_pos: QPointF) -> float:
    return float(pane.view_box.mapSceneToView(scene_pos).x())


def span(pane) -> float:
    lo, hi = pane.x_range()
    return hi - lo


def empty_spot(pane) -> QPointF:
    """A point inside the pane's lanes where no mark or label is drawn."""
    item = pane.item
    rect = item.scene_rect()
    for lane in item.lanes():
        for fx, fy in itertools.product((0.97, 0.5, 0.3, 0.75, 0.1, 0.9), (0.9, 0.6, 0.3)):
            spot = QPointF(rect.left() + rect.width() * fx, lane.top + lane.height * fy)
            if item.mark_at(spot, slack=12) is None:
                return spot
    raise AssertionError("no empty spot in the pane")


# -- clicking events -------------------------------------------------------------------------------


def test_clicking_an_event_selects_it_and_the_panel_shows_its_quote_and_source(window, qtbot):
    dataset = window.state.dataset
    event = dataset.event(QUOTED_EVENT)
    citation = next(c for c in event.citations if c.quote)
    view = window.timeline
    pos = view.calendar.item.event_scene_pos(QUOTED_EVENT)
    assert pos is not None

    click_scene(qtbot, view, pos)

    assert window.state.selected == QUOTED_EVENT
    text = window.detail.toPlainText()
    assert event.title in text
    assert citation.quote in text
    assert dataset.sources[citation.source_id].title in text
    assert "21 October 1990" in text


def test_clicking_a_plot_point_selects_it_and_shows_its_verdict(window, qtbot):
    dataset = window.state.dataset
    view = window.timeline
    plot_point = next(e for e in dataset.plot_points if e.verdict is not None
                      and view.narrative.item.event_scene_pos(e.id) is not None
                      and view.narrative.item.mark_at(view.narrative.item.event_scene_pos(e.id))[1].count == 1)

    click_scene(qtbot, view, view.narrative.item.event_scene_pos(plot_point.id))

    assert window.state.selected == plot_point.id
    assert plot_point.verdict.label in window.detail.toPlainText()


def test_every_individually_drawn_event_can_be_clicked(window, qtbot):
    view = window.timeline
    for pane in view.panes:
        for lane in pane.item.lanes():
            for mark in lane.marks:
                if mark.count != 1:
                    continue
                event_id = lane.columns.ids[mark.index]
                window.state.select(None)
                click_scene(qtbot, view, pane.item.event_scene_pos(event_id))
                assert window.state.selected == event_id


def test_clicking_empty_space_clears_the_selection(window, qtbot):
    view = window.timeline
    click_scene(qtbot, view, view.calendar.item.event_scene_pos(QUOTED_EVENT))
    assert window.state.selected == QUOTED_EVENT

    click_scene(qtbot, view, empty_spot(view.calendar))

    assert window.state.selected is None
    assert window.state.dataset.title in window.detail.toPlainText()


def test_double_clicking_an_event_zooms_to_it(window, qtbot):
    view = window.timeline
    pane = view.calendar
    before = span(pane)
    pos = pane.item.event_scene_pos(QUOTED_EVENT)

    # what a real double click delivers: press, release, double-click, release
    # (QTest's mouseDClick sends only the double-click, which pyqtgraph acts on at the release)
    point = view.mapFromScene(pos)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    settle(qtbot)

    assert window.state.selected == QUOTED_EVENT
    assert span(pane) < before / 10
    lo, hi = pane.x_range()
    event = window.state.dataset.event(QUOTED_EVENT)
    assert lo < event.start < hi


def test_zooming_to_a_plot_point_that_spans_episodes_zooms_in_on_it(window, qtbot):
    # episodes 4-7 of a fitted season: zooming to it used to zoom out a little (it filled a third)
    view = window.timeline
    pane = view.narrative
    before = span(pane)
    view.zoom_to_event("hunting-drivers")
    settle(qtbot)
    lo, hi = pane.x_range()
    columns = window.state.columns["on-screen"]
    i = columns.index_of["hunting-drivers"]
    start, end = float(columns.lo[i]), float(columns.hi[i])
    assert span(pane) < before * 0.7  # four episodes of ten, with room around them
    assert lo < start and end < hi and (end - start) / (hi - lo) == pytest.approx(2 / 3)


def test_clicking_an_aggregate_mark_zooms_in_until_its_events_spread_out(make_window, qtbot, tmp_path):
    # more same-season days than a lane has rows, so some of them must share a mark
    first = days_from_civil(1990, 10, 1)
    events = [a_calendar_event(id=f"day-{d}", when=iso_from_days(first + d)) for d in range(60)]
    events += [a_calendar_event(id="early", when="1950"), a_calendar_event(id="late", when="2020")]
    window = make_window(load_dataset(write_dataset(tmp_path, a_dataset_with(events=events))))
    view = window.timeline
    item = view.calendar.item
    lane = item.lanes()[0]
    cluster = next(m for m in lane.marks if m.count > 1)
    drawn = sorted(lane.columns.ids[int(i)] for m in lane.marks for i in m.members)
    assert drawn == sorted(e["id"] for e in events), "every event is in exactly one mark"

    y = lane.row_centre(cluster.row)
    click_scene(qtbot, view, QPointF((cluster.x0 + cluster.x1) / 2, y))
    settle(qtbot)

    assert window.state.selected is None
    lo, hi = view.calendar.x_range()
    members = [lane.columns.ids[int(i)] for i in cluster.members]
    days = [window.state.dataset.event(m).start for m in members]
    assert lo <= min(days) and max(days) <= hi
    assert hi - lo < 90, "zoomed in to the weeks the aggregate covered"
    spread = [m for m in item.lanes()[0].marks if any(lane.columns.ids[int(i)] in members for i in m.members)]
    assert len(spread) > 1, "its events now have marks of their own"


# -- linked events in the panel ---------------------------------------------------------------------


def anchor_point(browser, href: str) -> QPoint:
    """Viewport position of the link ``href`` in a QTextBrowser (scrolled into view first)."""
    document = browser.document()
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position() + min(2, fragment.length() - 1))
                browser.setTextCursor(cursor)
                browser.ensureCursorVisible()
                return browser.cursorRect(cursor).center()
            it += 1
        block = block.next()
    raise AssertionError(f"no link {href!r} in the panel")


def test_clicking_a_linked_event_in_the_panel_selects_it_and_centres_it_in_the_other_pane(window, qtbot):
    dataset = window.state.dataset
    view = window.timeline
    link = next(l for l in dataset.links if l.to_id == QUOTED_EVENT and dataset.event(l.from_id).narrative)
    # look at the making-of years, far from 1990, so centring has to move the calendar
    making_of = [e.start for e in dataset.events_in("making-of")]
    view.calendar.set_x_range(min(making_of), max(making_of))
    settle(qtbot)
    assert view.calendar.item.event_scene_pos(QUOTED_EVENT) is None
    zoom = span(view.calendar)
    window.state.select(link.from_id)
    settle(qtbot)

    qtbot.mouseClick(window.detail.viewport(), Qt.MouseButton.LeftButton,
                     pos=anchor_point(window.detail, f"event:{QUOTED_EVENT}"))
    settle(qtbot)

    assert window.state.selected == QUOTED_EVENT
    lo, hi = view.calendar.x_range()
    assert hi - lo == pytest.approx(zoom, rel=0.01), "centring keeps the zoom"
    x = view.calendar.item.event_scene_pos(QUOTED_EVENT).x()
    rect = view.calendar.item.scene_rect()
    assert abs(x - rect.center().x()) < 0.03 * rect.width()


def test_the_panels_event_link_signal_focuses_the_event(window, qtbot):
    view = window.timeline
    view.narrative.set_x_range(7, 9)
    window.detail.anchorClicked.emit(QUrl("event:wife-killed"))
    settle(qtbot)
    assert window.state.selected == "wife-killed"
    x = view.narrative.item.anchor("wife-killed")[0]
    rect = view.narrative.item.scene_rect()
    assert abs(x - rect.center().x()) < 0.03 * rect.width()


def test_a_link_to_an_unknown_event_is_ignored(window):
    window.state.select(QUOTED_EVENT)
    window.detail.anchorClicked.emit(QUrl("event:no-such-event"))
    assert window.state.selected == QUOTED_EVENT


# -- wheel and keyboard zoom -------------------------------------------------------------------------


@pytest.mark.parametrize("pane_name", ["calendar", "narrative"])
def test_wheel_zooms_around_the_cursor(window, qtbot, pane_name):
    view = window.timeline
    pane = getattr(view, pane_name)
    rect = pane.view_box.sceneBoundingRect()
    cursor = QPointF(rect.left() + rect.width() * 0.3, rect.center().y())
    before_span = span(pane)
    under = axis_value_at(pane, cursor)

    wheel(view, cursor, 3)
    settle(qtbot)

    assert span(pane) < before_span * 0.8
    assert axis_value_at(pane, cursor) == pytest.approx(under, abs=before_span * 0.005)

    wheel(view, cursor, -2)
    settle(qtbot)
    assert axis_value_at(pane, cursor) == pytest.approx(under, abs=before_span * 0.005)


def test_wheel_over_one_pane_leaves_the_other_alone(window, qtbot):
    view = window.timeline
    rect = view.narrative.view_box.sceneBoundingRect()
    before = view.calendar.x_range()
    wheel(view, rect.center(), 4)
    settle(qtbot)
    assert view.calendar.x_range() == before


def test_plus_and_minus_keys_zoom_the_pane_under_the_mouse(window, qtbot):
    view = window.timeline
    view.setFocus()
    rect = view.narrative.view_box.sceneBoundingRect()
    cursor = QPointF(rect.left() + rect.width() * 0.3, rect.center().y())
    qtbot.mouseMove(view.viewport(), view.mapFromScene(cursor))
    settle(qtbot)
    assert view.active is view.narrative
    calendar_before = view.calendar.x_range()
    before = span(view.narrative)
    under = axis_value_at(view.narrative, cursor)

    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert span(view.narrative) == pytest.approx(before / 1.5, rel=1e-6)
    assert axis_value_at(view.narrative, cursor) == pytest.approx(under, abs=before * 0.005), "zooms at the cursor"
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert span(view.narrative) == pytest.approx(before, rel=1e-6)
    assert view.calendar.x_range() == calendar_before


def test_arrow_keys_pan_and_home_fits_all(window, qtbot):
    view = window.timeline
    pane = view.calendar
    view.setFocus()
    fitted = pane.x_range()
    pane.zoom(0.25)
    lo, hi = pane.x_range()

    qtbot.keyClick(view, Qt.Key.Key_Right)
    lo2, hi2 = pane.x_range()
    assert lo2 - lo == pytest.approx(0.15 * (hi - lo)) and hi2 - lo2 == pytest.approx(hi - lo)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert pane.x_range() == pytest.approx((lo, hi))

    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert pane.x_range() == pytest.approx(fitted)
    assert pane.x_range() == pytest.approx(view.full_range(pane))


def test_fit_all_action_shows_every_event_after_zooming(window, qtbot):
    view = window.timeline
    for pane in view.panes:
        pane.zoom(0.01)
    window.fit_action.trigger()
    settle(qtbot)
    for event in window.state.dataset.events:
        assert view.pane_for(event.id).item.anchor(event.id)[2], event.id


def test_calendar_cannot_zoom_in_past_a_day(window, qtbot):
    pane = window.timeline.calendar
    pane.zoom(1e-9)
    assert span(pane) >= MIN_CALENDAR_RANGE * 0.999
    rect = pane.view_box.sceneBoundingRect()
    wheel(window.timeline, rect.center(), 80)
    settle(qtbot)
    assert span(pane) >= MIN_CALENDAR_RANGE * 0.999
    assert span(pane) < MIN_CALENDAR_RANGE * 2, "the wheel gets all the way down to a day"


def test_narrative_cannot_zoom_in_past_a_minute(window, qtbot):
    pane = window.timeline.narrative
    minutes = max([e.minutes for e in window.state.dataset.episodes] + [50.0])
    one_minute = MIN_NARRATIVE_MINUTES / minutes  # the narrative axis counts episodes
    rect = pane.view_box.sceneBoundingRect()
    wheel(window.timeline, rect.center(), 80)
    settle(qtbot)
    assert span(pane) >= one_minute * 0.999
    assert span(pane) < one_minute * 2
    pane.set_x_range(3.0, 3.0 + one_minute / 100)
    assert span(pane) >= one_minute * 0.999


@pytest.mark.parametrize("pane_name", ["calendar", "narrative"])
def test_cannot_zoom_or_pan_out_beyond_the_data_and_a_margin(window, qtbot, pane_name):
    view = window.timeline
    pane = getattr(view, pane_name)
    full_lo, full_hi = view.full_range(pane)
    full = full_hi - full_lo
    rect = pane.view_box.sceneBoundingRect()

    wheel(view, rect.center(), -40)
    pane.zoom(1e6)
    settle(qtbot)
    lo, hi = pane.x_range()
    assert hi - lo <= full * 1.2
    assert lo >= full_lo - full * 0.1 and hi <= full_hi + full * 0.1

    pane.zoom(0.1)
    for _ in range(40):
        pane.pan(1.0)
    lo, hi = pane.x_range()
    assert hi <= full_hi + full * 0.1
    for _ in range(40):
        pane.pan(-1.0)
    lo, hi = pane.x_range()
    assert lo >= full_lo - full * 0.1


# -- labels ------------------------------------------------------------------------------------------


def shrunk(rect: tuple[float, float, float, float], by: float = 0.5) -> tuple[float, float, float, float]:
    """Rects that merely touch (adjacent rows) are not overlapping; allow for float rounding."""
    x, y, w, h = rect
    return x + by, y + by, w - 2 * by, h - 2 * by


def mark_rects(item) -> list[tuple[str, tuple[float, float, float, float]]]:
    """What each mark covers (marker, bar, whiskers, range band) in scene pixels, with its event id."""
    found = []
    for lane in item.lanes():
        for mark in lane.marks:
            y = lane.row_centre(mark.row)
            owner = lane.columns.ids[mark.index] if mark.count == 1 else f"cluster@{mark.x0:.0f}"
            found.append((owner, (mark.x0, y - 8, max(mark.x1 - mark.x0, 2 * MARKER_RADIUS), 16)))
    return found


@pytest.mark.parametrize("size", [(1500, 850), (1100, 700), (1920, 1080)])
def test_no_two_drawn_labels_intersect_at_the_default_view(make_window, size):
    window = make_window(size=size)
    for pane in window.timeline.panes:
        labels = pane.item.label_rects()
        assert labels, "some labels are shown"
        for (a_id, a), (b_id, b) in itertools.combinations(labels, 2):
            assert not rects_intersect(shrunk(a), shrunk(b)), f"labels of {a_id} and {b_id} overlap"


def test_no_label_is_drawn_over_another_events_mark_at_the_default_view(window):
    for pane in window.timeline.panes:
        marks = mark_rects(pane.item)
        for label_id, label in pane.item.label_rects():
            for mark_id, mark in marks:
                if mark_id != label_id:
                    assert not rects_intersect(shrunk(label), shrunk(mark)), f"label of {label_id} covers {mark_id}"


def test_labels_stay_apart_while_zooming_in(window, qtbot):
    view = window.timeline
    for pane in view.panes:
        rect = pane.view_box.sceneBoundingRect()
        for fx in (0.2, 0.5, 0.8):
            view.fit_all()
            wheel(view, QPointF(rect.left() + rect.width() * fx, rect.center().y()), 6)
            settle(qtbot, 1)
            labels = pane.item.label_rects()
            for (a_id, a), (b_id, b) in itertools.combinations(labels, 2):
                assert not rects_intersect(shrunk(a), shrunk(b)), f"labels of {a_id} and {b_id} overlap"


def test_titles_the_right_edge_would_cut_are_written_whole_left_of_their_marks(window, qtbot):
    # At the default view the making-of years crowd the calendar pane's right edge: their titles
    # go left of their marks, whole, where the row has room there, and a click on one selects it.
    item = window.timeline.calendar.item
    metrics = item.title_metrics
    on_left = []
    for lane in item.lanes():
        for mark in lane.marks:
            if mark.count == 1 and mark.label_left:
                rect = item.label_rect(lane.columns, mark, lane.row_centre(mark.row), item.scene_rect(), lane.row_height)
                title = lane.columns.titles[mark.index]
                assert rect is not None and rect.right() < mark.x0, title  # before its mark
                assert rect.width() >= metrics.horizontalAdvance(title), title  # whole, not elided
                on_left.append((lane.columns.ids[mark.index], rect))
    assert len(on_left) >= 3, "the crowded right end puts titles on the left"
    event_id, rect = on_left[0]
    click_scene(qtbot, window.timeline, rect.center())
    assert window.state.selected == event_id


def test_a_title_left_of_its_mark_is_cut_at_the_panes_left_edge_by_a_pan_not_dropped(window):
    from PySide6.QtCore import QRectF

    item = window.timeline.calendar.item
    lane, mark = next((lane, mark) for lane in item.lanes() for mark in lane.marks if mark.count == 1 and mark.label_left)
    y = lane.row_centre(mark.row)
    pane = item.scene_rect()
    whole = item.label_rect(lane.columns, mark, y, pane, lane.row_height)
    # a pan inside the layout window only moves the marks: the pane's left edge now falls in the label
    edge = whole.left() + whole.width() / 2
    cut = item.label_rect(lane.columns, mark, y, QRectF(edge, pane.top(), pane.right() - edge, pane.height()), lane.row_height)
    assert cut is not None and cut.left() >= edge and cut.right() == whole.right()
    # with too little of it left, there is no label (the selection's callout names the event then)
    edge = whole.right() - 10
    assert item.label_rect(lane.columns, mark, y, QRectF(edge, pane.top(), pane.right() - edge, pane.height()),
                           lane.row_height) is None


def test_a_lane_with_nothing_in_view_says_how_many_events_lie_each_way_and_a_click_goes_there(window, qtbot):
    view = window.timeline
    calendar = view.calendar
    start = window.state.dataset.event("iris-azulai-killed").start
    calendar.set_x_range(start - 200, start + 200)  # around 1990: no making-of event in view
    settle(qtbot)
    item = calendar.item
    making = window.state.columns["making-of"]
    hints = [(box, direction) for box, track, direction in item.off_view_hints if track == "making-of"]
    assert [d for _, d in hints] == [1], "all twelve making-of events are later"
    box, _ = hints[0]
    click_scene(qtbot, view, box.center())
    settle(qtbot)
    first = making.ids[0]
    assert window.state.selected == first, "the click picks the first making-of event after the view"
    lo, hi = calendar.x_range()
    assert lo <= float(making.lo[0]) <= hi, "and brings it into view"
    assert not [h for h in item.off_view_hints if h[1] == "making-of"], "the lane has something in view now"


def test_a_bar_running_off_the_pane_has_its_title_beside_it_where_there_is_room_else_on_it(window, qtbot):
    # around 1990-1992 two bars start near the right edge and run off it: too little of them
    # shows to hold a title
    start = window.state.dataset.event("iris-azulai-killed").start
    window.timeline.calendar.set_x_range(start - 400, start + 900)
    settle(qtbot)
    item = window.timeline.calendar.item
    lane = next(l for l in item.lanes() if l.columns.track_id == "real-life")
    marks = {lane.columns.ids[m.index]: m for m in lane.marks if m.count == 1}
    right = item.scene_rect().right()
    bodyguard = marks["raz-bodyguard-us"]
    assert bodyguard.x1 >= right, "it runs off the pane"
    # it has room on its left, and too little of it shows: its title is written there whole
    assert bodyguard.label_left and not bodyguard.label_on_bar
    assert bodyguard.label_width >= item.title_metrics.horizontalAdvance(lane.columns.titles[bodyguard.index])
    # the other case (its left taken: it stays on the bar, elided) is pinned on the pure layout:
    # tests/test_layout.py::test_a_label_stays_cut_where_its_left_is_taken_or_off_the_pane


def test_every_label_stays_inside_its_pane(window):
    for pane in window.timeline.panes:
        rect = pane.item.scene_rect()
        for event_id, (x, y, w, h) in pane.item.label_rects():
            assert x >= rect.left() - 1 and x + w <= rect.right() + 6, event_id
            assert w > 0, event_id


# -- hover and links ---------------------------------------------------------------------------------


def test_hovering_an_event_shows_its_title_and_date(window, qtbot):
    view = window.timeline
    event = window.state.dataset.event(QUOTED_EVENT)
    pos = view.mapFromScene(view.calendar.item.event_scene_pos(QUOTED_EVENT))
    qtbot.mouseMove(view.viewport(), pos + QPoint(3, 0))
    qtbot.mouseMove(view.viewport(), pos)
    settle(qtbot)
    tip = view.calendar.item.toolTip()
    assert event.title in tip and "21 October 1990" in tip


def test_links_join_plot_points_to_real_events_and_light_up_with_the_selection(window, qtbot):
    dataset = window.state.dataset
    view = window.timeline
    cross = [l for l in dataset.links
             if (dataset.event(l.from_id).narrative is None) != (dataset.event(l.to_id).narrative is None)]
    curves = view.links.curves()
    assert {(c[0], c[1]) for c in curves} == {(l.from_id, l.to_id) for l in cross}
    assert not any(c[4] for c in curves)

    window.state.select(QUOTED_EVENT)
    touching = {(c[0], c[1]) for c in view.links.curves() if c[4]}
    assert touching == {(l.from_id, l.to_id) for l in cross if QUOTED_EVENT in (l.from_id, l.to_id)}
    assert touching


def test_links_follow_a_pane_as_it_pans(window, qtbot):
    view = window.timeline
    before = {(c[0], c[1]): c[2].pointAtPercent(1.0) for c in view.links.curves()}
    view.calendar.pan(0.1)
    settle(qtbot)
    after = {(c[0], c[1]): c[2].pointAtPercent(1.0) for c in view.links.curves()}
    moved = [k for k in before if k in after and abs(before[k].x() - after[k].x()) > 5]
    assert moved, "the calendar ends of the links moved with the calendar"


def test_a_dataset_with_no_dated_event_opens_on_this_year(make_window, tmp_path):
    # nothing to fit: the calendar shows the year a user is in (it once showed 1970, day 0)
    import datetime

    from conftest import a_plot_point

    window = make_window(load_dataset(write_dataset(tmp_path, a_dataset_with(events=[a_plot_point()]))))
    lo, hi = window.timeline.calendar.view_box.viewRange()[0]
    year = datetime.date.today().year
    assert lo <= days_from_civil(year, 7, 1) <= hi
    assert hi - lo < 2 * 366


def test_the_window_opens_with_the_heights_shared_for_its_first_view(qtbot):
    # start-up shared the heights at the window's first size, before the fit to all events, and
    # nothing shared them again: two real-life titles and two making-of titles went unshown
    # until an edit re-laid the window out
    from viewer.qt import start
    from viewer.resources import BUNDLED_DATASET

    window = start.open_window(BUNDLED_DATASET, size=(1400, 820))
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    settle(qtbot)
    at_start = [pane.item._lane_weights for pane in window.timeline.panes]
    window.timeline.share_height()
    assert [pane.item._lane_weights for pane in window.timeline.panes] == at_start
    window.close()
