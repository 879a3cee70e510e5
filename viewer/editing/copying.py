"""A copy of a dataset in another folder: its file and every snapshot it cites, each at the path
the file gives it, so the copy opens and verifies as the original does. How the bundled dataset
is edited (it is never edited in place) and how a case is handed to someone else."""

from __future__ import annotations

import os
from pathlib import Path

from viewer.core.files import WriteError, check_target, write_atomically
from viewer.core.model import Dataset
from viewer.dataset.read import SnapshotError, read_snapshot_bytes


def copy_dataset(dataset: Dataset, text: bytes, target: Path, suffix_added: bool = False) -> Path:
    """Write ``text`` (the dataset's file as it is now, edits included) to ``target`` and each
    snapshot the dataset cites beside it; the target's path (with the original's suffix when it
    has none: then, as when ``suffix_added``, an existing file of that name is refused, since no
    one was asked about replacing it). Raises :class:`WriteError`, leaving nothing it wrote, when
    a file cannot be written, is the original itself or would replace a different file."""
    original = _original(dataset)
    if not target.suffix:
        target, suffix_added = target.with_suffix(original.suffix), True
    _check_target(original, target, suffix_added)
    into = Path(os.path.abspath(target.parent))
    snapshots = _snapshots(dataset, into)
    written: list[Path] = []
    try:
        for data, copy in snapshots:  # snapshots first: a dataset file is never left without them
            if _missing(copy, data):
                _make_folders(copy.parent, into, written)
                write_atomically(copy, data)
                written.append(copy)
        write_atomically(target, text)
    except BaseException:
        _remove(written)
        raise
    return target


def _original(dataset: Dataset) -> Path:
    if dataset.path is None:
        raise WriteError("this dataset came from no file, so there is nothing to copy")
    return dataset.path


def _check_target(original: Path, target: Path, suffix_added: bool) -> None:
    if target.suffix.lower() != original.suffix.lower():
        raise WriteError(f"cannot write {target}: a copy keeps the dataset's format ({original.suffix})")
    if target.resolve() == original.resolve():
        raise WriteError(f"cannot write {target}: it is the dataset itself; choose another name or folder")
    if suffix_added and target.exists():
        raise WriteError(f"cannot write {target}: a file of that name is already there; choose another name")
    check_target(target)


def _snapshots(dataset: Dataset, into: Path) -> list[tuple[bytes, Path]]:
    """(the snapshot's bytes, where its copy goes: the path the file gives it, under ``into``),
    once each, read under the loader's rules (a regular file, at most the size limit)."""
    pairs: dict[Path, bytes] = {}
    for source in dataset.sources.values():
        if source.snapshot is None:
            continue
        if source.snapshot_name is None:  # a dataset built in code: it names no file to copy to
            raise WriteError(f"cannot copy the snapshot of source '{source.id}': the dataset gives it no path")
        copy = Path(os.path.normpath(into / source.snapshot_name))  # 'a/../b.txt' is b.txt, as loading reads it
        if not copy.is_relative_to(into):  # '../case/x.txt' stays inside the original's folder only
            raise WriteError(f"cannot copy the snapshot of source '{source.id}': its path "
                             f"{source.snapshot_name!r} would lead outside the copy's folder")
        try:
            pairs[copy] = read_snapshot_bytes(source.snapshot, source.snapshot_name)
        except (SnapshotError, OSError) as exc:
            raise WriteError(f"cannot copy the snapshot of source '{source.id}': {exc}") from None
    return [(data, copy) for copy, data in pairs.items()]


def _missing(copy: Path, data: bytes) -> bool:
    """Whether the copy must be written: False when the same bytes are there already (a copy
    beside the original shares its snapshots); a different file there is refused."""
    if not copy.exists() and not copy.is_symlink():
        return True
    try:
        same = read_snapshot_bytes(copy, copy.name) == data
    except (SnapshotError, OSError):
        same = False
    if not same:
        raise WriteError(f"cannot write {copy}: a different file of that name is already there "
                         "(the copy needs it for a snapshot); choose another folder")
    return False


def _make_folders(folder: Path, top: Path, made: list[Path]) -> None:
    """Make ``folder`` (inside ``top``), noting each folder made, for the clean-up of a failure."""
    missing = []
    while folder != top and not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        try:
            path.mkdir()
        except OSError as exc:
            raise WriteError(f"cannot make the folder {path}: {exc.strerror or exc}") from None
        made.append(path)


def _remove(made: list[Path]) -> None:
    """Take back what a failed copy wrote (files, then the folders made for them)."""
    for path in reversed(made):
        try:
            path.rmdir() if path.is_dir() else path.unlink()
        except OSError:
            pass  # best effort: a failure to write is what the user is told about
