"""The dataset's domain objects: frozen, plain, and free of Qt.

A :class:`Dataset` is what :mod:`viewer.dataset.load` builds from a file after validating it and
verifying every quote; views only read it. Selection and visible ranges are view state
(:mod:`viewer.qt.state`), never fields here.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, compress, repeat
from enum import Enum
from pathlib import Path

import numpy as np
from numpy.dtypes import StringDType

from viewer.core import bidi
from viewer.core.dates import DateBounds, parse_date


class AxisKind(str, Enum):
    """Which clock a track runs on."""

    CALENDAR = "calendar"
    NARRATIVE = "narrative"


class Verdict(str, Enum):
    """How true to life a plot point is, as its citations justify."""

    TRUE = "true"
    MOSTLY_TRUE = "mostly-true"
    INSPIRED = "inspired"
    INVENTED = "invented"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {"true": "True", "mostly-true": "Mostly true", "inspired": "Inspired",
                "invented": "Invented", "unknown": "Unknown"}[self.value]

    @property
    def meaning(self) -> str:
        """What the verdict says, in the words of docs/dataset-format.md (the app's legend,
        tooltips and overview all read it here)."""
        return {"true": "Happened as shown.", "mostly-true": "Real, with small changes.",
                "inspired": "Draws on a real event or person, but changed.",
                "invented": "No real basis in the sources.", "unknown": "The sources do not say."}[self.value]


class Stance(str, Enum):
    """Whether a citation backs the event's claim or contradicts it."""

    SUPPORTS = "supports"
    DISPUTES = "disputes"


LINK_KINDS = ("inspired-by", "based-on", "named-after", "parallels", "contrasts-with")
"""Typed relations a link may have; ``from`` is the plot point, ``to`` the real event."""


@dataclass(frozen=True, slots=True)
class Source:
    """A published source. Only one with a local text snapshot can be quoted verbatim."""

    id: str
    title: str
    publisher: str | None = None
    author: str | None = None
    date: str | None = None
    """Publication date as written (EDTF), e.g. ``2021-08``."""
    url: str | None = None
    snapshot: Path | None = None
    """Absolute path of the text snapshot, resolved inside the dataset's folder."""
    text: str | None = field(default=None, repr=False)
    """The snapshot's text, as read from disk (quotes' offsets index into this)."""
    retrieved: str | None = None
    """When the snapshot was taken, as written (EDTF): a citation's retrieval date."""
    snapshot_name: str | None = None
    """The snapshot's path as the file gives it (relative to the dataset's folder): where a copy
    of the dataset puts it, since :attr:`snapshot` has its symbolic links followed."""

    @property
    def citation_line(self) -> str:
        """'Title — Publisher, 2021-08' for footers and the detail panel."""
        parts = [self.title]
        tail = ", ".join(p for p in (self.publisher, self.author, self.date) if p)
        return f"{parts[0]} — {tail}" if tail else parts[0]


@dataclass(frozen=True, slots=True)
class Track:
    """A named, coloured lane on one of the two clocks."""

    id: str
    name: str
    axis: AxisKind
    color: str
    """``#rrggbb``."""


@dataclass(frozen=True, slots=True)
class Episode:
    """One episode (or a film, as a single episode) of the narrative axis."""

    number: int
    title: str | None = None
    minutes: float = 50.0
    """Running time, used to place events given by minute."""
    aired: DateBounds | None = None
    """When it was first shown (EDTF), if known: only exports use it (TimelineJS3 places plot points there)."""


@dataclass(frozen=True, slots=True)
class Citation:
    """A source backing (or disputing) an event or link: a verbatim quote or a paraphrase."""

    source_id: str
    quote: str | None = None
    """Verbatim text, only for sources with a snapshot; verified on load."""
    note: str | None = None
    """Our own short paraphrase, for sources without a snapshot (or beside a quote)."""
    stance: Stance = Stance.SUPPORTS
    span: tuple[int, int] | None = None
    """Character offsets [start, end) of the quote in the source's snapshot text."""


@dataclass(frozen=True, slots=True)
class NarrativePosition:
    """Where a plot point sits in the story: an episode, optionally a minute or an order."""

    episode: int
    episode_end: int | None = None
    minute: float | None = None
    order: int | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened, in real life or on screen, with its citations."""

    id: str
    track_id: str
    title: str
    start: float
    """Axis coordinate of the start: days since 1970 (calendar) or episode units (narrative)."""
    end: float
    """Axis coordinate of the end; equal to ``start`` for point events."""
    citations: tuple[Citation, ...]
    summary: str | None = None
    people: tuple[str, ...] = ()
    date: DateBounds | None = None
    """Calendar events only."""
    narrative: NarrativePosition | None = None
    """Narrative events only."""
    verdict: Verdict | None = None
    """Plot points only."""
    disputed: str | None = None
    """Why the sources disagree about this event, when they do."""
    inference: str | None = None
    """Set when the event or its date is our inference, not a source's statement: the reasoning."""

    @property
    def is_interval(self) -> bool:
        return self.end > self.start


@dataclass(frozen=True, slots=True)
class Link:
    """A typed relation from one event (usually a plot point) to another (a real event)."""

    from_id: str
    to_id: str
    kind: str
    citations: tuple[Citation, ...] = ()
    note: str | None = None


# ---------------------------------------------------------------------------------------------
# Events as columns

TEXT = StringDType()
"""Text column of short strings (ids): UTF-8, up to 15 bytes stored inline in 16-byte slots."""
OPTIONAL_TEXT = StringDType(na_object=None)
"""Text column whose missing entries are ``None``."""


def _offsets_type(total: int) -> type:
    return np.uint32 if total < 2**32 else np.int64


class PackedText:
    """A column of text (titles, notes, summaries) as one UTF-8 buffer and where each entry
    starts in it: an entry costs its bytes plus 4. (numpy's StringDType costs a 16-byte slot,
    plus an 8-byte header, for every string longer than 15 bytes: 50 bytes for a 26-byte title.)
    ``column[i]`` is a str, or None for a missing entry."""

    __slots__ = ("_data", "_offsets", "_missing", "_ascii")

    def __init__(self, data: bytes | bytearray, offsets: np.ndarray, missing: np.ndarray | None, ascii: bool):
        self._data = data
        self._offsets = offsets
        """Entry i is ``_data[_offsets[i]:_offsets[i + 1]]``."""
        self._missing = missing
        """True where an entry is None (None when none is)."""
        self._ascii = ascii
        """Every entry is ASCII: byte offsets are character offsets (whole-column reads decode once)."""

    @classmethod
    def of(cls, values: Iterable[str | None]) -> PackedText:
        values = values if isinstance(values, list) else list(values)
        try:
            joined = "".join(values)  # refuses a None: cheaper than looking for one first
        except TypeError:
            missing = np.fromiter(map(operator.is_, values, repeat(None)), dtype=bool, count=len(values))
            values = ["" if v is None else v for v in values]
            return cls._of_joined(values, "".join(values), missing if missing.any() else None)
        return cls._of_joined(values, joined, None)

    @classmethod
    def _of_joined(cls, values: list[str], joined: str, missing: np.ndarray | None) -> PackedText:
        """The column of ``values`` (``joined`` is them joined), None where ``missing``."""
        if joined.isascii():
            data = joined.encode("ascii")
            lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
        else:  # surrogatepass: a table built in code may hold what a file never could
            encoded = [v.encode("utf-8", "surrogatepass") for v in values]
            data = b"".join(encoded)
            lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(values))
        offsets = np.zeros(len(values) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        return cls(data, offsets.astype(_offsets_type(len(data))), missing, joined.isascii())

    @classmethod
    def joined(cls, parts: list[PackedText]) -> PackedText:
        """The parts, one after another, as one column. The list is emptied."""
        if not parts:
            return cls.of([])
        sizes = np.cumsum([0] + [len(p._data) for p in parts])
        offsets = np.empty(sum(len(p) for p in parts) + 1, dtype=_offsets_type(int(sizes[-1])))
        offsets[0], at = 0, 1
        for part, base in zip(parts, sizes[:-1].tolist()):
            offsets[at:at + len(part)] = part._offsets[1:].astype(np.int64) + base
            at += len(part)
        missing = (np.concatenate([p._missing if p._missing is not None else np.zeros(len(p), dtype=bool) for p in parts])
                   if any(p._missing is not None for p in parts) else None)
        ascii = all(p._ascii for p in parts)
        # copied into place a part at a time, each let go once copied: the text is held once
        # and a part, not twice (as b"".join would)
        data = bytearray(int(sizes[-1]))
        parts.reverse()
        for base in sizes[:-1].tolist():
            piece = parts.pop()._data
            data[base:base + len(piece)] = piece
            del piece
        return cls(data, offsets, missing, ascii)

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, row: int) -> str | None:
        row = operator.index(row)
        if row < 0:
            row += len(self)
        if not 0 <= row < len(self):
            raise IndexError(row)
        if self._missing is not None and self._missing[row]:
            return None
        return self._data[self._offsets[row]:self._offsets[row + 1]].decode("utf-8", "surrogatepass")

    def take(self, rows: Iterable[int]) -> list[str | None]:
        return [self[row] for row in rows]

    def tolist(self, start: int = 0, stop: int | None = None) -> list[str | None]:
        """Entries ``start`` to ``stop`` (all by default) as a list."""
        stop = len(self) if stop is None else stop
        offsets = self._offsets[start:stop + 1].tolist()
        if not offsets:
            return []
        if self._ascii:
            first = offsets[0]
            text = self._data[first:offsets[-1]].decode("ascii")
            out: list[str | None] = [text[a - first:b - first] for a, b in zip(offsets, offsets[1:])]
        else:
            data = self._data
            out = [data[a:b].decode("utf-8", "surrogatepass") for a, b in zip(offsets, offsets[1:])]
        if self._missing is not None:
            for row in np.flatnonzero(self._missing[start:stop]).tolist():
                out[row] = None
        return out

    def first_bidi_control(self) -> tuple[int, int] | None:
        """(entry, character index) of the first bidi control in the column, or None."""
        return bidi.first_control_in_column(self._data, self._offsets, self._ascii)

    @property
    def nbytes(self) -> int:
        return len(self._data) + self._offsets.nbytes + (self._missing.nbytes if self._missing is not None else 0)


def _row_type(length: int) -> type:
    return np.int32 if length < 2**31 else np.int64


class SparseText:
    """A text column most of whose entries are missing (summaries, quotes, people): only the
    present entries are stored, with their rows. ``column[i]`` is a str or None, like a dense one."""

    __slots__ = ("_rows", "_values", "_length")

    def __init__(self, values: Sequence[str | None]):
        present = [i for i, v in enumerate(values) if v is not None]
        self._rows = np.array(present, dtype=_row_type(len(values)))
        self._values = PackedText.of([values[i] for i in present])
        self._length = len(values)

    @classmethod
    def from_present(cls, rows: np.ndarray, values: PackedText, length: int) -> SparseText:
        """A column of ``length`` entries whose present ones are ``values`` at ``rows`` (ascending)."""
        column = cls.__new__(cls)
        column._rows, column._values, column._length = rows.astype(_row_type(length), copy=False), values, length
        return column

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, row: int) -> str | None:
        j = int(np.searchsorted(self._rows, self._rows.dtype.type(row)))  # its own type: else converted whole
        return self._values[j] if j < len(self._rows) and self._rows[j] == row else None

    def tolist(self, start: int = 0, stop: int | None = None) -> list[str | None]:
        """Entries ``start`` to ``stop`` (all by default) as a list."""
        stop = self._length if stop is None else stop
        first, last = np.searchsorted(self._rows, [start, stop]).tolist()
        out: list[str | None] = [None] * max(stop - start, 0)
        for row, value in zip(self._rows[first:last].tolist(), self._values.tolist(first, last)):
            out[row - start] = value
        return out

    def first_bidi_control(self) -> tuple[int, int] | None:
        found = self._values.first_bidi_control()
        return (int(self._rows[found[0]]), found[1]) if found else None

    @property
    def nbytes(self) -> int:
        return self._rows.nbytes + self._values.nbytes


def prefers_sparse(present: int, length: int) -> bool:
    """Whether a text column with ``present`` of ``length`` entries is smaller stored sparsely
    (a row number and an offset per present entry) than densely (an offset and a missing flag
    per entry); the text itself costs the same either way."""
    return present * 8 < length * 5


def text_column(values: Sequence[str | None] | np.ndarray | PackedText | SparseText) -> PackedText | SparseText:
    """A column of optional text, stored densely or sparsely, whichever is smaller. A column
    that is already one of the two is kept as it is."""
    if isinstance(values, (PackedText, SparseText)):
        return values
    values = values.tolist() if isinstance(values, np.ndarray) else values if isinstance(values, list) else list(values)
    if prefers_sparse(len(values) - values.count(None), len(values)):
        return SparseText(values)
    return PackedText.of(values)


def text_column_from_parts(parts: list[tuple[np.ndarray, PackedText]], length: int) -> PackedText | SparseText:
    """A text column of ``length`` entries from pieces of (rows, values) of its present entries
    (rows ascending across the pieces), stored densely or sparsely like :func:`text_column`.
    The list is emptied: each piece is let go as soon as it is in the column."""
    present = sum(len(rows) for rows, _ in parts)
    rows = np.concatenate([r for r, _ in parts]) if parts else np.empty(0, dtype=np.int64)
    values = PackedText.joined([v for _, v in parts])
    parts.clear()
    if prefers_sparse(present, length):
        return SparseText.from_present(rows, values, length)
    if present == length:  # every entry there: nothing to mark missing
        return values
    # the missing entries are empty (each ends where the one before it does), and marked
    offsets = np.zeros(length + 1, dtype=values._offsets.dtype)
    offsets[rows + 1] = values._offsets[1:]
    np.maximum.accumulate(offsets, out=offsets)
    missing = np.ones(length, dtype=bool)
    missing[rows] = False
    return PackedText(values._data, offsets, missing, values._ascii)


def present_text(values: Sequence[str | None], first_row: int) -> tuple[np.ndarray, PackedText]:
    """(rows, values) of the entries of ``values`` that are not None, rows counted from ``first_row``."""
    try:
        joined = "".join(values)  # type: ignore[arg-type]  (refuses a None: cheaper than looking for one)
    except TypeError:
        present = np.fromiter(map(operator.is_not, values, repeat(None)), dtype=bool, count=len(values))
        return np.flatnonzero(present) + first_row, PackedText.of(list(compress(values, present.tolist())))
    return (np.arange(first_row, first_row + len(values), dtype=np.int64),
            PackedText._of_joined(values if isinstance(values, list) else list(values), joined, None))  # type: ignore[arg-type]


class CodedText:
    """A text column with few distinct values (dates as written): a small number per entry and
    each distinct value once. ``column[i]`` is a str or None."""

    __slots__ = ("codes", "values")

    def __init__(self, codes: np.ndarray, values: Sequence[str | None]):
        self.codes = codes
        """Index into :attr:`values` of each entry."""
        self.values = np.asarray(values, dtype=OPTIONAL_TEXT)
        """Each distinct value, as a text column: a short date fits in its 16-byte slot, where a
        Python string costs 60 bytes (and would keep alive the memory it was decoded into)."""

    @classmethod
    def of(cls, values: Sequence[str | None]) -> CodedText:
        number: dict[str | None, int] = {}
        codes = np.fromiter((number.setdefault(v, len(number)) for v in values), np.int32, len(values))
        return cls(codes, list(number))

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, row: int) -> str | None:
        return self.values[self.codes[row]]

    def tolist(self) -> list[str | None]:
        return self.values[self.codes].tolist()

    @property
    def nbytes(self) -> int:
        return self.codes.nbytes + self.values.nbytes


INTERVAL, FUZZY, OPEN_START, OPEN_END = 1, 2, 4, 8
"""Bits of :attr:`EventTable.flags`: drawn as a bar; approximate or uncertain (whiskers); open
start; open end."""

VERDICTS = tuple(Verdict)
"""Verdict by code, as stored in :attr:`EventTable.verdict` (``-1``: no verdict)."""
VERDICT_CODES = {v: i for i, v in enumerate(VERDICTS)}
_STANCES = tuple(Stance)


@dataclass(frozen=True, slots=True)
class EventExtras:
    """The fields few events have (plot points, disputes, inferences), stored only for those."""

    narrative: NarrativePosition | None = None
    disputed: str | None = None
    inference: str | None = None


NO_EXTRAS = EventExtras()

_NAME_SEPARATOR = "\x1f"
"""Joins an event's people into one entry of the ``people`` column. A list with a name that
contains it is stored as JSON after _JSON_NAMES instead (names are untrusted text)."""
_JSON_NAMES = "\x1e"


def pack_names(names: Sequence[str]) -> str | None:
    """One column entry for a list of names (None for none)."""
    if not names:
        return None
    if any(_NAME_SEPARATOR in name or name.startswith(_JSON_NAMES) for name in names):
        return _JSON_NAMES + json.dumps(list(names))
    return _NAME_SEPARATOR.join(names)


def present_names(people: Sequence[Sequence[str]], first_row: int) -> tuple[np.ndarray, PackedText]:
    """(rows, packed names) of the entries that name people, rows counted from ``first_row``:
    :func:`present_text` of :func:`pack_names` of each, joined at C speed when no name holds
    the separator or the mark of names kept as JSON (the usual case)."""
    names = "".join(chain.from_iterable(people))
    if _NAME_SEPARATOR in names or _JSON_NAMES in names:
        return present_text([pack_names(own) for own in people], first_row)
    named = np.fromiter(map(len, people), dtype=np.int64, count=len(people)) > 0
    packed = compress(map(_NAME_SEPARATOR.join, people), named.tolist())
    return np.flatnonzero(named) + first_row, PackedText.of(list(packed))


def unpack_names(packed: str | None) -> tuple[str, ...]:
    if packed is None:
        return ()
    if packed.startswith(_JSON_NAMES):
        return tuple(json.loads(packed[1:]))
    return tuple(packed.split(_NAME_SEPARATOR))


def date_extent(bounds: DateBounds | None, start: float, end: float) -> tuple[float, float, int]:
    """(earliest, latest, flags) of an event: how far its uncertainty reaches, and how it is drawn."""
    if bounds is None:
        return start, end, INTERVAL if end > start else 0
    fuzzy = bounds.approximate or bounds.uncertain or (not bounds.is_interval and bounds.core_end - bounds.core_start > 1)
    flags = ((INTERVAL if bounds.is_interval else 0) | (FUZZY if fuzzy else 0)
             | (OPEN_START if bounds.open_start else 0) | (OPEN_END if bounds.open_end else 0))
    return bounds.start_earliest, bounds.end_latest, flags


_HASH_MASK = 0xFFFFFFFF


def id_hashes(ids: Sequence[str]) -> np.ndarray:
    """The 32-bit hashes an :class:`EventTable` looks its ids up by."""
    return (np.fromiter(map(hash, ids), dtype=np.int64, count=len(ids)) & _HASH_MASK).astype(np.uint32)
_ROWS_AT_A_TIME = 65536


def small_int(count: int) -> type:
    """The smallest integer type that numbers ``count`` things (tracks, sources)."""
    return np.uint8 if count <= 256 else np.int16 if count <= 2**15 else np.int32


class Placements:
    """Where events sit on their axis, each distinct placement stored once. Events that share
    a date as written share a placement: a million events hold a few hundred thousand dates,
    so an event costs a 4-byte code instead of four 8-byte coordinates and a flag."""

    __slots__ = ("codes", "bounds", "flags", "when")

    def __init__(self, codes: np.ndarray, bounds: np.ndarray, flags: np.ndarray, when: Sequence[str | None]):
        self.codes = codes.astype(np.int32, copy=False)
        """Each event's placement."""
        self.bounds = np.ascontiguousarray(bounds, dtype=np.float64).reshape(4, -1)
        """start, end, early, late (rows) of each placement (columns)."""
        self.flags = np.asarray(flags, dtype=np.uint8)
        self.when = np.asarray(when, dtype=OPTIONAL_TEXT)
        """The date as written of each placement (None for plot points)."""

    @classmethod
    def of(cls, start: Iterable[float], end: Iterable[float], early: Iterable[float], late: Iterable[float],
           flags: Iterable[int], when: Sequence[str | None]) -> Placements:
        """Placements of events given one by one (``when`` may be empty: no dates as written)."""
        rows = list(zip(start, end, early, late, flags, when or repeat(None)))
        number: dict[tuple, int] = {}
        codes = np.fromiter((number.setdefault(row, len(number)) for row in rows), dtype=np.int32, count=len(rows))
        distinct = list(number)
        bounds = np.array([row[:4] for row in distinct], dtype=np.float64).reshape(-1, 4).T
        return cls(codes, bounds, [row[4] for row in distinct], [row[5] for row in distinct])


class QuoteSpans:
    """Where each verified quote sits in its snapshot, for the citations that have one (most
    cite a paraphrase: storing a span for every citation would cost 8 bytes each for nothing)."""

    __slots__ = ("rows", "spans")

    def __init__(self, rows: np.ndarray, spans: np.ndarray):
        self.rows = rows.astype(np.int64, copy=False)
        """Citation rows that quote, ascending."""
        self.spans = spans.astype(np.int32, copy=False).reshape(-1, 2)  # snapshots are at most 16 MB
        """[start, end) of each of those quotes in its snapshot."""

    @classmethod
    def of(cls, spans: Iterable[tuple[int, int]] | np.ndarray) -> QuoteSpans:
        """From a span per citation, ``(-1, -1)`` for one without a quote."""
        every = np.asarray(spans if isinstance(spans, np.ndarray) else list(spans), dtype=np.int64).reshape(-1, 2)
        rows = np.flatnonzero(every[:, 0] >= 0)
        return cls(rows, every[rows])

    def __len__(self) -> int:
        return len(self.rows)

    def span_of(self, citation: int) -> tuple[int, int] | None:
        j = int(np.searchsorted(self.rows, citation))
        if j < len(self.rows) and self.rows[j] == citation:
            return int(self.spans[j, 0]), int(self.spans[j, 1])
        return None


def _text_array(values: list[str] | np.ndarray) -> np.ndarray:
    """A TEXT column; an array that already is one is kept as it is (no copy)."""
    if isinstance(values, np.ndarray) and values.dtype.kind == "T":
        return values
    return np.array(values, dtype=TEXT)


def _packed(values: list[str] | np.ndarray | PackedText) -> PackedText:
    if isinstance(values, PackedText):
        return values
    return PackedText.of(values.tolist() if isinstance(values, np.ndarray) else values)


class EventTable(Sequence[Event]):
    """Every event of a dataset as numpy columns, in file order; an :class:`Event` is made only
    when one is asked for (``table[i]``, ``dataset.event(id)``).

    A million events as Python objects cost about 2 kB each and most of the load time; as
    columns they cost a few hundred bytes, and views read the columns directly.
    """

    def __init__(self, *, ids: list[str] | np.ndarray, track: Iterable[int], track_ids: Sequence[str],
                 titles: list[str] | np.ndarray | PackedText, verdict: Iterable[int],
                 summary: list[str | None] | np.ndarray | PackedText | SparseText, people: list[str | None] | np.ndarray | PackedText | SparseText,
                 citation_counts: Iterable[int], source_ids: Sequence[str], cite_source: Iterable[int],
                 cite_quote: list[str | None] | np.ndarray | PackedText | SparseText, cite_note: list[str | None] | np.ndarray | PackedText | SparseText,
                 cite_stance: Iterable[int], cite_span: Iterable[tuple[int, int]] | np.ndarray | QuoteSpans,
                 extras: dict[int, EventExtras], hashes: np.ndarray | None = None,
                 placements: Placements | None = None,
                 start: Iterable[float] = (), end: Iterable[float] = (), early: Iterable[float] = (),
                 late: Iterable[float] = (), flags: Iterable[int] = (), when: Sequence[str | None] = ()):
        self.ids = _text_array(ids)
        self.track_ids = tuple(track_ids)
        self.track = np.asarray(track, dtype=small_int(len(self.track_ids)))
        """Index into :attr:`track_ids` (the dataset's track order)."""
        self.titles = _packed(titles)
        self.placements = placements or Placements.of(start, end, early, late, flags, when)
        """Where each event sits on its axis (start, end, uncertainty, flags, the date as
        written), each distinct placement stored once."""
        self.verdict = np.asarray(verdict, dtype=np.int8)
        self.when = CodedText(self.placements.codes, self.placements.when)
        """The EDTF date as written (calendar events); parsed again when an Event is made."""
        self.summary = text_column(summary)
        self.people = text_column(people)
        """Each event's people, packed into one string (:func:`pack_names`)."""
        counts = np.asarray(citation_counts, dtype=np.int64)
        self.citation_offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64 if counts.sum() >= 2**31 else np.int32)
        """Event i's citations are rows ``citation_offsets[i]:citation_offsets[i + 1]`` of the cite_ columns."""
        self.source_ids = tuple(source_ids)
        self.cite_source = np.asarray(cite_source, dtype=small_int(len(self.source_ids)))
        self.cite_quote = text_column(cite_quote)
        self.cite_note = text_column(cite_note)
        self.cite_stance = np.asarray(cite_stance, dtype=np.int8)
        self.quote_spans = cite_span if isinstance(cite_span, QuoteSpans) else QuoteSpans.of(cite_span)
        """[start, end) in its snapshot of each verified quote (only quoted citations have one)."""
        self.extras = extras
        # id lookup: sorted 32-bit hashes of the ids (8 bytes an event; a dict would cost ~100).
        # Ids whose hashes agree are told apart by comparing the ids themselves.
        hashes = hashes if hashes is not None else id_hashes(ids)
        self._by_hash = np.argsort(hashes).astype(np.int32)  # any order of equal hashes will do: 4× a stable sort's speed
        self._hashes = hashes[self._by_hash]

    @property
    def start(self) -> np.ndarray:
        """Axis coordinate of every event's start: days since 1970 (calendar) or episode units
        (narrative). Worked out when asked for: :meth:`placed` reads only some rows."""
        return self.placed()[0]

    @property
    def end(self) -> np.ndarray:
        return self.placed()[1]

    def placed(self, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(start, end, early, late, flags) of the events in ``rows`` (every event by default):
        early and late include the uncertainty (``-inf``/``inf`` for open ends); flags are
        INTERVAL, FUZZY, OPEN_START, OPEN_END bits."""
        codes = self.placements.codes if rows is None else self.placements.codes[rows]
        bounds = self.placements.bounds
        return (bounds[0][codes], bounds[1][codes], bounds[2][codes], bounds[3][codes],
                self.placements.flags[codes])

    def repeated_id(self) -> str | None:
        """An id that two rows share, or None when every id is unique (a table built in bulk
        checks this once at the end instead of keeping a set of every id while loading)."""
        same = np.flatnonzero(self._hashes[1:] == self._hashes[:-1])
        if len(same) == 0:  # the usual case, and np.unique's first call imports numpy.ma (~10–30 ms of start-up)
            return None
        seen: set[str] = set()  # ids whose hash another id shares: almost always none
        for j in np.union1d(same, same + 1).tolist():
            event_id = str(self.ids[int(self._by_hash[j])])
            if event_id in seen:
                return event_id
            seen.add(event_id)
        return None

    @classmethod
    def from_events(cls, events: Iterable[Event], track_ids: Sequence[str], source_ids: Sequence[str]) -> EventTable:
        """A table of Event objects (tests, benchmarks, and datasets built in code)."""
        events = list(events)
        track_index = {t: i for i, t in enumerate(track_ids)}
        sources = list(source_ids)
        source_index = {s: i for i, s in enumerate(sources)}
        for c in (c for e in events for c in e.citations):
            if c.source_id not in source_index:
                source_index[c.source_id] = len(sources)
                sources.append(c.source_id)
        extents = [date_extent(e.date, e.start, e.end) for e in events]
        citations = [c for e in events for c in e.citations]
        return cls(
            ids=[e.id for e in events], track=[track_index[e.track_id] for e in events], track_ids=track_ids,
            titles=[e.title for e in events], start=[e.start for e in events], end=[e.end for e in events],
            early=[x[0] for x in extents], late=[x[1] for x in extents], flags=[x[2] for x in extents],
            verdict=[VERDICT_CODES[e.verdict] if e.verdict is not None else -1 for e in events],
            when=[e.date.edtf if e.date is not None else None for e in events], summary=[e.summary for e in events],
            citation_counts=[len(e.citations) for e in events], source_ids=sources,
            cite_source=[source_index[c.source_id] for c in citations], cite_quote=[c.quote for c in citations],
            cite_note=[c.note for c in citations], cite_stance=[_STANCES.index(c.stance) for c in citations],
            cite_span=[c.span if c.span is not None else (-1, -1) for c in citations],
            people=[pack_names(e.people) for e in events],
            extras={i: EventExtras(e.narrative, e.disputed, e.inference) for i, e in enumerate(events)
                    if e.narrative or e.disputed or e.inference},
        )

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        i = operator.index(index)
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(index)
        extras = self.extras.get(i, NO_EXTRAS)
        when = self.when[i]
        code = int(self.verdict[i])
        place = int(self.placements.codes[i])
        return Event(
            id=str(self.ids[i]), track_id=self.track_ids[self.track[i]], title=str(self.titles[i]),
            start=float(self.placements.bounds[0][place]), end=float(self.placements.bounds[1][place]),
            citations=self.citations_of(i),
            summary=self.summary[i], people=unpack_names(self.people[i]), date=parse_date(when) if when is not None else None,
            narrative=extras.narrative, verdict=VERDICTS[code] if code >= 0 else None,
            disputed=extras.disputed, inference=extras.inference,
        )

    def __iter__(self) -> Iterator[Event]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        """Equal when they hold equal events in the same order (as tuples of events would be)."""
        if not isinstance(other, EventTable):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]  (mutable-looking container semantics, like a list)

    def citations_of(self, row: int) -> tuple[Citation, ...]:
        lo, hi = int(self.citation_offsets[row]), int(self.citation_offsets[row + 1])
        return tuple(
            Citation(self.source_ids[self.cite_source[j]], self.cite_quote[j], self.cite_note[j],
                     _STANCES[self.cite_stance[j]], self.quote_spans.span_of(j))
            for j in range(lo, hi))

    def row_of(self, event_id: str) -> int | None:
        """The row of the event with this id, or None."""
        if not isinstance(event_id, str):
            return None
        key = np.uint32(hash(event_id) & _HASH_MASK)  # the array's own type: else it is converted whole
        j = int(np.searchsorted(self._hashes, key))
        while j < len(self._hashes) and self._hashes[j] == key:  # equal hashes: compare the ids
            row = int(self._by_hash[j])
            if self.ids[row] == event_id:
                return row
            j += 1
        return None

    def rows_of(self, event_ids: Iterable[str]) -> np.ndarray:
        """The rows of the events with these ids, in the order given; ids not in the table are
        left out. In bulk (a search can light up a million events): hashes, one sorted search,
        and one comparison of the ids found with those asked for."""
        wanted = [i for i in event_ids if isinstance(i, str)]
        if not wanted or not len(self):
            return np.empty(0, dtype=np.int64)
        keys = (np.fromiter(map(hash, wanted), dtype=np.int64, count=len(wanted)) & _HASH_MASK).astype(np.uint32)
        at = np.minimum(np.searchsorted(self._hashes, keys), len(self._hashes) - 1)
        rows = self._by_hash[at].astype(np.int64)
        same_hash = self._hashes[at] == keys
        found = same_hash & (self.ids[rows] == np.array(wanted, dtype=TEXT))
        # the first row with that hash held another id: look again, one by one (almost never)
        for k in np.flatnonzero(same_hash & ~found).tolist():
            row = self.row_of(wanted[k])
            if row is not None:
                rows[k], found[k] = row, True
        return rows[found]

    def track_of(self, event_id: str) -> str:
        """The track id of the event with this id (KeyError if there is none), without making it."""
        row = self.row_of(event_id)
        if row is None:
            raise KeyError(event_id)
        return self.track_ids[self.track[row]]

    def citations_by_source(self, rows: np.ndarray) -> dict[str, int]:
        """How many citations the events in ``rows`` make of each source, in source order."""
        counts = np.zeros(len(self.source_ids), dtype=np.int64)
        # a block of rows at a time: an export of a million events would otherwise hold ~40
        # bytes an event of working arrays at once
        for at in range(0, len(rows), _ROWS_AT_A_TIME):
            block = np.asarray(rows[at:at + _ROWS_AT_A_TIME], dtype=np.int64)
            starts = self.citation_offsets[block].astype(np.int64)
            lengths = self.citation_offsets[block + 1] - starts
            # the citation rows of all these events, without a Python loop
            first = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
            cites = np.arange(int(lengths.sum())) + first
            counts += np.bincount(self.cite_source[cites], minlength=len(self.source_ids))
        return {s: int(n) for s, n in zip(self.source_ids, counts) if n}

    def rows_of_track(self, track_index: int) -> np.ndarray:
        return np.flatnonzero(self.track == track_index).astype(np.int32)

    def track_counts(self) -> dict[str, int]:
        """Events per track id, every track included."""
        counts = np.bincount(self.track, minlength=len(self.track_ids)) if len(self) else np.zeros(len(self.track_ids), int)
        return {t: int(n) for t, n in zip(self.track_ids, counts)}

    def verified_quotes(self) -> int:
        return len(self.quote_spans)


@dataclass(frozen=True)
class Dataset:
    """A validated dataset: every reference resolved, every quote found in its snapshot.

    ``events`` may be given as Event objects; it is always stored as an :class:`EventTable`.
    """

    path: Path | None
    title: str
    sources: dict[str, Source]
    tracks: tuple[Track, ...]
    events: EventTable
    links: tuple[Link, ...] = ()
    episodes: tuple[Episode, ...] = ()
    description: str | None = None
    _links_by_event: dict[str, tuple[Link, ...]] = field(default_factory=dict, repr=False, compare=False)
    cache: dict[object, object] = field(default_factory=dict, repr=False, compare=False)
    """Derived data that views compute once per dataset (search text, event order)."""

    def __post_init__(self) -> None:
        if not isinstance(self.events, EventTable):
            table = EventTable.from_events(self.events, [t.id for t in self.tracks], list(self.sources))
            object.__setattr__(self, "events", table)
        grouped: dict[str, list[Link]] = {}
        for link in self.links:
            grouped.setdefault(link.from_id, []).append(link)
            grouped.setdefault(link.to_id, []).append(link)
        self._links_by_event.update((k, tuple(v)) for k, v in grouped.items())

    def event(self, event_id: str) -> Event:
        row = self.events.row_of(event_id)
        if row is None:
            raise KeyError(event_id)
        return self.events[row]

    def has_event(self, event_id: str) -> bool:
        return self.events.row_of(event_id) is not None

    def track(self, track_id: str) -> Track:
        for track in self.tracks:
            if track.id == track_id:
                return track
        raise KeyError(track_id)

    def tracks_on(self, axis: AxisKind) -> tuple[Track, ...]:
        return tuple(t for t in self.tracks if t.axis is axis)

    def events_in(self, track_id: str) -> tuple[Event, ...]:
        index = self.events.track_ids.index(track_id)
        return tuple(self.events[int(i)] for i in self.events.rows_of_track(index))

    def events_on(self, axis: AxisKind) -> int:
        """How many events are on this clock."""
        counts = self.events.track_counts()
        return sum(counts[t.id] for t in self.tracks_on(axis))

    def links_of(self, event_id: str) -> tuple[Link, ...]:
        """Links that start or end at this event, in file order."""
        return self._links_by_event.get(event_id, ())

    def episode(self, number: int) -> Episode | None:
        for ep in self.episodes:
            if ep.number == number:
                return ep
        return None

    @property
    def plot_points(self) -> tuple[Event, ...]:
        return tuple(self.events[int(i)] for i in np.flatnonzero(self.events.verdict >= 0))

    def verdict_counts(self) -> dict[Verdict, int]:
        """Plot points per verdict, in the enum's order, zeros included."""
        codes = self.events.verdict
        counts = np.bincount(codes[codes >= 0], minlength=len(VERDICTS))
        return {v: int(counts[i]) for i, v in enumerate(VERDICTS)}

    @property
    def quotes_verified(self) -> int:
        return self.events.verified_quotes() + sum(1 for l in self.links for c in l.citations if c.span is not None)

    def all_citations(self) -> list[Citation]:
        return [c for e in self.events for c in e.citations] + [c for l in self.links for c in l.citations]

    def last_episode_mentioned(self) -> int:
        """The highest episode any plot point names (0 when there are none)."""
        return max((max(x.narrative.episode, x.narrative.episode_end or 0)
                    for x in self.events.extras.values() if x.narrative is not None), default=0)
