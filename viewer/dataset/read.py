"""Reading a dataset's bytes and its snapshots, refusing what is not a file of the right kind and
size, and what lies outside the dataset's folder (see docs/security.md). Also the garbage
collector's pause while a dataset is built."""

from __future__ import annotations

import gc
import mmap
import os
import re
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from viewer.dataset import schema
from viewer.core.model import Dataset
from viewer.dataset.errors import DatasetError, clip

SUFFIXES = (".toml", ".json")


_gc_lock = threading.Lock()


_gc_pauses = 0


_gc_was_enabled = [True]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a dataset is built: a million events are millions
    of new objects, which would trigger dozens of full collections (over half of the load time)
    although none of them can form a cycle."""
    global _gc_pauses
    with _gc_lock:  # a load on the GUI thread may overlap one in the background: count them
        if _gc_pauses == 0:
            _gc_was_enabled[0] = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled[0]:
                gc.enable()


def read_file(path: Path, reader: Callable[[Path, int], bytes | mmap.mmap] | None = None) -> bytes | mmap.mmap:
    """A dataset file's bytes, refusing what is not one (wrong type, too big, not a file);
    ``reader(path, limit)`` reads them (default: into a bytes object)."""
    name = path.name or str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DatasetError.single(name, f"unknown file type {suffix or '(none)'!r}; expected .toml or .json")
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
            raise DatasetError.single(name, f"is not a regular file (a pipe or device would block reading): {path}")
        if info.st_size > schema.MAX_FILE_BYTES:
            raise DatasetError.single(name, f"file is {info.st_size:,} bytes; the limit is {schema.MAX_FILE_BYTES:,}")
        data = (reader or read_at_most)(path, schema.MAX_FILE_BYTES)  # the file may grow after stat()
    except DatasetError:
        raise
    except FileNotFoundError:
        raise DatasetError.single(name, f"file not found: {path}") from None
    except IsADirectoryError:
        raise DatasetError.single(name, f"is a folder, expected a .toml or .json file: {path}") from None
    except OSError as exc:
        raise DatasetError.single(name, f"cannot read file: {exc.strerror or exc}") from None
    return data


def read_into_releasable_memory(path: Path, limit: int) -> bytes | mmap.mmap:
    """The file's bytes in private memory whose pages can be handed back to the system once
    read (:func:`release_read_pages`), so that a big file is not held whole while its events
    become columns; bytes where that cannot be done (an empty or oversized file, no mmap)."""
    with path.open("rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        if not 0 < size <= limit or not hasattr(mmap, "MAP_ANONYMOUS") or not hasattr(mmap.mmap, "madvise"):
            return stream.read(limit + 1)
        buffer = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
        if stream.readinto(buffer) == size and not stream.read(1):
            return buffer
        stream.seek(0)  # the file changed size while being read: read what it is now
        return stream.read(limit + 1)


def release_read_pages(buffer: bytes | mmap.mmap, released: list[int], upto: int) -> None:
    """Hand back the pages of ``buffer`` wholly before offset ``upto`` (``released[0]``: how far
    that has been done already). Nothing is read there again."""
    end = upto // mmap.PAGESIZE * mmap.PAGESIZE
    if isinstance(buffer, mmap.mmap) and end > released[0]:
        buffer.madvise(mmap.MADV_DONTNEED, released[0], end - released[0])
        released[0] = end


def read_at_most(path: Path, limit: int) -> bytes:
    """The file's bytes, but never more than ``limit + 1`` of them (callers report the excess)."""
    with path.open("rb") as stream:
        return stream.read(limit + 1)


class SnapshotError(Exception):
    """A snapshot that cannot be read under the rules above; the message says why, in words."""


def snapshot_target(folder: Path, relative: str) -> Path:
    """The file a source's ``snapshot`` names, resolved (symbolic links too) inside ``folder``."""
    if Path(relative).is_absolute() or relative.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", relative):
        raise SnapshotError(f"{relative!r} is an absolute path; expected a path relative to the dataset's folder")
    if "\x00" in relative:
        raise SnapshotError(f"{clip(relative)!r} contains a NUL character; expected a file name")
    try:
        target = (folder / relative).resolve()  # resolves symlinks too, so links out are caught
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        raise SnapshotError(f"{relative!r} cannot be resolved (a symbolic link loop?)") from None
    if not target.is_relative_to(folder):
        raise SnapshotError(f"{relative!r} leads outside the dataset's folder ({folder}); snapshots must live inside it")
    return target


def read_snapshot(target: Path, relative: str) -> str:
    """A snapshot's text: a regular file of at most MAX_SNAPSHOT_BYTES, in UTF-8."""
    return decode_snapshot(read_snapshot_bytes(target, relative), relative)


def decode_snapshot(data: bytes, relative: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SnapshotError(f"{relative!r} is not UTF-8 text") from None


def read_snapshot_bytes(target: Path, relative: str) -> bytes:
    """A snapshot's bytes (for its text and its hash), under the limits of :func:`read_snapshot`."""
    limit = schema.MAX_SNAPSHOT_BYTES
    try:
        info = target.stat()
        if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
            raise SnapshotError(f"{relative!r} is not a regular file (a pipe or device would block reading)")
        data = b"" if info.st_size > limit else read_at_most(target, limit)
        if info.st_size > limit or len(data) > limit:
            raise SnapshotError(f"{relative!r} is {max(info.st_size, len(data)):,} bytes; the limit is {limit:,}")
        return data
    except FileNotFoundError:
        raise SnapshotError(f"file {relative!r} not found next to the dataset") from None
    except OSError as exc:
        raise SnapshotError(f"cannot read {relative!r}: {exc.strerror or exc}") from None


def current_snapshot_texts(dataset: Dataset) -> dict[str, str | None]:
    """Each snapshot's text as it is on disk now, by source id; None where it is gone or can no
    longer be read under the loader's rules (for a dataset on screen whose reload failed)."""
    if dataset.path is None:
        return {sid: None for sid, source in dataset.sources.items() if source.snapshot is not None}
    folder = dataset.path.resolve().parent
    texts: dict[str, str | None] = {}
    for sid, source in dataset.sources.items():
        if source.snapshot is None:
            continue
        try:  # the path was resolved at load; resolved again, a link out of the folder is refused
            target = snapshot_target(folder, str(source.snapshot.resolve().relative_to(folder)))
            texts[sid] = read_snapshot(target, source.snapshot.name)
        except (SnapshotError, OSError, RuntimeError, ValueError):  # ValueError: it has left the folder
            texts[sid] = None
    return texts
