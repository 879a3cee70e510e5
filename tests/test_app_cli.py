"""`factline` without a display: a clear message instead of Qt's abort; --screenshot draws offscreen."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtGui import QImage


def _env_without_display(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["FACTLINE_SETTINGS"] = str(tmp_path / "settings.ini")
    return env


def test_opening_the_app_without_a_display_says_so_and_exits_2(tmp_path):
    done = subprocess.run([sys.executable, "-m", "viewer.app"], capture_output=True, text=True, timeout=60,
                          env=_env_without_display(tmp_path))
    assert done.returncode == 2
    assert "no display found" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_screenshot_needs_no_display(tmp_path):
    out = tmp_path / "window.png"
    done = subprocess.run([sys.executable, "-m", "viewer.app", "--size", "1200x700", "--select", "iris-azulai-killed",
                           "--screenshot", str(out)], capture_output=True, text=True, timeout=120,
                          env=_env_without_display(tmp_path))
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 700)


def test_an_unknown_event_to_select_fails_clearly(tmp_path):
    done = subprocess.run([sys.executable, "-m", "viewer.app", "--select", "no-such-event", "--screenshot",
                           str(tmp_path / "x.png")], capture_output=True, text=True, timeout=120,
                          env=_env_without_display(tmp_path))
    assert done.returncode == 2
    assert "no event 'no-such-event'" in done.stderr
    assert not (tmp_path / "x.png").exists()
