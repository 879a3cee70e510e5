"""Reading a big JSON dataset's events a slice at a time. Pure: no Qt.

Decoding a million events at once holds every one of them as Python objects (about 600 bytes
each) on top of the file; decoding a few megabytes of events at a time and turning each slice
into columns before the next keeps only one slice's objects alive, and lets a load report
progress and stop between slices.

msgspec does all the parsing and validation. This module only finds where to cut the events
array, and never has to be right about it to be safe:

- msgspec first decodes the file as a whole with the events array left undecoded
  (``msgspec.Raw``, a view of the file's bytes): that checks the file's syntax from end to end,
  validates everything but the events, and says exactly where the array is.
- A cut is tried just before a ``{`` that follows ``},``, where the braces and brackets seen
  since the slice began balance, or whose next event begins with the key the slice's first
  begins with (:func:`_cuts`). A slice that starts where an event
  starts and decodes as a JSON array ends where an event ends: had the cut fallen inside a
  string or a nested object, the slice would hold an unterminated string or an unclosed
  bracket, which no JSON parser accepts. So every slice that decodes is cut correctly, by
  induction from the first, and a slice that does not decode is retried with a later cut.

Repeated keys: msgspec keeps the last of a repeated key silently (msgspec#648), and the app
refuses them. A slice's keys are counted from its text (every key ends with ``":``) and
compared with the fields its rows hold: equal counts prove that no key is repeated, without
a second parse. When they differ (a key written with a space before its colon, a field
written with its default value, ``\\":`` inside some text), the slice is checked with the
standard ``json`` parser instead, as a small file is.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Callable, Iterator
from itertools import chain
from dataclasses import dataclass

import msgspec
import numpy as np

from viewer.dataset import schema

CHUNK_BYTES = 1024 * 1024
"""About how much of the events array is decoded at a time. The Python objects a slice decodes
into (~4 times its size) are freed before the next, but the allocator keeps the pages they took
wherever a long-lived object landed among them: a small slice keeps that footprint small (at a
million events, 4 MB slices left ~7 bytes an event more resident than 1 MB ones, and loaded
slightly slower: 9.9 s against 9.6 s in one run each)."""

MAX_RETRIES = 8
"""Later cuts tried for one slice before giving up (the careful path then reads the file)."""

_BETWEEN_EVENTS = re.compile(rb"\}[ \t\r\n]*,[ \t\r\n]*\{")
_COLON, _QUOTE = ord(":"), ord('"')
_KEY_END = np.frombuffer(b'":', np.uint16)[0]
_SPACES = np.array([ord(c) for c in " \t\r\n"], dtype=np.uint8)


class DocumentHead(schema.Document, forbid_unknown_fields=True, gc=False):
    """A whole document with its events left as the raw bytes of their array."""

    events: msgspec.Raw  # type: ignore[assignment]


@dataclass(frozen=True)
class EventSlice:
    rows: list[schema.SliceEventRow]
    text: bytes | memoryview
    """The slice's JSON (an array of events), for the repeated-key check; it holds the next
    slice's once that is read."""
    done: float
    """Share of the events array read once this slice is decoded (0–1)."""


class NotInSlices(Exception):
    """The events cannot be read a slice at a time (the file has a problem somewhere, or an
    unlucky cut); the caller reads the whole file the careful way, which words any problem."""


def split_document(data: bytes | memoryview, release: Callable[[int], None] = lambda upto: None,
                   ) -> tuple[schema.Document, Iterator[EventSlice]] | None:
    """The document without its events, and an iterator decoding the events a slice at a time;
    None if the file is not well-formed outside its events (the careful path reports why).

    The iterator raises :class:`NotInSlices` when a slice cannot be decoded on its own, and
    calls ``release(offset)`` once nothing before ``offset`` will be read again."""
    view = memoryview(data).cast("B")
    try:
        head = msgspec.json.decode(view, type=DocumentHead)
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError):
        return None
    raw = memoryview(head.events).cast("B")
    start = np.frombuffer(raw, np.uint8).ctypes.data - np.frombuffer(view, np.uint8).ctypes.data
    end = start + len(raw)
    if not (0 <= start < end <= len(view) and view[start] == ord("[") and view[end - 1] == ord("]")):
        return None  # Raw is a view of the file's bytes: never seen otherwise, but be sure
    outside = bytes(view[:start]) + b"[]" + bytes(view[end:])
    if not is_strict_json(outside):
        return None
    try:
        document = msgspec.json.decode(outside, type=schema.Document)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return None
    rows = schema.slice_rows([track.id for track in document.tracks], [source.id for source in document.sources])
    return document, _slices(view, start, end - 1, release, rows)


def _slices(view: memoryview, start: int, close: int, release: Callable[[int], None],
            rows_type: type = schema.SliceEventRow) -> Iterator[EventSlice]:
    """Slices of the events array ``view[start:close + 1]`` (``close`` is its closing bracket),
    decoded as lists of ``rows_type`` (see :func:`schema.slice_rows`)."""
    decode: Callable[[bytes], list[schema.SliceEventRow]] = msgspec.json.Decoder(list[rows_type]).decode
    first = start + 1
    while first < close and view[first] in b" \t\r\n":
        first += 1
    span = max(close - first, 1)
    origin = first
    buffer = bytearray(2 * CHUNK_BYTES)  # every slice's text is written here: its pages are faulted in once
    while first < close:
        for tries, (last, after) in enumerate(chain(_cuts(view, first, close), [(close, close)])):
            size = last - first + 2
            if size > len(buffer):
                buffer = bytearray(size)
            buffer[0], buffer[1:size - 1], buffer[size - 1] = ord("["), view[first:last], ord("]")
            text = memoryview(buffer)[:size]
            try:
                rows = decode(text)
                break
            except msgspec.DecodeError:  # the cut fell inside a string, or bad JSON: cut later
                if last == close or tries >= MAX_RETRIES:
                    raise NotInSlices from None
            except (msgspec.ValidationError, UnicodeDecodeError):
                raise NotInSlices from None
        first = after
        release(first)
        yield EventSlice(rows, text, (first - origin) / span)
        del rows, text  # only one slice's rows alive at a time


def _cuts(view: memoryview, first: int, close: int) -> Iterator[tuple[int, int]]:
    """Where the slice starting at ``first`` may end, from ``CHUNK_BYTES`` on: (end of this
    slice, start of the next). First the ``},{`` followed by the very key the slice's first
    event begins with (a file's events are written alike, and no citation has that key), which
    costs no counting; should its slice not decode, the balanced places (:func:`_balanced_cuts`)."""
    key = _first_key(view, first)
    if key is not None:
        for match in _BETWEEN_EVENTS.finditer(view, min(first + CHUNK_BYTES, close), close):
            if view[match.end():match.end() + len(key)] == key:
                yield match.start() + 1, match.end() - 1
                break
    yield from _balanced_cuts(view, first, close)


def _first_key(view: memoryview, at: int) -> bytes | None:
    """The first key of the object at ``at`` with its quotes and colon (``"id":``), with what
    stands between the brace and it; None when it is not written that way."""
    head = view[at:at + schema.MAX_ID + 16].tobytes()
    end = head.find(b'":')
    return head[1:end + 2] if head[:1] == b"{" and end > 0 else None


def _balanced_cuts(view: memoryview, first: int, close: int) -> Iterator[tuple[int, int]]:
    """Places to end the slice starting at ``first``, from ``CHUNK_BYTES`` on, at a ``},{`` where as many braces and as many brackets have
    closed as opened since ``first``. That skips the ``}, {`` between an event's own
    citations without a failed decode.

    Brackets inside strings are counted too, so this is a guess that decoding proves. A lone
    brace in some text shifts the count at every later place in the slice; after many places
    without a balanced one, a place is offered when its count is the lowest of the recent ones:
    between two events the count is one object and one array lower than inside an event."""
    at = first
    braces = brackets = 0
    recent: deque[tuple[int, int]] = deque(maxlen=_PATIENCE)
    for match in _BETWEEN_EVENTS.finditer(view, min(first + CHUNK_BYTES, close), close):
        end = match.start() + 1
        piece = view[at:end].tobytes()
        braces += piece.count(b"{") - piece.count(b"}")
        brackets += piece.count(b"[") - piece.count(b"]")
        at = end
        recent.append((braces, brackets))
        if (braces, brackets) == (0, 0) or (len(recent) == _PATIENCE and (braces, brackets) == min(recent)):
            yield end, match.end() - 1


_PATIENCE = 32
"""Places without a balanced count seen before the lowest recent count is offered (see :func:`_balanced_cuts`)."""


def keys_in_text(text: bytes | memoryview) -> int | None:
    """A count that is never less than the number of keys the JSON text holds (every key's
    closing quote is followed by its colon; a ``":`` inside some text counts too), or None when
    a colon has a space before it (keys cannot be counted so)."""
    chars = np.frombuffer(text, np.uint8)
    keys = colons = 0
    for at in range(0, len(chars), _BLOCK):
        block = chars[at:at + _BLOCK + 1]  # and the next block's first byte, for a pair across the two
        # the ``":`` at even places and at odd ones, two bytes at a time
        keys += int(np.count_nonzero(block[:len(block) // 2 * 2].view(np.uint16) == _KEY_END)
                    + np.count_nonzero(block[1:1 + (len(block) - 1) // 2 * 2].view(np.uint16) == _KEY_END))
        colons += int(np.count_nonzero(block[:_BLOCK] == _COLON))
    if keys == colons:  # every colon follows a quote: none has a space before it (the usual case)
        return keys
    before = chars[:-1][chars[1:] == _COLON]  # the character before each colon
    if np.isin(before, _SPACES).any():
        return None
    return int(np.count_nonzero(before == _QUOTE))


_BLOCK = 1 << 17
"""Bytes looked at a time: the working arrays stay below the size the allocator gives pages of
their own (:data:`viewer.memory.MMAP_THRESHOLD`), which are faulted in afresh for each (4× slower)."""


def is_strict_json(text: bytes | memoryview) -> bool:
    """Whether the standard parser accepts the (UTF-8) text with no object repeating a key,
    and no NaN or Infinity (which are not JSON). The careful path says what is wrong, and where."""
    try:
        json.loads(str(text, "utf-8"), parse_constant=reject_constant, object_pairs_hook=refuse_repeated_keys)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return False
    return True


def reject_constant(value: str) -> None:
    """``parse_constant`` hook for ``json``: NaN and Infinity are not JSON."""
    raise ValueError(f"{value} is not allowed")


def refuse_repeated_keys(pairs: list[tuple[str, object]]) -> None:
    """``object_pairs_hook`` for ``json``: refuse an object that repeats a key (``json`` would
    silently keep the last one, so a file could say one thing to a reviewer and another to the
    app; TOML refuses them too). Builds nothing, which keeps a full pass cheap."""
    if len(pairs) > 1 and len({key for key, _ in pairs}) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"duplicate key {key[:60]!r} in one object")
            seen.add(key)
    return None
