"""Where a window may stand: wholly on the screen's available area. Pure: plain numbers, no Qt."""

from __future__ import annotations

Rect = tuple[int, int, int, int]
"""(x, y, width, height) in screen pixels."""


def fit_on_screen(frame: Rect, available: Rect, minimum: tuple[int, int] = (0, 0)) -> Rect:
    """``frame`` made to lie within ``available``: shrunk to its size if larger (never below
    ``minimum``, the window's own minimum size), then moved in if any edge is off it."""
    x, y, width, height = frame
    ax, ay, aw, ah = available
    width = max(min(width, aw), minimum[0])
    height = max(min(height, ah), minimum[1])
    x = max(ax, min(x, ax + aw - width))
    y = max(ay, min(y, ay + ah - height))
    return x, y, width, height
