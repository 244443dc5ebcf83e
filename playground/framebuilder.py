"""The frame builder: a snapshot's maps computed and coloured off the training thread.

The training thread copies what a frame needs (weights, history, figures) and
hands it here; this thread runs the network over the plane's grid (float32
BLAS), colours the maps and sends the finished snapshot.  On the compiled path
training does not need the GIL, so with this work moved here the training
thread only pays for the copies; the frames stay in the order they were taken.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import replace

import numpy as np

import engine
from engine.explain import gradients

from .snapshot import Snapshot, with_hidden, with_maps
from .views import NO_VIEWS, LandscapeMaker, Views


class FrameBuilder:
    def __init__(self, send: Callable[[Snapshot], None]):
        self._send = send
        self._queue: queue.Queue = queue.Queue()
        self._net: engine.Network | None = None  # evaluated with the frame's parameters
        self._landscapes = LandscapeMaker()
        self._thread = threading.Thread(target=self._run, name="frame-builder", daemon=True)
        self._thread.start()

    def submit(self, snap: Snapshot, params: np.ndarray, grid: engine.GridEvaluator,
               levels: tuple[float, float], views: Views = NO_VIEWS) -> None:
        """Finish ``snap`` (its network's flat ``params``, a copy) and send it, with what
        the open ``views`` beside the network need."""
        self._queue.put((snap, params, grid, levels, views))

    def stop(self, timeout: float = 1.0) -> None:
        self._queue.put(None)
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            snap, params, grid, levels, views = item
            if self._net is None or self._net.spec != snap.spec:
                self._net = engine.Network(snap.spec)
            np.copyto(self._net.params, params)
            snap = with_maps(snap, grid.evaluate(self._net), levels)
            if views.hidden is not None:
                snap = with_hidden(snap, self._net, views.hidden, levels)
            if views.landscape is not None:
                snap = self._landscapes.add(snap, self._net, views.landscape)
            if views.gradients and len(snap.split.train):
                snap = replace(snap, gradients=tuple(
                    gradients(self._net, snap.split.train, snap.loss)))
            self._send(snap)
