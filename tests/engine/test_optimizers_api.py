"""The optimizer API: state per position, in-place updates, reset, names, params,
validation messages (the numerics against torch are in test_optimizers_torch.py)."""

import json

import numpy as np
import pytest

from engine import optimizers
from engine.errors import PlaygroundError
from engine.optimizers import SGD, Adagrad, Adam, RMSprop

# --------------------------------------------------------------------- the API
ALL = [
    SGD(lr=0.1),
    SGD(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01),
    SGD(lr=0.05, momentum=0.8, dampening=0.3),
    Adagrad(lr=0.1, lr_decay=0.01, weight_decay=0.01, initial_accumulator_value=0.1),
    RMSprop(lr=0.01, momentum=0.5, centered=True, weight_decay=0.01),
    RMSprop(lr=0.01),
    Adam(lr=0.01, weight_decay=0.01),
]


def _fresh(opt):
    return optimizers.make(opt.name, **opt.params())


def _shapes():
    rng = np.random.default_rng(5)
    shapes = [(3, 4), (4,), (4, 1), (1,)]
    params = [rng.standard_normal(s) for s in shapes]
    grads = [[rng.standard_normal(s) for s in shapes] for _ in range(4)]
    return params, grads


@pytest.mark.parametrize("proto", ALL, ids=repr)
def test_positions_are_independent(proto):
    params, grads = _shapes()
    together = [p.copy() for p in params]
    opt = _fresh(proto)
    for gs in grads:
        opt.step(together, gs)
    for i, p in enumerate(params):
        alone = p.copy()
        single = _fresh(proto)
        for gs in grads:
            single.step([alone], [gs[i]])
        np.testing.assert_array_equal(together[i], alone)
        assert together[i].shape == p.shape
        assert not np.array_equal(together[i], p)


@pytest.mark.parametrize("proto", ALL, ids=repr)
def test_params_updated_in_place_grads_untouched(proto):
    params, grads = _shapes()
    objects = list(params)
    before = [g.copy() for gs in grads for g in gs]
    opt = _fresh(proto)
    for gs in grads:
        opt.step(params, gs)
    assert all(a is b for a, b in zip(params, objects))
    for g, b in zip((g for gs in grads for g in gs), before):
        np.testing.assert_array_equal(g, b)


@pytest.mark.parametrize("proto", ALL, ids=repr)
def test_reset_drops_state(proto):
    rng = np.random.default_rng(9)
    p0 = rng.standard_normal(6)
    g1, g2 = rng.standard_normal(6), rng.standard_normal(6)
    used = _fresh(proto)
    warm = p0.copy()
    used.step([warm], [g1])
    used.step([warm], [g2])
    used.reset()
    after_reset = p0.copy()
    used.step([after_reset], [g2])
    fresh = p0.copy()
    _fresh(proto).step([fresh], [g2])
    np.testing.assert_array_equal(after_reset, fresh)
    # without reset the state would have changed the step
    stale = p0.copy()
    kept = _fresh(proto)
    kept.step([p0.copy()], [g1])
    kept.step([stale], [g2])
    if proto.name != "sgd" or proto.momentum:
        assert not np.array_equal(stale, fresh)


def test_shape_change_at_a_position_starts_fresh_state():
    opt = Adam(lr=0.01)
    opt.step([np.ones(5)], [np.full(5, 0.5)])
    p = np.ones(3)
    opt.step([p], [np.full(3, 0.5)])
    q = np.ones(3)
    Adam(lr=0.01).step([q], [np.full(3, 0.5)])
    np.testing.assert_array_equal(p, q)


def test_mismatched_lists_and_shapes_are_refused():
    with pytest.raises(ValueError, match="2 parameter arrays and 1 gradients"):
        SGD().step([np.zeros(2), np.zeros(2)], [np.zeros(2)])
    with pytest.raises(ValueError, match=r"gradient 0 has shape \(1,\)"):
        SGD().step([np.zeros(3)], [np.zeros(1)])


def test_repr():
    assert repr(Adam(lr=1e-3)) == "Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08)"
    assert repr(SGD(lr=0.03)) == "SGD(lr=0.03)"
    assert (
        repr(SGD(lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4))
        == "SGD(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.0001)"
    )
    assert repr(Adagrad()) == "Adagrad(lr=0.01)"
    assert repr(Adagrad(lr_decay=0.1)) == "Adagrad(lr=0.01, lr_decay=0.1)"
    assert repr(RMSprop(centered=True)) == "RMSprop(lr=0.01, alpha=0.99, eps=1e-08, centered=True)"
    opt = Adam()
    opt.lr = 0.5
    assert repr(opt).startswith("Adam(lr=0.5,")


def test_names_and_make():
    assert optimizers.NAMES == ("sgd", "adagrad", "rmsprop", "adam")
    for name, cls in zip(optimizers.NAMES, (SGD, Adagrad, RMSprop, Adam)):
        opt = optimizers.make(name)
        assert type(opt) is cls and cls.name == name
        assert issubclass(cls, optimizers.Optimizer)
        assert isinstance(cls.formula, str) and cls.formula and "\n" not in cls.formula
    opt = optimizers.make("adam", lr=0.02, betas=[0.5, 0.9])
    assert opt.lr == 0.02 and opt.betas == (0.5, 0.9)
    assert "v ← μ·v − lr·g" in SGD.formula and "lr is constant" in SGD.formula


@pytest.mark.parametrize("proto", ALL, ids=repr)
def test_params_round_trip_through_json(proto):
    data = json.loads(json.dumps(proto.params()))
    again = optimizers.make(proto.name, **data)
    assert repr(again) == repr(proto)
    assert again.params() == proto.params()


def test_params_lists_every_constructor_argument():
    assert Adam(lr=0.1).params() == {
        "lr": 0.1,
        "betas": [0.9, 0.999],
        "eps": 1e-8,
        "weight_decay": 0.0,
    }
    assert set(SGD().params()) == {"lr", "momentum", "dampening", "nesterov", "weight_decay"}
    assert set(Adagrad().params()) == {
        "lr",
        "lr_decay",
        "weight_decay",
        "initial_accumulator_value",
        "eps",
    }
    assert set(RMSprop().params()) == {"lr", "alpha", "eps", "weight_decay", "momentum", "centered"}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: SGD(lr=-1.0), r"learning rate must be > 0, got -1\.0"),
        (lambda: SGD(lr=0), r"learning rate must be > 0, got 0"),
        (lambda: Adam(lr=float("nan")), r"learning rate must be > 0, got nan"),
        (lambda: Adam(lr=float("inf")), r"learning rate must be finite, got inf"),
        (lambda: Adam(lr="fast"), r"learning rate must be a number, got 'fast'"),
        (lambda: SGD(momentum=2), r"momentum must be in \[0, 1\), got 2"),
        (lambda: SGD(momentum=-0.1), r"momentum must be in \[0, 1\), got -0\.1"),
        (lambda: SGD(dampening=1.5), r"dampening must be in \[0, 1\], got 1\.5"),
        (lambda: SGD(nesterov=True), r"nesterov momentum needs momentum > 0 and dampening = 0"),
        (
            lambda: SGD(momentum=0.9, dampening=0.1, nesterov=True),
            r"needs momentum > 0 and dampening = 0, got momentum=0\.9, dampening=0\.1",
        ),
        (lambda: SGD(nesterov="yes"), r"nesterov must be true or false, got 'yes'"),
        (lambda: SGD(weight_decay=-1e-3), r"weight decay must be >= 0, got -0\.001"),
        (lambda: Adagrad(lr_decay=-1), r"lr_decay must be >= 0, got -1"),
        (lambda: Adagrad(initial_accumulator_value=-1), r"initial_accumulator_value must be"),
        (lambda: Adagrad(eps=0), r"eps must be > 0, got 0"),
        (lambda: RMSprop(alpha=1.5), r"alpha must be in \[0, 1\], got 1\.5"),
        (lambda: RMSprop(momentum=1), r"momentum must be in \[0, 1\), got 1"),
        (lambda: RMSprop(centered=1), r"centered must be true or false, got 1"),
        (lambda: Adam(betas=(0.9, 1.0)), r"beta2 must be in \[0, 1\), got 1\.0"),
        (lambda: Adam(betas=(-0.1, 0.9)), r"beta1 must be in \[0, 1\), got -0\.1"),
        (lambda: Adam(betas=0.9), r"betas must be a pair \(beta1, beta2\), got 0\.9"),
        (lambda: Adam(eps=-1e-8), r"eps must be > 0, got -1e-08"),
        (
            lambda: optimizers.make("adamw"),
            r"unknown optimizer 'adamw'.*sgd, adagrad, rmsprop, adam",
        ),
        (lambda: optimizers.make("sgd", beta=0.9), r"unknown argument 'beta' for optimizer 'sgd'"),
        (lambda: optimizers.make("adam", momentum=0.9), r"unknown argument 'momentum'.*betas"),
    ],
)
def test_validation_messages(call, message):
    with pytest.raises(PlaygroundError, match=message):
        call()


def test_playground_error_is_a_value_error():
    with pytest.raises(ValueError):
        Adam(lr=-1)


def test_other_hyperparameters_are_read_only():
    opt = SGD(lr=0.1, momentum=0.9)
    with pytest.raises(AttributeError):
        opt.momentum = 0.5
    with pytest.raises(AttributeError):
        Adam().betas = (0.5, 0.9)
    assert opt.momentum == 0.9


def test_lr_set_later_is_not_validated_and_is_used():
    opt = SGD(lr=0.1)
    opt.lr = 2.0
    p = np.array([1.0])
    opt.step([p], [np.array([0.25])])
    assert p[0] == 0.5


def test_centered_rmsprop_with_constant_gradient_stays_finite():
    # v - ḡ² goes to 0 and rounding can make it negative; torch would give NaN here
    opt = RMSprop(lr=1e-3, alpha=0.5, centered=True)
    p = np.zeros(4)
    g = np.array([0.1, 0.3, -0.7, 1.9])
    for _ in range(200):
        opt.step([p], [g])
    assert np.all(np.isfinite(p))


def test_adagrad_gives_each_weight_its_own_rate():
    """After one step, s = g², so each weight's rate is lr / (|g| + ε): its own."""
    import engine
    from engine import presets

    p = presets.load("adagrad")
    tr = engine.Trainer(p.network, p.data.build_split(), p.training.replace(batch_size=0))
    assert tr.effective_rates() is None  # no step yet: no sums
    tr.step()
    rates = tr.effective_rates()
    flat = np.concatenate([np.vstack([W, b[None, :]]).ravel()
                           for W, b in zip(rates[0::2], rates[1::2])])
    expected = p.training.lr / (np.abs(tr.network.grads) + 1e-10)
    np.testing.assert_allclose(flat, expected, rtol=1e-12)
    assert np.ptp(rates[0]) > 0  # not one rate for all
    sgd = engine.Trainer(p.network, p.data.build_split(),
                         p.training.replace(optimizer="sgd", optimizer_params={}))
    sgd.step()
    assert sgd.effective_rates() is None
