"""Reading a big JSON dataset's events a slice at a time. Pure: no Qt.

Decoding a million events at once holds every one of them as Python objects (about 600 bytes
each) on top of the file; decoding a few megabytes of events at a time and turning each slice
into columns before the next keeps only one slice's objects alive, and lets a load report
progress and stop between slices.

msgspec does all the parsing and validation. This module only finds where to cut the events
array, and never has to be right about it to be safe:

- Where the events array is comes first: guessed from the ``"events":`` key and the top-level
  key after the array (:func:`guess_events_span`, which reads none of the events), else found
  by decoding the file as a whole with the array left undecoded (``msgspec.Raw``). Either way
  the rest of the document, with ``[]`` in the array's place, must decode as a document whose
  events are that ``[]``; then whatever JSON array stands there instead, the file has the same
  structure, and the slices below prove that the array is one, from end to end.
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
from itertools import chain, islice
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
    span = guess_events_span(view)
    around = _document_around(view, span) if span is not None else None
    if around is None:  # not where it seemed: found by decoding the whole file
        span = _events_span(view)
        around = _document_around(view, span) if span is not None else None
    if around is None or span is None:
        return None
    rows = schema.slice_rows([track.id for track in around.tracks], [source.id for source in around.sources])
    return around, _slices(view, span[0], span[1] - 1, release, rows)


def _document_around(view: memoryview, span: tuple[int, int]) -> schema.Document | None:
    """The document with ``view[start:end]`` as its events array (taken to be one), if it is
    well-formed and strict JSON around it; None if not."""
    start, end = span
    if not (0 <= start < end <= len(view) and view[start] == ord("[") and view[end - 1] == ord("]")):
        return None
    outside = bytes(view[:start]) + b"[]" + bytes(view[end:])
    if not (_events_at(outside, start) and is_strict_json(outside)):
        return None
    try:
        return msgspec.json.decode(outside, type=schema.Document)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return None


def _events_span(view: memoryview) -> tuple[int, int] | None:
    """Where the events array is (its ``[`` and one past its ``]``), from a decoding of the whole
    file with the events array left undecoded (which checks the syntax of all of it)."""
    try:
        head = msgspec.json.decode(view, type=DocumentHead)
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError):
        return None
    raw = memoryview(head.events).cast("B")
    start = _offset_in(raw, view)
    return start, start + len(raw)


def _offset_in(part: memoryview, whole: memoryview) -> int:
    """Where ``part``, a view of ``whole``'s bytes, starts in it."""
    return np.frombuffer(part, np.uint8).ctypes.data - np.frombuffer(whole, np.uint8).ctypes.data


def _events_at(outside: bytes, start: int) -> bool:
    """Whether ``outside`` decodes as a document whose events are the ``[]`` at ``start``: then
    putting any JSON array there instead gives a document of the same structure."""
    try:
        head = msgspec.json.decode(outside, type=DocumentHead)
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError):
        return False
    raw = memoryview(head.events).cast("B")
    return len(raw) == 2 and _offset_in(raw, memoryview(outside)) == start


def guess_events_span(view: memoryview) -> tuple[int, int] | None:
    """Where the events array seems to be (its ``[`` and one past its ``]``) without reading the
    events, or None. Only a guess: :func:`split_document` proves it (the rest of the document
    decodes with ``[]`` in its place, and the slices decode it end to end).

    Its ``[`` follows the first ``"events":``; its ``]`` is the file's last, or the one before
    the first top-level key after it (a key is ``"name":`` after ``,``: never inside a string).
    The keys that can follow are those the document has not had before the events."""
    found = _EVENTS_KEY.search(view, 0, _HEAD_BYTES)
    if found is None:
        return None
    start = found.end() - 1
    try:
        before = msgspec.json.decode(bytes(view[:start]) + b"[]}", type=dict[str, msgspec.Raw])
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError):
        return None
    if list(before)[-1:] != ["events"]:
        return None
    # a few candidates at most: each costs a decode, and a crafted file can hold thousands of
    # ']' before a key name (a wrong guess only means the whole-file pass, never a wrong load)
    for close in islice(_closes(view, start, sorted(schema.TOP_LEVEL - set(before))), _MOST_CLOSES):
        if _ends_with_events(view, start, close):
            return start, close + 1
    return None


_MOST_CLOSES = 8
"""Candidate ends of the events array tried before the guess gives up."""


def _closes(view: memoryview, start: int, later: list[str]) -> Iterator[int]:
    """Where the events array may close: the ``]`` before the file's closing brace, then each
    ``]`` followed by one of the ``later`` keys, the last first, within :data:`_TAIL_BYTES` of
    the file's end."""
    base = max(start + 1, len(view) - _SPACE_AT_END)
    body = bytes(view[base:]).rstrip(_WHITESPACE)
    inner = body[:-1].rstrip(_WHITESPACE)
    if body.endswith(b"}") and inner.endswith(b"]"):
        yield base + len(inner) - 1
    if not later:
        return
    key_after = re.compile(rb"\][ \t\r\n]*,[ \t\r\n]*\"(?:" + b"|".join(k.encode() for k in later) + rb")\"[ \t\r\n]*:")
    high = len(view)
    while high > start + 1 and len(view) - high < _TAIL_BYTES:
        low = max(start + 1, high - _SCAN_BYTES)
        piece = bytes(view[low:high + 256])  # a key straddling the two pieces is seen in this one
        for match in reversed(list(key_after.finditer(piece))):
            if low + match.start() < high:
                yield low + match.start()
        high = low


def _ends_with_events(view: memoryview, start: int, close: int) -> bool:
    """Whether the array from ``start`` seems to end at ``close``: its last few events (from a
    ``},{`` before the key the first event begins with) decode as events, or all of it when it
    is short."""
    if close - start <= _CHECK_BYTES:
        text = bytes(view[start:close + 1])
    else:
        key = _first_key(view, _first_item(view, start))
        cut = next((m for m in _BETWEEN_EVENTS.finditer(view, close - _CHECK_BYTES, close)
                    if key is not None and view[m.end():m.end() + len(key)] == key), None)
        if cut is None:
            return False
        text = b"[" + bytes(view[cut.end() - 1:close + 1])
    try:
        _TAIL_DECODER.decode(text)
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError):
        return False
    return True


def _first_item(view: memoryview, start: int) -> int:
    """Where the first item of the array whose ``[`` is at ``start`` begins."""
    first = start + 1
    while first < len(view) and view[first] in b" \t\r\n":
        first += 1
    return first


_EVENTS_KEY = re.compile(rb'"events"[ \t\r\n]*:[ \t\r\n]*\[')
_HEAD_BYTES = 64 * 1024 * 1024
"""How far into the file the events are looked for (beyond: the whole file is decoded to find them)."""
_TAIL_BYTES = 16 * 1024 * 1024
"""How near the file's end the events' end is looked for (links and the like after them)."""
_SCAN_BYTES = 1024 * 1024
"""Bytes looked through at a time for a key after the events, from the end."""
_SPACE_AT_END = 4096
"""Bytes at the file's end looked at for its closing brace (white space may follow it)."""
_WHITESPACE = b" \t\r\n"
_CHECK_BYTES = 64 * 1024
"""How much of the end of the events array is decoded to check where it ends."""
_TAIL_DECODER = msgspec.json.Decoder(list[schema.SliceEventRow])


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
    text_of = _SliceTexts(view)
    while first < close:
        for tries, (last, after) in enumerate(chain(_cuts(view, first, close), [(close, close)])):
            text = text_of(first, last)
            try:
                rows = decode(text)
                break
            except msgspec.DecodeError:  # the cut fell inside a string, or bad JSON: cut later
                text_of.undo()
                if last == close or tries >= MAX_RETRIES:
                    raise NotInSlices from None
            except (msgspec.ValidationError, UnicodeDecodeError):
                raise NotInSlices from None
        release(first - 1)  # the slice's text is read once more, by the caller
        first = after
        yield EventSlice(rows, text, (first - origin) / span)
        del rows, text  # only one slice's rows alive at a time


class _SliceTexts:
    """The text of a slice of the events array, ``view[first:last]`` as a JSON array. In place
    where the file's bytes are a private copy: the byte before the slice's first event (a ``[``,
    ``,`` or space, read already) becomes its ``[`` and the one after its last its ``]``, which
    saves copying them (~0.1 s at 178 MB); else copied into one reused buffer, whose pages are
    faulted in once. A text stands until the next slice's is made."""

    def __init__(self, view: memoryview):
        self.view = view
        self.in_place = not view.readonly
        self.buffer = bytearray(0 if self.in_place else 2 * CHUNK_BYTES)
        self.restore: tuple[int, int] | None = None

    def __call__(self, first: int, last: int) -> memoryview:
        view = self.view
        if self.in_place and first > 0 and last < len(view):
            self.restore = (last, view[last])
            view[first - 1], view[last] = ord("["), ord("]")
            return view[first - 1:last + 1]
        size = last - first + 2
        if size > len(self.buffer):
            self.buffer = bytearray(size)
        self.buffer[0], self.buffer[1:size - 1], self.buffer[size - 1] = ord("["), view[first:last], ord("]")
        return memoryview(self.buffer)[:size]

    def undo(self) -> None:
        """Put back the byte the last text's ``]`` replaced (that cut was wrong)."""
        if self.restore is not None:
            at, byte = self.restore
            self.view[at] = byte
            self.restore = None


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
