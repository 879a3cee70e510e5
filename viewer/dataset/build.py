"""Validated rows to a :class:`~viewer.core.model.Dataset`: references, dates and quotes resolved,
every problem collected before anything is reported, so a user fixes a file in one pass.

A well-formed file is validated in one pass by msgspec (:mod:`viewer.dataset.schema`); one that is
not is checked item by item with pydantic (:mod:`viewer.dataset.problems`) to word every problem.
Both come to :class:`_Builder`, which hands the events to the bulk path
(:mod:`viewer.dataset.bulk`) and, when anything is not fine, checks them one by one."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

from viewer.core import bidi
from viewer.core.dates import DateBounds, EdtfError, parse_date
from viewer.core.model import (AxisKind, Citation, Dataset, Episode, EventExtras, EventTable, Link, NarrativePosition,
                               Source, Track, pack_names, unpack_names)
from viewer.core.quotes import NormalisedText, QuoteHint, closest_passage, cut_words, find_quote, normalise
from viewer.dataset import schema
from viewer.dataset.bulk import _BulkEvents
from viewer.dataset.errors import DatasetError, Problem, clip, describe_item
from viewer.dataset.read import SnapshotError, decode_snapshot, read_snapshot_bytes, snapshot_target
from viewer.dataset.rows import STANCE_CODES, STANCES, place_date, placed_plot_points, with_position
from viewer.dataset.schema import TOP_LEVEL, Document
from viewer.dataset.slices import EventSlice, NotInSlices

MAX_QUOTE_HINTS = 20
"""Quotes not found verbatim that are offered the closest passage (each costs a fuzzy search)."""


READ_SHARE = 0.8
"""Share of a sliced load's progress that reading the events takes; working out the table after
the last slice (each distinct date, each quote, the ids) is the rest: ~1.5 s of ~8 s at 1M when
this was set, ~0.5 s of ~3.7 s since the dates are worked out many at a time."""


class _Stopped(Exception):
    """``on_progress`` raised (e.g. the user cancelled): the load stops with what it raised."""


def build_dataset(raw: Document | dict[str, Any], path: Path | None = None, name: str | None = None) -> Dataset:
    """Validate a parsed file (a Document, or plain data as parsed from TOML/JSON) and build the
    :class:`Dataset`; raises :class:`DatasetError` with every problem."""
    builder = _Builder(name or (path.name if path else "<dataset>"), path)
    document = raw if isinstance(raw, Document) else schema.convert(raw)
    if document is not None:
        return builder.build_document(document)
    return builder.build_reported(raw)  # type: ignore[arg-type]


class _Builder:
    """Collects problems while turning validated rows into the dataset."""

    def __init__(self, file: str, path: Path | None, on_progress: Callable[[float], None] = lambda share: None,
                 release_memory: Callable[[], None] = lambda: None):
        self.file = file
        self.path = path
        self.on_progress = on_progress
        """Told the share of a big file's load done so far (see :func:`load_dataset`)."""
        self.release_memory = release_memory
        self.problems: list[Problem] = []
        self.reported: dict[str, set[str]] = {}
        """Fields of each item already reported as malformed: later checks stay quiet about them."""
        self.declared: dict[str, set[str]] = {}
        """Ids each section declares, valid or not: a reference to an item that is in the file
        but was refused is not reported again as 'unknown' (its own problem says why)."""
        self.snapshot_declared: set[str] = set()
        """Sources that name a snapshot, even one that failed to load."""
        self._quotes: dict[tuple[str, str], tuple[int, int] | None] = {}
        """Where each (source, quote) was found: a quote cited twice is searched for once."""

    def problem(self, where: str, field: str, message: str, hint: QuoteHint | None = None) -> None:
        if _root_field(field) in self.reported.get(where, ()):
            return  # e.g. 'when' was malformed: no second message saying it is missing
        self.problems.append(Problem(self.file, where, field, message, hint))

    def _refuse_bidi_controls(self, title: str, description: str | None, sources: dict[str, Source],
                              tracks: dict[str, Any], episodes: dict[int, Episode], table: EventTable | None,
                              links: list[Link]) -> None:
        """Report text that holds a bidi control (:mod:`viewer.core.bidi`): shown, it would read
        differently from what the file says. Ids cannot hold one (their pattern is ASCII)."""
        def check(where: str, field: str, text: str | None) -> None:
            if text and (index := bidi.first_control(text)) is not None:
                self.problem(where, field, bidi.problem_text(text, index))

        check("", "title", title)
        check("", "description", description)
        for sid, source in sources.items():
            for name in ("title", "publisher", "author"):
                check(f"source '{sid}'", name, getattr(source, name))
        for tid, track in tracks.items():
            check(f"track '{tid}'", "name", track.name)
        for number, episode in episodes.items():
            check(f"episode {number}", "title", episode.title)
        for index, link in enumerate(links):
            check(f"link #{index + 1} ({link.from_id} → {link.to_id})", "note", link.note)
        if table is not None:
            self._refuse_bidi_in_table(table)

    def _refuse_bidi_in_table(self, table: EventTable) -> None:
        columns = (("title", table.titles, False), ("summary", table.summary, False), ("people", table.people, False),
                   ("citations[].quote", table.cite_quote, True), ("citations[].note", table.cite_note, True))
        for field, column, per_citation in columns:
            found = column.first_bidi_control()
            if found is None:
                continue
            row, index = found
            event = int(np.searchsorted(table.citation_offsets, row, side="right")) - 1 if per_citation else row
            if per_citation:
                field = field.replace("[]", f"[{row - int(table.citation_offsets[event])}]")
            text = column[row] or ""
            if field == "people":  # packed names: say which one
                field, text = next((f"people[{k}]", name) for k, name in enumerate(unpack_names(text))
                                   if bidi.first_control(name) is not None)
                index = bidi.first_control(text) or 0
            self.problem(f"event '{table.ids[event]}'", field, bidi.problem_text(text, index))
        for row, extras in table.extras.items():
            for name in ("disputed", "inference"):
                text = getattr(extras, name)
                if text and (index := bidi.first_control(text)) is not None:
                    self.problem(f"event '{table.ids[row]}'", name, bidi.problem_text(text, index))

    # -- the whole document -------------------------------------------------------------------

    def build_document(self, doc: Document, slices: Iterable[EventSlice] | None = None) -> Dataset:
        """A file that is well-formed as a whole (the fast path); with ``slices``, its events
        come a slice at a time from them instead (raises :class:`NotInSlices` if one is not fine)."""
        if slices is None and len(doc.events) > schema.MAX_EVENTS:
            raise DatasetError.single(self.file, f"has {len(doc.events):,} events; the limit is {schema.MAX_EVENTS:,}", field="events")
        for noun, items in (("source", doc.sources), ("track", doc.tracks)):
            self.declared[noun] = {item.id for item in items}
        self.declared["event"] = set()  # every event is well-formed: a missing one is unknown
        return self._resolve(doc.title, doc.description, list(enumerate(doc.sources)), list(enumerate(doc.tracks)),
                             list(enumerate(doc.episodes)), doc.events if slices is None else slices,
                             list(enumerate(doc.links)))

    def build_reported(self, raw: dict[str, Any]) -> Dataset:
        """A file with problems in its structure: check each item, word every problem."""
        from viewer.dataset import problems as schema_report  # pydantic: imported only when a file needs it

        for key in sorted(set(raw) - TOP_LEVEL, key=str):
            self.problem("", str(key), f"unknown field (expected one of: {', '.join(sorted(TOP_LEVEL))})")
        header, problems = schema_report.header_problems(raw)
        for field, message in problems:
            self.problem("", field, message)
        sections = [self._section(raw, key, noun, required, schema_report)
                    for key, noun, required in (("sources", "source", True), ("tracks", "track", True),
                                                ("episodes", "episode", False), ("events", "event", True),
                                                ("links", "link", False))]
        sources, tracks, episodes, events, links = sections
        return self._resolve(header.title if header else "", header.description if header else None,
                             sources, tracks, episodes, [spec for _, spec in events], links)

    def _resolve(self, title: str, description: str | None, source_specs: list[tuple[int, Any]],
                 track_specs: list[tuple[int, Any]], episode_specs: list[tuple[int, Any]],
                 event_specs: list[Any] | Iterable[EventSlice], link_specs: list[tuple[int, Any]]) -> Dataset:
        sources = self._sources(source_specs)
        tracks = self._unique(track_specs, "track")
        episodes = self._episodes(episode_specs)
        snapshots = {sid: normalise(s.text) for sid, s in sources.items() if s.text is not None}
        table = self._events(event_specs, tracks, sources, snapshots, episodes)
        links = self._links(link_specs, table, sources, snapshots)
        self._refuse_bidi_controls(title, description, sources, tracks, episodes, table, links)
        if self.problems:
            raise DatasetError(self.problems)
        return Dataset(
            path=self.path,
            title=title,
            description=description,
            sources=sources,
            tracks=tuple(Track(t.id, t.name, AxisKind(t.axis), t.color.lower()) for t in tracks.values()),
            events=table,
            links=tuple(links),
            episodes=tuple(episodes.values()),
        )

    def _section(self, raw: dict[str, Any], key: str, noun: str, required: bool, report: Any) -> list[tuple[int, Any]]:
        """Validate a list of tables; returns (index, spec) for the valid ones, records the rest."""
        items = raw.get(key)
        self.declared[noun] = {
            item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)
        } if isinstance(items, list) else set()
        if items is None:
            if required:
                self.problem("", key, f"missing; expected a list of {noun}s ([[{key}]] tables)")
            return []
        if not isinstance(items, list):
            self.problem("", key, f"is a {type(items).__name__}; expected a list of {noun}s ([[{key}]] tables)")
            return []
        if key == "events" and len(items) > schema.MAX_EVENTS:
            self.problem("", key, f"has {len(items):,} events; the limit is {schema.MAX_EVENTS:,}")
            return []
        spec = report.SPECS[noun]
        valid, bad = report.validate_items(items, spec)
        salvaged = {index for index, _ in valid if index in bad}
        for index in sorted(i for i in bad if i >= 0):
            where = describe_item(noun, index, items[index])
            for err in bad[index]:
                self.problem(where, report.loc(err["loc"][1:]), report.message(err, spec))
            if index in salvaged:
                # the rest of the item is still checked (references, dates, quotes), so one slip
                # does not hide its other problems until the next run
                self.reported[where] = {_root_field(report.loc(err["loc"][1:])) for err in bad[index]}
        for err in bad.get(-1, []):
            self.problem("", key, report.message(err, spec))
        return valid

    def _unique(self, specs: list[tuple[int, Any]], noun: str) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for index, spec in specs:
            if spec.id in seen:
                self.problem(f"{noun} '{spec.id}'", "id", f"duplicate id (also used by {noun} #{_first_index(specs, spec.id) + 1})")
                continue
            seen[spec.id] = spec
        return seen

    # -- sources and snapshots ------------------------------------------------------------------

    def _sources(self, specs: list[tuple[int, Any]]) -> dict[str, Source]:
        sources: dict[str, Source] = {}
        for sid, spec in self._unique(specs, "source").items():
            snapshot_path, text = None, None
            if spec.snapshot is not None:
                self.snapshot_declared.add(sid)
                snapshot_path, text = self._read_snapshot(sid, spec.snapshot, spec.sha256)
            for field, value, meaning in (("date", spec.date, "the publication date"),
                                          ("retrieved", spec.retrieved, "the date the snapshot was taken")):
                if value is None:
                    continue
                try:
                    parse_date(value)
                except EdtfError as exc:
                    self.problem(f"source '{sid}'", field, f"{exc}; expected {meaning}, e.g. '2021-08-06' or '2021-08'")
            sources[sid] = Source(sid, spec.title, spec.publisher, spec.author, spec.date, spec.url, snapshot_path, text,
                                  spec.retrieved, spec.snapshot if snapshot_path is not None else None)
        return sources

    def _read_snapshot(self, sid: str, relative: str, sha256: str | None) -> tuple[Path | None, str | None]:
        folder = (self.path.parent if self.path else Path.cwd()).resolve()
        try:
            target = snapshot_target(folder, relative)
            data = read_snapshot_bytes(target, relative)
            if sha256 is not None:  # a mismatch: the snapshot changed since the source was cited
                actual = hashlib.sha256(data).hexdigest()
                if actual != sha256:
                    self.problem(f"source '{sid}'", "sha256", f"the snapshot {relative!r} has changed since it was "
                                 f"cited: its SHA-256 is {actual[:12]}…, the dataset expects {sha256[:12]}…")
            return target, decode_snapshot(data, relative)
        except SnapshotError as exc:
            self.problem(f"source '{sid}'", "snapshot", str(exc))
            return None, None

    def _episodes(self, specs: list[tuple[int, Any]]) -> dict[int, Episode]:
        episodes: dict[int, Episode] = {}
        for index, spec in specs:
            if spec.number in episodes:
                self.problem(f"episode #{index + 1}", "number", f"episode {spec.number} is listed twice")
                continue
            episodes[spec.number] = Episode(spec.number, spec.title, spec.minutes, self._aired(index, spec))
        return dict(sorted(episodes.items()))

    def _aired(self, index: int, spec: Any) -> DateBounds | None:
        """The episode's air date, parsed; a bad one is a problem of that episode's ``aired``."""
        if spec.aired is None:
            return None
        try:
            return parse_date(spec.aired)
        except EdtfError as exc:
            self.problem(f"episode #{index + 1}", "aired", f"{exc}; expected the date it was first shown, e.g. '2021-08-06'")
            return None

    # -- citations ----------------------------------------------------------------------------

    def _citations(self, where: str, specs: Iterable[Any], sources: dict[str, Source],
                   snapshots: dict[str, NormalisedText], prefix: str = "citations") -> list[tuple[str, str | None, str | None, str, tuple[int, int] | None]]:
        """(source id, quote, note, stance, span) of each valid citation; problems for the rest."""
        result = []
        for i, spec in enumerate(specs):
            if spec.quote is None and spec.note is None:
                self.problem(where, f"{prefix}[{i}]", "needs a 'quote' (verbatim, from a source with a snapshot) or a 'note' (a paraphrase)")
                continue
            source = sources.get(spec.source)
            if source is None and spec.source in self.declared.get("source", ()):
                continue  # the source is in the file but invalid; its own problem is reported
            if source is None:
                self.problem(where, f"{prefix}[{i}].source", f"unknown source '{spec.source}' (expected one of: {_names(sources)})")
                continue
            span = None
            if spec.quote is not None:
                if source.snapshot is None and spec.source not in self.snapshot_declared:
                    self.problem(where, f"{prefix}[{i}].quote", f"source '{spec.source}' has no text snapshot, so it can only be cited with a 'note', not quoted")
                    continue
                snapshot = snapshots.get(spec.source)
                if snapshot is None:  # snapshot failed to load; already reported on the source
                    continue
                key = (spec.source, spec.quote)
                if key not in self._quotes:
                    self._quotes[key] = find_quote(spec.quote, snapshot)
                span = self._quotes[key]
                # told for the first few, as the closest passage is: each is a search of the snapshot
                if span is None and len(self.problems) < MAX_QUOTE_HINTS and (cut := cut_words(spec.quote, snapshot)):
                    self.problem(where, f"{prefix}[{i}].quote", f"{clip(spec.quote)!r} is in the snapshot of source "
                                 f"'{spec.source}' but {cut}")
                    continue
                if span is None:
                    # the closest passage costs ~30 ms per million snapshot characters: offered for the first few
                    hint = closest_passage(spec.quote, snapshot) if len(self.problems) < MAX_QUOTE_HINTS else None
                    self.problem(where, f"{prefix}[{i}].quote", f"not found verbatim in the snapshot of source '{spec.source}': "
                                 f"{clip(spec.quote)!r}" + (f"; {hint.describe()}" if hint else ""), hint)
                    continue
            result.append((spec.source, spec.quote, spec.note, spec.stance, span))
        return result

    # -- events -------------------------------------------------------------------------------

    def _events(self, specs: list[Any] | Iterable[EventSlice], tracks: dict[str, Any], sources: dict[str, Source],
                snapshots: dict[str, NormalisedText], episodes: dict[int, Episode]) -> EventTable:
        """The events as columns, in file order."""
        if not isinstance(specs, list):
            return self._events_in_slices(specs, tracks, sources, snapshots, episodes)
        reported = len(self.problems)
        table = self._events_in_bulk(specs, tracks, sources, snapshots, episodes)
        if table is not None:
            return table
        del self.problems[reported:]  # the careful pass below finds them again, with the rest
        return self._events_one_by_one(specs, tracks, sources, snapshots, episodes)

    def _events_in_bulk(self, specs: list[Any], tracks: dict[str, Any], sources: dict[str, Source],
                        snapshots: dict[str, NormalisedText], episodes: dict[int, Episode]) -> EventTable | None:
        """The columns, made a field at a time across all events, if every event is fine; None as
        soon as anything is not (the one-by-one pass then words every problem)."""
        bulk = _BulkEvents(self._check_narrative, self.release_memory, tracks, sources, snapshots, episodes)
        return bulk.table() if bulk.add(specs) else None

    def _events_in_slices(self, slices: Iterable[EventSlice], tracks: dict[str, Any], sources: dict[str, Source],
                          snapshots: dict[str, NormalisedText], episodes: dict[int, Episode]) -> EventTable:
        """A big file's events, read a slice at a time: all in bulk, or :class:`NotInSlices`."""
        bulk = _BulkEvents(self._check_narrative, self.release_memory, tracks, sources, snapshots, episodes)
        for piece in slices:
            if not bulk.add(piece.rows, piece.text):
                raise NotInSlices
            done = piece.done
            del piece  # only one slice alive while the next is decoded
            self._report(done * READ_SHARE)
        table = bulk.table(lambda step: self._report(READ_SHARE + (1 - READ_SHARE) * step))
        if table is None:
            raise NotInSlices
        return table

    def _report(self, share: float) -> None:
        try:
            self.on_progress(share)
        except BaseException as exc:
            raise _Stopped from exc

    def _events_one_by_one(self, specs: list[Any], tracks: dict[str, Any], sources: dict[str, Source],
                           snapshots: dict[str, NormalisedText], episodes: dict[int, Episode]) -> EventTable:
        """The events as columns, each checked on its own so that every problem is reported."""
        columns = _CarefulColumns(tracks, sources)
        first_index: dict[str, int] = {}
        narrative: list[tuple[int, Any]] = []
        dates: dict[str, tuple[float, float, float, float, int] | str] = {}
        """Placement of each distinct 'when' (or why it is invalid): many events share a date."""
        declared_tracks = self.declared.get("track", set())
        for index, spec in enumerate(specs):
            where = f"event '{spec.id}'"
            if spec.id in first_index:
                self.problem(where, "id", f"duplicate id (first used by event #{first_index[spec.id] + 1})")
                continue
            first_index[spec.id] = index
            kind = tracks.get(spec.track)
            if kind is None and spec.track not in declared_tracks:
                self.problem(where, "track", f"unknown track '{spec.track}' (expected one of: {_names(tracks)})")
            cited = self._citations(where, spec.citations, sources, snapshots)
            if kind is None:
                continue
            if kind.axis == "calendar":
                placed = self._calendar_place(where, spec, dates)
                if placed is None:
                    continue
            else:
                if not self._check_narrative(where, spec, episodes):
                    continue
                narrative.append((len(columns.ids), spec))
                placed = (math.nan, math.nan, math.nan, math.nan, 0)  # placed below, once all are known
            columns.add(spec, placed, cited)
        columns.place_plot_points(narrative, episodes)
        return columns.table()

    def _calendar_place(self, where: str, spec: Any, dates: dict[str, Any]) -> tuple[float, float, float, float, int] | None:
        """(start, end, earliest, latest, flags) of a real event, or None after reporting why not."""
        if spec.episode is not None or spec.episode_end is not None or spec.minute is not None or spec.order is not None:
            for name in ("episode", "episode_end", "minute", "order"):
                if getattr(spec, name) is not None:
                    self.problem(where, name, f"is for plot points on a narrative track; track '{spec.track}' is a calendar track (use 'when')")
        if spec.verdict is not None:
            self.problem(where, "verdict", f"is for plot points on a narrative track; track '{spec.track}' is a calendar track")
        if spec.when is None:
            self.problem(where, "when", "missing; expected an EDTF date or interval such as '1990-10-21', '1990~' or '1989/1993'")
            return None
        placed = dates.get(spec.when)
        if placed is None:
            placed = dates[spec.when] = place_date(spec.when)
        if placed is None:
            try:
                parse_date(spec.when)
            except EdtfError as exc:  # only for the message
                self.problem(where, "when", str(exc))
        return placed

    def _check_narrative(self, where: str, spec: Any, episodes: dict[int, Episode]) -> bool:
        ok = True
        if spec.when is not None:
            self.problem(where, "when", f"is for calendar tracks; track '{spec.track}' is a narrative track (use 'episode')")
            ok = False
        if spec.episode is None:
            self.problem(where, "episode", "missing; expected the episode number (1 for a film)")
            return False
        if spec.verdict is None:
            self.problem(where, "verdict", "missing; every plot point needs one of: true, mostly-true, inspired, invented, unknown")
            ok = False
        if spec.episode_end is not None and spec.episode_end < spec.episode:
            self.problem(where, "episode_end", f"is {spec.episode_end}, before episode {spec.episode}; expected ≥ {spec.episode}")
            ok = False
        if spec.minute is not None:
            listed = episodes.get(spec.episode)
            runtime = (listed or Episode(spec.episode)).minutes
            if spec.minute > runtime:
                # an episode the file does not list is taken to run the default length: say so,
                # and how to give a film or a long episode its own
                why = "" if listed else (f", the length of an episode the dataset does not list: add episode "
                                         f"{spec.episode} with its running time (an [[episodes]] entry, or Edit ▸ Add episode…)")
                self.problem(where, "minute", f"is {spec.minute:g}, past the end of episode {spec.episode} ({runtime:g} minutes{why})")
                ok = False
        return ok

    # -- links --------------------------------------------------------------------------------

    def _links(self, specs: list[tuple[int, Any]], events: EventTable, sources: dict[str, Source],
               snapshots: dict[str, NormalisedText]) -> list[Link]:
        links, targets = [], [target for _, spec in specs for target in (spec.from_, spec.to)]
        known = set(events.ids[events.rows_of(targets)].tolist())  # at once: one by one, 10,000 cost ~60 ms
        for index, spec in specs:
            where, ok = f"link #{index + 1} ({spec.from_} → {spec.to})", True
            for field, target in (("from", spec.from_), ("to", spec.to)):
                if target in known:
                    continue
                ok = False
                if target not in self.declared.get("event", ()) and not self._refused_event(target):
                    self.problem(where, field, f"unknown event '{target}'")
                # else the event is in the file but was refused, and its own problems say why
            if spec.from_ == spec.to:
                self.problem(where, "to", "a link must join two different events")
                ok = False
            cited = self._citations(where, spec.citations, sources, snapshots)
            if ok:
                citations = tuple(Citation(s, q, n, STANCES[st], sp) for s, q, n, st, sp in cited)
                links.append(Link(spec.from_, spec.to, spec.type, citations, spec.note))
        return links

    def _refused_event(self, event_id: str) -> bool:
        """Whether an event with this id is in the file but was refused (its problems say why)."""
        return any(p.where == f"event '{event_id}'" for p in self.problems)


def _root_field(field: str) -> str:
    """'citations' for 'citations[0].quote', 'when' for 'when'."""
    return field.split(".", 1)[0].split("[", 1)[0]


def _names(mapping: dict[str, Any]) -> str:
    names = list(mapping)
    return ", ".join(f"'{n}'" for n in names[:12]) + (" …" if len(names) > 12 else "") if names else "none defined"


def _first_index(specs: list[tuple[int, Any]], ident: str) -> int:
    return next(i for i, s in specs if s.id == ident)


class _CarefulColumns:
    """The careful pass's columns, an event at a time (the bulk path builds them a field at a time)."""

    def __init__(self, tracks: dict[str, Any], sources: dict[str, Source]):
        self.tracks, self.sources = tracks, sources
        self.track_index = {track_id: i for i, track_id in enumerate(tracks)}
        self.source_index = {source_id: i for i, source_id in enumerate(sources)}
        self.ids: list[str] = []
        self.track: list[int] = []
        self.titles: list[str] = []
        self.start: list[float] = []
        self.end: list[float] = []
        self.early: list[float] = []
        self.late: list[float] = []
        self.flags: list[int] = []
        self.verdict: list[int] = []
        self.when: list[str | None] = []
        self.summary: list[str | None] = []
        self.people: list[str | None] = []
        self.citation_counts: list[int] = []
        self.cite_source: list[int] = []
        self.cite_quote: list[str | None] = []
        self.cite_note: list[str | None] = []
        self.cite_stance: list[int] = []
        self.cite_span: list[tuple[int, int]] = []
        self.extras: dict[int, EventExtras] = {}

    def add(self, spec: Any, placed: tuple[float, float, float, float, int], cited: list[Any]) -> None:
        row = len(self.ids)
        self.ids.append(spec.id)
        self.track.append(self.track_index[spec.track])
        self.titles.append(spec.title)
        for column, value in zip((self.start, self.end, self.early, self.late, self.flags), placed):
            column.append(value)
        self.verdict.append(-1)
        self.when.append(spec.when)
        self.summary.append(spec.summary)
        self.citation_counts.append(len(cited))
        for source_id, quote, note, stance, span in cited:
            self.cite_source.append(self.source_index[source_id])
            self.cite_quote.append(quote)
            self.cite_note.append(note)
            self.cite_stance.append(STANCE_CODES[stance])
            self.cite_span.append(span or (-1, -1))
        self.people.append(pack_names(spec.people))
        if spec.disputed or spec.inference:
            self.extras[row] = EventExtras(None, spec.disputed, spec.inference)

    def place_plot_points(self, narrative: list[tuple[int, Any]], episodes: dict[int, Episode]) -> None:
        """Place the plot points (rows given with their specs) once all are known."""
        specs = [spec for _, spec in narrative]
        placed_points = placed_plot_points(specs, [spec.verdict for spec in specs], episodes)
        for (row, spec), (a, b, flag, code) in zip(narrative, placed_points):
            self.start[row], self.end[row], self.early[row], self.late[row] = a, b, a, b
            self.flags[row], self.verdict[row] = flag, code
            with_position(self.extras, row, NarrativePosition(spec.episode, spec.episode_end, spec.minute, spec.order))

    def table(self) -> EventTable:
        return EventTable(
            ids=self.ids, track=self.track, track_ids=list(self.tracks), titles=self.titles, start=self.start,
            end=self.end, early=self.early, late=self.late, flags=self.flags, verdict=self.verdict, when=self.when,
            summary=self.summary, people=self.people, citation_counts=self.citation_counts,
            source_ids=list(self.sources), cite_source=self.cite_source, cite_quote=self.cite_quote,
            cite_note=self.cite_note, cite_stance=self.cite_stance, cite_span=self.cite_span, extras=self.extras,
        )
