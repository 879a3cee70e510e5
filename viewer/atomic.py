"""Atomic file writes: a temporary file beside the target, renamed into place only when complete.

A failure (unwritable folder, full disk, encoder error) leaves no partial file behind and never
touches an existing target.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


class WriteError(OSError):
    """Writing a file failed; the message names the path and the reason."""


def atomic_write(target: str | Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(temp_path)`` then rename the temp file onto ``target``."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise WriteError(f"cannot write {target}: {exc.strerror or exc}") from None
    os.close(fd)
    temp = Path(temp_name)
    try:
        write(temp)
        if temp.stat().st_size == 0:
            raise WriteError(f"cannot write {target}: nothing was written")
        # mkstemp makes the file private (0600); give it the mode a normal new file would get
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, WriteError):
            raise
        if isinstance(exc, OSError):
            raise WriteError(f"cannot write {target}: {exc.strerror or exc}") from None
        raise
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_image(image, target: str | Path) -> Path:
    """Save a QImage atomically; the format comes from the target's extension (.png)."""
    fmt = Path(target).suffix.lstrip(".").upper() or "PNG"

    def write(temp: Path) -> None:
        if not image.save(str(temp), fmt):
            raise WriteError(f"cannot write {target}: the {fmt} encoder failed")

    return atomic_write(target, write)
