"""Load and validate a dataset file (TOML or JSON, one schema), verify its quotes. Pure: no Qt.

Every problem is collected before anything is reported, so a user fixes a file in one pass.
Each :class:`Problem` names the file, the item (``event 'iris-killed'``) and the field, and
says what was expected. The file is treated as untrusted: sizes are bounded, nothing is
evaluated, and snapshot paths cannot leave the dataset's folder (see docs/security.md).
"""

from __future__ import annotations

import datetime
import gc
import threading
import json
import math
import re
import stat
import tomllib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, NotRequired

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, ValidationError, with_config
from typing_extensions import TypedDict  # pydantic needs typing_extensions' TypedDict on Python < 3.12

from viewer.dates import EdtfError, parse_date
from viewer.model import (
    LINK_KINDS,
    AxisKind,
    Citation,
    Dataset,
    Episode,
    Event,
    Link,
    NarrativePosition,
    Source,
    Stance,
    Track,
    Verdict,
)
from viewer.textquote import NormalisedText, find_quote, normalise

FORMAT_VERSION = "factline/1"
SUFFIXES = (".toml", ".json")

# Limits for untrusted files (docs/security.md). Generous for real use, small enough that a
# hostile file fails fast with a message instead of exhausting memory.
MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024
MAX_EVENTS = 2_000_000
MAX_ID = 200
MAX_TITLE = 500
MAX_TEXT = 20_000
MAX_PROBLEMS_LISTED = 200

Id = Annotated[str, StringConstraints(min_length=1, max_length=MAX_ID, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")]
Title = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TITLE)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class SourceSpec(_Spec):
    id: Id
    title: Title
    publisher: Title | None = None
    author: Title | None = None
    date: Annotated[str, StringConstraints(max_length=64)] | None = None
    url: Annotated[str, StringConstraints(max_length=2000, pattern=r"^https?://\S+$")] | None = None
    snapshot: Annotated[str, StringConstraints(min_length=1, max_length=1000)] | None = None


class TrackSpec(_Spec):
    id: Id
    name: Title
    axis: Literal["calendar", "narrative"]
    color: Colour


class EpisodeSpec(_Spec):
    number: Annotated[int, Field(ge=1, le=10_000)]
    title: Title | None = None
    minutes: Annotated[float, Field(gt=0, le=100_000)] = 50.0


class CitationSpec(_Spec):
    source: Id
    quote: Text | None = None
    note: Text | None = None
    stance: Literal["supports", "disputes"] = "supports"


class EventSpec(_Spec):
    id: Id
    track: Id
    title: Title
    summary: Text | None = None
    people: list[Title] = []
    when: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None
    episode: Annotated[int, Field(ge=1, le=10_000)] | None = None
    episode_end: Annotated[int, Field(ge=1, le=10_000)] | None = None
    minute: Annotated[float, Field(ge=0, le=100_000)] | None = None
    order: Annotated[int, Field(ge=0, le=1_000_000)] | None = None
    verdict: Literal["true", "mostly-true", "inspired", "invented", "unknown"] | None = None
    disputed: Text | None = None
    inference: Text | None = None
    citations: Annotated[list[CitationSpec], Field(min_length=1)]


class LinkSpec(_Spec):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)
    from_: Id = Field(alias="from")
    to: Id
    type: Literal[LINK_KINDS]  # type: ignore[valid-type]
    note: Text | None = None
    citations: list[CitationSpec] = []


class HeaderSpec(_Spec):
    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)
    format: Literal["factline/1"]
    title: Title
    description: Text | None = None


_STANCES = {s.value: s for s in Stance}
"""Stance by name: a dict lookup, where calling the enum costs microseconds per citation."""

_TOP_LEVEL = {"format", "title", "description", "sources", "tracks", "episodes", "events", "links"}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a dataset, located well enough to fix without searching."""

    file: str
    where: str
    """The item: ``event 'iris-killed'``, ``event #3``, ``source 'cinemaholic'``, or ``''``."""
    field: str
    """Dotted field path within the item (``citations[0].quote``), or ``''``."""
    message: str
    """What is wrong and what was expected."""

    def __str__(self) -> str:
        return ": ".join(part for part in (self.file, self.where, self.field, self.message) if part)


class DatasetError(Exception):
    """A dataset could not be loaded. ``problems`` lists everything found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = [str(p) for p in problems[:MAX_PROBLEMS_LISTED]]
        if len(problems) > MAX_PROBLEMS_LISTED:
            shown.append(f"… and {len(problems) - MAX_PROBLEMS_LISTED} more problems")
        super().__init__("\n".join(shown))

    @classmethod
    def single(cls, file: str, message: str, where: str = "", field: str = "") -> DatasetError:
        return cls([Problem(file, where, field, message)])


# ---------------------------------------------------------------------------------------------
# Public API


def load_dataset(path: str | Path) -> Dataset:
    """Read, validate and resolve a dataset file; raises :class:`DatasetError` with every problem."""
    path = Path(path)
    with gc_paused():
        raw = read_document(path)
        return build_dataset(raw, path=path)


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = [True]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a dataset is built: a million events are millions
    of new objects, which would trigger dozens of full collections (over half of the load time)
    although none of them can form a cycle."""
    global _gc_pauses
    with _gc_lock:  # a load on the GUI thread may overlap one in the background: count them
        if _gc_pauses == 0:
            _gc_was_enabled[0] = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled[0]:
                gc.enable()


def read_document(path: Path) -> dict[str, Any]:
    """Parse a .toml or .json file into plain Python data, with size limits and clear errors."""
    name = path.name or str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DatasetError.single(name, f"unknown file type {suffix or '(none)'!r}; expected .toml or .json")
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
            raise DatasetError.single(name, f"is not a regular file (a pipe or device would block reading): {path}")
        if info.st_size > MAX_FILE_BYTES:
            raise DatasetError.single(name, f"file is {info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
        data = _read_at_most(path, MAX_FILE_BYTES)  # the file may grow after stat()
    except DatasetError:
        raise
    except FileNotFoundError:
        raise DatasetError.single(name, f"file not found: {path}") from None
    except IsADirectoryError:
        raise DatasetError.single(name, f"is a folder, expected a .toml or .json file: {path}") from None
    except OSError as exc:
        raise DatasetError.single(name, f"cannot read file: {exc.strerror or exc}") from None
    return parse_document(data, name, suffix)


def parse_document(data: bytes, name: str, suffix: str) -> dict[str, Any]:
    """Decode bytes of the given type (``.toml``/``.json``) into a top-level table."""
    if len(data) > MAX_FILE_BYTES:
        raise DatasetError.single(name, f"file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DatasetError.single(name, f"is not UTF-8 text (bad byte at offset {exc.start})") from None
    try:
        if suffix == ".toml":
            doc = tomllib.loads(text)
        else:
            doc = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_object_without_duplicates)
    except tomllib.TOMLDecodeError as exc:
        raise DatasetError.single(name, f"is not valid TOML: {exc}") from None
    except json.JSONDecodeError as exc:
        raise DatasetError.single(name, f"is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise DatasetError.single(name, "is nested too deeply to be a dataset") from None
    except ValueError as exc:  # e.g. NaN/Infinity in JSON, or too many digits in an integer
        raise DatasetError.single(name, f"is not valid {suffix[1:].upper()}: {exc}") from None
    if not isinstance(doc, dict):
        raise DatasetError.single(name, f"top level is a {type(doc).__name__}; expected a table/object")
    return doc


def _reject_constant(value: str) -> Any:
    raise ValueError(f"{value} is not allowed")


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing repeated keys: ``json`` would silently keep the last one, so a
    file could say one thing to a reviewer and another to the app (TOML refuses them too)."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"duplicate key {_clip(key, 60)!r} in one object")
            seen.add(key)
    return obj


def _read_at_most(path: Path, limit: int) -> bytes:
    """The file's bytes, but never more than ``limit + 1`` of them (callers report the excess)."""
    with path.open("rb") as stream:
        return stream.read(limit + 1)


def build_dataset(raw: dict[str, Any], path: Path | None = None, name: str | None = None) -> Dataset:
    """Validate plain data (as parsed from TOML/JSON) and build the :class:`Dataset`."""
    builder = _Builder(name or (path.name if path else "<dataset>"), path)
    return builder.build(raw)


# ---------------------------------------------------------------------------------------------
# Validation


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


# Bulk events: the same rules as EventSpec/CitationSpec, validated as TypedDicts, which pydantic
# checks ~3x faster than it builds models (a million events in seconds, not half a minute). Only
# a list that passes takes this path; any problem falls back to the models, which word it.
_ROW_CONFIG = ConfigDict(extra="forbid", strict=True)
_When = Annotated[str, StringConstraints(min_length=1, max_length=64)]
_EpisodeNumber = Annotated[int, Field(ge=1, le=10_000)]


@with_config(_ROW_CONFIG)
class _CitationDict(TypedDict):
    source: Id
    quote: NotRequired[Text | None]
    note: NotRequired[Text | None]
    stance: NotRequired[Literal["supports", "disputes"]]


@with_config(_ROW_CONFIG)
class _EventDict(TypedDict):
    id: Id
    track: Id
    title: Title
    summary: NotRequired[Text | None]
    people: NotRequired[list[Title]]
    when: NotRequired[_When | None]
    episode: NotRequired[_EpisodeNumber | None]
    episode_end: NotRequired[_EpisodeNumber | None]
    minute: NotRequired[Annotated[float, Field(ge=0, le=100_000)] | None]
    order: NotRequired[Annotated[int, Field(ge=0, le=1_000_000)] | None]
    verdict: NotRequired[Literal["true", "mostly-true", "inspired", "invented", "unknown"] | None]
    disputed: NotRequired[Text | None]
    inference: NotRequired[Text | None]
    citations: Annotated[list[_CitationDict], Field(min_length=1)]


class _CitationRow:
    """A validated citation with CitationSpec's attributes, without a model's construction cost."""

    __slots__ = ("source", "quote", "note", "stance")

    def __init__(self, source: str, quote: str | None = None, note: str | None = None, stance: str = "supports"):
        self.source, self.quote, self.note, self.stance = source, quote, note, stance


class _EventRow:
    """A validated event with EventSpec's attributes (see _CitationRow)."""

    __slots__ = ("id", "track", "title", "summary", "people", "when", "episode", "episode_end", "minute",
                 "order", "verdict", "disputed", "inference", "citations")

    def __init__(self, id: str, track: str, title: str, citations: list[dict[str, Any]], summary: str | None = None,
                 people: list[str] = (), when: str | None = None, episode: int | None = None,  # type: ignore[assignment]
                 episode_end: int | None = None, minute: float | None = None, order: int | None = None,
                 verdict: str | None = None, disputed: str | None = None, inference: str | None = None):
        self.id, self.track, self.title, self.summary, self.people = id, track, title, summary, people
        self.when, self.episode, self.episode_end, self.minute, self.order = when, episode, episode_end, minute, order
        self.verdict, self.disputed, self.inference = verdict, disputed, inference
        self.citations = [_CitationRow(**c) for c in citations]


_EVENT_ROWS: TypeAdapter[Any] | None = None


def _event_rows(items: list[Any]) -> list[tuple[int, Any]] | None:
    """(index, row) for every event if the whole list is valid, else None (use the models)."""
    global _EVENT_ROWS
    if _EVENT_ROWS is None:
        _EVENT_ROWS = TypeAdapter(list[_EventDict])
    try:
        rows = _EVENT_ROWS.validate_python(items)
    except ValidationError:
        return None
    return list(enumerate(_EventRow(**row) for row in rows))


def _list_adapter(spec: type[_Spec]) -> TypeAdapter[Any]:
    if spec not in _ADAPTERS:
        _ADAPTERS[spec] = TypeAdapter(list[spec])  # type: ignore[valid-type]
    return _ADAPTERS[spec]


class _Builder:
    """Collects problems while turning raw data into domain objects."""

    def __init__(self, file: str, path: Path | None):
        self.file = file
        self.path = path
        self.problems: list[Problem] = []
        self.reported: dict[str, set[str]] = {}
        """Fields of each item already reported as malformed: later checks stay quiet about them."""
        self.declared: dict[str, set[str]] = {}
        """Ids each section declares, valid or not: a reference to an item that is in the file
        but was refused is not reported again as 'unknown' (its own problem says why)."""
        self.snapshot_declared: set[str] = set()
        """Sources that name a snapshot, even one that failed to load."""

    def problem(self, where: str, field: str, message: str) -> None:
        if _root_field(field) in self.reported.get(where, ()):
            return  # e.g. 'when' was malformed: no second message saying it is missing
        self.problems.append(Problem(self.file, where, field, message))

    # -- the whole document -------------------------------------------------------------------

    def build(self, raw: dict[str, Any]) -> Dataset:
        for key in sorted(set(raw) - _TOP_LEVEL, key=str):
            self.problem("", str(key), f"unknown field (expected one of: {', '.join(sorted(_TOP_LEVEL))})")
        header = self._header(raw)
        source_specs = self._section(raw, "sources", SourceSpec, "source", required=True)
        track_specs = self._section(raw, "tracks", TrackSpec, "track", required=True)
        episode_specs = self._section(raw, "episodes", EpisodeSpec, "episode", required=False)
        event_specs = self._section(raw, "events", EventSpec, "event", required=True)
        link_specs = self._section(raw, "links", LinkSpec, "link", required=False)

        sources = self._sources(source_specs)
        tracks = self._unique(track_specs, "track")
        episodes = self._episodes(episode_specs)
        snapshots = {sid: normalise(s.text) for sid, s in sources.items() if s.text is not None}
        events = self._events(event_specs, tracks, sources, snapshots, episodes)
        links = self._links(link_specs, events, sources, snapshots)

        if self.problems:
            raise DatasetError(self.problems)
        assert header is not None
        return Dataset(
            path=self.path,
            title=header.title,
            description=header.description,
            sources=sources,
            tracks=tuple(Track(t.id, t.name, AxisKind(t.axis), t.color.lower()) for t in tracks.values()),
            events=tuple(events.values()),
            links=tuple(links),
            episodes=tuple(episodes.values()),
        )

    def _header(self, raw: dict[str, Any]) -> HeaderSpec | None:
        try:
            return HeaderSpec.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                self.problem("", _loc(err["loc"]), _message(err, HeaderSpec))
            return None

    def _section(self, raw: dict[str, Any], key: str, spec: type[_Spec], noun: str, *, required: bool) -> list[tuple[int, Any]]:
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
        if key == "events" and len(items) > MAX_EVENTS:
            self.problem("", key, f"has {len(items):,} events; the limit is {MAX_EVENTS:,}")
            return []
        if spec is EventSpec and (rows := _event_rows(items)) is not None:
            return rows
        try:  # fast path: one call validates the whole list
            return list(enumerate(_list_adapter(spec).validate_python(items)))
        except ValidationError as exc:
            bad: dict[int, list[dict[str, Any]]] = {}
            for err in exc.errors():
                loc = err["loc"]
                index = loc[0] if loc and isinstance(loc[0], int) else -1
                bad.setdefault(index, []).append(err)
        valid: list[tuple[int, Any]] = []
        for index, item in enumerate(items):
            if index not in bad:
                valid.append((index, spec.model_validate(item)))
                continue
            where = _describe(noun, index, item)
            for err in bad[index]:
                self.problem(where, _loc(err["loc"][1:]), _message(err, spec))
            salvaged = _salvage(item, bad[index], spec)
            if salvaged is not None:
                # the rest of the item is still checked (references, dates, quotes), so one slip
                # does not hide its other problems until the next run
                self.reported[where] = {_root_field(_loc(err["loc"][1:])) for err in bad[index]}
                valid.append((index, salvaged))
        for err in bad.get(-1, []):
            self.problem("", key, _message(err, spec))
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

    def _sources(self, specs: list[tuple[int, SourceSpec]]) -> dict[str, Source]:
        sources: dict[str, Source] = {}
        for sid, spec in self._unique(specs, "source").items():
            snapshot_path, text = None, None
            if spec.snapshot is not None:
                self.snapshot_declared.add(sid)
                snapshot_path, text = self._read_snapshot(sid, spec.snapshot)
            if spec.date is not None:
                try:
                    parse_date(spec.date)
                except EdtfError as exc:
                    self.problem(f"source '{sid}'", "date", f"{exc}; expected the publication date, e.g. '2021-08-06' or '2021-08'")
            sources[sid] = Source(sid, spec.title, spec.publisher, spec.author, spec.date, spec.url, snapshot_path, text)
        return sources

    def _read_snapshot(self, sid: str, relative: str) -> tuple[Path | None, str | None]:
        where = f"source '{sid}'"
        folder = (self.path.parent if self.path else Path.cwd()).resolve()
        candidate = Path(relative)
        if candidate.is_absolute() or relative.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", relative):
            self.problem(where, "snapshot", f"{relative!r} is an absolute path; expected a path relative to the dataset's folder")
            return None, None
        if "\x00" in relative:
            self.problem(where, "snapshot", f"{_clip(relative)!r} contains a NUL character; expected a file name")
            return None, None
        try:
            target = (folder / candidate).resolve()  # resolves symlinks too, so links out are caught
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
            self.problem(where, "snapshot", f"{relative!r} cannot be resolved (a symbolic link loop?)")
            return None, None
        if not target.is_relative_to(folder):
            self.problem(where, "snapshot", f"{relative!r} leads outside the dataset's folder ({folder}); snapshots must live inside it")
            return None, None
        try:
            info = target.stat()
            if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
                self.problem(where, "snapshot", f"{relative!r} is not a regular file (a pipe or device would block reading)")
                return None, None
            data = b"" if info.st_size > MAX_SNAPSHOT_BYTES else _read_at_most(target, MAX_SNAPSHOT_BYTES)
            if info.st_size > MAX_SNAPSHOT_BYTES or len(data) > MAX_SNAPSHOT_BYTES:
                size = max(info.st_size, len(data))
                self.problem(where, "snapshot", f"{relative!r} is {size:,} bytes; the limit is {MAX_SNAPSHOT_BYTES:,}")
                return None, None
            return target, data.decode("utf-8-sig")
        except FileNotFoundError:
            self.problem(where, "snapshot", f"file {relative!r} not found next to the dataset")
        except UnicodeDecodeError:
            self.problem(where, "snapshot", f"{relative!r} is not UTF-8 text")
        except OSError as exc:
            self.problem(where, "snapshot", f"cannot read {relative!r}: {exc.strerror or exc}")
        return None, None

    def _episodes(self, specs: list[tuple[int, EpisodeSpec]]) -> dict[int, Episode]:
        episodes: dict[int, Episode] = {}
        for index, spec in specs:
            if spec.number in episodes:
                self.problem(f"episode #{index + 1}", "number", f"episode {spec.number} is listed twice")
                continue
            episodes[spec.number] = Episode(spec.number, spec.title, spec.minutes)
        return dict(sorted(episodes.items()))

    # -- citations ----------------------------------------------------------------------------

    def _citations(self, where: str, specs: Iterable[CitationSpec], sources: dict[str, Source],
                   snapshots: dict[str, NormalisedText], prefix: str = "citations") -> tuple[Citation, ...]:
        result = []
        for i, spec in enumerate(specs):
            field = f"{prefix}[{i}]"
            if spec.quote is None and spec.note is None:
                self.problem(where, field, "needs a 'quote' (verbatim, from a source with a snapshot) or a 'note' (a paraphrase)")
                continue
            source = sources.get(spec.source)
            if source is None and spec.source in self.declared.get("source", ()):
                continue  # the source is in the file but invalid; its own problem is reported
            if source is None:
                self.problem(where, f"{field}.source", f"unknown source '{spec.source}' (expected one of: {_names(sources)})")
                continue
            span = None
            if spec.quote is not None:
                if source.snapshot is None and spec.source not in self.snapshot_declared:
                    self.problem(where, f"{field}.quote", f"source '{spec.source}' has no text snapshot, so it can only be cited with a 'note', not quoted")
                    continue
                snapshot = snapshots.get(spec.source)
                if snapshot is None:  # snapshot failed to load; already reported on the source
                    continue
                span = find_quote(spec.quote, snapshot)
                if span is None:
                    self.problem(where, f"{field}.quote", f"not found verbatim in the snapshot of source '{spec.source}': {_clip(spec.quote)!r}")
                    continue
            result.append(Citation(spec.source, spec.quote, spec.note, _STANCES[spec.stance], span))
        return tuple(result)

    # -- events -------------------------------------------------------------------------------

    def _events(self, specs: list[tuple[int, EventSpec]], tracks: dict[str, TrackSpec], sources: dict[str, Source],
                snapshots: dict[str, NormalisedText], episodes: dict[int, Episode]) -> dict[str, Event]:
        events: dict[str, Event] = {}
        first_index: dict[str, int] = {}
        narrative_pending: list[tuple[int, EventSpec, str, tuple[Citation, ...]]] = []
        for index, spec in specs:
            where = f"event '{spec.id}'"
            if spec.id in first_index:
                self.problem(where, "id", f"duplicate id (first used by event #{first_index[spec.id] + 1})")
                continue
            first_index[spec.id] = index
            track = tracks.get(spec.track)
            if track is None and spec.track not in self.declared.get("track", ()):
                self.problem(where, "track", f"unknown track '{spec.track}' (expected one of: {_names(tracks)})")
            citations = self._citations(where, spec.citations, sources, snapshots)
            if track is None:
                continue
            if track.axis == "calendar":
                event = self._calendar_event(where, spec, citations)
                if event is not None:
                    events[spec.id] = event
            else:
                if self._check_narrative(where, spec, episodes):
                    narrative_pending.append((index, spec, where, citations))
        placed = _place_narrative([p[1] for p in narrative_pending], episodes)
        for (index, spec, where, citations), (start, end) in zip(narrative_pending, placed):
            events[spec.id] = Event(
                id=spec.id, track_id=spec.track, title=spec.title, start=start, end=end, citations=citations,
                summary=spec.summary, people=tuple(spec.people),
                narrative=NarrativePosition(spec.episode, spec.episode_end, spec.minute, spec.order),  # type: ignore[arg-type]
                verdict=Verdict(spec.verdict), disputed=spec.disputed, inference=spec.inference,
            )
        # keep file order
        return {eid: events[eid] for eid in first_index if eid in events}

    def _calendar_event(self, where: str, spec: EventSpec, citations: tuple[Citation, ...]) -> Event | None:
        for name in ("episode", "episode_end", "minute", "order"):
            if getattr(spec, name) is not None:
                self.problem(where, name, f"is for plot points on a narrative track; track '{spec.track}' is a calendar track (use 'when')")
        if spec.verdict is not None:
            self.problem(where, "verdict", f"is for plot points on a narrative track; track '{spec.track}' is a calendar track")
        if spec.when is None:
            self.problem(where, "when", "missing; expected an EDTF date or interval such as '1990-10-21', '1990~' or '1989/1993'")
            return None
        try:
            bounds = parse_date(spec.when)
        except EdtfError as exc:
            self.problem(where, "when", str(exc))
            return None
        if bounds.is_interval:
            start = bounds.core_start if math.isfinite(bounds.core_start) else bounds.core_end
            end = bounds.core_end if math.isfinite(bounds.core_end) else start
        else:
            start = end = bounds.position
        return Event(id=spec.id, track_id=spec.track, title=spec.title, start=start, end=end, citations=citations,
                     summary=spec.summary, people=tuple(spec.people), date=bounds, disputed=spec.disputed,
                     inference=spec.inference)

    def _check_narrative(self, where: str, spec: EventSpec, episodes: dict[int, Episode]) -> bool:
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
            runtime = episodes.get(spec.episode, Episode(spec.episode)).minutes
            if spec.minute > runtime:
                self.problem(where, "minute", f"is {spec.minute:g}, past the end of episode {spec.episode} ({runtime:g} minutes)")
                ok = False
        return ok

    # -- links --------------------------------------------------------------------------------

    def _links(self, specs: list[tuple[int, LinkSpec]], events: dict[str, Event], sources: dict[str, Source],
               snapshots: dict[str, NormalisedText]) -> list[Link]:
        links = []
        for index, spec in specs:
            where = f"link #{index + 1} ({spec.from_} → {spec.to})"
            ok = True
            for field, target in (("from", spec.from_), ("to", spec.to)):
                if target not in events and target in self.declared.get("event", ()):
                    ok = False  # the event is in the file but was refused; its problems say why
                elif target not in events:
                    self.problem(where, field, f"unknown event '{target}'")
                    ok = False
            if spec.from_ == spec.to:
                self.problem(where, "to", "a link must join two different events")
                ok = False
            citations = self._citations(where, spec.citations, sources, snapshots)
            if ok:
                links.append(Link(spec.from_, spec.to, spec.type, citations, spec.note))
        return links


def _place_narrative(specs: list[EventSpec], episodes: dict[int, Episode]) -> list[tuple[float, float]]:
    """Axis coordinates for plot points: episode N spans [N-1, N).

    A minute places a point at its share of the running time; points without one are spread
    evenly through their episode by ``order`` (then file order), so they do not sit on top of
    each other. ``episode_end`` makes a bar to the end of that episode.
    """
    unplaced: dict[int, list[int]] = {}
    for i, spec in enumerate(specs):
        if spec.minute is None and spec.episode_end is None:
            unplaced.setdefault(spec.episode, []).append(i)  # type: ignore[arg-type]
    spread: dict[int, float] = {}
    for episode, members in unplaced.items():
        members.sort(key=lambda i: (specs[i].order if specs[i].order is not None else math.inf, i))
        for rank, i in enumerate(members):
            spread[i] = (rank + 1) / (len(members) + 1)
    placed = []
    for i, spec in enumerate(specs):
        base = spec.episode - 1  # type: ignore[operator]
        if spec.minute is not None:
            runtime = episodes.get(spec.episode, Episode(spec.episode)).minutes  # type: ignore[arg-type]
            start = base + min(spec.minute / runtime, 0.999)
        elif spec.episode_end is not None:
            start = float(base)
        else:
            start = base + spread[i]
        end = float(spec.episode_end) if spec.episode_end is not None else start
        placed.append((start, end))
    return placed


# ---------------------------------------------------------------------------------------------
# Message helpers


def _describe(noun: str, index: int, item: Any) -> str:
    """``event 'iris-killed'`` when the item has a usable id, else ``event #4``."""
    if isinstance(item, dict):
        ident = item.get("id")
        if isinstance(ident, str) and 0 < len(ident) <= MAX_ID:
            return f"{noun} '{ident}'"
        if noun == "link" and isinstance(item.get("from"), str) and isinstance(item.get("to"), str):
            return f"link #{index + 1} ({_clip(item['from'], 40)} → {_clip(item['to'], 40)})"
    return f"{noun} #{index + 1}"


def _loc(loc: Iterable[Any]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def _message(err: dict[str, Any], spec: type[_Spec]) -> str:
    kind = err["type"]
    value = err.get("input")
    if kind == "extra_forbidden":
        model = _model_at(spec, err["loc"])
        allowed = ", ".join(f.alias or n for n, f in model.model_fields.items()) if model else ""
        return f"unknown field (expected one of: {allowed})"
    if kind == "missing":
        return "missing; this field is required"
    if isinstance(value, (datetime.date, datetime.time)):  # TOML's bare dates: 'when = 1990-10-21'
        return f"is a TOML date ({value.isoformat()}); write dates as quoted EDTF strings, e.g. \"{value.isoformat()}\""
    if kind == "literal_error":
        return f"{_clip(repr(value))} is not allowed; expected {err['ctx']['expected']}"
    if kind == "string_pattern_mismatch":
        field = str(err["loc"][-1])
        expected = {"color": "a colour like '#1f77b4'", "url": "an http:// or https:// address"}.get(field, "letters, digits and . _ : - (starting with a letter or digit)")
        return f"{_clip(repr(value))} is not valid; expected {expected}"
    if kind == "string_too_long":
        return f"is {len(value):,} characters long; at most {err['ctx']['max_length']:,}"
    if kind == "string_too_short":
        return "is empty; expected some text"
    if kind == "too_short":
        return "is empty; expected at least one entry"
    return f"{_clip(repr(value))}: {err['msg'][0].lower()}{err['msg'][1:]}" if value is not None and not isinstance(value, (dict, list)) else err["msg"]


def _model_at(spec: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model that owns the last field in ``loc`` (to list its allowed fields)."""
    model: type[BaseModel] | None = spec
    for part in loc[:-1]:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(part)
        if field is None:
            return model
        annotation = field.annotation
        args = getattr(annotation, "__args__", ())
        model = next((a for a in (annotation, *args) if isinstance(a, type) and issubclass(a, BaseModel)), None)
    return model


def _root_field(field: str) -> str:
    """'citations' for 'citations[0].quote', 'when' for 'when'."""
    return field.split(".", 1)[0].split("[", 1)[0]


def _salvage(item: Any, errors: list[dict[str, Any]], spec: type[_Spec]) -> Any | None:
    """The item without its malformed fields (and malformed citations), if what is left is valid."""
    if not isinstance(item, dict):
        return None
    cleaned = dict(item)
    bad_citations: set[int] = set()
    for err in errors:
        loc = err["loc"][1:]
        if not loc or not isinstance(loc[0], str):
            return None
        if loc[0] == "citations" and len(loc) > 1 and isinstance(loc[1], int):
            bad_citations.add(loc[1])
        else:
            cleaned.pop(loc[0], None)
    if bad_citations and isinstance(cleaned.get("citations"), list):
        cleaned["citations"] = [c for i, c in enumerate(cleaned["citations"]) if i not in bad_citations]
    try:
        return spec.model_validate(cleaned)
    except ValidationError:
        return None


def _names(mapping: dict[str, Any]) -> str:
    names = list(mapping)
    return ", ".join(f"'{n}'" for n in names[:12]) + (" …" if len(names) > 12 else "") if names else "none defined"


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _first_index(specs: list[tuple[int, Any]], ident: str) -> int:
    return next(i for i, s in specs if s.id == ident)
