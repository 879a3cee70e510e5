"""Factline's synthetic dataset as vis-timeline items, for the peer benchmark (bench/peers/run.js).

``write_items(n, data_dir, out_dir)`` loads ``synthetic-<n>.json`` (bench/synthetic.py) with
Factline's own loader, so both programs place every event at the same spot, and writes
``items-<n>.js``: one script that sets ``window.FACTLINE_ITEMS`` to

- ``groups``: the dataset's tracks (``{id, content}``), in file order;
- ``calendar`` and ``narrative``: each ``{range: [lo, hi], items: [[id, group, title, start,
  end or null], ...]}`` in milliseconds, ``range`` being the full range Factline's window shows
  on that pane (its data extent plus the same margins). Calendar days become milliseconds since
  1970; an episode of the narrative clock becomes one hour (vis-timeline has one time axis, so
  the plot points get a second Timeline on the same page, as Factline gives them a second pane).

An interval (``1989/1993``) is a range item; a point a box item (vis-timeline's defaults).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent.parent), str(HERE.parent)]

import synthetic  # noqa: E402  (bench/synthetic.py)

DAY_MS = 86_400_000.0
EPISODE_MS = 3_600_000.0


def _full_range(lo: float, hi: float, kind: str, episodes: int) -> tuple[float, float]:
    """The full range of Factline's pane (viewer.qt.timeline.view.TimelineView.full_range)."""
    from viewer.qt.timeline.view import LABEL_ROOM, MARGIN

    if kind == "narrative":
        return -0.05 * episodes, episodes * (1 + LABEL_ROOM / 2)
    span = max(hi - lo, 30.0)
    return lo - span * MARGIN, hi + span * LABEL_ROOM


def convert(path: Path) -> dict:
    """The dataset at ``path`` as vis-timeline groups and items (see the module's docstring)."""
    import numpy as np

    from viewer.core.model import INTERVAL, AxisKind
    from viewer.dataset.load import load_dataset

    dataset = load_dataset(path)
    table = dataset.events
    start, end, _early, _late, flags = table.placed()
    titles = table.titles.tolist()
    by_id = {t.id: t for t in dataset.tracks}
    axis_of = {i: by_id[track_id].axis for i, track_id in enumerate(table.track_ids)}
    out: dict = {"groups": [{"id": t.id, "content": t.name} for t in dataset.tracks]}
    for kind, axis, scale in (("calendar", AxisKind.CALENDAR, DAY_MS), ("narrative", AxisKind.NARRATIVE, EPISODE_MS)):
        tracks = [i for i, a in axis_of.items() if a is axis]
        rows = np.flatnonzero(np.isin(table.track, tracks))
        items = []
        for row in rows.tolist():
            interval = bool(flags[row] & INTERVAL) and end[row] > start[row]
            items.append([str(table.ids[row]), table.track_ids[table.track[row]], titles[row],
                          round(float(start[row]) * scale), round(float(end[row]) * scale) if interval else None])
        lo = float(start[rows].min()) if len(rows) else 0.0
        hi = float(np.max(np.where(np.isfinite(end[rows]), end[rows], start[rows]))) if len(rows) else 365.0
        a, b = _full_range(lo, hi, kind, len(dataset.episodes))
        out[kind] = {"range": [a * scale, b * scale], "items": items}
    return out


def write_items(n: int, data_dir: Path, out_dir: Path) -> Path:
    """Write ``items-<n>.js`` into ``out_dir`` (from ``synthetic-<n>.json``) unless already there."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"items-{n}.js"
    if not target.exists():
        data = convert(synthetic.write_dataset(n, data_dir))
        tmp = target.with_suffix(".tmp")
        tmp.write_text("window.FACTLINE_ITEMS = " + json.dumps(data, separators=(",", ":")) + ";\n", encoding="utf-8")
        tmp.replace(target)
    return target


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="+")
    parser.add_argument("--data", type=Path, default=HERE.parent / "out" / "data")
    parser.add_argument("--out", type=Path, default=HERE.parent / "out" / "peers")
    args = parser.parse_args()
    for n in args.n:
        print(write_items(n, args.data, args.out))


if __name__ == "__main__":
    main()
