"""The edits a user can make, each a small object that changes a :class:`~viewer.editing.tree.Tree`
and names itself for the Edit menu ("Undo Edit event ‘…’"). Pure: no Qt.

An operation only changes the tree: whether the result is a valid dataset is the loader's to say
(:meth:`~viewer.editing.document.DatasetDocument.prepare`). An operation that names an item the
file does not have raises :class:`NotInFile`."""

from __future__ import annotations

from dataclasses import dataclass, field

from viewer.dataset.errors import clip
from viewer.editing.fields import (CitationFields, EpisodeFields, EventFields, LinkFields, SourceFields,
                                   TrackFields)
from viewer.editing.tree import Tree


class NotInFile(Exception):
    """The item an edit names is not (or no longer) in the file."""


class Operation:
    """One edit of a dataset file."""

    @property
    def name(self) -> str:
        """What the edit does, in words, for the Edit menu and the status bar."""
        raise NotImplementedError

    def change(self, tree: Tree) -> None:
        raise NotImplementedError


def _index(tree: Tree, section: str, key: str, value: object, noun: str) -> int:
    index = tree.find(section, key, value)
    if index is None:
        raise NotInFile(f"the dataset has no {noun} {value!r}")
    return index


def _quoted(title: str) -> str:
    return f"‘{clip(title, 40)}’"


@dataclass(frozen=True)
class AddEvent(Operation):
    """A new event with its first citation (every event cites a source)."""

    id: str
    event: EventFields
    citation: CitationFields

    @property
    def name(self) -> str:
        return f"Add event {_quoted(self.event.title)}"

    def change(self, tree: Tree) -> None:
        tree.append("events", {"id": self.id, **self.event.fields()}, {"citations": [self.citation.fields()]})


@dataclass(frozen=True)
class EditEvent(Operation):
    """New values for an event's fields; those the form left empty are removed from the file."""

    id: str
    event: EventFields

    @property
    def name(self) -> str:
        return f"Edit event {_quoted(self.event.title)}"

    def change(self, tree: Tree) -> None:
        index = _index(tree, "events", "id", self.id, "event")
        old = EventFields.of(tree.section("events")[index]).fields()
        new = self.event.fields()
        tree.update("events", index, {key: value for key, value in new.items() if value != old.get(key)})


@dataclass(frozen=True)
class DeleteEvent(Operation):
    """An event and every link from or to it (a link to nothing would not load)."""

    id: str
    title: str = ""

    @property
    def name(self) -> str:
        return f"Delete event {_quoted(self.title or self.id)}"

    def change(self, tree: Tree) -> None:
        index = _index(tree, "events", "id", self.id, "event")
        links = tree.section("links")
        for i in reversed(range(len(links))):
            if self.id in (links[i].get("from"), links[i].get("to")):
                tree.remove("links", i)
        tree.remove("events", index)


@dataclass(frozen=True)
class AddCitation(Operation):
    event_id: str
    citation: CitationFields
    event_title: str = ""

    @property
    def name(self) -> str:
        return f"Cite {self.citation.source} for {_quoted(self.event_title or self.event_id)}"

    def change(self, tree: Tree) -> None:
        index = _index(tree, "events", "id", self.event_id, "event")
        tree.append_child("events", index, "citations", self.citation.fields())


@dataclass(frozen=True)
class AddTrack(Operation):
    track: TrackFields

    @property
    def name(self) -> str:
        return f"Add track {_quoted(self.track.name)}"

    def change(self, tree: Tree) -> None:
        tree.append("tracks", self.track.fields())


@dataclass(frozen=True)
class EditTrack(Operation):
    """A track's name, axis or colour (its id stays: events name it)."""

    id: str
    track: TrackFields

    @property
    def name(self) -> str:
        return f"Edit track {_quoted(self.track.name)}"

    def change(self, tree: Tree) -> None:
        index = _index(tree, "tracks", "id", self.id, "track")
        old = tree.section("tracks")[index]
        new = {k: v for k, v in self.track.fields().items() if k != "id"}
        tree.update("tracks", index, {k: v for k, v in new.items() if v != old.get(k)})


@dataclass(frozen=True)
class AddEpisode(Operation):
    episode: EpisodeFields

    @property
    def name(self) -> str:
        return f"Add episode {self.episode.number}"

    def change(self, tree: Tree) -> None:
        tree.append("episodes", self.episode.fields())


@dataclass(frozen=True)
class EditEpisode(Operation):
    """An episode's title or running time (its number stays: plot points name it)."""

    number: int
    episode: EpisodeFields

    @property
    def name(self) -> str:
        return f"Edit episode {self.number}"

    def change(self, tree: Tree) -> None:
        index = _index(tree, "episodes", "number", self.number, "episode")
        old = tree.section("episodes")[index]
        new = {k: v for k, v in self.episode.fields().items() if k != "number"}
        tree.update("episodes", index, {k: v for k, v in new.items() if v != old.get(k)})


@dataclass(frozen=True)
class AddLink(Operation):
    link: LinkFields
    citations: tuple[CitationFields, ...] = field(default=())
    titles: tuple[str, str] | None = None
    """The titles of the two events, to name the edit by (else their ids)."""

    @property
    def name(self) -> str:
        first, second = self.titles or (self.link.from_id, self.link.to_id)
        return f"Link {_quoted(first)} to {_quoted(second)}"

    def change(self, tree: Tree) -> None:
        children = {"citations": [c.fields() for c in self.citations]} if self.citations else {}
        tree.append("links", self.link.fields(), children)


@dataclass(frozen=True)
class RemoveLink(Operation):
    """The first link from ``from_id`` to ``to_id`` of this type."""

    link: LinkFields
    titles: tuple[str, str] | None = None

    @property
    def name(self) -> str:
        first, second = self.titles or (self.link.from_id, self.link.to_id)
        return f"Remove link {_quoted(first)} → {_quoted(second)}"

    def change(self, tree: Tree) -> None:
        links = tree.section("links")
        for i, item in enumerate(links):
            if (item.get("from"), item.get("to"), item.get("type")) == (self.link.from_id, self.link.to_id, self.link.type):
                tree.remove("links", i)
                return
        raise NotInFile(f"the dataset has no {self.link.type} link from {self.link.from_id!r} to {self.link.to_id!r}")


@dataclass(frozen=True)
class AddSource(Operation):
    """A source; its snapshot, if any, is already written beside the dataset."""

    source: SourceFields

    @property
    def name(self) -> str:
        return f"Add source {_quoted(self.source.title)}"

    def change(self, tree: Tree) -> None:
        tree.append("sources", self.source.fields())
