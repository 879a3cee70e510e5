"""What a form gives for each kind of item, as the file writes it. Pure: no Qt.

Each ``*Fields`` holds the values of one item; ``None`` (or an empty text or list) means the
field is left out of the file. ``fields()`` gives them by the file's key, in the documented order,
for :class:`~viewer.editing.tree.Tree`; ``of(item)`` reads them back from a file's item."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


def _text(value: Any) -> str | None:
    """A text field as written: surrounding space dropped, an empty text left out."""
    if value is None:
        return None
    value = str(value).strip()
    return value or None


@dataclass(frozen=True)
class EventFields:
    """An event: a real one (``when``) or a plot point (``episode``…). The id is not here: it is
    set when the event is added and never changes (links and citations name it)."""

    track: str
    title: str
    when: str | None = None
    episode: int | None = None
    minute: float | None = None
    episode_end: int | None = None
    summary: str | None = None
    people: tuple[str, ...] = ()
    verdict: str | None = None
    disputed: str | None = None
    inference: str | None = None

    def fields(self) -> dict[str, Any]:
        people = [p for p in (_text(p) for p in self.people) if p]
        return {"track": self.track, "title": self.title.strip(), "when": _text(self.when),
                "episode": self.episode, "episode_end": self.episode_end, "minute": self.minute,
                "people": people or None, "summary": _text(self.summary), "verdict": self.verdict or None,
                "inference": _text(self.inference), "disputed": _text(self.disputed)}

    @classmethod
    def of(cls, item: Mapping[str, Any]) -> EventFields:
        return cls(track=item["track"], title=item["title"], when=item.get("when"), episode=item.get("episode"),
                   minute=item.get("minute"), episode_end=item.get("episode_end"), summary=item.get("summary"),
                   people=tuple(item.get("people") or ()), verdict=item.get("verdict"),
                   disputed=item.get("disputed"), inference=item.get("inference"))


@dataclass(frozen=True)
class CitationFields:
    """A citation: a verbatim quote (from a source with a snapshot) or a note of our own."""

    source: str
    quote: str | None = None
    note: str | None = None
    stance: str = "supports"

    def fields(self) -> dict[str, Any]:
        # the quote exactly as selected: verification normalises space, the file keeps it
        quote = self.quote if self.quote and self.quote.strip() else None
        return {"source": self.source, "quote": quote, "note": _text(self.note),
                "stance": None if self.stance == "supports" else self.stance}  # 'supports' is the default


@dataclass(frozen=True)
class TrackFields:
    id: str
    name: str
    axis: str
    color: str

    def fields(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name.strip(), "axis": self.axis, "color": self.color.lower()}

    @classmethod
    def of(cls, item: Mapping[str, Any]) -> TrackFields:
        return cls(item["id"], item["name"], item["axis"], item["color"])


@dataclass(frozen=True)
class EpisodeFields:
    number: int
    title: str | None = None
    minutes: float | None = None
    """None: the format's default (50 minutes)."""
    aired: str | None = None
    """EDTF date it was first shown; None: not known."""

    def fields(self) -> dict[str, Any]:
        return {"number": self.number, "title": _text(self.title), "minutes": self.minutes, "aired": _text(self.aired)}

    @classmethod
    def of(cls, item: Mapping[str, Any]) -> EpisodeFields:
        return cls(item["number"], item.get("title"), item.get("minutes"), item.get("aired"))


@dataclass(frozen=True)
class LinkFields:
    """A typed relation from a plot point (``from_id``) to what inspired it (``to_id``)."""

    from_id: str
    to_id: str
    type: str = "inspired-by"
    note: str | None = None

    def fields(self) -> dict[str, Any]:
        return {"from": self.from_id, "to": self.to_id, "type": self.type, "note": _text(self.note)}

    @classmethod
    def of(cls, item: Mapping[str, Any]) -> LinkFields:
        return cls(item["from"], item["to"], item["type"], item.get("note"))


@dataclass(frozen=True)
class SourceFields:
    id: str
    title: str
    publisher: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    snapshot: str | None = None
    """Path of the snapshot, relative to the dataset's folder (``sources/x.txt``)."""
    retrieved: str | None = None
    sha256: str | None = None

    def fields(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title.strip(), "publisher": _text(self.publisher),
                "author": _text(self.author), "date": _text(self.date), "url": _text(self.url),
                "snapshot": self.snapshot, "retrieved": self.retrieved, "sha256": self.sha256}
