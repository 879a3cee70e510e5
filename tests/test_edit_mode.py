"""Edit mode in the window, driven through its real forms: a dataset made from nothing, saved and
read back; editing the bundled dataset; undo and redo; refusals; unsaved edits and the file
changing on disk."""

from __future__ import annotations

import tomllib
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from conftest import settle
from test_add_source import MENU_ONLY
from viewer.dataset.check import run_check
from viewer.dataset.load import load_dataset
from viewer.editing.fields import LinkFields
from viewer.qt.editing.event_form import EventForm
from viewer.qt.editing.item_forms import EpisodeForm
from viewer.qt.editing.link_dialog import LinkDialog
from viewer.qt.editing.sources_flow import AddSourceDialog, NewDatasetDialog

Button = QMessageBox.StandardButton

ARTICLE = """<!doctype html><html><head><meta charset="utf-8">
<title>The night on the bridge | The Test Gazette</title>
<meta name="author" content="Dana Writer">
<meta property="article:published_time" content="2021-07-01">
<link rel="canonical" href="https://gazette.example/bridge">
<script>document.title = "pwned"; fetch("https://evil.example/")</script>
</head><body><nav>Home | World | Sport</nav>
<article><h1>The night on the bridge</h1>
<p>The author served in a special unit for three years before he moved abroad in 1995.</p>
<p>In the first episode the hero's wife dies on a bridge, a scene the writer says he took from his own loss.</p>
<p>The series was filmed in Tel Aviv and New York over one long winter, with a small crew and very little money.</p>
</article><footer>© The Test Gazette</footer></body></html>
"""


def select_in(viewer, passage: str) -> None:
    """Select ``passage`` in the source viewer's text, as a mouse drag would."""
    cursor = viewer.text_view.document().find(passage)
    assert not cursor.isNull(), passage
    viewer.text_view.setTextCursor(cursor)


PHONE_CALL = "Notes from a phone call.\nThe witness said the car was blue.\n"


def add_phone_call_source(editor, qtbot) -> None:
    """Add a source of pasted text (a phone call's notes) through the Add source dialog."""
    editor.add_source_action.trigger()
    dialog = editor.form
    dialog.tabs.setCurrentIndex(1)
    dialog.pasted.setPlainText(PHONE_CALL)
    dialog.title.setText("[Phone call with a witness]")
    dialog.try_accept()
    settle(qtbot)


def fill_event(form: EventForm, title: str, track: str, when: str | None = None, episode: int | None = None,
               minute: float | None = None) -> None:
    form.track.setCurrentIndex(form.track.findData(track))
    form.title_edit.setText(title)
    if when is not None:
        form.date.set_text(when)
    if episode is not None:
        form.narrative.episode.setValue(episode)
    if minute is not None:
        form.narrative.has_minute.setChecked(True)
        form.narrative.minute.setValue(minute)


def test_a_dataset_made_from_nothing_in_the_app_saves_what_was_entered_and_passes_check(window, qtbot, tmp_path):
    editor = window.editor
    folder = tmp_path / "bridge-case"
    page = tmp_path / "saved-page.html"
    page.write_text(ARTICLE, encoding="utf-8")

    editor.new_action.trigger()
    dialog = editor.form
    assert isinstance(dialog, NewDatasetDialog)
    dialog.folder.setText(str(folder))
    dialog.title.setText("The Bridge (a test series)")
    dialog.try_accept()
    settle(qtbot)
    path = window.dataset.path
    assert path.parent == folder and window.dataset.title == "The Bridge (a test series)"
    assert editor.edits.active and editor.edit_mode_action.isChecked()

    editor.add_source_action.trigger()
    dialog = editor.form
    assert isinstance(dialog, AddSourceDialog)
    dialog.file.setText(str(page))
    dialog.read_file()
    assert dialog.title.text() == "The night on the bridge"
    assert dialog.author.text() == "Dana Writer" and dialog.url.text() == "https://gazette.example/bridge"
    assert "pwned" not in dialog.preview.toPlainText() and "Home | World" not in dialog.preview.toPlainText()
    dialog.publisher.setText("The Test Gazette")
    dialog.try_accept()
    settle(qtbot)
    source_id = next(iter(window.dataset.sources))
    source = window.dataset.sources[source_id]
    assert source.snapshot.parent == folder / "sources" and source.snapshot.is_file()
    viewer = editor.source_viewer
    assert viewer.isVisible(), "the new source opens, ready to cite"

    select_in(viewer, "served in a special unit for three years")
    new_event_button = viewer.selection_buttons[1]
    assert new_event_button.isEnabled()
    new_event_button.click()
    form = editor.form
    assert isinstance(form, EventForm) and form.citation.quote.toPlainText() == "served in a special unit for three years"
    fill_event(form, "Serves in a special unit", "real-life", when="1988~/1991~")
    assert "1988" in form.date.preview.text()
    form.try_accept()
    settle(qtbot)
    served = window.state.selected
    assert window.dataset.event(served).title == "Serves in a special unit"

    editor.add_event_action.trigger()
    form = editor.form
    fill_event(form, "Moves abroad", "real-life", when="1995")
    form.citation.source.setCurrentIndex(form.citation.source.findData(source_id))
    form.citation.note.setText("The article gives the year only.")
    form.try_accept()
    moved = window.state.selected
    assert window.dataset.event(moved).date.edtf == "1995"

    select_in(viewer, "moved abroad in 1995")  # cite by selection, for the selected event
    assert viewer.selection_buttons[0].text() == "Cite for ‘Moves abroad’"
    viewer.selection_buttons[0].click()
    assert [c.quote for c in window.dataset.event(moved).citations] == [None, "moved abroad in 1995"]
    assert window.dataset.event(moved).citations[1].span is not None, "verified, with its offsets"

    editor.add_episode_action.trigger()
    episode_form = editor.form
    assert isinstance(episode_form, EpisodeForm)
    episode_form.title.setText("Pilot")
    episode_form.minutes.setValue(48)
    episode_form.try_accept()
    assert [(e.number, e.title, e.minutes) for e in window.dataset.episodes] == [(1, "Pilot", 48.0)]

    select_in(viewer, "the hero's wife dies on a bridge")
    viewer.selection_buttons[1].click()
    form = editor.form
    fill_event(form, "The hero's wife dies on a bridge", "on-screen", episode=1, minute=12.5)
    assert form.verdict.itemText(0) == "— choose one —"  # a plot point needs one: no 'none' to pick
    form.verdict.setCurrentIndex(form.verdict.findData("inspired"))
    form.try_accept()
    point = window.state.selected
    assert window.dataset.event(point).narrative.minute == 12.5

    editor.link_action.trigger()
    link = editor.form
    assert isinstance(link, LinkDialog)
    window.state.select(served)  # a click on the real event in the calendar pane
    assert link.chosen_id() == served
    link.kind.setCurrentText("based-on")
    link.note.setText("The writer's own loss")
    link.try_accept()
    assert [(l.from_id, l.to_id, l.kind) for l in window.dataset.links] == [(point, served, "based-on")]

    assert window.isWindowModified() and editor.save_action.isEnabled()
    editor.save_action.trigger()
    assert not window.isWindowModified()

    code, report = run_check([str(path)], False)
    assert code == 0, report
    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    assert saved["sources"][0] | {} == {
        "id": source_id, "title": "The night on the bridge", "publisher": "The Test Gazette", "author": "Dana Writer",
        "date": "2021-07-01", "url": "https://gazette.example/bridge", "snapshot": f"sources/{source.snapshot.name}",
        "retrieved": saved["sources"][0]["retrieved"], "sha256": saved["sources"][0]["sha256"]}
    events = {e["id"]: e for e in saved["events"]}
    assert events[served] == {"id": served, "track": "real-life", "title": "Serves in a special unit",
                              "when": "1988~/1991~",
                              "citations": [{"source": source_id, "quote": "served in a special unit for three years"}]}
    assert events[moved]["citations"] == [{"source": source_id, "note": "The article gives the year only."},
                                          {"source": source_id, "quote": "moved abroad in 1995"}]
    assert {k: events[point][k] for k in ("track", "episode", "minute", "verdict")} == {
        "track": "on-screen", "episode": 1, "minute": 12.5, "verdict": "inspired"}
    assert saved["episodes"] == [{"number": 1, "title": "Pilot", "minutes": 48.0}]
    assert saved["links"] == [{"from": point, "to": served, "type": "based-on", "note": "The writer's own loss"}]
    reopened = load_dataset(path)
    assert len(reopened.events) == 3 and reopened.quotes_verified == 3


@pytest.fixture
def editing(make_window, live_copy, qtbot):
    """A window on a private copy of the bundled dataset, in edit mode."""
    window = make_window(load_dataset(live_copy))
    window.editor.ask = lambda *args, **kwargs: Button.Discard  # closing at the end must not wait on a question
    window.editor.edit_mode_action.trigger()
    assert window.editor.edits.active
    return window


def test_edit_mode_is_off_by_default_and_its_actions_show_only_in_it(make_window, live_copy):
    editor = make_window(load_dataset(live_copy)).editor
    assert not editor.edits.active and not editor.add_event_action.isVisible()
    assert editor.edit_mode_action.isCheckable() and not editor.edit_mode_action.isChecked()
    editor.edit_mode_action.trigger()
    assert editor.edits.active and editor.add_event_action.isEnabled()
    assert not editor.edit_event_action.isEnabled(), "nothing selected"


def test_editing_one_event_and_saving_changes_only_its_line_and_the_title_marks_it(editing, live_copy, qtbot):
    before = live_copy.read_text(encoding="utf-8")
    editing.state.select("iris-azulai-killed")
    editing.editor.edit_event_action.trigger()
    form = editing.editor.form
    assert form.title_edit.text() == "Iris Azulai is killed in Jerusalem"
    form.title_edit.setText("Iris Azulai is killed in Jerusalem, aged 19")
    form.try_accept()
    assert editing.isWindowModified() and "[*]" in editing.windowTitle()
    assert live_copy.read_text(encoding="utf-8") == before, "the file changes only on Save"
    editing.editor.save_action.trigger()
    after = live_copy.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(before.splitlines()) == len(after.splitlines())
    assert changed == [('title = "Iris Azulai is killed in Jerusalem"', 'title = "Iris Azulai is killed in Jerusalem, aged 19"')]


def test_undo_and_redo_name_the_step_and_give_back_the_identical_text(editing):
    editor = editing.editor
    original = editor.edits.document.text
    editing.state.select("iris-azulai-killed")
    editor.ask = lambda *args, **kwargs: Button.Yes
    editor.delete_event()
    assert not editing.dataset.has_event("iris-azulai-killed")
    deleted = editor.edits.document.text
    assert editor.undo_action.text() == "&Undo Delete event ‘Iris Azulai is killed in Jerusalem’"
    editor.undo_action.trigger()
    assert editor.edits.document.text == original and editing.dataset.has_event("iris-azulai-killed")
    assert not editing.isWindowModified(), "back to the saved text"
    editor.redo_action.trigger()
    assert editor.edits.document.text == deleted


def test_deleting_asks_and_names_the_links_that_go_with_it(editing):
    editor = editing.editor
    event_id = next(l.to_id for l in editing.dataset.links)
    editing.state.select(event_id)
    asked = []
    editor.ask = lambda title, text, *rest: asked.append(text) or Button.Cancel
    editor.delete_event_action.trigger()
    links = editing.dataset.links_of(event_id)
    assert "go with it" in asked[0] and editing.dataset.event(links[0].from_id).title in asked[0]
    assert editing.dataset.has_event(event_id), "cancelled: nothing deleted"


@pytest.mark.parametrize("change, message", [
    (lambda form: form.date.set_text("1990-13-45"), "when"),
    (lambda form: form.title_edit.setText("   "), "title is empty"),
])
def test_an_invalid_edit_is_refused_in_the_form_and_changes_nothing(editing, change, message):
    editing.state.select("iris-azulai-killed")
    text = editing.editor.edits.document.text
    editing.editor.edit_event_action.trigger()
    form = editing.editor.form
    change(form)
    form.try_accept()
    assert form.isVisible() and not form.error.isHidden()
    assert message in form.error.text()
    assert editing.editor.edits.document.text == text and not editing.isWindowModified()


def test_a_link_to_itself_is_refused_with_the_loaders_message(editing):
    point = editing.dataset.plot_points[0]
    editing.state.select(point.id)
    editing.editor.link_action.trigger()
    dialog = editing.editor.form
    text = editing.editor.edits.document.text
    assert point.id not in [dialog.events.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.events.count())]
    problem = dialog.submit(LinkFields(point.id, point.id))  # one the list never offers: to itself
    assert problem and editing.editor.edits.document.text == text


def test_a_date_preview_reads_the_edtf_and_explains_invalid_input(editing):
    editing.state.select("iris-azulai-killed")
    editing.editor.edit_event_action.trigger()
    field = editing.editor.form.date
    field.set_text("1990~")
    assert field.preview.text() == "about 1990 — 1989 to 1991"
    field.set_text("1990-02-30")
    assert field.preview.text().startswith("Not a date:") and not field.is_valid()


def test_unsaved_edits_are_asked_about_on_close_and_on_open(editing, bundled_path):
    editor = editing.editor
    editing.state.select("iris-azulai-killed")
    editor.edit_event_action.trigger()
    editor.form.summary.setPlainText("A changed summary.")
    editor.form.try_accept()
    answers = [Button.Cancel]
    editor.ask = lambda *args, **kwargs: answers.pop(0)
    assert editing.open_path(bundled_path) is False, "cancelled: the edited dataset stays"
    assert editor.edits.modified
    answers.append(Button.Cancel)
    assert not editing.close() and editing.isVisible()
    answers.append(Button.Discard)
    assert editing.open_path(bundled_path) is True and not editor.edits.modified


@pytest.mark.parametrize("answer", [Button.Save, Button.Discard])
def test_the_file_changing_on_disk_under_unsaved_edits_asks_keep_mine_or_load_theirs(editing, live_copy, qtbot, answer):
    editor = editing.editor
    editing.state.select("iris-azulai-killed")
    editor.edit_event_action.trigger()
    editor.form.title_edit.setText("My own title")
    editor.form.try_accept()
    asked = []
    editor.ask = lambda title, text, *rest: asked.append(title) or answer
    text = live_copy.read_text(encoding="utf-8")
    live_copy.write_text(text.replace('title = "Iris Azulai is killed in Jerusalem"', 'title = "Their title"'),
                         encoding="utf-8")
    qtbot.waitUntil(lambda: asked == ["The file changed on disk"], timeout=5000)
    if answer == Button.Save:  # keep mine
        qtbot.wait(400)
        assert editing.dataset.event("iris-azulai-killed").title == "My own title" and editor.edits.modified
        editor.save_action.trigger()
        assert 'title = "My own title"' in live_copy.read_text(encoding="utf-8")
    else:  # load theirs
        qtbot.waitUntil(lambda: editing.dataset.event("iris-azulai-killed").title == "Their title", timeout=5000)
        assert not editor.edits.modified and editor.edits.active


def test_the_apps_own_save_is_not_taken_for_a_change_on_disk(editing, qtbot):
    changed = []
    editing.session.changed_on_disk.connect(changed.append)
    editing.state.select("iris-azulai-killed")
    editing.editor.edit_event_action.trigger()
    editing.editor.form.title_edit.setText("Saved by the app")
    editing.editor.form.try_accept()
    editing.editor.save_action.trigger()
    qtbot.wait(1600)  # past the watcher's debounce and a poll
    assert changed == [] and editing.dataset.event("iris-azulai-killed").title == "Saved by the app"


@pytest.mark.parametrize("page, problem", [
    (MENU_ONLY, "no main text"),
    (b"<html><head><meta charset='utf-8'></head><body><p>caf\xe9</p></body></html>", "not valid utf-8"),
])
def test_a_hostile_page_is_refused_in_the_add_source_dialog_and_nothing_is_written(editing, live_copy, tmp_path,
                                                                                    page, problem):
    hostile = tmp_path / "elsewhere" / "page.html"
    hostile.parent.mkdir()
    hostile.write_bytes(page if isinstance(page, bytes) else page.encode())
    before = sorted(p.name for p in (live_copy.parent / "sources").iterdir())
    editing.editor.add_source_action.trigger()
    dialog = editing.editor.form
    dialog.file.setText(str(hostile))
    dialog.read_file()
    assert problem in dialog.error.text().lower() and dialog.page is None
    dialog.title.setText("Anything")
    dialog.try_accept()
    assert dialog.isVisible(), "refused: the dialog stays"
    assert sorted(p.name for p in (live_copy.parent / "sources").iterdir()) == before
    assert not editing.editor.edits.modified


def test_a_huge_page_is_refused_before_it_is_read_whole(editing, tmp_path):
    from viewer.dataset.pages import MAX_PAGE_BYTES

    huge = tmp_path / "huge.html"
    huge.write_bytes(b"<html><body><p>" + b"word " * (MAX_PAGE_BYTES // 5 + 10) + b"</p></body></html>")
    editing.editor.add_source_action.trigger()
    dialog = editing.editor.form
    dialog.file.setText(str(huge))
    dialog.read_file()
    assert dialog.page is None and "huge.html" in dialog.error.text()


def test_pasted_text_becomes_a_source_whose_passages_can_be_cited(editing, live_copy, qtbot):
    editor = editing.editor
    add_phone_call_source(editor, qtbot)
    source = next(s for s in editing.dataset.sources.values() if s.title == "[Phone call with a witness]")
    assert source.snapshot.read_text(encoding="utf-8") == "Notes from a phone call.\nThe witness said the car was blue.\n"
    editing.state.select("iris-azulai-killed")
    viewer = editor.source_viewer
    select_in(viewer, "the car was blue")
    viewer.selection_buttons[0].click()
    cited = editing.dataset.event("iris-azulai-killed").citations[-1]
    assert (cited.source_id, cited.quote, cited.span) == (source.id, "the car was blue", (42, 58))


def test_undoing_every_step_of_a_session_gives_back_the_file_as_opened(editing):
    editor = editing.editor
    original = editor.edits.document.text
    editor.add_track_action.trigger()
    editor.form.name.setText("Press coverage")
    editor.form.try_accept()
    editor.add_episode_action.trigger()
    editor.form.try_accept()
    editing.state.select("iris-azulai-killed")
    editor.edit_event_action.trigger()
    editor.form.people.setText("Iris Azulai; Lior Raz; A neighbour")
    editor.form.try_accept()
    assert [t.name for t in editing.dataset.tracks][-1] == "Press coverage"
    assert editor.edits.undo_stack.count() == 3
    steps = [editor.edits.document.text]
    while editor.undo_action.isEnabled():
        editor.undo_action.trigger()
        steps.append(editor.edits.document.text)
    assert steps[-1] == original and "Press coverage" not in [t.name for t in editing.dataset.tracks]
    while editor.redo_action.isEnabled():
        editor.redo_action.trigger()
    assert editor.edits.document.text == steps[0]


def test_the_date_builder_opens_from_an_empty_field_and_an_end_starts_at_the_start(editing, monkeypatch):
    from viewer.qt.editing.date_field import DateBuilder

    built = []
    monkeypatch.setattr(DateBuilder, "exec", lambda self: built.append(self) or QDialog.DialogCode.Rejected)
    editing.editor.add_event_action.trigger()
    field = editing.editor.form.date
    field.set_text("")
    field.open_builder()  # it once raised here, for an empty field
    builder = built[0]
    builder.start.year.setValue(1971)
    builder.precision.setCurrentText("year")
    builder.has_end.setChecked(True)
    assert builder.end.value().year == 1971, "the end starts from the start, not from a default year"
    builder.end.year.setValue(1974)
    assert builder.edtf() == "1971/1974"
    builder.has_end.setChecked(False)
    assert builder.result.text() == "1971", "a date that reads as itself is shown once"


def test_redo_answers_ctrl_shift_z_once_not_ambiguously(editing, qtbot):
    editor = editing.editor
    keys = [k.toString() for k in editor.redo_action.shortcuts()]
    assert len(keys) == len(set(keys)) and "Ctrl+Shift+Z" in keys
    editing.state.select("iris-azulai-killed")
    editor.edit_event_action.trigger()
    editor.form.title_edit.setText("Changed")
    editor.form.try_accept()
    editing.activateWindow()
    editing.timeline.setFocus()
    qtbot.keyClick(editing.timeline, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editing.dataset.event("iris-azulai-killed").title == "Iris Azulai is killed in Jerusalem"
    qtbot.keyClick(editing.timeline, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert editing.dataset.event("iris-azulai-killed").title == "Changed"


def test_link_to_leaves_the_window_usable_so_the_real_event_can_be_clicked(editing):
    point = editing.dataset.plot_points[0]
    editing.state.select(point.id)
    editing.editor.link_action.trigger()
    dialog = editing.editor.form
    assert dialog.isVisible() and dialog.windowModality() == Qt.WindowModality.NonModal
    assert not dialog.geometry().contains(editing.timeline.mapTo(editing, editing.timeline.rect().center())), \
        "it stands aside, over the detail panel"
    real = next(e.id for e in editing.dataset.events if e.narrative is None)
    editing.state.select(real)
    assert dialog.chosen_id() == real


def test_cite_waits_for_an_event_and_names_it(editing, qtbot):
    from viewer.qt.editing.sources_flow import show_source_to_cite

    source = next(s for s in editing.dataset.sources.values() if s.text)
    viewer = show_source_to_cite(editing.editor, source.id)
    select_in(viewer, source.text.split()[0])
    cite, new_event = viewer.selection_buttons
    assert not cite.isEnabled() and new_event.isEnabled(), "no event selected: only a new event"
    editing.state.select("iris-azulai-killed")
    assert cite.isEnabled() and cite.text() == "Cite for ‘Iris Azulai is killed in Jerusalem’"


def test_labels_of_rows_made_of_a_field_and_a_button_underline_their_key(editing):
    from PySide6.QtWidgets import QLabel

    editing.editor.new_action.trigger()
    dialog = editing.editor.form
    label = next(l for l in dialog.findChildren(QLabel) if l.text() == "&Folder")
    assert label.buddy() is dialog.folder, "a buddy: & marks the key, it is not shown"


def test_the_date_builder_shows_and_takes_years_before_year_one_as_people_write_them(qtbot):
    # EDTF's year -168 is 169 BCE: the builder showed '-168'
    from PySide6.QtGui import QValidator

    from viewer.qt.editing.date_field import YearBox

    box = YearBox()
    qtbot.addWidget(box)
    box.setRange(-9998, 9999)
    box.setValue(-168)
    assert box.text() == "169 BCE"
    for typed, year in (("44 BCE", -43), ("44 bc", -43), ("-43", -43), ("1990", 1990)):
        box.lineEdit().setText(typed)
        box.interpretText()
        assert box.value() == year, typed
    box.setValue(0)
    assert box.text() == "1 BCE"
    box.stepBy(1)
    assert box.text() == "1"
    box.setValue(box.minimum())  # its own text reads back
    assert box.valueFromText(box.text()) == box.minimum() and box.text() == "9999 BCE"
    assert box.validate("0 BCE", 5)[0] != QValidator.State.Acceptable  # no year 0 BCE


def test_a_selection_that_stops_inside_a_word_is_cited_out_to_whole_words(editing, live_copy, qtbot):
    # a drag stopped on the 't' of 'the': a quote must end on a whole word, and citing it was
    # refused as 'not found verbatim' (100% alike); the word is taken whole, and shown so
    editor = editing.editor
    add_phone_call_source(editor, qtbot)
    editing.state.select("iris-azulai-killed")
    viewer = editor.source_viewer
    select_in(viewer, "tness said the c")
    viewer.selection_buttons[0].click()
    cited = editing.dataset.event("iris-azulai-killed").citations[-1]
    assert (cited.quote, cited.span) == ("witness said the car", (29, 49))
    assert viewer.text_view.textCursor().selectedText() == "witness said the car"


def test_whole_words_widens_only_a_cut_word():
    from viewer.core.quotes import whole_words

    text = "Lior was also part of Unit 217, the elite unit."
    assert whole_words(text, 0, 33) == (0, 35)  # '…217, t' -> '…217, the'
    assert whole_words(text, 2, 8) == (0, 8)  # 'or was' -> 'Lior was'
    assert whole_words(text, 5, 30) == (5, 30)  # already whole: 'was … 217' unchanged
    assert whole_words(text, 30, 32) == (30, 32)  # ', ' holds no word to cut

