"""Synthetic Factline datasets of realistic shape for benchmarks (format ``factline/1``, JSON).

``write_dataset(n, folder)`` writes ``synthetic-<n>.json`` and the small source snapshot its
quotes are checked against (``synthetic-snapshot.txt``), and returns the dataset's path. The
shape follows what real datasets look like, scaled up:

- four calendar tracks over ~50 years (1970–2020), denser in a few bursty periods;
- ~30% of calendar events are intervals (days to years long), the rest points;
- ~12% of dates are uncertain or approximate (``1990~``, ``1990-05?``, ``199X``, ``1989~/1993~``);
- precisions mix days, months and years;
- one narrative track (about 1% of events, at most 5,000) in ten 50-minute episodes, each plot
  point with a verdict and an ``inspired-by`` link to a real event;
- every event has a citation: a paraphrased note, or (for a few) a verbatim quote from the snapshot.

Deterministic: the same ``n`` and ``seed`` always give the same file.

Run ``python bench/synthetic.py 100000 --out bench/out/data`` to write one by hand.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

SNAPSHOT_NAME = "synthetic-snapshot.txt"
SENTENCES = [
    "The archive holds letters written between 1970 and 2020.",
    "Several of the recorded meetings took place in a small harbour town.",
    "The committee met every spring, usually in the second week of April.",
    "A fire in 1987 destroyed part of the records kept at the old library.",
    "Witnesses disagree about the year the bridge was finally completed.",
    "The first broadcast reached only a few thousand households.",
    "Most of the surviving photographs were taken by a single amateur.",
    "The strike lasted longer than any before it, by most accounts.",
    "Later accounts added details that the earliest reports do not mention.",
    "The novel borrows names from people the author met as a student.",
]
TRACKS = [
    ("politics", "Politics", "#2f7ed8"),
    ("science", "Science", "#0d9488"),
    ("culture", "Culture", "#8b5cf6"),
    ("personal", "Personal life", "#d97706"),
]
WORDS = ("archive meeting letter harbour strike bridge broadcast fire record photo trial "
         "election festival treaty flood launch concert visit protest verdict merger").split()
VERDICTS = ("true", "mostly-true", "inspired", "invented", "unknown")
EPISODES = 10
FIRST_YEAR, LAST_YEAR = 1970, 2020


def _date(rng: random.Random, year: int, month: int, day: int, precision: str) -> str:
    if precision == "year":
        return f"{year:04d}"
    if precision == "month":
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _random_day(rng: random.Random, bursts: list[tuple[float, float]]) -> float:
    """A fractional year in [1970, 2020]: 60% uniform, 40% in a few busy periods."""
    if rng.random() < 0.6:
        return rng.uniform(FIRST_YEAR, LAST_YEAR + 0.999)
    centre, width = rng.choice(bursts)
    return min(max(rng.gauss(centre, width), FIRST_YEAR), LAST_YEAR + 0.999)


def _split(value: float) -> tuple[int, int, int]:
    year = int(value)
    frac = value - year
    month = min(int(frac * 12) + 1, 12)
    day = min(int((frac * 12 - (month - 1)) * 28) + 1, 28)
    return year, month, day


def _calendar_when(rng: random.Random, bursts: list[tuple[float, float]]) -> str:
    start = _random_day(rng, bursts)
    y, m, d = _split(start)
    uncertain = rng.random() < 0.12
    if rng.random() < 0.30:  # an interval
        length = 10 ** rng.uniform(0.5, 3.6) / 365.25  # 3 days to ~11 years
        end = min(start + length, LAST_YEAR + 0.999)
        y2, m2, d2 = _split(end)
        if uncertain:  # uncertain intervals are coarse in practice: 'about 1989 to about 1993'
            y2 = max(y2, y + 1)
            return f"{y:04d}~/{y2:04d}~" if rng.random() < 0.7 else f"{y:04d}?/{y2:04d}"
        precision = rng.choices(("day", "month", "year"), (0.5, 0.3, 0.2))[0]
        a = _date(rng, y, m, d, precision)
        b = _date(rng, y2, m2, d2, precision)
        if b <= a or (precision != "day" and b[:len(a)] == a):
            b = _date(rng, y2 + 1, m2, d2, precision)
        return f"{a}/{b}"
    if uncertain:
        kind = rng.random()
        if kind < 0.4:
            return f"{y:04d}~"
        if kind < 0.7:
            return f"{y:04d}-{m:02d}?"
        if kind < 0.85:
            return f"{str(y)[:3]}X"
        return f"{y:04d}-{m:02d}-{d:02d}~"
    precision = rng.choices(("day", "month", "year"), (0.6, 0.25, 0.15))[0]
    return _date(rng, y, m, d, precision)


def _title(rng: random.Random, i: int) -> str:
    return f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} no. {i}"


def make_dataset(n: int, seed: int = 1) -> dict:
    """The dataset as plain data (JSON-ready) with ``n`` events in all."""
    rng = random.Random(seed)
    bursts = [(rng.uniform(1972, 2018), rng.uniform(0.3, 2.0)) for _ in range(6)]
    narrative_n = max(8, min(n // 100, 5000))
    calendar_n = n - narrative_n
    quotes = 0
    events: list[dict] = []
    for i in range(calendar_n):
        track = TRACKS[rng.choices(range(4), (0.35, 0.25, 0.25, 0.15))[0]][0]
        event: dict = {"id": f"e{i}", "track": track, "title": _title(rng, i), "when": _calendar_when(rng, bursts)}
        if rng.random() < 0.2:
            event["people"] = [f"Person {rng.randrange(500)}"]
        if rng.random() < 0.1:
            event["summary"] = f"What happened at the {rng.choice(WORDS)}, as the sources tell it."
        if quotes < 10 and i % max(calendar_n // 10, 1) == 0:
            event["citations"] = [{"source": "archive", "quote": SENTENCES[quotes]}]
            quotes += 1
        else:
            event["citations"] = [{"source": "register", "note": f"Entry {i} in the register."}]
        events.append(event)
    links: list[dict] = []
    per_episode = max(narrative_n // EPISODES, 1)
    for j in range(narrative_n):
        episode = min(j // per_episode + 1, EPISODES)
        event = {"id": f"p{j}", "track": "screen", "title": f"Scene {j}: the {rng.choice(WORDS)}",
                 "episode": episode, "verdict": rng.choice(VERDICTS),
                 "citations": [{"source": "register", "note": f"Scene {j} as broadcast."}]}
        if rng.random() < 0.8:
            event["minute"] = round(rng.uniform(0, 50), 1)
        else:
            event["order"] = j
        events.append(event)
        if calendar_n:
            link = {"from": f"p{j}", "to": f"e{rng.randrange(calendar_n)}", "type": "inspired-by"}
            if j < 3:
                link["citations"] = [{"source": "archive", "quote": SENTENCES[-1]}]
            links.append(link)
    return {
        "format": "factline/1",
        "title": f"Synthetic benchmark dataset ({n:,} events)",
        "description": "Generated by bench/synthetic.py: realistic shape, invented content.",
        "sources": [
            {"id": "archive", "title": "The town archive", "publisher": "Example Archive", "date": "2021",
             "snapshot": SNAPSHOT_NAME},
            {"id": "register", "title": "The events register", "publisher": "Example Register"},
        ],
        "tracks": [{"id": t, "name": name, "axis": "calendar", "color": colour} for t, name, colour in TRACKS]
        + [{"id": "screen", "name": "On screen", "axis": "narrative", "color": "#c2417a"}],
        "episodes": [{"number": e, "title": f"Part {e}", "minutes": 50} for e in range(1, EPISODES + 1)],
        "events": events,
        "links": links,
    }


def write_dataset(n: int, folder: Path, seed: int = 1) -> Path:
    """Write ``synthetic-<n>.json`` (and the snapshot) into ``folder`` unless already there."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / SNAPSHOT_NAME).write_text("\n".join(SENTENCES) + "\n", encoding="utf-8")
    path = folder / f"synthetic-{n}.json"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as stream:
            json.dump(make_dataset(n, seed), stream, separators=(",", ":"))
        tmp.replace(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="+")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out" / "data")
    args = parser.parse_args()
    for n in args.n:
        print(write_dataset(n, args.out))


if __name__ == "__main__":
    main()
