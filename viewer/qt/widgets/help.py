"""Help ▸ Keyboard shortcuts and Help ▸ About: their texts, as escaped rich text."""

from __future__ import annotations

from html import escape

from viewer.core.model import Dataset
from viewer.qt.settings import APP_NAME
from viewer.core.words import count, number

ABOUT_SOURCES = 6
"""Sources listed by name in the About box; the rest are counted."""
SHORTCUTS = [
    ("Wheel", "zoom the pane under the mouse, at the cursor"),
    ("Drag", "pan the pane"),
    ("Ctrl++ / Ctrl+−, + / −", "zoom in / out (pane under the mouse)"),
    ("← / →", "pan left / right"),
    ("Home", "fit everything"),
    ("Z", "zoom to the selected event"),
    ("Alt+← / Alt+→", "back / forward to the views you looked at (zoom, pan and selection)"),
    ("Ctrl+G", "go to a date on the calendar (21 Oct 1990, October 1990, circa 1990…)"),
    ("Double-click", "zoom to an event"),
    ("↓ / ↑", "select the next / previous event in time (on the timeline)"),
    ("Tab / Shift+Tab", "move through search, legend, verdicts, timeline and the detail panel's links; Enter follows a link"),
    ("F6 / Shift+F6", "jump to the next / previous area"),
    ("Esc", "clear the selection"),
    ("Ctrl+F", "search; Enter / Shift+Enter step through matches"),
    ("Ctrl+C", "copy the selected event with its sources (or the text selected in the detail panel)"),
    ("Ctrl+Shift+C", "copy the current view as a picture"),
    ("Right-click, Menu, Shift+F10", "an event's menu: copy its title, quote or citation (APA, Chicago); show in source; zoom to"),
    ("Ctrl+O", "open a dataset (or drop a file on the window)"),
    ("Ctrl+E", "export PNG or SVG"),
    ("Ctrl+Shift+E", "edit mode on / off (Edit menu: add, change and delete events, tracks, episodes, links, sources)"),
    ("Ctrl+Shift+N, Ctrl+Return, Del", "in edit mode: add, edit, delete the selected event"),
    ("Ctrl+L", "in edit mode: link the selected plot point to a real event"),
    ("Ctrl+Z / Ctrl+Shift+Z", "undo / redo an edit"),
    ("Ctrl+S, Ctrl+N", "save the edits; start a new dataset"),
    ("Ctrl+Shift+D", "switch between light and dark (View ▸ Theme ▸ System follows the desktop)"),
    ("Legend", "click a track to hide or show it"),
    ("How true is it?", "click a verdict to highlight its plot points"),
    ("F1", "this list"),
]


def app_version() -> str:
    from viewer.resources import VERSION

    return VERSION


def shortcuts_html() -> str:
    rows = "".join(f"<tr><td><b>{escape(k)}</b>&nbsp;&nbsp;</td><td>{escape(v)}</td></tr>" for k, v in SHORTCUTS)
    return f"<table>{rows}</table>"


def about_html(dataset: Dataset) -> str:
    """What the app is, and which sources this dataset cites (those with a stored text first)."""
    all_sources = list(dataset.sources.values())
    quoted = [s for s in all_sources if s.text is not None]
    shown = (quoted + [s for s in all_sources if s.text is None])[:ABOUT_SOURCES]
    items = "".join(f"<li>{escape(s.citation_line)}</li>" for s in shown)
    more = len(all_sources) - len(shown)
    tail = f"<p>… and {number(more)} more, listed in the detail panel when nothing is selected.</p>" if more > 0 else ""
    return (f"<h3>{APP_NAME} {escape(app_version())}</h3><p>How a “true story” relates to the truth: "
            f"real events and a story's plot points on one timeline, every claim tied to its source.</p>"
            f"<p>This dataset, <i>{escape(dataset.title)}</i>, cites {count(len(all_sources), 'source')}; "
            f"quotes come only from those with a stored text:</p><ul>{items}</ul>{tail}")
