"""The links web is kept as a picture and copied back while nothing of it changed: the copy is
the very pixels drawing paints, and anything that moves, recolours or reshapes the web (a pan, a
zoom, the theme, a selection, a hidden track, a resize) paints it anew, never the old picture."""

from __future__ import annotations

import pytest

from conftest import settle
from viewer.core.model import AxisKind
from viewer.qt.timeline import links_overlay
from viewer.qt.timeline.raster_cache import RasterCache


def grab(view):
    return view.viewport().grab().toImage()


def drawn_directly(view, monkeypatch):
    """The viewport as it looks with the web drawn, never copied (the reference)."""
    with monkeypatch.context() as patch:
        patch.setattr(RasterCache, "_placement", staticmethod(lambda *a: None))
        return grab(view)


def copied(view):
    """The viewport painted until the web is copied from the kept picture (painted twice)."""
    copies = view.links._raster.copies
    grab(view)
    image = grab(view)
    assert view.links._raster.copies > copies, "the second paint of the same web copies it"
    return image


def assert_kept_picture_is_the_drawn_one(view, monkeypatch):
    image = copied(view)
    assert image == drawn_directly(view, monkeypatch), "the kept web is what drawing paints, pixel for pixel"


@pytest.fixture
def dense_window(make_window, tmp_path, monkeypatch):
    """A busy synthetic dataset: a hundred curves, drawn as a dense web is (no antialiasing)."""
    monkeypatch.setattr(links_overlay, "MAX_ANTIALIASED_LINKS", 50)
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import synthetic

    from viewer.dataset.load import load_dataset

    return make_window(load_dataset(synthetic.write_dataset(10_000, tmp_path)), size=(1400, 800))


def test_a_repaint_that_changed_nothing_copies_the_web_pixel_for_pixel(window, qtbot, monkeypatch):
    window.state.select("iris-azulai-killed")
    settle(qtbot)
    assert_kept_picture_is_the_drawn_one(window.timeline, monkeypatch)


def test_a_dense_web_copied_is_the_drawn_one(dense_window, qtbot, monkeypatch):
    settle(qtbot)
    assert dense_window.timeline.links.paths()[3] > links_overlay.MAX_ANTIALIASED_LINKS, "drawn without antialiasing"
    assert_kept_picture_is_the_drawn_one(dense_window.timeline, monkeypatch)


def test_a_repaint_of_both_panes_alone_copies_the_web(dense_window, qtbot, monkeypatch):
    """A search's highlight repaints the two panes: a clip of two rectangles, which the web is
    copied under (drawn under it, each of its pixels was blended on its own: 50-100 ms)."""
    from PySide6.QtGui import QRegion

    view = dense_window.timeline
    settle(qtbot)  # every update queued so far painted
    copies = view.links._raster.copies
    painted = []
    original = RasterCache.paint
    monkeypatch.setattr(RasterCache, "paint", lambda self, painter, *a: painted.append(
        painter.paintEngine().systemClip().rectCount()) or original(self, painter, *a))
    region = QRegion()
    for pane in view.panes:
        region += view.mapFromScene(pane.item.scene_rect()).boundingRect()
    view.viewport().update(region)
    settle(qtbot)
    assert painted and max(painted) == 2, "the repaint's region is the two panes"
    assert view.links._raster.copies > copies


def change_and_compare(view, qtbot, monkeypatch, change):
    """Keep the web's picture, make the change and paint at once (no repaint of the window in
    between, which would draw the web anew either way)."""
    before = copied(view)
    change()
    copies = view.links._raster.copies
    after = grab(view)
    assert view.links._raster.copies == copies, "the first paint after a change draws the web anew"
    assert after != before, "the change shows"
    assert after == drawn_directly(view, monkeypatch)
    assert_kept_picture_is_the_drawn_one(view, monkeypatch)


def test_a_pan_of_one_pane_paints_the_web_anew(dense_window, qtbot, monkeypatch):
    view = dense_window.timeline
    change_and_compare(view, qtbot, monkeypatch, lambda: view.narrative.pan(0.01))


def test_a_zoom_paints_the_web_anew(dense_window, qtbot, monkeypatch):
    view = dense_window.timeline
    change_and_compare(view, qtbot, monkeypatch, lambda: view.calendar.zoom(0.7))


def test_a_theme_change_paints_the_web_anew(dense_window, qtbot, monkeypatch):
    from viewer.core.theme import DARK, LIGHT

    state = dense_window.state
    change_and_compare(dense_window.timeline, qtbot, monkeypatch,
                       lambda: state.set_theme(DARK if state.theme is not DARK else LIGHT))


def test_a_selection_paints_the_web_anew(window, qtbot, monkeypatch):
    change_and_compare(window.timeline, qtbot, monkeypatch, lambda: window.state.select("iris-azulai-killed"))


def test_hiding_a_track_paints_the_web_anew(dense_window, qtbot, monkeypatch):
    state = dense_window.state
    track = next(t.id for t in state.dataset.tracks if t.axis is AxisKind.CALENDAR)
    change_and_compare(dense_window.timeline, qtbot, monkeypatch, lambda: state.set_track_hidden(track, True))


def test_a_resize_paints_the_web_anew(dense_window, qtbot, monkeypatch):
    view = dense_window.timeline
    before = copied(view)
    dense_window.resize(1300, 760)
    settle(qtbot)
    after = grab(view)
    assert after.size() != before.size()
    assert after == drawn_directly(view, monkeypatch)
    assert_kept_picture_is_the_drawn_one(view, monkeypatch)


def test_a_scaled_rendering_draws_the_web_never_copies_it(dense_window, qtbot, monkeypatch):
    """A copy at twice the size (as exports and a high-density screen paint) draws the web: the
    kept picture holds one device pixel per scene pixel."""
    from PySide6.QtGui import QImage, QPainter

    view = dense_window.timeline
    copied(view)

    def rendered():
        image = QImage(view.viewport().width() * 2, view.viewport().height() * 2, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        view.render(painter)
        painter.end()
        return image

    copies = view.links._raster.copies
    image = rendered()
    assert view.links._raster.copies == copies
    with monkeypatch.context() as patch:
        patch.setattr(RasterCache, "_placement", staticmethod(lambda *a: None))
        assert image == rendered()


def test_where_no_copy_is_exact_a_repaint_of_both_panes_draws_each_one_alone(window, qtbot, monkeypatch):
    """Uncopied (a high-density screen's scaled painter), the web under a clip of two rectangles
    is drawn once per rectangle, the fast way: the window's pixels are the same as drawn whole."""
    from PySide6.QtGui import QRegion
    from PySide6.QtWidgets import QApplication

    view = window.timeline
    monkeypatch.setattr(RasterCache, "_placement", staticmethod(lambda *a: None))
    parts = []
    by_rectangle = RasterCache._draw_by_rectangle
    monkeypatch.setattr(RasterCache, "_draw_by_rectangle", staticmethod(lambda painter, *a: parts.append(
        painter.paintEngine().systemClip().rectCount()) or by_rectangle(painter, *a)))

    def on_screen():
        settle(qtbot)
        return QApplication.primaryScreen().grabWindow(window.winId()).toImage()

    view.viewport().update()
    whole = on_screen()
    region = QRegion()
    for pane in view.panes:
        region += view.mapFromScene(pane.item.scene_rect()).boundingRect()
    parts.clear()
    view.viewport().update(region)
    assert on_screen() == whole
    assert parts == [2]
