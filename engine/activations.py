"""Activation functions, each with its derivative right next to its formula.

Every activation is an :class:`Activation` with two functions working in place
on preallocated arrays (the training step is counted in NumPy calls):

- ``forward(z, out)`` writes f(z) into ``out`` (shape (n, units));
- ``grad(a, out)`` writes f'(z) into ``out``, computed from the *output*
  a = f(z), which is all backpropagation keeps.

``softmax`` is for the output layer only; its Jacobian is not diagonal, so its
``grad`` is None and the losses handle it (fused with cross-entropy, or
through the full Jacobian-vector product for MSE).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

LEAKY_SLOPE = 0.01  # as torch.nn.LeakyReLU


@dataclass(frozen=True)
class Activation:
    name: str
    formula: str
    forward: Callable[[np.ndarray, np.ndarray], None]
    grad: Callable[[np.ndarray, np.ndarray], None] | None
    hidden_ok: bool = True  # may be used in a hidden layer
    tip: str = ""

    def __call__(self, z: np.ndarray) -> np.ndarray:
        out = np.empty_like(z)
        self.forward(z, out)
        return out

    def __repr__(self) -> str:
        return f"Activation({self.name!r}: {self.formula})"


# step: f(z) = 1 if z >= 0 else 0; f'(z) = 0 almost everywhere, so only the
# perceptron rule (not backpropagation) can train it.
def _step(z, out):
    np.greater_equal(z, 0.0, out=out, casting="unsafe")


def _step_grad(a, out):
    out.fill(0.0)


# linear: f(z) = z; f'(z) = 1
def _linear(z, out):
    if out is not z:
        np.copyto(out, z)


def _linear_grad(a, out):
    out.fill(1.0)


# sigmoid: f(z) = 1 / (1 + e^(-z)) = 0.5 + 0.5*tanh(z/2)  (no overflow); f' = f(1 - f)
def _sigmoid(z, out):
    np.multiply(z, 0.5, out=out)
    np.tanh(out, out=out)
    np.multiply(out, 0.5, out=out)
    np.add(out, 0.5, out=out)


def _sigmoid_grad(a, out):
    np.subtract(1.0, a, out=out)
    np.multiply(out, a, out=out)


# tanh: f(z) = 2 / (1 + e^(-2z)) - 1; f' = 1 - f^2
def _tanh(z, out):
    np.tanh(z, out=out)


def _tanh_grad(a, out):
    np.multiply(a, a, out=out)
    np.subtract(1.0, out, out=out)


# relu: f(z) = max(0, z); f' = 1 if z > 0 else 0 (torch's choice at 0)
def _relu(z, out):
    np.maximum(z, 0.0, out=out)


def _relu_grad(a, out):
    np.greater(a, 0.0, out=out, casting="unsafe")


# leaky_relu: f(z) = z if z > 0 else 0.01 z; f' = 1 if z > 0 else 0.01
def _leaky(z, out):
    np.multiply(z, LEAKY_SLOPE, out=out)
    np.maximum(z, out, out=out)


def _leaky_grad(a, out):
    np.greater(a, 0.0, out=out, casting="unsafe")
    np.multiply(out, 1.0 - LEAKY_SLOPE, out=out)
    np.add(out, LEAKY_SLOPE, out=out)


# softmax: f(z)_i = e^(z_i) / sum_j e^(z_j), shifted by max(z) for stability.
def _softmax(z, out):
    np.subtract(z, z.max(axis=1, keepdims=True), out=out)
    np.exp(out, out=out)
    np.divide(out, out.sum(axis=1, keepdims=True), out=out)


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation(
            "step",
            "f(z) = 1 if z ≥ 0 else 0",
            _step,
            _step_grad,
            hidden_ok=False,
            tip="Rosenblatt's threshold unit: 0 or 1. Not differentiable, so only a single "
            "perceptron layer can learn with it (by the perceptron rule).",
        ),
        Activation(
            "linear", "f(z) = z", _linear, _linear_grad, tip="No squashing: for regression outputs."
        ),
        Activation(
            "sigmoid",
            "f(z) = 1 / (1 + e^(−z)),  f′ = f·(1 − f)",
            _sigmoid,
            _sigmoid_grad,
            tip="Squashes to (0, 1): a probability for binary classification.",
        ),
        Activation(
            "tanh",
            "f(z) = 2 / (1 + e^(−2z)) − 1,  f′ = 1 − f²",
            _tanh,
            _tanh_grad,
            tip="Squashes to (−1, 1), centred at 0.",
        ),
        Activation(
            "relu",
            "f(z) = max(0, z),  f′ = 1 if z > 0 else 0",
            _relu,
            _relu_grad,
            tip="Rectified linear unit: fast, no saturation for z > 0.",
        ),
        Activation(
            "leaky_relu",
            "f(z) = z if z > 0 else 0.01·z",
            _leaky,
            _leaky_grad,
            tip="ReLU with a small slope for z < 0, so no neuron dies.",
        ),
        Activation(
            "softmax",
            "f(z)ᵢ = e^(zᵢ) / Σⱼ e^(zⱼ)",
            _softmax,
            None,
            hidden_ok=False,
            tip="Turns the output layer into class probabilities that sum to 1.",
        ),
    )
}

NAMES = tuple(ACTIVATIONS)
HIDDEN_NAMES = tuple(n for n, a in ACTIVATIONS.items() if a.hidden_ok)


def get(name: str) -> Activation:
    from .errors import PlaygroundError

    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise PlaygroundError(
            f"unknown activation {name!r}; choose one of {', '.join(NAMES)}"
        ) from None
