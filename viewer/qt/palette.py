"""The application palette for a theme: Qt's standard one for light, ours for dark."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from viewer.core.theme import DARK, Theme


def apply_palette(theme: Theme) -> None:
    """Give the running application the palette that goes with ``theme``."""
    app = QApplication.instance()
    if app is not None:
        app.setPalette(dark_palette() if theme is DARK else app.style().standardPalette())


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#1f2329", QPalette.ColorRole.WindowText: "#e8ebef",
        QPalette.ColorRole.Base: "#16191d", QPalette.ColorRole.AlternateBase: "#1e2228",
        QPalette.ColorRole.Text: "#e8ebef", QPalette.ColorRole.Button: "#2a2f36",
        QPalette.ColorRole.ButtonText: "#e8ebef", QPalette.ColorRole.Highlight: "#3d7bd9",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#2a2f36",
        QPalette.ColorRole.ToolTipText: "#e8ebef", QPalette.ColorRole.Link: "#7fb2ff",
        QPalette.ColorRole.PlaceholderText: "#8a94a0",
        # the 3-D roles draw frames, radio and check indicators: without them they vanish on dark
        QPalette.ColorRole.Light: "#4a515c", QPalette.ColorRole.Midlight: "#3a4049",
        QPalette.ColorRole.Mid: "#373d46", QPalette.ColorRole.Dark: "#121417",
        QPalette.ColorRole.Shadow: "#000000", QPalette.ColorRole.BrightText: "#ffffff",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6d7580"))
    return palette
