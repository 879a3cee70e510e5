"""Load and validate a dataset file (TOML or JSON, one schema), verify its quotes. Pure: no Qt.

Every problem is collected before anything is reported, so a user fixes a file in one pass.
Each :class:`Problem` names the file, the item (``event 'iris-killed'``) and the field, and
says what was expected. The file is treated as untrusted: sizes are bounded, nothing is
evaluated, and snapshot paths cannot leave the dataset's folder (see docs/security.md).

Two paths, one outcome: a well-formed file is validated in one pass by msgspec
(:mod:`viewer.dataset.schema`); one that is not is checked item by item with pydantic
(:mod:`viewer.dataset.problems`) to word every problem. Both feed the same :class:`_Builder`,
which resolves references, dates and quotes, and stores the events as columns
(:class:`~viewer.core.model.EventTable`).
"""

from __future__ import annotations

import codecs
import mmap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from viewer.core.model import Dataset
from viewer.dataset import schema
from viewer.dataset.build import _Builder, _Stopped, build_dataset
from viewer.dataset.errors import DatasetError, Problem
from viewer.dataset.parse import parse_document
from viewer.dataset.read import gc_paused, read_file, read_into_releasable_memory, release_read_pages
from viewer.dataset.schema import Document
from viewer.dataset.slices import split_document


def load_dataset(path: str | Path, on_progress: Callable[[float], None] | None = None,
                 release_memory: Callable[[], None] | None = None) -> Dataset:
    """Read, validate and resolve a dataset file; raises :class:`DatasetError` with every problem.

    ``on_progress(share)`` is told how much of the work is done (0–1) as a big JSON file is read
    a slice at a time: reading its events is the first :data:`READ_SHARE` of it, working the
    table out (dates, quotes, ids) the rest. Whatever it raises stops the load and propagates.
    ``release_memory()`` is called when much memory has just been freed, before more is needed
    (the app hands it back to the system: :func:`viewer.memory.return_free_memory`)."""
    path = Path(path)
    suffix = path.suffix.lower()
    with gc_paused():
        if suffix == ".json":
            dataset = _load_in_slices(path, on_progress or (lambda share: None), release_memory or (lambda: None))
            if dataset is not None:
                return dataset
            if on_progress is not None:
                on_progress(0.0)  # starting again, the careful way (and a last chance to stop)
        raw = read_document(path)
        if is_timelinejs(raw):  # a common mistake: the right tool is Import, not Open
            raise DatasetError.single(path.name or str(path), TIMELINEJS_INSTEAD)
        return build_dataset(raw, path=path)


def _load_in_slices(path: Path, on_progress: Callable[[float], None],
                    release_memory: Callable[[], None] = lambda: None) -> Dataset | None:
    """A JSON file whose events are read a slice at a time (:mod:`viewer.dataset.slices`): the
    dataset, or None when the file is not fine in every respect (the careful path then reads it
    again, whole, and words every problem). What ``on_progress`` raises propagates."""
    try:
        buffer = read_file(path, read_into_releasable_memory)
    except DatasetError:
        return None
    try:
        if len(buffer) > schema.MAX_FILE_BYTES:  # it grew while being read
            return None
        view = memoryview(buffer)
        skip = len(codecs.BOM_UTF8) if view[:len(codecs.BOM_UTF8)] == codecs.BOM_UTF8 else 0
        released = [0]
        split = split_document(view[skip:], release=lambda upto: release_read_pages(buffer, released, skip + upto))
        del view  # the slices hold the file until the last is read: the table is made without it
        if split is None:
            return None
        document, slices = split
        return _Builder(path.name or str(path), path, on_progress, release_memory).build_document(document, slices)
    except _Stopped as stopped:
        raise stopped.__cause__ from None  # type: ignore[misc]
    except Exception:  # noqa: BLE001 (too deep, a surrogate, a bad cut...: the careful path is the authority)
        return None
    finally:
        if isinstance(buffer, mmap.mmap):
            try:
                buffer.close()
            except BufferError:  # a traceback still holds a view of it: it goes with the traceback
                pass


TIMELINEJS_INSTEAD = ("is a TimelineJS3 timeline, not a Factline dataset; make a dataset of it with File ▸ Import… "
                      "or 'factline import FILE -o NEW.toml'")


def is_timelinejs(raw: Document | dict[str, Any]) -> bool:
    """Whether parsed data is a TimelineJS3 document (slides with a ``start_date``, no ``format``)
    rather than a broken Factline dataset, whose problems would be listed field by field."""
    if not isinstance(raw, dict) or "format" in raw or not isinstance(raw.get("events"), list):
        return False
    return any(isinstance(event, dict) and "start_date" in event for event in raw["events"][:50])


def read_document(path: Path) -> Document | dict[str, Any]:
    """Parse a .toml or .json file, with size limits and clear errors (see :func:`parse_document`)."""
    return parse_document(read_file(path), path.name or str(path), path.suffix.lower())


__all__ = ["DatasetError", "Problem", "build_dataset", "load_dataset", "parse_document", "read_document"]
