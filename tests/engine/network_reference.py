"""An independent plain-NumPy re-implementation of the network, for the engine's
tests: forward pass, losses and finite-difference gradients, written from the
formulas in DESIGN.md, not from the engine's code."""

import numpy as np

from engine import LayerSpec, Network, NetworkSpec


def ref_act(name, z):
    if name == "linear":
        return z
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    if name == "tanh":
        return 2.0 / (1.0 + np.exp(-2.0 * z)) - 1.0  # the course's formula, typo fixed
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "leaky_relu":
        return np.where(z > 0, z, 0.01 * z)
    if name == "step":
        return (z >= 0).astype(float)
    if name == "softmax":
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    raise AssertionError(name)


def ref_forward(weights, X, acts, masks=None, rates=None):
    """Outputs and pre-activations; ``masks[l]`` (bool) drops hidden units of layer l."""
    a, zs = np.asarray(X, float), []
    L = len(acts)
    for l in range(L):
        W, b = weights[2 * l], weights[2 * l + 1]
        z = a @ W + b
        zs.append(z)
        a = ref_act(acts[l], z)
        if l < L - 1 and masks is not None and masks[l] is not None:
            a = a * masks[l] / (1.0 - rates[l])
    return a, zs


def ref_loss(loss, o, t):
    if loss == "mse":
        return np.mean((o - t) ** 2)
    if loss == "bce":
        return -np.mean(t * np.log(o) + (1 - t) * np.log(1 - o))
    if loss == "cce":
        return -np.sum(t * np.log(o)) / o.shape[0]
    raise AssertionError(loss)


def ref_objective(loss, weights, X, acts, t, masks=None, rates=None):
    """The mean loss of the reference forward pass.

    Cross-entropies are taken from the output logits z (sigmoid / softmax
    outputs): -log sigmoid(z) = log(1 + e^-z) and -log softmax(z)_i =
    logsumexp(z) - z_i, so a saturated output keeps its precision (1 - o would not).
    """
    o, zs = ref_forward(weights, X, acts, masks, rates)
    z = zs[-1]
    if loss == "bce":
        return np.mean(t * np.logaddexp(0.0, -z) + (1 - t) * np.logaddexp(0.0, z))
    if loss == "cce":
        return np.sum(t * (np.logaddexp.reduce(z, axis=1, keepdims=True) - z)) / z.shape[0]
    return ref_loss(loss, o, t)


def numeric_grads(weights, fn, h=1e-6):
    """Central differences of fn(weights) with respect to every entry."""
    out = []
    for w in weights:
        g = np.zeros_like(w)
        for idx in np.ndindex(w.shape):
            old = w[idx]
            w[idx] = old + h
            up = fn(weights)
            w[idx] = old - h
            down = fn(weights)
            w[idx] = old
            g[idx] = (up - down) / (2 * h)
        out.append(g)
    return out


def one_hot(y, k):
    t = np.zeros((len(y), k))
    t[np.arange(len(y)), y] = 1.0
    return t


def make_net(hidden, out, k, loss, seed=0, n=6, dropout=0.0):
    """A net with the given hidden activations, random weights and matching data."""
    rng = np.random.default_rng(seed)
    layers = tuple(LayerSpec(3, a, dropout) for a in hidden) + (LayerSpec(k, out),)
    net = Network(NetworkSpec(("x1", "x2"), layers), seed=seed)
    ws = [rng.normal(0, 0.8, size=w.shape) for w in net.get_weights()]
    if out == "relu":
        ws[-1] += 2.0  # keep the output units alive, or every gradient is 0
    net.set_weights(ws)
    X = rng.normal(size=(n, 2))
    if loss == "mse":
        y = rng.normal(size=(n, k))
        t = y
    elif loss == "bce":
        y = rng.integers(0, 2, size=(n, k)).astype(float)
        t = y
    else:
        y = rng.integers(0, k, size=n)
        t = one_hot(y, k)
    return net, X, y, t


HIDDEN = ("linear", "sigmoid", "tanh", "relu", "leaky_relu")
# (output activation, loss, output units): every pair the engine accepts
OUTPUTS = (
    ("linear", "mse", 1),
    ("linear", "mse", 2),
    ("sigmoid", "mse", 1),
    ("tanh", "mse", 2),
    ("relu", "mse", 2),
    ("leaky_relu", "mse", 1),
    ("softmax", "mse", 3),
    ("sigmoid", "bce", 1),
    ("sigmoid", "bce", 2),
    ("softmax", "cce", 2),
    ("softmax", "cce", 3),
)


