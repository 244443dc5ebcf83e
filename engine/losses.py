"""Loss functions and the error signal dL/dz they send back into the output layer.

- ``mse``: mean over all elements of (o - t)^2            dL/do = 2 (o - t) / N
- ``bce``: mean binary cross-entropy, sigmoid output       dL/dz = (o - t) / N
- ``cce``: mean categorical cross-entropy, softmax output  dL/dz = (o - t) / n

For bce and cce the sigmoid / softmax derivative cancels against the log, so
the fused gradient (o - t)/N is both exact and stable; their values are
computed from the logits z, never from log(o), so a saturated output cannot
produce log(0).
"""

from __future__ import annotations

import numpy as np

from .activations import Activation
from .errors import PlaygroundError

NAMES = ("mse", "bce", "cce")
DESCRIPTIONS = {
    "mse": "mean squared error: mean of (output − target)²; for regression",
    "bce": "binary cross-entropy: −mean[t·log o + (1−t)·log(1−o)]; sigmoid output",
    "cce": "categorical cross-entropy: −mean Σ t·log o; softmax output",
}
# The output activation each loss needs (None: any).
NEEDS_OUTPUT = {"mse": None, "bce": "sigmoid", "cce": "softmax"}


def check(loss: str, output_activation: str) -> None:
    """Refuse a loss that cannot work with the output layer, saying why."""
    if loss not in NAMES:
        raise PlaygroundError(f"unknown loss {loss!r}; choose one of {', '.join(NAMES)}")
    need = NEEDS_OUTPUT[loss]
    if need is not None and output_activation != need:
        raise PlaygroundError(
            f"loss {loss} needs a {need} output layer (got {output_activation}): "
            f"cross-entropy takes probabilities"
        )


def value(loss: str, o: np.ndarray, t: np.ndarray, z: np.ndarray) -> float:
    """Mean loss of outputs ``o`` (logits ``z``) against targets ``t``, all (n, k)."""
    if o.shape[0] == 0:
        return float("nan")
    if loss == "mse":
        d = o - t
        return float(np.dot(d.ravel(), d.ravel()) / d.size)
    if loss == "bce":
        # -[t log s(z) + (1-t) log(1-s(z))] = max(z,0) - z t + log(1 + e^-|z|)
        v = np.maximum(z, 0.0) - z * t + np.log1p(np.exp(-np.abs(z)))
        return float(v.mean())
    if loss == "cce":
        m = z.max(axis=1, keepdims=True)
        logp = z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))
        return float(-(t * logp).sum() / z.shape[0])
    raise PlaygroundError(f"unknown loss {loss!r}; choose one of {', '.join(NAMES)}")


def delta(
    loss: str, act: Activation, o: np.ndarray, t: np.ndarray, out: np.ndarray, tmp: np.ndarray
) -> None:
    """Write dL/dz for the output layer into ``out``; ``tmp`` is scratch of the same shape."""
    np.subtract(o, t, out=out)
    if loss == "cce":
        np.divide(out, o.shape[0], out=out)
        return
    if loss == "bce":
        np.divide(out, o.size, out=out)
        return
    # mse: dL/do = 2(o - t)/N, then through the activation's derivative
    np.multiply(out, 2.0 / o.size, out=out)
    if act.grad is not None:
        act.grad(o, tmp)
        np.multiply(out, tmp, out=out)
    else:  # softmax: J^T g = o * (g - sum(g*o))
        np.multiply(out, o, out=tmp)
        s = tmp.sum(axis=1, keepdims=True)
        np.subtract(out, s, out=out)
        np.multiply(out, o, out=out)
