"""engine.explain: the forward pass and the chain rule agree with the engine's own numbers."""

import numpy as np
import pytest

from engine import Trainer, presets
from engine.data import features
from engine.explain import chain_rule, forward_trace, gradients, nesting


def _trained(name, epochs=3, seed=0):
    p = presets.load(name, seed)
    tr = Trainer(p.network, p.data.build_split(), p.training)
    tr.run(epochs)
    return tr


@pytest.mark.parametrize("name", ["mlp-xor", "spiral", "multiclass", "regression", "activations"])
def test_the_trace_is_the_networks_forward_pass(name):
    tr = _trained(name)
    net, data = tr.network, tr.split.train
    for x in data.X[:5]:
        trace = forward_trace(net, x)
        F = features.transform(net.spec.inputs, x[None, :])
        np.testing.assert_allclose(trace.output, net.forward(F)[0], rtol=1e-12)
        assert [v for _, v in trace.features] == pytest.approx(F[0].tolist(), rel=1e-15)
        for steps, la in zip(trace.layers, net.spec.layers):
            assert len(steps) == la.units
            for s in steps:
                assert s.z == pytest.approx(float(s.inputs @ s.weights + s.bias), rel=1e-12)


def test_a_neurons_formula_has_its_numbers():
    tr = _trained("mlp-xor", epochs=30)
    step = forward_trace(tr.network, (1.0, 0.0)).layers[0][0]
    text = step.formula()
    w1, w2 = step.weights
    assert text.startswith(f"z = {w1:.3g}\u00b7x\u2081")
    assert f"= {step.z:.4g}" in text and f"a = \u03c3(z) = {step.a:.4g}" in text


def test_nesting_reads_as_nested_functions():
    assert nesting(presets.load("mlp-xor").network) == \
        "out = \u03c3(W\u2082\u00b7\u03c3(W\u2081\u00b7x + b\u2081) + b\u2082)"
    assert nesting(presets.load("regression").network).startswith("out = (W\u2083\u00b7tanh(")


@pytest.mark.parametrize("name", ["mlp-xor", "moons", "multiclass", "regression", "activations"])
def test_each_chain_product_is_the_engines_gradient_for_that_example(name):
    tr = _trained(name)
    net, data = tr.network, tr.split.train
    loss = tr.config.loss
    batch = gradients(net, data, loss)
    for n in (0, 3):
        x, y = data.X[n], data.y[n]
        F = features.transform(net.spec.inputs, x[None, :])
        _, g = net.loss_and_gradients(F, np.array([y]), loss, training=False)
        for layer, W in enumerate(net.W):
            r, c = W.shape
            for row, col in ((0, 0), (r - 2, c - 1), (r - 1, 0)):  # a weight, another, a bias
                chain = chain_rule(net, loss, x, y, layer, row, col, data, 0.1)
                want = g[2 * layer][row, col] if row < r - 1 else g[2 * layer + 1][col]
                assert chain.product == pytest.approx(float(want), rel=1e-9, abs=1e-15)
                assert chain.product == pytest.approx(np.prod([v for _, v, _ in chain.factors]))
                assert chain.batch == batch[layer][row, col]
                assert chain.new_value == pytest.approx(chain.value - 0.1 * chain.batch)
                if layer < len(net.W) - 1:  # a hidden neuron: what comes back, summed
                    assert chain.factors[0][1] == pytest.approx(
                        sum(d * w for _, d, w in chain.passed_back))


def test_the_batch_gradient_is_the_mean_over_the_training_points():
    tr = _trained("mlp-xor", epochs=10)
    net, data = tr.network, tr.split.train
    total = [np.zeros_like(W) for W in net.W]
    for x, y in zip(data.X, data.y):
        F = features.transform(net.spec.inputs, x[None, :])
        _, g = net.loss_and_gradients(F, np.array([y]), "bce", training=False)
        for t, G, b in zip(total, g[0::2], g[1::2]):
            t += np.vstack([G, b[None, :]])
    for mine, t in zip(gradients(net, data, "bce"), total):
        np.testing.assert_allclose(mine, t / len(data), rtol=1e-10, atol=1e-15)


def test_the_chain_text_shows_the_factors_and_the_step():
    tr = _trained("mlp-xor", epochs=30)
    data = tr.split.train
    chain = chain_rule(tr.network, "bce", data.X[1], data.y[1], 0, 1, 0, data, 0.5)
    text = chain.text()
    assert "\u2202L/\u2202w = \u2202L/\u2202a \u00b7 \u2202a/\u2202z \u00b7 \u2202z/\u2202w" in text
    for _, v, _ in chain.factors:
        assert f"({v:.4g})" in text
    assert f"= {chain.product + 0.0:.4g}" in text
    assert f"{chain.value:.4g} \u2212 0.5\u00b7({chain.batch:.4g}) = {chain.new_value:.4g}" in text
    with pytest.raises(ValueError, match="no weight"):
        chain_rule(tr.network, "bce", data.X[0], data.y[0], 0, 9, 0, data, 0.5)
