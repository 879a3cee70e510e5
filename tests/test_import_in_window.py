"""File ▸ Import… in the real window: the input and the new dataset picked in file dialogs, bad rows
listed with the choice of importing the valid ones, and the new dataset opened."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from conftest import settle

HEADER = "Year,Month,Day,Headline,Text,Group,Type\n"


def a_sheet(folder: Path, body: str) -> Path:
    path = folder / "story.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def pick(monkeypatch, source: Path, target: Path | str) -> list[str]:
    """Answer the open and save dialogs with these paths; the dialogs' titles, in order."""
    asked: list[str] = []

    def open_name(parent, caption, folder, filters):
        asked.append(caption)
        assert "*.json" in filters and "*.csv" in filters
        return str(source), ""

    def save_name(parent, caption, suggested, filters):
        asked.append(caption)
        assert suggested.endswith("story.toml") and "*.toml" in filters
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(open_name))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    return asked


def answer_boxes(monkeypatch, button_text: str | None) -> list[QMessageBox]:
    """Answer every modal question box by clicking the button whose text starts with
    ``button_text`` (None: Cancel); the boxes shown."""
    shown: list[QMessageBox] = []

    def exec_(box):
        shown.append(box)
        for button in box.buttons():
            wanted = button_text is None and box.buttonRole(button) == QMessageBox.ButtonRole.RejectRole
            if wanted or (button_text is not None and button.text().startswith(button_text)):
                button.click()
                return 0
        raise AssertionError(f"no button {button_text!r} in {[b.text() for b in box.buttons()]}")

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


def test_file_menu_has_import_next_to_export(window):
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert "&Import…" in texts and texts.index("&Import…") + 1 == texts.index("&Export…")


def test_import_opens_the_new_dataset(window, qtbot, tmp_path, monkeypatch):
    source = a_sheet(tmp_path, ",,,The Story,An <b>intro</b>,,title\n1990,10,4,Crash,It <script>x()</script>happened,"
                               "Real life,\n1991,,,Trial,,Court,\n")
    target = tmp_path / "story"  # no suffix typed: .toml is added
    asked = pick(monkeypatch, source, target)
    boxes = answer_boxes(monkeypatch, None)
    window.import_action.trigger()
    settle(qtbot)
    assert asked == ["Import a timeline", "Save the imported dataset as"]
    assert boxes == []  # no bad rows: nothing to ask
    assert window.dataset.path == tmp_path / "story.toml"
    assert window.dataset.title == "The Story"
    assert window.dataset.event("crash").summary == "It happened"
    assert [t.name for t in window.dataset.tracks] == ["Real life", "Court"]
    assert "The Story" in window.windowTitle()
    assert "Imported story.toml: 2 events on 2 tracks" in window.statusBar().currentMessage()


def test_bad_rows_are_shown_and_the_valid_ones_imported_when_asked(window, qtbot, tmp_path, monkeypatch):
    source = a_sheet(tmp_path, "1990,10,4,Fine,,,\n1990,14,,Bad month,,,\n<b>x</b>,,,Bad year,,,\n")
    target = tmp_path / "story.toml"
    pick(monkeypatch, source, target)
    boxes = answer_boxes(monkeypatch, "Import the 1 valid row")
    window.import_action.trigger()
    settle(qtbot)
    assert len(boxes) == 1
    box = boxes[0]
    assert "2 row problems in story.csv" in box.text()
    details = box.detailedText()
    assert "line 3, Month: expected a whole number from 1 to 12, not '14'" in details
    assert "line 4, Year: expected a whole number, not '<b>x</b>'" in details
    assert box.textFormat() == Qt.TextFormat.PlainText  # the input's text is shown literally
    assert window.dataset.path == target
    assert [e.id for e in window.dataset.events] == ["fine"]


def test_cancel_writes_nothing_and_keeps_the_dataset(window, qtbot, tmp_path, monkeypatch):
    before = window.dataset
    source = a_sheet(tmp_path, "1990,,,Fine,,,\nnope,,,Bad,,,\n")
    target = tmp_path / "story.toml"
    pick(monkeypatch, source, target)
    boxes = answer_boxes(monkeypatch, None)
    window.import_action.trigger()
    settle(qtbot)
    assert len(boxes) == 1
    assert not target.exists()
    assert window.dataset is before


def test_an_unusable_file_is_reported_and_nothing_written(window, qtbot, tmp_path, monkeypatch):
    before = window.dataset
    source = tmp_path / "story.csv"
    source.write_text("Name,Value\nx,1\n", encoding="utf-8")
    target = tmp_path / "story.toml"
    pick(monkeypatch, source, target)
    window.import_action.trigger()
    settle(qtbot)
    box = window.last_error_box
    assert "Could not import story.csv" in box.text()
    assert "not the TimelineJS template's header" in box.detailedText()
    box.close()
    assert not target.exists() and window.dataset is before


def test_only_bad_rows_is_an_error_not_a_question(window, qtbot, tmp_path, monkeypatch):
    source = a_sheet(tmp_path, "nope,,,Bad,,,\n")
    pick(monkeypatch, source, tmp_path / "story.toml")
    boxes = answer_boxes(monkeypatch, None)
    window.import_action.trigger()
    settle(qtbot)
    assert boxes == []
    assert "line 2, Year: expected a whole number, not 'nope'" in window.last_error_box.detailedText()
    window.last_error_box.close()
    assert not (tmp_path / "story.toml").exists()


def test_cancelling_a_file_dialog_does_nothing(window, qtbot, monkeypatch):
    before = window.dataset
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *args: ("", "")))
    window.import_action.trigger()
    settle(qtbot)
    assert window.dataset is before


def test_open_and_import_start_in_the_datasets_folder_but_never_inside_the_installed_app(make_window, live_copy):
    from viewer.dataset.load import load_dataset

    assert make_window().start_folder() == str(Path.home()), "the bundled dataset lives in the install"
    assert make_window(load_dataset(live_copy)).start_folder() == str(live_copy.parent)


def test_the_file_is_converted_off_the_gui_thread_under_a_progress_dialog(window, qtbot, tmp_path, monkeypatch):
    """A big spreadsheet takes seconds: the window keeps running its event loop meanwhile, a
    modal progress dialog names the file once the import takes a while, and it goes after."""
    import threading
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QProgressDialog

    from viewer.qt import import_dialog

    source = tmp_path / "story.json"
    source.write_text('{"events": [{"start_date": {"year": 1990}, "text": {"headline": "A thing"}}]}', encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *args, **kwargs: (str(source), "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kwargs: (str(tmp_path / "story.toml"), "")))
    threads, seen = [], []
    real = import_dialog.import_file

    def slow(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        time.sleep(1.0)  # a big file's seconds
        return real(*args, **kwargs)

    def look() -> None:  # runs on the GUI thread while the import works
        seen.extend((d.windowTitle(), d.labelText(), d.isVisible(), d.isModal())
                    for d in window.findChildren(QProgressDialog) if d.isVisible())

    monkeypatch.setattr(import_dialog, "import_file", slow)
    QTimer.singleShot(800, look)
    window.import_action.trigger()
    assert threads == [False]
    assert seen == [("Importing story.json", "Importing story.json…", True, True)]
    assert not [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
    assert window.dataset.title and (tmp_path / "story.toml").is_file()


def test_work_in_the_background_gives_back_its_result_or_raises_its_error(window):
    from viewer.qt.background import run_in_background

    assert run_in_background(window, "t", "x", lambda: 41 + 1) == 42

    def fails():
        raise ValueError("row 3: no date")

    with pytest.raises(ValueError, match="row 3: no date"):
        run_in_background(window, "t", "x", fails)
