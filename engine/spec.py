"""What a network is, as data: the spec the canvas edits and the engine builds.

``NetworkSpec(inputs, layers)`` maps one-to-one to what the learner sees: the
input features switched on, then each layer's units, activation and dropout
rate; the last layer is the output.  Specs are immutable and validated when
built, so a spec that exists is a network that can be trained.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from . import activations
from .data import features
from .errors import PlaygroundError

MAX_UNITS = 1024
MAX_LAYERS = 64


@dataclass(frozen=True)
class LayerSpec:
    """A dense layer: ``units`` neurons, their activation, and a dropout rate."""

    units: int
    activation: str = "tanh"
    dropout: float = 0.0

    def __post_init__(self):
        if isinstance(self.units, bool) or not isinstance(self.units, int):
            raise PlaygroundError(f"units must be a whole number, got {self.units!r}")
        if not 1 <= self.units <= MAX_UNITS:
            raise PlaygroundError(f"units must be between 1 and {MAX_UNITS}, got {self.units}")
        activations.get(self.activation)
        d = self.dropout
        if isinstance(d, bool) or not isinstance(d, (int, float)) or not 0.0 <= d < 1.0:
            raise PlaygroundError(f"dropout rate must be in [0, 1), got {d!r}")
        object.__setattr__(self, "dropout", float(d))

    def __repr__(self) -> str:
        drop = f", dropout={self.dropout:g}" if self.dropout else ""
        return f"Dense({self.units}, {self.activation}{drop})"


@dataclass(frozen=True)
class NetworkSpec:
    """Input feature names and layers (the last is the output layer)."""

    inputs: tuple[str, ...] = ("x1", "x2")
    layers: tuple[LayerSpec, ...] = field(default_factory=tuple)

    def __post_init__(self):
        object.__setattr__(self, "inputs", features.validate(tuple(self.inputs)))
        object.__setattr__(self, "layers", tuple(self.layers))
        if not self.layers:
            raise PlaygroundError("a network needs at least an output layer")
        if len(self.layers) > MAX_LAYERS:
            raise PlaygroundError(f"at most {MAX_LAYERS} layers, got {len(self.layers)}")
        for i, layer in enumerate(self.layers):
            if not isinstance(layer, LayerSpec):
                raise PlaygroundError(f"layer {i + 1} is not a LayerSpec: {layer!r}")
        for i, layer in enumerate(self.hidden, start=1):
            act = activations.get(layer.activation)
            if not act.hidden_ok:
                why = (
                    "it is not differentiable, so backpropagation gets no gradient through it"
                    if layer.activation == "step"
                    else "it is for the output layer only"
                )
                raise PlaygroundError(
                    f"hidden layer {i}: the {layer.activation} activation cannot be used in a "
                    f"hidden layer: {why}; use sigmoid, tanh or relu"
                )
        out = self.output
        if out.dropout:
            raise PlaygroundError("the output layer cannot have dropout")
        if out.activation == "step":
            if self.hidden:
                raise PlaygroundError(
                    "a step output trains only as a single perceptron (no hidden layers): "
                    "the step is not differentiable, so backpropagation cannot pass it"
                )
            if out.units != 1:
                raise PlaygroundError("a perceptron (step output) has exactly one output unit")
        if out.activation == "softmax" and out.units < 2:
            raise PlaygroundError("a softmax output needs at least 2 units (one per class)")

    @property
    def hidden(self) -> tuple[LayerSpec, ...]:
        return self.layers[:-1]

    @property
    def output(self) -> LayerSpec:
        return self.layers[-1]

    @property
    def sizes(self) -> tuple[int, ...]:
        """(inputs, units of layer 1, ..., outputs)."""
        return (len(self.inputs), *(layer.units for layer in self.layers))

    @property
    def is_perceptron(self) -> bool:
        return len(self.layers) == 1 and self.output.activation == "step"

    @property
    def weight_shapes(self) -> tuple[tuple[int, ...], ...]:
        """The shapes of [W1, b1, W2, b2, ...]: W (fan_in, fan_out), b (fan_out,)."""
        s = self.sizes
        return tuple(shape for a, b in zip(s[:-1], s[1:]) for shape in ((a, b), (b,)))

    def fits(self, weights) -> bool:
        """Whether ``weights`` are [W1, b1, ...] of this network's shapes."""
        want = self.weight_shapes
        return weights is not None and len(weights) == len(want) and all(
            np.shape(w) == shape for w, shape in zip(weights, want))

    @property
    def n_params(self) -> int:
        s = self.sizes
        return sum((a + 1) * b for a, b in zip(s[:-1], s[1:]))

    def with_layer(self, index: int, **changes) -> NetworkSpec:
        """A copy with layer ``index`` changed (units / activation / dropout)."""
        layers = list(self.layers)
        layers[index] = replace(layers[index], **changes)
        return NetworkSpec(self.inputs, tuple(layers))

    def to_dict(self) -> dict:
        return {
            "inputs": list(self.inputs),
            "layers": [
                {"units": la.units, "activation": la.activation, "dropout": la.dropout}
                for la in self.layers
            ],
        }

    @classmethod
    def from_dict(cls, d: dict) -> NetworkSpec:
        return cls(
            inputs=tuple(d["inputs"]),
            layers=tuple(
                LayerSpec(la["units"], la.get("activation", "tanh"), la.get("dropout", 0.0))
                for la in d["layers"]
            ),
        )

    def __repr__(self) -> str:
        return f"NetworkSpec(inputs={list(self.inputs)}, layers={list(self.layers)})"
