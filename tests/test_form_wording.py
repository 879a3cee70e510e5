"""Wording and layout of the edit-mode forms a new user meets first: New dataset names the tracks
as the window shows them, an empty date field hints without looking like an error, messages end
with one full stop, and Add source from a text file proposes a title and gives the text the room."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from PySide6.QtWidgets import QLabel, QPlainTextEdit

from conftest import settle
from viewer.dataset.authoring import STARTER_TRACKS
from viewer.editing.sources import title_from_file_name
from viewer.qt.editing.date_field import INVALID_COLOUR, DateField
from viewer.qt.editing.event_form import EventForm
from viewer.qt.editing.sources_flow import AddSourceDialog, NewDatasetDialog, open_source_to_cite

NOTES = ("Apollo 13 launched from Kennedy Space Center on 11 April 1970 at 13:13 Central Standard Time.\n"
         "On 13 April 1970, about 56 hours into the flight, oxygen tank number two exploded.\n")


def _label_texts(widget) -> list[str]:
    return [child.text() for child in widget.findChildren(QLabel)]


def test_new_dataset_dialog_names_the_tracks_as_the_window_shows_them(qtbot):
    dialog = NewDatasetDialog()
    qtbot.addWidget(dialog)
    assert [t["name"] for t in STARTER_TRACKS] == ["Real life", "Making of", "On screen"]
    assert "It starts with the usual tracks: ‘Real life’, ‘Making of’ and ‘On screen’." in _label_texts(dialog)


def test_an_empty_date_field_hints_in_the_normal_colour_and_a_wrong_date_is_red(qtbot, bundled_dataset):
    form = EventForm(bundled_dataset, lambda _fields, _citation: None)
    qtbot.addWidget(form)
    date = form.date
    assert date.preview.text() == "Type a date, or use Build…"
    assert INVALID_COLOUR not in date.preview.styleSheet(), "nothing typed yet: a hint, not an error"
    date.set_text("1990-13-45")
    assert date.preview.text().startswith("Not a date") and INVALID_COLOUR in date.preview.styleSheet()
    date.set_text("")
    assert INVALID_COLOUR not in date.preview.styleSheet(), "emptied again: back to the hint"
    assert not date.is_valid(), "an empty date is still not a date: the form's OK says so"


def test_a_date_field_alone_starts_with_a_plain_hint(qtbot):
    field = DateField()
    qtbot.addWidget(field)
    assert INVALID_COLOUR not in field.preview.styleSheet()


def test_no_stored_text_message_ends_with_one_full_stop():
    told = []
    controller = SimpleNamespace(state=SimpleNamespace(dataset=SimpleNamespace(sources={})),
                                 tell=lambda title, text: told.append((title, text)))
    open_source_to_cite(controller)
    [(_title, text)] = told
    assert text.endswith("add one with Add source…") and "…." not in text


def test_no_message_in_the_app_ends_an_ellipsis_with_a_full_stop():
    for file in (Path(__file__).parents[1] / "viewer").rglob("*.py"):
        source = file.read_text(encoding="utf-8")
        for quote in ('…."', "….'", "….)"):
            assert quote not in source, f"{file}: {quote!r}"


def test_a_file_name_reads_as_a_title():
    assert title_from_file_name(Path("/tmp/apollo13-notes.txt")) == "apollo13 notes"
    assert title_from_file_name(Path("crew_log--day_3.txt")) == "crew log day 3"


def _read_text_file(qtbot, tmp_path: Path, name: str = "apollo13-notes.txt") -> AddSourceDialog:
    notes = tmp_path / name
    notes.write_text(NOTES, encoding="utf-8")
    dialog = AddSourceDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.file.setText(str(notes))
    dialog.read_file()
    settle(qtbot)
    return dialog


def test_a_text_file_proposes_its_name_as_the_title_for_the_user_to_confirm(qtbot, tmp_path):
    dialog = _read_text_file(qtbot, tmp_path)
    assert dialog.title.text() == "apollo13 notes"
    assert "oxygen tank" in dialog.preview.toPlainText()
    assert dialog.check() is None, "the proposed title is enough to add it"


def test_a_title_typed_first_is_kept_over_the_file_name(qtbot, tmp_path):
    notes = tmp_path / "apollo13-notes.txt"
    notes.write_text(NOTES, encoding="utf-8")
    dialog = AddSourceDialog()
    qtbot.addWidget(dialog)
    dialog.title.setText("Mission notes")
    dialog.file.setText(str(notes))
    dialog.read_file()
    assert dialog.title.text() == "Mission notes"


def test_the_add_source_tabs_leave_the_room_to_the_text_to_store(qtbot, tmp_path):
    dialog = _read_text_file(qtbot, tmp_path)
    tabs, preview = dialog.tabs, dialog.preview
    assert tabs.height() <= tabs.minimumSizeHint().height(), "no empty area under the path field"
    assert preview.height() > 2 * tabs.height(), (preview.height(), tabs.height())
    pasted = tabs.widget(1).findChild(QPlainTextEdit)
    assert pasted is dialog.pasted and pasted.isVisibleTo(tabs.widget(1)), "the paste box is still on its tab"


def test_a_saved_page_is_read_off_the_gui_thread(qtbot, tmp_path, monkeypatch):
    """Extracting a big saved page takes a second or more: it runs on a worker thread, and the
    page it gives (or its refusal) comes back to the dialog as before."""
    import threading

    from viewer.qt.editing import sources_flow

    page = tmp_path / "story.html"
    page.write_text("<html><head><title>The story</title></head><body><article><p>" + NOTES + "</p></article></body></html>",
                    encoding="utf-8")
    on_main = []
    real = sources_flow.read_page
    monkeypatch.setattr(sources_flow, "read_page",
                        lambda file: (on_main.append(threading.current_thread() is threading.main_thread()), real(file))[1])
    dialog = AddSourceDialog()
    qtbot.addWidget(dialog)
    dialog.file.setText(str(page))
    dialog.read_file()
    assert on_main == [False]
    assert dialog.title.text() == "The story" and "oxygen tank" in dialog.preview.toPlainText()
    dialog.file.setText(str(tmp_path / "missing.html"))
    dialog.read_file()
    assert dialog.page is None and "missing.html" in dialog.error.text()
