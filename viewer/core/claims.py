"""How sure a claim is, beyond its verdict: which events the sources dispute and which are our
own inference, and what those words mean. The one place their wording lives: the legend, the
overview, tooltips and search all read it here (a verdict's meaning is ``Verdict.meaning``).
Pure: no Qt."""

from __future__ import annotations

import numpy as np

from viewer.core.model import EventTable, Verdict, VERDICT_CODES

DISPUTED = "Disputed"
DISPUTED_MEANING = "The sources disagree about this event; the detail panel says on what."
INFERRED = "Inferred"
INFERRED_MEANING = ("A real event, or its date, that is our inference rather than a source's statement; "
                    "the detail panel gives the reasoning. (A plot point's note explains its verdict instead.)")


def disputed_rows(table: EventTable) -> np.ndarray:
    """Rows of the events whose claims the sources dispute, ascending."""
    return np.array(sorted(row for row, extra in table.extras.items() if extra.disputed), dtype=np.int64)


def inferred_rows(table: EventTable) -> np.ndarray:
    """Rows of the real events (not plot points) that are, or whose dates are, our inference:
    every plot point carries a note on its verdict, which is not an inference about the event."""
    rows = [row for row, extra in table.extras.items() if extra.inference and table.verdict[row] < 0]
    return np.array(sorted(rows), dtype=np.int64)


def verdict_rows(table: EventTable, verdicts: set[Verdict] | frozenset[Verdict]) -> np.ndarray:
    """Rows of the plot points with any of these verdicts, ascending."""
    codes = [VERDICT_CODES[v] for v in verdicts]
    return np.flatnonzero(np.isin(table.verdict, codes))
