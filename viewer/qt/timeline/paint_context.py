"""What one paint of a pane's lanes passes around: the pane's scale and state, and each mark
drawn one by one with what it needs from its event."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from PySide6.QtCore import QRectF


@dataclass(frozen=True, slots=True)
class PaintContext:
    """What one paint of a pane needs besides its lanes: where, at what scale, in which look,
    and what is selected or lit."""

    rect: QRectF
    """The pane, in scene pixels (everything is drawn in scene pixels)."""
    scale: float
    offset: float
    """Axis units -> scene pixels: ``x * scale + offset``."""
    view: tuple[float, float]
    """The view's axis range."""
    narrative: bool
    selected: str | None
    lit: object
    """``lit(columns)``: column indices of that track's highlighted events."""
    linked: object = None
    """``linked(columns)``: column indices of that track's events linked to the selected one
    (their marks are outlined in the selection colour), or None for none."""


class SingleMark(NamedTuple):
    """One single mark (or a cluster drawn apart) as the loop over a lane's marks paints it
    (a tuple: hundreds are made a frame)."""

    k: int
    x0: float
    x1: float
    y: float
    count: int
    i: int
    label_width: float
    on_bar: bool
    on_left: bool
    verdict: int
    interval: bool
    fuzzy: bool
    spread: float
    point: float
    disputed: bool
    inferred: bool
