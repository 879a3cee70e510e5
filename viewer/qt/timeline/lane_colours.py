"""A theme's colours as the lanes paint them: Qt objects made once per theme, and the colours
worked out from it (text that reads on a fill, a stripe that lets links show through)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPen

from viewer.core.model import Verdict

VERDICTS = list(Verdict)


def _text_on(fill: QColor) -> str:
    """Black or white, whichever reads better on this fill."""
    return "#111111" if fill.lightnessF() > 0.6 else "#ffffff"


def _over(colour: QColor, background: QColor) -> QColor:
    """The opaque colour ``colour`` (translucent) makes over ``background``."""
    a = colour.alphaF()
    return QColor.fromRgbF(*(c * a + b * (1 - a) for c, b in ((colour.redF(), background.redF()),
                                                              (colour.greenF(), background.greenF()),
                                                              (colour.blueF(), background.blueF()))))


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
