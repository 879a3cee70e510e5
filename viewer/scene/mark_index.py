"""Column index -> the mark that draws it, for one lane (clicks, tooltips, the selection). Pure."""

from __future__ import annotations

import numpy as np

from viewer.scene.marks import Mark


class MarkIndex:
    """Column index -> the mark that draws it, for one lane. Built on first use, as an array: a
    dict over every visible event would cost more than the frame at a million events."""

    def __init__(self, marks: list[Mark], size: int, owner: np.ndarray | None = None):
        self._marks = marks
        self._size = size
        self._owner: np.ndarray | None = owner
        """Built lazily; passed in when the same marks are only moved (a pan)."""

    def owners(self) -> np.ndarray:
        """For every column index, the position of its mark in the lane's list, or -1."""
        return self._owners()

    def _owners(self) -> np.ndarray:
        if self._owner is None:
            owner = np.full(self._size, -1, dtype=np.int32)
            for k, mark in enumerate(self._marks):
                owner[mark.members] = k
            self._owner = owner
        return self._owner

    def get(self, index: int, default: Mark | None = None) -> Mark | None:
        if not 0 <= index < self._size:
            return default
        k = int(self._owners()[index])
        return self._marks[k] if k >= 0 else default

    def __getitem__(self, index: int) -> Mark:
        mark = self.get(index)
        if mark is None:
            raise KeyError(index)
        return mark

    def __contains__(self, index: object) -> bool:
        return isinstance(index, (int, np.integer)) and self.get(int(index)) is not None

    def __len__(self) -> int:
        return int((self._owners() >= 0).sum())

    def __iter__(self):
        return iter(np.flatnonzero(self._owners() >= 0).tolist())

    def keys(self):
        return list(self)

    def items(self):
        return [(i, self._marks[int(self._owners()[i])]) for i in self]
