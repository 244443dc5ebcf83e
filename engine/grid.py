"""Every neuron's output over a grid of the input plane, in float32, for drawing.

The decision boundary is the output layer over the grid; each hidden neuron's
small map on the canvas is its own column.  The grid's inputs (features and
the bias column) are computed once per (bounds, resolution, features); each
evaluation then costs one float32 matmul and activation per layer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import activations
from .data import features
from .network import Network


@dataclass(frozen=True)
class GridOutput:
    """Outputs over a res x res grid: ``layers[l]`` is (res, res, units_l), float32.

    Row index runs along x2 (bottom to top), column index along x1, so
    ``layers[l][i, j]`` is at (xs[j], ys[i]).  ``inputs`` holds the features.
    """

    xs: np.ndarray
    ys: np.ndarray
    inputs: np.ndarray
    layers: tuple[np.ndarray, ...]

    @property
    def output(self) -> np.ndarray:
        return self.layers[-1]


class GridEvaluator:
    """The network over a res x res grid of the input plane, in float32.

    ``threads=2`` splits a large grid over two cores (headless, where the
    other core is idle); the window's worker uses one, as the GUI thread
    needs the other.
    """

    def __init__(self, inputs, bounds, resolution: int = 50, threads: int = 2):
        self.threads = int(threads)
        self.inputs = features.validate(tuple(inputs))
        self.bounds = tuple(float(b) for b in bounds)
        self.res = int(resolution)
        x0, x1, y0, y1 = self.bounds
        self.xs = np.linspace(x0, x1, self.res)
        self.ys = np.linspace(y0, y1, self.res)
        gx, gy = np.meshgrid(self.xs, self.ys)
        pts = np.column_stack([gx.ravel(), gy.ravel()])
        feats = features.transform(self.inputs, pts, dtype=np.float32)
        self._xa = np.ones((pts.shape[0], len(self.inputs) + 1), dtype=np.float32)
        self._xa[:, :-1] = feats
        self._feats = feats.reshape(self.res, self.res, -1)
        self._bufs = None

    def matches(self, inputs, bounds, resolution) -> bool:
        return (
            tuple(inputs) == self.inputs
            and tuple(float(b) for b in bounds) == self.bounds
            and int(resolution) == self.res
        )

    def evaluate(self, net: Network, copy: bool = True, hidden: bool = True) -> GridOutput:
        """Run the net (no dropout) over the grid in float32.

        With ``hidden=False`` only the output layer is returned (``layers`` has one
        entry), which saves copying every hidden neuron's map.
        """
        sizes = net.spec.sizes
        n = self._xa.shape[0]
        if self._bufs is None or [b.shape[1] for b in self._bufs] != [u + 1 for u in sizes[1:]]:
            self._bufs = [np.ones((n, u + 1), dtype=np.float32) for u in sizes[1:]]
        with np.errstate(all="ignore"):  # a diverging net is drawn, not warned about
            p32 = net.params.astype(np.float32)
            # huge weights (a diverging run) can overflow float32: only then clean up
            guard = not float(np.abs(p32).max(initial=0.0)) < 1e4
            Ws, off = [], 0
            for i in range(len(net.spec.layers)):
                fi, fo = sizes[i] + 1, sizes[i + 1]
                Ws.append(p32[off : off + fi * fo].reshape(fi, fo))
                off += fi * fo
            acts = [activations.get(la.activation) for la in net.spec.layers]
            if n >= _SPLIT_ROWS and self.threads > 1:  # two halves on two cores
                half = n // 2
                other = _pool().submit(self._run, Ws, acts, half, n, guard)
                self._run(Ws, acts, 0, half, guard)
                other.result()
            else:
                self._run(Ws, acts, 0, n, guard)
        outs = [b[:, :-1] for b in self._bufs]
        if not hidden:
            outs = outs[-1:]
        layers = tuple(
            (o.copy() if copy else o).reshape(self.res, self.res, o.shape[1]) for o in outs
        )
        return GridOutput(self.xs, self.ys, self._feats, layers)

    def _run(self, Ws, acts, start: int, stop: int, guard: bool) -> None:
        with np.errstate(all="ignore"):  # per thread: the pool's thread needs its own
            self._run_rows(Ws, acts, start, stop, guard)

    def _run_rows(self, Ws, acts, start: int, stop: int, guard: bool) -> None:
        a = self._xa[start:stop]
        for W, act, buf in zip(Ws, acts, self._bufs):
            out = buf[start:stop]
            view = out[:, :-1]
            act.forward(np.dot(a, W), view)
            if guard and not np.isfinite(view).all():
                np.nan_to_num(view, copy=False, nan=0.0, posinf=3e38, neginf=-3e38)
            a = out


_SPLIT_ROWS = 4096
_POOL = None


def _pool():
    global _POOL
    if _POOL is None:
        from concurrent.futures import ThreadPoolExecutor

        _POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="grid")
    return _POOL
