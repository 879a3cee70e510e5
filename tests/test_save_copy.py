"""File ▸ Save a Copy… and the bundled dataset, which is edited only as a copy: the copy holds
the edits and every snapshot at the path the file gives it, and nothing is lost when it fails."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from conftest import settle
from viewer.core.files import WriteError
from viewer.dataset.load import load_dataset
from viewer.editing.copying import copy_dataset

Button = QMessageBox.StandardButton


@pytest.fixture
def editing(make_window, live_copy):
    """A window on a private copy of the bundled dataset, in edit mode."""
    window = make_window(load_dataset(live_copy))
    window.editor.ask = lambda *args, **kwargs: Button.Discard  # closing at the end must not wait on a question
    window.editor.edit_mode_action.trigger()
    assert window.editor.edits.active
    return window


def retitle(window, title: str) -> None:
    window.state.select("iris-azulai-killed")
    window.editor.edit_event_action.trigger()
    window.editor.form.title_edit.setText(title)
    window.editor.form.try_accept()
    assert window.editor.edits.modified


def test_the_bundled_dataset_is_edited_as_a_copy_with_its_snapshots(window, tmp_path, qtbot):
    # edit mode on the bundled file turned on silently, and Save would have written into Factline
    from viewer.resources import BUNDLED_DATASET

    bundled_before = BUNDLED_DATASET.read_bytes()
    editor = window.editor
    asked = []
    editor.ask = lambda title, text, *a, **k: asked.append(text) or Button.Cancel
    editor.edit_mode_action.trigger()
    assert asked and "comes with Factline" in asked[0] and not editor.edits.active
    assert not editor.edit_mode_action.isChecked()

    target = tmp_path / "mine" / "hit-and-run.toml"
    target.parent.mkdir()
    editor.ask = lambda *a, **k: Button.Save
    editor.choose_copy_path = lambda original: target
    editor.edit_mode_action.trigger()
    assert window.dataset.path == target and editor.edits.active and not editor.edits.modified
    assert target.read_bytes() == bundled_before
    for source in window.dataset.sources.values():  # every snapshot beside it, and verified from there
        if source.snapshot is not None:
            assert source.snapshot.is_relative_to(target.parent) and source.snapshot.exists()
    assert window.dataset.quotes_verified == load_dataset(BUNDLED_DATASET).quotes_verified
    assert BUNDLED_DATASET.read_bytes() == bundled_before


def test_save_a_copy_takes_the_unsaved_edits_and_leaves_the_original_as_saved(editing, live_copy, tmp_path):
    before = live_copy.read_bytes()
    editing.state.select("iris-azulai-killed")
    editing.editor.edit_event_action.trigger()
    editing.editor.form.title_edit.setText("Iris Azulai is killed in Jerusalem, aged 19")
    editing.editor.form.try_accept()
    assert editing.editor.edits.modified
    target = tmp_path / "shared.toml"
    editing.editor.choose_copy_path = lambda original: tmp_path / "shared"  # the suffix is added
    assert editing.editor.save_copy_action.isEnabled()
    editing.editor.save_copy_action.trigger()
    assert live_copy.read_bytes() == before
    assert "aged 19" in target.read_text(encoding="utf-8")
    assert editing.dataset.path == target and editing.editor.edits.active and not editing.editor.edits.modified
    assert editing.dataset.event("iris-azulai-killed").title.endswith("aged 19")


def test_a_copy_that_would_replace_a_different_snapshot_writes_nothing(tmp_path, live_copy):
    from viewer.core.files import WriteError
    from viewer.editing.copying import copy_dataset

    dataset = load_dataset(live_copy)
    snapshot = next(s.snapshot for s in dataset.sources.values() if s.snapshot is not None)
    clash = tmp_path / "out" / snapshot.relative_to(live_copy.parent)
    clash.parent.mkdir(parents=True)
    clash.write_text("someone else's notes", encoding="utf-8")
    with pytest.raises(WriteError, match="a different file of that name is already there"):
        copy_dataset(dataset, live_copy.read_bytes(), tmp_path / "out" / "case.toml")
    assert not (tmp_path / "out" / "case.toml").exists()
    assert clash.read_text(encoding="utf-8") == "someone else's notes"
    with pytest.raises(WriteError, match="it is the dataset itself"):
        copy_dataset(dataset, live_copy.read_bytes(), live_copy)
    with pytest.raises(WriteError, match="keeps the dataset's format"):
        copy_dataset(dataset, live_copy.read_bytes(), tmp_path / "case.json")


def test_a_snapshot_reached_through_a_symlinked_folder_is_copied_where_the_file_names_it(tmp_path, live_copy):
    # the loader follows links: the copy went to store/x.txt while the file names sources/x.txt,
    # and the copy did not open
    sources = live_copy.parent / "sources"
    sources.rename(live_copy.parent / "store")
    sources.symlink_to("store")
    dataset = load_dataset(live_copy)
    (tmp_path / "out").mkdir()
    written = copy_dataset(dataset, live_copy.read_bytes(), tmp_path / "out" / "case.toml")
    copy = load_dataset(written)
    assert copy.quotes_verified == dataset.quotes_verified
    assert all(s.snapshot.is_relative_to(tmp_path / "out" / "sources") for s in copy.sources.values() if s.snapshot)


def test_a_name_given_without_its_suffix_never_replaces_a_file(tmp_path, live_copy):
    # the save dialog asked about 'shared', not about the 'shared.toml' the suffix made
    (tmp_path / "shared.toml").write_text("someone's dataset", encoding="utf-8")
    with pytest.raises(WriteError, match="a file of that name is already there"):
        copy_dataset(load_dataset(live_copy), live_copy.read_bytes(), tmp_path / "shared")
    assert (tmp_path / "shared.toml").read_text(encoding="utf-8") == "someone's dataset"


def test_a_copy_that_fails_at_its_last_file_takes_back_what_it_wrote(tmp_path, live_copy, monkeypatch):
    import viewer.editing.copying as copying

    real = copying.write_atomically

    def failing(path, data):
        if path.suffix == ".toml":
            raise WriteError(f"cannot write {path}: the disk is full")
        real(path, data)

    monkeypatch.setattr(copying, "write_atomically", failing)
    (tmp_path / "out").mkdir()
    with pytest.raises(WriteError, match="the disk is full"):
        copy_dataset(load_dataset(live_copy), live_copy.read_bytes(), tmp_path / "out" / "case.toml")
    assert list((tmp_path / "out").iterdir()) == []  # the snapshots and their folder are gone again


def test_a_copy_that_does_not_open_leaves_the_edits_unsaved_on_the_original(editing, live_copy, tmp_path, monkeypatch):
    retitle(editing, "Iris Azulai is killed in Jerusalem, aged 19")
    editing.editor.choose_copy_path = lambda original: tmp_path / "shared.toml"
    monkeypatch.setattr(editing, "open_path", lambda path, wait=None: False)  # as when the copy fails to load
    assert not editing.editor.save_copy()
    assert editing.dataset.path == live_copy and editing.editor.edits.modified
    assert editing.editor.edits.undo_stack.count() == 1
    assert editing.dataset.event("iris-azulai-killed").title.endswith("aged 19")


def test_opening_the_bundled_dataset_while_editing_another_turns_edit_mode_off(editing, qtbot):
    from viewer.resources import BUNDLED_DATASET

    assert editing.open_path(BUNDLED_DATASET, wait=True)
    settle(qtbot)
    assert editing.dataset.path == BUNDLED_DATASET
    assert not editing.editor.edits.active and not editing.editor.edit_mode_action.isChecked()
    with pytest.raises(Exception, match="not changed in place"):
        editing.editor.edits.start()
