"""Exports never cut a title short: the layout finds room (rows, titles left of their marks,
height where the titles need it), a whole-timeline export whose height is free grows, and what
a fixed size still cannot show is said, in the CLI and in the export dialog."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from conftest import BUNDLED, a_calendar_event, a_dataset_with, write_dataset
from test_export import run_cli, svg_texts
from viewer.dataset.load import load_dataset
from viewer.qt.export.sheet import ExportOptions, build_sheet, dispose, export, resolve_size

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import synthetic  # noqa: E402  (bench/synthetic.py)


def crowded(folder: Path, count: int = 75) -> Path:
    """One track of ``count`` long-titled events in one year (and one far away)."""
    events = [a_calendar_event(f"c{k}", f"1990-{1 + k % 12:02d}-{1 + (k * 7) % 28:02d}",
                               title=f"A fairly long title for crowded event number {k} in this year")
              for k in range(count)] + [a_calendar_event("far", "2010", title="Far")]
    return write_dataset(folder, a_dataset_with(events=events))


def cut_in(dataset, options: ExportOptions) -> tuple[list[str], list[str]]:
    *_, logical_w, logical_h = resolve_size(options)
    sheet = build_sheet(dataset, options, logical_w, logical_h)
    try:
        return sheet.titles_cut()
    finally:
        dispose(sheet)


@pytest.mark.parametrize("options", [ExportOptions(), ExportOptions(width=1600, height=900)],
                         ids=["whole, free height", "whole, 1600x900"])
def test_no_title_of_the_bundled_dataset_is_cut_short(qapp, bundled_dataset, options):
    cut, left_out = cut_in(bundled_dataset, options)
    assert cut == [] and left_out == []


def test_no_title_is_cut_short_in_an_export_of_the_windows_default_view(window, qtbot):
    from viewer.qt.export.dialog import ExportDialog

    dialog = ExportDialog(window.state, window.timeline, window.settings, window, view_area=window.view_area)
    qtbot.addWidget(dialog)
    options = dialog.options()
    assert not options.whole and options.ranges_from_view
    cut, _ = cut_in(window.state.dataset, options)
    assert cut == []


@pytest.mark.parametrize("name", ["whole.png", "whole.svg"])
def test_the_bundled_exports_write_every_title_whole(qapp, tmp_path, name):
    result = export(load_dataset(BUNDLED), tmp_path / name, ExportOptions(width=1600, height=900))
    assert (result.titles_cut, result.titles_left_out) == (0, 0)
    if name.endswith(".svg"):
        titles = {e.title for e in load_dataset(BUNDLED).events}
        texts = svg_texts(tmp_path / name)
        assert titles <= set(texts), sorted(titles - set(texts))[:5]
        assert not [t for t in texts if t.endswith("…")]


def test_a_10k_synthetic_export_at_1600x900_cuts_no_title(qapp, tmp_path):
    dataset = load_dataset(synthetic.write_dataset(10_000, tmp_path))
    cut, _ = cut_in(dataset, ExportOptions(width=1600, height=900))
    assert cut == []


def test_a_whole_timeline_export_of_free_height_grows_until_every_title_shows(qapp, tmp_path):
    dataset = load_dataset(crowded(tmp_path))
    assert any(cut_in(dataset, ExportOptions(width=1600, height=900))), "the crowd does not fit 1600×900"
    result = export(dataset, tmp_path / "free.png", ExportOptions())
    assert result.height > 900 and (result.titles_cut, result.titles_left_out) == (0, 0)
    assert QImage(str(tmp_path / "free.png")).height() == result.height


def test_a_fixed_size_that_cannot_show_every_title_says_so_on_stderr(tmp_path):
    path = crowded(tmp_path)
    fixed = run_cli(str(path), "-o", "fixed.png", "--width", "1600", "--height", "900", cwd=tmp_path)
    assert fixed.returncode == 0 and "warning" in fixed.stderr and "left out" in fixed.stderr, fixed.stderr
    count = int(fixed.stderr.split("warning: ")[1].split()[0])
    assert count == len(cut_left_out(path))
    free = run_cli(str(path), "-o", "free.png", cwd=tmp_path)
    assert free.returncode == 0 and "warning" not in free.stderr


def cut_left_out(path: Path) -> list[str]:
    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication([])
    return cut_in(load_dataset(path), ExportOptions(width=1600, height=900))[1]


def test_the_export_dialog_says_when_titles_are_left_out_and_stays_open(make_window, qtbot, tmp_path):
    from viewer.qt.export.dialog import ExportDialog

    window = make_window(load_dataset(crowded(tmp_path)), size=(1200, 700))
    dialog = ExportDialog(window.state, window.timeline, window.settings, window, view_area=window.view_area)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "view.png"))
    dialog.run_export()
    assert (tmp_path / "view.png").exists()
    assert dialog.error_label.isVisibleTo(dialog) and "left out" in dialog.error_label.text()
    assert dialog.result() == 0  # still open: a bigger size can be chosen and exported again


def test_a_whole_export_shares_the_height_once_and_sharing_again_changes_nothing(qapp, bundled_dataset, monkeypatch):
    """Fit all shares the height for the whole view; a whole export asks nothing more of it (it
    used to share twice), and a second share would give the same lanes."""
    from viewer.qt.export.sheet import SheetTimeline

    calls = []
    share = SheetTimeline._share_height
    monkeypatch.setattr(SheetTimeline, "_share_height", lambda self: (calls.append(1), share(self))[1])
    options = ExportOptions(width=1600, height=900)
    *_, logical_w, logical_h = resolve_size(options)
    sheet = build_sheet(bundled_dataset, options, logical_w, logical_h)
    try:
        calls.clear()
        sheet.apply_ranges()
        assert options.whole and len(calls) == 1
        weights = [pane.item._lane_weights for pane in sheet.timeline.panes]
        sheet.timeline.share_height()
        assert [pane.item._lane_weights for pane in sheet.timeline.panes] == weights
    finally:
        dispose(sheet)


def test_an_export_of_a_range_shares_the_height_again_for_it(qapp, bundled_dataset, monkeypatch):
    from viewer.qt.export.sheet import SheetTimeline

    calls = []
    share = SheetTimeline._share_height
    monkeypatch.setattr(SheetTimeline, "_share_height", lambda self: (calls.append(1), share(self))[1])
    options = ExportOptions(width=1600, height=900, whole=False, calendar_range=(7300.0, 7700.0))
    *_, logical_w, logical_h = resolve_size(options)
    sheet = build_sheet(bundled_dataset, options, logical_w, logical_h)
    try:
        calls.clear()
        sheet.apply_ranges()
        assert not options.whole and len(calls) == 2
    finally:
        dispose(sheet)
