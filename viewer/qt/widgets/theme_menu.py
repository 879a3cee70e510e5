"""View ▸ Theme: System (the default: the desktop's colour scheme, followed as it changes),
Light or Dark, remembered in the settings."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Slot
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from viewer.core.theme import THEME_CHOICES, stored_choice, theme_for
from viewer.qt.palette import apply_palette
from viewer.qt.state import ViewState

CHOICE_KEY = "theme-choice"
OLD_KEY = "theme"
"""Where the app kept "light" or "dark" before View ▸ Theme (read once, then removed)."""
LABELS = {"system": "&System", "light": "&Light", "dark": "&Dark"}


class ThemeMenu(QMenu):
    """System / Light / Dark as one exclusive choice, and Ctrl+Shift+D to switch between light
    and dark whatever the choice was."""

    def __init__(self, state: ViewState, settings: QSettings, parent: QWidget | None = None):
        super().__init__("&Theme", parent)
        self._state, self._settings = state, settings
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.choices: dict[str, QAction] = {}
        for choice in THEME_CHOICES:
            act = self.addAction(LABELS[choice])
            act.setCheckable(True)
            act.triggered.connect(lambda _=False, c=choice: self.choose(c))
            self.group.addAction(act)
            self.choices[choice] = act
        self.choices["system"].setStatusTip("Follow the desktop's light or dark colour scheme")
        self.addSeparator()
        self.switch_action = self.addAction("S&witch light / dark")
        self.switch_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.switch_action.triggered.connect(self.switch)
        self.system_scheme = QGuiApplication.styleHints().colorScheme()
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_color_scheme_changed)
        self.choice = stored_choice(settings.value(CHOICE_KEY), settings.value(OLD_KEY))
        settings.remove(OLD_KEY)
        self._apply()

    def choose(self, choice: str) -> None:
        """Show the theme for ``choice`` ("system", "light" or "dark") and remember it."""
        self.choice = choice if choice in THEME_CHOICES else "system"
        self._settings.setValue(CHOICE_KEY, self.choice)
        self._apply()

    @Slot()
    def switch(self) -> None:
        """The other of light and dark from the one shown, as a choice of its own."""
        self.choose("light" if self._state.theme.name == "dark" else "dark")

    @Slot(Qt.ColorScheme)
    def _on_color_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        self.system_scheme = scheme
        if self.choice == "system":
            self._apply()

    def _apply(self) -> None:
        self.choices[self.choice].setChecked(True)
        theme = theme_for(self.choice, self.system_scheme == Qt.ColorScheme.Dark)
        apply_palette(theme)
        self._state.set_theme(theme)
