"""The optimizers' hyper-parameters checked: a float in its range, or a
PlaygroundError that names the parameter and the value given."""

from __future__ import annotations

import math
from numbers import Real

from .errors import PlaygroundError

__all__ = ["eps", "fmt", "lr", "real", "show", "weight_decay"]


def show(value) -> str:
    if isinstance(value, Real) and not isinstance(value, bool):
        return str(value)
    return repr(value)


def real(what: str, value, lo: float, hi: float | None = None, lo_open=False, hi_open=False):
    """``value`` as a float in the range, or PlaygroundError naming ``what`` and the value."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise PlaygroundError(f"{what} must be a number, got {show(value)}")
    v = float(value)
    if math.isinf(v):
        raise PlaygroundError(f"{what} must be finite, got {show(value)}")
    low_ok = v > lo if lo_open else v >= lo
    high_ok = hi is None or (v < hi if hi_open else v <= hi)
    if not (low_ok and high_ok):  # also catches NaN
        if hi is None:
            rng = f"{'>' if lo_open else '>='} {lo:g}"
        else:
            rng = f"in {'(' if lo_open else '['}{lo:g}, {hi:g}{')' if hi_open else ']'}"
        raise PlaygroundError(f"{what} must be {rng}, got {show(value)}")
    return v


def lr(value) -> float:
    return real("learning rate", value, 0.0, lo_open=True)


def eps(value) -> float:
    # torch accepts eps = 0; we do not: a gradient entry that is exactly 0 from the
    # start (a dead ReLU) would then give 0/0 = NaN and end the run.
    return real("eps", value, 0.0, lo_open=True)


def weight_decay(value) -> float:
    return real("weight decay", value, 0.0)


def fmt(x: float) -> str:
    return repr(float(x))
