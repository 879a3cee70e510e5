"""The application's name and where its settings live."""

from __future__ import annotations

import os
import tempfile

from PySide6.QtCore import QSettings

APP_NAME = "Factline"


def make_settings() -> QSettings:
    """User settings; ``FACTLINE_SETTINGS`` may name an .ini file (tests use a throwaway one)."""
    where = os.environ.get("FACTLINE_SETTINGS")
    if where == "memory":
        where = os.path.join(tempfile.gettempdir(), f"factline-test-{os.getpid()}.ini")
    if where:
        return QSettings(where, QSettings.Format.IniFormat)
    return QSettings(APP_NAME, APP_NAME)
