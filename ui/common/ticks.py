"""Round numbers for axis ends and tick steps, shared by the data view and the curves."""

from __future__ import annotations

import math

__all__ = ["nice_ceil"]


def nice_ceil(value: float, steps=(1, 2, 5)) -> float:
    """The smallest ``s * 10**k >= value`` with ``s`` in ``steps`` (1 <= s < 10)."""
    if not value > 0:
        return float(steps[0])
    k = math.floor(math.log10(value))
    for exp in (k, k + 1):
        for s in steps:
            top = s * 10.0**exp
            if top >= value * (1 - 1e-12):
                return top
    return 10.0 ** (k + 1)  # pragma: no cover - the loop always returns
