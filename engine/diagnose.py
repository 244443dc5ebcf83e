"""Plain-language notes on a loss curve: a learning rate too large or too small, or a
run stuck in a local minimum."""

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


# gradients vanish when the first layer's mean |dL/dw| is below this share of the last's
VANISHED = 1e-2


def vanishing_note(loss: list[float], layer_means: list[float], activations: list[str]
                   ) -> str | None:
    """Say when the loss hardly fell because the gradient vanishes on its way back:
    ``layer_means`` is each layer's mean |∂L/∂w| (first to last), ``activations``
    the hidden layers'."""
    vals = [v for v in loss if v is not None and math.isfinite(v)]
    if len(vals) < 5 or len(layer_means) < 3 or vals[-1] < 0.8 * vals[0]:
        return None
    first, last = layer_means[0], layer_means[-1]
    if not (last > 0 and first < VANISHED * last):
        return None
    squashing = sorted({a for a in activations if a in ("sigmoid", "tanh")})
    why = (f": each {' and '.join(squashing)} layer multiplies it by f'(z) "
           f"(at most {'0.25' if squashing == ['sigmoid'] else '1, mostly far less'}) on the "
           f"way back; ReLU layers pass it on" if squashing else "")
    ratio = last / max(first, 1e-300)
    times = f"{ratio:,.0f}" if ratio < 1e6 else f"{ratio:.1e}"
    return (f"the gradient vanishes on its way back: the first layer's mean "
            f"|\u2202L/\u2202w| is {times} times smaller than the last layer's, so the first "
            f"layers hardly learn{why}")


# a run is stuck when it learnt (the loss fell by this share at least), then levelled off
# (its last quarter fell by less than LEVEL), far from fitting (training accuracy below FAR)
LEARNT, LEVEL, FAR = 0.2, 0.01, 0.9


def stuck_note(loss: list[float], accuracy: float | None, n: int) -> str | None:
    """Say when a classifier's loss fell, then levelled off with many of its ``n``
    training points still wrong: a local minimum or a plateau, which other initial
    weights usually avoid (2-2-1 on XOR lands in one for about a third of its seeds).
    ``loss`` as for :func:`learning_rate_note`; ``accuracy``: the last epoch's."""
    vals = [v for v in loss if v is not None and math.isfinite(v)]
    if accuracy is None or accuracy >= FAR or len(vals) < 20 or vals[0] <= 0:
        return None
    first, last = vals[0], vals[-1]
    before = vals[-1 - len(vals) // 4]
    if last > (1 - LEARNT) * first or before <= 0 or 1 - last / before >= LEVEL:
        return None
    wrong = n - round(accuracy * n)
    return (
        f"the loss levelled off at {last:.3g} with {wrong} of {n} training points still "
        f"wrong: the network is stuck in a local minimum or on a plateau, where the "
        f"gradients nearly vanish; other initial weights (another seed) usually get past it"
    )
