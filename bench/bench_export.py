"""Export benchmark: seconds to write a 4K (3840×2160) PNG of the whole timeline.

``export_4k_seconds(dataset)`` is the function other benchmarks import; it needs nothing but a
Dataset (it starts an offscreen QApplication if there is none). ``synthetic_dataset(n)`` builds a
dataset in code of the usual shape: four calendar tracks over 50 years, ~30% intervals, some
uncertain dates, one narrative track of plot points linked to real events.

Run: ``python bench/bench_export.py [N ...]`` (default 1000 100000).
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from viewer.core.dates import parse_date  # noqa: E402
from viewer.core.model import AxisKind, Citation, Dataset, Episode, Event, Link, NarrativePosition, Source, Track, Verdict  # noqa: E402

WIDTH, HEIGHT = 3840, 2160
CALENDAR_TRACKS = (("politics", "Politics", "#2f7ed8"), ("science", "Science", "#0d9488"),
                   ("culture", "Culture", "#8b5cf6"), ("personal", "Personal life", "#d97706"))
EPISODES = 10


def _app():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_API", "pyside6")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["bench_export"])


def export_4k_seconds(dataset: Dataset, columns: dict | None = None) -> float:
    """Wall-clock seconds to render and write the whole timeline as a 3840×2160 PNG; ``columns``:
    the window's columns, which the app's Export passes on (without them they are built again)."""
    _app()
    from viewer.qt.export.sheet import ExportOptions, export

    with tempfile.TemporaryDirectory(prefix="factline-bench-") as folder:
        started = time.perf_counter()
        export(dataset, Path(folder) / "bench-4k.png", ExportOptions(width=WIDTH, height=HEIGHT), columns=columns)
        return time.perf_counter() - started


def synthetic_dataset(n: int, seed: int = 1) -> Dataset:
    """``n`` events: ~1% plot points (at most 5,000) on one narrative track, the rest on four
    calendar tracks in 1970–2020, 30% of them intervals and ~12% approximate or uncertain."""
    rng = random.Random(seed)
    source = Source("bench", "Synthetic benchmark source", publisher="Factline bench", date="2024")
    cite = (Citation("bench", note="Synthetic."),)
    tracks = tuple(Track(tid, name, AxisKind.CALENDAR, colour) for tid, name, colour in CALENDAR_TRACKS)
    tracks += (Track("screen", "On screen", AxisKind.NARRATIVE, "#c2417a"),)
    plots = min(max(n // 100, 1), 5000)
    events: list[Event] = []
    for i in range(n - plots):
        year = rng.randint(1970, 2019)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        if rng.random() < 0.3:
            end_year = min(year + rng.choice((0, 0, 1, 2, 5)), 2020)
            end_month = rng.randint(month, 12) if end_year == year else rng.randint(1, 12)
            text = f"{year:04d}-{month:02d}/{end_year:04d}-{end_month:02d}"
        else:
            text = rng.choice((f"{year:04d}", f"{year:04d}-{month:02d}", f"{year:04d}-{month:02d}-{day:02d}"))
        if rng.random() < 0.12 and "/" not in text:
            text += rng.choice(("~", "?"))
        bounds = parse_date(text)
        start = bounds.core_start
        end = bounds.core_end if bounds.is_interval else start
        events.append(Event(f"e{i}", CALENDAR_TRACKS[i % len(CALENDAR_TRACKS)][0], f"Event {i} {rng.choice(WORDS)}",
                            start, end, cite, date=bounds))
    links = []
    verdicts = list(Verdict)
    for j in range(plots):
        episode = rng.randint(1, EPISODES)
        minute = rng.uniform(0, 50)
        position = episode - 1 + minute / 50
        events.append(Event(f"p{j}", "screen", f"Plot point {j} {rng.choice(WORDS)}", position, position, cite,
                            narrative=NarrativePosition(episode, minute=minute), verdict=rng.choice(verdicts)))
        links.append(Link(f"p{j}", f"e{rng.randrange(n - plots)}", "inspired-by"))
    return Dataset(None, f"Synthetic timeline, {n:,} events", {"bench": source}, tracks, tuple(events),
                   tuple(links), tuple(Episode(k) for k in range(1, EPISODES + 1)))


WORDS = ("archive meeting letter harbour strike bridge broadcast fire record photo trial "
         "election festival treaty flood launch concert visit protest verdict merger").split()


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [1000, 100_000]
    _app()
    export_4k_seconds(synthetic_dataset(100))  # warm-up: imports, fonts, first paint
    for n in sizes:
        dataset = synthetic_dataset(n)
        runs = [export_4k_seconds(dataset) for _ in range(3)]
        print(f"4K PNG export, {n:>7,} events: {min(runs):.2f} s best, {sorted(runs)[1]:.2f} s median of 3")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
