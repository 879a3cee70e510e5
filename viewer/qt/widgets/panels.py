"""Side and top widgets: detail panel, track legend, verdict summary (the search box and the
source viewer have modules of their own)."""

from __future__ import annotations

from urllib.parse import unquote

from PySide6.QtCore import QByteArray, QEvent, QPointF, QRectF, QSize, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QColor, QDesktopServices, QFont, QIcon, QPainter, QPixmap, QTextCursor
from PySide6.QtWidgets import (
    QBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTextBrowser,
    QToolButton,
    QWidget,
)

from viewer.qt.widgets.flow_layout import FlowLayout
from viewer.core.claims import DISPUTED, DISPUTED_MEANING, INFERRED, INFERRED_MEANING, disputed_rows, inferred_rows, verdict_rows
from viewer.core.detail_html import claim_list_html, event_html, events_list_html, overview_html, resolve_citation, safe_url
from viewer.core.model import Verdict
from viewer.core.search import in_time_order
from viewer.qt.plain import no_mnemonic, set_tooltip
from viewer.qt.state import ViewState
from viewer.qt.timeline.claim_marks import paint_disputed_badge, paint_inferred_ring


class RefusingResources:
    """A text widget that loads no resource: no image, style sheet or file, from disk or the
    network. The panel's HTML escapes all dataset text, so none should be asked for; this makes a
    future escaping slip read nothing. ``refused`` lists what was asked (tests read it)."""

    refused: list[str]

    def loadResource(self, kind: int, name: QUrl):  # noqa: N802 (Qt's name)
        self.refused.append(name.toString())
        # Empty, not None: given nothing, QTextDocument goes on to read a local file of that name.
        return QByteArray()


class PlainTextView(RefusingResources, QPlainTextEdit):
    """The source viewer's text: plain, and it loads nothing."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.refused = []


class DetailPanel(RefusingResources, QTextBrowser):
    """Shows the selected event: when, verdict, summary, quotes with their sources, links."""

    source_requested = Signal(object)
    """A 'Show in source' link was clicked: carries the Citation."""

    def __init__(self, state: ViewState, parent: QWidget | None = None):
        super().__init__(parent)
        self.refused = []
        self._state = state
        self.setOpenLinks(False)  # we route event:/source:/http(s) ourselves
        self.setOpenExternalLinks(False)
        self.setMinimumWidth(280)
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.query = ""
        """The search box's text: what it matched in the event shown is highlighted."""
        state.selection_changed.connect(self._on_selection_changed)
        state.dataset_changed.connect(self._on_selection_changed)
        state.theme_changed.connect(self._on_selection_changed)
        state.stale_quotes_changed.connect(self._on_selection_changed)
        state.list_requested.connect(self._on_list_requested)
        self._on_selection_changed()

    @Slot()
    def _on_selection_changed(self, *_args) -> None:
        state = self._state
        if state.selected and state.dataset.has_event(state.selected):
            self.setHtml(event_html(state.dataset, state.selected, state.theme, query=self.query,
                                    stale=state.stale_quotes))
        else:
            self.setHtml(overview_html(state.dataset, state.theme, state.stale_quotes))

    @Slot(str)
    def set_query(self, query: str) -> None:
        self.query = query
        if self._state.selected:
            self._on_selection_changed()

    def show_events(self, event_ids: list[str]) -> None:
        """List these events (a count box no zoom can spread), each a link selecting it; the next
        selection shows that event as usual."""
        self.setHtml(events_list_html(self._state.dataset, event_ids, self._state.theme))

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 (Qt's name)
        # Tab and Shift+Tab step through the links (Enter follows one), then leave the panel.
        # Qt's Shift+Tab from the panel's start, or from its first link, wraps round to the last
        # link instead of leaving: going back, the panel is left once no earlier link is there.
        before = self.textCursor()
        if not next and (not before.hasSelection() or not self._link_before(before.selectionStart())):
            self.setTextCursor(QTextCursor(self.document()))
            return QWidget.focusNextPrevChild(self, next)
        return super().focusNextPrevChild(next)

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        if event.reason() == Qt.FocusReason.BacktabFocusReason:
            super().focusNextPrevChild(False)  # coming back with Shift+Tab: on the last link
        elif event.reason() == Qt.FocusReason.TabFocusReason:
            self.setTextCursor(QTextCursor(self.document()))  # coming in with Tab: before the first

    def _link_before(self, position: int) -> bool:
        """Whether a link starts before ``position`` in the panel's text."""
        block = self.document().begin()
        while block.isValid() and block.position() < position:
            if any(r.format.isAnchor() and block.position() + r.start < position for r in block.textFormats()):
                return True
            block = block.next()
        return False

    @Slot(str, str, object)
    def _on_list_requested(self, title: str, note: str, event_ids: list[str]) -> None:
        """List the events of a verdict or a mark, each a link selecting it; none: show the
        selection (or the overview) again."""
        if event_ids:
            self.setHtml(claim_list_html(self._state.dataset, title, note, event_ids, self._state.theme))
        else:
            self._on_selection_changed()

    @Slot(QUrl)
    def _on_anchor_clicked(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("event:"):
            event_id = unquote(text[len("event:"):])
            if self._state.dataset.has_event(event_id):
                already = self._state.selected == event_id
                self._state.focus(event_id)  # the view moves only if the event is out of it
                if already:  # picked from a list while selected: no selection change to show it
                    self._on_selection_changed()
        elif text.startswith("source:"):
            citation = resolve_citation(self._state.dataset, unquote(text[len("source:"):]))
            if citation is not None:
                self.source_requested.emit(citation)
        elif safe_url(text):
            QDesktopServices.openUrl(url)  # only http(s), and only on the user's click


def _swatch(colour: str, size: int = 12, hollow: bool = False) -> QIcon:
    """A colour chip; hollow (an outline) for a hidden track."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(0, 0, 0, 0) if hollow else QColor(colour))
    if hollow:
        from PySide6.QtGui import QPainter, QPen

        painter = QPainter(pixmap)
        painter.setPen(QPen(QColor(colour), 2))
        painter.drawRect(1, 1, size - 2, size - 2)
        painter.end()
    return QIcon(pixmap)


def _mark_state(button: QToolButton, on: bool, *, strike_when_off: bool) -> None:
    """Make a toggle's state readable in any palette: struck-through when a track is hidden,
    bold when a verdict is highlighted (the checked look alone is faint in dark themes)."""
    font = button.font()
    if not strike_when_off and button.minimumWidth() == 0:
        # room for the bold look from the start, so a click never makes the row wrap and jump
        bold = QFont(font)
        bold.setBold(True)
        button.setFont(bold)
        button.setMinimumWidth(button.sizeHint().width())
    font.setStrikeOut(strike_when_off and not on)
    font.setBold(not strike_when_off and on)
    button.setFont(font)


class TrackLegend(QWidget):
    """One toggle button per track: click to hide or show its lane."""

    def __init__(self, state: ViewState, parent: QWidget | None = None):
        super().__init__(parent)
        self._state = state
        self._layout = FlowLayout(self)  # wraps on a narrow window instead of forcing its width
        self.buttons: dict[str, QToolButton] = {}
        state.dataset_changed.connect(self._on_dataset_changed)
        self._on_dataset_changed()

    @Slot()
    def _on_dataset_changed(self) -> None:
        for button in self.buttons.values():
            button.deleteLater()
        self.buttons.clear()
        for track in self._state.dataset.tracks:
            button = QToolButton(self)
            button.setText(no_mnemonic(track.name))
            button.setIcon(_swatch(track.color))
            button.setIconSize(QSize(12, 12))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setCheckable(True)
            button.setChecked(track.id not in self._state.hidden_tracks)
            set_tooltip(button, f"Show or hide the {track.name} track ({track.axis.value} axis)")
            button.toggled.connect(lambda on, tid=track.id: self._state.set_track_hidden(tid, not on))
            button.toggled.connect(lambda on, b=button, c=track.color: self._show_state(b, c, on))
            self._show_state(button, track.color, button.isChecked())
            self._layout.addWidget(button)
            self.buttons[track.id] = button


    @staticmethod
    def _show_state(button: QToolButton, colour: str, shown: bool) -> None:
        button.setIcon(_swatch(colour, hollow=not shown))
        _mark_state(button, shown, strike_when_off=True)


class HeaderRow(QWidget):
    """The track legend and the verdict summary above the timeline: side by side, or one above
    the other, whichever takes fewer lines at the width there is. (Side by side on a narrow window,
    the verdicts wrapped into what the legend left them: one button a line, four lines at 800 px.)"""

    SPACING = 6

    def __init__(self, legend: QWidget, verdicts: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.legend, self.verdicts = legend, verdicts
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(8, 4, 8, 4)
        self._box.setSpacing(self.SPACING)
        self._box.addWidget(legend, 0)
        self._box.addWidget(verdicts, 1)

    def side_by_side(self, width: int) -> bool:
        """Whether the two fit in fewer (or as few) pixels of height side by side at ``width``."""
        margins = self._box.contentsMargins()
        inner = width - margins.left() - margins.right()
        if not self.verdicts.isVisibleTo(self):
            return True
        legend_w = min(self.legend.sizeHint().width(), inner)
        beside = max(self.legend.heightForWidth(legend_w), self.verdicts.heightForWidth(inner - legend_w - self.SPACING))
        stacked = self.legend.heightForWidth(inner) + self.SPACING + self.verdicts.heightForWidth(inner)
        return beside <= stacked

    def _choose(self, width: int) -> None:
        wanted = QBoxLayout.Direction.LeftToRight if self.side_by_side(width) else QBoxLayout.Direction.TopToBottom
        if self._box.direction() != wanted:
            self._box.setDirection(wanted)
            self._box.activate()  # now, so no frame is painted the old way

    def resizeEvent(self, event) -> None:  # noqa: N802
        self._choose(event.size().width())
        super().resizeEvent(event)

    def event(self, event) -> bool:
        # a new dataset changes the buttons (and so the choice) without always changing the width
        if event.type() == QEvent.Type.LayoutRequest:
            self._choose(self.width())
        return super().event(event)


def _mark_icon(kind: str, theme, size: int = 14) -> QIcon:
    """The legend's picture of a timeline mark: the '?' badge of a disputed event, or the
    dotted ring of an inferred one, drawn by the lane painter's own functions."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    if kind == DISPUTED:
        paint_disputed_badge(painter, size / 2, size / 2, QColor(theme.disputed), QColor(theme.background), size / 2 - 1)
    else:
        painter.setBrush(QColor(theme.muted))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QPointF(size / 2, size / 2), 3.0, 3.0)
        paint_inferred_ring(painter, QRectF(1.5, 1.5, size - 3, size - 3), QColor(theme.text), round_=True)
    painter.end()
    return QIcon(pixmap)


class VerdictSummary(QWidget):
    """'How true is it?': plot points per verdict with shares, and the events marked disputed or
    inferred; click one to highlight those events and list them in the detail panel. Each
    says what it means in its tooltip."""

    def __init__(self, state: ViewState, parent: QWidget | None = None):
        super().__init__(parent)
        self._state = state
        layout = FlowLayout(self)
        self.title = QLabel("<b>How true is it?</b>", self)
        layout.addWidget(self.title)
        self.buttons: dict[Verdict | str, QToolButton] = {}
        for verdict in Verdict:
            button = self._button(_swatch(state.theme.verdicts[verdict]),
                                  f"{verdict.label}: {verdict.meaning} Click to highlight these plot points and list them.")
            button.clicked.connect(lambda checked, v=verdict: self._on_clicked(v, checked))
            layout.addWidget(button)
            self.buttons[verdict] = button
        for kind, meaning in ((DISPUTED, DISPUTED_MEANING), (INFERRED, INFERRED_MEANING)):
            button = self._button(_mark_icon(kind, state.theme),
                                  f"{kind}: {meaning} Click to highlight these events and list them.")
            button.clicked.connect(lambda checked, k=kind: self._on_clicked(k, checked))
            layout.addWidget(button)
            self.buttons[kind] = button
        self.active: Verdict | str | None = None
        state.dataset_changed.connect(self._on_dataset_changed)
        state.highlight_changed.connect(self._on_highlight_changed)
        state.theme_changed.connect(self._on_theme_changed)
        self._on_dataset_changed()

    def _button(self, icon: QIcon, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setCheckable(True)
        button.setIcon(icon)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        set_tooltip(button, tip)
        return button

    def events_of(self, key: Verdict | str) -> list[str]:
        """The events a button stands for, in time order."""
        table = self._state.dataset.events
        rows = (verdict_rows(table, {key}) if isinstance(key, Verdict)
                else disputed_rows(table) if key == DISPUTED else inferred_rows(table))
        return in_time_order(self._state.dataset, rows)

    @Slot()
    def _on_theme_changed(self) -> None:
        for kind in (DISPUTED, INFERRED):
            self.buttons[kind].setIcon(_mark_icon(kind, self._state.theme))

    @Slot()
    def _on_highlight_changed(self) -> None:
        """A search replaced the button's highlight: the button lets go too."""
        if self.active is None:
            return
        if self._state.highlighted != set(self.events_of(self.active)):
            self.buttons[self.active].setChecked(False)
            _mark_state(self.buttons[self.active], False, strike_when_off=False)
            self.active = None

    @Slot()
    def _on_dataset_changed(self) -> None:
        counts = self._state.dataset.verdict_counts()
        total = sum(counts.values())
        table = self._state.dataset.events
        counts.update({DISPUTED: len(disputed_rows(table)), INFERRED: len(inferred_rows(table))})
        self.title.setVisible(total > 0)
        self.setVisible(any(counts.values()))
        for key, button in self.buttons.items():
            n = counts[key]
            if isinstance(key, Verdict):
                share = f"{100 * n / total:.0f}%" if total else "–"
                button.setText(f"{key.label} {n} ({share})")
            else:
                button.setText(f"{key} {n}")
            button.setVisible(n > 0)
            button.setChecked(False)
            _mark_state(button, False, strike_when_off=False)
        self.active = None

    def _on_clicked(self, key: Verdict | str, checked: bool) -> None:
        for other, button in self.buttons.items():
            if other != key:
                button.setChecked(False)
        self.active = key if checked else None
        for other, button in self.buttons.items():
            _mark_state(button, other == self.active, strike_when_off=False)
        ids = self.events_of(key) if checked else []
        self._state.set_highlighted(set(ids))
        if checked:
            label = key.label if isinstance(key, Verdict) else key
            self._state.show_list(label, key.meaning if isinstance(key, Verdict) else
                                  DISPUTED_MEANING if key == DISPUTED else INFERRED_MEANING, ids)
        else:
            self._state.show_list("", "", [])
