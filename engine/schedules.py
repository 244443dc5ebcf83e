"""Learning-rate schedules, applied once per epoch.

A schedule maps the base learning rate ``lr0`` and the epoch (counted from 0)
to the learning rate used during that epoch::

    lr = schedule.lr_at(lr0, epoch)

``StepDecay`` and ``ExponentialDecay`` use the closed forms of torch's
``StepLR`` and ``ExponentialLR``; ``TimeDecay`` is Keras's inverse time decay
with one decay step per epoch.
"""

from __future__ import annotations

from . import validate as check
from .errors import PlaygroundError

NAMES = ("constant", "time", "step", "exponential")


def _decay(value) -> float:
    return check.real("decay", value, 0.0)


def _gamma(value) -> float:
    return check.real("gamma", value, 0.0, 1.0, lo_open=True)


def _step_size(value) -> int:
    return check.whole("step_size", value, 1)


def _g(x: float) -> str:
    return f"{x:g}"


class Schedule:
    """Base class: ``lr_at(lr0, epoch)`` is the learning rate during ``epoch`` (from 0)."""

    name: str = ""

    def lr_at(self, lr0: float, epoch: int) -> float:
        if isinstance(epoch, bool) or not isinstance(epoch, int) or epoch < 0:  # the hot path
            check.whole("epoch", epoch, 0)  # raises, saying what is wrong
        return float(self._at(float(lr0), int(epoch)))

    def _at(self, lr0: float, epoch: int) -> float:
        raise NotImplementedError

    def params(self) -> dict:
        """The constructor's keyword arguments (JSON-ready): ``make(name, **params())``."""
        return {}

    def describe(self) -> str:
        """A one-line formula for people, e.g. ``lr = lr0 / (1 + 0.01·epoch)``."""
        raise NotImplementedError

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.params().items())
        return f"{type(self).__name__}({args})"

    def __eq__(self, other) -> bool:
        return type(self) is type(other) and self.params() == other.params()

    def __hash__(self) -> int:
        return hash((type(self).__name__, tuple(self.params().items())))


class Constant(Schedule):
    """The learning rate stays ``lr0``."""

    name = "constant"

    def _at(self, lr0: float, epoch: int) -> float:
        return lr0

    def describe(self) -> str:
        return "lr = lr0"


class TimeDecay(Schedule):
    """Time-based decay: ``lr0 / (1 + decay·epoch)``."""

    name = "time"

    def __init__(self, decay: float = 0.01):
        self.decay = _decay(decay)

    def _at(self, lr0: float, epoch: int) -> float:
        return lr0 / (1 + self.decay * epoch)

    def params(self) -> dict:
        return {"decay": self.decay}

    def describe(self) -> str:
        return f"lr = lr0 / (1 + {_g(self.decay)}·epoch)"


class StepDecay(Schedule):
    """Step decay (torch's StepLR): multiply by ``gamma`` every ``step_size`` epochs."""

    name = "step"

    def __init__(self, step_size: int = 10, gamma: float = 0.5):
        self.step_size = _step_size(step_size)
        self.gamma = _gamma(gamma)

    def _at(self, lr0: float, epoch: int) -> float:
        return lr0 * self.gamma ** (epoch // self.step_size)

    def params(self) -> dict:
        return {"step_size": self.step_size, "gamma": self.gamma}

    def describe(self) -> str:
        return f"lr = lr0 · {_g(self.gamma)}^⌊epoch / {self.step_size}⌋"


class ExponentialDecay(Schedule):
    """Exponential decay (torch's ExponentialLR): ``lr0·gamma^epoch``."""

    name = "exponential"

    def __init__(self, gamma: float = 0.95):
        self.gamma = _gamma(gamma)

    def _at(self, lr0: float, epoch: int) -> float:
        return lr0 * self.gamma**epoch

    def params(self) -> dict:
        return {"gamma": self.gamma}

    def describe(self) -> str:
        return f"lr = lr0 · {_g(self.gamma)}^epoch"


_CLASSES: dict[str, type[Schedule]] = {
    c.name: c for c in (Constant, TimeDecay, StepDecay, ExponentialDecay)
}


def defaults(name: str) -> dict:
    """The schedule's parameters at their defaults: ``defaults("step")`` -> step_size, gamma."""
    return make(name).params()


def make(name: str, **kwargs) -> Schedule:
    """Build a schedule by name (one of ``NAMES``) with keyword arguments."""
    cls = _CLASSES.get(name) if isinstance(name, str) else None
    if cls is None:
        raise PlaygroundError(f"unknown schedule {name!r}; choose one of {', '.join(NAMES)}")
    args = tuple(cls().params())
    for k in kwargs:
        if k not in args:
            takes = ", ".join(args) or "no arguments"
            raise PlaygroundError(f"unknown argument {k!r} for schedule {name!r}; it takes {takes}")
    return cls(**kwargs)


__all__ = [
    "NAMES", "Schedule", "Constant", "TimeDecay", "StepDecay", "ExponentialDecay",
    "defaults", "make",
]
