"""Dataset text reaches every widget as plain text, and nothing it says is ever loaded.

The hostile file (tests/hostile/markup-everywhere.toml) puts markup in every text field: images
that would make Qt open /etc/passwd or /dev/zero, a javascript: link, <b> and <font size=7>, an
entity, and '&' (a mnemonic in buttons and menus). Each place that shows dataset text must show
it literally, and no text document may ask for a resource.
"""

from __future__ import annotations

import ast
import html



import pytest
from PySide6.QtCore import QPointF, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from conftest import ROOT, settle
from viewer.dataset.load import load_dataset
from viewer.qt.plain import no_mnemonic, set_tooltip, tooltip_html
from viewer.qt.widgets.panels import PlainTextView

HOSTILE = ROOT / "tests" / "hostile" / "markup-everywhere.toml"


class RecordingDocument(QTextDocument):
    """Renders rich text like a tooltip does, and records every resource it is asked to load."""

    def __init__(self):
        super().__init__()
        self.requested: list[str] = []

    def loadResource(self, kind, name):  # noqa: N802
        self.requested.append(name.toString())
        return None


def shown_as(rich: str) -> tuple[str, list[str]]:
    """What a tooltip's rich text displays, and which resources displaying it asked for."""
    document = RecordingDocument()
    document.setHtml(rich)
    return document.toPlainText(), document.requested


@pytest.fixture
def hostile_window(make_window):
    window = make_window(load_dataset(HOSTILE), size=(1000, 520))  # fewer rows than the 40 events of 1995: a count box
    window.state.select(None)
    return window


def hover_tooltip(view, item, scene_pos: QPointF, qtbot) -> str:
    pos = view.mapFromScene(scene_pos)
    qtbot.mouseMove(view.viewport(), pos + type(pos)(0, 1))
    qtbot.wait(40)  # pyqtgraph's scene drops moves closer together than its rate limit
    qtbot.mouseMove(view.viewport(), pos)
    settle(qtbot, 2)
    return item.toolTip()


def test_every_marks_tooltip_shows_the_literal_title_and_loads_nothing(hostile_window, qtbot):
    view = hostile_window.timeline
    titles_shown, boxes_shown = set(), 0
    for pane in view.panes:
        for lane in pane.item.lanes():
            for mark in lane.marks:
                where = QPointF(mark.x0, lane.row_centre(mark.row))
                tip = hover_tooltip(view, pane.item, where, qtbot)
                hit = pane.item.mark_at(where)
                text, requested = shown_as(tip)
                assert requested == [], f"the tooltip asked for {requested}"
                assert hit is not None and text == pane.item.tooltip_for(*hit), (text, tip)
                if hit[1].count == 1:
                    titles_shown.add(text.split("\n")[0])
                else:
                    boxes_shown += 1
    dataset = hostile_window.state.dataset
    assert {dataset.event("img").title, dataset.event("plot").title} <= titles_shown
    assert boxes_shown, "the 40 events of 1995 cannot all have a row"


def test_legend_and_verdict_buttons_show_names_literally(hostile_window):
    buttons = [b for b in hostile_window.findChildren(QAbstractButton) if b.isVisible()]
    for name in (t.name for t in hostile_window.state.dataset.tracks):
        button = next(b for b in buttons if b.text() == no_mnemonic(name))  # '&' is not a shortcut
        text, requested = shown_as(button.toolTip())
        assert name in text and requested == []
    verdict_buttons = [b for b in hostile_window.verdicts.buttons.values() if b.isVisible()]
    assert verdict_buttons, "the file has a plot point with a verdict"
    for button in buttons:
        text, requested = shown_as(button.toolTip())
        assert requested == [], (button.text(), requested)


def test_labels_holding_dataset_text_are_plain(hostile_window):
    hostile_window.state.select("img")
    for label in hostile_window.findChildren(QLabel):
        if any(m in label.text() for m in ("<img", "<font", "&amp;")):  # the dataset's, not the app's
            assert label.textFormat().name == "PlainText", (label.objectName(), label.text())


def test_the_detail_panel_shows_every_field_literally_and_loads_nothing(hostile_window):
    dataset = hostile_window.state.dataset
    panel = hostile_window.detail
    for event_id in ("img", "font", "plot"):
        hostile_window.state.select(event_id)
        text = panel.toPlainText()
        event = dataset.event(event_id)
        for value in (event.title, event.summary, event.disputed, event.inference, *event.people):
            if value:
                assert value in text, value
    hostile_window.state.select(None)
    assert dataset.title in panel.toPlainText() and dataset.description in panel.toPlainText()
    assert panel.refused == [], "escaped text asks for nothing"


def test_the_detail_panel_and_source_viewer_refuse_any_resource_even_after_a_slip(hostile_window, qtbot):
    """Defence in depth: were some text not escaped, the image would still not be read."""
    panel = hostile_window.detail
    panel.setHtml('<img src="/etc/passwd"><img src="https://example.org/x.png">')
    QApplication.processEvents()
    assert set(panel.refused) >= {"/etc/passwd", "https://example.org/x.png"}
    for name in ("/etc/passwd", "file:///etc/hostname"):
        loaded = panel.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        assert loaded is None or len(loaded) == 0, f"{name} was read"
    source_view = PlainTextView()
    qtbot.addWidget(source_view)
    loaded = source_view.document().resource(QTextDocument.ResourceType.ImageResource, QUrl("/etc/passwd"))
    assert (loaded is None or len(loaded) == 0) and source_view.refused == ["/etc/passwd"]


def test_the_source_viewer_shows_the_snapshot_literally(hostile_window, qtbot):
    dataset = hostile_window.state.dataset
    citation = dataset.event("img").citations[0]
    hostile_window.show_source(citation)
    viewer = hostile_window.source_viewer
    settle(qtbot)
    source = dataset.sources["article"]
    assert viewer.text_view.toPlainText() == source.text
    assert viewer.highlighted_text() == citation.quote
    assert source.title in viewer.heading.text() and viewer.heading.textFormat().name == "PlainText"
    assert viewer.text_view.refused == []
    assert source.title in viewer.windowTitle()
    viewer.close()


def test_the_export_dialog_shows_the_selected_title_with_its_ampersand(hostile_window, qtbot):
    hostile_window.state.select("img")
    hostile_window.export_dialog()
    dialog = hostile_window.export_window
    settle(qtbot)
    title = hostile_window.state.dataset.event("img").title
    assert dialog.selection_check.text() == no_mnemonic(f"Highlight the selected event ({title})")
    dialog.close()


def test_menu_entries_do_not_turn_an_ampersand_into_a_shortcut(hostile_window):
    hostile_window.add_recent(HOSTILE)
    names = [a.text() for a in hostile_window.recent_menu.actions()]
    assert no_mnemonic(HOSTILE.name) in names


def test_the_window_title_is_the_literal_dataset_title(hostile_window):
    assert hostile_window.state.dataset.title in hostile_window.windowTitle()


def test_the_tooltip_helper_escapes_everything(qtbot):
    for text in ('<img src="/dev/zero">', "<b>bold</b>", "&amp;", "R&D", "line one\nline two"):
        shown, requested = shown_as(tooltip_html(text))
        assert shown == text and requested == []
    assert tooltip_html("") == ""


def test_no_module_sets_a_tooltip_except_through_the_helper():
    """So a new tooltip cannot forget to escape: ``setToolTip`` is called in viewer/qt/plain.py only."""
    offenders = []
    for path in (ROOT / "viewer").rglob("*.py"):
        if path.name == "plain.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "setToolTip":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_set_tooltip_works_on_widgets_and_items(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    set_tooltip(label, "<b>x</b>")
    assert shown_as(label.toolTip())[0] == "<b>x</b>"
    assert html.escape("<b>x</b>") in label.toolTip()


def test_svg_export_keeps_markup_as_text(tmp_path):
    """The SVG is XML: a title with markup must be escaped text in it, not elements."""
    import xml.etree.ElementTree as ET

    from viewer.qt.export.sheet import ExportOptions, export

    out = tmp_path / "hostile.svg"
    export(load_dataset(HOSTILE), out, ExportOptions(width=1200, height=700))
    root = ET.parse(out).getroot()  # well-formed XML
    tags = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
    assert not tags & {"img", "a", "b", "font", "script"}, tags
    texts = "".join(el.text or "" for el in root.iter())
    assert '<img src="/etc/passwd">' in texts or "R&D" in texts


def test_a_file_with_a_10_mb_key_is_refused_quickly_with_a_short_message(make_window, tmp_path, qtbot):
    import json
    import time

    from conftest import a_dataset_with, write_dataset

    window = make_window()
    before = window.state.dataset
    data = a_dataset_with()
    data["events"][0]["k" * 10_000_000] = 1
    path = write_dataset(tmp_path, data, name="bigkey.json")
    path.write_text(json.dumps(data), encoding="utf-8")
    started = time.monotonic()
    assert window.open_path(path, wait=True) is False
    settle(qtbot)
    assert time.monotonic() - started < 10, "opening it must not freeze the window"
    box = window.last_error_box
    assert len(box.text()) + len(box.informativeText()) + len(box.detailedText()) < 5_000
    assert window.state.dataset is before, "the last good dataset stays"
    box.close()


def test_the_source_viewer_shows_the_sources_url_as_one_escaped_link(hostile_window, qtbot):
    dataset = hostile_window.state.dataset
    hostile_window.show_source(dataset.event("img").citations[0])
    viewer = hostile_window.source_viewer
    settle(qtbot)
    url = dataset.sources["article"].url  # https://example.com/?q=<b>x</b>&a=1
    assert viewer.link is not None and html.escape(url, quote=True) in viewer.link.text()
    assert shown_as(viewer.link.text())[0] == url, "the address reads as written, markup and all"
    viewer.close()


def test_a_source_without_an_http_url_has_no_link_in_the_source_viewer(qtbot):
    from viewer.qt.widgets.source_viewer import SourceViewer

    for url in (None, "javascript:alert(1)", "file:///etc/passwd"):
        viewer = SourceViewer("A source", "text", None, url=url)
        qtbot.addWidget(viewer)
        assert viewer.link is None
