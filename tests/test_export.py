"""Export: PNG and SVG of the view or the whole timeline, from the app and headless.

Pictures are checked by size, non-blankness, colours present and measured text size, never by
pixel-perfect baselines.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from conftest import BUNDLED, ROOT, a_calendar_event, a_citation, a_dataset_with, a_plot_point, settle, write_dataset
from viewer.qt.export import sheet_header
from viewer.dataset.load import load_dataset
from viewer.core.dates import iso_from_days, parse_date
from viewer.qt.export.sheet import (
    MIN_LOGICAL_SIZE,
    ExportError,
    ExportOptions,
    build_sheet,
    dispose,
    export,
    render_png,
    resolve_size,
)
from viewer.scene import bands as bands_module
from viewer.scene.bands import Band, plan_bands
from viewer.scene.columns import build_columns
from viewer.core import files as files_module
from viewer.core.ranges import RangeError, describe_days, describe_episodes, describe_view_days, parse_episodes, parse_range
from viewer.qt.export.cli import export_main
from viewer.core.theme import DARK

SVG = "{http://www.w3.org/2000/svg}"


# -- builders and measurements -----------------------------------------------------------------


def spread_out_dataset(folder: Path):
    """Few events far apart, so every label has room: what is in range must be written out."""
    events = [
        a_calendar_event("born", "1971", title="Born in the seventies"),
        a_calendar_event("loss", "1990-10-21", title="The loss in 1990"),
        a_calendar_event("service", "1989/1993", title="Years of service"),
        a_calendar_event("late", "2015", title="Much later, in 2015", track="making"),
        a_plot_point("pilot", episode=1, title="The pilot's opening"),
        a_plot_point("finale", episode=4, verdict="invented", title="A finale nobody saw coming"),
    ]
    tracks = [
        {"id": "real", "name": "Real life", "axis": "calendar", "color": "#1f77b4"},
        {"id": "making", "name": "Making of", "axis": "calendar", "color": "#2ca02c"},
        {"id": "screen", "name": "On screen", "axis": "narrative", "color": "#d62728"},
    ]
    links = [{"from": "pilot", "to": "loss", "type": "inspired-by", "citations": [a_citation()]}]
    path = write_dataset(folder, a_dataset_with(events=events, tracks=tracks, links=links))
    return load_dataset(path)


def pixels(path: Path) -> np.ndarray:
    """H × W × 3 RGB array of a PNG file."""
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    array = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    bgra = array[:, : image.width() * 4].reshape(image.height(), image.width(), 4)
    return bgra[..., 2::-1].astype(np.int32)


def count_near(rgb: np.ndarray, colour: str, tolerance: int = 10) -> int:
    target = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    return int(np.all(np.abs(rgb - target) <= tolerance, axis=-1).sum())


def dark_box(rgb: np.ndarray, x0: int, y0: int, x1: int, y1: int, threshold: int = 110) -> tuple[int, int, int, int]:
    """Bounding box (left, top, right, bottom) of dark pixels in a region."""
    region = rgb[y0:y1, x0:x1].mean(axis=-1) < threshold
    ys, xs = np.nonzero(region)
    assert len(ys), "no dark pixels in the region"
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def colour_box(rgb: np.ndarray, colour: str, tolerance: int = 10) -> tuple[int, int]:
    """Width and height of the pixels of one colour in a region."""
    target = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    ys, xs = np.nonzero(np.all(np.abs(rgb - target) <= tolerance, axis=-1))
    assert len(ys), f"no {colour} pixels in the region"
    return int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)


def shows_title(texts: list[str], title: str) -> bool:
    """The title is drawn as text, whole or elided to the room it had ('Much later…')."""
    return any(t == title or (t.endswith("…") and len(t) > 4 and title.startswith(t[:-1])) for t in texts)


def svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()  # raises if the file is not well-formed XML
    return ["".join(el.itertext()) for el in root.iter(f"{SVG}text")]


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """`factline export …` in a fresh process with no display and no Qt platform chosen."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "export", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


# -- options ---------------------------------------------------------------------------------


def test_range_takes_the_bounds_of_iso_or_edtf_dates():
    assert parse_range("1989/1993") == (parse_date("1989").start_earliest, parse_date("1993").end_latest)
    lo, hi = parse_range("1990-10-01/1990-11-30")
    assert hi - lo == 61
    assert parse_range("1990") == (parse_date("1990").start_earliest, parse_date("1990").end_latest)


@pytest.mark.parametrize("text", ["garbage", "1990/..", "../1990"])
def test_a_range_that_is_not_two_dates_is_refused_clearly(text):
    with pytest.raises(RangeError, match="range"):
        parse_range(text)


def test_a_range_is_described_by_what_it_includes():
    assert describe_days(*parse_range("1988/1996")) == "1988–1996"
    assert describe_days(*parse_range("1990")) == "1990"
    assert describe_days(*parse_range("1990-10/1990-11")) == "1990-10 to 1990-11"
    assert describe_days(*parse_range("1990-10-01/1990-11-29")) == "1990-10-01 to 1990-11-29"
    assert describe_days(*parse_range("1990-10-21")) == "1990-10-21"
    lo, hi = parse_range("1990-10-03/1990-10-09")
    assert describe_days(lo + 0.4, hi - 0.6) == "1990-10-03 to 1990-10-09"  # a view's fractional range


def test_a_range_before_year_one_is_described_as_people_write_it():
    # EDTF counts years astronomically (-0168 is 169 BCE); a subtitle never shows that count
    assert describe_days(*parse_range("-0168/2080")) == "169 BCE–2080"
    assert describe_days(*parse_range("-0043")) == "44 BCE"
    assert describe_days(*parse_range("-0043-03/-0043-03")) == "March 44 BCE"
    assert describe_days(*parse_range("-0043-03/0001-02")) == "March 44 BCE to 0001-02"
    lo, hi = parse_range("-0500/1990")
    assert describe_view_days(lo + 10, hi - 10) == "501 BCE–1990"


def test_a_views_range_is_described_as_precisely_as_its_span_deserves():
    lo, hi = parse_range("1967-12-10/2030-02-28")  # a fitted view, margins and all
    assert describe_view_days(lo + 0.3, hi - 0.2) == "1967–2030"
    assert describe_view_days(*parse_range("1990-03-14/1990-10-02")) == "1990-03 to 1990-10"
    assert describe_view_days(*parse_range("1990-10-03/1990-10-09")) == "1990-10-03 to 1990-10-09"


def test_episodes_are_a_range_on_the_narrative_axis():
    assert parse_episodes("3/5") == (2.0, 5.0)
    assert parse_episodes(" 4 ") == (3.0, 4.0)
    assert describe_episodes(2.0, 5.0, 10) == "episodes 3–5"
    assert describe_episodes(3.0, 4.0, 10) == "episode 4"
    assert describe_episodes(-0.45, 11.2, 10) == "episodes 1–10"
    for bad in ("", "x", "5/3", "0/2", "1/2/3", "2.5"):
        with pytest.raises(RangeError, match="episodes"):
            parse_episodes(bad)


def test_sizes_come_from_pixels_or_from_a_scale_of_the_logical_size():
    assert resolve_size(ExportOptions(scale=2))[:3] == (3200, 1800, 2.0)
    assert resolve_size(ExportOptions(scale=4, logical_size=(1000, 700)))[:3] == (4000, 2800, 4.0)
    width, height, scale, logical_w, logical_h = resolve_size(ExportOptions(width=3840, height=2160))
    assert (width, height) == (3840, 2160) and scale == pytest.approx(2.4) and (logical_w, logical_h) == (1600, 900)
    with pytest.raises(ExportError, match="both"):
        resolve_size(ExportOptions(width=100))
    with pytest.raises(ExportError, match="at least"):
        resolve_size(ExportOptions(width=200, height=100, scale=1))


# -- PNG -------------------------------------------------------------------------------------


def test_png_has_exactly_the_requested_size_and_is_not_blank(qapp, tmp_path):
    dataset = spread_out_dataset(tmp_path)
    result = export(dataset, tmp_path / "out.png", ExportOptions(width=1234, height=777))
    image = QImage(str(tmp_path / "out.png"))
    assert (image.width(), image.height()) == (1234, 777) == (result.width, result.height)
    rgb = pixels(tmp_path / "out.png")
    distinct = len(np.unique(rgb.reshape(-1, 3), axis=0))
    assert distinct > 200, f"only {distinct} colours: the picture is nearly blank"


def test_png_shows_every_tracks_colour(qapp, tmp_path):
    dataset = load_dataset(BUNDLED)
    export(dataset, tmp_path / "out.png", ExportOptions(width=1600, height=900))
    rgb = pixels(tmp_path / "out.png")
    for track in dataset.tracks:
        assert count_near(rgb, track.color) > 40, f"{track.name}'s colour {track.color} is missing"


def test_dark_theme_draws_on_the_dark_background(qapp, tmp_path):
    dataset = spread_out_dataset(tmp_path)
    export(dataset, tmp_path / "dark.png", ExportOptions(width=1000, height=600, theme=DARK))
    rgb = pixels(tmp_path / "dark.png")
    assert count_near(rgb, DARK.background, 2) > rgb.shape[0] * rgb.shape[1] * 0.3
    assert count_near(rgb, "#1f77b4") > 20


def test_at_4x_text_and_marks_are_4x_as_large(qapp, tmp_path):
    dataset = load_dataset(BUNDLED)
    export(dataset, tmp_path / "x1.png", ExportOptions(width=900, height=600, scale=1))
    export(dataset, tmp_path / "x4.png", ExportOptions(width=3600, height=2400, scale=4))
    one, four = pixels(tmp_path / "x1.png"), pixels(tmp_path / "x4.png")
    # the title line: dark glyphs in the top-left band, where nothing else is drawn
    l1, t1, r1, b1 = dark_box(one, 0, 0, 450, 40)
    l4, t4, r4, b4 = dark_box(four, 0, 0, 1800, 160)
    assert (b4 - t4) / (b1 - t1) == pytest.approx(4, rel=0.1)
    assert (r4 - l4) / (r1 - l1) == pytest.approx(4, rel=0.05)
    # a legend swatch (12 × 12 logical pixels) is 4× as wide and tall
    for track in dataset.tracks:
        w1, h1 = colour_box(one[:85], track.color)
        w4, h4 = colour_box(four[:340], track.color)
        assert (w4 / w1, h4 / h1) == (pytest.approx(4, rel=0.1), pytest.approx(4, rel=0.1)), track.name
    # marks in a track's colour cover about 16× the pixels (more: antialiased edges are a
    # smaller share of a bigger mark, and a 10-px dot at 1× is mostly edge; marks that did not
    # scale would give about 1×)
    for track in dataset.tracks:
        ratio = count_near(four, track.color, 30) / count_near(one, track.color, 30)
        assert 12 < ratio < 40, f"{track.name}: {ratio:.1f}× the pixels at 4×"


def sheet_box(sheet, part) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of a part of the sheet in sheet coordinates, right/bottom exclusive."""
    corner = part.mapTo(sheet, part.rect().topLeft())
    return corner.x(), corner.y(), corner.x() + part.width(), corner.y() + part.height()


@pytest.mark.parametrize("size", [(800, 500), (997, 839), (1600, 900), MIN_LOGICAL_SIZE])
def test_the_sheet_is_exactly_as_wide_as_asked_and_nothing_is_cut_off(qapp, size):
    # the legend and verdict rows used to keep their one-line width, so any sheet narrower than
    # about 1091 pixels came out 1091 wide and the picture cut it off at the right
    dataset = load_dataset(BUNDLED)
    options = ExportOptions(width=size[0], height=size[1], scale=1)
    width, height, scale, logical_w, logical_h = resolve_size(options)
    sheet = build_sheet(dataset, options, logical_w, logical_h)
    try:
        assert (sheet.width(), sheet.height()) == (logical_w, logical_h) == size
        for part in (sheet.title, sheet.subtitle, sheet.legend, sheet.verdicts, sheet.timeline, sheet.footer):
            left, top, right, bottom = sheet_box(sheet, part)
            assert 0 <= left and right <= sheet.width() - 8 and 0 <= top and bottom <= sheet.height(), part
        assert sheet.verdicts.isVisibleTo(sheet)
        assert sheet_box(sheet, sheet.footer)[1] >= sheet_box(sheet, sheet.timeline)[3]  # below the axis
        assert sheet_box(sheet, sheet.timeline)[1] >= sheet_box(sheet, sheet.verdicts)[3]
        legend, verdicts = sheet_box(sheet, sheet.legend), sheet_box(sheet, sheet.verdicts)
        # side by side where they fit, else stacked: never over each other, each within the width
        assert verdicts[1] >= legend[3] or (verdicts[0] >= legend[2] and verdicts[1] == legend[1])
        if size == (1600, 900):  # they do: one line, the verdicts flush right
            assert sheet_box(sheet, sheet.verdicts)[1] == sheet_box(sheet, sheet.legend)[1]
            assert sheet_box(sheet, sheet.verdicts)[2] == sheet.width() - 16
        data = render_png(sheet, width, height, scale)
    finally:
        dispose(sheet)
    image = QImage.fromData(data).convertToFormat(QImage.Format.Format_RGB32)
    assert (image.width(), image.height()) == size
    array = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    rgb = array[:, : image.width() * 4].reshape(image.height(), image.width(), 4)[..., 2::-1].astype(np.int32)
    edge = rgb[:, -6:]  # nothing runs into the right edge: it is all background
    assert count_near(edge, "#ffffff", 6) == edge.shape[0] * edge.shape[1]


@pytest.mark.parametrize("height, scale", [(2160, 2.4), (2160, 2.0), (4000, 1.0), (3000, 3.0), (1600, 1.7), (777, 0.77125), (2000, 0.7771)])
def test_bands_cover_every_picture_row_once_with_edges_on_whole_device_rows(height, scale):
    logical_h = -(-height // scale)
    logical_h = int(logical_h)
    bands = plan_bands(height, scale, logical_h)
    assert bands[0].picture_top == 0 and sum(b.rows for b in bands) == height
    for band, after in zip(bands, bands[1:]):
        assert after.picture_top == band.picture_top + band.rows  # no gap, no overlap
    for band in bands:
        rendered = round(band.logical_height * scale)
        assert band.skip + band.rows <= rendered  # the kept rows were rendered
        # the band starts on a logical row that is a whole device row, so it lines up with one render
        assert band.logical_top * scale == pytest.approx(round(band.logical_top * scale), abs=1e-9)
        assert band.picture_top == round(band.logical_top * scale) + band.skip
        if band.picture_top > 0:  # a margin is rendered and cut off above every inner edge
            assert band.skip >= bands_module.BAND_MARGIN_PX
        if band.picture_top + band.rows < height:
            assert rendered - band.skip - band.rows >= bands_module.BAND_MARGIN_PX
    if height > 2 * bands_module.BAND_ROWS and scale in (2.4, 2.0, 1.0, 3.0):
        assert len(bands) >= 3 and max(b.rows for b in bands) <= bands_module.BAND_ROWS + 5 * scale
    if scale == 0.7771:  # no logical row in the sheet lands on a whole device row: one band
        assert len(bands) == 1


@pytest.mark.parametrize("size", [(3840, 2160), (3000, 1800)])
def test_a_banded_png_is_one_whole_render(qapp, size):
    from viewer.qt.export.sheet import _render_band

    dataset = load_dataset(BUNDLED)
    options = ExportOptions(width=size[0], height=size[1])
    width, height, scale, logical_w, logical_h = resolve_size(options)
    sheet = build_sheet(dataset, options, logical_w, logical_h)
    try:
        assert len(plan_bands(height, scale, logical_h)) >= 3  # really banded
        banded = QImage.fromData(render_png(sheet, width, height, scale))
        whole = _render_band(sheet, width, Band(0, logical_h, 0, 0, height), scale).convertToFormat(QImage.Format.Format_RGB888)
    finally:
        dispose(sheet)
    assert (banded.width(), banded.height()) == size
    banded = banded.convertToFormat(QImage.Format.Format_RGB888)
    rows = [np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())[:height, : width * 3]
            for image in (banded, whole)]
    # Qt flattens an antialiased curve cut by a clip at slightly different points: a few pixels
    # of the link curves may differ by one level; nothing else may differ at all
    difference = np.abs(rows[0].astype(np.int16) - rows[1].astype(np.int16))
    assert difference.max() <= 1
    assert np.count_nonzero(difference) < 1e-4 * width * height
    assert len(np.unique(rows[0][::7, ::7].reshape(-1, 3), axis=0)) > 20  # a picture, not a blank


def test_a_long_legend_wraps_onto_more_lines_within_a_narrow_sheet(qapp, tmp_path):
    from viewer.qt.export.sheet_header import SwatchRow
    from viewer.core.theme import LIGHT

    row = SwatchRow([("#ff0000", f"Track number {i}") for i in range(12)], LIGHT, "Tracks")
    one_line = row.sizeHint()
    assert row.heightForWidth(one_line.width()) == one_line.height()
    assert row.heightForWidth(400) >= 3 * one_line.height()
    assert row.minimumSizeHint().width() < 300
    row.resize(400, row.heightForWidth(400))
    assert row.line_count() >= 3
    row.deleteLater()


def test_a_sheet_that_cannot_shrink_to_the_size_is_refused_not_cut_off(qapp, tmp_path, monkeypatch):
    from PySide6.QtCore import QSize

    dataset = spread_out_dataset(tmp_path)
    monkeypatch.setattr(sheet_header.SwatchRow, "minimumSizeHint", lambda self: QSize(1200, 20))
    with pytest.raises(ExportError, match="800×500 logical pixels"):
        export(dataset, tmp_path / "out.png", ExportOptions(width=800, height=500))
    assert not (tmp_path / "out.png").exists()


def test_reusing_the_callers_columns_draws_the_same_picture(qapp, tmp_path):
    dataset = load_dataset(BUNDLED)
    options = ExportOptions(width=1000, height=700, selected="iris-azulai-killed")
    export(dataset, tmp_path / "fresh.png", options)
    export(dataset, tmp_path / "reused.png", options, columns=build_columns(dataset))
    assert np.array_equal(pixels(tmp_path / "fresh.png"), pixels(tmp_path / "reused.png"))


def test_a_range_subtitle_names_the_last_included_year(qapp, tmp_path):
    dataset = load_dataset(BUNDLED)
    options = ExportOptions(whole=False, calendar_range=parse_range("1988/1996"))
    width, height, scale, logical_w, logical_h = resolve_size(options)
    sheet = build_sheet(dataset, options, logical_w, logical_h)
    try:
        subtitle = sheet.subtitle.text()
    finally:
        dispose(sheet)
    assert "1988–1996" in subtitle and "1997" not in subtitle


def test_a_busy_range_export_draws_the_long_interval_across_and_counts_what_it_draws(qapp, tmp_path):
    # 1960-1990 among 3,000 points over three months of 1975, exported ten days at a time
    events = [a_calendar_event("long", "1960/1990", title="Thirty years")] + [
        a_calendar_event(f"p{k}", f"1975-{5 + k % 3:02d}-{1 + k % 28:02d}") for k in range(3000)]
    dataset = load_dataset(write_dataset(tmp_path, a_dataset_with(events=events)))
    options = ExportOptions(whole=False, calendar_range=parse_range("1975-06-10/1975-06-20"), selected="long")
    width, height, scale, logical_w, logical_h = resolve_size(options)
    sheet = build_sheet(dataset, options, logical_w, logical_h)
    try:
        item = sheet.timeline.calendar.item
        scale_px, offset = item.to_px()
        rect = item.scene_rect()
        lane = item.lanes()[0]
        k = int(lane.owners()[lane.columns.index_of["long"]])
        left, right = lane.drawn_extents(scale_px, offset)
        drawn = sum(len(lane.drawn_members(scale_px, offset, rect.left(), rect.right())) for lane in item.lanes())
        subtitle = sheet.subtitle.text()
    finally:
        dispose(sheet)
    assert lane.arrays.counts[k] == 1 and left[k] <= rect.left() and right[k] >= rect.right(), \
        "the interval is a bar of its own across the view"
    assert f"{drawn:,} of 3,001 events shown" in subtitle, subtitle


# -- SVG -------------------------------------------------------------------------------------


def test_svg_is_valid_xml_and_keeps_the_visible_titles_as_text(qapp, tmp_path):
    dataset = spread_out_dataset(tmp_path)
    result = export(dataset, tmp_path / "out.svg", ExportOptions(width=1600, height=900))
    texts = svg_texts(tmp_path / "out.svg")
    for event in dataset.events:
        assert shows_title(texts, event.title), f"{event.title!r} is not text in the SVG"
    assert {"The loss in 1990", "Years of service", "A finale nobody saw coming"} <= set(texts)
    assert dataset.title in texts
    root = ET.parse(tmp_path / "out.svg").getroot()
    assert (root.get("width"), root.get("height")) == ("1600", "900") and result.width == 1600


def test_a_range_export_leaves_out_what_is_outside_the_range(qapp, tmp_path):
    dataset = spread_out_dataset(tmp_path)
    options = ExportOptions(whole=False, calendar_range=parse_range("1988/1994"))
    export(dataset, tmp_path / "range.svg", options)
    texts = svg_texts(tmp_path / "range.svg")
    assert "The loss in 1990" in texts and "Years of service" in texts
    assert not shows_title(texts, "Born in the seventies") and not shows_title(texts, "Much later, in 2015")


# -- from the app ------------------------------------------------------------------------------


def test_whole_timeline_export_includes_events_outside_the_zoomed_in_view(window, qtbot, tmp_path):
    from viewer.qt.export.dialog import ExportDialog

    window.timeline.calendar.set_x_range(*parse_range("1989/1992"))
    settle(qtbot)

    def export_from_dialog(name: str, whole_timeline: bool) -> list[str]:
        window.export_dialog()  # as File ▸ Export… opens it: the window shows the result in its status bar
        dialog = window.export_window
        assert isinstance(dialog, ExportDialog)
        dialog.path_edit.setText(str(tmp_path / name))
        (dialog.whole_radio if whole_timeline else dialog.visible_radio).setChecked(True)
        dialog.run_export()
        return svg_texts(tmp_path / name)

    visible = export_from_dialog("visible.svg", whole_timeline=False)
    whole = export_from_dialog("whole.svg", whole_timeline=True)

    assert "Iris Azulai is killed in Jerusalem" in visible and "Iris Azulai is killed in Jerusalem" in whole
    assert "Lior Raz is born" not in visible  # 1971: outside the zoomed-in view
    assert "Lior Raz is born" in whole
    assert "whole.svg" in window.statusBar().currentMessage()


def test_dialog_sizes_by_scale_and_shows_errors_in_the_dialog(window, qtbot, tmp_path):
    from viewer.qt.export.dialog import ExportDialog

    dialog = ExportDialog(window.state, window.timeline, window.settings, window, view_area=window.view_area)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "scaled.png"))
    dialog.scale_combo.setCurrentIndex(1)  # 2×
    options = dialog.options()
    width, height, scale, _, _ = resolve_size(options)
    assert scale == 2 and (width, height) == (options.logical_size[0] * 2, options.logical_size[1] * 2)

    dialog.format_combo.setCurrentText("SVG")
    assert dialog.path_edit.text().endswith("scaled.svg")
    dialog.path_edit.setText(str(tmp_path / "no-such-folder" / "x.png"))
    dialog.run_export()
    assert dialog.error_label.isVisibleTo(dialog)
    assert "does not exist" in dialog.error_label.text()
    assert "Traceback" not in dialog.error_label.text()
    assert dialog.result() == 0  # still open


def test_the_dialogs_visible_ranges_are_named_in_years_not_to_the_day(window, qtbot):
    from viewer.qt.export.dialog import ExportDialog

    dialog = ExportDialog(window.state, window.timeline, window.settings, window, view_area=window.view_area)
    qtbot.addWidget(dialog)
    dialog.visible_radio.setChecked(True)
    options = dialog.options()
    assert options.ranges_from_view and options.calendar_range == window.timeline.calendar.x_range()
    width, height, scale, logical_w, logical_h = resolve_size(options)
    sheet = build_sheet(window.state.dataset, options, logical_w, logical_h)
    try:
        subtitle = sheet.subtitle.text()
    finally:
        dispose(sheet)
    lo, hi = window.timeline.calendar.x_range()  # the fitted view: decades, with margins
    first, last = (int(iso_from_days(v)[:4]) for v in (lo, hi))
    assert f"{first}–{last}" in subtitle, subtitle
    assert iso_from_days(lo) not in subtitle  # no day-precise ends for a range nobody typed


def test_dialog_pixel_fields_follow_the_scale(window, qtbot):
    from viewer.qt.export.sheet import MAX_PIXELS
    from viewer.qt.export.dialog import ExportDialog

    dialog = ExportDialog(window.state, window.timeline, window.settings, window, view_area=window.view_area)
    qtbot.addWidget(dialog)
    logical_w, logical_h = dialog.logical_size()
    for index, scale in enumerate((1, 2, 4)):
        dialog.scale_combo.setCurrentIndex(index)
        assert (dialog.width_spin.value(), dialog.height_spin.value()) == (
            min(logical_w * scale, MAX_PIXELS), min(logical_h * scale, MAX_PIXELS))
    dialog.scale_combo.setCurrentIndex(0)
    assert (dialog.width_spin.value(), dialog.height_spin.value()) == (logical_w, logical_h)
    dialog.pixels_radio.setChecked(True)  # Pixels starts from the size the scale made
    assert resolve_size(dialog.options())[:2] == (logical_w, logical_h)


# -- safe writes -------------------------------------------------------------------------------


def test_a_full_disk_leaves_the_existing_file_untouched_and_no_temporary_file(qapp, tmp_path, monkeypatch):
    dataset = spread_out_dataset(tmp_path)
    out = tmp_path / "keep.png"
    out.write_bytes(b"the picture from last week")
    before = sorted(os.listdir(tmp_path))

    def full_disk(fd, data):
        os.write(fd, data[:100])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files_module, "_write_all", full_disk)
    with pytest.raises(ExportError, match=r"keep\.png.*disk is full"):
        export(dataset, out, ExportOptions(width=800, height=500))
    assert out.read_bytes() == b"the picture from last week"
    assert sorted(os.listdir(tmp_path)) == before


def test_a_successful_export_replaces_the_file_and_leaves_nothing_else(qapp, tmp_path):
    dataset = spread_out_dataset(tmp_path)
    out = tmp_path / "out.png"
    out.write_bytes(b"old")
    before = sorted(os.listdir(tmp_path))
    export(dataset, out, ExportOptions(width=800, height=500))
    assert out.read_bytes().startswith(b"\x89PNG")
    assert sorted(os.listdir(tmp_path)) == before


def test_an_unwritable_folder_fails_clearly_and_leaves_nothing(qapp, tmp_path):
    # /sys refuses new files even to root, so this holds however the tests are run
    dataset = spread_out_dataset(tmp_path)
    out = Path("/sys/factline-export-test.png")
    with pytest.raises(ExportError, match="permission denied"):
        export(dataset, out, ExportOptions(width=800, height=500))
    assert not out.exists()


# -- headless CLI ------------------------------------------------------------------------------


def test_cli_exports_the_bundled_dataset_with_no_display(tmp_path):
    done = run_cli("-o", "x.png", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    image = QImage(str(tmp_path / "x.png"))
    assert (image.width(), image.height()) == (1600, 900)
    assert "x.png" in done.stdout and "1600×900" in done.stdout


def test_cli_unknown_extension_fails_and_keeps_an_existing_file(tmp_path):
    existing = tmp_path / "x.gif"
    existing.write_bytes(b"GIF89a not ours")
    done = run_cli("-o", "x.gif", cwd=tmp_path)
    assert done.returncode != 0
    assert "unknown file type" in done.stderr and ".png, .svg, .pdf or .csv" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert existing.read_bytes() == b"GIF89a not ours"
    assert os.listdir(tmp_path) == ["x.gif"]


def test_cli_unwritable_path_fails_with_a_message_and_writes_nothing(tmp_path):
    done = run_cli("-o", str(tmp_path / "missing" / "x.png"), cwd=tmp_path)
    assert done.returncode != 0
    assert "does not exist" in done.stderr and "x.png" in done.stderr
    assert os.listdir(tmp_path) == []


def test_cli_write_failure_keeps_the_existing_file_byte_identical(qapp, tmp_path, monkeypatch, capsys):
    out = tmp_path / "x.png"
    out.write_bytes(b"\x89PNG yesterday's export")
    monkeypatch.setattr(files_module, "_write_all",
                        lambda fd, data: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device")))
    code = export_main(["-o", str(out), "--width", "800", "--height", "500"])
    assert code != 0
    err = capsys.readouterr().err
    assert "disk is full" in err and str(out) in err
    assert out.read_bytes() == b"\x89PNG yesterday's export"
    assert os.listdir(tmp_path) == ["x.png"]


def test_cli_unknown_selection_fails_clearly(qapp, tmp_path, capsys):
    code = export_main(["-o", str(tmp_path / "x.png"), "--select", "no-such-event"])
    assert code != 0
    assert "no event 'no-such-event'" in capsys.readouterr().err
    assert os.listdir(tmp_path) == []


def test_cli_bad_dataset_lists_its_problems(qapp, tmp_path, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "factline/1", "title": 3}', encoding="utf-8")
    code = export_main([str(broken), "-o", str(tmp_path / "x.png")])
    assert code != 0
    err = capsys.readouterr().err
    assert "cannot load" in err and "broken.json" in err
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("args, message", [
    (["--width", "800"], "both --width and --height"),
    (["--width", "800", "--height", "600", "--scale", "2"], "not both"),
    (["--range", "yesterday"], "range"),
    (["--theme", "sepia"], "theme"),
    (["--episodes", "5/3"], "episodes"),
    (["--episodes", "3/99"], "hit-and-run.toml has"),
])
def test_cli_bad_arguments_exit_non_zero_with_one_line(qapp, tmp_path, capsys, args, message):
    code = export_main(["-o", str(tmp_path / "x.png"), *args])
    assert code != 0
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1
    assert os.listdir(tmp_path) == []


def test_cli_selection_range_and_theme_render(qapp, tmp_path, capsys):
    out = tmp_path / "sel.svg"
    code = export_main(["-o", str(out), "--range", "1988/1996", "--select", "iris-azulai-killed",
                        "--theme", "dark", "--scale", "2"])
    assert code == 0, capsys.readouterr().err
    texts = svg_texts(out)
    assert any(t.startswith("Iris Azulai") for t in texts)


def test_cli_takes_a_range_before_year_one_as_its_value(qapp, tmp_path, capsys):
    # '-0200/-0100' starts with '-': argparse alone took it for an option and refused the range
    from viewer.qt.export.cli import _ranges_joined

    assert _ranges_joined(["--range", "-0200/-0100", "-o", "x"]) == ["--range=-0200/-0100", "-o", "x"]
    assert _ranges_joined(["--range", "-o", "x"]) == ["--range", "-o", "x"]  # a missing value stays missing
    # after '--' every argument is positional (a file named '--range'), as argparse reads it
    assert _ranges_joined(["-o", "x", "--", "--range", "-0200"]) == ["-o", "x", "--", "--range", "-0200"]
    from conftest import a_calendar_event, a_dataset_with, write_dataset

    path = write_dataset(tmp_path, a_dataset_with(events=[a_calendar_event("antiochus", when="-0168"),
                                                          a_calendar_event("later", when="1990")]))
    out = tmp_path / "bce.svg"
    code = export_main([str(path), "-o", str(out), "--range", "-0200/-0100"])
    assert code == 0, capsys.readouterr().err
    assert any("201 BCE–101 BCE" in t for t in svg_texts(out))  # the subtitle, in years as people write them


def test_cli_episodes_narrow_the_narrative_pane(qapp, tmp_path, capsys):
    dataset_path = spread_out_dataset(tmp_path).path
    out = tmp_path / "episodes.svg"
    code = export_main([str(dataset_path), "-o", str(out), "--episodes", "3/4"])
    assert code == 0, capsys.readouterr().err
    texts = svg_texts(out)
    assert "A finale nobody saw coming" in texts  # episode 4
    assert not shows_title(texts, "The pilot's opening")  # episode 1
    assert shows_title(texts, "Born in the seventies")  # the calendar pane keeps every date
    assert any("episodes 3–4" in t for t in texts)


def test_cli_help_documents_episodes(capsys):
    with pytest.raises(SystemExit):
        export_main(["--help"])
    assert "--episodes FIRST/LAST" in capsys.readouterr().out


def test_the_exported_legend_counts_disputed_and_inferred_events_as_the_window_does(qapp):
    from viewer.core.claims import DISPUTED, INFERRED, disputed_rows, inferred_rows

    dataset = load_dataset(BUNDLED)
    options = ExportOptions(width=1600, height=900, scale=1)
    width, height, scale, logical_w, logical_h = resolve_size(options)
    sheet = build_sheet(dataset, options, logical_w, logical_h)
    try:
        labels = [label for _, label in sheet.verdicts.items]
    finally:
        dispose(sheet)
    disputed, inferred = len(disputed_rows(dataset.events)), len(inferred_rows(dataset.events))
    assert disputed and inferred  # the bundled dataset has both
    assert f"{DISPUTED} {disputed}" in labels and f"{INFERRED} {inferred}" in labels
