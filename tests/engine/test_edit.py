"""engine.edit: what survives a network edit (transfer_weights) and fitting a task."""

import numpy as np
import pytest

import engine
from engine import LayerSpec, Network, NetworkSpec
from engine.edit import fit_to_task, transfer_weights


def net(inputs, *units, seed=1):
    layers = [LayerSpec(u, "tanh") for u in units[:-1]] + [LayerSpec(units[-1], "sigmoid")]
    return Network(NetworkSpec(tuple(inputs), tuple(layers)), seed=seed)


def test_adding_a_neuron_keeps_every_old_weight_and_the_new_ones_fresh():
    old, new = net(("x1", "x2"), 3, 1), net(("x1", "x2"), 4, 1, seed=2)
    fresh = [w.copy() for w in new.get_weights()]
    copied = transfer_weights(old, new, (0, 1))
    W1o, b1o, W2o, b2o = old.get_weights()
    W1, b1, W2, b2 = new.get_weights()
    np.testing.assert_array_equal(W1[:, :3], W1o)
    np.testing.assert_array_equal(b1[:3], b1o)
    np.testing.assert_array_equal(W2[:3], W2o)
    np.testing.assert_array_equal(b2, b2o)
    np.testing.assert_array_equal(W1[:, 3], fresh[0][:, 3])  # the new neuron: fresh
    np.testing.assert_array_equal(W2[3], fresh[2][3])
    assert copied == W1o.size + b1o.size + W2o.size + b2o.size


def test_an_inserted_layer_keeps_the_layers_around_it():
    old = net(("x1", "x2"), 3, 1)
    new = net(("x1", "x2"), 3, 4, 1, seed=5)
    fresh = new.get_weights()
    transfer_weights(old, new, (0, None, 1))
    W1o, b1o, _, b2o = old.get_weights()
    W1, b1, W2, b2, W3, b3 = new.get_weights()
    np.testing.assert_array_equal(W1, W1o)  # the first layer did not change
    np.testing.assert_array_equal(b1, b1o)
    np.testing.assert_array_equal(W2, fresh[2])  # the new layer: fresh
    np.testing.assert_array_equal(W3, fresh[4])  # the output's inputs changed: fresh ...
    np.testing.assert_array_equal(b3, b2o)  # ... but it keeps its bias


def test_removed_layer_undone_by_the_inverse_map_restores_what_fits():
    a = net(("x1", "x2"), 3, 2, 1)
    b = net(("x1", "x2"), 3, 1, seed=9)
    transfer_weights(a, b, (0, 2))  # hidden layer 2 removed
    np.testing.assert_array_equal(b.get_weights()[0], a.get_weights()[0])
    back = net(("x1", "x2"), 3, 2, 1, seed=11)
    transfer_weights(b, back, (0, None, 1))
    np.testing.assert_array_equal(back.get_weights()[0], a.get_weights()[0])


def test_input_features_follow_by_name():
    old = net(("x1", "x2"), 2, 1)
    new = net(("x2", "x1^2", "x1"), 2, 1, seed=4)
    transfer_weights(old, new, (0, 1))
    W1o = old.get_weights()[0]
    W1 = new.get_weights()[0]
    np.testing.assert_array_equal(W1[0], W1o[1])  # x2
    np.testing.assert_array_equal(W1[2], W1o[0])  # x1


def test_a_layer_map_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="layer_map has 3 entries for 2 layers"):
        transfer_weights(net(("x1", "x2"), 2, 1), net(("x1", "x2"), 2, 1), (0, 1, 2))


def test_default_layer_map_matches_by_position_and_keeps_the_output():
    old = net(("x1", "x2"), 3, 2, 1)
    new = net(("x1", "x2"), 3, 1, seed=3)
    transfer_weights(old, new)  # the output layer stays the output layer
    np.testing.assert_array_equal(new.get_weights()[3], old.get_weights()[5])


@pytest.mark.parametrize("name, units, activation, loss", [
    ("multiclass", 3, "softmax", "cce"), ("plane", 1, "linear", "mse"),
    ("xor", 1, "sigmoid", "bce")])
def test_fit_to_task_gives_the_output_and_loss_the_data_needs(name, units, activation, loss):
    p = engine.presets.load("mlp-xor")
    data = engine.DataSettings(name)
    spec, config = fit_to_task(p.network, p.training, data.dataset())
    assert spec.output.units == units and spec.output.activation == activation
    assert config.loss == loss and spec.hidden == p.network.hidden
