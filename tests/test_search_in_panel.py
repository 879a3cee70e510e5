"""The detail panel shows what the search box's words matched in the selected event."""

from __future__ import annotations

from conftest import settle


def test_the_detail_panel_shows_what_the_search_matched(window, qtbot):
    window.search.field.setText("allocine")
    settle(qtbot)
    window.state.select("fauda-premiere")  # cites Allociné without naming it in its own text
    settle(qtbot)
    assert "Matches “allocine” in: source publisher" in window.detail.toPlainText()
    window.search.field.clear()
    settle(qtbot)
    assert "Matches" not in window.detail.toPlainText()


def test_a_highlight_repaints_the_timeline_as_one_rectangle(window, qtbot):
    # two panes' rectangles made Qt draw the link web under a two-rectangle clip, ~5x slower
    from PySide6.QtCore import QEvent, QObject

    regions = []

    class Paints(QObject):
        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                regions.append(event.region())
            return False

    paints = Paints()
    viewport = window.timeline.viewport()
    viewport.installEventFilter(paints)
    settle(qtbot)
    regions.clear()
    window.search.field.setText("allocine")
    settle(qtbot)
    viewport.removeEventFilter(paints)
    assert regions, "the highlight was painted"
    assert all(region.rectCount() == 1 and region.boundingRect() == viewport.rect() for region in regions)
