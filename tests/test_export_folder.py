"""Where File ▸ Export… proposes to save: the folder of the last export while it exists, else
beside the open dataset, else home (the bundled dataset's folder is inside the app)."""

from __future__ import annotations

from pathlib import Path

from viewer.dataset.load import load_dataset
from viewer.qt.export.dialog import ExportDialog, export_folder
from viewer.resources import BUNDLED_DATASET


def _dialog(window, qtbot) -> ExportDialog:
    dialog = ExportDialog(window.state, window.timeline, window.settings, window, view_area=window.view_area)
    qtbot.addWidget(dialog)
    return dialog


def test_the_export_of_a_dataset_of_ones_own_goes_beside_it(make_window, qtbot, live_copy):
    window = make_window(load_dataset(live_copy))
    proposed = Path(_dialog(window, qtbot).path_edit.text())
    assert proposed.parent == live_copy.parent and proposed.suffix == ".png"


def test_the_export_of_the_bundled_dataset_goes_home_not_into_the_app(window, qtbot):
    assert window.dataset.path.resolve() == BUNDLED_DATASET.resolve()
    assert Path(_dialog(window, qtbot).path_edit.text()).parent == Path.home()


def test_the_last_export_folder_is_kept_over_the_datasets(make_window, qtbot, live_copy, tmp_path, settings):
    chosen = tmp_path / "exports"
    chosen.mkdir()
    settings.setValue("export/path", str(chosen / "earlier.svg"))
    window = make_window(load_dataset(live_copy))
    proposed = Path(_dialog(window, qtbot).path_edit.text())
    assert proposed.parent == chosen and proposed.suffix == ".svg", "the folder and the format of last time"


def test_an_export_remembers_its_folder_for_the_next_one(make_window, qtbot, live_copy, tmp_path):
    window = make_window(load_dataset(live_copy))
    chosen = tmp_path / "exports"
    chosen.mkdir()
    dialog = _dialog(window, qtbot)
    dialog.path_edit.setText(str(chosen / "timeline.csv"))
    dialog.run_export()
    assert (chosen / "timeline.csv").is_file()
    assert Path(_dialog(window, qtbot).path_edit.text()).parent == chosen


def test_a_last_folder_since_removed_falls_back_to_the_datasets(tmp_path):
    dataset = tmp_path / "case" / "case.toml"
    assert export_folder(tmp_path / "gone" / "x.png", dataset) == dataset.parent
    assert export_folder(None, None) == Path.home(), "a dataset not read from a file"
