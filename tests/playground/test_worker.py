"""The training worker in its own QThread: commands in, snapshots out."""

import numpy as np
import pytest
from PySide6.QtCore import QObject, Qt, QThread, Signal

import engine
from playground.worker import Snapshot, TrainingWorker


class Driver(QObject):
    """Sends queued commands from the test (GUI) thread to the worker."""

    play = Signal()
    pause = Signal()
    step = Signal()
    step_epoch = Signal()
    reset = Signal()
    apply_spec = Signal(object, object)
    apply_config = Signal(object)
    set_speed = Signal(int)
    stop = Signal()


@pytest.fixture
def running(qtbot):
    """A worker in a started thread, with the first snapshot received."""

    def make(preset="mlp-xor", speed=0, ack=True):
        project = engine.presets.load(preset)
        thread = QThread()
        worker = TrainingWorker(project)
        worker.moveToThread(thread)
        thread.started.connect(worker.start)
        worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        d = Driver()
        for name in ("play", "pause", "step", "step_epoch", "reset", "apply_spec",
                     "apply_config", "set_speed", "stop"):
            getattr(d, name).connect(getattr(worker, name), Qt.ConnectionType.QueuedConnection)
        snaps = []

        def take(snap):  # as the window does: keep it, say it was drawn
            snaps.append(snap)
            if ack:
                worker.frame_drawn.set()

        worker.snapshot.connect(take)
        errors = []
        worker.error.connect(errors.append)
        d.set_speed.emit(speed)
        with qtbot.waitSignal(worker.snapshot, timeout=5000):
            thread.start()
        made.append((thread, d, worker))
        return worker, d, snaps, errors

    made = []
    yield make
    for thread, d, _worker in made:
        d.stop.emit()  # the worker quits its thread when it stops
        assert thread.wait(2000), "worker thread did not stop within 2 s"


def test_first_snapshot_is_untrained_and_complete(running):
    worker, d, snaps, _ = running()
    s = snaps[-1]
    assert isinstance(s, Snapshot)
    assert s.steps == 0 and s.epoch == 0 and not s.running
    assert [w.shape for w in s.weights] == [(2, 2), (2,), (2, 1), (1,)]
    assert s.grid.output.shape == (64, 64, 1) and s.grid.output.dtype == np.float32
    assert s.spec == engine.presets.load("mlp-xor").network
    # the output map arrives coloured, with its decision boundary
    assert s.boundary.rgba.shape == (64, 64, 4) and s.boundary.rgba.dtype == np.uint8
    assert s.boundary.contour is not None and s.boundary.levels == (0.0, 1.0)


def test_step_advances_exactly_one_mini_batch(running, qtbot):
    worker, d, snaps, _ = running("circle")
    with qtbot.waitSignal(worker.snapshot, timeout=5000):
        d.step.emit()
    assert snaps[-1].steps == 1
    with qtbot.waitSignal(worker.snapshot, timeout=5000):
        d.step.emit()
    assert snaps[-1].steps == 2 and snaps[-1].step_in_epoch == 2


def test_step_epoch_completes_one_epoch(running, qtbot):
    worker, d, snaps, _ = running("circle")
    with qtbot.waitSignal(worker.snapshot, timeout=5000):
        d.step_epoch.emit()
    s = snaps[-1]
    assert s.epoch == 1 and s.steps == s.steps_per_epoch == 30
    assert len(s.history["loss"]) == 1


def test_play_trains_and_publishes_at_most_about_60_per_second(running, qtbot):
    worker, d, snaps, _ = running("spiral")
    n0 = len(snaps)
    d.play.emit()
    qtbot.waitUntil(lambda: len(snaps) > n0 + 10 and snaps[-1].steps > 500, timeout=10000)
    d.pause.emit()
    qtbot.waitUntil(lambda: not snaps[-1].running, timeout=5000)
    steps = [s.steps for s in snaps[n0:]]
    assert steps == sorted(steps)
    times = [s.at for s in snaps[n0:]]  # when each was taken: --stats reads rates by it
    assert times == sorted(times) and times[0] > 0
    assert snaps[-1].steps > snaps[n0].steps
    # snapshots carry copies: changing one does not touch the next
    snaps[-2].weights[0][:] = 1e9
    assert not np.array_equal(snaps[-1].weights[0], snaps[-2].weights[0])


def test_full_speed_trains_on_while_the_window_has_not_drawn(running, qtbot):
    """At full speed the worker never waits for the window: with no frame taken it
    publishes no new frame, yet trains on (the pause snapshot shows it)."""
    worker, d, snaps, _ = running("spiral", ack=False)
    worker.frame_drawn.set()  # the first frame was taken
    d.play.emit()
    qtbot.waitUntil(lambda: len(snaps) >= 2, timeout=5000)
    qtbot.wait(300)
    running_snaps = [s for s in snaps if s.running]
    assert len(running_snaps) == 1  # nothing more until the window takes it
    d.pause.emit()
    qtbot.waitUntil(lambda: not snaps[-1].running and snaps[-1].steps > 0, timeout=5000)
    assert snaps[-1].steps > running_snaps[0].steps + 100


def test_full_speed_publishes_as_often_as_its_pacer_allows(running, qtbot):
    """The pacer sets the frame interval at full speed (here a fixed 0.25 s): frames
    come no faster, however quickly the window takes them."""
    from playground.pacing import FramePacer

    worker, d, snaps, _ = running("spiral")
    worker.pacer = FramePacer(fastest=0.25, slowest=0.25)
    d.play.emit()
    qtbot.waitUntil(lambda: any(s.running for s in snaps), timeout=5000)
    qtbot.wait(1000)  # a window of time to count frames in, not a wait for a result
    d.pause.emit()
    qtbot.waitUntil(lambda: not snaps[-1].running, timeout=5000)
    frames = sum(s.running for s in snaps)
    assert 2 <= frames <= 6  # ~1.1 s / 0.25 s, plus the first at once (33 fps: ~35)
    assert snaps[-1].steps > 100  # and it trained flat out meanwhile


def test_one_step_per_frame_waits_for_each_frame_to_be_taken(running, qtbot):
    worker, d, snaps, _ = running("circle", speed=1, ack=False)
    worker.frame_drawn.set()
    d.play.emit()
    qtbot.waitUntil(lambda: len(snaps) >= 2, timeout=5000)
    qtbot.wait(200)
    assert snaps[-1].steps == 1  # no second step before the first was drawn
    worker.frame_drawn.set()
    qtbot.waitUntil(lambda: snaps[-1].steps == 2, timeout=5000)
    d.pause.emit()
    qtbot.waitUntil(lambda: not snaps[-1].running, timeout=5000)
    assert snaps[-1].steps == 2


def test_reset_restores_the_initial_weights(running, qtbot):
    worker, d, snaps, _ = running("circle")
    w0 = [w.copy() for w in snaps[-1].weights]
    with qtbot.waitSignal(worker.snapshot, timeout=5000):
        d.step_epoch.emit()
    assert not np.array_equal(snaps[-1].weights[0], w0[0])
    with qtbot.waitSignal(worker.snapshot, timeout=5000):
        d.reset.emit()
    s = snaps[-1]
    assert s.steps == 0 and s.epoch == 0 and s.history["loss"] == ()
    for a, b in zip(s.weights, w0):
        np.testing.assert_array_equal(a, b)


def test_spec_edit_keeps_unchanged_weights_and_keeps_running(running, qtbot):
    worker, d, snaps, _ = running("circle")
    d.play.emit()
    qtbot.waitUntil(lambda: snaps[-1].steps > 100, timeout=10000)
    old = snaps[-1].spec
    # add a neuron to the first hidden layer
    new = old.with_layer(0, units=old.layers[0].units + 1)
    d.apply_spec.emit(new, None)
    qtbot.waitUntil(lambda: snaps[-1].spec == new and snaps[-1].running, timeout=5000)
    d.pause.emit()
    qtbot.waitUntil(lambda: not snaps[-1].running, timeout=5000)
    s = snaps[-1]
    assert s.weights[0].shape == (2, 5)
    assert s.epoch >= 1 or s.steps > 100  # progress kept, not reset


def test_invalid_config_is_refused_and_training_continues(running, qtbot):
    worker, d, snaps, errors = running("circle")
    bad = engine.presets.load("circle").training.replace(loss="cce")  # needs softmax output
    with qtbot.waitSignal(worker.error, timeout=5000):
        d.apply_config.emit(bad)
    assert "softmax" in errors[-1]
    d.step.emit()
    qtbot.waitUntil(lambda: snaps[-1].steps == 1, timeout=5000)
    assert snaps[-1].spec.output.activation == "sigmoid"


def test_learning_rate_applies_live(running, qtbot):
    worker, d, snaps, _ = running("circle")
    cfg = engine.presets.load("circle").training.replace(lr=0.5)
    with qtbot.waitSignal(worker.snapshot, timeout=5000):
        d.apply_config.emit(cfg)
    assert snaps[-1].lr == 0.5


def test_divergence_pauses_and_says_so(running, qtbot):
    worker, d, snaps, _ = running("lr-too-large")
    cfg = engine.presets.load("lr-too-large").training.replace(lr=50.0, epochs=100000)
    with qtbot.waitSignal(worker.snapshot, timeout=5000):
        d.apply_config.emit(cfg)
    d.play.emit()
    qtbot.waitUntil(lambda: snaps[-1].done, timeout=20000)
    s = snaps[-1]
    assert not s.running
    assert s.stop_reason.startswith("diverged")
    assert all(np.isfinite(w).all() for w in s.weights)


def test_dropout_masks_are_published_while_training(running, qtbot):
    worker, d, snaps, _ = running("dropout", speed=1)
    d.play.emit()
    qtbot.waitUntil(lambda: snaps[-1].steps >= 3, timeout=10000)
    d.pause.emit()
    masks = [s.dropout for s in snaps if s.steps > 0]
    assert masks and masks[-1][0] is not None
    assert masks[-1][0].shape == (32,) and masks[-1][0].dtype == bool
    assert not masks[-1][0].all()  # with p = 0.5 of 32 neurons, almost surely some dropped


def test_speed_one_step_per_frame(running, qtbot):
    worker, d, snaps, _ = running("circle", speed=1)
    d.play.emit()
    qtbot.waitUntil(lambda: snaps[-1].steps >= 5, timeout=10000)
    d.pause.emit()
    qtbot.waitUntil(lambda: not snaps[-1].running, timeout=5000)
    steps = [s.steps for s in snaps if s.running]
    # every frame shows exactly one more step
    assert all(b - a == 1 for a, b in zip(steps, steps[1:]))


def test_long_histories_are_thinned_for_drawing():
    worker = TrainingWorker(engine.presets.load("mlp-xor"))
    worker._build(engine.presets.load("mlp-xor"), keep=None)
    tr = worker._trainer
    n = 10_007
    tr.history = {k: [float(i) for i in range(n)] for k in tr.history}
    tr.epoch = n
    h = worker._history(tr)
    assert len(h["loss"]) <= 2001 and len(h["epoch"]) == len(h["loss"])
    assert h["epoch"][0] == 1 and h["epoch"][-1] == n  # first and latest epochs kept
    assert all(h["loss"][i] == h["epoch"][i] - 1 for i in range(len(h["epoch"])))
    tr.history = {k: [1.0] * 10 for k in tr.history}
    tr.epoch = 10
    assert "epoch" not in worker._history(tr) and len(worker._history(tr)["loss"]) == 10


@pytest.mark.parametrize("epochs", [25, 26, 30])
def test_a_long_history_is_thinned_evenly_and_keeps_the_latest_epoch(monkeypatch, epochs):
    import playground.worker as worker_module

    monkeypatch.setattr(worker_module, "CURVE_POINTS", 10)
    worker = TrainingWorker(engine.presets.load("mlp-xor"))
    worker._build(worker._project, keep=None)
    tr = worker._trainer
    for _ in range(epochs):
        tr.run_epoch()
    hist = worker._history(tr)
    stride = -(-epochs // 10)
    kept = list(range(0, epochs, stride))
    if kept[-1] != epochs - 1:
        kept.append(epochs - 1)
    assert hist["epoch"] == tuple(i + 1 for i in kept)
    for key, values in tr.history.items():
        assert hist[key] == tuple(values[i] for i in kept), key
    assert len(hist["loss"]) <= 11

