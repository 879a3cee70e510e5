"""Whether a lane's events make more count boxes than fit, found from as few of them as it
takes: a dense lane is only asked this to choose wider cells. Pure (numpy)."""

from __future__ import annotations

import numpy as np

from viewer.scene.marks import GroupingPlan, aggregate_group_count

FIRST_LOOK = 16
"""Events read per box of the limit before the whole lane is counted: a lane too busy for
4-pixel cells has about one event per cell or more, so a few thousand settle it."""


def more_groups_than(limit: float, x0: np.ndarray, x1: np.ndarray, cell_px: float, plan: GroupingPlan) -> bool:
    """``aggregate_group_count(x0, x1, cell_px, plan=plan) > limit``, for a ``plan`` of events whose
    starts ascend (``plan.before`` is known). The groups are the marks kept apart and one per
    distinct cell; the cells after the leading stretch ascend, so the distinct cells of their
    first few are a lower bound of the count: when it passes the limit the rest is not read."""
    apart = len(plan.solo) + (1 if plan.boxed else len(plan.across))
    if apart > limit:
        return True
    if plan.before is not None:
        anchors, head = (plan.celled_anchors, 0) if apart else (plan.anchors, plan.before)
        first = anchors[head:head + int(FIRST_LOOK * (limit + 1))]
        if len(first) and apart + 1 + int(np.count_nonzero(np.diff(np.floor(first / cell_px)))) > limit:
            return True
    return aggregate_group_count(x0, x1, cell_px, plan=plan) > limit
