"""PDF export and printing: the same sheet as PNG and SVG, vector, with text a reader can select
(checked with poppler's pdftotext and pdfinfo, as a user's PDF viewer would read the file)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog

from conftest import BUNDLED, ROOT, settle
from viewer.core.ranges import parse_range
from viewer.dataset.load import load_dataset
from viewer.qt.export.cli import export_main
from viewer.qt.export.sheet import ExportError, ExportOptions, export

TITLE = "Hit & Run (Netflix, 2021)"
EVENT = "Iris Azulai is killed in Jerusalem"
POINTS = {"a4": (842, 595), "letter": (792, 612)}
"""Landscape page sizes in points, as pdfinfo rounds them."""


def pdf_text(path: Path) -> str:
    """The PDF's text as a reader copies it, ligatures (ﬂ, ﬁ) spelt out, lines joined by spaces."""
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", done.stdout))


def pdf_info(path: Path) -> dict[str, str]:
    done = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in done.stdout.splitlines())}


def page_points(path: Path) -> tuple[float, float]:
    width, height = re.match(r"([0-9.]+) x ([0-9.]+) pts", pdf_info(path)["Page size"]).groups()
    return float(width), float(height)


def image_count(path: Path) -> int:
    done = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return len(done.stdout.splitlines()) - 2  # two header lines


def test_cli_pdf_is_one_sheet_sized_vector_page_with_selectable_text(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "export", "-o", "x.pdf"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "x.pdf" in done.stdout and "sheet-sized page" in done.stdout
    out = tmp_path / "x.pdf"
    text = pdf_text(out)
    assert TITLE in text and EVENT in text
    assert "How true is it?" in text and "Sources:" in text  # the verdict summary and the footer
    info = pdf_info(out)
    assert info["Pages"] == "1" and info["Title"] == TITLE
    # 1600×900 logical pixels at 96 per inch: 1200×675 points, the sheet's own size
    width, height = page_points(out)
    assert width / height == pytest.approx(1600 / 900, rel=0.01)
    assert image_count(out) == 0  # drawn, not a picture of a drawing


@pytest.mark.parametrize("page", ["a4", "letter"])
def test_cli_pdf_on_a_paper_size_is_landscape_with_the_sheet_fitted(qapp, tmp_path, capsys, page):
    out = tmp_path / f"{page}.pdf"
    assert export_main(["-o", str(out), "--page", page]) == 0
    assert "landscape page" in capsys.readouterr().out
    assert page_points(out) == pytest.approx(POINTS[page], abs=1)
    text = pdf_text(out)
    assert TITLE in text and EVENT in text


@pytest.mark.parametrize("page", ["a4", "letter"])
def test_the_sheet_is_centred_on_a_paper_page_inside_its_margins(qapp, tmp_path, capsys, page):
    from PySide6.QtGui import QImage

    out = tmp_path / "x.pdf"
    assert export_main(["-o", str(out), "--page", page]) == 0
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-singlefile", str(out), str(tmp_path / "page")], check=True,
                   timeout=60)
    image = QImage(str(tmp_path / "page.png"))
    white = image.pixel(0, 0)
    inked = [(x, y) for y in range(0, image.height(), 2) for x in range(0, image.width(), 2) if image.pixel(x, y) != white]
    left, right = min(x for x, _ in inked), image.width() - 1 - max(x for x, _ in inked)
    top, bottom = min(y for _, y in inked), image.height() - 1 - max(y for _, y in inked)
    margin = 10 / 25.4 * 72  # 1 cm in points
    assert left >= margin - 2 and right >= margin - 2 and top >= margin - 2 and bottom >= margin - 2
    assert abs(left - right) <= 8, f"centred across: {left} left, {right} right"


def test_page_is_only_for_pdf_and_an_unknown_page_is_refused(qapp, tmp_path, capsys):
    assert export_main(["-o", str(tmp_path / "x.png"), "--page", "a4"]) != 0
    assert "--page is for PDF output" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()
    assert export_main(["-o", str(tmp_path / "x.pdf"), "--page", "a3"]) != 0
    assert "invalid choice" in capsys.readouterr().err
    with pytest.raises(ExportError, match="unknown page size"):
        export(load_dataset(BUNDLED), tmp_path / "y.pdf", ExportOptions(page="a3"))
    assert not (tmp_path / "y.pdf").exists()


def test_a_range_pdf_leaves_out_what_is_outside_the_range(qapp, tmp_path):
    out = tmp_path / "range.pdf"
    assert export_main(["-o", str(out), "--range", "1989/1992", "--episodes", "1/2"]) == 0
    text = pdf_text(out)
    assert EVENT in text and "Lior Raz is born" not in text


def test_the_dialog_shows_the_page_size_for_pdf_only_and_remembers_it(window, qtbot, tmp_path):
    window.export_dialog()
    dialog = window.export_window
    assert not dialog.page_combo.isVisibleTo(dialog)  # PNG by default
    dialog.format_combo.setCurrentText("PDF")
    assert dialog.page_combo.isVisibleTo(dialog)
    assert dialog.path_edit.text().endswith(".pdf")
    assert dialog.page_combo.currentData() == "sheet"
    dialog.page_combo.setCurrentIndex(dialog.page_combo.findData("letter"))
    dialog.whole_radio.setChecked(True)
    out = tmp_path / "from-dialog.pdf"
    dialog.path_edit.setText(str(out))
    dialog.run_export()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()
    assert page_points(out) == pytest.approx(POINTS["letter"], abs=1)
    assert TITLE in pdf_text(out)
    assert "Letter landscape page" in window.statusBar().currentMessage()

    window.export_dialog()  # opens again on PDF, on Letter
    again = window.export_window
    assert again.format_combo.currentText() == "PDF" and again.page_combo.currentData() == "letter"
    again.path_edit.setText(str(tmp_path / "x.svg"))  # typing another extension switches the format
    assert again.format_combo.currentText() == "SVG" and not again.page_combo.isVisibleTo(again)


def accept_printing_to(path: Path, seen: list):
    """A QPrintDialog.exec that, like a user choosing "Print to file (PDF)", sends the printer to
    ``path`` and accepts."""
    def exec_(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        seen.append(printer.pageLayout().orientation())
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return QDialog.DialogCode.Accepted
    return exec_


def test_print_sends_the_sheet_of_the_current_view_to_the_printer(window, qtbot, tmp_path, monkeypatch):
    window.timeline.calendar.set_x_range(*parse_range("1989/1992"))
    settle(qtbot)
    out, seen = tmp_path / "printed.pdf", []
    monkeypatch.setattr(QPrintDialog, "exec", accept_printing_to(out, seen))
    print_action = window.print_action
    assert print_action.shortcut().toString() == "Ctrl+P"
    file_menu = window.menuBar().actions()[0].menu()
    assert print_action in file_menu.actions()
    print_action.trigger()
    from PySide6.QtGui import QPageLayout
    assert seen == [QPageLayout.Orientation.Landscape]  # landscape by default
    text = pdf_text(out)
    assert TITLE in text and EVENT in text
    assert "Lior Raz is born" not in text  # 1971: outside the view, as the export's visible ranges
    width, height = page_points(out)
    assert width > height
    assert pdf_info(out)["Pages"] == "1"
    # vectors and text, not the picture of the widget QWidget.render makes for a printer
    assert image_count(out) == 0
    assert "Printed" in window.statusBar().currentMessage()


def test_cancelling_print_prints_nothing(window, monkeypatch, tmp_path):
    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    window.print_action.trigger()
    assert list(tmp_path.iterdir()) == []
    assert "Printed" not in window.statusBar().currentMessage()
