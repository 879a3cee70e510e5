"""Copy actions (issue #19): the event menu on the timeline and in the detail panel, the APA and
Chicago references it copies, and Edit ▸ Copy image."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu

from conftest import a_calendar_event, a_dataset_with, settle, write_dataset
from viewer.core.model import Source
from viewer.dataset.load import load_dataset
from viewer.interchange.citations import PartialDate, apa, chicago, initials, reference, split_authors
from viewer.qt.export.printing import SHEET_EXTRA_HEIGHT
from viewer.qt.widgets.event_menu import first_verified_quote

# the offscreen platform cannot raise a popup or grab the keyboard for it: its notes, not ours
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

QUOTED_EVENT = "iris-azulai-killed"
"""Its first citation is a verified quote from The Cinemaholic (no author, no date)."""
UNQUOTED_EVENT = "new-york-shoot"
"""Cited once, to ET Online, with a paraphrase: no quote."""
CINEMAHOLIC_APA = ("Is Hit and Run Based on a True Story? (n.d.). The Cinemaholic. "
                   "https://thecinemaholic.com/is-hit-run-based-on-a-true-story/")
CINEMAHOLIC_CHICAGO = ("The Cinemaholic. n.d. “Is Hit and Run Based on a True Story?” "
                       "https://thecinemaholic.com/is-hit-run-based-on-a-true-story/.")


def click_mark(qtbot, view, event_id: str, button=Qt.MouseButton.RightButton) -> None:
    """Click the event's mark on the timeline's viewport (as test_timeline_interaction does)."""
    for pane in view.panes:
        pos = pane.item.event_scene_pos(event_id)
        if pos is not None:
            qtbot.mouseClick(view.viewport(), button, pos=view.mapFromScene(pos))
            settle(qtbot)
            return
    raise AssertionError(f"{event_id} is not drawn on its own")


def entry(menu: QMenu, starts: str):
    """The menu's action whose text (mnemonics and shortcut removed) starts with ``starts``."""
    for action in menu.actions():
        if action.text().replace("&", "").split("\t")[0].startswith(starts):
            return action
    raise AssertionError(f"no entry {starts!r} in {[a.text() for a in menu.actions()]}")


def opened_menu(window, qtbot, event_id: str = QUOTED_EVENT) -> QMenu:
    click_mark(qtbot, window.timeline, event_id)
    menu = window.event_menus.menu
    assert menu is not None and menu.isVisible()
    return menu


def right_click_panel(qtbot, detail, pos: QPoint) -> None:
    """A right click on the panel: the mouse events, then the context-menu event the platform makes
    of them (QTest's clicks on a widget skip the platform, so it sends none)."""
    viewport = detail.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.RightButton, pos=pos)
    QApplication.sendEvent(viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos)))
    settle(qtbot)


def trigger(menu: QMenu, action) -> None:
    action.trigger()
    menu.close()


# -- references (pure) ---------------------------------------------------------------------------

def test_apa_and_chicago_for_a_bundled_newspaper_article_with_author_and_date(bundled_dataset):
    # APA 7 newspaper article: Author, A. (Year, Month Day). Title. Newspaper. URL (no final period);
    # Chicago author-date: Family, Given. Year. “Title.” Newspaper, Month Day. URL. (period inside the quotes)
    source = bundled_dataset.sources["baltimore-sun-1990"]
    url = ("http://articles.baltimoresun.com/1990-10-22/news/"
           "1990295033_1_temple-mount-palestinians-and-israelis-stabbings")
    title = "Palestinian kills three in Israel Knife attack spawns anti-Arab violence"
    assert apa(source).text == f"Ruby, R. (1990, October 22). {title}. The Baltimore Sun. {url}"
    assert chicago(source).text == f"Ruby, Robert. 1990. “{title}.” The Baltimore Sun, October 22. {url}."


def test_apa_and_chicago_without_author_or_date(bundled_dataset):
    # APA: no author, the title leads ("?" ends it, no added period), "(n.d.)"; Chicago: the
    # publisher stands in for the author, "n.d.", the title's "?" inside the quotes ends it
    source = bundled_dataset.sources["cinemaholic"]
    assert reference(source, "APA").text == CINEMAHOLIC_APA
    assert reference(source, "Chicago").text == CINEMAHOLIC_CHICAGO


def test_a_newspaper_article_without_author_or_address(bundled_dataset):
    source = bundled_dataset.sources["nyt-2021"]
    title = "In 'Hit & Run,' the 'Fauda' Creators Move the Action to New York"
    assert apa(source).text == f"{title}. (2021, August 6). The New York Times."
    assert chicago(source).text == f"The New York Times. 2021. “{title}.” August 6."


def test_retrieved_date_several_authors_and_html():
    source = Source("s", "Two <b>names</b>", "Pub & Co", "Robert Ruby and Jean-Paul Karra", "2021-08",
                    "https://example.org/a", retrieved="2024-03-01")
    assert apa(source).text == ("Ruby, R., & Karra, J.-P. (2021, August). Two <b>names</b>. Pub & Co. "
                                "Retrieved March 1, 2024, from https://example.org/a")
    assert chicago(source).text == ("Ruby, Robert, and Jean-Paul Karra. 2021. “Two <b>names</b>.” Pub & Co, "
                                    "August. Accessed March 1, 2024. https://example.org/a.")
    assert chicago(source).html == ("Ruby, Robert, and Jean-Paul Karra. 2021. “Two &lt;b&gt;names&lt;/b&gt;.” "
                                    "<i>Pub &amp; Co</i>, August. Accessed March 1, 2024. https://example.org/a.")
    three = Source("t", "T", author="A Bee; Cee Dee; Eff", date="2019")
    assert apa(three).text == "Bee, A., Dee, C., & Eff. (2019). T."
    assert chicago(three).text == "Bee, A, Cee Dee, and Eff. 2019. “T.”"


def test_name_and_date_parsing():
    assert split_authors("Ruby, Robert; Yulia  Karra") == [("Ruby", "Robert"), ("Karra", "Yulia")]
    assert split_authors(None) == []
    assert initials("Jean-Paul M.") == "J.-P. M."
    assert PartialDate.parse("2021-08?") == PartialDate(2021, 8)
    assert PartialDate.parse("2021-21") == PartialDate(2021)  # an EDTF season: the year only
    assert PartialDate.parse("sometime") is None
    assert apa(Source("x", "Odd", url="javascript:alert(1)")).text == "Odd. (n.d.).", "only http(s) addresses"
    with pytest.raises(ValueError, match="unknown citation style 'MLA'"):
        reference(Source("x", "T"), "MLA")


# -- the timeline's menu ---------------------------------------------------------------------------

def test_right_click_on_a_mark_opens_the_event_menu_not_the_plots(window, qtbot):
    menu = opened_menu(window, qtbot)
    assert window.state.selected == QUOTED_EVENT
    title = window.state.dataset.event(QUOTED_EVENT).title
    assert menu.actions()[0].text() == title and not menu.actions()[0].isEnabled()
    texts = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    assert texts[1:] == ["Copy title", "Copy quote with its citation", "Copy citation", "Show in source", "Zoom to"]
    assert QApplication.activePopupWidget() is menu, "the only menu open (no plot menu from pyqtgraph)"
    menu.close()


def test_copy_title_and_quote_with_its_citation(window, qtbot):
    dataset = window.state.dataset
    trigger(menu := opened_menu(window, qtbot), entry(menu, "Copy title"))
    assert QApplication.clipboard().text() == dataset.event(QUOTED_EVENT).title

    trigger(menu := opened_menu(window, qtbot), entry(menu, "Copy quote"))
    quote = dataset.event(QUOTED_EVENT).citations[0].quote
    assert QApplication.clipboard().text() == (
        f"“{quote}”\n— Is Hit and Run Based on a True Story? — The Cinemaholic, "
        "https://thecinemaholic.com/is-hit-run-based-on-a-true-story/")
    assert window.statusBar().currentMessage() == "Copied the quote and its source"


@pytest.mark.parametrize(("style", "expected"), [("APA", CINEMAHOLIC_APA), ("Chicago", CINEMAHOLIC_CHICAGO)])
def test_copy_citation_in_each_style(window, qtbot, style, expected):
    menu = opened_menu(window, qtbot)
    styles = entry(menu, "Copy citation").menu()
    trigger(menu, entry(styles, style))
    clipboard = QApplication.clipboard()
    assert clipboard.text() == expected
    # the HTML flavour, for rich-text editors: the same entry, the publisher in italics
    assert "<i>The Cinemaholic</i>" in clipboard.mimeData().html()


def test_an_event_without_a_quote_has_the_quote_entries_disabled_with_a_reason(window, qtbot):
    dataset = window.state.dataset
    assert first_verified_quote(dataset, UNQUOTED_EVENT, window.state.stale_quotes) is None
    menu = opened_menu(window, qtbot, UNQUOTED_EVENT)
    quote = entry(menu, "Copy quote")
    assert not quote.isEnabled() and "no verified quote" in quote.text()
    assert not entry(menu, "Show in source").isEnabled()
    assert entry(menu, "Copy citation").isEnabled(), "its source can still be cited"
    assert entry(menu, "Copy title").isEnabled()
    menu.close()


def test_show_in_source_opens_the_source_viewer_at_the_quote(window, qtbot):
    trigger(menu := opened_menu(window, qtbot), entry(menu, "Show in source"))
    viewer = window.source_viewer
    assert viewer.isVisible()
    assert viewer.highlighted_text() == window.state.dataset.event(QUOTED_EVENT).citations[0].quote
    viewer.close()


def test_zoom_to_changes_the_view_range_to_the_event(window, qtbot):
    pane = window.timeline.calendar
    before = pane.x_range()
    trigger(menu := opened_menu(window, qtbot), entry(menu, "Zoom to"))
    settle(qtbot)
    lo, hi = pane.x_range()
    assert hi - lo < (before[1] - before[0]) / 10
    event = window.state.dataset.event(QUOTED_EVENT)
    assert lo <= event.start <= hi


def test_a_right_click_off_the_marks_opens_no_event_menu(window, qtbot):
    view = window.timeline
    item = view.calendar.item
    rect = item.scene_rect()
    spot = next(p for p in (rect.topLeft() + QPoint(3 + i * 7, 3) for i in range(60)) if item.mark_at(p) is None)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.RightButton, pos=view.mapFromScene(spot))
    settle(qtbot)
    assert window.event_menus.menu is None
    popup = QApplication.activePopupWidget()
    if popup is not None:  # pyqtgraph's own scene menu, if it shows one there
        popup.close()


@pytest.mark.parametrize("key", [(Qt.Key.Key_Menu, Qt.KeyboardModifier.NoModifier),
                                 (Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)])
def test_the_menu_key_and_shift_f10_open_the_selected_events_menu(window, qtbot, key):
    window.state.select(QUOTED_EVENT)
    window.timeline.setFocus()
    settle(qtbot)
    qtbot.keyClick(window.timeline, *key)
    settle(qtbot)
    menu = window.event_menus.menu
    assert menu is not None and menu.isVisible()
    assert menu.actions()[0].text() == window.state.dataset.event(QUOTED_EVENT).title
    menu.close()


def test_a_title_with_an_ampersand_shows_it_not_a_mnemonic(make_window, qtbot, tmp_path):
    events = [a_calendar_event(id="amp", title="Tom & Jerry &Co", when="1990-10-21"),
              a_calendar_event(id="other", when="1995")]
    window = make_window(load_dataset(write_dataset(tmp_path, a_dataset_with(events=events))))
    menu = opened_menu(window, qtbot, "amp")
    assert menu.actions()[0].text() == "Tom && Jerry &&Co"
    trigger(menu, entry(menu, "Copy title"))
    assert QApplication.clipboard().text() == "Tom & Jerry &Co"


# -- the detail panel's menu ------------------------------------------------------------------------

def test_the_detail_panel_menu_keeps_its_own_copy_and_adds_the_events_entries(window, qtbot):
    window.state.select(QUOTED_EVENT)
    settle(qtbot)
    detail = window.detail
    cursor = QTextCursor(detail.document())
    cursor.movePosition(QTextCursor.MoveOperation.NextWord, QTextCursor.MoveMode.KeepAnchor, 2)
    detail.setTextCursor(cursor)
    selected = cursor.selectedText()
    assert selected.strip()
    right_click_panel(qtbot, detail, QPoint(20, 10))
    menu = window.event_menus.menu
    assert menu is not None and menu.isVisible()
    copy = menu.findChild(type(menu.actions()[0]), "edit-copy")
    assert copy is not None and copy.isEnabled()
    assert entry(menu, "Copy quote").isEnabled() and entry(menu, "Zoom to").isEnabled()
    trigger(menu, copy)
    assert QApplication.clipboard().text() == selected, "the panel's own Copy copies the selected text"

    qtbot.keyClick(detail, Qt.Key.Key_Menu)
    settle(qtbot)
    menu = window.event_menus.menu
    assert menu.isVisible() and entry(menu, "Copy title").isEnabled()
    trigger(menu, entry(menu, "Copy title"))
    assert QApplication.clipboard().text() == window.state.dataset.event(QUOTED_EVENT).title


def test_the_detail_panel_with_no_event_shows_only_its_own_menu(window, qtbot):
    window.state.select(None)
    settle(qtbot)
    right_click_panel(qtbot, window.detail, QPoint(20, 10))
    menu = window.event_menus.menu
    assert menu.isVisible()
    assert not any(a.text().replace("&", "").startswith("Copy title") for a in menu.actions())
    menu.close()


# -- Edit ▸ Copy image ------------------------------------------------------------------------------

def test_copy_image_puts_the_current_view_on_the_clipboard(window, qtbot):
    window.state.select(QUOTED_EVENT)
    settle(qtbot)
    assert window.copy_image_action in window.edit_menu.actions()
    window.copy_image_action.trigger()
    image = QApplication.clipboard().image()
    area = window.view_area
    ratio = window.devicePixelRatioF()
    assert not image.isNull()
    assert (image.width(), image.height()) == (round(area.width() * ratio), round((area.height() + SHEET_EXTRA_HEIGHT) * ratio))
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 23)}
    assert len(colours) > 5, "the picture has marks, text and lanes drawn, not a blank sheet"
    assert window.statusBar().currentMessage().startswith("Copied the view as a picture")


def test_copy_image_follows_the_view_range(window, qtbot):
    from viewer.qt.export.copy_image import view_options

    window.timeline.zoom_to_event(QUOTED_EVENT)
    settle(qtbot)
    options = view_options(window.state, window.timeline, window.view_area)
    assert options.calendar_range == window.timeline.calendar.x_range() and not options.whole
    assert options.selected == QUOTED_EVENT and options.ranges_from_view


def test_a_right_click_on_an_event_link_in_the_panel_is_for_that_event(window, qtbot):
    from test_timeline_interaction import anchor_point

    dataset = window.state.dataset
    link = next(l for l in dataset.links if l.to_id == QUOTED_EVENT)
    window.state.select(QUOTED_EVENT)
    settle(qtbot)
    right_click_panel(qtbot, window.detail, anchor_point(window.detail, f"event:{link.from_id}"))
    menu = window.event_menus.menu
    assert entry(menu, dataset.event(link.from_id).title[:20]) is not None
    trigger(menu, entry(menu, "Copy title"))
    assert QApplication.clipboard().text() == dataset.event(link.from_id).title


def test_the_menu_key_with_nothing_selected_says_what_to_do(window, qtbot):
    window.state.select(None)
    window.timeline.setFocus()
    settle(qtbot)
    qtbot.keyClick(window.timeline, Qt.Key.Key_Menu)
    settle(qtbot)
    assert window.event_menus.menu is None
    assert window.statusBar().currentMessage().startswith("Select an event first")
