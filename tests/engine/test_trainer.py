"""engine.Trainer: one mini-batch per step, epochs, history, schedules, divergence, determinism.

Losses and accuracies are recomputed here from ``net.forward`` and the loss
formulas, independently of the trainer's own bookkeeping.
"""

import math

import numpy as np
import pytest

import engine
from engine import LayerSpec, Network, NetworkSpec, TrainConfig, Trainer, features
from engine.errors import PlaygroundError

TANH_NET = NetworkSpec(("x1", "x2"), (LayerSpec(4, "tanh"), LayerSpec(1, "sigmoid")))


def make_split(name="gauss", n=50, ratios=(0.6, 0.2, 0.2), noise=0.2, seed=0):
    return engine.split(engine.datasets.make(name, n=n, noise=noise, seed=seed), ratios, seed=seed)


def make_trainer(spec=TANH_NET, split=None, network=None, **cfg):
    base = dict(loss="bce", optimizer="sgd", lr=0.1, batch_size=7, epochs=20, seed=0)
    base.update(cfg)
    return Trainer(spec, split or make_split(), TrainConfig(**base), network=network)


def bce(o, y):
    o = o[:, 0]
    return float(-np.mean(y * np.log(o) + (1 - y) * np.log(1 - o)))


def outputs(tr, part):
    d = getattr(tr.split, part)
    return tr.network.forward(features.transform(tr.spec.inputs, d.X)), np.asarray(d.y)


def record_batches(monkeypatch, tr):
    """Record the rows ([features, 1]) of every mini-batch the trainer trains on."""
    batches = []
    original = tr.network.backward

    def spy(xa, t, *args, **kwargs):
        batches.append(np.array(xa))
        return original(xa, t, *args, **kwargs)

    monkeypatch.setattr(tr.network, "backward", spy)
    return batches


# --------------------------------------------------------------------------- steps and epochs
def test_one_mini_batch_per_step(monkeypatch):
    tr = make_trainer(batch_size=7)  # 30 training rows: 7 + 7 + 7 + 7 + 2
    batches = record_batches(monkeypatch, tr)
    assert len(tr.split.train) == 30
    assert tr.steps_per_epoch == 5
    for k in range(1, 6):
        assert tr.step() is True
        assert tr.steps == k and len(batches) == k
        assert tr.epoch == (1 if k == 5 else 0)
    assert [b.shape[0] for b in batches] == [7, 7, 7, 7, 2]
    # the epoch saw every training row exactly once
    rows = np.concatenate(batches)[:, :2]
    np.testing.assert_array_equal(
        rows[np.lexsort(rows.T[::-1])],
        tr.split.train.X[np.lexsort(tr.split.train.X.T[::-1])],
    )
    assert len(tr.history["loss"]) == 1


def test_step_in_epoch_counts_batches():
    tr = make_trainer(batch_size=7)
    seen = []
    for _ in range(6):
        tr.step()
        seen.append((tr.epoch, tr.step_in_epoch))
    assert seen == [(0, 1), (0, 2), (0, 3), (0, 4), (1, 0), (1, 1)]


@pytest.mark.parametrize(
    ("batch_size", "mode", "per_epoch"),
    [
        (0, "batch GD", 1),
        (30, "batch GD", 1),
        (500, "batch GD", 1),
        (1, "SGD", 30),
        (10, "mini-batch", 3),
        (29, "mini-batch", 2),
    ],
)
def test_batch_gd_sgd_and_mini_batch(batch_size, mode, per_epoch):
    tr = make_trainer(batch_size=batch_size, epochs=2)
    assert tr.batch_mode == mode
    assert tr.steps_per_epoch == per_epoch
    s = tr.run()
    assert s["steps"] == 2 * per_epoch and s["epochs"] == 2
    assert s["batch_mode"] == mode


def test_run_steps_and_run_epoch():
    tr = make_trainer(batch_size=10, epochs=3)  # 3 steps per epoch
    assert tr.run_steps(4) == 4
    assert (tr.epoch, tr.steps) == (1, 4)
    assert tr.run_epoch() is True
    assert (tr.epoch, tr.steps) == (2, 6)
    assert tr.run_steps(100) == 3  # ends at the epoch limit
    assert tr.done and tr.step() is False and tr.run_steps(5) == 0


def test_stepping_and_running_give_the_same_run():
    a, b = make_trainer(batch_size=4, epochs=6), make_trainer(batch_size=4, epochs=6)
    a.run()
    while b.step():
        pass
    assert a.steps == b.steps
    assert a.network.params.tobytes() == b.network.params.tobytes()
    assert a.history == b.history


def test_run_with_an_epoch_count_trains_that_many_more():
    tr = make_trainer(epochs=50)
    s = tr.run(epochs=3)
    assert s["epochs"] == 3 and tr.done
    assert "3 epochs" in s["stop_reason"]


# --------------------------------------------------------------------------- shuffling
def epoch_orders(monkeypatch, tr, epochs):
    batches = record_batches(monkeypatch, tr)
    orders = []
    for _ in range(epochs):
        start = len(batches)
        tr.run_epoch()
        rows = np.concatenate(batches[start:])[:, :2]
        orders.append([tuple(r) for r in rows])
    return orders


def test_each_epoch_is_reshuffled_with_a_seeded_generator(monkeypatch):
    split = make_split(seed=5)
    a = epoch_orders(monkeypatch, make_trainer(split=split, batch_size=1, seed=5), 3)
    b = epoch_orders(monkeypatch, make_trainer(split=split, batch_size=1, seed=5), 3)
    c = epoch_orders(monkeypatch, make_trainer(split=split, batch_size=1, seed=6), 3)
    train = sorted(tuple(r) for r in split.train.X)
    for order in a:
        assert sorted(order) == train  # a permutation of the training rows
    assert a[0] != a[1] and a[1] != a[2]  # a new order every epoch
    assert a == b  # same seed, same orders
    assert c[0] != a[0]  # another seed, other orders


# --------------------------------------------------------------------------- history
def test_history_is_recorded_every_epoch_from_the_network():
    tr = make_trainer(epochs=10)
    for e in range(1, 4):
        tr.run_epoch()
        h = tr.history
        assert all(len(h[k]) == e for k in ("loss", "val_loss", "accuracy", "val_accuracy", "lr"))
        o, y = outputs(tr, "train")
        assert h["loss"][-1] == pytest.approx(bce(o, y), rel=1e-12)
        assert h["accuracy"][-1] == np.mean((o[:, 0] >= 0.5) == y)
        o, y = outputs(tr, "val")
        assert h["val_loss"][-1] == pytest.approx(bce(o, y), rel=1e-12)
        assert h["val_accuracy"][-1] == np.mean((o[:, 0] >= 0.5) == y)
    assert h["loss"][0] != h["loss"][2]


def test_history_without_validation_or_accuracy():
    tr = make_trainer(split=make_split(ratios=(1.0, 0.0, 0.0)), epochs=2)
    tr.run()
    assert tr.history["val_loss"] == [None, None]
    assert tr.history["val_accuracy"] == [None, None]
    assert tr.summary()["val_loss"] is None and tr.summary()["test_loss"] is None
    spec = NetworkSpec(("x1", "x2"), (LayerSpec(3, "tanh"), LayerSpec(1, "linear")))
    reg = make_trainer(spec, make_split("plane", n=40), loss="mse", lr=0.01, epochs=2)
    reg.run()
    assert reg.history["accuracy"] == [None, None]
    assert reg.summary()["test_accuracy"] is None and reg.summary()["test_loss"] is not None


def test_test_split_is_evaluated_once_at_the_end(monkeypatch):
    tr = make_trainer(epochs=4)
    parts = []
    original = tr.evaluate

    def spy(part="train"):
        parts.append(part)
        return original(part)

    monkeypatch.setattr(tr, "evaluate", spy)
    for _ in range(3):
        tr.run_epoch()
        assert tr.test_loss is None and tr.test_accuracy is None
    assert "test" not in parts and parts.count("val") == 3
    s = tr.run()
    tr.summary()
    assert parts.count("test") == 1
    o, y = outputs(tr, "test")
    assert s["test_loss"] == pytest.approx(bce(o, y), rel=1e-12)
    assert s["test_accuracy"] == np.mean((o[:, 0] >= 0.5) == y)


def test_summary_has_the_cli_keys():
    s = make_trainer(epochs=2).run()
    required = {
        "epochs", "steps", "train_loss", "val_loss", "test_loss", "train_accuracy",
        "val_accuracy", "test_accuracy", "stopped_early", "best_epoch", "stop_reason",
    }  # fmt: skip
    assert required <= set(s)
    assert s["stop_reason"] == "reached the epoch limit (2)"
    assert s["stopped_early"] is False


# --------------------------------------------------------------------------- schedules
@pytest.mark.parametrize(
    ("schedule", "params", "expected"),
    [
        ("constant", {}, [0.1] * 5),
        ("step", {"step_size": 2, "gamma": 0.5}, [0.1, 0.1, 0.05, 0.05, 0.025]),
        ("time", {"decay": 0.5}, [0.1 / (1 + 0.5 * e) for e in range(5)]),
        ("exponential", {"gamma": 0.9}, [0.1 * 0.9**e for e in range(5)]),
    ],
)
def test_schedule_is_applied_per_epoch(schedule, params, expected):
    tr = make_trainer(schedule=schedule, schedule_params=params, epochs=5, batch_size=10)
    used = []
    original = tr.optimizer.step

    def spy(ps, gs):
        used.append((tr.epoch, tr.optimizer.lr))
        return original(ps, gs)

    tr.optimizer.step = spy
    tr.run()
    np.testing.assert_allclose(tr.history["lr"], expected, rtol=1e-15)
    assert len(used) == 15
    for epoch, lr in used:  # every step of an epoch used that epoch's rate
        assert lr == pytest.approx(expected[epoch], rel=1e-15)


def test_set_lr_changes_the_base_rate_live():
    tr = make_trainer(schedule="step", schedule_params={"step_size": 1, "gamma": 0.5}, epochs=9)
    tr.run_epoch()
    tr.run_epoch()
    tr.set_lr(0.4)
    assert tr.lr == pytest.approx(0.4 * 0.25)
    tr.run_epoch()
    assert tr.history["lr"][-1] == pytest.approx(0.1)
    for bad in (0, -1.0, math.nan, math.inf, "0.1"):
        with pytest.raises(PlaygroundError, match="learning rate"):
            tr.set_lr(bad)


# --------------------------------------------------------------------------- the update
def test_batch_gd_step_is_one_sgd_step_on_the_whole_set_with_l1_l2():
    split = make_split()
    tr = make_trainer(split=split, batch_size=0, lr=0.3, l1=0.01, l2=0.05)
    ref = Network(TANH_NET, seed=0)
    X = features.transform(TANH_NET.inputs, split.train.X)
    _, grads = ref.loss_and_gradients(X, split.train.y, "bce")
    ws = ref.get_weights()
    tr.step()
    for i, (w, g, new) in enumerate(zip(ws, grads, tr.network.get_weights())):
        pen = 0.01 * np.sign(w) + 0.05 * w if i % 2 == 0 else 0.0  # weights only
        np.testing.assert_allclose(new, w - 0.3 * (g + pen), rtol=1e-12, atol=1e-15)


def test_perceptron_rule_through_the_trainer(monkeypatch):
    spec = NetworkSpec(("x1", "x2"), (LayerSpec(1, "step"),))
    split = engine.split(engine.datasets.make("and"), (1.0, 0.0, 0.0))
    net = Network(spec)
    w, b = np.array([0.3, -0.2]), -0.05
    net.set_weights([w.reshape(2, 1), np.array([b])])
    tr = make_trainer(spec, split, network=net, loss="mse", lr=0.1, batch_size=1, epochs=1)
    batches = record_batches(monkeypatch, tr)
    tr.run()
    # Rosenblatt, one example at a time, in the order the trainer drew them
    lookup = {tuple(x): t for x, t in zip(split.train.X, split.train.y)}
    assert len(batches) == 4
    for xa in batches:
        x = xa[0, :2]
        y = float(x @ w + b >= 0)
        t = lookup[tuple(x)]
        w, b = w + 0.1 * (t - y) * x, b + 0.1 * (t - y)
    W1, b1 = tr.network.get_weights()
    np.testing.assert_allclose(W1[:, 0], w, atol=1e-15)
    assert b1[0] == pytest.approx(b, abs=1e-15)


def test_perceptron_converges_and_says_so():
    spec = NetworkSpec(("x1", "x2"), (LayerSpec(1, "step"),))
    split = engine.split(engine.datasets.make("or"), (1.0, 0.0, 0.0))
    tr = make_trainer(spec, split, loss="mse", lr=0.1, batch_size=1, epochs=100)
    s = tr.run()
    assert s["train_accuracy"] == 1.0 and s["epochs"] < 100
    assert s["stop_reason"].startswith("converged")


# --------------------------------------------------------------------------- divergence
def diverging_trainer(batch_size):
    spec = NetworkSpec(("x1", "x2"), (LayerSpec(1, "linear"),))
    return make_trainer(
        spec, make_split("plane", n=60, noise=0.1), loss="mse", lr=5.0,
        batch_size=batch_size, epochs=500,
    )  # fmt: skip


@pytest.mark.parametrize("batch_size", [0, 5])
def test_nan_or_inf_stops_with_a_reason_and_keeps_the_last_finite_weights(batch_size):
    tr = diverging_trainer(batch_size)
    last_good = tr.network.params.copy()
    while tr.run_epoch():
        last_good = tr.network.params.copy()
    assert tr.done and tr.epoch < 500
    reason = tr.stop_reason
    assert reason.startswith("diverged") and "infinite or NaN" in reason
    assert "learning rate (5) is too large" in reason
    if "training loss" in reason:  # the step that overflowed was taken and counted
        assert f"at epoch {tr.epoch + 1}, step {tr.steps}:" in reason
    assert np.isfinite(tr.network.params).all()
    assert tr.network.params.tobytes() == last_good.tobytes()
    assert all(math.isfinite(v) for v in tr.history["loss"])
    assert tr.step() is False
    s = tr.summary()
    assert s["train_loss"] is not None and math.isfinite(s["train_loss"])


def test_lr_too_large_without_overflow_is_diagnosed():
    spec = NetworkSpec(("x1", "x2"), (LayerSpec(1, "linear"),))
    tr = make_trainer(
        spec, make_split("plane", n=60, noise=0.1), loss="mse", lr=0.1, batch_size=0, epochs=30
    )
    s = tr.run()
    assert tr.history["loss"][-1] > tr.history["loss"][0]
    assert "too large" in s["stop_reason"]


# --------------------------------------------------------------------------- determinism
def dropout_adam_trainer(seed):
    spec = NetworkSpec(
        ("x1", "x2", "x1*x2"),
        (LayerSpec(8, "relu", 0.3), LayerSpec(6, "tanh", 0.2), LayerSpec(1, "sigmoid")),
    )
    split = make_split("moons", n=80, seed=seed)
    return make_trainer(spec, split, optimizer="adam", lr=0.01, batch_size=5, epochs=8, seed=seed)


@pytest.mark.parametrize("make", [dropout_adam_trainer, lambda s: make_trainer(seed=s)])
def test_same_seed_same_run_bit_for_bit(make):
    a, b = make(3), make(3)
    sa, sb = a.run(), b.run()
    assert a.network.params.tobytes() == b.network.params.tobytes()
    assert a.history == b.history
    assert sa == sb
    c = make(4)
    c.run()
    assert c.network.params.tobytes() != a.network.params.tobytes()


def test_masks_are_observable_after_each_step_of_a_dropout_run():
    tr = dropout_adam_trainer(0)
    for _ in range(tr.steps_per_epoch + 1):  # across an epoch end too
        tr.step()
        m = tr.network.dropout_masks()
        assert m[0] is not None and m[1] is not None
        assert m[0].shape[1] == 8 and m[1].shape[1] == 6
        assert 0 < m[0].mean() < 1


# --------------------------------------------------------------------------- refusals
@pytest.mark.parametrize(
    ("spec", "data", "cfg", "message"),
    [
        (TANH_NET, "multiclass", {}, "3 classes need 3 output units"),
        (TANH_NET, "plane", {}, "regression targets need the mse loss"),
        (
            NetworkSpec(("x1", "x2"), (LayerSpec(1, "step"),)),
            "plane",
            {"loss": "mse"},
            "perceptron",
        ),
        (
            NetworkSpec(("x1", "x2"), (LayerSpec(3, "softmax"),)),
            "gauss",
            {"loss": "cce"},
            "binary classification needs 1 or 2 output units",
        ),
        (TANH_NET, "gauss", {"loss": "cce"}, "softmax"),
        (
            NetworkSpec(("x1", "x2"), (LayerSpec(2, "linear"),)),
            "plane",
            {"loss": "mse"},
            "regression needs 1 output unit",
        ),
    ],
)
def test_network_data_and_config_that_cannot_train_together(spec, data, cfg, message):
    with pytest.raises(PlaygroundError, match=message):
        make_trainer(spec, make_split(data, n=40), **cfg)


def test_empty_training_split_is_refused():
    data = engine.datasets.make("gauss", n=20)
    split = engine.split(data, (1.0, 0.0, 0.0))
    empty = engine.Split(split.train.subset([]), split.val, split.test)
    with pytest.raises(PlaygroundError, match="training split is empty"):
        make_trainer(split=empty)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"epochs": math.nan},
        {"epochs": math.inf},
        {"batch_size": math.inf},
        {"seed": math.nan},
        {"seed": -1},
        {"epochs": 0},
        {"lr": 0},
        {"lr": -0.5},
        {"lr": math.nan},
        {"loss": "hinge"},
        {"optimizer": "lbfgs"},
        {"monitor": "f1"},
        {"patience": 1.5},
        {"l1": -0.1},
        {"early_stopping": "no"},
        {"restore_best_weights": 1},
        {"optimizer_params": None},
        {"optimizer_params": [("momentum", 0.9)]},
        {"schedule_params": "x"},
        {"optimizer_params": {"lr": 0.1}},
    ],
    ids=repr,
)
def test_bad_training_settings_are_refused_with_a_playground_error(kwargs):
    with pytest.raises(PlaygroundError):
        TrainConfig(**kwargs)
