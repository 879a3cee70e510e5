"""A cheaper form of PySide6's check of every module imported after it, with the same answers.

Once PySide6 is loaded, it asks of each newly imported module whether its source mentions
"PySide6" (``shibokensupport.feature._mod_uses_pyside``: its ``from __feature__ import`` switches
apply only to such modules). It finds out with ``inspect.getsource``, which locates, decodes and
splits the whole file into lines and keeps them in ``linecache``: ~0.3 ms a module, ~400 modules
at start-up (numpy, pyqtgraph, Factline), a fifth of the time those imports take. Here a plain
source file is read as bytes and searched; whatever is not that simple case (no ``.py`` file, a
coding declaration, bytes that are not UTF-8) is still answered by PySide6's own function.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from types import ModuleType

_FEATURE_MODULE = "shibokensupport.feature"
_MARK = b"PySide6"


def install() -> bool:
    """Put the cheaper check in place of PySide6's (once); False when PySide6 has no such check."""
    importlib.import_module("PySide6")  # loads shiboken's support modules, the check among them

    feature = sys.modules.get(_FEATURE_MODULE)
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or getattr(original, "falls_back_to", None) is not None:
        return original is not None
    feature._mod_uses_pyside = cheaper_check(original)
    return True


def cheaper_check(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    """``original``'s answer for every module, without decoding and splitting the usual source file."""

    def mod_uses_pyside(module: ModuleType) -> bool:
        source = _plain_source(module)
        if source is None:
            return original(module)
        if _MARK not in source:  # every source encoding Python accepts writes ASCII as ASCII
            return False
        if _declares_coding(source):
            return original(module)
        try:
            source.decode("utf-8")  # inspect fails on (and PySide6 says False for) undecodable files
        except UnicodeDecodeError:
            return original(module)
        return True

    mod_uses_pyside.falls_back_to = original
    return mod_uses_pyside


def _plain_source(module: ModuleType) -> bytes | None:
    """The bytes of the module's ``.py`` file, or None when it has none to read."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return None
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError:
        return None


def _declares_coding(source: bytes) -> bool:
    """Whether the first two lines may hold a coding declaration (PEP 263): then inspect decodes
    the file with it, and the answer is left to PySide6's own check."""
    return b"coding" in b"\n".join(source.split(b"\n", 2)[:2])


def is_installed() -> bool:
    feature = sys.modules.get(_FEATURE_MODULE)
    return getattr(getattr(feature, "_mod_uses_pyside", None), "falls_back_to", None) is not None


__all__ = ["cheaper_check", "install", "is_installed"]
