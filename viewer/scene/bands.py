"""Horizontal bands of a large picture, so a PNG export is rendered and written a band at a time
and the whole picture is never in memory at once (viewer/qt/export/sheet.py renders them)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

BAND_ROWS = 512
"""Picture rows a PNG export renders at a time (about): a 4K picture is ~5 bands of ~8 MB each
instead of one 33 MB image, which was the peak of a whole million-event session. Smaller bands
saved no more memory at 1M (the sheet's own layout is then the peak) and cut more curves at a
band edge (see BAND_MARGIN_PX)."""
BAND_MARGIN_PX = 24
"""Rows rendered above and below each band and then cut off. A shape cut by a clip edge is
antialiased differently at that edge; with this margin the rows kept match one whole render
(tests/test_export.py: at most a few pixels of an antialiased curve differ, by one level)."""


@dataclass(frozen=True)
class Band:
    """One horizontal band of a picture: the sheet's logical rows rendered (margin included), and
    which of the rendered device rows are kept, and where they go in the picture."""

    logical_top: int
    logical_height: int
    skip: int
    """Device rows of margin at the top of the rendered band, cut off."""
    picture_top: int
    rows: int
    """Device rows kept: picture rows ``picture_top`` to ``picture_top + rows``."""


def plan_bands(height: int, scale: float, logical_h: int, rows: int = BAND_ROWS,
               margin_px: float = BAND_MARGIN_PX) -> list[Band]:
    """Bands of about ``rows`` device rows covering a picture ``height`` rows high, rendered from
    a sheet ``logical_h`` logical rows high at ``scale``. A band edge is a logical row whose device
    row is a whole number, so each band lines up pixel for pixel with one whole render; where the
    scale has no such rows closer than the picture is high, or the picture is small, one band."""
    exact = Fraction(scale).limit_denominator(logical_h)
    step = exact.denominator  # logical rows between band edges that fall on whole device rows
    one = [Band(0, logical_h, 0, 0, height)]
    if abs(float(exact) - scale) > 1e-9 or height <= 2 * rows:
        return one
    per_band = max(step, int(rows / scale) // step * step)
    if per_band >= logical_h:
        return one
    margin = math.ceil(margin_px / scale / step) * step
    bands = []
    for top in range(0, logical_h, per_band):
        picture_top = round(top * scale)
        if picture_top >= height:
            break
        first, last = max(0, top - margin), min(logical_h, top + per_band + margin)
        kept = min(round(min(top + per_band, logical_h) * scale), height) - picture_top
        bands.append(Band(first, last - first, round((top - first) * scale), picture_top, kept))
    return bands
