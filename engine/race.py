"""The optimizer race: optimizers started from one point on a 2-D loss surface.

The course's picture of what optimizers do, without a network in the way: a
made-up loss f(w1, w2) with a known shape (two valleys of different depth, a
ravine, four equal minima), and SGD, momentum, Nesterov, Adagrad, RMSprop and
Adam each stepping down it from the same start with the same learning rate.
The steps are the engine's own optimizer classes (:mod:`engine.optimizers`),
the code that trains the networks, fed the surface's exact gradient (plus,
for a racer with ``noise``, a seeded random kick that fades, like the noise
of small mini-batches).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from . import optimizers
from .errors import PlaygroundError

__all__ = ["ADAPTIVE", "LINEUPS", "RACERS", "SURFACES", "Race", "Racer", "Surface"]

NOISE_FADE = 60.0  # steps over which a racer's noise falls to half
NEAR = 0.1  # a racer this close to a minimum (as a share of the view's width) is in it
OFF_LIMITS = 4.0  # a racer farther than this many view widths from the view has flown off


@dataclass(frozen=True)
class Surface:
    """A loss f(w1, w2) with its gradient, the view it is drawn in, where the race
    starts, its minima ((w1, w2, "global" or "local")), and a learning rate that
    suits it."""

    name: str
    title: str
    formula: str
    f: Callable[[np.ndarray, np.ndarray], np.ndarray]
    grad: Callable[[float, float], tuple[float, float]]
    bounds: tuple[float, float, float, float]  # w1 min, max, w2 min, max
    start: tuple[float, float]
    minima: tuple[tuple[float, float, str], ...]
    lr: float  # for SGD, momentum, Nesterov
    adaptive_lr: float  # for Adagrad, RMSprop, Adam (their steps are ~lr whatever the slope)
    steps: int = 300

    def value(self, w1, w2):
        return self.f(np.asarray(w1, dtype=np.float64), np.asarray(w2, dtype=np.float64))

    def grid(self, resolution: int = 160, bounds=None) -> np.ndarray:
        """f over ``bounds`` (default: the surface's), (res, res): out[i, j] at
        w2 = ys[i], w1 = xs[j]."""
        x0, x1, y0, y1 = self.bounds if bounds is None else bounds
        xs, ys = np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution)
        return self.value(xs[None, :], ys[:, None])

    def nearest_minimum(self, w1: float, w2: float) -> tuple[float, float, str]:
        return min(self.minima, key=lambda m: math.hypot(m[0] - w1, m[1] - w2))


def _two_valleys(x, y):
    return (x * x - 1.0) ** 2 + 0.3 * x + 0.5 * y * y


def _two_valleys_grad(x, y):
    return 4.0 * x * (x * x - 1.0) + 0.3, y


def _ravine(x, y):
    return 0.05 * x * x + 2.0 * y * y


def _ravine_grad(x, y):
    return 0.1 * x, 4.0 * y


def _himmelblau(x, y):
    return (x * x + y - 11.0) ** 2 + (x + y * y - 7.0) ** 2


def _himmelblau_grad(x, y):
    a, b = x * x + y - 11.0, x + y * y - 7.0
    return 4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b


def _root(f: Callable[[float], float], lo: float, hi: float) -> float:
    """Where the decreasing-to-increasing slope ``f`` crosses 0 in [lo, hi] (bisection)."""
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        if (f(mid) > 0) == (f(hi) > 0):
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi)


def _slope(x):
    return 4.0 * x * (x * x - 1.0) + 0.3


SURFACES: dict[str, Surface] = {
    s.name: s
    for s in (
        Surface(
            "two-valleys", "Two valleys: a local and a global minimum",
            "f = (w\u2081\u00b2 \u2212 1)\u00b2 + 0.3\u00b7w\u2081 + 0.5\u00b7w\u2082\u00b2",
            _two_valleys, _two_valleys_grad, (-2.0, 2.3, -1.7, 1.7), (2.0, 1.5),
            ((_root(_slope, -2.0, -0.5), 0.0, "global"), (_root(_slope, 0.5, 2.0), 0.0, "local")),
            0.012, 0.05, 400,
        ),
        Surface(
            "ravine", "A ravine: steep walls, a gentle floor",
            "f = 0.05\u00b7w\u2081\u00b2 + 2\u00b7w\u2082\u00b2",
            _ravine, _ravine_grad, (-5.0, 1.5, -1.6, 1.6), (-4.5, 1.2),
            ((0.0, 0.0, "global"),), 0.33, 0.1, 150,
        ),
        Surface(
            "himmelblau", "Himmelblau: four minima, all as low",
            "f = (w\u2081\u00b2 + w\u2082 \u2212 11)\u00b2"
            " + (w\u2081 + w\u2082\u00b2 \u2212 7)\u00b2",
            _himmelblau, _himmelblau_grad, (-5.0, 5.0, -5.0, 5.0), (-0.3, -0.9),
            ((3.0, 2.0, "global"), (-2.805118, 3.131312, "global"),
             (-3.779310, -3.283186, "global"), (3.584428, -1.848126, "global")),
            0.01, 0.1, 300,
        ),
    )
}


@dataclass(frozen=True)
class Racer:
    """One contestant: an optimizer of :mod:`engine.optimizers` with its parameters
    (besides lr, which the race sets), and the noise of its gradient (0: exact)."""

    label: str
    optimizer: str
    params: dict = field(default_factory=dict)
    noise: float = 0.0


ADAPTIVE = ("adagrad", "rmsprop", "adam")  # optimizers that take the adaptive lr

RACERS = (
    Racer("SGD", "sgd"),
    Racer("Momentum", "sgd", {"momentum": 0.9}),
    Racer("Nesterov", "sgd", {"momentum": 0.9, "nesterov": True}),
    Racer("Adagrad", "adagrad"),
    Racer("RMSprop", "rmsprop"),
    Racer("Adam", "adam"),
)


# who races, by name (a project names one): all six, or the local-minima lesson's three
LINEUPS = {
    "all": RACERS,
    "local-minima": (
        Racer("batch GD", "sgd"),
        Racer("SGD (noisy gradient)", "sgd", noise=30.0),
        Racer("Momentum", "sgd", {"momentum": 0.9}),
    ),
}


class Race:
    """The racers' paths on ``surface``, grown step by step (:meth:`advance`)."""

    def __init__(self, surface: Surface, racers=RACERS, lr: float | None = None,
                 adaptive_lr: float | None = None, start: tuple[float, float] | None = None,
                 seed: int = 0):
        self.surface = surface
        self.racers = tuple(racers)
        self.lr = float(surface.lr if lr is None else lr)
        self.adaptive_lr = float(surface.adaptive_lr if adaptive_lr is None else adaptive_lr)
        for what, v in (("learning rate", self.lr), ("adaptive learning rate",
                                                     self.adaptive_lr)):
            if not (math.isfinite(v) and 0 < v <= 100):
                raise PlaygroundError(f"the race's {what} must be a number in (0, 100], got {v:g}")
        self.start = tuple(float(v) for v in (surface.start if start is None else start))
        self.seed = seed
        self.steps = 0
        self._opts = [optimizers.make(r.optimizer, **r.params, lr=self.adaptive_lr
                                      if r.optimizer in ADAPTIVE else self.lr)
                      for r in self.racers]
        self._w = [np.array(self.start) for _ in self.racers]
        self._paths = [[self.start] for _ in self.racers]
        self._rngs = [np.random.default_rng([seed, k]) for k in range(len(self.racers))]
        self.flown = [False] * len(self.racers)  # left the surface (diverged)

    def advance(self, n: int = 1) -> None:
        """Every racer takes ``n`` more steps (a racer that has flown off stays put)."""
        x0, x1, y0, y1 = self.surface.bounds
        reach = OFF_LIMITS * max(x1 - x0, y1 - y0)
        for _ in range(n):
            fade = 1.0 / (1.0 + self.steps / NOISE_FADE)
            for k, (racer, opt, w) in enumerate(zip(self.racers, self._opts, self._w)):
                if self.flown[k]:
                    continue
                g = np.array(self.surface.grad(float(w[0]), float(w[1])), dtype=np.float64)
                if racer.noise:
                    g += racer.noise * fade * self._rngs[k].normal(size=2)
                opt.step([w], [g])
                if not np.all(np.isfinite(w)) or abs(w[0] - (x0 + x1) / 2) > reach \
                        or abs(w[1] - (y0 + y1) / 2) > reach:
                    self.flown[k] = True
                    continue
                self._paths[k].append((float(w[0]), float(w[1])))
            self.steps += 1

    def path(self, k: int) -> np.ndarray:
        """Racer ``k``'s positions so far, (steps + 1, 2), the start first."""
        return np.array(self._paths[k])

    def position(self, k: int) -> tuple[float, float]:
        return self._paths[k][-1]

    def loss(self, k: int) -> float:
        return float(self.surface.value(*self.position(k)))

    def finish(self) -> None:
        """Run to the surface's step count."""
        if self.steps < self.surface.steps:
            self.advance(self.surface.steps - self.steps)

    def result(self, k: int) -> tuple[str, float, float, float]:
        """Where racer ``k`` is now: ("flew", ...), ("way", _, _, f), or ("global" or
        "local", minimum's w1, w2, f)."""
        if self.flown[k]:
            return "flew", math.nan, math.nan, math.nan
        w1, w2 = self.position(k)
        m1, m2, kind = self.surface.nearest_minimum(w1, w2)
        x0, x1, _, _ = self.surface.bounds
        if math.hypot(w1 - m1, w2 - m2) > NEAR * (x1 - x0):
            return "way", w1, w2, self.loss(k)
        return kind, m1, m2, self.loss(k)

    def outcome(self, k: int) -> str:
        """Where racer ``k`` is now, in words: near which minimum, or flown off."""
        kind, m1, m2, f = self.result(k)
        if kind == "flew":
            return "flew off (the learning rate is too large for it)"
        if kind == "way":
            return f"on its way, f = {f:.3g}"
        return f"in the {kind} minimum at ({m1:.2f}, {m2:.2f}), f = {f:.3g}"
