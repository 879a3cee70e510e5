"""The inspiration links overlay as the panes move: stubs for links whose other end is off screen,
nothing for links with no end in view or an end on a hidden track, and ends that follow the marks."""

from __future__ import annotations

from PySide6.QtCore import QPointF

from conftest import settle


def crossing_links(window):
    dataset = window.state.dataset
    return [l for l in dataset.links
            if (dataset.event(l.from_id).narrative is None) != (dataset.event(l.to_id).narrative is None)]


def calendar_end(window, link) -> str:
    dataset = window.state.dataset
    return link.to_id if dataset.event(link.from_id).narrative is not None else link.from_id


def scroll_calendar_end_away(window):
    """The first crossing link, after the calendar is moved to a year that ends well before its
    real event."""
    link = crossing_links(window)[0]
    event = window.state.dataset.event(calendar_end(window, link))
    columns = window.state.columns[event.track_id]
    start = float(columns.lo[columns.index_of[event.id]])
    window.timeline.calendar.set_x_range(start - 3000, start - 2635)
    return link


def test_a_link_whose_calendar_end_scrolled_away_ends_at_the_pane_edge_on_its_side(window, qtbot):
    view = window.timeline
    link = scroll_calendar_end_away(window)
    settle(qtbot)
    ends = {(f, t): rest for f, t, *rest in view.links.ends()}
    narrative_end, calendar_xy, both_on, _, narrative_on = ends[(link.from_id, link.to_id)]
    assert narrative_on and not both_on, "drawn as a stub from the narrative end"
    assert abs(calendar_xy[0] - view.calendar.item.scene_rect().right()) < 1, "pointing right, where the event is"


def test_a_link_with_neither_end_in_view_is_not_drawn(window, qtbot):
    view = window.timeline
    link = scroll_calendar_end_away(window)
    lo, hi = view.full_range(view.narrative)
    view.narrative.set_x_range(hi + 10, hi + 11)
    settle(qtbot)
    assert (link.from_id, link.to_id) not in {(f, t) for f, t, *_ in view.links.ends()}


def test_hiding_a_track_removes_its_links_and_showing_it_brings_them_back(window, qtbot):
    view, state = window.timeline, window.state
    link = crossing_links(window)[0]
    track = state.dataset.event(calendar_end(window, link)).track_id
    key = (link.from_id, link.to_id)
    assert key in {(f, t) for f, t, *_ in view.links.ends()}
    state.set_track_hidden(track, True)
    settle(qtbot)
    assert key not in {(f, t) for f, t, *_ in view.links.ends()}
    assert view.calendar.item.anchor_spans_at([(track, 0), None]) == [None, None]
    state.set_track_hidden(track, False)
    settle(qtbot)
    assert key in {(f, t) for f, t, *_ in view.links.ends()}


def column_ref(window, event_id: str) -> tuple[str, int]:
    track = window.state.dataset.event(event_id).track_id
    return track, window.state.columns[track].index_of[event_id]


def test_each_link_end_sits_on_its_events_mark(window, qtbot):
    view, dataset = window.timeline, window.state.dataset
    drawn = [e for e in view.links.ends() if e[4]]
    assert drawn
    for from_id, to_id, narrative_xy, calendar_xy, *_ in drawn:
        narrative_id, calendar_id = (from_id, to_id) if dataset.event(from_id).narrative is not None else (to_id, from_id)
        for item, event_id, (x, y) in ((view.narrative.item, narrative_id, narrative_xy),
                                       (view.calendar.item, calendar_id, calendar_xy)):
            _, anchor_y, on_screen, lo, hi = item.anchor_spans_at([column_ref(window, event_id)])[0]
            assert on_screen and anchor_y == y, "on the row of the event's mark"
            assert lo - 0.5 <= x <= hi + 0.5, "within the part of the mark a link may attach to"


def grab_with_and_without_links(view, qtbot):
    settle(qtbot)
    with_links = view.viewport().grab().toImage()
    view.links.setVisible(False)
    settle(qtbot)
    without = view.viewport().grab().toImage()
    view.links.setVisible(True)
    return with_links, without


def test_counts_and_lane_names_are_drawn_over_the_links(make_window, qtbot, tmp_path):
    """In a busy dataset whose web of links crosses every lane, the text of every count box and
    lane name looks the same with the links shown and hidden: the links are beneath it. And the
    links are drawn (they show through the lanes)."""
    import sys
    from pathlib import Path

    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import synthetic

    from viewer.dataset.load import load_dataset

    window = make_window(load_dataset(synthetic.write_dataset(10_000, tmp_path)), size=(1600, 900))
    view = window.timeline
    with_links, without = grab_with_and_without_links(view, qtbot)
    areas = []
    for pane in view.panes:
        for lane in pane.item.lanes():
            areas.append(QRectF(pane.item.scene_rect().left(), lane.top, 160, 18))  # the lane's name
            areas += [QRectF(m.x0, lane.row_centre(m.row) - 8, m.x1 - m.x0, 16) for m in lane.marks if m.count > 1]
    assert len(areas) > 20
    text_pixels = 0
    for rect in areas:
        area = view.mapFromScene(rect).boundingRect().intersected(view.viewport().rect())
        for x in range(area.left(), area.right()):
            for y in range(area.top(), area.bottom()):
                if QColor(without.pixel(x, y)).lightness() < 90:  # the glyphs' dark core
                    text_pixels += 1
                    # a link drawn over the text would turn it link-grey; beneath it, it can only
                    # tint the glyph's antialiased edge by a shade
                    a, b = QColor(with_links.pixel(x, y)), QColor(without.pixel(x, y))
                    shift = max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue()))
                    assert shift <= 12, f"a link drew over text at {(x, y)}"
    assert text_pixels > 500, "the check saw the counts' text"
    differing = sum(with_links.pixel(x, y) != without.pixel(x, y)
                    for x in range(0, with_links.width(), 3) for y in range(0, with_links.height(), 3))
    assert differing > 200, "the links are drawn"


def test_every_link_in_view_reaches_its_plot_point(window, qtbot):
    """Nothing hides a curve's last stretch: just above each plot point that has a link in view,
    the picture changes when the links are shown (labels of the rows above do not cut it off)."""
    view = window.timeline
    window.state.select(None)
    with_links, without = grab_with_and_without_links(view, qtbot)
    checked = 0
    for _, _, (xa, ya), _, both_on, _, narrative_on in view.links.ends():
        if not both_on:
            continue
        top = view.mapFromScene(QPointF(xa, ya - 8))
        near = [(top.x() + dx, top.y() - dy) for dx in range(-3, 4) for dy in range(0, 5)]
        assert any(with_links.pixel(x, y) != without.pixel(x, y) for x, y in near), f"no curve reaches {(xa, ya)}"
        checked += 1
    assert checked >= 3


def test_link_paths_built_from_arrays_hold_the_elements_one_call_per_curve_would_make():
    import numpy as np
    from PySide6.QtGui import QPainterPath

    from viewer.scene.links import curve_elements, stub_elements
    from viewer.qt.timeline.links_overlay import STUB_PX, LinksOverlay, _path_of

    rng = np.random.default_rng(7)
    xa, ya, xb, yb = (rng.uniform(-40, 1900, 50) for _ in range(4))
    ya[:5] = yb[:5]  # level ends: the bend's 30 px minimum
    narrative_on = rng.random(50) < 0.5
    curves, stubs = QPainterPath(), QPainterPath()
    for k in range(50):
        LinksOverlay._add_curve(curves, (xa[k], ya[k]), (xb[k], yb[k]))
        LinksOverlay._add_stub(stubs, (xa[k], ya[k]), (xb[k], yb[k]), bool(narrative_on[k]))
    built = _path_of(*curve_elements(xa, ya, xb, yb))
    assert built.elementCount() == curves.elementCount() == 200 and built == curves
    built = _path_of(*stub_elements(xa, ya, xb, yb, narrative_on, STUB_PX))
    assert built.elementCount() == stubs.elementCount() == 300 and built == stubs
    assert _path_of(*curve_elements([], [], [], [])).isEmpty()


def test_a_selected_link_passing_under_a_title_or_lane_name_leaves_it_untouched(window, qtbot):
    """The selected event's links are bold and dark; where one passes under a title or a lane's
    name, the text sits on a patch of the lane's own colour: with the links shown or hidden,
    every pixel of it is the same (it used to look struck through)."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFontMetricsF

    window.state.select("iris-azulai-killed")
    settle(qtbot)
    view = window.timeline
    with_links, without = grab_with_and_without_links(view, qtbot)
    areas = []
    for pane in view.panes:
        item = pane.item
        for lane in item.lanes():
            areas.append(QRectF(item.scene_rect().left() + 6, lane.top + 2, 90, 14))  # the lane's name
        # the text itself: its advance from the label's left (bold for the selected event),
        # around the middle of its row
        for event_id, (x, y, w, h) in item.label_rects():
            metrics = QFontMetricsF(item.lane_painter.bold if event_id == window.state.selected else item.lane_painter.font)
            advance = metrics.horizontalAdvance(window.state.dataset.event(event_id).title)
            areas.append(QRectF(x + 1, y + h / 2 - 5, min(w - 2, advance) - 2, 10))
    crossed = 0
    for rect in areas:
        area = view.mapFromScene(rect).boundingRect().intersected(view.viewport().rect())
        changed = [(x, y) for x in range(area.left(), area.right()) for y in range(area.top(), area.bottom())
                   if with_links.pixel(x, y) != without.pixel(x, y)]
        assert not changed, f"a link shows through text at {changed[:3]} in {rect}"
        crossed += 1
    assert crossed > 20
    # and the selected links are drawn, crossing the On screen lane's name on their way up
    name = view.mapFromScene(QRectF(view.narrative.item.scene_rect().left(), view.narrative.item.lanes()[0].top,
                                    300, 40)).boundingRect()
    assert any(with_links.pixel(x, y) != without.pixel(x, y)
               for x in range(name.left(), name.right()) for y in range(name.top(), name.bottom()))


def test_a_pan_inside_the_layout_keeps_which_curves_are_drawn_and_a_new_layout_works_them_out_again(window, qtbot,
                                                                                                 monkeypatch):
    import viewer.qt.timeline.links_overlay as timeline_view

    calls = []
    thin = timeline_view.thin_links
    monkeypatch.setattr(timeline_view, "thin_links", lambda *a, **k: calls.append(1) or thin(*a, **k))
    view = window.timeline
    links = view.links
    view.grab()  # a paint: the web as it stands
    before = len(calls)
    drawn = links._paths[3]
    for pane in view.panes:  # a small pan of both panes: every mark keeps its row
        lo, hi = pane.x_range()
        pane.set_x_range(lo + (hi - lo) * 0.01, hi + (hi - lo) * 0.01)
    view.grab()
    assert len(calls) == before, "the links that shared a curve still do: not thinned again"
    assert links._paths[3] == drawn
    view.calendar.zoom(0.5)  # a new layout
    view.grab()
    assert len(calls) == before + 1


def test_the_selected_events_links_are_drawn_above_the_panes_and_its_linked_marks_ringed(window, qtbot):
    from conftest import settle

    window.state.select("iris-azulai-killed")
    settle(qtbot)
    view = window.timeline
    assert view.selected_links.zValue() > max(p.plot.zValue() for p in view.panes)
    assert not view.selected_links.path().isEmpty()
    linked = view.narrative.item.linked_ids()
    expected = {l.from_id if l.to_id == "iris-azulai-killed" else l.to_id
                for l in window.state.dataset.links_of("iris-azulai-killed")}
    assert linked == expected and linked
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QColor

    def ringed(event_id: str) -> bool:
        """The selection colour just left of the marker, where its ring runs (its title is on its right)."""
        image = view.viewport().grab().toImage()
        ring = QColor(window.state.theme.selection).getRgb()[:3]
        x, y, _ = view.narrative.item.anchor(event_id)
        found = {image.pixelColor(view.mapFromScene(QPointF(x - 8 - d, y + e)).x(),
                                  view.mapFromScene(QPointF(x - 8 - d, y + e)).y()).getRgb()[:3]
                 for d in (0.0, 0.5, 1.0, 1.5) for e in (-1.0, 0.0, 1.0)}
        return any(max(abs(a - b) for a, b in zip(c, ring)) < 40 for c in found)

    target = sorted(linked)[0]
    assert ringed(target)
    window.state.select(None)
    settle(qtbot)
    assert view.selected_links.path().isEmpty() and view.narrative.item.linked_ids() == set()
    assert not ringed(target)


def test_the_marks_holding_link_ends_are_found_as_the_lanes_own_map_finds_them(make_window, qtbot, tmp_path):
    """Zoomed in, a lane's few members are searched for the link ends' marks instead of mapping
    every event of the track: the same marks, at every zoom (and -1 for events in none)."""
    import sys
    from pathlib import Path

    import numpy as np

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import synthetic

    from viewer.dataset.load import load_dataset
    from viewer.scene.anchors import SMALL_LAYOUT_SHARE, distinct_asked, marks_holding

    window = make_window(load_dataset(synthetic.write_dataset(10_000, tmp_path)), size=(1400, 800))
    view = window.timeline
    searched = 0
    for share in (1.0, 0.1, 0.02, 0.001):
        for pane in view.panes:
            lo, hi = view.full_range(pane)
            mid, span = lo + (hi - lo) * 0.45, (hi - lo) * share
            pane.set_x_range(mid - span / 2, mid + span / 2)
        settle(qtbot)
        for pane in view.panes:
            for lane in pane.item.lanes():
                everything = np.arange(len(lane.columns))
                searched += len(lane.arrays.members) <= len(lane.columns) * SMALL_LAYOUT_SHARE
                assert np.array_equal(marks_holding(lane, everything), lane.owners())
                # asked twice, out of order, and with the distinct ones worked out beforehand
                asked = np.concatenate((everything[::-7], everything[::3], everything[:5]))
                assert np.array_equal(marks_holding(lane, asked), lane.owners()[asked])
                assert np.array_equal(marks_holding(lane, asked, distinct_asked(asked)), lane.owners()[asked])
    assert searched, "some zoom took the search"


def _anchor_of_one(lane, i, left, right, view_right, scale, offset):
    """Where a link attaches to column index ``i`` of ``lane``, worked out for that end alone:
    (x, y, on screen, span left, span right)."""
    columns, marks = lane.columns, lane.arrays
    off_x = right if columns.lo[i] > view_right else left
    k = int(lane.owners()[i])
    start, end = columns.start[i] * scale + offset, columns.end[i] * scale + offset
    if k >= 0:
        many = marks.counts[k] > 1
        if many:
            x = (marks.x0[k] + min(marks.x1[k], right)) / 2
        else:
            x = (max(start, left) + min(end, right)) / 2 if columns.interval[i] else start
        if left - 1 <= x <= right + 1:
            x = min(max(x, left), right)
            bar = not many and columns.interval[i]
            span = (min(max(start, left), right), min(max(end, left), right)) if bar else (x, x)
            return x, lane.row_centres[k], True, *span
    return off_x, lane.top + lane.height / 2, False, off_x, off_x


def test_link_ends_are_where_each_end_alone_would_attach_at_every_zoom(make_window, qtbot, tmp_path):
    """The anchors of all link ends at once (only the ends some mark holds are placed on it)
    agree with each end worked out on its own, on screen or not, at every zoom."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import synthetic

    from viewer.dataset.load import load_dataset

    window = make_window(load_dataset(synthetic.write_dataset(10_000, tmp_path)), size=(1400, 800))
    view = window.timeline
    crossing = view.links._crossing_links()
    on_screen = off_screen = 0
    for share, centre in ((1.0, 0.5), (0.1, 0.3), (0.02, 0.45), (0.001, 0.6)):
        for pane in view.panes:
            lo, hi = view.full_range(pane)
            mid, span = lo + (hi - lo) * centre, (hi - lo) * share
            pane.set_x_range(mid - span / 2, mid + span / 2)
        settle(qtbot)
        for pane, refs in ((view.calendar, crossing.calendar), (view.narrative, crossing.narrative)):
            item = pane.item
            found = item.anchor_arrays(refs, len(crossing))
            rect, (scale, offset) = item.scene_rect(), item.to_px()
            view_right = item.view_range()[1]
            for lane in item.lanes():
                slots, indices = refs[lane.columns.track_id]
                for slot, i in zip(slots.tolist(), indices.tolist()):
                    x, y, shown, span_lo, span_hi = _anchor_of_one(lane, i, rect.left(), rect.right(), view_right, scale, offset)
                    assert found.drawn[slot] and bool(found.on_screen[slot]) == shown
                    assert (found.x[slot], found.y[slot], found.span_lo[slot], found.span_hi[slot]) == (x, y, span_lo, span_hi)
                    on_screen += shown
                    off_screen += not shown
    assert on_screen and off_screen
