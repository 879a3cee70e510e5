"""A GUI monkey: thousands of seeded random actions on the real window, no exception, no runaway memory.

pytest-qt fails a test on any exception raised inside a Qt handler, so a handler that crashes
fails here even though Qt itself would swallow it. The seed is printed on failure: rerun with
``FACTLINE_MONKEY_SEED=<seed>`` to reproduce the exact sequence.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from conftest import settle
from viewer.qt.export.sheet import ExportOptions, export

ACTIONS = 2500
SEED = int(os.environ.get("FACTLINE_MONKEY_SEED", "20261125"))
MAX_RSS_GROWTH_MB = 60


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Monkey:
    """Random but reproducible user: every action is something a person can do."""

    def __init__(self, qtbot, window, broken: Path, good: Path, export_dir: Path, seed: int):
        self.qtbot = qtbot
        self.window = window
        self.broken = broken
        self.good = good
        self.export_dir = export_dir
        self.rng = random.Random(seed)
        self.view = window.timeline
        self.log: list[str] = []

    def point(self) -> QPoint:
        viewport = self.view.viewport()
        return QPoint(self.rng.randrange(viewport.width()), self.rng.randrange(viewport.height()))

    def wheel(self) -> None:
        pos = QPointF(self.point())
        delta = self.rng.choice([-240, -120, 120, 240])
        event = QWheelEvent(pos, QPointF(self.view.viewport().mapToGlobal(pos.toPoint())), QPoint(0, 0),
                            QPoint(0, delta), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                            Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(self.view.viewport(), event)

    def drag(self) -> None:
        start, end = self.point(), self.point()
        self.qtbot.mousePress(self.view.viewport(), Qt.MouseButton.LeftButton, pos=start)
        self.qtbot.mouseMove(self.view.viewport(), pos=(start + end) / 2)
        self.qtbot.mouseMove(self.view.viewport(), pos=end)
        self.qtbot.mouseRelease(self.view.viewport(), Qt.MouseButton.LeftButton, pos=end)

    def click(self) -> None:
        self.qtbot.mouseClick(self.view.viewport(), Qt.MouseButton.LeftButton, pos=self.point())

    def double_click(self) -> None:
        self.qtbot.mouseDClick(self.view.viewport(), Qt.MouseButton.LeftButton, pos=self.point())

    def key(self) -> None:
        key = self.rng.choice([Qt.Key.Key_Plus, Qt.Key.Key_Minus, Qt.Key.Key_Left, Qt.Key.Key_Right,
                               Qt.Key.Key_Home, Qt.Key.Key_Z, Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_Tab, Qt.Key.Key_Escape])
        self.qtbot.keyClick(self.view, key)

    def action(self) -> None:
        self.rng.choice([self.window.next_action, self.window.previous_action, self.window.clear_action,
                         self.window.fit_action, self.window.zoom_selection_action, self.window.theme_menu.switch_action,
                         self.window.back_action, self.window.forward_action, self.window.zoom_in_action,
                         self.window.next_area_action]).trigger()

    def search(self) -> None:
        words = ["Iris", "New York", "commando", "zzz-nothing", "", "Unit 217", "loss", "<b>x</b>"]
        self.window.search.field.setText(self.rng.choice(words))
        for _ in range(self.rng.randrange(3)):
            self.window.search.next_match()

    def legend(self) -> None:
        button = self.rng.choice(list(self.window.legend.buttons.values()))
        button.click()

    def verdict(self) -> None:
        buttons = [b for b in self.window.verdicts.buttons.values() if b.isVisible()]
        if buttons:
            self.rng.choice(buttons).click()

    def open_file(self) -> None:
        target = self.broken if self.rng.random() < 0.6 else self.good
        before = self.window.state.dataset
        ok = self.window.open_path(target)
        assert ok == (target == self.good)
        if not ok:
            assert self.window.state.dataset is before  # a broken file never replaces the dataset
            box = getattr(self.window, "last_error_box", None)
            if box is not None:
                box.close()

    def resize(self) -> None:
        self.window.resize(self.rng.randrange(700, 1900), self.rng.randrange(450, 1100))

    def splitter(self) -> None:
        total = sum(self.window.splitter.sizes())
        left = self.rng.randrange(total // 4, total - 150)
        self.window.splitter.setSizes([left, total - left])

    def export(self) -> None:
        state, view = self.window.state, self.window.timeline
        suffix = self.rng.choice([".png", ".svg"])
        options = ExportOptions(width=640, height=400, whole=self.rng.random() < 0.5,
                                calendar_range=view.calendar.x_range(), narrative_range=view.narrative.x_range(),
                                selected=state.selected, hidden_tracks=state.hidden_tracks, theme=state.theme)
        result = export(state.dataset, self.export_dir / f"monkey{suffix}", options)
        assert result is not None and (self.export_dir / f"monkey{suffix}").stat().st_size > 0

    def step(self) -> None:
        name, _weight = self.rng.choices(self.CHOICES, weights=[w for _, w in self.CHOICES])[0]
        self.log.append(name)
        getattr(self, name)()

    CHOICES = [("wheel", 20), ("drag", 10), ("click", 20), ("double_click", 4), ("key", 20), ("action", 8),
               ("search", 5), ("legend", 3), ("verdict", 3), ("open_file", 1), ("resize", 2), ("splitter", 2),
               ("export", 1)]


def test_thousands_of_random_actions_raise_nothing_and_leak_nothing(qtbot, make_window, tmp_path, bundled_path):
    window = make_window()
    broken = tmp_path / "broken.toml"
    broken.write_text('format = "factline/1"\ntitle = "Broken"\n[[events]]\nid = 3\n', encoding="utf-8")
    monkey = Monkey(qtbot, window, broken, bundled_path, tmp_path, SEED)
    warm_up = 300
    baseline = 0.0
    for i in range(ACTIONS):
        try:
            monkey.step()
            if i % 10 == 0:
                QApplication.processEvents()
        except Exception as exc:  # name the seed and the recent actions: reproducible
            raise AssertionError(f"seed {SEED}, action #{i} ({monkey.log[-1]}); last actions: {monkey.log[-10:]}") from exc
        if i == warm_up:
            settle(qtbot)
            baseline = _rss_mb()
    settle(qtbot)
    growth = _rss_mb() - baseline
    assert growth < MAX_RSS_GROWTH_MB, f"RSS grew {growth:.0f} MB over {ACTIONS - warm_up} actions"
    # still alive and consistent at the end
    assert window.isVisible()
    for pane in window.timeline.panes:
        lo, hi = pane.x_range()
        assert hi > lo
