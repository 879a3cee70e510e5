"""Making a dataset from the command line: a new one with the usual tracks, and a source added
from a saved page or a text file, with its snapshot beside the dataset. Pure: no Qt.

The TOML is edited with tomlkit, so the comments and layout of everything else survive. Every
change is checked by the loader's own rules before anything is kept: a refusal writes nothing."""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import unicodedata
from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path

import tomlkit

from viewer.core.files import WriteError, write_atomically
from viewer.dataset import schema
from viewer.dataset.build import build_dataset
from viewer.dataset.errors import DatasetError
from viewer.dataset.load import load_dataset
from viewer.dataset.pages import MAX_PAGE_BYTES, Page, PageError, html_page, text_file
from viewer.dataset.parse import parse_document
from viewer.dataset.read import read_at_most

STARTER_TRACKS = (
    {"id": "real-life", "name": "Real life", "axis": "calendar", "color": "#2f7ed8"},
    {"id": "making-of", "name": "Making of", "axis": "calendar", "color": "#e08a1e"},
    {"id": "on-screen", "name": "On screen", "axis": "narrative", "color": "#c2417a"},
)
"""The bundled dataset's three tracks (tests/test_add_source.py keeps them the same)."""

SNAPSHOT_FOLDER = "sources"
_MAX_SLUG = 80


class AuthoringError(Exception):
    """A refused command; the message names the file and says why. Nothing was written."""


def slug(text: str, fallback: str) -> str:
    """A safe file name and id from ``text``: lower-case ASCII letters, digits and single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return words[:_MAX_SLUG].rstrip("-") or fallback


# -- factline new ---------------------------------------------------------------------------------

def new_dataset(folder: Path, title: str) -> Path:
    """Create ``folder`` (absent or empty) holding a dataset with the usual tracks; its path."""
    title = title.strip()
    if not title or len(title) > schema.MAX_TITLE:
        raise AuthoringError(f"--title: expected 1–{schema.MAX_TITLE} characters")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise AuthoringError(f"{folder}: {'is not a folder' if not folder.is_dir() else 'is not empty'}; "
                             "choose a new or empty folder")
    target = folder / f"{slug(title, 'dataset')}.toml"
    text = starter_toml(title)
    build_dataset(parse_document(text.encode("utf-8"), target.name, ".toml"), path=target)  # the loader's rules
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(target, text.encode("utf-8"))
    except (OSError, WriteError) as exc:
        raise AuthoringError(str(exc)) from None
    return target


def starter_toml(title: str) -> str:
    """A dataset with a title, no sources or events yet, and the three usual tracks."""
    doc = tomlkit.document()
    doc.add(tomlkit.comment("Format: docs/dataset-format.md. Add sources with 'factline add-source'."))
    doc.add("format", schema.FORMAT_VERSION)
    doc.add("title", title)
    doc.add("sources", tomlkit.array())
    doc.add("events", tomlkit.array())
    doc.add(tomlkit.nl())
    tracks = tomlkit.aot()
    for track in STARTER_TRACKS:
        tracks.append(tomlkit.item(dict(track)))
    doc.add("tracks", tracks)
    return tomlkit.dumps(doc)


# -- factline add-source --------------------------------------------------------------------------

@dataclass(frozen=True)
class SourceFields:
    """What the user gave on the command line (None: take it from the page, or leave it out)."""

    title: str | None = None
    url: str | None = None
    id: str | None = None
    author: str | None = None
    date: str | None = None


def read_page(file: Path) -> Page:
    """The snapshot text (and metadata) of a saved .html/.htm page or a .txt file."""
    suffix = file.suffix.lower()
    if suffix not in (".html", ".htm", ".txt"):
        raise AuthoringError(f"{file.name}: unknown file type {suffix or '(none)'!r}; expected .html, .htm or .txt")
    limit = MAX_PAGE_BYTES if suffix != ".txt" else schema.MAX_SNAPSHOT_BYTES
    try:
        if not file.is_file():
            raise AuthoringError(f"{file}: not found, or not a regular file")
        data = read_at_most(file, limit)
        return text_file(data, file.name) if suffix == ".txt" else html_page(data, file.name)
    except PageError as exc:
        raise AuthoringError(str(exc)) from None
    except OSError as exc:
        raise AuthoringError(f"{file}: cannot read it: {exc.strerror or exc}") from None


def add_source(dataset_path: Path, file: Path, given: SourceFields, today: datetime.date | None = None) -> str:
    """Add ``file`` as a source of the TOML dataset, its snapshot in sources/; the new id."""
    if dataset_path.suffix.lower() != ".toml":
        raise AuthoringError(f"{dataset_path.name}: add-source edits .toml datasets only")
    try:
        existing = load_dataset(dataset_path)
        original = dataset_path.read_text(encoding="utf-8")
    except DatasetError as exc:
        raise AuthoringError(f"{dataset_path.name} does not load; fix it first:\n{exc}") from None
    page = read_page(file)
    title = given.title or page.title or file.stem
    sid = given.id or _free(slug(title, "source"), existing.sources)
    if given.id is not None and given.id in existing.sources:
        raise AuthoringError(f"--id: the dataset already has a source '{given.id}'")
    folder = dataset_path.resolve().parent / SNAPSHOT_FOLDER
    snapshot = page.text.encode("utf-8")
    name = _free_file_name(folder, slug(sid, "source"))
    table = {"id": sid, "title": title, "author": given.author or page.author, "date": given.date or page.date,
             "url": given.url or page.url, "snapshot": f"{SNAPSHOT_FOLDER}/{name}",
             "retrieved": (today or datetime.date.today()).isoformat(), "sha256": hashlib.sha256(snapshot).hexdigest()}
    text = with_source(original, {k: v for k, v in table.items() if v is not None})
    _write_both(dataset_path, text, folder / name, snapshot)
    return sid


def with_source(toml_text: str, source: dict[str, str]) -> str:
    """The TOML text with one more [[sources]] table; everything else as it was."""
    doc = tomlkit.parse(toml_text)
    table = tomlkit.table()
    table.update(source)
    table.add(tomlkit.nl())  # a blank line before whatever comes next
    sources = doc.get("sources")
    if isinstance(sources, tomlkit.items.AoT):
        for _, trivia in _comments_after(sources[-1]):  # they introduce the next section: keep them before it
            table.add(trivia)
        sources.append(table)
    else:  # 'sources = []' (a new dataset): tables go after every top-level key, so at the end
        if sources is not None:
            del doc["sources"]
        tables = tomlkit.aot()
        tables.append(table)
        if not doc.as_string().endswith("\n\n"):
            doc.add(tomlkit.nl())
        doc.add("sources", tables)
    return tomlkit.dumps(doc)


def _comments_after(table: tomlkit.items.Table) -> list:
    """Take the comments (and the blank lines among them) that end ``table``'s body: tomlkit counts
    a comment above the next section as part of the table before it."""
    body = table.value.body
    start = len(body)
    while start > 0 and body[start - 1][0] is None:
        start -= 1
    first_comment = next((i for i in range(start, len(body)) if isinstance(body[i][1], tomlkit.items.Comment)), None)
    if first_comment is None:
        return []
    tail = body[first_comment:]
    del body[first_comment:]
    return tail


def _write_both(dataset_path: Path, text: str, snapshot_path: Path, snapshot: bytes) -> None:
    """Write the snapshot (a new file, never over one) and the dataset; both or neither."""
    created_folder = not snapshot_path.parent.exists()
    try:
        snapshot_path.parent.mkdir(exist_ok=True)
        os.close(os.open(snapshot_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))  # claims the name
    except OSError as exc:
        raise AuthoringError(f"cannot write {snapshot_path}: {exc.strerror or exc}") from None
    try:
        write_atomically(snapshot_path, snapshot)
        build_dataset(parse_document(text.encode("utf-8"), dataset_path.name, ".toml"), path=dataset_path)
        write_atomically(dataset_path, text.encode("utf-8"))
    except (DatasetError, WriteError) as exc:
        snapshot_path.unlink(missing_ok=True)
        if created_folder:
            try:
                snapshot_path.parent.rmdir()
            except OSError:
                pass
        raise AuthoringError(f"the source was not added; nothing was written:\n{exc}") from None


def _free(base: str, taken: Container[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is not in ``taken``."""
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _free_file_name(folder: Path, base: str) -> str:
    """``base``.txt, or ``base``-2.txt…, whichever no file in ``folder`` has yet."""
    existing = {p.stem for p in folder.glob("*.txt")} if folder.is_dir() else set()
    return f"{_free(base, existing)}.txt"
