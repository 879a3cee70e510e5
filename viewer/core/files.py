"""Safe writes: a file is replaced whole or not at all.

Bytes go to a temporary file beside the target, which is renamed into place only when complete.
Any failure removes the temporary file, leaves an existing target untouched, and raises
:class:`WriteError` naming the path and the reason in words."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


class WriteError(Exception):
    """A file could not be written; the message names it and says why."""


def check_target(path: Path) -> None:
    """Fail before rendering when the target obviously cannot be written."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise WriteError(f"cannot write {path}: it is a folder")
    if not folder.exists():
        raise WriteError(f"cannot write {path}: folder {folder} does not exist")
    if not folder.is_dir():
        raise WriteError(f"cannot write {path}: {folder} is not a folder")


def _reason(exc: OSError) -> str:
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is exceeded",
        errno.EACCES: "permission denied (the folder is not writable)",
        errno.EPERM: "permission denied (the folder is not writable)",
        errno.EROFS: "the file system is read-only",
        errno.ENOENT: "no such folder (or files cannot be created there)",
        errno.ENOTDIR: "part of the path is not a folder",
        errno.EISDIR: "the target is a folder",
        errno.ENAMETOOLONG: "the file name is too long",
    }
    return reasons.get(exc.errno or 0, exc.strerror or str(exc))


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte (os.write may write fewer); a separate function so tests can fail it."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def write_atomically(path: str | Path, data: bytes, writer: Callable[[int, bytes], None] | None = None) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it into place.

    On any failure the temporary file is removed, an existing ``path`` is left as it was, and
    WriteError says what happened."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {_reason(exc)}") from exc
    try:
        try:
            (writer or _write_all)(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(temp, _mode_for(path))
        os.replace(temp, path)
    except BaseException as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise WriteError(f"cannot write {path}: {_reason(exc)}; nothing was changed") from exc
        raise


def _mode_for(path: Path) -> int:
    """An existing file's permissions, or the usual ones for a new file (mkstemp makes 0600)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
