"""View ▸ Theme: System (the default, following the desktop's colour scheme) / Light / Dark,
remembered, with the old "Dark theme" setting carried over."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from viewer.core.theme import DARK, LIGHT, stored_choice, theme_for


@pytest.mark.parametrize(("choice", "system_dark", "shown"), [
    ("system", False, LIGHT), ("system", True, DARK), ("light", True, LIGHT), ("dark", False, DARK), ("sepia", True, LIGHT),
])
def test_the_theme_shown_for_each_choice(choice, system_dark, shown):
    assert theme_for(choice, system_dark) is shown


@pytest.mark.parametrize(("choice", "old", "meant"), [
    ("light", "dark", "light"), ("system", None, "system"), (None, "dark", "dark"), (None, "light", "system"),
    (None, None, "system"), ("nonsense", None, "system"),
])
def test_the_stored_choice_and_the_old_dark_theme_setting(choice, old, meant):
    assert stored_choice(choice, old) == meant


def system_scheme_becomes(scheme: Qt.ColorScheme) -> None:
    """The desktop switches its colour scheme. (The offscreen platform cannot, so the signal
    QStyleHints sends then is sent by hand, to whatever the app connected to it.)"""
    hints = QGuiApplication.styleHints()
    hints.setColorScheme(scheme)
    if hints.colorScheme() != scheme:
        hints.colorSchemeChanged.emit(scheme)


@pytest.fixture
def restore_scheme():
    yield
    QGuiApplication.styleHints().unsetColorScheme()
    QGuiApplication.styleHints().colorSchemeChanged.emit(QGuiApplication.styleHints().colorScheme())


def test_the_theme_menu_is_one_choice_of_three_and_system_is_the_default(window):
    menu = window.theme_menu
    assert [a.text() for a in menu.group.actions()] == ["&System", "&Light", "&Dark"]
    assert menu.group.isExclusive() and all(a.isCheckable() for a in menu.group.actions())
    assert [a.isChecked() for a in menu.group.actions()] == [True, False, False]
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert menu in [a.menu() for a in view_menu.actions()]


def test_choosing_dark_then_light_switches_the_theme_and_palette_and_is_remembered(window, settings, make_window):
    window.theme_menu.choices["dark"].trigger()
    assert window.state.theme is DARK
    dark_window = QApplication.instance().palette().color(QPalette.ColorRole.Window)
    assert dark_window.lightness() < 80
    assert settings.value("theme-choice") == "dark"
    window.close()
    again = make_window()
    assert again.state.theme is DARK and again.theme_menu.choices["dark"].isChecked()
    again.theme_menu.choices["light"].trigger()
    assert again.state.theme is LIGHT
    assert QApplication.instance().palette().color(QPalette.ColorRole.Window).lightness() > 150
    assert settings.value("theme-choice") == "light"


def test_system_follows_the_desktops_colour_scheme_as_it_changes(window, restore_scheme):
    assert window.theme_menu.choice == "system"
    system_scheme_becomes(Qt.ColorScheme.Dark)
    assert window.state.theme is DARK
    system_scheme_becomes(Qt.ColorScheme.Light)
    assert window.state.theme is LIGHT


def test_an_explicit_choice_ignores_the_desktops_colour_scheme(window, restore_scheme):
    window.theme_menu.choices["light"].trigger()
    system_scheme_becomes(Qt.ColorScheme.Dark)
    assert window.state.theme is LIGHT
    window.theme_menu.choices["system"].trigger()
    assert window.state.theme is DARK, "back to System: the desktop's dark scheme at once"


def test_ctrl_shift_d_switches_between_light_and_dark_from_any_choice(window, restore_scheme):
    switch = window.theme_menu.switch_action
    assert switch.shortcut().toString() == "Ctrl+Shift+D"
    system_scheme_becomes(Qt.ColorScheme.Dark)
    switch.trigger()
    assert window.state.theme is LIGHT and window.theme_menu.choices["light"].isChecked()
    switch.trigger()
    assert window.state.theme is DARK and window.theme_menu.choices["dark"].isChecked()


@pytest.mark.parametrize(("old", "choice", "theme"), [("dark", "dark", DARK), ("light", "system", LIGHT)])
def test_the_old_dark_theme_setting_is_carried_over_once(make_window, settings, old, choice, theme):
    settings.setValue("theme", old)
    window = make_window()
    assert window.theme_menu.choice == choice and window.state.theme is theme
    assert settings.value("theme") is None, "the old key is gone"


def test_the_theme_setting_survives_in_a_settings_file(make_window, tmp_path):
    path = str(tmp_path / "other.ini")
    first = make_window(window_settings=QSettings(path, QSettings.Format.IniFormat))
    first.theme_menu.choices["dark"].trigger()
    first.close()
    reread = QSettings(path, QSettings.Format.IniFormat)
    assert reread.value("theme-choice") == "dark"
