"""Giving memory back to the system after a large load. Not part of the loader: the loader
must not be able to reach native code (tests/test_hostile_input.py checks its imports)."""

from __future__ import annotations

import ctypes
import gc
import sys
from collections.abc import Callable


def return_free_memory() -> None:
    """Hand freed heap back to the system. glibc keeps it for reuse, so after a large file is
    parsed (and its parsed form dropped) ~200 bytes an event would stay resident for nothing."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).malloc_trim(0)
        except (OSError, AttributeError):  # not glibc (musl has no malloc_trim): nothing to do
            pass


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt() parameters
MMAP_THRESHOLD = 256 * 1024
"""Blocks at least this large get pages of their own, handed back to the system when freed."""


def configure_allocator() -> None:
    """Give big blocks (numpy columns and their temporaries) pages of their own, for good.

    glibc starts out that way, but after the first large block is freed it raises the threshold
    to that block's size (up to 32 MB) and keeps up to twice as much freed memory resident, so
    every temporary of a million-event layout or export stayed resident after it was freed (at
    a million events, ~25 bytes an event more at the peak). Setting the thresholds explicitly
    turns that adjustment off. Called once, at start-up."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None)
            libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
            libc.mallopt(_M_TRIM_THRESHOLD, 2 * MMAP_THRESHOLD)
        except (OSError, AttributeError):  # not glibc: its own policy stands
            pass


def pause_collector() -> Callable[[], None]:
    """Pause Python's cyclic garbage collector; returns the function that resumes it (once).

    Start-up makes a few hundred thousand objects that live as long as the app (Qt's, pyqtgraph's
    and numpy's classes, enums and functions, Factline's modules, the dataset), and the collector
    would scan them again and again as they are made: about eight full passes of ~5 ms each.
    Nothing is frozen on resume: the start-up dataset must stay collectable once another replaces it."""
    if not gc.isenabled():
        return lambda: None
    gc.disable()
    resumed = False

    def resume() -> None:
        nonlocal resumed
        if not resumed:
            resumed = True
            gc.enable()

    return resume
