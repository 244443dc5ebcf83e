"""Plain-language notes on a loss curve, for the learning-rate lessons."""

from __future__ import annotations

import math


def learning_rate_note(loss: list[float], lr: float, epochs: int | None = None) -> str | None:
    """Say when the curve shows a learning rate that is too large or too small.

    ``loss`` is the training loss before training, then after each recorded epoch;
    ``epochs``: how many epochs they span (default: one per entry; a long run's
    history keeps fewer, see engine.history).
    """
    vals = [v for v in loss if v is not None and math.isfinite(v)]
    if len(vals) < 5:
        return None
    first, last, low = vals[0], vals[-1], min(vals)
    tail = vals[-min(len(vals), 30) :]
    diffs = [b - a for a, b in zip(tail, tail[1:])]
    flips = sum(1 for a, b in zip(diffs, diffs[1:]) if a * b < 0)
    if last > first * 1.05:
        return (
            f"the loss rose from {first:.3g} to {last:.3g}: the learning rate ({lr:g}) is "
            f"too large, each step overshoots the minimum"
        )
    if len(diffs) >= 10 and flips >= 0.7 * (len(diffs) - 1) and last > 3 * low:
        return (
            f"the loss oscillates (it went up and down {flips} times in the last "
            f"{len(tail)} recorded epochs): the learning rate ({lr:g}) is too large"
        )
    if last > 0.8 * first and len(vals) > 10:
        drop = 100 * (1 - last / first) if first else 0.0
        return (
            f"the loss fell only {drop:.0f}% in {epochs or len(vals) - 1} epochs: the "
            f"learning rate "
            f"({lr:g}) is too small, learning crawls"
        )
    return None
