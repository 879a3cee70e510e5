"""Back and Forward through the views a user has looked at (View ▸ Back / Forward). Pure: no Qt.

A view is what the window shows: each pane's range and the selection. A burst of wheel steps or
a drag is one move, not fifty: a moved view waits until it has been still for
``still_seconds`` before it becomes an entry; a new selection is an entry at once. Times are
passed in (any monotonic clock), so the coalescing is tested without a timer.
"""

from __future__ import annotations

from dataclasses import dataclass

STILL_SECONDS = 0.4
"""How long the view must rest after a move for that move to become an entry."""
LIMIT = 100
"""Entries kept: the oldest go first."""


@dataclass(frozen=True, slots=True)
class View:
    """What the window shows: each pane's (lo, hi) axis range, and the selected event id."""

    ranges: tuple[tuple[float, float], ...]
    selected: str | None = None

    def same_as(self, other: View | None) -> bool:
        """Equal, allowing for float noise in ranges read back from the panes."""
        if other is None or self.selected != other.selected or len(self.ranges) != len(other.ranges):
            return False
        for (lo, hi), (other_lo, other_hi) in zip(self.ranges, other.ranges):
            tolerance = abs(hi - lo) * 1e-9 + 1e-12
            if abs(lo - other_lo) > tolerance or abs(hi - other_hi) > tolerance:
                return False
        return True


class ViewHistory:
    """A bounded list of views with a cursor: Back moves the cursor left, Forward right, and a new
    view after Back drops the views ahead of the cursor (as a browser does)."""

    def __init__(self, first: View, limit: int = LIMIT, still_seconds: float = STILL_SECONDS):
        self._views: list[View] = [first]
        self._at = 0
        self._limit = max(limit, 1)
        self._still = still_seconds
        self._pending: tuple[View, float] | None = None
        """A moved view that has not yet been still long enough, and when it last moved."""

    @property
    def current(self) -> View:
        return self._views[self._at]

    def __len__(self) -> int:
        return len(self._views)

    def can_go_back(self) -> bool:
        return self._at > 0 or self._pending_differs()

    def can_go_forward(self) -> bool:
        return self._at < len(self._views) - 1 and not self._pending_differs()

    def reset(self, view: View) -> None:
        """Start again from ``view`` (another dataset: its views have nothing to go back to)."""
        self._views, self._at, self._pending = [view], 0, None

    def moved(self, view: View, now: float) -> None:
        """The view moved (a wheel step, a drag, a key): an entry once it has been still a while."""
        self._pending = (view, now)

    def settle(self, now: float) -> bool:
        """Record the moved view if it has been still for ``still_seconds``; True if that made an entry."""
        if self._pending is None or now - self._pending[1] < self._still:
            return False
        view, _ = self._pending
        self._pending = None
        return self.record(view)

    def settle_in(self, now: float) -> float | None:
        """Seconds until the moved view has been still long enough, or None if nothing moved."""
        if self._pending is None:
            return None
        return max(0.0, self._pending[1] + self._still - now)

    def selected(self, view: View) -> bool:
        """A new selection (with the view it came with): an entry at once."""
        self._pending = None
        return self.record(view)

    def record(self, view: View) -> bool:
        """Make ``view`` the current entry, dropping any views ahead of the cursor; nothing happens
        for the view already current (a view Back or Forward just restored). True if recorded."""
        if view.same_as(self.current):
            return False
        del self._views[self._at + 1:]
        self._views.append(view)
        if len(self._views) > self._limit:
            del self._views[: len(self._views) - self._limit]
        self._at = len(self._views) - 1
        return True

    def back(self) -> View | None:
        """The previous view (a move still settling counts as one), or None at the oldest."""
        self._flush()
        if self._at == 0:
            return None
        self._at -= 1
        return self.current

    def forward(self) -> View | None:
        """The view Back left, or None when there is none."""
        self._flush()
        if self._at >= len(self._views) - 1:
            return None
        self._at += 1
        return self.current

    def _flush(self) -> None:
        if self._pending is not None:
            view, _ = self._pending
            self._pending = None
            self.record(view)

    def _pending_differs(self) -> bool:
        return self._pending is not None and not self._pending[0].same_as(self.current)
