"""Properties over random network specs (hypothesis).

- backpropagation's gradients match central finite differences of an
  independent forward pass (with the same dropout masks), for any stack of
  layers, activations, features, output and loss;
- a project with weights survives save / load bit for bit;
- the float32 grid agrees with the float64 forward pass;
- a training run is a function of its seed.
"""

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import engine
from engine import LayerSpec, Network, NetworkSpec, TrainConfig, features
from engine import project as pj
from tests.engine.test_network import OUTPUTS, numeric_grads, one_hot, ref_forward, ref_objective

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KINKED = ("relu", "leaky_relu")

inputs_st = st.lists(st.sampled_from(features.NAMES), min_size=1, max_size=4, unique=True)
hidden_st = st.lists(
    st.tuples(
        st.integers(1, 5),
        st.sampled_from(["linear", "sigmoid", "tanh", "relu", "leaky_relu"]),
        st.sampled_from([0.0, 0.0, 0.25, 0.5]),
    ),
    min_size=0,
    max_size=3,
)


@st.composite
def nets(draw):
    inputs = tuple(draw(inputs_st))
    hidden = draw(hidden_st)
    out, loss, k = draw(st.sampled_from(OUTPUTS))
    spec = NetworkSpec(inputs, tuple(LayerSpec(*h) for h in hidden) + (LayerSpec(k, out),))
    seed = draw(st.integers(0, 2**32 - 1))
    return spec, loss, seed


@SETTINGS
@given(nets(), st.integers(1, 8), st.integers(0, 2**32 - 1))
def test_gradients_match_finite_differences(net_loss_seed, n, data_seed):
    spec, loss, seed = net_loss_seed
    rng = np.random.default_rng(data_seed)
    X = features.transform(spec.inputs, rng.uniform(-2.0, 2.0, size=(n, 2)))
    k = spec.output.units
    if loss == "cce":
        y = rng.integers(0, k, size=n)
        t = one_hot(y, k)
    elif loss == "bce":
        y = t = rng.integers(0, 2, size=(n, k)).astype(float)
    else:
        y = t = rng.normal(size=(n, k))
    net = Network(spec, seed=seed)
    # random biases too (they start at zero), so kinks and saturation are exercised
    net.set_weights([w + rng.normal(0, 0.5, size=w.shape) for w in net.get_weights()])

    value, grads = net.loss_and_gradients(X, y, loss)
    masks = net.dropout_masks()
    acts = [la.activation for la in spec.layers]
    rates = [la.dropout for la in spec.hidden]
    weights = net.get_weights()
    out, zs = ref_forward(weights, X, acts, masks, rates)
    for z, act in zip(zs, acts):
        if act in KINKED:
            assume(np.abs(z).min() > 1e-4)  # finite differences cannot straddle a kink
    assert np.isfinite(value)
    expected = ref_objective(loss, weights, X, acts, t, masks, rates)
    assert value == pytest.approx(expected, rel=1e-9, abs=1e-12)

    def fn(ws):
        return ref_objective(loss, ws, X, acts, t, masks, rates)

    for g, num in zip(grads, numeric_grads(weights, fn)):
        np.testing.assert_allclose(g, num, rtol=1e-4, atol=1e-6)


finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False, allow_subnormal=False)


@st.composite
def projects(draw):
    spec, loss, seed = draw(nets())
    optimizer = draw(st.sampled_from(engine.optimizers.NAMES))
    config = TrainConfig(
        loss=loss,
        optimizer=optimizer,
        lr=draw(st.floats(1e-6, 10.0)),
        batch_size=draw(st.integers(0, 64)),
        epochs=draw(st.integers(1, 10_000)),
        l1=draw(st.sampled_from([0.0, 1e-4, 0.5])),
        l2=draw(st.sampled_from([0.0, 1e-3])),
        early_stopping=draw(st.booleans()),
        patience=draw(st.integers(0, 50)),
        seed=seed,
    )
    data = engine.DataSettings(
        name=draw(st.sampled_from(["circle", "gauss", "spiral", "moons", "plane", "xor"])),
        n=draw(st.sampled_from([None, 40, 200])),
        noise=draw(st.floats(0.0, 1.0)),
        seed=draw(st.integers(0, 1000)),
        ratios=draw(st.sampled_from([(0.6, 0.2, 0.2), (0.8, 0.1, 0.1), (1.0, 0.0, 0.0)])),
    )
    weights = None
    if draw(st.booleans()):
        net = Network(spec)
        weights = tuple(
            np.array(draw(st.lists(finite, min_size=w.size, max_size=w.size))).reshape(w.shape)
            for w in net.get_weights()
        )
    title = draw(st.text(max_size=20))
    return engine.Project(spec, config, data, weights, title, "")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_save_load_round_trip(tmp_path_factory, proj):
    path = tmp_path_factory.mktemp("rt") / "p.json"
    pj.save(proj, path)
    back = pj.load(path)
    assert back.network == proj.network
    assert back.training == proj.training
    assert back.data.to_dict() == proj.data.to_dict()
    assert back.title == proj.title
    if proj.weights is None:
        assert back.weights is None
    else:
        for a, b in zip(proj.weights, back.weights):
            assert a.shape == b.shape and a.tobytes() == b.tobytes()
    # and saving again gives the same text
    assert pj.dumps(back) == path.read_text(encoding="utf-8")
    json.loads(path.read_text(encoding="utf-8"))  # strict JSON (no NaN)


@SETTINGS
@given(nets(), st.integers(2, 12))
def test_float32_grid_matches_the_forward_pass(net_loss_seed, res):
    spec, _, seed = net_loss_seed
    net = Network(spec, seed=seed)
    ev = engine.GridEvaluator(spec.inputs, (-3.0, 3.0, -2.0, 2.0), res)
    g = ev.evaluate(net)
    assert [a.shape for a in g.layers] == [(res, res, la.units) for la in spec.layers]
    assert all(a.dtype == np.float32 for a in g.layers)
    gx, gy = np.meshgrid(g.xs, g.ys)
    X = features.transform(spec.inputs, np.column_stack([gx.ravel(), gy.ravel()]))
    out = net.forward(X).reshape(res, res, -1)
    np.testing.assert_allclose(g.output, out, rtol=1e-3, atol=1e-4)


@settings(max_examples=10, deadline=None)
@given(nets(), st.sampled_from([0, 1, 3]))
def test_a_run_is_a_function_of_its_seed(net_loss_seed, batch_size):
    spec, loss, seed = net_loss_seed
    k = spec.output.units
    name = "plane" if loss == "mse" and k == 1 else ("multiclass" if k == 3 else "gauss")
    split = engine.split(engine.datasets.make(name, n=20, seed=seed % 1000), seed=1)
    cfg = TrainConfig(
        loss=loss, optimizer="adam", lr=0.01, batch_size=batch_size, epochs=2, seed=seed
    )
    a, b = engine.Trainer(spec, split, cfg), engine.Trainer(spec, split, cfg)
    sa, sb = a.run(), b.run()
    assert a.network.params.tobytes() == b.network.params.tobytes()
    assert a.history == b.history
    assert sa == sb
