"""A dense feed-forward network trained by backpropagation, in NumPy.

All weights live in one flat float64 buffer ``params`` (gradients in ``grads``)
so an optimizer update is a few ufunc calls on one array.  Layer l's weights
are a view ``W[l]`` of shape (fan_in + 1, fan_out) whose last row is the bias:
the bias is folded into the matmul by giving every layer's input a trailing
column of ones ("augmented", written [a, 1]).

    forward, layer l:   z_l = [a_(l-1), 1] · W_l          a_l = f_l(z_l)
    backward, layer l:  dL/dW_l = [a_(l-1), 1]ᵀ · δ_l     δ_(l-1) = (δ_l · W_l[:-1]ᵀ) ⊙ f'_(l-1)

where δ_l = dL/dz_l; the output layer's δ comes from the loss (see
:mod:`engine.losses`).  With dropout, a_l is multiplied by the layer's mask
in the forward pass, and δ_(l-1) by the same mask on the way back.

A net whose only layer is a ``step`` unit is a perceptron and learns by
Rosenblatt's rule w += lr·(t − y)·x instead: its "gradient" is −xᵀ(t − y).
"""

from __future__ import annotations

import numpy as np

from . import activations, losses
from .errors import PlaygroundError
from .spec import NetworkSpec

_HE = ("relu", "leaky_relu")


class Pass:
    """The arrays of one forward (and backward) pass over a batch of ``n`` rows.

    Allocated once per batch size and reused: the step's cost is counted in
    NumPy calls, not in flops.
    """

    def __init__(self, n: int, sizes: tuple[int, ...]):
        units = sizes[1:]
        # a_l with a column of ones after it: the next layer's input, bias included
        self.augmented = [np.ones((n, u + 1)) for u in units[:-1]]
        self.activations = [a[:, :-1] for a in self.augmented]  # a_l (views)
        self.pre_activations: list[np.ndarray | None] = [None] * len(units)  # z_l
        self.output = np.empty((n, units[-1]))  # the last layer's a
        self.deltas = [np.empty((n, u)) for u in units]  # dL/dz_l
        self.slopes = [np.empty((n, u)) for u in units]  # f'_l(z_l)
        self.keep = [np.empty((n, u)) for u in units[:-1]]  # dropout: 0 or 1/(1 - rate)


class Network:
    """A network built from a :class:`NetworkSpec`, seeded: same seed, same weights."""

    def __init__(self, spec: NetworkSpec, seed: int = 0):
        if not isinstance(spec, NetworkSpec):
            raise PlaygroundError(f"Network needs a NetworkSpec, got {type(spec).__name__}")
        self.spec = spec
        self.seed = seed
        self.acts = [activations.get(la.activation) for la in spec.layers]
        self.dropout = [la.dropout for la in spec.hidden]
        self.sizes = spec.sizes
        self.is_perceptron = spec.is_perceptron
        shapes = [(a + 1, b) for a, b in zip(self.sizes[:-1], self.sizes[1:])]
        total = sum(r * c for r, c in shapes)
        self.params = np.zeros(total)
        self.grads = np.zeros(total)
        self.weight_mask = np.ones(total)  # 1 on weights, 0 on biases (not regularised)
        self.W: list[np.ndarray] = []  # views of params, per layer
        self.G: list[np.ndarray] = []  # views of grads, per layer
        off = 0
        for r, c in shapes:
            self.W.append(self.params[off : off + r * c].reshape(r, c))
            self.G.append(self.grads[off : off + r * c].reshape(r, c))
            self.weight_mask[off + (r - 1) * c : off + r * c] = 0.0
            off += r * c
        # W_l without its bias row, transposed: what δ goes back through (views follow params)
        self._back = [None] + [W[:-1].T for W in self.W[1:]]
        self._scratch = np.empty(total)
        self._passes: dict[int, Pass] = {}
        self.dropout_rng = np.random.default_rng([seed, 0xD0])
        # the keep masks of the last training pass (evaluation passes never write them)
        self._masks: list[np.ndarray | None] = [None] * len(self.dropout)
        self.init_weights(seed)

    # ------------------------------------------------------------------ weights
    def init_weights(self, seed: int) -> None:
        """Glorot-uniform weights (He-normal before ReLU), zero biases."""
        rng = np.random.default_rng(seed)
        for W, act in zip(self.W, self.acts):
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

    # ------------------------------------------------------------------ forward
    def augment(self, X: np.ndarray) -> np.ndarray:
        """[X, 1]: the input with the bias column, (n, d + 1) float64."""
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise PlaygroundError(
                f"input must have shape (n, {self.sizes[0]}) for features "
                f"{', '.join(self.spec.inputs)}, got {X.shape}"
            )
        xa = np.ones((X.shape[0], X.shape[1] + 1))
        xa[:, :-1] = X
        return xa

    def pass_for(self, n: int) -> Pass:
        """The reusable arrays for a batch of ``n`` rows."""
        p = self._passes.get(n)
        if p is None:
            if len(self._passes) > 4:  # epoch tail, eval sets: a few sizes at most
                self._passes.clear()
            p = self._passes[n] = Pass(n, self.sizes)
        return p

    def forward_augmented(self, xa: np.ndarray, training: bool) -> Pass:
        """The forward pass of rows ``xa`` = [x, 1]; dropout only if ``training``."""
        # np.dot without out= is faster on tiny arrays than with it, so z is a fresh
        # array; activations write into the preallocated a_l (ones column and all)
        p = self.pass_for(xa.shape[0])
        a = xa
        last = len(self.W) - 1
        for l, W in enumerate(self.W):
            z = np.dot(a, W)
            p.pre_activations[l] = z
            f = self.acts[l]
            if l == last:
                f.forward(z, p.output)
                break
            f.forward(z, p.activations[l])
            rate = self.dropout[l]
            if rate and training:
                f.grad(p.activations[l], p.slopes[l])  # f'(z) before the mask changes a
                keep = p.keep[l]
                self.dropout_rng.random(out=keep)
                np.greater_equal(keep, rate, keep, casting="unsafe")
                np.multiply(keep, 1.0 / (1.0 - rate), keep)
                np.multiply(p.activations[l], keep, p.activations[l])
                self._masks[l] = keep
            a = p.augmented[l]
        return p

    def forward(self, X: np.ndarray, training: bool = False) -> np.ndarray:
        """Outputs (n, outputs) for inputs X (n, len(inputs)); dropout only if training."""
        return self.forward_augmented(self.augment(X), training).output.copy()

    # ------------------------------------------------------------------ backward
    def backward(self, xa: np.ndarray, t: np.ndarray, loss: str, l1: float = 0.0,
                 l2: float = 0.0) -> Pass:
        """Forward and backward over the batch ([x, 1] rows, targets t): fills ``grads``."""
        p = self.forward_augmented(xa, True)
        G = self.G
        if self.is_perceptron:  # Rosenblatt: w += lr (t - y) x  ==  w -= lr * (x^T (y - t))
            np.dot(xa.T, p.output - t, G[0])
        else:
            last = len(self.W) - 1
            delta = p.deltas[last]
            losses.delta(loss, self.acts[last], p.output, t, delta, p.slopes[last])
            for l in range(last, 0, -1):
                np.dot(p.augmented[l - 1].T, delta, G[l])  # dL/dW_l = [a_(l-1), 1]ᵀ · δ_l
                back = np.dot(delta, self._back[l])  # δ_l · W_l[:-1]ᵀ
                slope = p.slopes[l - 1]
                if not self.dropout[l - 1]:  # (with dropout f' was taken in the forward pass)
                    self.acts[l - 1].grad(p.activations[l - 1], slope)
                np.multiply(back, slope, back)
                if self.dropout[l - 1]:
                    np.multiply(back, p.keep[l - 1], back)
                delta = back  # δ_(l-1)
            np.dot(xa.T, delta, G[0])
        if l1 or l2:  # weight decay applies to the perceptron rule too
            self._add_penalty_grad(l1, l2)
        return p

    def _add_penalty_grad(self, l1: float, l2: float) -> None:
        s = self._scratch
        if l2:  # d/dw (l2/2) w^2 = l2 w
            np.multiply(self.params, self.weight_mask, out=s)
            np.multiply(s, l2, out=s)
            np.add(self.grads, s, out=self.grads)
        if l1:  # d/dw l1 |w| = l1 sign(w)
            np.sign(self.params, out=s)
            np.multiply(s, self.weight_mask, out=s)
            np.multiply(s, l1, out=s)
            np.add(self.grads, s, out=self.grads)

    def penalty(self, l1: float = 0.0, l2: float = 0.0) -> float:
        """Regularisation term l1·Σ|w| + (l2/2)·Σw² (weights only, not biases)."""
        if not (l1 or l2):
            return 0.0
        w = self.params * self.weight_mask
        return float(l1 * np.abs(w).sum() + 0.5 * l2 * np.dot(w, w))

    def targets(self, y: np.ndarray) -> np.ndarray:
        """Targets shaped like the output: a column, or one-hot rows for several outputs."""
        y = np.asarray(y)
        k = self.sizes[-1]
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
            p = self.backward(xa, t, loss, l1, l2)
        else:
            rates, self.dropout = self.dropout, [0.0] * len(self.dropout)
            try:
                p = self.backward(xa, t, loss, l1, l2)
            finally:
                self.dropout = rates
        value = losses.value(loss, p.output, t, p.pre_activations[-1]) + self.penalty(l1, l2)
        grads = []
        for G in self.G:
            grads += [G[:-1].copy(), G[-1].copy()]
        return value, grads

    def set_dropout_mask(self, layer: int, keep: np.ndarray) -> None:
        """The keep mask (rows, units: 0 or 1/(1 - rate)) hidden layer ``layer`` had in
        the last training step, when that step ran elsewhere (the compiled path)."""
        self._masks[layer] = keep

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
