"""The training worker in its own QThread: commands in, snapshots out."""

import numpy as np
import pytest

import engine
from playground.document import Change, identity_map
from playground.link import WorkerLink
from playground.snapshot import Snapshot, thin_history


def change_of(project, layer_map=None, revision=0):
    """The document's change for ``project`` (a fresh start unless a layer map is given)."""
    return Change(project, layer_map, project.data.build_split(), revision)


def edited(project, **changes):
    """The change of an edit that keeps the network's layers where they are."""
    return change_of(project.replace(**changes), identity_map(project.network), revision=1)


@pytest.fixture
def running(qtbot):
    """A worker in a started thread (through the window's own link), first snapshot in."""

    def make(preset="mlp-xor", speed=0, ack=True, jit=False):
        project = engine.presets.load(preset)
        link = WorkerLink(change_of(project), jit=jit)
        snaps = []

        def take(snap):  # as the window does: keep it, say it was drawn
            snaps.append(snap)
            if ack:
                link.gate.frame_taken()

        link.snapshot.connect(take)
        errors = []
        link.error.connect(errors.append)
        link.set_speed.emit(speed)
        with qtbot.waitSignal(link.snapshot, timeout=5000):
            link.start()
        made.append(link)
        return link, snaps, errors

    made = []
    yield make
    for link in made:
        assert link.shutdown(2000), "worker thread did not stop within 2 s"


def test_first_snapshot_is_untrained_and_complete(running):
    link, snaps, _ = running()
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
    link, snaps, _ = running("circle")
    with qtbot.waitSignal(link.snapshot, timeout=5000):
        link.step.emit()
    assert snaps[-1].steps == 1
    with qtbot.waitSignal(link.snapshot, timeout=5000):
        link.step.emit()
    assert snaps[-1].steps == 2 and snaps[-1].step_in_epoch == 2


def test_step_epoch_completes_one_epoch(running, qtbot):
    link, snaps, _ = running("circle")
    with qtbot.waitSignal(link.snapshot, timeout=5000):
        link.step_epoch.emit()
    s = snaps[-1]
    assert s.epoch == 1 and s.steps == s.steps_per_epoch == 30
    assert len(s.history["loss"]) == 1


def test_play_trains_and_publishes_at_most_about_60_per_second(running, qtbot):
    link, snaps, _ = running("spiral")
    n0 = len(snaps)
    link.play.emit()
    qtbot.waitUntil(lambda: len(snaps) > n0 + 10 and snaps[-1].steps > 500, timeout=10000)
    link.pause.emit()
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
    link, snaps, _ = running("spiral", ack=False)
    link.gate.frame_taken()  # the first frame was taken
    link.play.emit()
    qtbot.waitUntil(lambda: len(snaps) >= 2, timeout=5000)
    with qtbot.assertNotEmitted(link.snapshot, wait=300):  # nothing until the window takes it
        pass
    running_snaps = [s for s in snaps if s.running]
    assert len(running_snaps) == 1
    link.pause.emit()
    qtbot.waitUntil(lambda: not snaps[-1].running and snaps[-1].steps > 0, timeout=5000)
    assert snaps[-1].steps > running_snaps[0].steps + 100


def test_full_speed_publishes_as_often_as_its_pacer_allows(running, qtbot):
    """The pacer sets the frame interval at full speed (here a fixed 0.25 s): frames
    come no faster, however quickly the window takes them."""
    from playground.pacing import FramePacer

    link, snaps, _ = running("spiral")
    project = engine.presets.load("spiral")
    link.apply.emit(edited(project, training=project.training.replace(epochs=100_000)))
    link.gate.pacer = FramePacer(fastest=0.25, slowest=0.25)
    link.play.emit()
    qtbot.waitUntil(lambda: sum(s.running for s in snaps) >= 4, timeout=5000)
    link.pause.emit()
    qtbot.waitUntil(lambda: not snaps[-1].running, timeout=5000)
    times = [s.at for s in snaps if s.running]
    # each frame a quarter second after the last (at 33 fps they would be 0.03 s apart)
    assert all(b - a >= 0.24 for a, b in zip(times, times[1:])), times
    assert snaps[-1].steps > 100  # and it trained flat out meanwhile


def test_one_step_per_frame_waits_for_each_frame_to_be_taken(running, qtbot):
    link, snaps, _ = running("circle", speed=1, ack=False)
    link.gate.frame_taken()
    link.play.emit()
    qtbot.waitUntil(lambda: len(snaps) >= 2, timeout=5000)
    with qtbot.assertNotEmitted(link.snapshot, wait=200):  # no second step before the
        pass  # first was drawn
    assert snaps[-1].steps == 1
    link.gate.frame_taken()
    qtbot.waitUntil(lambda: snaps[-1].steps == 2, timeout=5000)
    link.pause.emit()
    qtbot.waitUntil(lambda: not snaps[-1].running, timeout=5000)
    assert snaps[-1].steps == 2


def test_reset_restores_the_initial_weights(running, qtbot):
    link, snaps, _ = running("circle")
    w0 = [w.copy() for w in snaps[-1].weights]
    with qtbot.waitSignal(link.snapshot, timeout=5000):
        link.step_epoch.emit()
    assert not np.array_equal(snaps[-1].weights[0], w0[0])
    with qtbot.waitSignal(link.snapshot, timeout=5000):
        link.reset.emit()
    s = snaps[-1]
    assert s.steps == 0 and s.epoch == 0 and s.history["loss"] == ()
    for a, b in zip(s.weights, w0):
        np.testing.assert_array_equal(a, b)


def test_spec_edit_keeps_unchanged_weights_and_keeps_running(running, qtbot):
    link, snaps, _ = running("circle")
    link.play.emit()
    qtbot.waitUntil(lambda: snaps[-1].steps > 100, timeout=10000)
    old = snaps[-1].spec
    # add a neuron to the first hidden layer
    new = old.with_layer(0, units=old.layers[0].units + 1)
    project = engine.presets.load("circle")
    link.apply.emit(change_of(project.replace(network=new), identity_map(new), revision=1))
    qtbot.waitUntil(lambda: snaps[-1].spec == new and snaps[-1].running, timeout=5000)
    link.pause.emit()
    qtbot.waitUntil(lambda: not snaps[-1].running, timeout=5000)
    s = snaps[-1]
    assert s.weights[0].shape == (2, 5)
    assert s.epoch >= 1 or s.steps > 100  # progress kept, not reset


def test_invalid_config_is_refused_and_training_continues(running, qtbot):
    link, snaps, errors = running("circle")
    project = engine.presets.load("circle")
    bad = project.training.replace(loss="cce")  # needs softmax output
    with qtbot.waitSignal(link.error, timeout=5000):
        link.apply.emit(edited(project, training=bad))
    assert "softmax" in errors[-1]
    link.step.emit()
    qtbot.waitUntil(lambda: snaps[-1].steps == 1, timeout=5000)
    assert snaps[-1].spec.output.activation == "sigmoid"


def test_learning_rate_applies_live(running, qtbot):
    link, snaps, _ = running("circle")
    project = engine.presets.load("circle")
    link.step_epoch.emit()
    qtbot.waitUntil(lambda: snaps[-1].epoch == 1, timeout=5000)
    generation = snaps[-1].generation
    cfg = project.training.replace(lr=0.5)
    with qtbot.waitSignal(link.snapshot, timeout=5000):
        link.apply.emit(edited(project, training=cfg))
    # live: the same model, trained on, not rebuilt
    assert snaps[-1].lr == 0.5 and snaps[-1].revision == 1
    assert snaps[-1].generation == generation and snaps[-1].epoch == 1


def test_divergence_pauses_and_says_so(running, qtbot):
    link, snaps, _ = running("lr-too-large")
    project = engine.presets.load("lr-too-large")
    cfg = project.training.replace(lr=50.0, epochs=100000)
    with qtbot.waitSignal(link.snapshot, timeout=5000):
        link.apply.emit(edited(project, training=cfg))
    link.play.emit()
    qtbot.waitUntil(lambda: snaps[-1].done, timeout=20000)
    s = snaps[-1]
    assert not s.running
    assert s.stop_reason.startswith("diverged")
    assert all(np.isfinite(w).all() for w in s.weights)


def test_dropout_masks_are_published_while_training(running, qtbot):
    link, snaps, _ = running("dropout", speed=1)
    link.play.emit()
    qtbot.waitUntil(lambda: snaps[-1].steps >= 3, timeout=10000)
    link.pause.emit()
    masks = [s.dropout for s in snaps if s.steps > 0]
    assert masks and masks[-1][0] is not None
    assert masks[-1][0].shape == (32,) and masks[-1][0].dtype == bool
    assert not masks[-1][0].all()  # with p = 0.5 of 32 neurons, almost surely some dropped


def test_speed_one_step_per_frame(running, qtbot):
    link, snaps, _ = running("circle", speed=1)
    link.play.emit()
    qtbot.waitUntil(lambda: snaps[-1].steps >= 5, timeout=10000)
    link.pause.emit()
    qtbot.waitUntil(lambda: not snaps[-1].running, timeout=5000)
    steps = [s.steps for s in snaps if s.running]
    # every frame shows exactly one more step
    assert all(b - a == 1 for a, b in zip(steps, steps[1:]))


def test_long_histories_are_thinned_for_drawing():
    n = 10_007
    history = {k: [float(i) for i in range(n)] for k in ("loss", "val_loss")}
    h = thin_history(history)
    assert len(h["loss"]) <= 2001 and len(h["epoch"]) == len(h["loss"])
    assert h["epoch"][0] == 1 and h["epoch"][-1] == n  # first and latest epochs kept
    assert all(h["loss"][i] == h["epoch"][i] - 1 for i in range(len(h["epoch"])))
    short = thin_history({k: [1.0] * 10 for k in history})
    assert short["epoch"] == tuple(range(1, 11)) and len(short["loss"]) == 10


@pytest.mark.parametrize("epochs", [25, 26, 30])
def test_a_long_history_is_thinned_evenly_and_keeps_the_latest_epoch(epochs):
    tr = engine.Trainer(*(lambda p: (p.network, p.data.build_split(), p.training))(
        engine.presets.load("mlp-xor")))
    for _ in range(epochs):
        tr.run_epoch()
    hist = thin_history(tr.history, most=10)
    stride = -(-epochs // 10)
    kept = list(range(0, epochs, stride))
    if kept[-1] != epochs - 1:
        kept.append(epochs - 1)
    assert hist["epoch"] == tuple(i + 1 for i in kept)
    for key, values in tr.history.items():
        assert hist[key] == tuple(values[i] for i in kept), key
    assert len(hist["loss"]) <= 11


def test_undo_of_an_inserted_layer_puts_the_old_weights_back(running, qtbot):
    """Insert a hidden layer (the map says which layer is new), then undo with the
    inverse map: the first layer and the output's bias come back as they were."""
    from playground.document import inverse_map

    link, snaps, _ = running("circle")
    link.step_epoch.emit()
    qtbot.waitUntil(lambda: snaps[-1].epoch == 1, timeout=5000)
    before = snaps[-1].weights
    project = engine.presets.load("circle")
    spec = project.network
    inserted = engine.NetworkSpec(spec.inputs, (spec.layers[0], engine.LayerSpec(3, "tanh"),
                                                *spec.layers[1:]))
    forward = (0, None, 1, 2)
    link.apply.emit(change_of(project.replace(network=inserted), forward, revision=1))
    qtbot.waitUntil(lambda: snaps[-1].spec == inserted, timeout=5000)
    mid = snaps[-1].weights
    np.testing.assert_array_equal(mid[0], before[0])  # layer 1 kept across the insert
    link.apply.emit(change_of(project, inverse_map(forward, len(spec.layers)), revision=2))
    qtbot.waitUntil(lambda: snaps[-1].spec == spec and snaps[-1].revision == 2, timeout=5000)
    after = snaps[-1].weights
    for i in (0, 1, 5):  # layer 1 and the output's bias, as before the insert
        np.testing.assert_array_equal(after[i], before[i])
    # what fed from the inserted layer got fresh weights: layer 2's (not by position)
    assert after[2].shape == before[2].shape and not np.array_equal(after[2], before[2])


def test_the_worker_switches_to_the_compiled_kernels_once_they_are_loaded(running, qtbot):
    """The first frame comes from the NumPy path at once; the kernels load in the
    background, then the steps run on them and the snapshots say so."""
    link, snaps, _ = running("circle", jit=True)
    assert snaps[0].path == "reference"  # the first frame did not wait for numba
    qtbot.waitUntil(lambda: snaps[-1].path == "jit", timeout=120_000)
    link.step_epoch.emit()
    qtbot.waitUntil(lambda: snaps[-1].epoch == 1, timeout=5000)
    s = snaps[-1]
    assert s.path == "jit" and s.steps == s.steps_per_epoch
    # the same epoch as the reference path trains it
    p = engine.presets.load("circle")
    ref = engine.Trainer(p.network, s.split, p.training)
    ref.run_epoch()
    np.testing.assert_allclose(s.weights[0], ref.network.get_weights()[0], rtol=1e-9,
                               atol=1e-12)


def test_no_jit_keeps_the_numpy_path(running, qtbot):
    link, snaps, _ = running("circle", jit=False)
    link.step_epoch.emit()
    qtbot.waitUntil(lambda: snaps[-1].epoch == 1, timeout=5000)
    assert all(s.path == "reference" for s in snaps) and not link.jit
