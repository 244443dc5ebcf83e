"""The one validator of numbers: hyperparameters, training settings, schedules, data.

Each function returns the value as a plain float / int / bool, or raises a
:class:`PlaygroundError` that names the setting and the value given::

    real("momentum", 2, 0.0, 1.0, hi_open=True)
    # PlaygroundError: momentum must be in [0, 1), got 2
"""

from __future__ import annotations

import math
from numbers import Integral, Real

from .errors import PlaygroundError

__all__ = ["at_most", "flag", "fmt", "real", "show", "whole"]


def show(value) -> str:
    """A value as the learner typed it: numbers plainly, anything else as its repr."""
    if isinstance(value, Real) and not isinstance(value, bool):
        return str(value)
    return repr(value)


def _range(lo, hi, lo_open: bool, hi_open: bool) -> str:
    if hi is None:
        return f"{'>' if lo_open else '>='} {lo:g}"
    return f"in {'(' if lo_open else '['}{lo:g}, {hi:g}{')' if hi_open else ']'}"


def real(what: str, value, lo: float, hi: float | None = None, lo_open=False,
         hi_open=False) -> float:
    """``value`` as a finite float in the range, else PlaygroundError naming ``what``."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise PlaygroundError(f"{what} must be a number, got {show(value)}")
    try:
        v = float(value)
    except OverflowError:  # an int of hundreds of digits
        v = math.inf
    if math.isinf(v):
        raise PlaygroundError(f"{what} must be finite, got {show(value)}")
    low_ok = v > lo if lo_open else v >= lo
    high_ok = hi is None or (v < hi if hi_open else v <= hi)
    if not (low_ok and high_ok):  # also catches NaN
        raise PlaygroundError(f"{what} must be {_range(lo, hi, lo_open, hi_open)}, got "
                              f"{show(value)}")
    return v


def whole(what: str, value, lo: int, hi: int | None = None, ints_only: bool = False) -> int:
    """``value`` as an int in lo..hi, else PlaygroundError naming ``what``.

    A float with no fraction (5.0) counts, unless ``ints_only``.
    """
    is_whole = isinstance(value, Integral) or (not ints_only and isinstance(value, Real)
                                               and math.isfinite(value)
                                               and float(value).is_integer())
    rng = f">= {lo}" if hi is None else f"{lo}..{hi}"
    if isinstance(value, bool) or not is_whole or not (
            lo <= value and (hi is None or value <= hi)):
        raise PlaygroundError(f"{what} must be a whole number {rng}, got {show(value)}")
    return int(value)


def at_most(what: str, value: float, hi: float) -> float:
    """An upper limit on a value already checked by :func:`real` or :func:`whole`."""
    if value > hi:
        raise PlaygroundError(f"{what} must be <= {hi:g}, got {show(value)}")
    return value


def flag(what: str, value) -> bool:
    if not isinstance(value, bool):
        raise PlaygroundError(f"{what} must be true or false, got {value!r}")
    return value


def fmt(x: float) -> str:
    """A float in full (repr) precision, for reprs of hyperparameters."""
    return repr(float(x))
