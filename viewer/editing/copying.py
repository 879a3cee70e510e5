"""A copy of a dataset in another folder: its file and every snapshot it cites, at the same
places relative to it, so the copy opens and verifies as the original does. How the bundled
dataset is edited (it is never edited in place) and how a case is handed to someone else."""

from __future__ import annotations

from pathlib import Path

from viewer.core.files import WriteError, check_target, write_atomically
from viewer.core.model import Dataset


def copy_dataset(dataset: Dataset, text: bytes, target: Path) -> Path:
    """Write ``text`` (the dataset's file as it is now, edits included) to ``target`` and each
    snapshot the dataset cites beside it; the target's path (with the original's suffix when it
    has none). Raises :class:`WriteError`, having written nothing, when a file cannot be written,
    is the original itself or would replace a different file of the same name."""
    original = _original(dataset)
    target = target if target.suffix else target.with_suffix(original.suffix)
    if target.suffix.lower() != original.suffix.lower():
        raise WriteError(f"cannot write {target}: a copy keeps the dataset's format ({original.suffix})")
    if target.resolve() == original.resolve():
        raise WriteError(f"cannot write {target}: it is the dataset itself; choose another name or folder")
    snapshots = _snapshots(dataset, original.parent.resolve(), target.parent)
    check_target(target)
    for source, copy in snapshots:
        _refuse_a_different_file(source, copy)
    for source, copy in snapshots:  # snapshots first: a dataset file is never left without them
        copy.parent.mkdir(parents=True, exist_ok=True)
        if not copy.exists():
            write_atomically(copy, source.read_bytes())
    write_atomically(target, text)
    return target


def _original(dataset: Dataset) -> Path:
    if dataset.path is None:
        raise WriteError("this dataset came from no file, so there is nothing to copy")
    return dataset.path


def _snapshots(dataset: Dataset, folder: Path, into: Path) -> list[tuple[Path, Path]]:
    """(snapshot, where its copy goes) for each snapshot cited, once each."""
    pairs = {}
    for source in dataset.sources.values():
        if source.snapshot is not None:
            # resolved inside the dataset's folder when loaded: the same place under the copy's
            try:
                pairs[source.snapshot] = into / source.snapshot.resolve().relative_to(folder)
            except ValueError:  # a loaded dataset's never is; a dataset built in code might be
                raise WriteError(f"cannot copy {source.snapshot}: it is outside the dataset's folder") from None
    return list(pairs.items())


def _refuse_a_different_file(source: Path, copy: Path) -> None:
    if copy.resolve() == source.resolve() or not copy.exists():
        return
    if copy.is_dir() or copy.read_bytes() != source.read_bytes():
        raise WriteError(f"cannot write {copy}: a different file of that name is already there "
                         "(the copy needs it for a snapshot); choose another folder")
