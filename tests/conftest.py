"""Shared test set-up: Qt runs offscreen (set before anything imports Qt), and builders."""

from __future__ import annotations

import os

# Without a display Qt would abort with a misleading xcb message; tests always draw offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("FACTLINE_SETTINGS", "memory")  # tests never touch the user's settings

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "resources" / "datasets" / "hit-and-run.toml"


@pytest.fixture(scope="module")
def fuzz_folder(tmp_path_factory) -> Path:
    """A dataset folder with a snapshot ('article.txt') and one in a subfolder ('sub/web.txt')."""
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "article.txt").write_text(SNAPSHOT_TEXT, encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "web.txt").write_text("Orr was born in 1971 in Porto.\n", encoding="utf-8")
    return folder


@pytest.fixture
def bundled_path() -> Path:
    return BUNDLED


@pytest.fixture
def live_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled dataset (with its snapshot folder) that tests may edit."""
    import shutil

    shutil.copytree(BUNDLED.parent / "sources", tmp_path / "sources")
    target = tmp_path / BUNDLED.name
    shutil.copy(BUNDLED, target)
    return target


def rewrite(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a text file with ``new`` (which must be there), in place."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Builders for pure dataset tests: plain dicts in the file format, written out as JSON or TOML.

import json
from collections.abc import Mapping, Sequence
from typing import Any

SNAPSHOT_TEXT = (
    "Dana Orr served in Unit 9, a unit in an invented story.\n"
    "In 1990 her friend, Noa Gil, was killed in a terror attack \u2014 she was 19.\n"
    "Orr later said: \u201cI wanted to tell a story about loss\u2026   and about love.\u201d\n"
    "She spent years in Lisbon\u2019s restaurants before acting.\n"
)
"""A small source snapshot with typographic quotes, an em dash, an ellipsis and a space run."""


def a_citation(source: str = "article", quote: str | None = "was killed in a terror attack",
               note: str | None = None, **extra: Any) -> dict[str, Any]:
    citation: dict[str, Any] = {"source": source, **extra}
    if quote is not None:
        citation["quote"] = quote
    if note is not None:
        citation["note"] = note
    return citation


def a_calendar_event(id: str = "iris-killed", when: str | None = "1990-10-21", track: str = "real",
                     citations: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    event: dict[str, Any] = {"id": id, "track": track, "title": f"Event {id}",
                             "citations": citations if citations is not None else [a_citation()], **extra}
    if when is not None:
        event["when"] = when
    return event


def a_plot_point(id: str = "segev-wife-killed", episode: int | None = 1, verdict: str | None = "inspired",
                 track: str = "screen", citations: list[dict[str, Any]] | None = None,
                 **extra: Any) -> dict[str, Any]:
    event: dict[str, Any] = {"id": id, "track": track, "title": f"Plot point {id}",
                             "citations": citations if citations is not None else [a_citation(note="Paraphrase.", quote=None)],
                             **extra}
    if episode is not None:
        event["episode"] = episode
    if verdict is not None:
        event["verdict"] = verdict
    return event


def a_dataset_with(events: list[dict[str, Any]] | None = None, links: list[dict[str, Any]] | None = None,
                   sources: list[dict[str, Any]] | None = None, tracks: list[dict[str, Any]] | None = None,
                   **top: Any) -> dict[str, Any]:
    """A minimal valid dataset dict: one quotable source, a calendar and a narrative track."""
    data: dict[str, Any] = {
        "format": "factline/1",
        "title": "Test dataset",
        "sources": sources if sources is not None else [
            {"id": "article", "title": "The article", "publisher": "A publisher", "snapshot": "article.txt"},
        ],
        "tracks": tracks if tracks is not None else [
            {"id": "real", "name": "Real life", "axis": "calendar", "color": "#1f77b4"},
            {"id": "screen", "name": "On screen", "axis": "narrative", "color": "#d62728"},
        ],
        "events": events if events is not None else [a_calendar_event()],
        **top,
    }
    if links is not None:
        data["links"] = links
    return data


def to_toml(data: Mapping[str, Any]) -> str:
    """TOML text for a dataset dict (tomllib reads TOML but cannot write it).

    Handles what datasets use: scalars, lists of scalars, and arrays of tables nested once
    (``[[events]]`` with ``[[events.citations]]``)."""
    lines: list[str] = []
    tables = {k: v for k, v in data.items() if _is_table_array(v)}
    for key, value in data.items():
        if key not in tables:
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    for key, items in tables.items():
        for item in items:
            lines.append("")
            lines.append(f"[[{_toml_key(key)}]]")
            nested = {k: v for k, v in item.items() if _is_table_array(v)}
            lines.extend(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in item.items() if k not in nested)
            for sub, sub_items in nested.items():
                for sub_item in sub_items:
                    lines.append(f"[[{_toml_key(key)}.{_toml_key(sub)}]]")
                    lines.extend(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in sub_item.items())
    return "\n".join(lines) + "\n"


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _toml_key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() else json.dumps(key)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON string escapes are valid TOML
    if isinstance(value, Sequence):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def write_dataset(folder: Path, data: Mapping[str, Any], name: str = "hit-and-run.json",
                  snapshot: str | None = SNAPSHOT_TEXT, snapshot_name: str = "article.txt") -> Path:
    """Write ``data`` as JSON or TOML (by ``name``'s suffix) with a snapshot beside it."""
    path = folder / name
    if name.endswith(".toml"):
        path.write_text(to_toml(data), encoding="utf-8")
    else:
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    if snapshot is not None:
        (folder / snapshot_name).write_text(snapshot, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# GUI: the real main window, offscreen, with throwaway settings.


@pytest.fixture(scope="session")
def bundled_dataset():
    """The bundled Hit & Run dataset, loaded once (datasets are frozen, so sharing is safe)."""
    from viewer.dataset.load import load_dataset

    return load_dataset(BUNDLED)


@pytest.fixture
def settings(tmp_path: Path):
    """A QSettings .ini file in the test's own folder: nothing leaks between tests."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def settle(qtbot, rounds: int = 3) -> None:
    """Let layouts and pyqtgraph's deferred range updates run (they take more than one pass)."""
    from PySide6.QtWidgets import QApplication

    for _ in range(rounds):
        QApplication.processEvents()
        qtbot.wait(1)


@pytest.fixture
def make_window(qtbot, settings, bundled_dataset):
    """Build a shown MainWindow (default: the bundled dataset at 1500x850), fitted to all events."""
    from viewer.qt.main_window import MainWindow

    def make(dataset=None, size: tuple[int, int] = (1500, 850), window_settings=None):
        window = MainWindow(dataset if dataset is not None else bundled_dataset,
                            settings=window_settings if window_settings is not None else settings)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        settle(qtbot)
        window.timeline.fit_all()
        settle(qtbot)
        return window

    return make


@pytest.fixture
def window(make_window):
    """The main window on the bundled dataset, as the app opens it."""
    return make_window()


def density_levels(counts: list[int]) -> list[int]:
    """The reference for viewer.scene.clusters.density_levels_of, one count at a time: index into
    DENSITY_ALPHAS for each count, log scale, the fullest box at the top level."""
    import math

    from viewer.scene.clusters import DENSITY_ALPHAS

    top = max(counts, default=1)
    if top <= 2:
        return [0] * len(counts)
    scale = (len(DENSITY_ALPHAS) - 1) / math.log(top / 2)
    return [min(len(DENSITY_ALPHAS) - 1, max(0, int(math.log(max(c, 2) / 2) * scale + 0.5))) for c in counts]
