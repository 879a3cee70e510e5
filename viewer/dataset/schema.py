"""The dataset format's structure, as msgspec types: one C-speed pass validates a whole file.

This is the fast path every well-formed file takes (a million events in seconds). When it
fails, :mod:`viewer.dataset.problems` checks the file again item by item with pydantic, which
reports every problem at once, in words; the two must agree (tests/test_schema_agreement.py).
Pure: no Qt.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from viewer.core.model import LINK_KINDS

FORMAT_VERSION = "factline/1"

# Limits for untrusted files (docs/security.md). Generous for real use, small enough that a
# hostile file fails fast with a message instead of exhausting memory.
MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024
MAX_EVENTS = 2_000_000
MAX_ID = 200
MAX_TITLE = 500
MAX_TEXT = 20_000
MAX_WHEN = 64
# \A and \Z, not ^ and $: Python's $ also matches before a trailing newline, so "e5\n" would pass
# as an id beside "e5". Both validators use Python's re (problems.py sets pydantic to it).
ID_PATTERN = r"\A[A-Za-z0-9][A-Za-z0-9._:-]*\Z"
COLOUR_PATTERN = r"\A#[0-9a-fA-F]{6}\Z"
URL_PATTERN = r"\Ahttps?://\S+\Z"
SHA256_PATTERN = r"\A[0-9a-f]{64}\Z"
WHEN_PATTERN = r"\A\S+\Z"
"""An EDTF date holds no space or line break (a trailing newline would otherwise pass as the date)."""
TOP_LEVEL = frozenset({"format", "title", "description", "sources", "tracks", "episodes", "events", "links"})

Id = Annotated[str, Meta(min_length=1, max_length=MAX_ID, pattern=ID_PATTERN)]
Title = Annotated[str, Meta(min_length=1, max_length=MAX_TITLE)]
Text = Annotated[str, Meta(min_length=1, max_length=MAX_TEXT)]
When = Annotated[str, Meta(min_length=1, max_length=MAX_WHEN, pattern=WHEN_PATTERN)]
EpisodeNumber = Annotated[int, Meta(ge=1, le=10_000)]
VerdictName = Literal["true", "mostly-true", "inspired", "invented", "unknown"]
StanceName = Literal["supports", "disputes"]


class _Row(msgspec.Struct, forbid_unknown_fields=True, frozen=True, gc=False):
    """Rows cannot form cycles, so the garbage collector need not track millions of them."""


class SourceRow(_Row):
    id: Id
    title: Title
    publisher: Title | None = None
    author: Title | None = None
    date: Annotated[str, Meta(max_length=64)] | None = None
    url: Annotated[str, Meta(max_length=2000, pattern=URL_PATTERN)] | None = None
    snapshot: Annotated[str, Meta(min_length=1, max_length=1000)] | None = None
    retrieved: Annotated[str, Meta(max_length=64)] | None = None
    """When the snapshot was taken (EDTF/ISO date, checked by the builder)."""
    sha256: Annotated[str, Meta(pattern=SHA256_PATTERN)] | None = None
    """The snapshot's SHA-256 as lower-case hex: the builder reports a snapshot that has changed."""


class TrackRow(_Row):
    id: Id
    name: Title
    axis: Literal["calendar", "narrative"]
    color: Annotated[str, Meta(pattern=COLOUR_PATTERN)]


class EpisodeRow(_Row):
    number: EpisodeNumber
    title: Title | None = None
    minutes: Annotated[float, Meta(gt=0, le=100_000)] = 50.0
    aired: When | None = None
    """When the episode was first shown (EDTF, checked by the builder)."""


class CitationRow(_Row):
    source: Id
    quote: Text | None = None
    note: Text | None = None
    stance: StanceName = "supports"


class EventRow(_Row):
    id: Id
    track: Id
    title: Title
    citations: Annotated[list[CitationRow], Meta(min_length=1)]
    summary: Text | None = None
    people: list[Title] = []
    when: When | None = None
    episode: EpisodeNumber | None = None
    episode_end: EpisodeNumber | None = None
    minute: Annotated[float, Meta(ge=0, le=100_000)] | None = None
    order: Annotated[int, Meta(ge=0, le=1_000_000)] | None = None
    verdict: VerdictName | None = None
    disputed: Text | None = None
    inference: Text | None = None


# A big JSON file's events, as its slices decode them (viewer.dataset.slices): the same rows with
# the same limits but without the per-string patterns, which msgspec checks with one regex
# call per string (~60% of decoding a million events). The bulk builder checks them for a
# whole slice at once instead (all_ids_well_formed, no_space_in), and a track or source named
# by an event is checked by finding it among the declared ones, whose ids passed the pattern.
LooseId = Annotated[str, Meta(min_length=1, max_length=MAX_ID)]
LooseWhen = Annotated[str, Meta(min_length=1, max_length=MAX_WHEN)]


class SliceCitationRow(_Row):
    source: LooseId
    quote: Text | None = None
    note: Text | None = None
    stance: StanceName = "supports"


class SliceEventRow(_Row):
    id: LooseId
    track: LooseId
    title: Title
    citations: Annotated[list[SliceCitationRow], Meta(min_length=1)]
    summary: Text | None = None
    people: list[Title] = ()  # type: ignore[assignment]
    """One empty tuple for every row without people: msgspec calls a default factory (``[]``) for
    each such row, which cost ~0.4 s at a million events. Rows are only read."""
    when: LooseWhen | None = None
    episode: EpisodeNumber | None = None
    episode_end: EpisodeNumber | None = None
    minute: Annotated[float, Meta(ge=0, le=100_000)] | None = None
    order: Annotated[int, Meta(ge=0, le=1_000_000)] | None = None
    verdict: VerdictName | None = None
    disputed: Text | None = None
    inference: Text | None = None


def slice_rows(track_ids: list[str], source_ids: list[str]) -> type:
    """The rows a big file's slices decode into: :class:`SliceEventRow` with each event's
    track, and each citation's source, one of those the document declares. msgspec checks that
    in C and gives back the declared string itself, shared by every row, instead of making a
    new one per row (two strings fewer an event to make and to free)."""
    if not track_ids or not source_ids:
        return SliceEventRow
    citation = _with_types(SliceCitationRow, source=Literal[tuple(dict.fromkeys(source_ids))])
    return _with_types(SliceEventRow, track=Literal[tuple(dict.fromkeys(track_ids))],
                       citations=Annotated[list[citation], Meta(min_length=1)])  # type: ignore[valid-type]


def _with_types(row: type, **types: object) -> type:
    """``row`` with some fields' types replaced (same names, order, defaults and options)."""
    fields: list[tuple[str, object] | tuple[str, object, object]] = []
    for field in msgspec.structs.fields(row):
        kind = types.get(field.name, field.type)
        if field.default_factory is not msgspec.NODEFAULT:
            fields.append((field.name, kind, msgspec.field(default_factory=field.default_factory)))
        elif field.default is not msgspec.NODEFAULT:
            fields.append((field.name, kind, field.default))
        else:
            fields.append((field.name, kind))
    return msgspec.defstruct(row.__name__, fields, bases=(_Row,), module=__name__)


_SPACE = re.compile(r"\s")


def all_ids_well_formed(ids: list[str]) -> bool:
    """Whether every id matches ID_PATTERN, for them all at once. They are joined by line
    breaks, each followed by one: as many breaks as ids proves none held one. Then, as bytes
    (an id is ASCII), deleting every character an id may hold must leave only the breaks, and
    no id may be empty or start with one that only follows (``.``, ``_``, ``:``, ``-``)."""
    if not ids:
        return True
    joined = "\n".join(ids) + "\n"
    if joined.count("\n") != len(ids) or not joined.isascii():
        return False
    text = joined.encode("ascii")
    return (len(text.translate(None, _ID_CHARACTERS)) == len(ids) and text[0] not in _NOT_FIRST
            and _BREAK_BEFORE_NOT_FIRST.search(text) is None)


_ID_CHARACTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-"
_NOT_FIRST = b"._:-\n"
"""Characters an id may hold but not start with (a break first: an empty id)."""
_BREAK_BEFORE_NOT_FIRST = re.compile(rb"\n[._:\-\n]")
"""An id after the first that starts with one of them: one scan, not one a character."""


def no_space_in(texts: list[str]) -> bool:
    """Whether no text holds a space or line break (WHEN_PATTERN for texts already non-empty)."""
    return _SPACE.search("".join(texts)) is None


class LinkRow(_Row):
    from_: Id = msgspec.field(name="from")
    to: Id
    type: Literal[LINK_KINDS]  # type: ignore[valid-type]
    note: Text | None = None
    citations: list[CitationRow] = []


class Document(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """A whole dataset file that is well-formed (its references and quotes are checked later)."""

    format: Literal["factline/1"]
    title: Title
    sources: list[SourceRow]
    tracks: list[TrackRow]
    events: list[EventRow]
    """At most MAX_EVENTS (checked by the builder, which says so in words)."""
    description: Text | None = None
    episodes: list[EpisodeRow] = []
    links: list[LinkRow] = []


def decode_json(text: str) -> Document | None:
    """The document, if the JSON text is well-formed as a whole; None to take the report path."""
    try:
        return msgspec.json.decode(text, type=Document)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return None


def convert(raw: dict) -> Document | None:
    """The document, if already-parsed data (TOML) is well-formed as a whole; else None."""
    try:
        return msgspec.convert(raw, type=Document, strict=True)
    except msgspec.ValidationError:
        return None
