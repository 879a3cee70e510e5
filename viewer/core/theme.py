"""Light and dark colour schemes for the timeline and the exported pictures (plain data)."""

from __future__ import annotations

from dataclasses import dataclass

from viewer.core.model import Verdict


@dataclass(frozen=True, slots=True)
class Theme:
    """Colours as ``#rrggbb`` strings; Qt code turns them into QColor where it paints."""

    name: str
    background: str
    lane: str
    """Alternate lane background, a touch off the page colour."""
    text: str
    muted: str
    grid: str
    selection: str
    highlight: str
    """Search and verdict-filter matches: cyan, a colour no verdict or bundled track uses."""
    link: str
    verdicts: dict[Verdict, str]
    disputed: str = "#c0392b"
    """The '?' badge of an event whose claims the sources dispute."""


_VERDICTS = {
    Verdict.TRUE: "#2e9d5b",
    Verdict.MOSTLY_TRUE: "#7fb33d",
    Verdict.INSPIRED: "#d9a21b",
    Verdict.INVENTED: "#8a63c9",
    Verdict.UNKNOWN: "#8d8d8d",
}

LIGHT = Theme("light", background="#ffffff", lane="#f4f6f9", text="#1d232b", muted="#66707c", grid="#dde2e8",
              selection="#111111", highlight="#22c3d6", link="#7a8696", verdicts=_VERDICTS)
DARK = Theme("dark", background="#16191d", lane="#1e2228", text="#e8ebef", muted="#9aa4b1", grid="#2d333b",
             selection="#ffffff", highlight="#1fb5c7", link="#8793a3", verdicts=_VERDICTS, disputed="#ff6f61")
THEMES = {"light": LIGHT, "dark": DARK}

THEME_CHOICES = ("system", "light", "dark")
"""View ▸ Theme: follow the system's colour scheme (the default), or always light, or always dark."""


def theme_for(choice: str, system_dark: bool) -> Theme:
    """The theme to show for a choice, given whether the system's colour scheme is dark."""
    if choice == "system":
        return DARK if system_dark else LIGHT
    return THEMES.get(choice, LIGHT)


def stored_choice(choice: object, old_theme: object) -> str:
    """The theme choice from settings: the ``theme-choice`` value if it is one, else what the old
    ``theme`` value (from before View ▸ Theme) meant. That value was written on every start, so
    "light" may only have been the old default: it becomes "system"; "dark" was always chosen."""
    if choice in THEME_CHOICES:
        return str(choice)
    return "dark" if old_theme == "dark" else "system"
