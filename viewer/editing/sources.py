"""A new source from a saved page, a text file or pasted text: its snapshot written beside the
dataset under a safe, unused name, and the fields the user confirms. Pure: no Qt.

The page is read by :mod:`viewer.dataset.pages` (bounded, decoded by its declared charset, its main
text extracted by trafilatura: nothing runs, nothing is fetched)."""

from __future__ import annotations

import datetime
import hashlib
import os
from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path

from viewer.core.files import WriteError, write_atomically
from viewer.dataset.authoring import SNAPSHOT_FOLDER, AuthoringError, free_id, read_page, slug
from viewer.dataset.authoring import SourceFields as GivenFields
from viewer.dataset.pages import Page, text_file
from viewer.editing.document import DatasetDocument, EditRefused, NotEditable
from viewer.editing.fields import SourceFields
from viewer.editing.operations import AddSource


class SnapshotRefused(Exception):
    """The snapshot could not be written; the message names the file and says why."""


def pasted_page(text: str) -> Page:
    """Pasted text as a page (the limits and checks of a .txt file)."""
    from viewer.dataset.pages import PageError

    try:
        return text_file(text.encode("utf-8"), "the pasted text")
    except PageError as exc:
        raise SnapshotRefused(str(exc)) from None


def title_from_file_name(file: Path) -> str:
    """A title to propose for a text file, which names nothing itself: its name without the
    suffix, underscores and dashes read as spaces ("apollo13-crew_notes.txt" -> "apollo13 crew notes")."""
    return " ".join(file.stem.replace("_", " ").replace("-", " ").split())


@dataclass(frozen=True)
class PlannedSource:
    """A source ready to add: its fields, and the snapshot file to write first."""

    fields: SourceFields
    target: Path
    data: bytes


def plan_source(dataset_path: Path, page: Page, title: str, taken_ids: Container[str], publisher: str | None = None,
                author: str | None = None, date: str | None = None, url: str | None = None,
                today: datetime.date | None = None, source_id: str | None = None) -> PlannedSource:
    """The source for ``page`` with the user's fields; its snapshot goes to sources/ beside the
    dataset, under a name made from its id that no file there has. Its id is ``source_id`` if
    given, else one made from the title."""
    sid = source_id or free_id(slug(title, "source"), taken_ids)
    folder = dataset_path.resolve().parent / SNAPSHOT_FOLDER
    existing = {p.name for p in folder.iterdir()} if folder.is_dir() else set()
    name = free_id(slug(sid, "source"), {Path(n).stem for n in existing if n.endswith(".txt")}) + ".txt"
    data = page.text.encode("utf-8")
    fields = SourceFields(sid, title, publisher=publisher, author=author, date=date, url=url,
                          snapshot=f"{SNAPSHOT_FOLDER}/{name}", retrieved=(today or datetime.date.today()).isoformat(),
                          sha256=hashlib.sha256(data).hexdigest())
    return PlannedSource(fields, folder / name, data)


def add_source_file(dataset_path: Path, file: Path, given: GivenFields, today: datetime.date | None = None) -> str:
    """``factline add-source``: add ``file`` (a saved page or a text file) as a source of the TOML
    dataset, through the same document and loader checks as the app's Add source…; the new id.
    Nothing is written (:class:`AuthoringError` says why) unless the loader accepts the result."""
    if dataset_path.suffix.lower() != ".toml":
        raise AuthoringError(f"{dataset_path.name}: add-source edits .toml datasets only")
    try:
        document = DatasetDocument.open(dataset_path)
    except NotEditable as exc:
        raise AuthoringError(str(exc)) from None
    page = read_page(file)
    if given.id is not None and given.id in document.dataset.sources:
        raise AuthoringError(f"--id: the dataset already has a source '{given.id}'")
    planned = plan_source(dataset_path, page, given.title or page.title or file.stem, document.dataset.sources,
                          author=given.author or page.author, date=given.date or page.date, url=given.url or page.url,
                          today=today, source_id=given.id)
    try:
        write_snapshot(planned)
    except SnapshotRefused as exc:
        raise AuthoringError(str(exc)) from None
    try:
        document.prepare(AddSource(planned.fields)).apply(document)
        document.save()
    except (EditRefused, WriteError) as exc:
        remove_snapshot(planned)
        raise AuthoringError(f"the source was not added; nothing was written:\n{exc}") from None
    return planned.fields.id


def write_snapshot(planned: PlannedSource) -> None:
    """Write the snapshot as a new file: never over another one (the name is claimed first)."""
    target = planned.target
    try:
        target.parent.mkdir(exist_ok=True)
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    except OSError as exc:
        raise SnapshotRefused(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        write_atomically(target, planned.data)
    except WriteError as exc:
        target.unlink(missing_ok=True)
        raise SnapshotRefused(str(exc)) from None


def remove_snapshot(planned: PlannedSource) -> None:
    """Take back a snapshot written for a source the loader then refused (and the sources/
    folder, if it made that and it is empty again)."""
    planned.target.unlink(missing_ok=True)
    try:
        planned.target.parent.rmdir()  # only if empty
    except OSError:
        pass
