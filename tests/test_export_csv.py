"""CSV export of the events: one row an event, the columns people sort and filter by, safe to open
in a spreadsheet (no cell is taken for a formula)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from conftest import BUNDLED, a_calendar_event, a_citation, a_dataset_with, a_plot_point, write_dataset
from viewer.core.model import NarrativePosition
from viewer.dataset.load import load_dataset
from viewer.interchange.csv_out import COLUMNS, defuse, events_csv, narrative_when
from viewer.qt.export.cli import export_main


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        return list(reader)


def test_cli_exports_every_bundled_event_with_its_dates_verdict_and_sources(qapp, tmp_path, capsys):
    out = tmp_path / "events.csv"
    assert export_main(["-o", str(out)]) == 0
    assert "42 events" in capsys.readouterr().out
    rows = read_rows(out)
    dataset = load_dataset(BUNDLED)
    assert len(rows) == len(dataset.events) == 42
    assert [r["id"] for r in rows] == [e.id for e in dataset.events]
    by_id = {r["id"]: r for r in rows}
    assert by_id["raz-born"] == {
        "id": "raz-born", "track": "real-life", "title": "Lior Raz is born", "date": "1971",
        "earliest": "1971-01-01", "latest": "1971-12-31", "verdict": "",
        "sources": "allocine; skytg24; nypost-2021; bild-2023; hey-alma; backstage; mako-intimi"}
    assert by_id["iris-azulai-killed"]["date"] == "1990-10-21"
    assert (by_id["iris-azulai-killed"]["earliest"], by_id["iris-azulai-killed"]["latest"]) == ("1990-10-21", "1990-10-21")
    # an uncertain interval as written, bounds as wide as it may be
    assert (by_id["raz-unit-217"]["date"], by_id["raz-unit-217"]["earliest"], by_id["raz-unit-217"]["latest"]) == (
        "1989~/1993", "1988-01-01", "1993-12-31")
    # a plot point: its episode as written, no calendar bounds, each source once (in citation order)
    assert by_id["prison-cold-open"] == {
        "id": "prison-cold-open", "track": "on-screen", "title": "Cold open: Segev in a US prison yard",
        "date": "episode 1", "earliest": "", "latest": "", "verdict": "invented",
        "sources": "review-geek-e1; cinemaholic"}


def test_a_cell_a_spreadsheet_would_run_as_a_formula_gets_an_apostrophe(qapp, tmp_path):
    dangerous = ['=HYPERLINK("http://evil.example","click")', "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
    events = [a_calendar_event(f"e{i}", title=title) for i, title in enumerate(dangerous)]
    events.append(a_calendar_event("plain", title="A plain title, with a comma and \"quotes\""))
    folder = tmp_path / "data"
    folder.mkdir()
    dataset = load_dataset(write_dataset(folder, a_dataset_with(events)))
    out = tmp_path / "events.csv"
    assert export_main([str(dataset.path), "-o", str(out)]) == 0
    titles = {r["id"]: r["title"] for r in read_rows(out)}
    for i, title in enumerate(dangerous):
        assert titles[f"e{i}"] == "'" + title
    assert titles["plain"] == "A plain title, with a comma and \"quotes\""  # quoted by csv, not changed


def test_defuse_leaves_ordinary_text_alone():
    assert defuse("Lior Raz is born") == "Lior Raz is born"
    assert defuse("") == ""
    assert defuse("1990-10-21") == "1990-10-21"
    assert defuse("a=b") == "a=b"
    assert defuse("-0044") == "'-0044"  # a negative EDTF year still starts with "-": defused too


def test_open_ends_are_empty_and_plot_points_give_episode_and_minute(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    events = [a_calendar_event("open", when="1990/.."),
              a_plot_point("minute", episode=2, minute=14.5),
              a_plot_point("span", episode=3, episode_end=5)]
    dataset = load_dataset(write_dataset(folder, a_dataset_with(events)))
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(events_csv(dataset)))}
    assert (rows["open"]["earliest"], rows["open"]["latest"]) == ("1990-01-01", "")
    assert rows["minute"]["date"] == "episode 2, minute 14.5"
    assert rows["span"]["date"] == "episodes 3-5"
    assert rows["span"]["verdict"] == "inspired" and rows["span"]["sources"] == "article"
    assert narrative_when(NarrativePosition(episode=4, minute=30.0)) == "episode 4, minute 30"


def test_csv_lines_end_in_crlf_and_the_file_starts_with_a_bom(qapp, tmp_path):
    out = tmp_path / "events.csv"
    assert export_main(["-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,track,title,date,earliest,latest,verdict,sources\r\n")


def test_the_dialog_exports_csv_and_greys_out_what_does_not_apply(window, qtbot, tmp_path):
    window.export_dialog()
    dialog = window.export_window
    dialog.format_combo.setCurrentText("CSV")
    assert dialog.path_edit.text().endswith(".csv")
    assert not dialog.theme_combo.isEnabled() and not dialog.scale_combo.isEnabled()
    assert not dialog.whole_radio.isEnabled()
    assert not dialog.page_combo.isVisibleTo(dialog)
    out = tmp_path / "from-dialog.csv"
    dialog.path_edit.setText(str(out))
    dialog.run_export()
    assert len(read_rows(out)) == 42
    assert "from-dialog.csv" in window.statusBar().currentMessage()
    assert "42 events" in window.statusBar().currentMessage()


@pytest.mark.parametrize("name", ["x.CSV", "x.csv"])
def test_the_format_follows_the_extension_whatever_its_case(qapp, tmp_path, name):
    assert export_main(["-o", str(tmp_path / name)]) == 0
    assert len(read_rows(tmp_path / name)) == 42
    # citations only name sources the dataset has
    dataset = load_dataset(BUNDLED)
    for row in read_rows(tmp_path / name):
        assert all(s in dataset.sources for s in row["sources"].split("; "))


def test_a_citation_repeated_names_its_source_once(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    events = [a_calendar_event("twice", citations=[a_citation(), a_citation(note="again", quote=None)])]
    dataset = load_dataset(write_dataset(folder, a_dataset_with(events)))
    row = next(csv.DictReader(io.StringIO(events_csv(dataset))))
    assert row["sources"] == "article"
