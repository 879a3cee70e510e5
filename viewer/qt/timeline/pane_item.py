"""The one custom item that draws a pane's lanes: only the visible slice, never an item per event.

Layout (visible slice, aggregation, rows, labels) is computed in pure code (:mod:`viewer.scene.layout`)
in *scene pixels*, once per range or size change, and cached; ``paint`` only draws the cached
marks. Drawing in pixels keeps markers and text the same size at every zoom, and an export that
renders at a higher device-pixel ratio scales all of it together.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QLinearGradient, QPainter, QPen, QPolygonF, QStaticText

from viewer.core.dates import human_date
from viewer.scene.layout import (Groups, Mark, MarkArrays, MarkIndex, TrackColumns, aggregate_group_count, aggregate_groups,
                           cluster_target, fold_overflow, labels_to_the_left, long_bars_stay, merge_folds, stack_marks)
from viewer.core.model import AxisKind, Verdict
from viewer.qt.plain import set_tooltip
from viewer.qt.state import ViewState

ROW_HEIGHT = 22.0
MIN_ROW_HEIGHT = 17.0
HIDDEN_PANE_TEXT = "Every track of this pane is hidden: click one in the legend above to show it."
"""Rows may tighten to this when a busy lane would otherwise hide labels."""
INDIVIDUAL_BUDGET = 150
"""Up to this many events in view, each gets its own mark (no pixel-cell aggregation)."""
HEADER_HEIGHT = 18.0
BAR_HEIGHT = 10.0
MARKER_RADIUS = 5.0
LABEL_OFFSET = 7.0
CELL_PX = 4.0
"""Events whose starts fall in the same 4-pixel cell are drawn as one aggregate mark."""
CLUSTER_MIN_WIDTH = 16.0
DENSE_CELL_PX = 40.0
"""In a lane too busy for 4-pixel cells, events group by 40-pixel cell of their start, and the
boxes tile the lane side by side (a row's 6-pixel gap apart), each wide enough for its count."""
LONG_BARS_PER_ROW = 40
"""Bars wide enough to tell apart stay individual while a lane holds at most this many per row."""
LONG_PX = 24.0
"""A bar at least this many pixels wide is long: it may stay a mark of its own (see LONG_BARS_PER_ROW)."""
EDGE_PX = 20.0
"""Marks are laid out from this far left of the pane to this far right of it."""
WIDE_POINT_PX = 14.0
"""A point whose possible dates span more pixels than this is drawn as a dashed range band."""
MIN_LABEL_PX = 60.0
"""A label elided shorter than this is not worth showing."""
VERDICTS = list(Verdict)


@dataclass(frozen=True)
class Lane:
    """One track's band in scene pixels and the marks it draws at the current range."""

    columns: TrackColumns
    top: float
    height: float
    rows: int
    arrays: MarkArrays
    """The marks as arrays (what painting, anchors and pans use)."""
    row_height: float = 22.0
    """Pixels per row: rows tighten (down to MIN_ROW_HEIGHT) when that lets more labels show."""

    def row_centre(self, row: int) -> float:
        return self.top + HEADER_HEIGHT + (row + 0.5) * self.row_height

    @cached_property
    def row_centres(self) -> np.ndarray:
        """:meth:`row_centre` of every mark's row, as an array (the same arithmetic)."""
        return self.top + HEADER_HEIGHT + (self.arrays.row + 0.5) * self.row_height

    @cached_property
    def marks(self) -> list[Mark]:
        """The marks as objects, built from the arrays when first asked for (clicks, tooltips, tests)."""
        return self.arrays.marks()

    @cached_property
    def mark_of(self) -> MarkIndex:
        """Column index -> the mark that represents it (individual or aggregate)."""
        return MarkIndex(self.marks, len(self.columns), self.owners())

    def owners(self) -> np.ndarray:
        """For every column index, the position of its mark, or -1 (built once per layout)."""
        return self.arrays.owners(len(self.columns))

    def shifted(self, dx: float) -> Lane:
        """The same layout moved ``dx`` pixels sideways: a pan inside the layout window."""
        return Lane(self.columns, self.top, self.height, self.rows, self.arrays.shifted(dx), self.row_height)


def _labels_shown(marks: MarkArrays) -> int:
    return int(np.count_nonzero((marks.label_width > 0) | marks.label_on_bar))


def _reads_better(tight: MarkArrays, marks: MarkArrays) -> bool:
    """Whether a stacking in tighter rows is worth it: more labels shown, or as many with clearly
    more of their text (a label's worth, 40 px; a pixel or two would flip the rows back and forth
    between frames of a zoom)."""
    shown, before = _labels_shown(tight), _labels_shown(marks)
    return shown > before or (shown == before and float(tight.label_width.sum()) >= float(marks.label_width.sum()) + 40)


def _bar_ends(columns: TrackColumns, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each indexed event's bar in axis units, (start, end): its own span, or a point's range of
    possible dates."""
    interval = columns.interval[index]
    return (np.where(interval, columns.start[index], columns.lo[index]),
            np.where(interval, columns.end[index], columns.hi[index]))


class _LaneInput:
    """What a lane's layout needs that does not depend on its row count, worked out once when
    the layout is tried at two row counts (normal and tight rows): the events in the layout
    window, their footprints in pixels, and their grouping, labels and extents, kept per
    outcome of the one row-dependent choice in the grouping (see ``long_bars_stay``)."""

    __slots__ = ("visible", "x0", "x1", "window_left", "window_right", "scale", "offset", "pane_left", "pane_right",
                 "groupings")

    def __init__(self, visible: np.ndarray, x0: np.ndarray, x1: np.ndarray, window_left: float, window_right: float,
                 scale: float, offset: float, pane_left: float, pane_right: float):
        self.visible, self.x0, self.x1 = visible, x0, x1
        self.window_left, self.window_right = window_left, window_right
        self.scale, self.offset, self.pane_left, self.pane_right = scale, offset, pane_left, pane_right
        self.groupings: dict[bool, tuple] = {}


@dataclass(frozen=True, slots=True)
class Anchors:
    """Where links attach to a batch of events, in scene pixels, one entry per event (arrays)."""

    x: np.ndarray
    y: np.ndarray
    on_screen: np.ndarray
    span_lo: np.ndarray
    """The on-screen span a link may attach to: the visible part of a bar, else just ``x``."""
    span_hi: np.ndarray
    drawn: np.ndarray
    """False where the event's track has no lane in this pane (hidden): its other fields mean nothing."""


@dataclass(frozen=True, slots=True)
class _AnchorEnds:
    """Link ends of one pane, lane after lane: where each goes in the result and its column data."""

    slots: np.ndarray
    per_lane: np.ndarray
    start: np.ndarray
    end: np.ndarray
    lo: np.ndarray
    interval: np.ndarray


def layout_window(x_min: float, x_max: float) -> tuple[float, float]:
    """The axis range laid out for a view of [x_min, x_max]: two and a half view widths, snapped
    to multiples of the view's width, so that it holds the view wherever it starts in its snap
    cell. Panning inside it keeps every event in its row (the layout is only moved); rows are
    redone when the view crosses into the next cell."""
    width = x_max - x_min
    if not (math.isfinite(width) and width > 0):
        return x_min, x_max
    cell = math.floor(x_min / width)
    return (cell - 0.25) * width, (cell + 2.25) * width


def _same_layout(a: tuple, b: tuple) -> bool:
    """Layout keys match: equal, with floats equal up to rounding (a pan can nudge the width)."""
    (window_a, *rest_a), (window_b, *rest_b) = a, b
    floats = [*window_a, *rest_a[:4]], [*window_b, *rest_b[:4]]
    return rest_a[4:] == rest_b[4:] and all(math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9) for x, y in zip(*floats))


def _count_text(count: int) -> str:
    """What an aggregate badge says, in at most four characters: '123', '4.6k', '12k', '1.2M'
    (the tooltip gives the exact count)."""
    if count < 1000:
        return str(count)
    if count < 9950:
        return f"{count / 1000:.1f}k"
    if count < 999_500:
        return f"{count / 1000:.0f}k"
    return f"{count / 1_000_000:.1f}M"


DENSITY_ALPHAS = (55, 90, 130, 175)
"""Fill opacity of a cluster box by how full it is, relative to the fullest in its lane."""


def density_levels(counts: list[int]) -> list[int]:
    """Index into DENSITY_ALPHAS for each count: log scale, the fullest box at the top level."""
    top = max(counts, default=1)
    if top <= 2:
        return [0] * len(counts)
    scale = (len(DENSITY_ALPHAS) - 1) / math.log(top / 2)
    return [min(len(DENSITY_ALPHAS) - 1, max(0, int(math.log(max(c, 2) / 2) * scale + 0.5))) for c in counts]


def density_levels_of(counts: np.ndarray, log_half_counts: np.ndarray) -> np.ndarray:
    """:func:`density_levels` as arrays, given ``math.log(max(c, 2) / 2)`` of each count (kept
    with the layout): the same arithmetic, so the same levels, without a step per box."""
    top = int(counts.max()) if len(counts) else 1
    if top <= 2:
        return np.zeros(len(counts), dtype=np.int64)
    scale = (len(DENSITY_ALPHAS) - 1) / math.log(top / 2)
    # the logarithms are >= 0, so each level is >= 0 and int() is the truncation astype does
    return np.minimum((log_half_counts * scale + 0.5).astype(np.int64), len(DENSITY_ALPHAS) - 1)


@functools.lru_cache(maxsize=65536)
def log_half(count: int) -> float:
    """``math.log(max(count, 2) / 2)``, what a cluster's density level scales (kept per count)."""
    return math.log(max(count, 2) / 2)


def lane_weight(columns: TrackColumns) -> int:
    """Share of a pane's height a lane gets: busier tracks get more rows, within limits."""
    return min(max(len(columns), 4), 12)


def _text_on(fill: QColor) -> str:
    """Black or white, whichever reads better on this fill."""
    return "#111111" if fill.lightnessF() > 0.6 else "#ffffff"


def _draw_left_middle(painter: QPainter, metrics: QFontMetricsF, rect: QRectF, text: str,
                      shift: float | None = None) -> None:
    """``text`` at the left of ``rect``, centred vertically, as drawText(rect, AlignLeft |
    AlignVCenter) draws it when it fits, which labels do (elided first): half the cost.
    ``shift`` is ``(metrics.ascent() - metrics.descent()) / 2``, if the caller keeps it."""
    if shift is None:
        shift = (metrics.ascent() - metrics.descent()) / 2
    painter.drawText(QPointF(rect.left(), rect.center().y() + shift), text)


def _over(colour: QColor, background: QColor) -> QColor:
    """The opaque colour ``colour`` (translucent) makes over ``background``."""
    a = colour.alphaF()
    return QColor.fromRgbF(*(c * a + b * (1 - a) for c, b in ((colour.redF(), background.redF()),
                                                              (colour.greenF(), background.greenF()),
                                                              (colour.blueF(), background.blueF()))))


def _paint_halo(painter: QPainter, metrics: QFontMetricsF, left: float, middle: float, width: float, fill: QColor) -> None:
    """A patch of the lane's own colour under a line of text, so a link passing beneath (drawn
    before the lanes) never strikes through it; on whole pixels, so it has no soft edge."""
    painter.fillRect(QRectF(left - 2, middle - metrics.height() / 2, width + 4, metrics.height()).toAlignedRect(), fill)


def _diamond(r: float) -> QPolygonF:
    return QPolygonF([QPointF(0, -r - 1), QPointF(r + 1, 0), QPointF(0, r + 1), QPointF(-r - 1, 0)])


_DIAMONDS = {False: _diamond(MARKER_RADIUS), True: _diamond(MARKER_RADIUS + 1.5)}
"""A plot point's marker around (0, 0), plain and selected: moved into place rather than rebuilt."""


def _see_through(colour: QColor, background: QColor) -> QColor:
    """Black or white at the opacity that looks like ``colour`` over ``background``."""
    ink = QColor("black") if colour.lightnessF() < background.lightnessF() else QColor("white")
    spread = [ink.redF() - background.redF(), ink.greenF() - background.greenF(), ink.blueF() - background.blueF()]
    moved = [colour.redF() - background.redF(), colour.greenF() - background.greenF(), colour.blueF() - background.blueF()]
    alpha = max(0.0, min(1.0, sum(m for m in moved) / (sum(spread) or 1.0)))
    result = QColor(ink)
    result.setAlphaF(alpha)
    return result


class Palette:
    """A theme's colours and pens as Qt objects, made once per theme rather than once per mark."""

    def __init__(self, theme):
        self.theme = theme
        self.text = QColor(theme.text)
        self.lane = _see_through(QColor(theme.lane), QColor(theme.background))
        """The lane stripe, translucent: the links, drawn beneath the lanes, show through it."""
        self.halos = (_over(self.lane, QColor(theme.background)), QColor(theme.background))
        """What a striped (even) and a plain (odd) lane look like where no link passes: under text."""
        self.highlight = QColor(theme.highlight)
        self.verdicts = [QColor(theme.verdicts[v]) for v in VERDICTS]
        """Fill per verdict code (index into ``Verdict``)."""
        self.marker_outline = QPen(QColor(theme.background), 1.2)
        self.selected_outline = QPen(QColor(theme.selection), 2.5)
        self._text_on: dict[int, QColor] = {}
        self._faded: dict[int, QPen] = {}
        self._fills: dict[tuple[int, int], QColor] = {}

    def text_on(self, fill: QColor) -> QColor:
        """Black or white text for this fill (see :func:`_text_on`)."""
        key = fill.rgba()
        colour = self._text_on.get(key)
        if colour is None:
            colour = self._text_on[key] = QColor(_text_on(fill))
        return colour

    def density_fill(self, colour: QColor, alpha: int) -> QColor:
        """A cluster box's fill: the track's colour at this opacity."""
        key = (colour.rgba(), alpha)
        fill = self._fills.get(key)
        if fill is None:
            fill = self._fills[key] = QColor(colour)
            fill.setAlpha(alpha)
        return fill

    def whisker(self, colour: QColor) -> QPen:
        """The faded pen of uncertainty whiskers in a track's colour."""
        key = colour.rgba()
        pen = self._faded.get(key)
        if pen is None:
            faded = QColor(colour)
            faded.setAlpha(150)
            pen = self._faded[key] = QPen(faded, 1.5)
        return pen


class PaneItem(pg.GraphicsObject):
    """Draws every visible track of one axis kind inside a ViewBox, and turns clicks into ids."""

    event_clicked = Signal(str)
    event_double_clicked = Signal(str)
    cluster_clicked = Signal(float, float)
    """An aggregate mark was clicked: zoom to this axis range so its events spread out."""
    cluster_listed = Signal(str, object)
    """An aggregate whose events no zoom can spread (they all start at one instant) was clicked:
    (track id, their column indices), to be listed for the user to pick from."""
    background_clicked = Signal()

    def __init__(self, state: ViewState, axis: AxisKind, view_box: pg.ViewBox):
        super().__init__()
        self._state = state
        self._axis = axis
        self._view_box = view_box
        self._lanes: list[Lane] = []
        self._dirty = True
        self._font = QFont()
        self._font.setPointSizeF(9.0)
        self._bold = QFont(self._font)
        self._bold.setBold(True)
        self._header_font = QFont(self._font)
        self._header_font.setPointSizeF(8.0)
        self._header_font.setBold(True)
        self._metrics = QFontMetricsF(self._bold)  # room for the bold label of a selected event
        self._label_widths: dict[str, dict[int, float]] = {}
        """Track id -> column index -> its title's width in pixels, once measured."""
        self._layout_key: tuple | None = None
        self._anchor_cache: tuple | None = None
        """(refs, the columns of the lanes they were gathered for, _AnchorEnds) of the last anchors asked for."""
        self._layout_offset = 0.0
        self.layout_generation = 0
        """Counts the lanes' recomputations and moves: equal means the marks have not moved."""
        self.layout_id = 0
        """Counts the lanes' recomputations only: equal means the marks at most moved together
        (a pan inside the layout window), each keeping its row and label."""
        self._count_widths: dict[str, float] = {}
        self._palette: Palette | None = None
        self._lit: dict[str, np.ndarray] = {}
        """Track id -> column indices of its highlighted events (until the highlight changes)."""
        self._paint_metrics: dict[bool, QFontMetricsF] = {}
        self._label_shifts: dict[bool, float] = {}
        """Plain and bold labels' baseline below the middle of their row, for the device being painted."""
        self._paint_dpi = 0
        self._advances: dict[tuple[int, bool, str, int], float] = {}
        self._count_advances: dict[tuple[int, str], float] = {}
        self._count_texts: dict[str, QStaticText] = {}
        self._badges: dict[int, tuple[float, float, QStaticText]] = {}
        """Count -> what :meth:`_count_badge` says, for the device last painted."""
        self.off_view_hints: list[tuple[QRectF, str, int]] = []
        """(where it is drawn, track id, -1 or +1) of each 'earlier' / 'later' hint of the last
        paint: a lane with nothing in view says how many events lie each way, and a click on the
        hint brings the nearest of them into view."""
        self._elisions: dict[tuple[int, bool, str, int, float], str] = {}
        """Plain and bold label metrics for the device being painted (set by ``paint``)."""
        self.setAcceptHoverEvents(True)
        self.setFlag(self.GraphicsItemFlag.ItemUsesExtendedStyleOption, False)
        state.dataset_changed.connect(self._on_dataset_changed)
        state.selection_changed.connect(self._on_look_changed)
        state.highlight_changed.connect(self._on_highlight_changed)
        state.hidden_tracks_changed.connect(self._on_layout_changed)
        state.theme_changed.connect(self._on_look_changed)

    # -- invalidation -------------------------------------------------------------------------

    def _on_dataset_changed(self) -> None:
        self._layout_key = None
        self._anchor_cache = None
        self._label_widths.clear()
        self._lit.clear()
        self._advances.clear()
        self._elisions.clear()
        self._on_layout_changed()

    def _on_layout_changed(self) -> None:
        self._dirty = True
        self.update()

    def _on_look_changed(self, *_args) -> None:
        self.update()

    def _on_highlight_changed(self) -> None:
        self._lit.clear()
        self.update()

    def viewRangeChanged(self) -> None:  # noqa: N802 (pyqtgraph hook)
        self.prepareGeometryChange()
        self._on_layout_changed()

    def viewTransformChanged(self) -> None:  # noqa: N802
        self.prepareGeometryChange()
        self._on_layout_changed()

    def boundingRect(self) -> QRectF:  # noqa: N802
        # boundingRect must cover everything drawn (pyqtgraph's customGraphicsItem example):
        # we draw across the whole visible pane, so it is the view rectangle.
        return self._view_box.viewRect() if self._view_box is not None else QRectF()

    def dataBounds(self, ax, frac=1.0, orthoRange=None):  # noqa: N802
        return None  # ranges are set explicitly (fit all), not by pyqtgraph's auto-range

    # -- layout -------------------------------------------------------------------------------

    @property
    def tracks(self) -> list[TrackColumns]:
        return [c for c in self._state.columns.values()
                if c.axis is self._axis and c.track_id not in self._state.hidden_tracks]

    def lanes(self) -> list[Lane]:
        """The current lanes, recomputed if the range, size or data changed since last time; a pan
        that stays inside the layout window only moves the marks (rows and labels stay put)."""
        if self._dirty:
            scale, offset = self._to_px()
            rect = self.scene_rect()
            key = (layout_window(*self._view_box.viewRange()[0]), scale, rect.left(), rect.width(), rect.height(),
                   tuple(c.track_id for c in self.tracks), id(self._state.columns))
            if self._lanes and self._layout_key is not None and _same_layout(key, self._layout_key):
                dx = offset - self._layout_offset
                self._lanes = [lane.shifted(dx) for lane in self._lanes]
            else:
                self._lanes = []  # the old layout goes before the new one is built: at full view each holds every event
                self._lanes = self._compute_lanes()
                self._layout_key = key
                self.layout_id += 1
            self._layout_offset = offset
            self.layout_generation += 1
            self._dirty = False
        return self._lanes

    def marks_version(self) -> tuple:
        """Equal between two calls only if no mark moved on screen in between (lanes brought up to
        date first), so what is computed from the marks' positions can be kept."""
        self.lanes()
        return self.layout_generation, self._to_px(), self.scene_rect().getRect()

    def _to_px(self) -> tuple[float, float]:
        t = self.sceneTransform()
        return t.m11(), t.m31()

    def pixels(self, x: np.ndarray | float) -> np.ndarray | float:
        scale, offset = self._to_px()
        return np.asarray(x) * scale + offset if isinstance(x, np.ndarray) else x * scale + offset

    def scene_rect(self) -> QRectF:
        return self._view_box.sceneBoundingRect()

    def _compute_lanes(self) -> list[Lane]:
        tracks = self.tracks
        rect = self.scene_rect()
        if not tracks or rect.height() <= 0:
            return []
        x_min, x_max = layout_window(*self._view_box.viewRange()[0])
        scale, offset = self._to_px()
        weights = [lane_weight(c) for c in tracks]
        lanes = []
        top = rect.top()
        for columns, weight in zip(tracks, weights):
            lane_h = rect.height() * weight / sum(weights)
            room = lane_h - HEADER_HEIGHT - 4
            rows = max(1, int(room // ROW_HEIGHT))
            given = self._lane_input(columns, x_min, x_max, scale, offset, rect.left(), rect.right())
            marks = self._marks_for(columns, given, rows)
            row_height = ROW_HEIGHT
            tight_rows = max(1, int(room // MIN_ROW_HEIGHT))
            if tight_rows > rows and len(marks) <= INDIVIDUAL_BUDGET and marks.labels_short:
                # titles hidden or cut short: try tighter rows, and keep them if more labels show,
                # or more of their text (only the stacking is redone: the grouping and the room
                # each label wants do not depend on the row count)
                tight = self._marks_for(columns, given, tight_rows)
                if _reads_better(tight, marks):
                    used = int(tight.row.max()) + 1
                    marks, rows = tight, used
                    row_height = max(MIN_ROW_HEIGHT, min(ROW_HEIGHT, room / used))
            lanes.append(Lane(columns, top, lane_h, rows, marks, row_height))
            top += lane_h
        return lanes

    def _lane_input(self, columns: TrackColumns, x_min: float, x_max: float, scale: float, offset: float,
                    pane_left: float, pane_right: float) -> _LaneInput | None:
        """The events of ``columns`` in the layout window [x_min, x_max] and their footprints in
        pixels (``scale`` and ``offset`` map the axis to them; the pane spans ``pane_left`` to
        ``pane_right``)."""
        visible = columns.visible_slice(x_min, x_max)
        if len(visible) == 0:
            return None
        # footprints include the uncertainty whiskers, so no label is drawn across one; they are
        # cut a little beyond the layout window, so events reaching in from outside share its edge cells
        window_left, window_right = float(x_min * scale + offset), float(x_max * scale + offset)
        x0 = np.maximum(columns.lo[visible] * scale + offset - MARKER_RADIUS, window_left - EDGE_PX)
        x1 = np.minimum(columns.hi[visible] * scale + offset + MARKER_RADIUS, window_right + EDGE_PX)
        return _LaneInput(visible, x0, x1, window_left, window_right, scale, offset, pane_left, pane_right)

    def _marks_for(self, columns: TrackColumns, given: _LaneInput | None, rows: int) -> MarkArrays:
        if given is None:
            return MarkArrays.empty()
        visible, x0, x1 = given.visible, given.x0, given.x1
        window_left, window_right = given.window_left, given.window_right
        # Marks are bounded by pixels, not events: long bars stay individual only while a lane's
        # rows can tell them apart, and when even 4-px cells would crowd the lane, cells widen to
        # a cluster mark's width so marks never pile on top of each other.
        max_long = rows * LONG_BARS_PER_ROW
        width = window_right - window_left
        few = len(visible) <= INDIVIDUAL_BUDGET
        # the grouping depends on the row count only through whether long bars stay marks of their own
        key = few or long_bars_stay(x0, x1, LONG_PX, max_long, rows * width)
        grouping = given.groupings.get(key)
        if grouping is None:
            grouping = given.groupings[key] = self._grouping(columns, given, few, max_long, rows * width)
        groups, starts, ends, widths, wants, on_bar, on_bar_if_hidden, starts_list, ends_list, widths_list = grouping
        rows_of, kept = stack_marks(starts_list, ends_list, widths_list, rows, min_label=LABEL_OFFSET + MIN_LABEL_PX,
                                    arrays=(starts, ends, widths))
        # a mark that found no free row would hide under another: fold it into that one instead,
        # so every event stays visible and clickable (as part of a count badge)
        folds = fold_overflow(starts_list, ends_list, rows_of)
        label = np.asarray(kept, dtype=float)
        rows_of = np.asarray(rows_of, dtype=np.int64)
        if folds.count(-1) == len(folds):  # nothing folds (the usual case): the groups are the marks
            left, right, members, bounds = starts, ends, groups.members, groups.bounds
        else:
            merged, survivors = merge_folds(Groups(starts, ends, groups.members, groups.bounds), folds, CLUSTER_MIN_WIDTH)
            grew = np.diff(merged.bounds) > groups.counts[survivors]  # an aggregate now: no label
            left, right, members, bounds = merged.left, merged.right, merged.members, merged.bounds
            label = np.where(grew, 0.0, label[survivors])
            wants = np.where(grew, 0.0, wants[survivors])
            on_bar = on_bar[survivors] & ~grew
            on_bar_if_hidden = on_bar_if_hidden[survivors] & ~grew
            rows_of = rows_of[survivors]
        # a label the pane's edge or a later mark cuts short goes whole to the mark's left, where
        # its row has room (near the right edge, a few marks crowd in late years with room before them)
        label, on_left = labels_to_the_left(left, right, rows_of, label, wants, given.pane_left + 2, given.pane_right)
        on_bar = on_bar | (on_bar_if_hidden & ~(label > 0))
        # titles hidden or cut short, by another mark or by the pane's edge (more rows can leave a
        # row free on the left for a title the edge cuts)
        short = int(np.count_nonzero(label < wants))
        return MarkArrays(left, right, rows_of, members, bounds, np.where(label > 0, label - LABEL_OFFSET, 0.0),
                          on_bar, on_left, labels_short=short)

    def _grouping(self, columns: TrackColumns, given: _LaneInput, few: bool, max_long: int, long_budget_px: float) -> tuple:
        """The events grouped into marks, each mark's extent, and the room its label wants (and
        whether it sits on the bar), before any stacking into rows."""
        visible, x0, x1 = given.visible, given.x0, given.x1
        window_left, window_right = given.window_left, given.window_right
        width = window_right - window_left
        cell = 0.0
        if few:
            # few events: each its own mark; rows keep them apart and only true overlaps fold (below)
            groups = Groups.singles(visible, x0, x1)
        else:
            cell = CELL_PX
            # more 4-pixel cells than cluster boxes fit across: 40-pixel cells (counted first, not built)
            if aggregate_group_count(x0, x1, cell, LONG_PX, max_long, long_budget_px) > width / CLUSTER_MIN_WIDTH:
                cell = DENSE_CELL_PX
            groups = aggregate_groups(visible, x0, x1, cell, LONG_PX, max_long=max_long, long_budget_px=long_budget_px)
        single = groups.counts == 1
        # An aggregate is drawn where its events start, not out to the end of its longest bar:
        # one decades-long member would otherwise stretch the box across the pane, and every box
        # after it would fold into it (a dense lane became one pane-wide box per row).
        if cell >= DENSE_CELL_PX:
            # a busy lane: boxes fill their start cells, side by side, like a density strip
            cell_left = np.floor(groups.left / cell) * cell
            starts = np.where(single, groups.left, cell_left + 3)
            ends = np.where(single, groups.right, cell_left + cell - 3)
        else:
            member_starts = np.maximum(columns.lo[groups.members] * given.scale + given.offset - MARKER_RADIUS,
                                       window_left - EDGE_PX)
            last_start = np.maximum.reduceat(member_starts, groups.bounds[:-1]) if len(groups) else member_starts
            starts = groups.left
            ends = np.where(single, groups.right, np.maximum(last_start + CELL_PX, groups.left + CLUSTER_MIN_WIDTH))
        widths = np.zeros(len(groups))
        wants = np.zeros(len(groups))  # the room each whole label needs, whatever room it has
        on_bar = np.zeros(len(groups), dtype=bool)
        on_bar_if_hidden = np.zeros(len(groups), dtype=bool)
        if single.any():
            # labels of marks in view must fit before the pane's edge (else they'd be cut there and
            # hidden); marks in the margin beyond it are laid out against the window's edge
            pane_right = given.pane_right - 2
            index = groups.firsts[single]
            title = self._title_widths(columns, index)
            # the label sits on a bar (its own span, or a point's range of possible dates) that can
            # hold it, and then needs no room beside it; a bar running off the pane holds only what
            # of it shows (a bar mostly beyond the edge gets its label beside it, or left of it)
            # (one wholly beside the pane, in the layout window's margin, is judged whole: a pan brings
            # it in whole before the lanes are laid out again)
            bar_lo, bar_hi = (v * given.scale + given.offset for v in _bar_ends(columns, index))
            crossing = (bar_lo < given.pane_right) & (bar_hi > given.pane_left)
            shown = np.where(crossing, np.minimum(bar_hi, given.pane_right) - np.maximum(bar_lo, given.pane_left),
                             bar_hi - bar_lo)
            barred = columns.interval[index] | columns.fuzzy[index]
            inside = (shown >= title + 12) & barred
            # cut by the pane's edge: if the title finds no room beside the bar either, it goes back on it, elided
            on_bar_if_hidden[single] = (bar_hi - bar_lo >= title + 12) & barred & ~inside
            right = groups.right[single]
            # a label that would run off the pane is elided to the room left, or hidden
            room = np.where(right < pane_right, pane_right, window_right - 2) - (right + LABEL_OFFSET)
            wants[single] = np.where(inside, 0.0, LABEL_OFFSET + title)
            title = np.minimum(title, room)
            widths[single] = np.where(inside | (title < MIN_LABEL_PX), 0.0, LABEL_OFFSET + title)
            on_bar[single] = inside
        return (groups, starts, ends, widths, wants, on_bar, on_bar_if_hidden, starts.tolist(), ends.tolist(),
                widths.tolist())

    def _title_widths(self, columns: TrackColumns, indices: np.ndarray) -> np.ndarray:
        """Pixels each event's title needs in the bold font, measured once per event and kept
        (by index: only events that have been marks of their own, a few hundred per layout, are
        ever measured, so an array for every event would hold mostly nothing)."""
        known = self._label_widths.setdefault(columns.track_id, {})
        measure, titles = self._metrics.horizontalAdvance, columns.titles
        return np.array([known[i] if i in known else known.setdefault(i, measure(titles[i]) + 2)
                         for i in indices.tolist()], dtype=np.float64)

    # -- queries for links, tests and clicks ---------------------------------------------------

    def anchor(self, event_id: str) -> tuple[float, float, bool] | None:
        """Scene point where links attach to this event: (x, y, on screen). None if not drawn here."""
        return self.anchors([event_id])[0]

    def anchors(self, event_ids: list[str]) -> list[tuple[float, float, bool] | None]:
        """:meth:`anchor` for many events at once."""
        columns = self._state.columns
        track_of = {e.id: e.track_id for e in (self._state.dataset.event(i) for i in event_ids if self._state.dataset.has_event(i))}
        refs = [(track_of[i], columns[track_of[i]].index_of[i]) if i in track_of else None for i in event_ids]
        return self.anchors_at(refs)

    def anchors_at(self, refs: list[tuple[str, int] | None]) -> list[tuple[float, float, bool] | None]:
        """Anchors of events given as (track id, column index): the links overlay asks for all of
        its ends every frame, so this works lane by lane on numpy arrays."""
        return [a[:3] if a is not None else None for a in self.anchor_spans_at(refs)]

    def anchor_spans_at(self, refs: list[tuple[str, int] | None]) -> list[tuple[float, float, bool, float, float] | None]:
        """Like :meth:`anchors_at`, plus the on-screen span (left, right) a link may attach to:
        the visible part of a bar, or the anchor point itself for a point or an aggregate."""
        by_track: dict[str, tuple[list[int], list[int]]] = {}
        for k, ref in enumerate(refs):
            if ref is not None:
                slots, indices = by_track.setdefault(ref[0], ([], []))
                slots.append(k)
                indices.append(ref[1])
        found = self.anchor_arrays({t: (np.array(s, dtype=np.int64), np.array(i, dtype=np.int64))
                                    for t, (s, i) in by_track.items()}, len(refs))
        return [(float(x), float(y), bool(on), float(lo), float(hi)) if drawn else None
                for x, y, on, lo, hi, drawn in zip(found.x, found.y, found.on_screen, found.span_lo,
                                                   found.span_hi, found.drawn)]

    def anchor_arrays(self, refs: dict[str, tuple[np.ndarray, np.ndarray]], count: int) -> Anchors:
        """Anchors of ``count`` events given per track as (their positions in the result, their
        column indices), as arrays: the links overlay asks for all of its ends every frame, so this
        is numpy over all lanes at once, with no Python step per event."""
        rect = self.scene_rect()
        left, right = rect.left(), rect.right()
        view_right = self._view_box.viewRange()[0][1]
        scale, offset = self._to_px()
        found = Anchors(x=np.zeros(count), y=np.zeros(count), on_screen=np.zeros(count, dtype=bool),
                        span_lo=np.zeros(count), span_hi=np.zeros(count), drawn=np.zeros(count, dtype=bool))
        # hidden tracks have no lane: their ends stay not drawn
        lanes = [lane for lane in self.lanes() if len(refs.get(lane.columns.track_id, ((),))[0])]
        if not lanes:
            return found
        ends = self._anchor_ends(refs, lanes)
        # every lane's marks in one table (and a last slot standing for "no mark"), so that the
        # ends of all lanes are looked up at once
        sizes = [len(lane.arrays) for lane in lanes]
        if len(lanes) == 1:  # one lane (a narrative pane): its own marks are the table
            lane = lanes[0]
            owner = lane.owners()[refs[lane.columns.track_id][1]]
            own = np.where(owner >= 0, owner, sizes[0])
            mid_lane = lane.top + lane.height / 2
        else:
            first_mark = np.repeat(np.cumsum([0] + sizes[:-1]), ends.per_lane)
            owner = np.concatenate([lane.owners()[refs[lane.columns.track_id][1]] for lane in lanes])
            own = np.where(owner >= 0, owner + first_mark, sum(sizes))
            mid_lane = np.repeat([lane.top + lane.height / 2 for lane in lanes], ends.per_lane)
        mark_x0 = np.concatenate([lane.arrays.x0 for lane in lanes] + [[0.0]])[own]
        mark_x1 = np.concatenate([lane.arrays.x1 for lane in lanes] + [[0.0]])[own]
        many = np.concatenate([lane.arrays.counts > 1 for lane in lanes] + [[False]])[own]
        mark_y = np.concatenate([lane.row_centres for lane in lanes] + [[0.0]])[own]
        start_px = ends.start * scale + offset
        end_px = ends.end * scale + offset
        interval = ends.interval
        x = np.where(many, (mark_x0 + np.minimum(mark_x1, right)) / 2,
                     np.where(interval, (np.maximum(start_px, left) + np.minimum(end_px, right)) / 2, start_px))
        # laid out is not on screen: the layout window reaches beyond the pane on both sides
        shown = (owner >= 0) & (x >= left - 1) & (x <= right + 1)
        x = np.minimum(np.maximum(x, left), right)  # np.clip, at a fraction of its call cost
        bar = ~many & interval
        # off screen: the pane's edge on the event's side, mid-lane
        off_x = np.where(ends.lo > view_right, right, left)
        slots = ends.slots
        found.x[slots] = np.where(shown, x, off_x)
        found.y[slots] = np.where(shown, mark_y, mid_lane)
        found.span_lo[slots] = np.where(shown, np.where(bar, np.minimum(np.maximum(start_px, left), right), x), off_x)
        found.span_hi[slots] = np.where(shown, np.where(bar, np.minimum(np.maximum(end_px, left), right), x), off_x)
        found.on_screen[slots] = shown
        found.drawn[slots] = True
        return found

    def _anchor_ends(self, refs: dict[str, tuple[np.ndarray, np.ndarray]], lanes: list[Lane]) -> _AnchorEnds:
        """The fixed part of :meth:`anchor_arrays` for these refs and lanes: positions and column
        data of the ends, lane after lane. The same refs are asked for every frame (a dataset's
        links), so this is kept until the refs, the tracks shown or the columns change."""
        columns = tuple(lane.columns for lane in lanes)
        kept = self._anchor_cache
        if kept is not None and kept[0] is refs and len(kept[1]) == len(columns) and all(
                a is b for a, b in zip(kept[1], columns)):
            return kept[2]
        idx = [refs[c.track_id][1] for c in columns]
        ends = _AnchorEnds(slots=np.concatenate([refs[c.track_id][0] for c in columns]),
                           per_lane=np.array([len(i) for i in idx]),
                           start=np.concatenate([c.start[i] for c, i in zip(columns, idx)]),
                           end=np.concatenate([c.end[i] for c, i in zip(columns, idx)]),
                           lo=np.concatenate([c.lo[i] for c, i in zip(columns, idx)]),
                           interval=np.concatenate([c.interval[i] for c, i in zip(columns, idx)]))
        self._anchor_cache = (refs, columns, ends)
        return ends

    def label_rect(self, columns: TrackColumns, mark: Mark, y: float, rect: QRectF,
                   row_height: float = ROW_HEIGHT) -> QRectF | None:
        """Where ``paint`` draws this mark's label (scene pixels): on its bar, beside it, or nowhere."""
        if mark.count != 1:
            return None
        return self._label_rect(columns, mark.index, mark.x0, mark.x1, mark.label_width, mark.label_on_bar,
                                mark.label_left, y, rect, row_height)

    def _label_rect(self, columns: TrackColumns, i: int, x0: float, x1: float, label_width: float, on_bar: bool,
                    on_left: bool, y: float, rect: QRectF, row_height: float, scale: float | None = None,
                    offset: float = 0.0) -> QRectF | None:
        """:meth:`label_rect` of the single mark of event ``i``, given the mark's ends and label
        (and the axis -> pixel scale and offset, when the caller has them at hand)."""
        if on_bar:
            if scale is None:
                scale, offset = self._to_px()
            x0 = float(columns.start[i] if columns.interval[i] else columns.lo[i]) * scale + offset
            x1 = float(columns.end[i] if columns.interval[i] else columns.hi[i]) * scale + offset
            left, right = max(x0, rect.left()), min(x1, rect.right())
            return QRectF(left + 6, y - row_height / 2, right - left - 12, row_height)
        if label_width > 0 and on_left:
            # a whole title left of the mark (with the same slack as one on the right); a pan that
            # puts its start off screen cuts it at the pane's left edge, drawn elided
            end = x0 - LABEL_OFFSET + 4
            x = max(end - label_width - 4, rect.left() + 2)
            if x0 > rect.right() or end - x < MIN_LABEL_PX:
                return None
            return QRectF(x, y - row_height / 2, end - x, row_height)
        if label_width > 0:
            # the layout window is wider than the pane: a label is cut at the pane's right edge
            # (drawn elided) and not drawn at all when it starts off screen or too little is left
            x = x1 + LABEL_OFFSET
            width = min(label_width + 4, rect.right() - 2 - x)
            if x < rect.left() or width < MIN_LABEL_PX:
                return None
            return QRectF(x, y - row_height / 2, width, row_height)
        return None

    def label_rects(self) -> list[tuple[str, tuple[float, float, float, float]]]:
        """(event id, (x, y, w, h)) of every label drawn at the current range, in scene pixels."""
        rect = self.scene_rect()
        found = []
        for lane in self.lanes():
            for mark in lane.marks:
                r = self.label_rect(lane.columns, mark, lane.row_centre(mark.row), rect, lane.row_height)
                if r is not None:
                    found.append((lane.columns.ids[mark.index], (r.x(), r.y(), r.width(), r.height())))
        return found

    def events_in_mark_of(self, event_id: str) -> int:
        """How many events the mark drawing this one stands for at the current range: 1 when it
        is drawn alone, more inside a count box, 0 when it is not drawn in this pane."""
        self._dirty = True  # the range may have just been set: lay out for it now
        for lane in self.lanes():
            index = lane.columns.index_of.get(event_id)
            if index is not None:
                mark = int(lane.owners()[index])
                return int(lane.arrays.counts[mark]) if mark >= 0 else 0
        return 0

    def event_scene_pos(self, event_id: str) -> QPointF | None:
        """Where the event's mark is drawn (scene coordinates), if it is on screen."""
        found = self.anchor(event_id)
        if found is None or not found[2]:
            return None
        return QPointF(found[0], found[1])

    def mark_at(self, pos: QPointF, slack: float = 4.0) -> tuple[Lane, Mark] | None:
        best: tuple[float, Lane, Mark] | None = None
        for lane in self.lanes():
            if not lane.top <= pos.y() <= lane.top + lane.height:
                continue
            for mark in lane.marks:
                y = lane.row_centre(mark.row)
                if abs(pos.y() - y) > lane.row_height / 2:
                    continue
                left = mark.x0 - MARKER_RADIUS - slack
                right = max(mark.x1, mark.x0) + MARKER_RADIUS + slack
                if mark.label_width and mark.label_left:
                    left = mark.x0 - LABEL_OFFSET - mark.label_width
                elif mark.label_width:
                    right = mark.x1 + LABEL_OFFSET + mark.label_width
                if left <= pos.x() <= right:
                    distance = 0.0 if mark.x0 <= pos.x() <= mark.x1 else min(abs(pos.x() - mark.x0), abs(pos.x() - mark.x1))
                    if best is None or distance < best[0]:
                        best = (distance, lane, mark)
        return (best[1], best[2]) if best else None

    def tooltip_for(self, lane: Lane, mark: Mark) -> str:
        columns = lane.columns
        if mark.count > 1:
            return f"{mark.count:,} events in {columns.name} — click to zoom in"
        event = self._state.dataset.event(columns.ids[mark.index])
        if event.date is not None:
            when = human_date(event.date)
        elif event.narrative is not None:
            n = event.narrative
            when = f"Episode {n.episode}" + (f"–{n.episode_end}" if n.episode_end and n.episode_end != n.episode else "")
            if n.minute is not None:
                when += f", minute {n.minute:g}"
        else:
            when = ""
        return f"{event.title}\n{when}"

    # -- mouse --------------------------------------------------------------------------------

    def mouseClickEvent(self, ev) -> None:  # noqa: N802
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        ev.accept()
        for box, track_id, direction in self.off_view_hints:
            if box.contains(ev.scenePos()):
                nearest = self.nearest_off_view(track_id, direction)
                if nearest is not None:
                    self._state.focus(nearest)  # selected, and the view moves to it
                return
        hit = self.mark_at(ev.scenePos())
        if hit is None:
            if not ev.double():
                self.background_clicked.emit()
            return
        lane, mark = hit
        if mark.count > 1:
            target = cluster_target(lane.columns.lo[mark.members], *self._view_box.viewRange()[0])
            if target is None:
                self.cluster_listed.emit(lane.columns.track_id, mark.members)
            else:
                self.cluster_clicked.emit(*target)
            return
        event_id = lane.columns.ids[mark.index]
        (self.event_double_clicked if ev.double() else self.event_clicked).emit(event_id)

    def hoverEvent(self, ev) -> None:  # noqa: N802
        if ev.isExit():
            set_tooltip(self, "")
            return
        hit = self.mark_at(ev.scenePos())
        set_tooltip(self, self.tooltip_for(*hit) if hit else "")  # dataset text: shown as plain text
        if hit:
            ev.acceptClicks(Qt.MouseButton.LeftButton)

    # -- painting -----------------------------------------------------------------------------

    def paint(self, painter: QPainter, *args) -> None:
        lanes = self.lanes()
        inverse, ok = self.sceneTransform().inverted()
        if not ok:
            return
        painter.save()
        painter.setTransform(inverse, True)  # from here on we draw in scene pixels
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        rect = self.scene_rect()
        painter.setClipRect(rect)
        theme = self._state.theme
        if self._palette is None or self._palette.theme is not theme:
            self._palette = Palette(theme)
        # label metrics come from the painter's font, which knows the device (an export's DPI)
        painter.setFont(self._font)
        plain_metrics = QFontMetricsF(painter.font())
        painter.setFont(self._bold)
        bold_metrics = QFontMetricsF(painter.font())
        painter.setFont(self._header_font)
        self._paint_metrics = {False: plain_metrics, True: bold_metrics, "header": QFontMetricsF(painter.font())}
        self._label_shifts = {bold: (m.ascent() - m.descent()) / 2 for bold, m in ((False, plain_metrics), (True, bold_metrics))}
        device = painter.device()
        dpi = device.logicalDpiX() if device is not None else 0
        if dpi != self._paint_dpi:
            self._badges.clear()  # their drawn widths are the device's
        self._paint_dpi = dpi
        self.off_view_hints = []
        for i, lane in enumerate(lanes):
            self._paint_lane(painter, lane, rect, i, theme)
        if not lanes and self._state.dataset.tracks_on(self._axis):
            # every track of this pane hidden: a blank pane would look broken
            painter.setFont(self._font)
            painter.setPen(QColor(theme.muted))
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), HIDDEN_PANE_TEXT)
        painter.restore()

    def _paint_lane(self, painter: QPainter, lane: Lane, rect: QRectF, index: int, theme) -> None:
        columns = lane.columns
        palette = self._palette
        metrics = self._paint_metrics
        scale, offset = self._to_px()
        if index % 2 == 0:
            painter.fillRect(QRectF(rect.left(), lane.top, rect.width(), lane.height), palette.lane)
        if self._axis is AxisKind.NARRATIVE:
            self._paint_episode_separators(painter, rect, lane, theme)
        halo = palette.halos[index % 2]
        header = f"{columns.name.upper()}  ·  {len(columns):,}"
        _paint_halo(painter, metrics["header"], rect.left() + 6, lane.top + 13 - metrics["header"].ascent()
                    + metrics["header"].height() / 2, metrics["header"].horizontalAdvance(header), halo)
        painter.setFont(self._header_font)
        painter.setPen(QColor(columns.color))
        painter.drawText(QPointF(rect.left() + 6, lane.top + 13), header)
        colour = QColor(columns.color)
        selected = self._state.selected
        highlighted = self._state.highlighted
        selected_index = columns.index_of.get(selected) if selected else None
        shifts = self._label_shifts
        marks = lane.arrays
        # only the marks in view: the layout window is wider than the pane, and more than half of
        # its marks are beside it (picked from the marks' arrays, no step per mark)
        in_view = (marks.x1 >= rect.left() - 40) & (marks.x0 <= rect.right() + 40)
        # the clusters holding the selected or a highlighted event, found through the lane's
        # column -> mark index rather than by searching every cluster's members each paint
        lit = self._lit_in(columns, highlighted)
        owners = lane.owners() if len(lit) or selected_index is not None else None
        lit_marks = set(owners[lit].tolist()) if len(lit) else set()
        chosen_mark = int(owners[selected_index]) if selected_index is not None else -1
        one_by_one = marks.counts == 1
        if lit_marks or chosen_mark >= 0:
            picked = [k for k in lit_marks | {chosen_mark} if k >= 0]
            one_by_one[picked] = True
        plain = np.flatnonzero(in_view & ~one_by_one)
        # marks of one event, and clusters drawn apart (lit or chosen), in order
        drawn = np.flatnonzero(in_view & one_by_one)
        firsts = marks.members[marks.bounds[drawn]]
        # what each mark needs from its event, gathered for all of them at once (a lookup per mark
        # and field through the placement codes was ~0.2 ms a frame at 0.1% zoom)
        verdicts, intervals, fuzzies = (columns.verdict[firsts].tolist(), columns.interval[firsts].tolist(),
                                        columns.fuzzy[firsts].tolist())
        spreads = (columns.hi[firsts] * scale - columns.lo[firsts] * scale).tolist()
        points = (columns.start[firsts] * scale + offset).tolist()
        for k, x0, x1, y, count, i, label_width, on_bar, on_left, verdict, interval, fuzzy, spread, point in zip(
                drawn.tolist(), marks.x0[drawn].tolist(), marks.x1[drawn].tolist(), lane.row_centres[drawn].tolist(),
                marks.counts[drawn].tolist(), firsts.tolist(), marks.label_width[drawn].tolist(),
                marks.label_on_bar[drawn].tolist(), marks.label_left[drawn].tolist(), verdicts, intervals, fuzzies,
                spreads, points):
            if count > 1:
                self._paint_cluster(painter, x0, x1, count, y, colour, theme, k in lit_marks, k == chosen_mark)
                continue
            fill = colour
            if verdict >= 0:
                fill = palette.verdicts[verdict]
            is_selected = i == selected_index
            if highlighted and columns.ids[i] in highlighted:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(palette.highlight)
                painter.drawRoundedRect(QRectF(x0 - 4, y - 10, x1 - x0 + 8, 20), 10, 10)
            wide_point = not interval and fuzzy and spread >= WIDE_POINT_PX
            if wide_point:
                self._paint_range_band(painter, columns, i, y, fill, is_selected, theme, scale, offset, rect)
            elif fuzzy:
                self._paint_uncertainty(painter, columns, i, y, colour, scale, offset, rect)
            if wide_point:
                pass  # the range band above is the whole mark
            elif interval:
                self._paint_bar(painter, columns, i, on_bar, y, fill, is_selected, theme, scale, offset)
            else:
                self._paint_marker(painter, point, y, fill, is_selected, theme,
                                   plot_point=verdict >= 0)
            if on_bar:
                painter.setFont(self._bold if is_selected else self._font)
                painter.setPen(palette.text if wide_point else palette.text_on(fill))
                bar_rect = self._label_rect(columns, i, x0, x1, label_width, on_bar, False, y, rect, lane.row_height,
                                            scale, offset)
                text = columns.titles[i]
                if self._advance(metrics, is_selected, columns, i) > bar_rect.width():
                    text = self._elided(metrics, is_selected, columns, i, bar_rect.width())
                _draw_left_middle(painter, metrics[is_selected], bar_rect, text, shifts[is_selected])
            elif label_width > 0:
                label_rect = self._label_rect(columns, i, x0, x1, label_width, on_bar, on_left, y, rect, lane.row_height)
                if label_rect is not None:
                    painter.setFont(self._bold if is_selected else self._font)
                    painter.setPen(palette.text)
                    text = columns.titles[i]
                    advance = self._advance(metrics, is_selected, columns, i)
                    if advance > label_rect.width() - 2:
                        text = self._elided(metrics, is_selected, columns, i, label_rect.width() - 2)
                        advance = label_rect.width() - 2
                    _paint_halo(painter, metrics[is_selected], label_rect.left(), y, advance, halo)
                    _draw_left_middle(painter, metrics[is_selected], label_rect, text, shifts[is_selected])
        if len(plain):
            self._paint_plain_clusters(painter, lane, plain, colour, theme)
        if selected_index is not None:
            self._paint_selection_callout(painter, lane, selected_index, rect, theme)
        if len(columns) and not in_view.any():
            self._paint_off_view_hints(painter, lane, rect, halo, theme)

    def _paint_off_view_hints(self, painter: QPainter, lane: Lane, rect: QRectF, halo: QColor, theme) -> None:
        """'‹ 3 earlier' and '12 later ›' in a lane with nothing in view (none of its events
        overlaps the view, so every one of them starts before it or after it)."""
        columns = lane.columns
        (x_min, x_max), _ = self._view_box.viewRange()
        before = int(np.searchsorted(columns.lo, x_min))
        after = len(columns) - int(np.searchsorted(columns.lo, x_max, side="right"))
        metrics = self._paint_metrics[False]
        painter.setFont(self._font)
        painter.setPen(QColor(theme.muted))
        middle = lane.top + HEADER_HEIGHT + (lane.height - HEADER_HEIGHT) / 2
        for count, direction in ((before, -1), (after, 1)):
            if count <= 0:
                continue
            text = f"‹ {count:,} earlier" if direction < 0 else f"{count:,} later ›"
            width = metrics.horizontalAdvance(text)
            left = rect.left() + 10 if direction < 0 else rect.right() - 10 - width
            box = QRectF(left, middle - metrics.height() / 2, width, metrics.height())
            _paint_halo(painter, metrics, left, middle, width, halo)
            _draw_left_middle(painter, metrics, box, text, self._label_shifts[False])
            self.off_view_hints.append((box.adjusted(-6, -4, 6, 4), columns.track_id, direction))

    def nearest_off_view(self, track_id: str, direction: int) -> str | None:
        """The id of the event nearest the view on that side (-1: the last to start before it;
        +1: the first to start after it), or None."""
        columns = self._state.columns.get(track_id)
        if columns is None or not len(columns):
            return None
        (x_min, x_max), _ = self._view_box.viewRange()
        if direction < 0:
            index = int(np.searchsorted(columns.lo, x_min)) - 1
        else:
            index = int(np.searchsorted(columns.lo, x_max, side="right"))
        return columns.ids[index] if 0 <= index < len(columns) else None

    def _advance(self, metrics: dict[bool, QFontMetricsF], bold: bool, columns: TrackColumns, index: int) -> float:
        """A title's width in the painter's (plain or bold) font, measured once per event, font
        and device resolution: labels are checked for eliding every paint."""
        key = (self._paint_dpi, bold, columns.track_id, index)
        width = self._advances.get(key)
        if width is None:
            width = self._advances[key] = metrics[bold].horizontalAdvance(columns.titles[index])
        return width

    def _elided(self, metrics: dict[bool, QFontMetricsF], bold: bool, columns: TrackColumns, index: int,
                width: float) -> str:
        """A title cut to ``width`` with an ellipsis, kept: a label cut by its neighbour keeps its
        width while the layout stands, and eliding it again each paint was a busy lane's top cost."""
        key = (self._paint_dpi, bold, columns.track_id, index, width)
        text = self._elisions.get(key)
        if text is None:
            if len(self._elisions) > 20_000:  # labels at the pane's edge change width every frame
                self._elisions.clear()
            text = self._elisions[key] = metrics[bold].elidedText(columns.titles[index], Qt.TextElideMode.ElideRight, width)
        return text

    def _lit_in(self, columns: TrackColumns, highlighted: frozenset[str]) -> np.ndarray:
        """Column indices of this track's highlighted events (a search can match thousands)."""
        lit = self._lit.get(columns.track_id)
        if lit is None:
            lit = self._lit[columns.track_id] = columns.index_of.positions_of_rows(self._state.highlighted_rows())
        return lit

    def selection_callout(self, lane: Lane, index: int, rect: QRectF) -> tuple[QRectF, str] | None:
        """(box, text) of the callout naming the selected event (column ``index`` of ``lane``)
        where its own label is not drawn: beside its mark, or beside the count box holding it
        (so a search step or a linked event inside a box still says which event is selected)."""
        k = int(lane.owners()[index])
        marks = lane.arrays
        if k < 0 or marks.label_on_bar[k]:
            return None
        alone = marks.counts[k] == 1
        if alone and marks.label_width[k] > 0 and self._label_rect(
                lane.columns, index, float(marks.x0[k]), float(marks.x1[k]), float(marks.label_width[k]), False,
                bool(marks.label_left[k]), 0.0, rect, lane.row_height) is not None:
            return None  # its own label is drawn
        metrics = QFontMetricsF(self._bold)
        text = metrics.elidedText(lane.columns.titles[index], Qt.TextElideMode.ElideRight, max(rect.width() * 0.6, 80))
        width = metrics.horizontalAdvance(text) + 12
        if alone:
            left = right = self.pixels(float(lane.columns.start[index]))
            left, right = left - MARKER_RADIUS, right + MARKER_RADIUS
        else:
            left, right = float(marks.x0[k]), float(marks.x0[k]) + max(float(marks.x1[k] - marks.x0[k]), CLUSTER_MIN_WIDTH)
        x = right + 6
        if x + width > rect.right() - 2:  # no room on the right: put it on the left of the mark
            x = left - 6 - width
        y = lane.row_centre(int(marks.row[k]))
        return QRectF(max(x, rect.left() + 2), y - lane.row_height / 2 + 1, width, lane.row_height - 2), text

    def _paint_selection_callout(self, painter: QPainter, lane: Lane, index: int, rect: QRectF, theme) -> None:
        """The selected event always shows its title: when its label had no room, in a callout on top."""
        callout = self.selection_callout(lane, index, rect)
        if callout is None:
            return
        box, text = callout
        painter.setFont(self._bold)
        painter.setPen(QPen(QColor(theme.selection), 1.5))
        painter.setBrush(QColor(theme.background))
        painter.drawRoundedRect(box, 5, 5)
        painter.setPen(QColor(theme.text))
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)

    def _paint_episode_separators(self, painter: QPainter, rect: QRectF, lane: Lane, theme) -> None:
        (x_min, x_max), _ = self._view_box.viewRange()
        first, last = math.floor(max(x_min, -1)), math.ceil(min(x_max, 10_000))
        if last - first > 400:
            return
        painter.setPen(QPen(QColor(theme.grid), 1, Qt.PenStyle.DashLine))
        for boundary in range(first, last + 1):
            x = self.pixels(float(boundary))
            painter.drawLine(QPointF(x, lane.top), QPointF(x, lane.top + lane.height))

    def _paint_uncertainty(self, painter: QPainter, columns: TrackColumns, i: int, y: float, colour: QColor,
                           scale: float, offset: float, rect: QRectF) -> None:
        """Whiskers from the earliest to the latest bound, faded, for approximate/uncertain dates."""
        if not columns.fuzzy[i]:
            return
        lo, hi = self._clipped(float(columns.lo[i]) * scale + offset, float(columns.hi[i]) * scale + offset, rect)
        painter.setPen(self._palette.whisker(colour))
        painter.drawLine(QPointF(lo, y), QPointF(hi, y))
        for x in (lo, hi):
            painter.drawLine(QPointF(x, y - 4), QPointF(x, y + 4))

    def _clipped(self, x0: float, x1: float, rect: QRectF) -> tuple[float, float]:
        """An extent cut to a little beyond the pane ``rect`` (ends off screen stay off screen)."""
        return max(x0, rect.left() - 20), min(x1, rect.right() + 20)

    def _paint_range_band(self, painter: QPainter, columns: TrackColumns, i: int, y: float, fill: QColor,
                          selected: bool, theme, scale: float, offset: float, rect: QRectF) -> None:
        """'Some time in this range': a faint band with a dashed outline, no marker at a made-up middle."""
        # clipped to the pane: zoomed in, a band can be 100,000 px long, and Qt dashes every pixel
        x0, x1 = self._clipped(float(columns.lo[i]) * scale + offset, float(columns.hi[i]) * scale + offset, rect)
        band = QColor(fill)
        band.setAlpha(45)
        if selected:
            outline = QPen(QColor(theme.selection), 2.5, Qt.PenStyle.DashLine)
        else:
            # a 1-device-pixel cosmetic dash is drawn directly; a 1.2 px one is stroked into dash
            # outlines and filled, ~1.5 ms per pane-wide band (scaled with the device for exports)
            device = painter.device()
            outline = QPen(fill, 1.0 * (device.devicePixelRatioF() if device is not None else 1.0), Qt.PenStyle.DashLine)
            outline.setCosmetic(True)
        painter.setPen(outline)
        painter.setBrush(band)
        painter.drawRoundedRect(QRectF(x0, y - 8, max(x1 - x0, 3), 16), 4, 4)

    def _paint_bar(self, painter: QPainter, columns: TrackColumns, i: int, label_on_bar: bool, y: float, fill: QColor,
                   selected: bool, theme, scale: float, offset: float) -> None:
        x0 = float(columns.start[i]) * scale + offset
        x1 = max(float(columns.end[i]) * scale + offset, x0 + 3)
        height = BAR_HEIGHT + (6 if label_on_bar else 0)
        bar = QRectF(x0, y - height / 2, x1 - x0, height)
        brush: QBrush | QColor = fill
        if columns.open_end[i] or columns.open_start[i]:
            # an open end trails off: the bar fades to transparent over its last stretch
            gradient = QLinearGradient(bar.left(), 0, bar.right(), 0)
            clear = QColor(fill)
            clear.setAlpha(0)
            gradient.setColorAt(0.0, clear if columns.open_start[i] else fill)
            gradient.setColorAt(0.25, fill)
            gradient.setColorAt(0.75, fill)
            gradient.setColorAt(1.0, clear if columns.open_end[i] else fill)
            brush = QBrush(gradient)
        painter.setBrush(brush)
        painter.setPen(QPen(QColor(theme.selection), 2.5) if selected else Qt.PenStyle.NoPen)
        painter.drawRoundedRect(bar, 3, 3)

    def _paint_marker(self, painter: QPainter, x: float, y: float, fill: QColor, selected: bool, theme,
                      plot_point: bool) -> None:
        painter.setBrush(fill)
        painter.setPen(self._palette.selected_outline if selected else self._palette.marker_outline)
        r = MARKER_RADIUS + (1.5 if selected else 0)
        if plot_point:  # plot points are diamonds, real events circles: tellable apart without colour
            painter.drawPolygon(_DIAMONDS[selected].translated(x, y))
        else:
            painter.drawEllipse(QPointF(x, y), r, r)

    def _paint_plain_clusters(self, painter: QPainter, lane: Lane, plain: np.ndarray, colour: QColor, theme) -> None:
        """The unselected, unhighlighted clusters ``plain`` (positions in the lane's marks) in one
        batch: one pen, brush and font for all, boxes in one call per fill. A dense lane at full
        view is hundreds of these per frame: their boxes and fills are worked out with numpy, and
        only the Qt calls are made one by one."""
        marks = lane.arrays
        x0 = marks.x0[plain]
        width = np.maximum(marks.x1[plain] - x0, CLUSTER_MIN_WIDTH)
        y = lane.row_centres[plain]
        counts = marks.counts[plain]
        painter.setPen(QPen(colour, 1))
        boxes = [QRectF(a, b, w, 16) for a, b, w in zip(x0.tolist(), (y - 8).tolist(), width.tolist())]
        # square boxes need no antialiasing, and Qt fills them 4x faster without (a busy lane's
        # boxes can span the pane: ~3 ms a paint antialiased)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        # the fuller a box, the stronger its fill: a row of boxes reads as the lane's density
        levels = density_levels_of(counts, np.array([log_half(c) for c in counts.tolist()]))
        for level, alpha in enumerate(DENSITY_ALPHAS):
            chosen = np.flatnonzero(levels == level).tolist()
            if chosen:
                painter.setBrush(self._palette.density_fill(colour, alpha))
                painter.drawRects([boxes[j] for j in chosen])
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setFont(self._header_font)
        painter.setPen(QColor(theme.text))
        header = self._paint_metrics["header"]
        top = (header.ascent() - header.descent()) / 2 - header.ascent()
        badges = self._badges
        # a count is drawn where its box is wide enough, centred by hand (drawText into a
        # rectangle with an alignment costs twice as much), placed by its top, not its baseline
        for centre, room, at, count in zip((x0 + width / 2).tolist(), width.tolist(), (y + top).tolist(), counts.tolist()):
            badge = badges.get(count) or self._count_badge(count, header)
            if room >= badge[0]:
                painter.drawStaticText(QPointF(centre - badge[1] / 2, at), badge[2])

    def _count_badge(self, count: int, header: QFontMetricsF) -> tuple[float, float, QStaticText]:
        """(room needed, drawn width, static text) of an aggregate's count, kept for the device
        being painted: the room in the bold label font, the width in the header font. A static
        text keeps its glyph layout: a third of drawText's cost, and a busy pane draws a hundred
        or more counts a frame."""
        text = _count_text(count)
        width = self._count_widths.get(text)
        if width is None:
            width = self._count_widths[text] = self._metrics.horizontalAdvance(text)
        key = (self._paint_dpi, text)
        drawn = self._count_advances.get(key)
        if drawn is None:
            drawn = self._count_advances[key] = header.horizontalAdvance(text)
        static = self._count_texts.get(text)
        if static is None:
            static = self._count_texts[text] = QStaticText(text)
            static.setPerformanceHint(QStaticText.PerformanceHint.AggressiveCaching)
        badge = self._badges[count] = (width, drawn, static)
        return badge

    def _paint_cluster(self, painter: QPainter, x0: float, x1: float, count: int, y: float, colour: QColor, theme,
                       highlighted: bool, selected: bool) -> None:
        box = QRectF(x0, y - 8, max(x1 - x0, CLUSTER_MIN_WIDTH), 16)
        if highlighted:  # a ring around the box: its own fill stays in the track's colour
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(theme.highlight))
            painter.drawRoundedRect(box.adjusted(-3, -3, 3, 3), 8, 8)
            painter.setBrush(QColor(theme.background))
            painter.drawRoundedRect(box, 6, 6)
        fill = QColor(colour)
        fill.setAlpha(90)
        painter.setBrush(fill)
        painter.setPen(QPen(QColor(theme.selection), 2.5) if selected else QPen(colour, 1))
        painter.drawRoundedRect(box, 6, 6)
        painter.setFont(self._header_font)
        painter.setPen(QColor(theme.text))
        text = _count_text(count)
        if box.width() >= self._metrics.horizontalAdvance(text):
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)

