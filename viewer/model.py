"""The dataset's domain objects: frozen, plain, and free of Qt.

A :class:`Dataset` is what :mod:`viewer.dataset` builds from a file after validating it and
verifying every quote; views only read it. Selection and visible ranges are view state
(:mod:`viewer.state`), never fields here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from viewer.dates import DateBounds


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


@dataclass(frozen=True)
class Dataset:
    """A validated dataset: every reference resolved, every quote found in its snapshot."""

    path: Path | None
    title: str
    sources: dict[str, Source]
    tracks: tuple[Track, ...]
    events: tuple[Event, ...]
    links: tuple[Link, ...] = ()
    episodes: tuple[Episode, ...] = ()
    description: str | None = None
    _by_id: dict[str, Event] = field(default_factory=dict, repr=False, compare=False)
    _links_by_event: dict[str, tuple[Link, ...]] = field(default_factory=dict, repr=False, compare=False)
    cache: dict[object, object] = field(default_factory=dict, repr=False, compare=False)
    """Derived data that views compute once per dataset (search text, event order)."""

    def __post_init__(self) -> None:
        self._by_id.update((e.id, e) for e in self.events)
        grouped: dict[str, list[Link]] = {}
        for link in self.links:
            grouped.setdefault(link.from_id, []).append(link)
            grouped.setdefault(link.to_id, []).append(link)
        self._links_by_event.update((k, tuple(v)) for k, v in grouped.items())

    def event(self, event_id: str) -> Event:
        return self._by_id[event_id]

    def has_event(self, event_id: str) -> bool:
        return event_id in self._by_id

    def track(self, track_id: str) -> Track:
        for track in self.tracks:
            if track.id == track_id:
                return track
        raise KeyError(track_id)

    def tracks_on(self, axis: AxisKind) -> tuple[Track, ...]:
        return tuple(t for t in self.tracks if t.axis is axis)

    def events_in(self, track_id: str) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.track_id == track_id)

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
        return tuple(e for e in self.events if e.verdict is not None)

    def verdict_counts(self) -> dict[Verdict, int]:
        """Plot points per verdict, in the enum's order, zeros included."""
        counts = Counter(e.verdict for e in self.plot_points)
        return {v: counts.get(v, 0) for v in Verdict}

    @property
    def quotes_verified(self) -> int:
        return sum(1 for c in self.all_citations() if c.span is not None)

    def all_citations(self) -> list[Citation]:
        return [c for e in self.events for c in e.citations] + [c for l in self.links for c in l.citations]
