"""Making a dataset: a new one with the usual tracks (``factline new``, File ▸ New…), and reading
a saved page or a text file to become a source's snapshot. Pure: no Qt.

Adding the source to a dataset is an edit like any other: :func:`viewer.editing.sources.add_source_file`
(``factline add-source``) and the app's Add source… go through :mod:`viewer.editing`."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path

import tomlkit

from viewer.core.files import WriteError, write_atomically
from viewer.dataset import schema
from viewer.dataset.build import build_dataset
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

def free_id(base: str, taken: Container[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is not taken."""
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


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
