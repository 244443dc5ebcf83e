"""engine.Network's inverted dropout: masks, scaling, seeds, and gradients with the
same masks (against the plain-NumPy reference)."""

import numpy as np
import pytest

from engine import LayerSpec, Network, NetworkSpec

from .network_reference import (  # the independent re-implementation
    make_net,
    numeric_grads,
    ref_forward,
    ref_loss,
)


def identity_dropout_net(rate, n_units=2, seed=0):
    """x -> linear hidden (identity weights, dropout) -> linear output (identity)."""
    spec = NetworkSpec(
        ("x1", "x2"), (LayerSpec(n_units, "linear", rate), LayerSpec(n_units, "linear"))
    )
    net = Network(spec, seed=seed)
    eye = np.eye(2, n_units)
    net.set_weights([eye, np.zeros(n_units), np.eye(n_units), np.zeros(n_units)])
    return net


@pytest.mark.parametrize("rate", [0.2, 0.5, 0.8])
def test_inverted_dropout_masks_and_scaling(rate):
    net = identity_dropout_net(rate)
    X = np.random.default_rng(1).uniform(1.0, 2.0, size=(4000, 2))
    out = net.forward(X, training=True)
    (mask,) = net.dropout_masks()
    assert mask.shape == (4000, 2) and mask.dtype == bool
    # kept units scaled by 1/(1 - rate), dropped ones exactly 0
    np.testing.assert_allclose(out, np.where(mask, X / (1 - rate), 0.0), rtol=1e-14)
    assert abs(1 - mask.mean() - rate) < 0.03  # about `rate` of the units dropped
    assert abs(out.mean() / X.mean() - 1) < 0.05  # the expectation is kept


def test_no_dropout_when_not_training():
    net = identity_dropout_net(0.5)
    X = np.random.default_rng(2).normal(size=(100, 2))
    np.testing.assert_array_equal(net.forward(X), X)
    np.testing.assert_array_equal(net.forward(X, training=False), X)


def test_masks_change_every_pass_and_repeat_with_the_seed():
    a, b = identity_dropout_net(0.5, seed=3), identity_dropout_net(0.5, seed=3)
    X = np.ones((200, 2))
    ma = []
    for _ in range(3):
        a.forward(X, training=True)
        ma.append(a.dropout_masks()[0])
    assert not np.array_equal(ma[0], ma[1])
    for m in ma:
        b.forward(X, training=True)
        np.testing.assert_array_equal(b.dropout_masks()[0], m)
    c = identity_dropout_net(0.5, seed=4)
    c.forward(X, training=True)
    assert not np.array_equal(c.dropout_masks()[0], ma[0])


def test_masks_of_the_last_training_pass_survive_an_evaluation_pass():
    # the trainer evaluates the splits at every epoch end; the canvas must still see
    # which neurons the last step dropped (with batch GD every step ends an epoch)
    net = identity_dropout_net(0.5)
    net.forward(np.ones((50, 2)), training=True)
    mask = net.dropout_masks()[0].copy()
    net.forward(np.ones((7, 2)), training=False)
    net.forward(np.ones((50, 2)), training=False)
    np.testing.assert_array_equal(net.dropout_masks()[0], mask)


def test_masks_are_none_without_dropout_or_training():
    net = identity_dropout_net(0.5)
    assert net.dropout_masks() == [None]  # no training pass yet
    spec = NetworkSpec(
        ("x1", "x2"), (LayerSpec(3, "tanh", 0.4), LayerSpec(3, "tanh"), LayerSpec(1, "sigmoid"))
    )
    n2 = Network(spec)
    n2.forward(np.zeros((5, 2)), training=True)
    m = n2.dropout_masks()
    assert len(m) == 2 and m[0].shape == (5, 3) and m[1] is None


def test_dropout_gradients_match_finite_differences_with_the_same_masks():
    net, X, y, t = make_net(("tanh", "sigmoid"), "sigmoid", 1, "bce", seed=8, n=20, dropout=0.4)
    weights = net.get_weights()
    _, grads = net.loss_and_gradients(X, y, "bce")
    masks = net.dropout_masks()
    assert all(m is not None and 0 < m.mean() < 1 for m in masks)
    acts, rates = ["tanh", "sigmoid", "sigmoid"], [0.4, 0.4]

    def fn(ws):
        return ref_loss("bce", ref_forward(ws, X, acts, masks, rates)[0], t)

    for g, n_ in zip(grads, numeric_grads(weights, fn)):
        np.testing.assert_allclose(g, n_, rtol=1e-5, atol=1e-8)


def test_loss_and_gradients_without_dropout_on_request():
    net, X, y, t = make_net(("tanh",), "sigmoid", 1, "bce", seed=9, dropout=0.5)
    value, grads = net.loss_and_gradients(X, y, "bce", training=False)
    weights = net.get_weights()
    assert value == pytest.approx(
        ref_loss("bce", ref_forward(weights, X, ["tanh", "sigmoid"])[0], t)
    )
    fn = lambda ws: ref_loss("bce", ref_forward(ws, X, ["tanh", "sigmoid"])[0], t)  # noqa: E731
    for g, n_ in zip(grads, numeric_grads(weights, fn)):
        np.testing.assert_allclose(g, n_, rtol=1e-5, atol=1e-8)


