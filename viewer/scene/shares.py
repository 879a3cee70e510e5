"""How a timeline's height is shared: between the two panes and between a pane's lanes, by how
busy each is, and then by what each needs to show its titles. Pure (numpy, no Qt).

Each pane and lane first gets its share by how busy its tracks are (:func:`viewer.scene.lanes.lane_weight`);
then one with rows to spare gives them to one whose titles need more (:func:`shares_by_need`), so a
small window does not leave empty rows in one lane while another hides its titles.
"""

from __future__ import annotations

from viewer.scene.columns import TrackColumns
from viewer.scene.lanes import HEADER_HEIGHT, MIN_ROW_HEIGHT, PaneRect, ROW_HEIGHT, TitleWidths, lay_out_lanes

ROWS_LOOKED_AT = 24
"""At most this many rows are asked for per lane when working out what its titles need."""


def shares_by_need(base: list[float], need: list[float]) -> list[float]:
    """Heights that keep ``base``'s total. When it holds every ``need``, each part gets what it
    needs and the rest is shared as ``base`` shares it (a part with more than it needs gives the
    excess, in proportion, to the parts with less); when it does not, each part gets the same
    share of what it needs, so no pane keeps empty rows while another hides its titles."""
    total = sum(base)
    if not total > 0 or not sum(need) > 0:
        return list(base)
    if sum(need) >= total:
        return [n * total / sum(need) for n in need]
    spare = [max(b - n, 0.0) for b, n in zip(base, need)]
    short = [max(n - b, 0.0) for b, n in zip(base, need)]
    moved = min(sum(spare), sum(short))
    if moved <= 0:
        return list(base)
    return [b - s * moved / sum(spare) + d * moved / sum(short) for b, s, d in zip(base, spare, short)]


def rows_needed(tracks: list[TrackColumns], view: tuple[float, float], scale: float, offset: float, left: float,
                width: float, title_widths: TitleWidths, latest_left: float | None = None) -> list[int]:
    """Rows each lane's marks and titles take at ``view`` when rows are plenty (up to
    ROWS_LOOKED_AT): what its titles need."""
    tall = PaneRect(left, 0.0, width, len(tracks) * (HEADER_HEIGHT + 4 + ROWS_LOOKED_AT * ROW_HEIGHT))
    lanes = lay_out_lanes(tracks, view, scale, offset, tall, title_widths, latest_left, weights=[1.0] * len(tracks))
    return [int(lane.arrays.row.max()) + 1 if len(lane.arrays) else 1 for lane in lanes]


def lane_need_px(rows: int) -> float:
    """Pixels a lane needs for ``rows`` rows of titles, at the tightest row height allowed."""
    return HEADER_HEIGHT + 4 + rows * MIN_ROW_HEIGHT


def lane_heights(base: list[float], rows: list[int], height: float) -> list[float]:
    """The lanes' heights in a pane's ``height``: by :func:`shares_by_need` where every lane's
    titles fit; where they do not, in whole rows at the tightest row height (the rows there are
    shared by what each lane needs, largest remainders first), so no lane is a pixel short of a
    row it could have had."""
    need = [lane_need_px(r) for r in rows]
    if sum(need) <= height or not rows:
        return shares_by_need(base, need)
    chrome = HEADER_HEIGHT + 4
    free_rows = max(int((height - chrome * len(rows)) // MIN_ROW_HEIGHT), len(rows))
    exact = [free_rows * r / sum(rows) for r in rows]
    given = [max(int(e), 1) for e in exact]
    for i in sorted(range(len(rows)), key=lambda i: exact[i] - int(exact[i]), reverse=True):
        if sum(given) >= free_rows:
            break
        given[i] += 1
    heights = [chrome + g * MIN_ROW_HEIGHT for g in given]
    spare = height - sum(heights)
    return [h + spare * h / sum(heights) for h in heights]
