"""Load and validate a dataset file (TOML or JSON, one schema), verify its quotes. Pure: no Qt.

Every problem is collected before anything is reported, so a user fixes a file in one pass.
Each :class:`Problem` names the file, the item (``event 'iris-killed'``) and the field, and
says what was expected. The file is treated as untrusted: sizes are bounded, nothing is
evaluated, and snapshot paths cannot leave the dataset's folder (see docs/security.md).

Two paths, one outcome: a well-formed file is validated in one pass by msgspec
(:mod:`viewer.dataset.schema`); one that is not is checked item by item with pydantic
(:mod:`viewer.dataset.problems`) to word every problem. Both feed the same :class:`_Builder`,
which resolves references, dates and quotes, and stores the events as columns
(:class:`~viewer.core.model.EventTable`).
"""

from __future__ import annotations

import codecs
import gc
import json
import math
import mmap
import operator
import os
import re
import stat
import sys
import threading
import tomllib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import compress, repeat
from operator import attrgetter
from pathlib import Path
from typing import Any

import msgspec
import numpy as np

from viewer.core import bidi
from viewer.dataset import schema
from viewer.core.dates import NOT_PLAIN, PLAIN_DATE, PLAIN_INTERVAL, EdtfError, parse_date, plain_ranges
from viewer.dataset.slices import (
    EventSlice,
    NotInSlices,
    is_strict_json,
    keys_in_text,
    refuse_repeated_keys,
    reject_constant,
    split_document,
)
from viewer.core.model import (
    FUZZY,
    INTERVAL,
    NO_EXTRAS,
    OPTIONAL_TEXT,
    TEXT,
    VERDICT_CODES,
    AxisKind,
    Citation,
    Dataset,
    Episode,
    EventExtras,
    EventTable,
    Link,
    NarrativePosition,
    Source,
    Stance,
    Track,
    Verdict,
    date_extent,
    id_hashes,
    PackedText,
    Placements,
    QuoteSpans,
    pack_names,
    unpack_names,
    small_int,
    present_text,
    text_column_from_parts,
)
from viewer.dataset.schema import MAX_EVENTS, MAX_FILE_BYTES, MAX_SNAPSHOT_BYTES, TOP_LEVEL, Document
from viewer.core.quotes import NormalisedText, QuoteHint, closest_passage, find_quote, normalise

SUFFIXES = (".toml", ".json")
MAX_PROBLEMS_LISTED = 200
MAX_QUOTED = 80
"""Characters of a file name, key, id or value a problem quotes before it is cut with "…"."""
MAX_MESSAGE = 1000
"""Characters of one problem's message (a quote's closest-passage hint included)."""
MAX_QUOTE_HINTS = 20
"""Quotes not found verbatim that are offered the closest passage (each costs a fuzzy search)."""

_EVENT_FIELDS = ("id", "track", "title", "when", "summary", "citations", "people", "disputed", "inference",
                 "verdict", "episode", "episode_end", "minute", "order")
_CITATION_FIELDS = ("source", "quote", "note", "stance")


def _defaults(row_type: type, names: tuple[str, ...]) -> tuple[object, ...]:
    """Each field's default, in ``names`` order (``msgspec.NODEFAULT`` for a required field);
    fails at import if ``names`` are not exactly the row type's fields."""
    fields = {f.name: f for f in msgspec.structs.fields(row_type)}
    if set(fields) != set(names):
        raise RuntimeError(f"{row_type.__name__} has fields {sorted(fields)}; the bulk builder reads {sorted(names)}")
    return tuple(f.default_factory() if f.default_factory is not msgspec.NODEFAULT else f.default
                 for f in map(fields.__getitem__, names))


_EVENT_DEFAULTS = _defaults(schema.EventRow, _EVENT_FIELDS)
_CITATION_DEFAULTS = _defaults(schema.CitationRow, _CITATION_FIELDS)


def _fields_held(columns: Iterable[list[Any]], defaults: tuple[object, ...]) -> int:
    """How many fields rows hold, from their columns: every value that is not its field's
    default (a required field has none). Each was written with at least one key."""
    return sum(len(column) - (column.count(default) if default is not msgspec.NODEFAULT else 0)
               for column, default in zip(columns, defaults))
_STANCES = {s.value: s for s in Stance}
"""Stance by name: a dict lookup, where calling the enum costs microseconds per citation."""
_STANCE_CODES = {s.value: i for i, s in enumerate(Stance)}
_VERDICTS = {v.value: v for v in Verdict}


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
    hint: QuoteHint | None = None
    """For a quote not found verbatim: the snapshot's closest passage (also described in ``message``)."""

    def __post_init__(self) -> None:
        # A hostile file can put megabytes in a key or an id; whatever quotes it, a message stays
        # short enough to print and to show in a banner without freezing the window.
        for name, limit in (("file", MAX_QUOTED), ("where", MAX_QUOTED + 20), ("field", MAX_QUOTED),
                            ("message", MAX_MESSAGE)):
            value = getattr(self, name)
            if len(value) > limit:
                object.__setattr__(self, name, _clip(value, limit))

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


def load_dataset(path: str | Path, on_progress: Callable[[float], None] | None = None,
                 release_memory: Callable[[], None] | None = None) -> Dataset:
    """Read, validate and resolve a dataset file; raises :class:`DatasetError` with every problem.

    ``on_progress(share)`` is told how much of the work is done (0–1) as a big JSON file is read
    a slice at a time: reading its events is the first :data:`READ_SHARE` of it, working the
    table out (dates, quotes, ids) the rest. Whatever it raises stops the load and propagates.
    ``release_memory()`` is called when much memory has just been freed, before more is needed
    (the app hands it back to the system: :func:`viewer.memory.return_free_memory`)."""
    path = Path(path)
    suffix = path.suffix.lower()
    with gc_paused():
        if suffix == ".json":
            dataset = _load_in_slices(path, on_progress or (lambda share: None), release_memory or (lambda: None))
            if dataset is not None:
                return dataset
            if on_progress is not None:
                on_progress(0.0)  # starting again, the careful way (and a last chance to stop)
        raw = read_document(path)
        return build_dataset(raw, path=path)


def _load_in_slices(path: Path, on_progress: Callable[[float], None],
                    release_memory: Callable[[], None] = lambda: None) -> Dataset | None:
    """A JSON file whose events are read a slice at a time (:mod:`viewer.dataset.slices`): the
    dataset, or None when the file is not fine in every respect (the careful path then reads it
    again, whole, and words every problem). What ``on_progress`` raises propagates."""
    try:
        buffer = read_file(path, _read_into_releasable_memory)
    except DatasetError:
        return None
    try:
        if len(buffer) > MAX_FILE_BYTES:  # it grew while being read
            return None
        view = memoryview(buffer)
        skip = len(codecs.BOM_UTF8) if view[:len(codecs.BOM_UTF8)] == codecs.BOM_UTF8 else 0
        released = [0]
        split = split_document(view[skip:], release=lambda upto: _release_read_pages(buffer, released, skip + upto))
        del view  # the slices hold the file until the last is read: the table is made without it
        if split is None:
            return None
        document, slices = split
        return _Builder(path.name or str(path), path, on_progress, release_memory).build_document(document, slices)
    except _Stopped as stopped:
        raise stopped.__cause__ from None  # type: ignore[misc]
    except Exception:  # noqa: BLE001 (too deep, a surrogate, a bad cut...: the careful path is the authority)
        return None
    finally:
        if isinstance(buffer, mmap.mmap):
            try:
                buffer.close()
            except BufferError:  # a traceback still holds a view of it: it goes with the traceback
                pass


READ_SHARE = 0.8
"""Share of a sliced load's progress that reading the events takes; working out the table after
the last slice (each distinct date, each quote, the ids) is the rest: ~1.5 s of ~8 s at 1M."""


class _Stopped(Exception):
    """``on_progress`` raised (e.g. the user cancelled): the load stops with what it raised."""


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


def read_document(path: Path) -> Document | dict[str, Any]:
    """Parse a .toml or .json file, with size limits and clear errors (see :func:`parse_document`)."""
    return parse_document(read_file(path), path.name or str(path), path.suffix.lower())


def read_file(path: Path, reader: Callable[[Path, int], bytes | mmap.mmap] | None = None) -> bytes | mmap.mmap:
    """A dataset file's bytes, refusing what is not one (wrong type, too big, not a file);
    ``reader(path, limit)`` reads them (default: into a bytes object)."""
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
        data = (reader or _read_at_most)(path, MAX_FILE_BYTES)  # the file may grow after stat()
    except DatasetError:
        raise
    except FileNotFoundError:
        raise DatasetError.single(name, f"file not found: {path}") from None
    except IsADirectoryError:
        raise DatasetError.single(name, f"is a folder, expected a .toml or .json file: {path}") from None
    except OSError as exc:
        raise DatasetError.single(name, f"cannot read file: {exc.strerror or exc}") from None
    return data


def parse_document(data: bytes, name: str, suffix: str) -> Document | dict[str, Any]:
    """Decode bytes of the given type (``.toml``/``.json``): a :class:`~viewer.dataset.schema.Document`
    when a JSON file is well-formed as a whole, else the top-level table as plain data."""
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
            # Syntax first, with the standard parser: it refuses repeated keys, NaN and Infinity
            # (msgspec would keep the last of a repeated key), and builds nothing, which makes it
            # cheap (~1.5 s for a million events). Then msgspec validates the whole file at once.
            json.loads(text, parse_constant=reject_constant, object_pairs_hook=refuse_repeated_keys)
            document = schema.decode_json(text)
            if document is not None:
                return document
            doc = json.loads(text)  # not well-formed: plain data, to report every problem
            if _LONE_SURROGATE_ESCAPE.search(text):
                _refuse_lone_surrogates(doc)
    except tomllib.TOMLDecodeError as exc:
        raise DatasetError.single(name, f"is not valid TOML: {exc}") from None
    except json.JSONDecodeError as exc:
        near = _id_before(text, exc.pos)
        raise DatasetError.single(name, f"is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}"
                                        + (f", near the item with id {near!r})" if near else ")")) from None
    except RecursionError:
        raise DatasetError.single(name, "is nested too deeply to be a dataset") from None
    except ValueError as exc:  # e.g. NaN/Infinity in JSON, or too many digits in an integer
        located = (_locate_long_number(text) or _locate_lone_surrogate(text)
                   or (_locate_json_value_problem(text) if suffix == ".json" else None))
        if located is not None:
            raise DatasetError([Problem(name, *located)]) from None
        raise DatasetError.single(name, f"is not valid {suffix[1:].upper()}: {exc}") from None
    if not isinstance(doc, dict):
        raise DatasetError.single(name, f"top level is a {type(doc).__name__}; expected a table/object")
    return doc


_ID_BEFORE = re.compile(r'(?:"id"\s*:|(?<![\w"])id\s*=)\s*"((?:[^"\\]|\\.){1,200})"')  # JSON or TOML


def _id_before(text: str, pos: int) -> str | None:
    """The last ``"id": "…"`` written before ``pos``: where a syntax error is, for a reader of a
    one-line file of megabytes (a hint only: the id may be a source's or a track's)."""
    last = None
    for match in _ID_BEFORE.finditer(text, max(0, pos - 100_000), pos):
        last = match
    return _clip(last.group(1), 60) if last else None


class _Marked(dict):
    """An object that repeated ``repeated``, kept to say where (see _locate_json_value_problem)."""

    repeated = ""


class _Constant:
    """NaN or Infinity where a value stood, kept to say where."""

    def __init__(self, name: str):
        self.name = name


def _locate_json_value_problem(text: str) -> tuple[str, str, str] | None:
    """(where, field, message) of the first repeated key or NaN/Infinity in a JSON file, found
    by parsing it again with hooks that mark them instead of refusing; None if neither is there.
    Only a file already refused pays for this."""

    def mark(pairs: list[tuple[str, Any]]) -> dict:
        keys = [key for key, _ in pairs]
        if len(set(keys)) == len(keys):
            return dict(pairs)
        marked = _Marked(pairs)
        marked.repeated = next(key for i, key in enumerate(keys) if key in keys[:i])
        return marked

    try:
        doc = json.loads(text, parse_constant=_Constant, object_pairs_hook=mark)
    except (ValueError, RecursionError):
        return None

    def find(value: Any, field: str) -> tuple[str, str] | None:
        if isinstance(value, _Constant):
            return field, f"{value.name} is not a number JSON allows; expected a number"
        if isinstance(value, _Marked):
            key = value.repeated
            return (f"{field}.{key}" if field else key,
                    "is given twice in one object; expected once (JSON readers would silently keep the last)")
        children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for key, child in children:
            found = find(child, f"{field}[{key}]" if isinstance(key, int) else f"{field}.{key}" if field else key)
            if found:
                return found
        return None

    if isinstance(doc, _Marked) or not isinstance(doc, dict):
        found = find(doc, "")
        return ("", *found) if found else None
    for key, value in doc.items():
        noun = {"events": "event", "sources": "source", "tracks": "track", "episodes": "episode", "links": "link"}.get(key)
        if noun and isinstance(value, list):
            for index, item in enumerate(value):
                found = find(item, "")
                if found:
                    return (_describe(noun, index, item), *found)
        else:
            found = find(value, key)
            if found:
                return ("", *found)
    return None


_LONE_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
"""An escaped UTF-16 surrogate (``\\ud800``): fine in a pair, which stands for one character."""


_LONG_NUMBER = re.compile(r"(?<![\w\"'.])[-+]?\d{%d,}" % (sys.get_int_max_str_digits() + 1))
_SURROGATE = re.compile(r"(?<!\\)((?:\\\\)*)\\u([dD][89a-fA-F][0-9a-fA-F]{2})")
_KEY_BEFORE = re.compile(r'(?:"((?:[^"\\]|\\.){1,200})"|([A-Za-z0-9_-]{1,200}))\s*[:=]\s*\[?\s*(?:"(?:[^"\\]|\\.)*)?\Z')


def _locate_long_number(text: str) -> tuple[str, str, str] | None:
    """(where, field, message) for an integer longer than Python reads (4,300 digits), in the
    words of the file: its line and column, the item and key it stands under."""
    match = _LONG_NUMBER.search(text)
    if match is None:
        return None
    digits = len(match.group().lstrip("+-"))
    return _located(text, match.start(), f"is a number of {digits:,} digits; at most "
                                          f"{sys.get_int_max_str_digits():,} can be read")


def _locate_lone_surrogate(text: str) -> tuple[str, str, str] | None:
    """The first ``\\uD800``-style escape that is half of a UTF-16 pair without its other half."""
    matches = list(_SURROGATE.finditer(text))
    for i, match in enumerate(matches):
        code = int(match.group(2), 16)
        start = match.start() + len(match.group(1))
        if code < 0xDC00:  # high half: its low half must follow at once
            following = matches[i + 1] if i + 1 < len(matches) else None
            if following and following.start() + len(following.group(1)) == match.end() and int(following.group(2), 16) >= 0xDC00:
                continue
        else:  # low half: a high half must stand right before it
            before = matches[i - 1] if i else None
            if before and before.end() == start and int(before.group(2), 16) < 0xDC00:
                continue
        return _located(text, start, f"holds \\u{match.group(2)}, half of a UTF-16 surrogate pair without its "
                                     "other half, which stands for no character; remove it or write the character itself")
    return None


def _located(text: str, pos: int, what: str) -> tuple[str, str, str]:
    """(where, field, message) for a problem at offset ``pos`` of a file's text."""
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    key = _KEY_BEFORE.search(text, max(0, pos - 400), pos)
    field = (key.group(1) or key.group(2)) if key else ""
    return _toml_item_at(text, pos) or _near_id(text, pos), field, f"{what} (line {line:,}, column {column:,})"


_TOML_TABLE = re.compile(r"^\s*\[\[\s*(sources|tracks|episodes|events|links)\s*\]\]", re.MULTILINE)
_NOUNS = {"sources": "source", "tracks": "track", "episodes": "episode", "events": "event", "links": "link"}


def _toml_item_at(text: str, pos: int) -> str:
    """``episode #2`` or ``event 'x'`` for a TOML file's array-of-tables item holding ``pos``."""
    headers = [m for m in _TOML_TABLE.finditer(text, 0, pos)]
    if not headers:
        return ""
    section = headers[-1].group(1)
    index = sum(1 for m in headers if m.group(1) == section)
    ident = re.search(r'^\s*id\s*=\s*"([^"\n]{1,200})"', text[headers[-1].end():pos], re.MULTILINE)
    return _describe(_NOUNS[section], index - 1, {"id": ident.group(1)} if ident else None)


def _near_id(text: str, pos: int) -> str:
    near = _id_before(text, pos)
    return f"near the item with id {near!r}" if near else ""


def _refuse_lone_surrogates(doc: Any) -> None:
    """Refuse text holding half of a UTF-16 pair (``"\\ud800"`` alone), which ``json`` accepts
    but which is not a character: it cannot be stored as UTF-8, shown, or exported."""
    try:
        json.dumps(doc, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text holds an unpaired surrogate escape (half of a UTF-16 pair, such as \\ud800)") from None


def _read_into_releasable_memory(path: Path, limit: int) -> bytes | mmap.mmap:
    """The file's bytes in private memory whose pages can be handed back to the system once
    read (:func:`_release_read_pages`), so that a big file is not held whole while its events
    become columns; bytes where that cannot be done (an empty or oversized file, no mmap)."""
    with path.open("rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        if not 0 < size <= limit or not hasattr(mmap, "MAP_ANONYMOUS") or not hasattr(mmap.mmap, "madvise"):
            return stream.read(limit + 1)
        buffer = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
        if stream.readinto(buffer) == size and not stream.read(1):
            return buffer
        stream.seek(0)  # the file changed size while being read: read what it is now
        return stream.read(limit + 1)


def _release_read_pages(buffer: bytes | mmap.mmap, released: list[int], upto: int) -> None:
    """Hand back the pages of ``buffer`` wholly before offset ``upto`` (``released[0]``: how far
    that has been done already). Nothing is read there again."""
    end = upto // mmap.PAGESIZE * mmap.PAGESIZE
    if isinstance(buffer, mmap.mmap) and end > released[0]:
        buffer.madvise(mmap.MADV_DONTNEED, released[0], end - released[0])
        released[0] = end


def _read_at_most(path: Path, limit: int) -> bytes:
    """The file's bytes, but never more than ``limit + 1`` of them (callers report the excess)."""
    with path.open("rb") as stream:
        return stream.read(limit + 1)


def build_dataset(raw: Document | dict[str, Any], path: Path | None = None, name: str | None = None) -> Dataset:
    """Validate a parsed file (a Document, or plain data as parsed from TOML/JSON) and build the
    :class:`Dataset`; raises :class:`DatasetError` with every problem."""
    builder = _Builder(name or (path.name if path else "<dataset>"), path)
    document = raw if isinstance(raw, Document) else schema.convert(raw)
    if document is not None:
        return builder.build_document(document)
    return builder.build_reported(raw)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Resolving references, dates and quotes


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
        if slices is None and len(doc.events) > MAX_EVENTS:
            raise DatasetError.single(self.file, f"has {len(doc.events):,} events; the limit is {MAX_EVENTS:,}", field="events")
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
        if key == "events" and len(items) > MAX_EVENTS:
            self.problem("", key, f"has {len(items):,} events; the limit is {MAX_EVENTS:,}")
            return []
        spec = report.SPECS[noun]
        valid, bad = report.validate_items(items, spec)
        salvaged = {index for index, _ in valid if index in bad}
        for index in sorted(i for i in bad if i >= 0):
            where = _describe(noun, index, items[index])
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

    def _episodes(self, specs: list[tuple[int, Any]]) -> dict[int, Episode]:
        episodes: dict[int, Episode] = {}
        for index, spec in specs:
            if spec.number in episodes:
                self.problem(f"episode #{index + 1}", "number", f"episode {spec.number} is listed twice")
                continue
            episodes[spec.number] = Episode(spec.number, spec.title, spec.minutes)
        return dict(sorted(episodes.items()))

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
                if span is None:
                    # the closest passage costs ~30 ms per million snapshot characters: offered for the first few
                    hint = closest_passage(spec.quote, snapshot) if len(self.problems) < MAX_QUOTE_HINTS else None
                    self.problem(where, f"{prefix}[{i}].quote", f"not found verbatim in the snapshot of source '{spec.source}': "
                                 f"{_clip(spec.quote)!r}" + (f"; {hint.describe()}" if hint else ""), hint)
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
        bulk = _BulkEvents(self, tracks, sources, snapshots, episodes)
        return bulk.table() if bulk.add(specs) else None

    def _events_in_slices(self, slices: Iterable[EventSlice], tracks: dict[str, Any], sources: dict[str, Source],
                          snapshots: dict[str, NormalisedText], episodes: dict[int, Episode]) -> EventTable:
        """A big file's events, read a slice at a time: all in bulk, or :class:`NotInSlices`."""
        bulk = _BulkEvents(self, tracks, sources, snapshots, episodes)
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

    @staticmethod
    def _place(when: str) -> tuple[float, float, float, float, int] | None:
        """(start, end, earliest, latest, flags) of a real event's date; None if it is invalid."""
        try:
            bounds = parse_date(when, remember=False)
        except EdtfError:
            return None
        if bounds.is_interval:
            start = bounds.core_start if math.isfinite(bounds.core_start) else bounds.core_end
            end = bounds.core_end if math.isfinite(bounds.core_end) else start
        else:
            start = end = bounds.position
        return (start, end, *date_extent(bounds, start, end))

    def _events_one_by_one(self, specs: list[Any], tracks: dict[str, Any], sources: dict[str, Source],
                           snapshots: dict[str, NormalisedText], episodes: dict[int, Episode]) -> EventTable:
        """The events as columns, each checked on its own so that every problem is reported."""
        track_index = {track_id: i for i, track_id in enumerate(tracks)}
        source_index = {source_id: i for i, source_id in enumerate(sources)}
        ids: list[str] = []
        track: list[int] = []
        titles: list[str] = []
        start: list[float] = []
        end: list[float] = []
        early: list[float] = []
        late: list[float] = []
        flags: list[int] = []
        when: list[str | None] = []
        summary: list[str | None] = []
        people: list[str | None] = []
        citation_counts: list[int] = []
        cite_source: list[int] = []
        cite_quote: list[str | None] = []
        cite_note: list[str | None] = []
        cite_stance: list[int] = []
        cite_span: list[tuple[int, int]] = []
        extras: dict[int, EventExtras] = {}
        first_index: dict[str, int] = {}
        narrative: list[tuple[int, Any]] = []
        dates: dict[str, tuple[float, float, float, float, int] | str] = {}
        """Placement of each distinct 'when' (or why it is invalid): many events share a date."""
        declared_tracks = self.declared.get("track", set())
        no_span = (-1, -1)
        for index, spec in enumerate(specs):
            event_id = spec.id
            where = f"event '{event_id}'"
            if event_id in first_index:
                self.problem(where, "id", f"duplicate id (first used by event #{first_index[event_id] + 1})")
                continue
            first_index[event_id] = index
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
                narrative.append((len(ids), spec))
                placed = (math.nan, math.nan, math.nan, math.nan, 0)  # placed below, once all are known
            row = len(ids)
            ids.append(event_id)
            track.append(track_index[spec.track])
            titles.append(spec.title)
            start.append(placed[0])
            end.append(placed[1])
            early.append(placed[2])
            late.append(placed[3])
            flags.append(placed[4])
            when.append(spec.when)
            summary.append(spec.summary)
            citation_counts.append(len(cited))
            for source_id, quote, note, stance, span in cited:
                cite_source.append(source_index[source_id])
                cite_quote.append(quote)
                cite_note.append(note)
                cite_stance.append(_STANCE_CODES[stance])
                cite_span.append(span or no_span)
            people.append(pack_names(spec.people))
            if spec.disputed or spec.inference:
                extras[row] = EventExtras(None, spec.disputed, spec.inference)
        verdict = [-1] * len(ids)
        placements = _place_narrative([spec for _, spec in narrative], episodes)
        for (row, spec), (a, b) in zip(narrative, placements):
            start[row], end[row], early[row], late[row] = a, b, a, b
            flags[row] = INTERVAL if b > a else 0
            verdict[row] = VERDICT_CODES[_VERDICTS[spec.verdict]]
            position = NarrativePosition(spec.episode, spec.episode_end, spec.minute, spec.order)
            other = extras.get(row, NO_EXTRAS)
            extras[row] = EventExtras(position, other.disputed, other.inference)
        return EventTable(
            ids=ids, track=track, track_ids=list(tracks), titles=titles, start=start, end=end, early=early, late=late,
            flags=flags, verdict=verdict, when=when, summary=summary, people=people, citation_counts=citation_counts,
            source_ids=list(sources), cite_source=cite_source, cite_quote=cite_quote, cite_note=cite_note,
            cite_stance=cite_stance, cite_span=cite_span, extras=extras,
        )

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
            placed = dates[spec.when] = self._place(spec.when)
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
            runtime = episodes.get(spec.episode, Episode(spec.episode)).minutes
            if spec.minute > runtime:
                self.problem(where, "minute", f"is {spec.minute:g}, past the end of episode {spec.episode} ({runtime:g} minutes)")
                ok = False
        return ok

    # -- links --------------------------------------------------------------------------------

    def _links(self, specs: list[tuple[int, Any]], events: EventTable, sources: dict[str, Source],
               snapshots: dict[str, NormalisedText]) -> list[Link]:
        links = []
        for index, spec in specs:
            where = f"link #{index + 1} ({spec.from_} → {spec.to})"
            ok = True
            for field, target in (("from", spec.from_), ("to", spec.to)):
                if events.row_of(target) is not None:
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
                citations = tuple(Citation(s, q, n, _STANCES[st], sp) for s, q, n, st, sp in cited)
                links.append(Link(spec.from_, spec.to, spec.type, citations, spec.note))
        return links

    def _refused_event(self, event_id: str) -> bool:
        """Whether an event with this id is in the file but was refused (its problems say why)."""
        return any(p.where == f"event '{event_id}'" for p in self.problems)


class _BulkEvents:
    """Events turned into columns in bulk, a slice of rows at a time (one slice holding them all
    for a file read whole), as long as every event is fine: :meth:`add` returns False as soon
    as anything is not, and the careful one-by-one pass then words every problem.

    At a million events each pass over the rows costs a few hundred milliseconds in memory
    traffic alone, so a slice's rows are read once, into columns (``zip(*rows)``), and every
    check after that is a C-speed count, map or numpy call. Each distinct date and quote is
    worked out once, at the end, for all slices."""

    def __init__(self, builder: _Builder, tracks: dict[str, Any], sources: dict[str, Source],
                 snapshots: dict[str, NormalisedText], episodes: dict[int, Episode]):
        self.builder, self.tracks, self.sources, self.snapshots, self.episodes = builder, tracks, sources, snapshots, episodes
        self.track_number = {t: i for i, t in enumerate(tracks)}.__getitem__
        self.narrative_track = np.array([t.axis == "narrative" for t in tracks.values()], dtype=bool)
        self.source_number = {s: i for i, s in enumerate(sources)}.__getitem__
        self.source_type = small_int(len(sources))
        self.date_of: dict[str | None, int] = {None: 0}
        """Number of each distinct date as written (0: none, for plot points)."""
        self.quote_of: dict[tuple[str, str], int] = {}
        """Number of each distinct (source, quote) cited, from 1 (0: a citation with no quote)."""
        self.events = 0
        self.citations = 0
        self.columns: dict[str, list[Any]] = {name: [] for name in (
            "ids", "hashes", "titles", "track", "date", "citation_counts", "cite_source", "quote", "cite_stance")}
        self.texts: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {
            name: [] for name in ("summary", "people", "cite_quote", "cite_note")}
        self.plots: list[tuple[int, NarrativePosition, str]] = []
        """(row, position, verdict) of each plot point: placed at the end, when all are known."""
        self.extras: dict[int, EventExtras] = {}

    def add(self, events: list[Any], text: bytes | None = None) -> bool:
        """Add a slice of rows; False if any of them is not fine. ``text`` is the slice's JSON
        when it has not been checked for repeated keys yet (see :mod:`viewer.dataset.slices`)."""
        n = len(events)
        base = self.events
        if not n or base + n > MAX_EVENTS:
            return False
        # a field at a time: a slice's rows stay in the CPU's caches, and map() runs at C speed
        fields = [list(map(attrgetter(name), events)) for name in _EVENT_FIELDS]
        (ids, track_ids, titles, whens, summaries, citations, people, disputed, inference,
         verdicts, episode, episode_end, minute, order) = fields
        try:
            track = np.fromiter(map(self.track_number, track_ids), np.int16, n)
        except KeyError:
            return False
        plot_rows = np.flatnonzero(self.narrative_track[track]).tolist()
        plots = [events[row] for row in plot_rows]
        date_of = self.date_of
        date_number = np.array([date_of.setdefault(when, len(date_of)) for when in whens], dtype=np.int32)
        # calendar events have a date and none of a plot point's fields; plot points the reverse
        # (counting Nones where most are None: a tuple's count() compares identity first)
        plot_fields = sum(x is not None for e in plots for x in (e.episode_end, e.minute, e.order))
        if (np.count_nonzero(date_number == 0) != len(plots) or any(e.when is not None for e in plots)
                or verdicts.count(None) + len(plots) != n or episode.count(None) + len(plots) != n
                or episode_end.count(None) + minute.count(None) + order.count(None) + plot_fields != 3 * n):
            return False
        if not all(self.builder._check_narrative(f"event '{e.id}'", e, self.episodes) for e in plots):
            return False
        cited = [c for own in citations for c in own]
        cite_fields = [list(map(attrgetter(name), cited)) for name in _CITATION_FIELDS]
        cite_sources, quotes, notes, stances = cite_fields
        if None in notes and None in quotes and any(q is None and t is None for q, t in zip(quotes, notes)):
            return False
        try:
            cite_source = np.fromiter(map(self.source_number, cite_sources), np.int32, len(cited)).astype(self.source_type)
        except KeyError:
            return False
        if text is not None:
            # every key the text holds is a field these rows hold: then none is repeated
            held = _fields_held(fields, _EVENT_DEFAULTS) + _fields_held(cite_fields, _CITATION_DEFAULTS)
            if keys_in_text(text) != held and not is_strict_json(text):
                return False
        quote_of = self.quote_of
        quote_number = np.zeros(len(cited), dtype=np.int32)  # most citations are notes: no quote to find
        quoted = np.fromiter(map(operator.is_not, quotes, repeat(None)), dtype=bool, count=len(cited))
        quote_number[quoted] = [quote_of.setdefault(pair, len(quote_of) + 1)
                                for pair in compress(zip(cite_sources, quotes), quoted.tolist())]
        if disputed.count(None) != n or inference.count(None) != n:
            self.extras.update((base + row, EventExtras(None, d, i))
                               for row, (d, i) in enumerate(zip(disputed, inference)) if d or i)
        self.plots.extend((base + row, NarrativePosition(e.episode, e.episode_end, e.minute, e.order), e.verdict)
                          for row, e in zip(plot_rows, plots))
        for name, column in (("ids", np.array(ids, dtype=TEXT)), ("hashes", id_hashes(ids)),
                             ("titles", PackedText.of(titles)), ("track", track), ("date", date_number),
                             ("citation_counts", np.fromiter(map(len, citations), np.int32, n)),
                             ("cite_source", cite_source), ("quote", quote_number),
                             ("cite_stance", np.fromiter(map(_STANCE_CODES.__getitem__, stances), np.int8, len(cited)))):
            self.columns[name].append(column)
        first_cite = self.citations
        packed = [pack_names(names) if names else None for names in people] if people.count([]) != n else [None] * n
        for name, values, first in (("summary", summaries, base), ("people", packed, base),
                                    ("cite_quote", quotes, first_cite), ("cite_note", notes, first_cite)):
            self.texts[name].append(present_text(values, first))
        self.events += n
        self.citations += len(cited)
        return True

    def table(self, progress: Callable[[float], None] = lambda step: None) -> EventTable | None:
        """The table of every event added; None if there are none, or if one date, quote or id
        is not fine after all. ``progress(step)`` is told how far it has got (0–1), step by step."""
        n = self.events
        if not n:
            return None
        distinct = list(self.date_of)[1:]
        kind, lo, hi = plain_ranges(distinct)
        progress(0.4)  # the shares are what each step took at a million events
        placed = np.empty((len(distinct) + 1, 5))
        placed[0] = (math.nan, math.nan, math.nan, math.nan, 0)  # plot points: placed below
        point, interval = kind == PLAIN_DATE, kind == PLAIN_INTERVAL
        placed[1:][point] = np.column_stack(((lo + hi)[point] / 2, (lo + hi)[point] / 2, lo[point], hi[point],
                                             np.where(hi[point] - lo[point] > 1, FUZZY, 0)))
        placed[1:][interval] = np.column_stack((lo[interval], hi[interval], lo[interval], hi[interval],
                                                np.full(np.count_nonzero(interval), INTERVAL)))
        for number in np.flatnonzero(kind == NOT_PLAIN).tolist():
            place = self.builder._place(distinct[number])
            if place is None:
                return None
            placed[number + 1] = place
        progress(0.6)
        spans = np.full((len(self.quote_of) + 1, 2), -1, dtype=np.int64)
        for (source_id, quote), number in self.quote_of.items():
            snapshot = self.snapshots.get(source_id)
            span = find_quote(quote, snapshot) if snapshot is not None else None
            if span is None:
                return None
            spans[number] = span
        # one column at a time, each piece let go once joined: the peak stays near the table's size
        columns = {}
        for name in list(self.columns):  # each column's pieces are freed, and handed back, before the next is joined
            parts = self.columns.pop(name)
            columns[name] = PackedText.joined(parts) if name == "titles" else _joined(parts)
            self.builder.release_memory()
        progress(0.7)
        # each distinct date is a placement; each plot point gets its own, after them
        codes = columns.pop("date")
        dates = len(placed)
        when = np.full(dates + len(self.plots), None, dtype=OPTIONAL_TEXT)
        when[1:dates] = distinct
        # the dates as written are in a column now: their strings (a few hundred thousand, spread
        # through the heap) go before anything else is made, so the memory they held is free
        # for it (objects made among them would keep that memory from going back to the system)
        del distinct
        self.date_of.clear()
        self.builder.release_memory()
        bounds = np.empty((4, dates + len(self.plots)))
        bounds[:, :dates] = placed[:, :4].T
        flags = np.empty(dates + len(self.plots), dtype=np.uint8)
        flags[:dates] = placed[:, 4]
        verdict = np.full(n, -1, dtype=np.int8)
        extras = self.extras
        positions = [position for _, position, _ in self.plots]
        for code, ((row, position, name), (a, b)) in enumerate(zip(self.plots, _place_narrative(positions, self.episodes)),
                                                              start=dates):
            bounds[:, code] = (a, b, a, b)
            flags[code] = INTERVAL if b > a else 0
            codes[row] = code
            verdict[row] = VERDICT_CODES[_VERDICTS[name]]
            other = extras.get(row, NO_EXTRAS)
            extras[row] = EventExtras(position, other.disputed, other.inference)
        placements = Placements(codes, bounds, flags, when)
        texts = {}
        for name in list(self.texts):
            texts[name] = text_column_from_parts(self.texts.pop(name), n if name in ("summary", "people") else self.citations)
            self.builder.release_memory()
        progress(0.8)
        quoting = np.flatnonzero(columns["quote"])
        table = EventTable(
            ids=columns["ids"], hashes=columns["hashes"], track=columns["track"], track_ids=list(self.tracks),
            titles=columns["titles"], placements=placements, verdict=verdict,
            summary=texts["summary"], people=texts["people"],
            citation_counts=columns["citation_counts"], source_ids=list(self.sources),
            cite_source=columns["cite_source"], cite_stance=columns["cite_stance"],
            cite_quote=texts["cite_quote"], cite_note=texts["cite_note"],
            cite_span=QuoteSpans(quoting, spans[columns["quote"][quoting]]), extras=extras,
        )
        repeated = table.repeated_id()
        progress(1.0)
        return None if repeated is not None else table


def _joined(parts: list[np.ndarray]) -> np.ndarray:
    """The pieces as one array; the list is emptied as they are joined."""
    joined = np.concatenate(parts)
    parts.clear()
    return joined


def _place_narrative(specs: list[Any], episodes: dict[int, Episode]) -> list[tuple[float, float]]:
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
        if isinstance(ident, str) and _VALID_ID.fullmatch(ident):  # else its own problem says why
            return f"{noun} '{_clip(ident)}'"
        if noun == "link" and isinstance(item.get("from"), str) and isinstance(item.get("to"), str):
            return f"link #{index + 1} ({_clip(item['from'], 40)} → {_clip(item['to'], 40)})"
    return f"{noun} #{index + 1}"


_VALID_ID = re.compile(schema.ID_PATTERN)


def _root_field(field: str) -> str:
    """'citations' for 'citations[0].quote', 'when' for 'when'."""
    return field.split(".", 1)[0].split("[", 1)[0]


def _names(mapping: dict[str, Any]) -> str:
    names = list(mapping)
    return ", ".join(f"'{n}'" for n in names[:12]) + (" …" if len(names) > 12 else "") if names else "none defined"


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _first_index(specs: list[tuple[int, Any]], ident: str) -> int:
    return next(i for i, s in specs if s.id == ident)
