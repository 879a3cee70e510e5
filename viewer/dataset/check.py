"""``factline check``: validate datasets, verify quotes, report. Pure: no Qt."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from viewer.dataset.load import DatasetError, Problem, load_dataset
from viewer.core.dates import iso_from_days
from viewer.core.model import AxisKind, Citation, Dataset, Event
from viewer.core.words import count, number


def run_check(paths: list[str], as_json: bool) -> tuple[int, str]:
    """Check each dataset; returns (exit code, text to print). Exit 0 only when all are valid."""
    reports: list[dict[str, Any]] = []
    lines: list[str] = []
    ok = True
    for name in paths:
        try:
            dataset = load_dataset(name)
        except DatasetError as exc:
            ok = False
            reports.append({"file": name, "valid": False, "problems": [_problem_json(p) for p in exc.problems]})
            lines.append(f"{name}: INVALID — {count(len(exc.problems), 'problem')}:")
            lines.extend(f"  {line}" for line in str(exc).splitlines())
            continue
        if as_json:  # every event in words: only when asked for (10 times the load at 100k)
            reports.append({"file": name, "valid": True, **dataset_to_json(dataset)})
        else:
            lines.extend(summary_lines(name, dataset))
    if as_json:
        return (0 if ok else 1), json.dumps({"datasets": reports}, ensure_ascii=False, indent=2)
    return (0 if ok else 1), "\n".join(lines)


def _problem_json(problem: Problem) -> dict[str, Any]:
    out: dict[str, Any] = {"file": problem.file, "where": problem.where, "field": problem.field,
                           "message": problem.message}
    if problem.hint is not None:  # a quote not found verbatim: the snapshot's closest passage
        hint = problem.hint
        out["hint"] = {"score": hint.score, "passage": hint.passage, "offsets": list(hint.span),
                       "differences": [{"quote": quoted, "source": source} for quoted, source in hint.differences]}
    return out


def summary_lines(name: str, dataset: Dataset) -> list[str]:
    per_track = dataset.events.track_counts()
    # from the columns: making a million Event objects to count them would take seconds
    table = dataset.events
    link_citations = [c for link in dataset.links for c in link.citations]
    quotes = sum(q is not None for q in table.cite_quote.tolist()) + sum(c.quote is not None for c in link_citations)
    verified = table.verified_quotes() + sum(c.span is not None for c in link_citations)
    citations = len(table.cite_source) + len(link_citations)
    lines = [f"{name}: OK — {dataset.title}",
             f"  {count(len(dataset.events), 'event')}, {count(len(dataset.links), 'link')}, "
             f"{count(len(dataset.sources), 'source')}"]
    for track in dataset.tracks:
        lines.append(f"  {track.name} ({track.axis.value}): {count(per_track.get(track.id, 0), 'event')}")
    lines.append(f"  quotes verified: {number(verified)}/{number(quotes)}; paraphrased notes: {number(citations - quotes)}")
    counts = dataset.verdict_counts()
    total = sum(counts.values())
    if total:
        lines.append("  verdicts: " + ", ".join(f"{v.label.lower()} {number(n)}" for v, n in counts.items() if n))
    return lines


def _number(value: float) -> float | None:
    return None if math.isinf(value) or math.isnan(value) else float(value)


def _relative(snapshot: Path | None, dataset_path: Path | None) -> str | None:
    """The snapshot path as the dataset names it: relative to the dataset's folder."""
    if snapshot is None:
        return None
    if dataset_path is None:
        return Path(snapshot).name
    try:
        return Path(snapshot).relative_to(dataset_path.resolve().parent).as_posix()
    except ValueError:
        return Path(snapshot).name


def _citation_json(c: Citation) -> dict[str, Any]:
    return {"source": c.source_id, "quote": c.quote, "note": c.note, "stance": c.stance.value,
            "verified": c.span is not None, "offsets": list(c.span) if c.span else None}


def event_to_json(dataset: Dataset, event: Event) -> dict[str, Any]:
    axis = dataset.track(event.track_id).axis
    out: dict[str, Any] = {"id": event.id, "track": event.track_id, "axis": axis.value, "title": event.title}
    if axis is AxisKind.CALENDAR and event.date is not None:
        d = event.date
        out["when"] = d.edtf
        # numeric bounds are days since 1970-01-01; ends are exclusive; null = open end
        out["bounds"] = {k: _number(getattr(d, k)) for k in
                         ("start_earliest", "start_latest", "end_earliest", "end_latest")}
        out["earliest"] = iso_from_days(d.start_earliest)
        # the last day the exclusive end includes (a date-time ends a second after its instant)
        out["latest"] = iso_from_days(math.ceil(d.end_latest) - 1) if math.isfinite(d.end_latest) else None
        out["approximate"], out["uncertain"], out["precision"] = d.approximate, d.uncertain, d.precision
    elif event.narrative is not None:
        n = event.narrative
        out["position"] = {"episode": n.episode, "episode_end": n.episode_end, "minute": n.minute, "order": n.order}
        out["earliest"], out["latest"] = event.start, event.end
    out["summary"] = event.summary
    out["people"] = list(event.people)
    out["verdict"] = event.verdict.value if event.verdict else None
    out["disputed"] = event.disputed
    out["inference"] = event.inference
    out["citations"] = [_citation_json(c) for c in event.citations]
    out["links"] = [{"type": l.kind, "from": l.from_id, "to": l.to_id} for l in dataset.links_of(event.id)]
    return out


def dataset_to_json(dataset: Dataset) -> dict[str, Any]:
    return {
        "title": dataset.title,
        "sources": [{"id": s.id, "title": s.title, "publisher": s.publisher, "author": s.author, "date": s.date,
                     "url": s.url, "snapshot": _relative(s.snapshot, dataset.path)}
                    for s in dataset.sources.values()],
        "tracks": [{"id": t.id, "name": t.name, "axis": t.axis.value, "color": t.color} for t in dataset.tracks],
        "events": [event_to_json(dataset, e) for e in dataset.events],
        "links": [{"type": l.kind, "from": l.from_id, "to": l.to_id, "note": l.note,
                   "citations": [_citation_json(c) for c in l.citations]} for l in dataset.links],
        "verdicts": {v.value: n for v, n in dataset.verdict_counts().items()},
    }
