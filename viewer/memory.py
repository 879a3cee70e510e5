"""Giving memory back to the system after a large load. Not part of the loader: the loader
must not be able to reach native code (tests/test_hostile_input.py checks its imports)."""

from __future__ import annotations

import ctypes
import sys


def return_free_memory() -> None:
    """Hand freed heap back to the system. glibc keeps it for reuse, so after a large file is
    parsed (and its parsed form dropped) ~200 bytes an event would stay resident for nothing."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).malloc_trim(0)
        except (OSError, AttributeError):  # not glibc (musl has no malloc_trim): nothing to do
            pass
