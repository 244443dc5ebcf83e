"""Forward propagation and the chain rule, with the network's own numbers.

:func:`forward_trace` follows one point through the network: each neuron's
weighted sum z = w·a + b and its output a = f(z), layer by layer, and the
nesting out = f₂(W₂·f₁(W₁·x + b₁) + b₂) the course writes.  :func:`chain_rule`
takes one weight and one example apart: ∂L/∂w as the product of the chain's
factors (∂L/∂a · ∂a/∂z · ∂z/∂w), where a hidden neuron's ∂L/∂a is the sum of
what each neuron it feeds passes back (∂L/∂z_k · w_k); then the gradient over
all training points and the step w_new = w − lr·∂L/∂w that plain gradient
descent takes with it.  :func:`gradients` gives every weight's ∂L/∂w over the
training points, for the canvas's gradient overlay.

All numbers come from the engine's forward pass and its loss functions; the
tests check each product against :meth:`Network.loss_and_gradients`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from . import activations, losses
from .data import features
from .data.dataset import Dataset
from .landscape import unit_names
from .network import Network
from .spec import NetworkSpec

__all__ = ["Chain", "NeuronStep", "Trace", "What", "chain_rule", "forward_trace", "gradients",
           "nesting"]

_SUB = str.maketrans("0123456789", "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089")
SYMBOLS = {"sigmoid": "\u03c3", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "LReLU",
           "linear": "", "softmax": "softmax", "step": "step"}


@dataclass(frozen=True)
class NeuronStep:
    """One neuron's forward step: z = Σ w·a + b, a = f(z)."""

    name: str  # h₁, h1.2, out
    activation: str
    sources: tuple[str, ...]  # what feeds it (input features or the previous layer)
    inputs: np.ndarray  # their values for this point
    weights: np.ndarray  # the weights from them
    bias: float
    z: float
    a: float

    def formula(self) -> str:
        """"z = 0.5·x₁ − 1.2·x₂ + 0.1 = 0.73,  a = σ(0.73) = 0.67" with these numbers."""
        terms = [f"{w:.3g}\u00b7{s}" for w, s in zip(self.weights, self.sources)]
        text = "z = " + " + ".join(terms) + f" + {self.bias:.3g}"
        text = text.replace("+ -", "\u2212 ")
        f = SYMBOLS.get(self.activation, self.activation)
        out = f"a = {f}(z) = {self.a:.4g}" if f else f"a = z = {self.a:.4g}"
        return f"{text} = {self.z:.4g},  {out}"


@dataclass(frozen=True)
class Trace:
    """A point's way through the network."""

    point: tuple[float, float]
    features: tuple[tuple[str, float], ...]  # the inputs the network sees
    layers: tuple[tuple[NeuronStep, ...], ...]
    output: np.ndarray
    nesting: str


def nesting(spec: NetworkSpec) -> str:
    """out = f₂(W₂·f₁(W₁·x + b₁) + b₂): the network as nested functions."""
    text = "x"
    for l, la in enumerate(spec.layers):
        k = str(l + 1).translate(_SUB)
        f = SYMBOLS.get(la.activation, la.activation)
        inner = f"W{k}\u00b7{text} + b{k}"
        text = f"{f}({inner})" if f else f"({inner})"
    return f"out = {text}"


def _names(spec: NetworkSpec, layer: int) -> list[str]:
    if layer < 0:
        return [features.LABELS.get(n, n) for n in spec.inputs]
    return unit_names(spec, layer)


def forward_trace(net: Network, point) -> Trace:
    """Follow the raw point (x1, x2) through ``net`` (no dropout)."""
    spec = net.spec
    x = np.asarray(point, dtype=np.float64).reshape(1, 2)
    a = features.transform(spec.inputs, x)[0]
    feats = tuple(zip(_names(spec, -1), (float(v) for v in a)))
    layers = []
    for l, (W, act) in enumerate(zip(net.W, net.acts)):
        z = a @ W[:-1] + W[-1]
        out = np.empty_like(z[None, :])
        act.forward(z[None, :].copy(), out)
        out = out[0]
        sources = tuple(_names(spec, l - 1))
        layers.append(tuple(
            NeuronStep(name, act.name, sources, a.copy(), W[:-1, j].copy(), float(W[-1, j]),
                       float(z[j]), float(out[j]))
            for j, name in enumerate(_names(spec, l))))
        a = out
    return Trace((float(x[0, 0]), float(x[0, 1])), feats, tuple(layers), a.copy(),
                 nesting(spec))


def _same(text: str) -> str:
    return text


class What(NamedTuple):
    """What a factor is, as a sentence with {places} and the values that fill them
    (so the UI can say it in its own language: :meth:`say`)."""

    template: str
    args: tuple = ()  # (name, value) pairs

    def say(self, translate: Callable[[str], str] = _same) -> str:
        return translate(self.template).format(**dict(self.args))


@dataclass(frozen=True)
class Chain:
    """∂L/∂w for one weight and one example, factor by factor, then for the batch."""

    weight: str  # "x₁→h₂"
    value: float  # w now
    factors: tuple[tuple[str, float, What], ...]  # (symbol, value, what it is)
    product: float  # their product: ∂L/∂w for the example
    passed_back: tuple[tuple[str, float, float], ...]  # hidden: (neuron k, ∂L/∂z_k, w_jk)
    batch: float  # ∂L/∂w over all the training points (their mean)
    n: int  # how many training points
    lr: float
    new_value: float  # w − lr·batch: plain gradient descent's step

    def text(self, translate: Callable[[str], str] = _same) -> str:
        """The chain rule for this weight, with its numbers, in a few lines; its words
        pass through ``translate`` (the UI's tr), the numbers are filled in after."""
        names = " \u00b7 ".join(sym for sym, _, _ in self.factors)
        nums = " \u00d7 ".join(f"({v:.4g})" for _, v, _ in self.factors)
        lines = [translate("\u2202L/\u2202w for w = {weight} = {value}, one example:").format(
                     weight=self.weight, value=f"{self.value:.4g}"),
                 f"  \u2202L/\u2202w = {names}", f"         = {nums} = {self.product + 0.0:.4g}"]
        for sym, v, what in self.factors:
            lines.append(f"  {sym} = {v:.4g}: {what.say(translate)}")
        if self.passed_back:
            parts = " + ".join(f"({d:.3g})\u00b7({w:.3g})" for _, d, w in self.passed_back)
            lines.append("  " + translate(
                "(\u2202L/\u2202a = \u03a3 \u2202L/\u2202z\u2096\u00b7w\u2096 over {names} = "
                "{parts})").format(names=", ".join(k for k, _, _ in self.passed_back),
                                   parts=parts))
        lines.append(translate("Over all {n} training points (their mean): "
                               "\u2202L/\u2202w = {g}").format(n=self.n, g=f"{self.batch:.4g}"))
        lines.append(translate("Gradient descent: w_new = w \u2212 lr\u00b7\u2202L/\u2202w = "
                               "{w} \u2212 {lr}\u00b7({g}) = {new}").format(
            w=f"{self.value:.4g}", lr=f"{self.lr:g}", g=f"{self.batch:.4g}",
            new=f"{self.new_value:.4g}"))
        return "\n".join(lines)


def _dl_dz_out(net: Network, loss: str, o: np.ndarray, t: np.ndarray) -> np.ndarray:
    """∂L/∂z of the output layer for one example (o, t: (1, k))."""
    out, tmp = np.empty_like(o), np.empty_like(o)
    losses.delta(loss, net.acts[-1], o, t, out, tmp)
    return out[0]


def chain_rule(net: Network, loss: str, point, target, layer: int, row: int, col: int,
               data: Dataset, lr: float) -> Chain:
    """The chain rule for weight W[layer][row, col] (source ``row`` of the layer below,
    ``row`` = fan_in for the bias, into neuron ``col``), for the example ``point``
    (raw x1, x2) with label or value ``target``, then over ``data``."""
    spec = net.spec
    W = net.W[layer]
    if not (0 <= row < W.shape[0] and 0 <= col < W.shape[1]):
        raise ValueError(f"layer {layer} has no weight [{row}, {col}]")
    trace = forward_trace(net, point)
    t = net.targets(np.asarray([target]))
    acts = [np.array([s.a for s in lay]) for lay in trace.layers]
    zs = [np.array([s.z for s in lay]) for lay in trace.layers]
    below = (np.array([v for _, v in trace.features]) if layer == 0 else acts[layer - 1])
    source = 1.0 if row == W.shape[0] - 1 else float(below[row])
    src_name = "b" if row == W.shape[0] - 1 else _names(spec, layer - 1)[row]
    name = _names(spec, layer)[col]
    # ∂L/∂z for every layer, from the output back (one example)
    deltas = [None] * len(net.W)
    deltas[-1] = _dl_dz_out(net, loss, acts[-1][None, :], t)
    for l in range(len(net.W) - 2, layer - 1, -1):
        back = net.W[l + 1][:-1] @ deltas[l + 1]
        slope = np.empty((1, len(acts[l])))
        net.acts[l].grad(acts[l][None, :].copy(), slope)
        deltas[l] = back * slope[0]
    f = SYMBOLS.get(spec.layers[layer].activation, spec.layers[layer].activation) or "f"
    input_factor = ("\u2202z/\u2202w", source,
                    What("the input {source} the weight multiplies", (("source", src_name),))
                    if src_name != "b" else What("1: a bias multiplies 1"))
    passed: tuple = ()
    last = layer == len(net.W) - 1
    slope = np.empty((1, len(acts[layer])))
    grad = activations.get(spec.layers[layer].activation).grad
    if grad is not None:
        grad(acts[layer][None, :].copy(), slope)
    if last and (grad is None or loss != "mse"):
        # softmax / cross-entropy: one factor, o − t (per example)
        factors = (("\u2202L/\u2202z", float(deltas[layer][col]),
                    What("{name} minus its target: how far the output is off",
                         (("name", name),))), input_factor)
    else:
        d_slope = float(slope[0, col])
        if last:
            dl_da = float(deltas[layer][col]) / d_slope if d_slope else 0.0
            what = What("how the loss changes with {name}'s output", (("name", name),))
        else:
            nxt = _names(spec, layer + 1)
            passed = tuple((nxt[k], float(deltas[layer + 1][k]), float(net.W[layer + 1][col, k]))
                           for k in range(net.W[layer + 1].shape[1]))
            dl_da = float(sum(d * w for _, d, w in passed))
            what = What("what the neurons after {name} pass back to it", (("name", name),))
        factors = (("\u2202L/\u2202a", dl_da, what),
                   ("\u2202a/\u2202z", d_slope, What("{f}'(z) at z = {z}", (
                       ("f", f), ("z", f"{zs[layer][col]:.4g}")))),
                   input_factor)
    product = float(np.prod([v for _, v, _ in factors]))
    batch = gradients(net, data, loss)[layer][row, col] if len(data) else 0.0
    w = float(W[row, col])
    return Chain(f"{src_name}\u2192{name}", w, factors, product, passed, float(batch),
                 len(data), float(lr), w - float(lr) * float(batch))


def gradients(net: Network, data: Dataset, loss: str) -> list[np.ndarray]:
    """∂L/∂W of every layer over ``data`` (mean loss, no dropout), each (fan_in + 1,
    fan_out) like ``net.W``: the bias row last.  The network is left as it was."""
    X = features.transform(net.spec.inputs, data.X)
    _, grads = net.loss_and_gradients(X, data.y, loss, training=False)
    return [np.vstack([g, b[None, :]]) for g, b in zip(grads[0::2], grads[1::2])]
