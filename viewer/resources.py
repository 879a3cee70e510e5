"""Where the bundled data lives: one place, so the app, the export CLI and the tests agree."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
BUNDLED_DATASET = RESOURCES / "datasets" / "hit-and-run.toml"
