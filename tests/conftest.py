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


@pytest.fixture
def bundled_path() -> Path:
    return BUNDLED
