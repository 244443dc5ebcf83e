"""engine.EarlyStopping: Keras's semantics, alone and inside the Trainer.

The hand-written sequences below are checked against the rules of
``keras.callbacks.EarlyStopping`` (Keras 3): a value improves when it beats the
best so far by more than ``min_delta``; ``wait`` counts the epochs since the
last improvement and training stops when ``wait >= patience`` on an epoch after
the first; with ``restore_best_weights`` the best epoch's weights come back at
the end of training (also when it was not stopped early); epochs count from 0.
"""

import math

import numpy as np
import pytest

import engine
from engine import EarlyStopping, LayerSpec, NetworkSpec, TrainConfig, Trainer
from engine.errors import PlaygroundError


def feed(stopper, values):
    """Feed one value per epoch; the 'weights' of epoch e are [array([e])].

    Returns the epoch (from 0) at which the stopper asked to stop, or None.
    """
    for epoch, v in enumerate(values):
        if stopper.on_epoch_end(epoch, v, lambda e=epoch: [np.array([float(e)])]):
            return epoch
    return None


def restored_epoch(stopper):
    w = stopper.on_train_end()
    return None if w is None else int(w[0][0])


# --------------------------------------------------------------------------- Keras rules
@pytest.mark.parametrize(
    ("values", "patience", "min_delta", "stop_at", "best_epoch"),
    [
        # improves at 1, then 3 epochs without: wait reaches 3 at epoch 4
        ([1.0, 0.9, 0.95, 0.93, 0.92, 0.5], 3, 0.0, 4, 1),
        # patience 1: the first epoch that does not improve stops
        ([1.0, 0.9, 0.8, 0.85, 0.1], 1, 0.0, 3, 2),
        # patience 0 behaves like patience 1 after the first epoch (wait >= 0 is always true)
        ([1.0, 0.9, 0.9], 0, 0.0, 2, 1),
        # equal is not better: a plateau counts as no improvement
        ([1.0, 1.0, 1.0, 1.0], 2, 0.0, 2, 0),
        # min_delta: 0.95 and 0.92 are not better than 1.0 by more than 0.1
        ([1.0, 0.95, 0.92, 0.91], 2, 0.1, 2, 0),
        # min_delta: 0.85 is better than 1.0 by more than 0.1; the reference becomes 0.85
        ([1.0, 0.85, 0.8, 0.76, 0.78], 3, 0.1, 4, 1),
        # ... and 0.74 beats 0.85 by more than 0.1: an improvement, wait starts over
        ([1.0, 0.85, 0.8, 0.76, 0.74, 0.8], 3, 0.1, None, 4),
        # never stops when every epoch improves
        ([5.0, 4.0, 3.0, 2.0, 1.0], 1, 0.0, None, 4),
    ],
)
def test_keras_patience_and_min_delta(values, patience, min_delta, stop_at, best_epoch):
    es = EarlyStopping("val_loss", patience=patience, min_delta=min_delta)
    assert feed(es, values) == stop_at
    assert es.best_epoch == best_epoch
    assert es.best == values[best_epoch]
    assert es.stop_training is (stop_at is not None)
    if stop_at is not None:
        assert es.stopped_epoch == stop_at


def test_wait_counts_epochs_since_the_last_improvement():
    es = EarlyStopping("val_loss", patience=10)
    waits = []
    for epoch, v in enumerate([3.0, 2.0, 2.5, 2.4, 1.0, 1.5]):
        es.on_epoch_end(epoch, v, list)
        waits.append(es.wait)
    assert waits == [0, 0, 1, 2, 0, 1]


def test_min_delta_sign_is_ignored_as_in_keras():
    a, b = EarlyStopping(min_delta=0.1), EarlyStopping(min_delta=-0.1)
    assert a.min_delta == b.min_delta == 0.1
    seq = [1.0, 0.95, 0.92, 0.91]
    assert feed(EarlyStopping(patience=2, min_delta=-0.1), seq) == 2
    assert feed(EarlyStopping(patience=2, min_delta=0.0), seq) is None


def test_first_epoch_never_stops():
    # an infinite first value is no improvement on +inf, so wait = 1 >= patience 0,
    # but Keras never stops on the first epoch (epoch > 0)
    es = EarlyStopping("val_loss", patience=0)
    assert not es.on_epoch_end(0, math.inf, list)
    assert es.wait == 1
    assert es.on_epoch_end(1, math.inf, list)


def test_first_epoch_is_always_an_improvement():
    es = EarlyStopping("val_loss", patience=0, min_delta=1e6)
    assert not es.on_epoch_end(0, 123.0, list)
    assert es.best == 123.0 and es.best_epoch == 0 and es.wait == 0


@pytest.mark.parametrize("monitor", ["val_accuracy", "accuracy"])
def test_mode_max_for_accuracy(monitor):
    es = EarlyStopping(monitor, patience=2)
    assert es.mode == "max"
    assert es.best == -math.inf
    # 0.6 at epoch 1 is the best; 0.6 again is not better; stops at epoch 3
    assert feed(es, [0.5, 0.6, 0.6, 0.55, 0.9]) == 3
    assert es.best == 0.6 and es.best_epoch == 1
    assert restored_epoch(es) == 1


def test_mode_max_with_min_delta():
    es = EarlyStopping("val_accuracy", patience=1, min_delta=0.05)
    # 0.53 does not beat 0.5 by more than 0.05: stop at epoch 1
    assert feed(es, [0.5, 0.53, 0.9]) == 1
    assert es.best_epoch == 0


@pytest.mark.parametrize("monitor", ["val_loss", "loss"])
def test_mode_min_for_losses(monitor):
    assert EarlyStopping(monitor).mode == "min"


def test_explicit_mode_overrides_auto():
    es = EarlyStopping("val_loss", patience=1, mode="max")
    assert feed(es, [0.1, 0.2, 0.15]) == 2
    assert es.best == 0.2


def test_restore_best_weights_gives_the_best_epochs_weights():
    es = EarlyStopping("val_loss", patience=2, restore_best_weights=True)
    assert feed(es, [1.0, 0.7, 0.4, 0.6, 0.5, 0.3]) == 4
    assert restored_epoch(es) == 2


def test_restore_best_weights_without_an_early_stop():
    # Keras 3 restores the best weights at the end of training even without a stop
    es = EarlyStopping("val_loss", patience=5, restore_best_weights=True)
    assert feed(es, [1.0, 0.2, 0.6, 0.7]) is None
    assert restored_epoch(es) == 1


def test_no_improvement_ever_restores_the_first_epoch():
    # "if best weights were never set, the current weights are the best" (first epoch)
    es = EarlyStopping("val_loss", patience=1, restore_best_weights=True)
    assert feed(es, [math.inf, math.inf]) == 1
    assert restored_epoch(es) == 0


def test_without_restore_nothing_is_restored():
    es = EarlyStopping("val_loss", patience=1, restore_best_weights=False)
    calls = []
    es.on_epoch_end(0, 1.0, lambda: calls.append(0) or [np.zeros(1)])
    es.on_epoch_end(1, 2.0, lambda: calls.append(1) or [np.zeros(1)])
    assert es.on_train_end() is None
    assert calls == []  # the weights are never even copied


def test_weights_are_copied_only_on_improvement():
    es = EarlyStopping("val_loss", patience=10)
    calls = []
    for epoch, v in enumerate([1.0, 2.0, 0.5, 0.7]):
        es.on_epoch_end(epoch, v, lambda e=epoch: calls.append(e) or [np.array([e])])
    assert set(calls) == {0, 2}  # never at the epochs without improvement
    assert restored_epoch(es) == 2


def test_nan_and_none_values_are_skipped():
    es = EarlyStopping("val_loss", patience=1)
    assert not es.on_epoch_end(0, None, list)
    assert not es.on_epoch_end(1, math.nan, list)
    assert es.best == math.inf and es.wait == 0


def test_reset_allows_reuse():
    es = EarlyStopping("val_loss", patience=1)
    assert feed(es, [1.0, 2.0]) == 1
    es.reset()
    assert es.wait == 0 and es.best == math.inf and not es.stop_training
    assert feed(es, [3.0, 2.0, 1.0]) is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"monitor": "val_f1"},
        {"patience": -1},
        {"patience": 1.5},
        {"patience": True},
        {"min_delta": "0.1"},
        {"min_delta": math.nan},
        {"mode": "auto-max"},
    ],
)
def test_bad_arguments_are_refused(kwargs):
    with pytest.raises(PlaygroundError):
        EarlyStopping(**kwargs)


# --------------------------------------------------------------------------- in the Trainer
def overfitting_trainer(**changes):
    """A wide net on few noisy points: validation loss turns up quickly."""
    data = engine.datasets.make("moons", n=60, noise=0.5, seed=3)
    split = engine.split(data, (0.5, 0.5, 0.0), seed=3)
    spec = NetworkSpec(("x1", "x2"), (LayerSpec(32, "relu"), LayerSpec(1, "sigmoid")))
    cfg = dict(
        loss="bce",
        optimizer="adam",
        lr=0.05,
        batch_size=0,
        epochs=400,
        early_stopping=True,
        patience=5,
        seed=3,
    )
    cfg.update(changes)
    return Trainer(spec, split, TrainConfig(**cfg))


def test_trainer_stops_early_and_restores_the_best_epoch():
    tr = overfitting_trainer()
    s = tr.run()
    h = tr.history["val_loss"]
    best = int(np.argmin(h))  # no ties in practice
    assert s["stopped_early"] is True
    assert tr.epoch < 400
    assert s["best_epoch"] == best + 1  # 1-based in the summary
    # stopped exactly `patience` epochs after the best one
    assert tr.epoch == best + 1 + 5
    assert all(v >= h[best] for v in h[best + 1 :])
    assert "early stopping" in s["stop_reason"]
    # the weights are the best epoch's: their validation loss is that epoch's
    assert tr.evaluate("val")[0] == pytest.approx(h[best], rel=1e-12, abs=0)
    assert s["val_loss"] == pytest.approx(h[best], rel=1e-12, abs=0)


def test_trainer_restores_the_best_weights_bit_for_bit():
    tr = overfitting_trainer()
    kept = {}
    while not tr.done:
        tr.run_epoch()
        if not tr.done:
            kept[tr.epoch] = tr.network.params.copy()
    assert tr.stopped_early
    best = tr.best_epoch
    assert best in kept
    assert tr.network.params.tobytes() == kept[best].tobytes()


def test_trainer_without_restore_keeps_the_last_weights():
    tr = overfitting_trainer(restore_best_weights=False)
    tr.run()
    assert tr.stopped_early
    assert tr.evaluate("val")[0] == tr.history["val_loss"][-1]
    assert tr.evaluate("val")[0] > tr.history["val_loss"][tr.best_epoch - 1]


def test_trainer_restores_at_the_epoch_limit_too():
    tr = overfitting_trainer(patience=1000, epochs=40)
    tr.run()
    assert not tr.stopped_early and tr.epoch == 40
    h = tr.history["val_loss"]
    assert tr.best_epoch == int(np.argmin(h)) + 1
    assert tr.evaluate("val")[0] == pytest.approx(min(h), rel=1e-12, abs=0)


def test_trainer_min_delta_stops_sooner():
    a = overfitting_trainer(patience=3)
    b = overfitting_trainer(patience=3, min_delta=0.05)
    a.run()
    b.run()
    assert b.epoch < a.epoch


def test_trainer_monitor_val_accuracy_is_maximised():
    tr = overfitting_trainer(monitor="val_accuracy", patience=4)
    tr.run()
    acc = tr.history["val_accuracy"]
    # improvement means strictly better, so the best epoch is the first to reach the maximum
    assert tr.best_epoch == acc.index(max(acc)) + 1
    assert tr.stopped_early and tr.epoch == tr.best_epoch + 4
    assert tr.evaluate("val")[1] == acc[tr.best_epoch - 1]


def test_trainer_refuses_early_stopping_without_validation():
    data = engine.datasets.make("gauss", n=40, seed=0)
    split = engine.split(data, (1.0, 0.0, 0.0))
    spec = NetworkSpec(("x1", "x2"), (LayerSpec(1, "sigmoid"),))
    with pytest.raises(PlaygroundError, match="validation"):
        Trainer(spec, split, TrainConfig(early_stopping=True))
