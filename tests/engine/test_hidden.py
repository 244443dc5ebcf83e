"""engine.hidden: the data where the output neuron sees it, from the network's own forward pass."""

import numpy as np
import pytest

from engine import LayerSpec, Network, NetworkSpec, presets
from engine.data import features
from engine.hidden import GRID_LINES, LINE_SAMPLES, hidden_space, unavailable


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _net(units=2, act="sigmoid", inputs=("x1", "x2"), out=(1, "sigmoid"), seed=3):
    spec = NetworkSpec(inputs, (LayerSpec(4, "tanh"), LayerSpec(units, act), LayerSpec(*out)))
    return Network(spec, seed)


def _split():
    return presets.load("mlp-xor").data.build_split()  # the four XOR points


def test_points_sit_at_the_last_hidden_layers_activations():
    net = _net(inputs=("x1", "x2", "sin x1"))
    split = presets.load("circle").data.build_split()
    space = hidden_space(net, split, split.train.bounds)
    W1, b1, W2, b2, *_ = net.get_weights()
    for part, data in zip(space.parts, split):
        F = features.transform(net.spec.inputs, data.X)
        h = _sigmoid(np.tanh(F @ W1 + b1) @ W2 + b2)  # written out, not the engine's pass
        np.testing.assert_allclose(part, h, rtol=1e-12, atol=1e-14)


def test_the_output_line_gives_the_networks_own_output_at_each_point():
    """out = sigmoid(w1*h1 + w2*h2 + b): the line's weights, at the hidden coordinates,
    give exactly what the network outputs for the point -- so the side of the line a
    point lies on is the class the network gives it."""
    net = _net()
    split = presets.load("circle").data.build_split()
    for units in ((0, 1), (1, 0)):
        space = hidden_space(net, split, split.train.bounds, units)
        W, b = space.line
        for part, data in zip(space.parts, split):
            np.testing.assert_allclose(_sigmoid(part @ W + b), net.forward(data.X),
                                       rtol=1e-12, atol=1e-14)
            np.testing.assert_array_equal(part @ W[:, 0] + b[0] >= 0,
                                          net.forward(data.X)[:, 0] >= 0.5)


def test_the_output_map_is_the_output_over_the_hidden_plane():
    net = _net()
    split = _split()
    space = hidden_space(net, split, split.train.bounds, resolution=9)
    x0, x1, y0, y1 = space.bounds
    W, b = space.line
    for i, hy in enumerate(np.linspace(y0, y1, 9)):
        for j, hx in enumerate(np.linspace(x0, x1, 9)):
            assert space.output[i, j, 0] == pytest.approx(_sigmoid(hx * W[0, 0] + hy * W[1, 0]
                                                                   + b[0]), rel=1e-12)


def test_the_input_grid_is_carried_into_the_hidden_plane():
    net = _net()
    split = _split()
    x0, x1, y0, y1 = bounds = split.train.bounds
    space = hidden_space(net, split, bounds)
    assert space.grid.shape == (2 * GRID_LINES, LINE_SAMPLES, 2)
    t = np.linspace(0, 1, LINE_SAMPLES)
    left = np.column_stack([np.full(LINE_SAMPLES, x0), y0 + t * (y1 - y0)])  # x1 = x1 min
    bottom = np.column_stack([x0 + t * (x1 - x0), np.full(LINE_SAMPLES, y0)])  # x2 = x2 min
    W1, b1, W2, b2, *_ = net.get_weights()
    for line, raw in ((space.grid[0], left), (space.grid[GRID_LINES], bottom)):
        np.testing.assert_allclose(line, _sigmoid(np.tanh(raw @ W1 + b1) @ W2 + b2), rtol=1e-12)


def test_sigmoid_axes_stay_fixed_and_unbounded_ones_hold_every_point():
    split = _split()
    space = hidden_space(_net(), split, split.train.bounds)
    lo, hi = space.bounds[0], space.bounds[1]
    assert lo < 0 < 1 < hi and space.bounds[2:] == (lo, hi)  # [0, 1] and a margin
    relu = hidden_space(_net(act="relu"), split, split.train.bounds)
    pts = np.concatenate([*relu.parts, relu.grid.reshape(-1, 2)])
    x0, x1, y0, y1 = relu.bounds
    assert np.all((pts[:, 0] >= x0) & (pts[:, 0] <= x1) & (pts[:, 1] >= y0) & (pts[:, 1] <= y1))


def test_three_neurons_show_the_two_asked_for_and_no_output():
    net = _net(units=3)
    split = _split()
    space = hidden_space(net, split, split.train.bounds, (2, 0))
    full = hidden_space(net, split, split.train.bounds, (0, 2))
    np.testing.assert_array_equal(space.parts[0], full.parts[0][:, ::-1])
    assert space.units == (2, 0) and space.n_units == 3
    assert space.output is None and space.line is None
    with pytest.raises(ValueError, match="two different neurons"):
        hidden_space(net, split, split.train.bounds, (1, 1))


def test_softmax_output_has_a_map_per_class():
    net = _net(out=(3, "softmax"))
    split = presets.load("multiclass").data.build_split()
    space = hidden_space(net, split, split.train.bounds, resolution=5)
    assert space.output.shape == (5, 5, 3)
    np.testing.assert_allclose(space.output.sum(axis=2), 1.0)


def test_no_hidden_plane_says_why():
    perceptron = NetworkSpec(("x1", "x2"), (LayerSpec(1, "step"),))
    assert "no hidden layer" in unavailable(perceptron)
    one = NetworkSpec(("x1", "x2"), (LayerSpec(1, "tanh"), LayerSpec(1, "sigmoid")))
    assert "1 neuron" in unavailable(one)
    assert unavailable(presets.load("mlp-xor").network) is None
    with pytest.raises(ValueError, match="no hidden layer"):
        hidden_space(Network(perceptron), _split(), (-1, 1, -1, 1))
