"""How a count box reads: its count in at most four characters, and a fill that grows with how
full it is, so a row of boxes reads as the lane's density. Pure."""

from __future__ import annotations

import functools
import math

import numpy as np

DENSITY_ALPHAS = (55, 90, 130, 175)
"""Fill opacity of a cluster box by how full it is, relative to the fullest in its lane."""


def count_text(count: int) -> str:
    """What an aggregate badge says, in at most four characters: '123', '4.6k', '12k', '1.2M'
    (the tooltip gives the exact count)."""
    if count < 1000:
        return str(count)
    if count < 9950:
        return f"{count / 1000:.1f}k"
    if count < 999_500:
        return f"{count / 1000:.0f}k"
    return f"{count / 1_000_000:.1f}M"


def density_levels_of(counts: np.ndarray, log_half_counts: np.ndarray) -> np.ndarray:
    """Index into DENSITY_ALPHAS for each count, given ``math.log(max(c, 2) / 2)`` of each (kept
    per count: :func:`log_half`): a log scale, the fullest box at the top level."""
    top = int(counts.max()) if len(counts) else 1
    if top <= 2:
        return np.zeros(len(counts), dtype=np.int64)
    scale = (len(DENSITY_ALPHAS) - 1) / math.log(top / 2)
    # the logarithms are >= 0, so each level is >= 0 and int() is the truncation astype does
    return np.minimum((log_half_counts * scale + 0.5).astype(np.int64), len(DENSITY_ALPHAS) - 1)


@functools.lru_cache(maxsize=65536)
def log_half(count: int) -> float:
    """``math.log(max(count, 2) / 2)``, what a cluster's density level scales (kept per count)."""
    return math.log(max(count, 2) / 2)
