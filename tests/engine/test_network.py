"""engine.Network: forward pass, backpropagation, losses, perceptron rule, dropout, grid.

Gradients are checked against central finite differences of an independent,
plain NumPy re-implementation of the forward pass and the losses (``ref_*``
below), written from the formulas in DESIGN.md, not from the engine's code.
"""

import itertools

import numpy as np
import pytest

import engine
from engine import GridEvaluator, LayerSpec, Network, NetworkSpec, activations, features, losses
from engine.errors import PlaygroundError
from engine.optimizers import SGD

from .network_reference import (  # the independent re-implementation
    HIDDEN,
    OUTPUTS,
    make_net,
    numeric_grads,
    one_hot,
    ref_act,
    ref_forward,
    ref_loss,
    ref_objective,
)


# --------------------------------------------------------------------------- gradients
@pytest.mark.parametrize(("out", "loss", "k"), OUTPUTS)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_gradients_match_finite_differences(hidden, out, loss, k):
    net, X, y, t = make_net((hidden,), out, k, loss, seed=HIDDEN.index(hidden))
    acts = [hidden, out]
    weights = net.get_weights()
    _, zs = ref_forward(weights, X, acts)
    assert min(np.abs(z).min() for z in zs) > 1e-4  # no ReLU kink within the step h
    value, grads = net.loss_and_gradients(X, y, loss)
    assert value == pytest.approx(ref_loss(loss, ref_forward(weights, X, acts)[0], t), rel=1e-10)
    num = numeric_grads(weights, lambda ws: ref_objective(loss, ws, X, acts, t))
    assert len(grads) == len(num) == 4
    for g, n_ in zip(grads, num):
        assert g.shape == n_.shape
        np.testing.assert_allclose(g, n_, rtol=1e-5, atol=1e-8)
    assert any(np.abs(g).max() > 1e-3 for g in grads)  # not a trivially zero gradient


@pytest.mark.parametrize(("out", "loss", "k"), [("sigmoid", "bce", 1), ("softmax", "cce", 3)])
@pytest.mark.parametrize("depth", [0, 2, 3])
def test_gradients_of_deeper_and_shallower_nets(depth, out, loss, k):
    hidden = tuple(itertools.islice(itertools.cycle(("tanh", "sigmoid", "leaky_relu")), depth))
    net, X, y, t = make_net(hidden, out, k, loss, seed=10 + depth)
    acts = [*hidden, out]
    weights = net.get_weights()
    _, grads = net.loss_and_gradients(X, y, loss)
    num = numeric_grads(weights, lambda ws: ref_objective(loss, ws, X, acts, t))
    for g, n_ in zip(grads, num):
        np.testing.assert_allclose(g, n_, rtol=1e-5, atol=1e-8)


def test_fused_cross_entropy_gradient_is_output_minus_target_over_n():
    # one sigmoid unit (logistic regression): dL/dW = X^T (o - t) / n, dL/db = sum(o - t) / n
    rng = np.random.default_rng(5)
    net = Network(NetworkSpec(("x1", "x2"), (LayerSpec(1, "sigmoid"),)))
    X = rng.normal(size=(8, 2))
    y = rng.integers(0, 2, size=8)
    o = net.forward(X)
    _, (gW, gb) = net.loss_and_gradients(X, y, "bce")
    d = o - y.reshape(-1, 1)
    np.testing.assert_allclose(gW, X.T @ d / 8, rtol=1e-12)
    np.testing.assert_allclose(gb, d.sum(axis=0) / 8, rtol=1e-12)


@pytest.mark.parametrize(("out", "loss", "k"), [("sigmoid", "bce", 1), ("softmax", "cce", 3)])
def test_saturated_outputs_give_finite_loss_and_gradients(out, loss, k):
    net = Network(NetworkSpec(("x1", "x2"), (LayerSpec(k, out),)))
    W = np.full((2, k), 400.0)
    W[:, 0] = -400.0
    net.set_weights([W, np.zeros(k)])
    X = np.array([[1.0, 1.0], [-1.0, -1.0]])
    y = np.array([1, 0]) if k == 1 else np.array([0, 1])
    value, grads = net.loss_and_gradients(X, y, loss)
    assert np.isfinite(value) and value > 100  # confidently wrong on the first point
    assert all(np.isfinite(g).all() for g in grads)


# --------------------------------------------------------------------------- losses
def test_loss_values_from_their_formulas():
    o = np.array([[1.0], [3.0]])
    t = np.array([[0.0], [1.0]])
    assert losses.value("mse", o, t, o) == pytest.approx((1 + 4) / 2)
    z = np.array([[0.0]])
    assert losses.value("bce", ref_act("sigmoid", z), np.array([[1.0]]), z) == pytest.approx(
        np.log(2)
    )
    z3 = np.zeros((1, 3))
    assert losses.value("cce", ref_act("softmax", z3), one_hot([0], 3), z3) == pytest.approx(
        np.log(3)
    )
    # mse is the mean over all elements, not the sum over outputs
    o2, t2 = np.array([[1.0, 2.0]]), np.array([[0.0, 0.0]])
    assert losses.value("mse", o2, t2, o2) == pytest.approx(2.5)


def test_cross_entropies_are_computed_from_logits():
    z = np.array([[1000.0], [-1000.0]])
    o = np.array([[1.0], [0.0]])  # sigmoid(z) in float64: log(1 - o) would be -inf
    t = np.array([[0.0], [1.0]])
    assert losses.value("bce", o, t, z) == pytest.approx(1000.0)
    zc = np.array([[1000.0, 0.0, -1000.0]])
    assert losses.value("cce", ref_act("softmax", zc), one_hot([2], 3), zc) == pytest.approx(2000.0)


@pytest.mark.parametrize(
    ("loss", "out"), [("bce", "softmax"), ("bce", "linear"), ("cce", "sigmoid"), ("hinge", "relu")]
)
def test_loss_and_output_mismatch_is_refused(loss, out):
    k = 3 if out == "softmax" else 1
    net = Network(NetworkSpec(("x1", "x2"), (LayerSpec(k, out),)))
    with pytest.raises(PlaygroundError, match=loss):
        net.loss_and_gradients(np.zeros((2, 2)), np.zeros(2, dtype=int), loss)


# --------------------------------------------------------------------------- activations
X_ACT = np.array([[-3.0, -0.7, -1e-3, 1e-3, 0.4, 2.5]])


@pytest.mark.parametrize("name", ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "step"])
def test_activation_formulas(name):
    act = activations.get(name)
    np.testing.assert_allclose(act(X_ACT), ref_act(name, X_ACT), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", ["linear", "sigmoid", "tanh", "relu", "leaky_relu"])
def test_activation_derivatives_from_the_output(name):
    act = activations.get(name)
    a = act(X_ACT)
    d = np.empty_like(a)
    act.grad(a, d)
    h = 1e-7
    num = (ref_act(name, X_ACT + h) - ref_act(name, X_ACT - h)) / (2 * h)
    np.testing.assert_allclose(d, num, rtol=1e-6, atol=1e-9)


def test_activation_special_points():
    z = np.array([[0.0]])
    assert activations.get("step")(z)[0, 0] == 1.0  # f(0) = 1
    assert activations.get("leaky_relu")(np.array([[-2.0]]))[0, 0] == pytest.approx(-0.02)
    g = np.empty((1, 1))
    activations.get("relu").grad(activations.get("relu")(z), g)
    assert g[0, 0] == 0.0  # torch's choice at 0
    s = activations.get("softmax")(np.array([[1000.0, 1001.0, 0.0]]))
    assert np.isfinite(s).all() and s.sum() == pytest.approx(1.0)


def test_tanh_formula_shown_is_the_right_one():
    f = activations.get("tanh").formula
    assert "2 / (1 + e^(−2z)) − 1" in f
    assert "2 / (2 +" not in f  # the course notes' typo


def test_unknown_activation_is_refused():
    with pytest.raises(PlaygroundError, match="unknown activation 'swish'"):
        LayerSpec(2, "swish")


# --------------------------------------------------------------------------- spec rules
def test_step_in_a_hidden_layer_is_refused_with_a_reason():
    with pytest.raises(PlaygroundError, match="hidden layer 1.*not differentiable"):
        NetworkSpec(("x1", "x2"), (LayerSpec(2, "step"), LayerSpec(1, "sigmoid")))
    ok = NetworkSpec(("x1", "x2"), (LayerSpec(2, "tanh"), LayerSpec(1, "sigmoid")))
    with pytest.raises(PlaygroundError, match="not differentiable"):
        ok.with_layer(0, activation="step")


def test_step_output_is_a_single_perceptron_only():
    with pytest.raises(PlaygroundError, match="not differentiable"):
        NetworkSpec(("x1", "x2"), (LayerSpec(2, "tanh"), LayerSpec(1, "step")))
    with pytest.raises(PlaygroundError, match="one output unit"):
        NetworkSpec(("x1", "x2"), (LayerSpec(2, "step"),))
    assert NetworkSpec(("x1", "x2"), (LayerSpec(1, "step"),)).is_perceptron


def test_softmax_rules():
    with pytest.raises(PlaygroundError, match="output layer only"):
        NetworkSpec(("x1", "x2"), (LayerSpec(3, "softmax"), LayerSpec(3, "softmax")))
    with pytest.raises(PlaygroundError, match="at least 2 units"):
        NetworkSpec(("x1", "x2"), (LayerSpec(1, "softmax"),))


@pytest.mark.parametrize(
    "layer", [(0, "tanh"), (1025, "tanh"), (2.0, "tanh"), (True, "tanh"), (2, "tanh", 1.0)]
)
def test_bad_layers_are_refused(layer):
    with pytest.raises(PlaygroundError):
        LayerSpec(*layer)


def test_output_dropout_and_empty_networks_are_refused():
    with pytest.raises(PlaygroundError, match="output layer cannot have dropout"):
        NetworkSpec(("x1", "x2"), (LayerSpec(1, "sigmoid", 0.5),))
    with pytest.raises(PlaygroundError, match="at least an output layer"):
        NetworkSpec(("x1", "x2"), ())


def test_spec_sizes_and_parameter_count():
    spec = NetworkSpec(("x1", "x2", "x1^2"), (LayerSpec(4), LayerSpec(2), LayerSpec(1)))
    assert spec.sizes == (3, 4, 2, 1)
    assert spec.n_params == 4 * 4 + 5 * 2 + 3 * 1
    assert Network(spec).params.size == spec.n_params
    assert NetworkSpec.from_dict(spec.to_dict()) == spec


# --------------------------------------------------------------------------- weights, forward
SPEC = NetworkSpec(("x1", "x2"), (LayerSpec(4, "tanh"), LayerSpec(3, "relu"), LayerSpec(1)))


def test_seeded_initialisation():
    a, b, c = Network(SPEC, seed=7), Network(SPEC, seed=7), Network(SPEC, seed=8)
    assert a.params.tobytes() == b.params.tobytes()
    assert a.params.tobytes() != c.params.tobytes()
    ws = a.get_weights()
    assert [w.shape for w in ws] == [(2, 4), (4,), (4, 3), (3,), (3, 1), (1,)]
    for b_ in ws[1::2]:
        assert not b_.any()  # biases start at zero
    assert np.abs(ws[0]).max() <= np.sqrt(6 / (2 + 4))  # Glorot-uniform limit (tanh)


def test_forward_matches_the_reference():
    net = Network(SPEC, seed=3)
    X = np.random.default_rng(0).normal(size=(9, 2))
    ref, _ = ref_forward(net.get_weights(), X, ["tanh", "relu", "tanh"])
    out = net.forward(X)
    assert out.shape == (9, 1)
    np.testing.assert_allclose(out, ref, rtol=1e-12, atol=1e-15)
    assert out.dtype == np.float64


def test_weights_are_copies_and_round_trip():
    net = Network(SPEC, seed=1)
    ws = net.get_weights()
    ws[0][:] = 99.0
    assert not (net.get_weights()[0] == 99.0).any()
    other = Network(SPEC, seed=2)
    other.set_weights(net.get_weights())
    assert other.params.tobytes() == net.params.tobytes()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda ws: ws[:-1], "expected 6 weight arrays"),
        (lambda ws: [np.zeros((3, 4)), *ws[1:]], "layer 1"),
        (lambda ws: [*ws[:3], np.zeros(4), *ws[4:]], "layer 2"),
        (lambda ws: [*ws[:4], np.full((3, 1), np.nan), ws[5]], "finite"),
        (lambda ws: [*ws[:5], np.array([np.inf])], "finite"),
    ],
)
def test_set_weights_checks_shapes_and_values(change, message):
    net = Network(SPEC, seed=1)
    before = net.params.copy()
    with pytest.raises(PlaygroundError, match=message):
        net.set_weights(change(net.get_weights()))
    assert net.params.tobytes() == before.tobytes()  # nothing half-applied


def test_forward_checks_the_input_shape():
    net = Network(SPEC)
    with pytest.raises(PlaygroundError, match=r"shape \(n, 2\)"):
        net.forward(np.zeros((3, 3)))


def test_class_labels_out_of_range_are_refused():
    net = Network(NetworkSpec(("x1", "x2"), (LayerSpec(3, "softmax"),)))
    with pytest.raises(PlaygroundError, match="0..2"):
        net.loss_and_gradients(np.zeros((2, 2)), np.array([0, 3]), "cce")


# --------------------------------------------------------------------------- perceptron
def perceptron(w, b):
    net = Network(NetworkSpec(("x1", "x2"), (LayerSpec(1, "step"),)))
    net.set_weights([np.array(w, float).reshape(2, 1), np.array([b], float)])
    return net


@pytest.mark.parametrize(
    ("x", "t", "w", "b"),
    [
        ([1.0, 2.0], 1, [-1.0, -1.0], 0.0),  # y = 0, t = 1: w += lr x, b += lr
        ([1.0, 2.0], 0, [1.0, 1.0], 0.0),  # y = 1, t = 0: w -= lr x, b -= lr
        ([0.5, -1.5], 1, [1.0, 0.0], 0.0),  # right already: no change
        ([0.0, 0.0], 0, [0.0, 0.0], 0.0),  # z = 0 gives y = 1 (step(0) = 1): b -= lr
    ],
)
def test_perceptron_rule_one_step(x, t, w, b):
    lr = 0.1
    net = perceptron(w, b)
    x_ = np.array([x])
    y = float(np.dot(x, w) + b >= 0)
    _, grads = net.loss_and_gradients(x_, np.array([t]), "mse")
    SGD(lr=lr).step([net.params], [net.grads])
    W1, b1 = net.get_weights()
    np.testing.assert_allclose(W1[:, 0], np.array(w) + lr * (t - y) * np.array(x), rtol=1e-15)
    assert b1[0] == pytest.approx(b + lr * (t - y))


def test_perceptron_batch_rule_sums_over_the_batch():
    net = perceptron([0.5, -0.5], 0.0)
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 1.0]])
    t = np.array([0, 1, 1, 0])
    y = (X @ np.array([0.5, -0.5]) >= 0).astype(float)
    _, (gW, gb) = net.loss_and_gradients(X, t, "mse")
    # "gradient" of w += lr (t - y) x summed over the batch
    np.testing.assert_allclose(gW[:, 0], -(X.T @ (t - y)))
    assert gb[0] == pytest.approx(-(t - y).sum())


def test_perceptron_output_is_zero_or_one():
    net = perceptron([1.0, -1.0], 0.2)
    out = net.forward(np.random.default_rng(0).normal(size=(50, 2)))
    assert set(np.unique(out)) <= {0.0, 1.0}


# --------------------------------------------------------------------------- regularisation
@pytest.mark.parametrize(("l1", "l2"), [(0.01, 0.0), (0.0, 0.1), (0.03, 0.2)])
def test_l1_l2_gradients_on_weights_not_biases(l1, l2):
    net, X, y, t = make_net(("tanh",), "sigmoid", 1, "bce", seed=4)
    v0, g0 = net.loss_and_gradients(X, y, "bce")
    v1, g1 = net.loss_and_gradients(X, y, "bce", l1=l1, l2=l2)
    ws = net.get_weights()
    for i, (a, b, w) in enumerate(zip(g0, g1, ws)):
        if i % 2 == 0:  # W
            np.testing.assert_allclose(b - a, l1 * np.sign(w) + l2 * w, rtol=1e-10, atol=1e-14)
        else:  # biases are not regularised
            np.testing.assert_array_equal(a, b)
    Ws = ws[0::2]
    penalty = l1 * sum(np.abs(w).sum() for w in Ws) + 0.5 * l2 * sum((w**2).sum() for w in Ws)
    assert v1 - v0 == pytest.approx(penalty, rel=1e-10)


def test_l1_l2_apply_to_the_perceptron_rule_too():
    net = perceptron([0.5, -0.25], 0.3)
    X = np.array([[1.0, 2.0], [-1.0, 0.5]])
    t = np.array([0, 1])
    v0, (gW0, gb0) = net.loss_and_gradients(X, t, "mse")
    v1, (gW1, gb1) = net.loss_and_gradients(X, t, "mse", l1=0.1, l2=0.2)
    w = np.array([[0.5], [-0.25]])
    np.testing.assert_allclose(gW1 - gW0, 0.1 * np.sign(w) + 0.2 * w, rtol=1e-12)
    np.testing.assert_array_equal(gb1, gb0)
    assert v1 - v0 == pytest.approx(0.1 * 0.75 + 0.1 * (0.25 + 0.0625))


def test_regularised_loss_gradient_matches_finite_differences():
    l1, l2 = 0.02, 0.3
    net, X, y, t = make_net(("sigmoid",), "linear", 1, "mse", seed=6)
    acts = ["sigmoid", "linear"]

    def total(ws):
        base = ref_loss("mse", ref_forward(ws, X, acts)[0], t)
        Ws = ws[0::2]
        return (
            base + l1 * sum(np.abs(w).sum() for w in Ws) + 0.5 * l2 * sum((w**2).sum() for w in Ws)
        )

    _, grads = net.loss_and_gradients(X, y, "mse", l1=l1, l2=l2)
    for g, n_ in zip(grads, numeric_grads(net.get_weights(), total)):
        np.testing.assert_allclose(g, n_, rtol=1e-5, atol=1e-8)


# --------------------------------------------------------------------------- grid evaluation
@pytest.mark.parametrize(
    "inputs", [("x1", "x2"), ("x1", "x2", "sin x1", "sin x2"), ("x1^2", "x2^2", "x1*x2")]
)
def test_grid_matches_forward_in_float32(inputs):
    spec = NetworkSpec(
        inputs, (LayerSpec(5, "tanh"), LayerSpec(4, "relu"), LayerSpec(3, "softmax"))
    )
    net = Network(spec, seed=2)
    ev = GridEvaluator(inputs, (-3.0, 2.0, -1.0, 4.0), 17)
    g = ev.evaluate(net)
    assert [a.shape for a in g.layers] == [(17, 17, 5), (17, 17, 4), (17, 17, 3)]
    assert all(a.dtype == np.float32 for a in g.layers)
    assert g.output is g.layers[-1]
    gx, gy = np.meshgrid(g.xs, g.ys)
    pts = np.column_stack([gx.ravel(), gy.ravel()])
    X = features.transform(inputs, pts)
    out = net.forward(X).reshape(17, 17, 3)
    np.testing.assert_allclose(g.output, out, rtol=1e-4, atol=1e-5)
    _, zs = ref_forward(net.get_weights(), X, ["tanh", "relu", "softmax"])
    np.testing.assert_allclose(g.layers[0], np.tanh(zs[0]).reshape(17, 17, 5), atol=1e-5)
    np.testing.assert_allclose(
        g.layers[1], np.maximum(zs[1], 0).reshape(17, 17, 4), rtol=1e-4, atol=1e-4
    )


def test_grid_orientation_rows_follow_x2_columns_follow_x1():
    net = Network(NetworkSpec(("x1", "x2"), (LayerSpec(1, "linear"),)))
    net.set_weights([np.array([[1.0], [10.0]]), np.zeros(1)])  # out = x1 + 10 x2
    g = GridEvaluator(("x1", "x2"), (0.0, 1.0, 2.0, 3.0), 5).evaluate(net)
    np.testing.assert_allclose(g.xs, np.linspace(0, 1, 5))
    np.testing.assert_allclose(g.ys, np.linspace(2, 3, 5))
    for i, j in [(0, 0), (0, 4), (3, 1), (4, 4)]:
        assert g.output[i, j, 0] == pytest.approx(g.xs[j] + 10 * g.ys[i], rel=1e-6)


def test_grid_copies_unless_asked_not_to():
    net = Network(SPEC, seed=0)
    ev = GridEvaluator(("x1", "x2"), (-1, 1, -1, 1), 8)
    a = ev.evaluate(net)
    keep = a.output.copy()
    net.set_weights([w + 1 for w in net.get_weights()])
    ev.evaluate(net)
    np.testing.assert_array_equal(a.output, keep)


def test_public_api_names():
    for name in ("NetworkSpec", "LayerSpec", "Network", "Trainer", "EarlyStopping", "split"):
        assert hasattr(engine, name)


def test_grid_split_over_two_threads_equals_one_thread():
    spec = NetworkSpec(("x1", "x2"), (LayerSpec(6, "tanh"), LayerSpec(1, "sigmoid")))
    net = Network(spec, seed=3)
    two = GridEvaluator(spec.inputs, (-2.0, 2.0, -2.0, 2.0), 64, threads=2).evaluate(net)
    one = GridEvaluator(spec.inputs, (-2.0, 2.0, -2.0, 2.0), 64, threads=1).evaluate(net)
    for a, b in zip(two.layers, one.layers):
        np.testing.assert_array_equal(a, b)
