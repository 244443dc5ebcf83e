"""engine.landscape: the training loss on a plane through the weights, the trainer's own."""

import numpy as np
import pytest

from engine import Trainer, presets
from engine.landscape import landscape, random_plane, weight_names, weight_plane


def _trained(name="mlp-xor", epochs=40, seed=0):
    p = presets.load(name, seed)
    tr = Trainer(p.network, p.data.build_split(), p.training)
    tr.run(epochs)
    return tr


def _loss_at(tr, params):
    """The trainer's own training loss with the network's weights set to ``params``."""
    keep = tr.network.params.copy()
    np.copyto(tr.network.params, params)
    try:
        return tr.evaluate("train")[0]
    finally:
        np.copyto(tr.network.params, keep)


@pytest.mark.parametrize("name", ["mlp-xor", "moons", "multiclass", "regression"])
def test_the_centre_is_the_trainers_loss_and_every_value_its_loss_there(name):
    tr = _trained(name, epochs=3)
    net = tr.network
    before = net.params.copy()
    plane = weight_plane(net, 0, net.params.size - 1)
    land = landscape(net, tr.split.train, tr.config.loss, plane, resolution=5)
    np.testing.assert_array_equal(net.params, before)  # left as it was
    assert land.centre_loss == tr.history["loss"][-1]
    x0, x1, y0, y1 = land.bounds
    for iy, wy in enumerate(np.linspace(y0, y1, 5)):
        for ix, wx in enumerate(np.linspace(x0, x1, 5)):
            params = before.copy()
            params[0], params[-1] = wx, wy
            assert land.values[iy, ix] == pytest.approx(_loss_at(tr, params), rel=1e-12)
    assert land.values[2, 2] == pytest.approx(land.centre_loss, rel=1e-12)  # the middle


def test_two_weights_path_is_their_history():
    p = presets.load("mlp-xor")
    tr = Trainer(p.network, p.data.build_split(), p.training)
    hist = []
    for _ in range(20):
        hist.append(tr.network.params.copy())
        tr.run(1)
    plane = weight_plane(tr.network, 6, 7)
    land = landscape(tr.network, tr.split.train, "bce", plane, np.array(hist))
    np.testing.assert_array_equal(land.path[:-1], np.array(hist)[:, [6, 7]])
    np.testing.assert_array_equal(land.path[-1], tr.network.params[[6, 7]])
    x0, x1, y0, y1 = land.bounds
    assert np.all((land.path[:, 0] >= x0) & (land.path[:, 0] <= x1))
    assert np.all((land.path[:, 1] >= y0) & (land.path[:, 1] <= y1))
    assert plane.labels == ("h\u2081\u2192out", "h\u2082\u2192out")


def test_random_directions_are_filter_normalised_and_the_path_is_projected():
    tr = _trained("moons", epochs=2)
    net = tr.network
    plane = random_plane(net, seed=3)
    assert abs(plane.d1 @ plane.d2) < 1e-9 * (plane.d1 @ plane.d1)
    off = 0
    for W in net.W:
        r, c = W.shape
        block = plane.d1[off:off + r * c].reshape(r, c)
        np.testing.assert_allclose(np.linalg.norm(block[:-1], axis=0),
                                   np.linalg.norm(W[:-1], axis=0), rtol=1e-12)
        assert not block[-1].any()  # biases are not moved
        off += r * c
    centre = net.params.copy()
    past = centre + 0.3 * plane.d1 - 0.2 * plane.d2
    land = landscape(net, tr.split.train, "bce", plane, past[None, :],
                     resolution=3)
    np.testing.assert_allclose(land.path, [[0.3, -0.2], [0.0, 0.0]], atol=1e-12)
    assert land.values[1, 1] == pytest.approx(land.centre_loss, rel=1e-12)


def test_every_parameter_has_a_name():
    for name in ("mlp-xor", "spiral", "multiclass", "perceptron-and"):
        spec = presets.load(name).network
        names = weight_names(spec)
        assert len(names) == sum((a + 1) * b for a, b in zip(spec.sizes[:-1], spec.sizes[1:]))
    assert weight_names(presets.load("mlp-xor").network)[:2] == ["x\u2081\u2192h\u2081",
                                                                 "x\u2081\u2192h\u2082"]
    assert weight_names(presets.load("spiral").network)[-1] == "b\u2192out"
    with pytest.raises(ValueError, match="two different"):
        weight_plane(_trained().network, 1, 1)
