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
