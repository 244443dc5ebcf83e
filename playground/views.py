"""What the views beside the network ask the worker for, and the loss landscape's upkeep.

:class:`Views` travels with each frame to the frame builder: the hidden-space
neurons, the landscape's plane.  :class:`LandscapeMaker` lives in the frame
builder's thread: it keeps the weights' recent path (one point a frame, thinned
to at most PATH_POINTS), and recomputes the landscape (hundreds of forward
passes) at most every PERIOD_S while training runs, else attaches the last one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

import engine
from engine.landscape import Plane, landscape, random_plane, weight_plane

from .snapshot import Snapshot

__all__ = ["NO_VIEWS", "LandscapeAsk", "LandscapeMaker", "Views"]

PATH_POINTS = 200  # most points of the weights' path kept
PERIOD_S = 0.25  # while training runs, a new landscape at most this often


@dataclass(frozen=True)
class LandscapeAsk:
    """The landscape view's plane: two flat parameters (kind "weights"; None: the
    first two into the output) or two random directions (kind "random", seeded)."""

    kind: str = "weights"
    weights: tuple[int, int] | None = None
    seed: int = 0


@dataclass(frozen=True)
class Views:
    hidden: tuple[int, int] | None = None  # the hidden-space view's two neurons
    landscape: LandscapeAsk | None = None
    gradients: bool = False  # the canvas's gradient overlay: ∂L/∂W over the training set


def default_weights(spec: engine.NetworkSpec) -> tuple[int, int]:
    """The first two weights into the (first) output neuron: with two hidden neurons,
    h₁→out and h₂→out; for a perceptron, x₁→out and x₂→out (or its bias)."""
    sizes = spec.sizes
    off = sum((a + 1) * b for a, b in zip(sizes[:-2], sizes[1:-1]))
    outputs = sizes[-1]
    return off, off + outputs  # rows 0 and 1 of the last layer, column 0


NO_VIEWS = Views()


class LandscapeMaker:
    def __init__(self):
        self._key = None  # (generation, spec, ask): what the path and plane belong to
        self._plane: Plane | None = None
        self._path: list[np.ndarray] = []
        self._stride = 1  # keep every stride-th frame's weights once the path is long
        self._seen = 0
        self._last: engine.landscape.Landscape | None = None
        self._last_at = 0.0
        self._last_steps = -1

    def add(self, snap: Snapshot, net: engine.Network, ask: LandscapeAsk) -> Snapshot:
        key = (snap.generation, snap.spec, ask)
        if key != self._key:
            self._key, self._path, self._stride, self._seen = key, [], 1, 0
            self._last, self._last_steps = None, -1
            n = net.params.size
            if ask.kind == "random":
                self._plane = random_plane(net, ask.seed)
            else:
                i, j = ask.weights if ask.weights is not None else default_weights(snap.spec)
                if not (0 <= i < n and 0 <= j < n and i != j):
                    i, j = default_weights(snap.spec)
                self._plane = weight_plane(net, i, j)
        if snap.steps != self._last_steps:
            self._seen += 1
            if self._seen % self._stride == 0:
                self._path.append(net.params.copy())
                if len(self._path) > PATH_POINTS:  # every other one, and half as often
                    self._path = self._path[::2]
                    self._stride *= 2
        now = time.perf_counter()
        due = (self._last is None or not snap.running or now - self._last_at >= PERIOD_S)
        if due and snap.steps != self._last_steps:
            history = np.array(self._path[:-1]) if len(self._path) > 1 else None
            self._last = landscape(net, snap.split.train, snap.loss, self._plane, history)
            self._last_at, self._last_steps = now, snap.steps
        return replace(snap, landscape=self._last)
