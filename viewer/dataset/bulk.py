"""The fast path: events turned into columns in bulk, as long as every one of them is fine."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from itertools import chain, count
from operator import attrgetter
from typing import Any

import msgspec
import numpy as np

from viewer.core.plain_dates import NOT_PLAIN, PLAIN_DATE, PLAIN_INTERVAL, plain_bounds
from viewer.core.model import (FUZZY, INTERVAL, OPTIONAL_TEXT, TEXT, Episode, EventExtras, EventTable,
                               NarrativePosition, PackedText, Placements, QuoteSpans, Source, id_hashes,
                               present_names, present_text, small_int, text_column_from_parts)
from viewer.core.quotes import NormalisedText, find_quote
from viewer.dataset import schema
from viewer.dataset.rows import STANCE_CODES, place_date, placed_plot_points, with_position
from viewer.dataset.slices import is_strict_json, keys_in_text

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

_SLICE_DEFAULTS = _defaults(schema.SliceEventRow, _EVENT_FIELDS)
"""The rows slices decode into: the same, but with no people an empty tuple (one, shared)."""

if (tuple(list(d) if isinstance(d, tuple) else d for d in _SLICE_DEFAULTS),
        _defaults(schema.SliceCitationRow, _CITATION_FIELDS)) != (_EVENT_DEFAULTS, _CITATION_DEFAULTS):
    raise RuntimeError("the rows slices decode must have the fields and defaults of the schema's rows")


def _fields_held(columns: Iterable[list[Any]], defaults: tuple[object, ...]) -> int:
    """How many fields rows hold, from their columns: every value that is not its field's
    default (a required field has none). Each was written with at least one key."""
    return sum(len(column) - (column.count(default) if default is not msgspec.NODEFAULT else 0)
               for column, default in zip(columns, defaults))


_PLOT_FIELDS = frozenset({"episode", "episode_end", "minute", "order", "verdict"})
"""A plot point's own fields: a calendar event has none of them."""


def _columns(rows: list[Any], names: tuple[str, ...], defaults: tuple[object, ...], read: set[str] | None,
             known: dict[str, list[Any]], plot_rows: list[int]) -> tuple[list[list[Any]], bool]:
    """Each field's values, a field at a time (``map`` runs at C speed; a slice's rows stay in
    the CPU's caches), and whether any were assumed rather than read. A field with a default
    that is not in ``read`` (None: all are) is not read, nor a plot point's field on another
    row: each is taken to be its default, which only the key count can prove (:class:`_Fields`)."""
    columns, assumed = [], False
    for name, default in zip(names, defaults):
        if name in known:
            columns.append(known[name])
        elif read is None or default is msgspec.NODEFAULT or name in read:
            columns.append(list(map(attrgetter(name), rows)))
        else:
            column = [default] * len(rows)
            if name in _PLOT_FIELDS:
                for row in plot_rows:
                    column[row] = getattr(rows[row], name)
            columns.append(column)
            assumed = True
    return columns, assumed


class _Fields:
    """Reads a slice's rows into columns (event fields, then citation fields), leaving out the
    fields no earlier slice has held (a file's events are written alike).

    Proof by counting: the slice's text holds at least as many ``":`` as keys, and every field
    that is not its default was written with a key. So when the ``":`` are exactly as many as
    the fields the columns hold, no key is repeated, and no field left out is anything but its
    default: had one been, the text would hold more keys still. When the counts differ, every
    field is read (and from then on, those the slice held), and the text is checked the
    standard way."""

    def __init__(self) -> None:
        self.event_fields: set[str] | None = None
        """Event fields read on every row; None (all of them) until a slice has been read."""
        self.citation_fields: set[str] | None = None

    def read(self, events: list[Any], track_ids: list[str], plot_rows: list[int], text: bytes | memoryview | None
             ) -> tuple[list[list[Any]], list[Any], list[list[Any]]] | None:
        """(event columns, citations, citation columns) of a slice of rows; None if its text
        (when given) may repeat a key."""
        known = {"track": track_ids}
        defaults = _SLICE_DEFAULTS if text is not None else _EVENT_DEFAULTS  # a slice's rows, or a whole file's
        fields, assumed = _columns(events, _EVENT_FIELDS, defaults, self.event_fields if text is not None else None,
                                   known, plot_rows)
        cited = list(chain.from_iterable(fields[_EVENT_FIELDS.index("citations")]))
        cite_fields, cite_assumed = _columns(cited, _CITATION_FIELDS, _CITATION_DEFAULTS,
                                             self.citation_fields if text is not None else None, {}, [])
        if text is None:
            return fields, cited, cite_fields
        keys = keys_in_text(text)
        held = _fields_held(fields, defaults) + _fields_held(cite_fields, _CITATION_DEFAULTS)
        if keys != held and (assumed or cite_assumed):
            fields = _columns(events, _EVENT_FIELDS, defaults, None, known, [])[0]
            cite_fields = _columns(cited, _CITATION_FIELDS, _CITATION_DEFAULTS, None, {}, [])[0]
            assumed = cite_assumed = False
            held = _fields_held(fields, defaults) + _fields_held(cite_fields, _CITATION_DEFAULTS)
        if not (assumed or cite_assumed):  # every field read: from now on, those held here too
            self.event_fields = _held_fields(fields, _EVENT_FIELDS, defaults, self.event_fields) - _PLOT_FIELDS
            self.citation_fields = _held_fields(cite_fields, _CITATION_FIELDS, _CITATION_DEFAULTS, self.citation_fields)
        return (fields, cited, cite_fields) if keys == held or is_strict_json(text) else None


def _held_fields(columns: list[list[Any]], names: tuple[str, ...], defaults: tuple[object, ...],
                 before: set[str] | None) -> set[str]:
    """The fields some row holds (is not its default in), with those ``before``."""
    return (before or set()) | {name for name, column, default in zip(names, columns, defaults)
                                if column.count(default) != len(column)}


class _BulkEvents:
    """Events turned into columns in bulk, a slice of rows at a time (one slice holding them all
    for a file read whole), as long as every event is fine: :meth:`add` returns False as soon
    as anything is not, and the careful one-by-one pass then words every problem.

    At a million events each pass over the rows costs a few hundred milliseconds in memory
    traffic alone, so a slice's rows are read once, into columns (``zip(*rows)``), and every
    check after that is a C-speed count, map or numpy call. Each distinct date and quote is
    worked out once, at the end, for all slices."""

    def __init__(self, plot_point_is_fine: Callable[[str, Any, dict[int, Episode]], bool],
                 release_memory: Callable[[], None], tracks: dict[str, Any], sources: dict[str, Source],
                 snapshots: dict[str, NormalisedText], episodes: dict[int, Episode]):
        # the careful builder's own check of a plot point's fields (it reports what is wrong)
        self.plot_point_is_fine, self.release_memory = plot_point_is_fine, release_memory
        self.tracks, self.sources, self.snapshots, self.episodes = tracks, sources, snapshots, episodes
        self.track_number = {t: i for i, t in enumerate(tracks)}.__getitem__
        self.narrative_track = np.array([t.axis == "narrative" for t in tracks.values()], dtype=bool)
        self.source_number = {s: i for i, s in enumerate(sources)}.__getitem__
        self.source_type = small_int(len(sources))
        self.date_of: dict[str | None, int] = {None: 0}
        """Each distinct date as written, in the order first seen, with 1 + the row it was first
        seen in (0: none, for plot points). Numbering by row lets one C-speed ``map`` number a
        slice's dates; :meth:`table` renumbers them 0, 1, 2… in that order."""
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
        self.fields = _Fields()

    def add(self, events: list[Any], text: bytes | memoryview | None = None) -> bool:
        """Add a slice of rows; False if any of them is not fine. ``text`` is the slice's JSON
        when it has not been checked for repeated keys yet (see :mod:`viewer.dataset.slices`)."""
        n = len(events)
        base = self.events
        if not n or base + n > schema.MAX_EVENTS:
            return False
        track_ids = list(map(attrgetter("track"), events))
        try:
            track = np.fromiter(map(self.track_number, track_ids), np.int16, n)
        except KeyError:
            return False
        plot_rows = np.flatnonzero(self.narrative_track[track]).tolist()
        read = self.fields.read(events, track_ids, plot_rows, text)
        if read is None:
            return False
        fields, cited, cite_fields = read
        (ids, _, titles, whens, summaries, citations, people, disputed, inference,
         verdicts, episode, episode_end, minute, order) = fields
        if not schema.all_ids_well_formed(ids):  # slices' rows leave the pattern to this
            return False
        plots = [events[row] for row in plot_rows]
        date_number = np.fromiter(map(self.date_of.setdefault, whens, count(base + 1)), np.int32, n)
        # calendar events have a date and none of a plot point's fields; plot points the reverse
        # (counting Nones where most are None: a tuple's count() compares identity first)
        plot_fields = sum(x is not None for e in plots for x in (e.episode_end, e.minute, e.order))
        if (np.count_nonzero(date_number == 0) != len(plots) or any(e.when is not None for e in plots)
                or verdicts.count(None) + len(plots) != n or episode.count(None) + len(plots) != n
                or episode_end.count(None) + minute.count(None) + order.count(None) + plot_fields != 3 * n):
            return False
        if not all(self.plot_point_is_fine(f"event '{e.id}'", e, self.episodes) for e in plots):
            return False
        cite_sources, quotes, notes, stances = cite_fields
        first_cite = self.citations
        note_text, quote_text = present_text(notes, first_cite), present_text(quotes, first_cite)
        if len(note_text[0]) != len(cited) and not _covered(len(cited), first_cite, note_text[0], quote_text[0]):
            return False  # a citation with neither a quote nor a note
        try:
            cite_source = np.fromiter(map(self.source_number, cite_sources), np.int32, len(cited)).astype(self.source_type)
        except KeyError:
            return False
        quote_of = self.quote_of
        quote_number = np.zeros(len(cited), dtype=np.int32)  # most citations are notes: no quote to find
        quoted = (quote_text[0] - first_cite).tolist()
        quote_number[quoted] = [quote_of.setdefault(pair, len(quote_of) + 1) for pair in
                                zip(map(cite_sources.__getitem__, quoted), map(quotes.__getitem__, quoted))]
        if disputed.count(None) != n or inference.count(None) != n:
            self.extras.update((base + row, EventExtras(None, d, i))
                               for row, (d, i) in enumerate(zip(disputed, inference)) if d or i)
        self.plots.extend((base + row, NarrativePosition(e.episode, e.episode_end, e.minute, e.order), e.verdict)
                          for row, e in zip(plot_rows, plots))
        for name, column in (("ids", np.array(ids, dtype=TEXT)), ("hashes", id_hashes(ids)),
                             ("titles", PackedText.of(titles)), ("track", track), ("date", date_number),
                             ("citation_counts", np.fromiter(map(len, citations), np.int32, n)),
                             ("cite_source", cite_source), ("quote", quote_number),
                             ("cite_stance", _stance_codes(stances))):
            self.columns[name].append(column)
        for name, column in (("people", present_names(people, base)), ("summary", present_text(summaries, base)),
                             ("cite_quote", quote_text), ("cite_note", note_text)):
            self.texts[name].append(column)
        self.events += n
        self.citations += len(cited)
        return True

    def _quote_spans(self) -> np.ndarray | None:
        """Where each distinct (source, quote) is in its snapshot, by number; None if one is not."""
        spans = np.full((len(self.quote_of) + 1, 2), -1, dtype=np.int64)
        for (source_id, quote), number in self.quote_of.items():
            snapshot = self.snapshots.get(source_id)
            span = find_quote(quote, snapshot) if snapshot is not None else None
            if span is None:
                return None
            spans[number] = span
        return spans

    def table(self, progress: Callable[[float], None] = lambda step: None) -> EventTable | None:
        """The table of every event added; None if there are none, or if one date, quote or id
        is not fine after all. ``progress(step)`` is told how far it has got (0–1), step by step."""
        n = self.events
        if not n:
            return None
        distinct = list(self.date_of)[1:]
        if not schema.no_space_in(distinct):  # slices' rows leave WHEN_PATTERN to this
            return None
        placed = _placed_dates(distinct)
        if placed is None:
            return None
        progress(0.4)  # the shares are what each step took at a million events
        spans = self._quote_spans()
        if spans is None:
            return None
        progress(0.6)
        # one column at a time, each piece let go once joined: the peak stays near the table's size
        columns = {}
        for name in list(self.columns):  # each column's pieces are freed, and handed back, before the next is joined
            parts = self.columns.pop(name)
            columns[name] = PackedText.joined(parts) if name == "titles" else _joined(parts)
            self.release_memory()
        progress(0.7)
        # each distinct date is a placement; each plot point gets its own, after them
        # dates were numbered by the row each was first seen in: number them in that order
        first_rows = np.fromiter(self.date_of.values(), np.int32, len(self.date_of))
        code_of_row = np.zeros(n + 1, dtype=np.int32)  # a lookup, where a sorted search costs 30 times more
        code_of_row[first_rows] = np.arange(len(first_rows), dtype=np.int32)
        codes = code_of_row[columns.pop("date")]
        del code_of_row
        dates = len(placed)
        when = np.full(dates + len(self.plots), None, dtype=OPTIONAL_TEXT)
        when[1:dates] = distinct
        # the dates as written are in a column now: their strings (a few hundred thousand, spread
        # through the heap) go before anything else is made, so the memory they held is free
        # for it (objects made among them would keep that memory from going back to the system)
        del distinct
        self.date_of.clear()
        self.release_memory()
        bounds = np.empty((4, dates + len(self.plots)))
        bounds[:, :dates] = placed[:, :4].T
        flags = np.empty(dates + len(self.plots), dtype=np.uint8)
        flags[:dates] = placed[:, 4]
        verdict = np.full(n, -1, dtype=np.int8)
        extras = self.extras
        positions = [position for _, position, _ in self.plots]
        placed_points = placed_plot_points(positions, [name for _, _, name in self.plots], self.episodes)
        for code, ((row, position, _), (a, b, flag, verdict_code)) in enumerate(zip(self.plots, placed_points), start=dates):
            bounds[:, code] = (a, b, a, b)
            flags[code], codes[row], verdict[row] = flag, code, verdict_code
            with_position(extras, row, position)
        placements = Placements(codes, bounds, flags, when)
        texts = {}
        for name in list(self.texts):
            texts[name] = text_column_from_parts(self.texts.pop(name), n if name in ("summary", "people") else self.citations)
            self.release_memory()
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


def _stance_codes(stances: list[str]) -> np.ndarray:
    """Each citation's stance code; at a count's cost when all support (the usual case: the
    declared string is shared, so the count compares identities)."""
    if stances.count("supports") == len(stances):
        return np.full(len(stances), STANCE_CODES["supports"], dtype=np.int8)
    return np.fromiter(map(STANCE_CODES.__getitem__, stances), np.int8, len(stances))


def _covered(count: int, first: int, *present: np.ndarray) -> bool:
    """Whether the rows ``first`` to ``first + count`` are all among the ``present`` ones."""
    covered = np.zeros(count, dtype=bool)
    for rows in present:
        covered[rows - first] = True
    return bool(covered.all())


def _placed_dates(distinct: list[str]) -> np.ndarray | None:
    """(start, end, earliest, latest, flags) of each distinct date as written, after a row for
    plot points (placed later); None if one is not a date. The plain ones (nearly all) many at
    a time, a batch at a time (their working arrays stay small), the rest one by one."""
    placed = np.empty((len(distinct) + 1, 5))
    placed[0] = (math.nan, math.nan, math.nan, math.nan, 0)  # plot points: placed later
    for at in range(0, len(distinct), _DATES_AT_A_TIME):
        batch = distinct[at:at + _DATES_AT_A_TIME]
        kind, bounds = plain_bounds(batch)
        core_lo, core_hi, lo, hi, qualified = bounds.T
        point, interval = kind == PLAIN_DATE, kind == PLAIN_INTERVAL
        middle = (core_lo + core_hi) / 2
        fuzzy = np.where((qualified > 0) | (interval == 0) & (core_hi - core_lo > 1), FUZZY, 0)
        rows = placed[1 + at:1 + at + len(batch)]
        rows[:, 0], rows[:, 1] = np.where(point, middle, core_lo), np.where(point, middle, core_hi)
        rows[:, 2], rows[:, 3], rows[:, 4] = lo, hi, fuzzy | np.where(interval, INTERVAL, 0)
        for number in np.flatnonzero(kind == NOT_PLAIN).tolist():
            place = place_date(batch[number])
            if place is None:
                return None
            rows[number] = place
    return placed


_DATES_AT_A_TIME = 16_384


def _joined(parts: list[np.ndarray]) -> np.ndarray:
    """The pieces as one array; the list is emptied as they are joined."""
    joined = np.concatenate(parts)
    parts.clear()
    return joined
