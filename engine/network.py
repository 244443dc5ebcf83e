"""A dense feed-forward network trained by backpropagation, in NumPy.

All weights live in one flat float64 buffer ``params`` (gradients in ``grads``)
so an optimizer update is a few ufunc calls on one array.  Layer l is a view
``W[l]`` of shape (fan_in + 1, fan_out) whose last row is the bias: the bias is
folded into the matmul by giving every layer's input a trailing column of ones.

Forward, layer l:   z = [a, 1] · W[l],          a' = f(z)
Backward, layer l:  dL/dW[l] = [a, 1]ᵀ · δ,     δ_prev = (δ · W[l][:-1]ᵀ) ⊙ f'_prev(a)

A net whose only layer is a ``step`` unit is a perceptron and learns by
Rosenblatt's rule w += lr·(t − y)·x instead: its "gradient" is −xᵀ(t − y).
"""

from __future__ import annotations

import numpy as np

from . import activations, losses
from .errors import PlaygroundError
from .spec import NetworkSpec

_HE = ("relu", "leaky_relu")


class _Buffers:
    """Preallocated per-batch-size arrays for one forward/backward pass."""

    def __init__(self, n: int, sizes: tuple[int, ...]):
        outs = sizes[1:]
        # hidden outputs with a ones column for the next layer's bias
        self.A = [np.ones((n, u + 1)) for u in outs[:-1]]
        self.V = [a[:, :-1] for a in self.A]  # the outputs without the ones column
        self.Z = [None] * len(outs)  # pre-activations of the last pass
        self.O = np.empty((n, outs[-1]))
        self.D = [np.empty((n, u)) for u in outs]
        self.S = [np.empty((n, u)) for u in outs]
        self.M = [np.empty((n, u)) for u in outs[:-1]]


class Network:
    """A network built from a :class:`NetworkSpec`, seeded: same seed, same weights."""

    def __init__(self, spec: NetworkSpec, seed: int = 0):
        if not isinstance(spec, NetworkSpec):
            raise PlaygroundError(f"Network needs a NetworkSpec, got {type(spec).__name__}")
        self.spec = spec
        self.seed = seed
        self._acts = [activations.get(la.activation) for la in spec.layers]
        self._drop = [la.dropout for la in spec.hidden]
        self._sizes = spec.sizes
        shapes = [(a + 1, b) for a, b in zip(self._sizes[:-1], self._sizes[1:])]
        total = sum(r * c for r, c in shapes)
        self.params = np.zeros(total)
        self.grads = np.zeros(total)
        self._wmask = np.ones(total)  # 1 on weights, 0 on biases (not regularised)
        self.W, self.G = [], []
        self._perceptron = spec.is_perceptron
        off = 0
        for r, c in shapes:
            self.W.append(self.params[off : off + r * c].reshape(r, c))
            self.G.append(self.grads[off : off + r * c].reshape(r, c))
            self._wmask[off + (r - 1) * c : off + r * c] = 0.0
            off += r * c
        self._WT = [None] + [W[:-1].T for W in self.W[1:]]  # views: follow the params
        self._scratch = np.empty(total)
        self._bufs: dict[int, _Buffers] = {}
        self._dropout_rng = np.random.default_rng([seed, 0xD0])
        # the mask buffers of the last training pass (evaluation passes never write masks)
        self._masks: list[np.ndarray | None] = [None] * len(self._drop)
        self.init_weights(seed)

    # ------------------------------------------------------------------ weights
    def init_weights(self, seed: int) -> None:
        """Glorot-uniform weights (He-normal before ReLU), zero biases."""
        rng = np.random.default_rng(seed)
        for W, act in zip(self.W, self._acts):
            fan_in, fan_out = W.shape[0] - 1, W.shape[1]
            if act.name in _HE:
                W[:-1] = rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
            else:
                lim = np.sqrt(6.0 / (fan_in + fan_out))
                W[:-1] = rng.uniform(-lim, lim, size=(fan_in, fan_out))
            W[-1] = 0.0

    def get_weights(self) -> list[np.ndarray]:
        """[W1, b1, W2, b2, ...] as copies; W (fan_in, fan_out), b (fan_out,)."""
        out = []
        for W in self.W:
            out += [W[:-1].copy(), W[-1].copy()]
        return out

    def set_weights(self, weights) -> None:
        """Set from a list like :meth:`get_weights`; shapes are checked, values must be finite."""
        weights = list(weights)
        if len(weights) != 2 * len(self.W):
            raise PlaygroundError(
                f"expected {2 * len(self.W)} weight arrays (W and b per layer), got {len(weights)}"
            )
        new = []
        for i, W in enumerate(self.W):
            w = np.asarray(weights[2 * i], dtype=float)
            b = np.asarray(weights[2 * i + 1], dtype=float)
            if w.shape != W[:-1].shape or b.shape != W[-1].shape:
                raise PlaygroundError(
                    f"layer {i + 1}: weights have shape {w.shape} and bias {b.shape}, "
                    f"expected {W[:-1].shape} and {W[-1].shape}"
                )
            if not (np.isfinite(w).all() and np.isfinite(b).all()):
                raise PlaygroundError(f"layer {i + 1}: weights must be finite numbers")
            new.append((w, b))
        for W, (w, b) in zip(self.W, new):
            W[:-1] = w
            W[-1] = b

    # ------------------------------------------------------------------ passes
    def _buffers(self, n: int) -> _Buffers:
        b = self._bufs.get(n)
        if b is None:
            if len(self._bufs) > 4:  # epoch tail, eval sets: a few sizes at most
                self._bufs.clear()
            b = self._bufs[n] = _Buffers(n, self._sizes)
        return b

    def augment(self, X: np.ndarray) -> np.ndarray:
        """[X, 1]: the input with the bias column, (n, d + 1) float64."""
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != self._sizes[0]:
            raise PlaygroundError(
                f"input must have shape (n, {self._sizes[0]}) for features "
                f"{', '.join(self.spec.inputs)}, got {X.shape}"
            )
        xa = np.ones((X.shape[0], X.shape[1] + 1))
        xa[:, :-1] = X
        return xa

    def _forward(self, xa: np.ndarray, training: bool) -> _Buffers:
        # The hot path: counted in NumPy calls.  np.dot without out= is faster on
        # tiny arrays than with it, so z is a fresh array; activations write into
        # the preallocated outputs (with their ones column for the next bias).
        bufs = self._buffers(xa.shape[0])
        a = xa
        last = len(self.W) - 1
        dot = np.dot
        drop = self._drop
        for i, W in enumerate(self.W):
            z = dot(a, W)
            bufs.Z[i] = z
            act = self._acts[i]
            if i == last:
                act.forward(z, bufs.O)
                break
            nxt = bufs.A[i]
            view = bufs.V[i]
            act.forward(z, view)
            rate = drop[i]
            if rate and training:
                # f'(z) from the unscaled output, before the mask changes it
                act.grad(view, bufs.S[i])
                m = bufs.M[i]
                self._dropout_rng.random(out=m)
                np.greater_equal(m, rate, m, casting="unsafe")
                np.multiply(m, 1.0 / (1.0 - rate), m)
                np.multiply(view, m, view)
                self._masks[i] = m
            a = nxt
        return bufs

    def forward(self, X: np.ndarray, training: bool = False) -> np.ndarray:
        """Outputs (n, outputs) for inputs X (n, len(inputs)); dropout only if training."""
        return self._forward(self.augment(X), training).O.copy()

    def _backprop(self, xa, t, loss: str, l1: float = 0.0, l2: float = 0.0) -> _Buffers:
        """Fill ``self.grads`` with dL/dparams for the batch ([x, 1], targets t)."""
        bufs = self._forward(xa, True)
        L = len(self.W) - 1
        o = bufs.O
        G = self.G
        dot = np.dot
        multiply = np.multiply
        if self._perceptron:  # Rosenblatt: w += lr (t - y) x  ==  w -= lr * (x^T (y - t))
            dot(xa.T, o - t, G[0])
            if l1 or l2:  # weight decay applies to the perceptron rule too
                self._add_penalty_grad(l1, l2)
            return bufs
        d = bufs.D[L]
        losses.delta(loss, self._acts[L], o, t, d, bufs.S[L])
        A, S, V, WT, drop, acts = bufs.A, bufs.S, bufs.V, self._WT, self._drop, self._acts
        for i in range(L, 0, -1):
            dot(A[i - 1].T, d, G[i])
            prev = dot(d, WT[i])  # delta through the weights (not the bias row)
            s = S[i - 1]
            if drop[i - 1]:  # f' was taken in the forward pass, before dropout
                multiply(prev, s, prev)
                multiply(prev, bufs.M[i - 1], prev)
            else:
                acts[i - 1].grad(V[i - 1], s)
                multiply(prev, s, prev)
            d = prev
        dot(xa.T, d, G[0])
        if l1 or l2:
            self._add_penalty_grad(l1, l2)
        return bufs

    def _add_penalty_grad(self, l1: float, l2: float) -> None:
        s = self._scratch
        if l2:  # d/dw (l2/2) w^2 = l2 w
            np.multiply(self.params, self._wmask, out=s)
            np.multiply(s, l2, out=s)
            np.add(self.grads, s, out=self.grads)
        if l1:  # d/dw l1 |w| = l1 sign(w)
            np.sign(self.params, out=s)
            np.multiply(s, self._wmask, out=s)
            np.multiply(s, l1, out=s)
            np.add(self.grads, s, out=self.grads)

    def penalty(self, l1: float = 0.0, l2: float = 0.0) -> float:
        """Regularisation term l1·Σ|w| + (l2/2)·Σw² (weights only, not biases)."""
        if not (l1 or l2):
            return 0.0
        w = self.params * self._wmask
        return float(l1 * np.abs(w).sum() + 0.5 * l2 * np.dot(w, w))

    def targets(self, y: np.ndarray) -> np.ndarray:
        """Targets shaped like the output: a column, or one-hot rows for several outputs."""
        y = np.asarray(y)
        k = self._sizes[-1]
        if y.ndim == 2 and y.shape[1] == k:
            return y.astype(float)
        y = y.reshape(-1)
        if k == 1:
            return y.astype(float).reshape(-1, 1)
        t = np.zeros((y.shape[0], k))
        labels = y.astype(np.int64)
        if labels.size and (labels.min() < 0 or labels.max() >= k):
            raise PlaygroundError(
                f"class labels must be in 0..{k - 1} for {k} outputs, got {labels.max()}"
            )
        t[np.arange(y.shape[0]), labels] = 1.0
        return t

    def loss_and_gradients(
        self, X, y_true, loss: str = "mse", *, training: bool = True, l1=0.0, l2=0.0
    ) -> tuple[float, list[np.ndarray]]:
        """Mean loss on (X, y_true) and its gradients as [dW1, db1, ...] (like get_weights)."""
        losses.check(loss, self.spec.output.activation)
        xa = self.augment(X)
        t = self.targets(y_true)
        if t.shape[0] != xa.shape[0]:
            raise PlaygroundError(f"X has {xa.shape[0]} rows but y_true has {t.shape[0]}")
        if training:
            bufs = self._backprop(xa, t, loss, l1, l2)
        else:
            drop, self._drop = self._drop, [0.0] * len(self._drop)
            try:
                bufs = self._backprop(xa, t, loss, l1, l2)
            finally:
                self._drop = drop
        value = losses.value(loss, bufs.O, t, bufs.Z[-1]) + self.penalty(l1, l2)
        grads = []
        for G in self.G:
            grads += [G[:-1].copy(), G[-1].copy()]
        return value, grads

    def dropout_masks(self) -> list[np.ndarray | None]:
        """Kept-unit masks (batch, units) of the last training pass, per hidden layer.

        None for layers without dropout, or before the first training pass.  Evaluation
        passes (``training=False``, the trainer's end-of-epoch losses) leave them alone,
        so the canvas still sees which neurons the last step dropped.
        """
        return [None if m is None else m > 0 for m in self._masks]

    def __repr__(self) -> str:
        layers = ", ".join(repr(la) for la in self.spec.layers)
        return f"Network(inputs={list(self.spec.inputs)}, [{layers}], params={self.params.size})"
