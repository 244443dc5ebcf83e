"""How the window draws the snapshots: one view per pass, the first frame whole, late frames."""

import pytest
from PySide6 import QtCore

import engine
from playground.mainwindow import MainWindow

from .windows import latest


def test_a_frame_is_drawn_one_view_per_event_loop_pass(window, qtbot):
    """Input and timers wait for one view's paint at most, not a whole frame."""
    win = window("circle")
    win.presenter.hold(True)  # drive the frames by hand
    win.toolbar.step.trigger()
    qtbot.waitUntil(lambda: win.presenter.latest.steps == 1, timeout=5000)
    assert win.presenter.drawn.steps == 0
    snap = win.presenter.latest
    # a timer due when the frame starts runs before the next view, not after the frame
    seen = []
    other = QtCore.QTimer()
    other.setSingleShot(True)
    other.timeout.connect(lambda: seen.append(win.boundary.image.image is snap.boundary.rgba))
    other.start(0)
    win.presenter.draw_latest()
    # the canvas has the new weights; the data view follows in a later pass
    assert win.canvas.edge_bundle(0).W is snap.weights[0]
    assert win.presenter.busy() and win.presenter.drawn is not snap
    # the canvas is stock Qt items: it repaints in C++, training goes on meanwhile
    assert win.link.gate.window_idle()
    assert win.boundary.image.image is not snap.boundary.rgba
    # the plots paint inside their stages, while training waits (pyqtgraph calls
    # Python in a paint): not on Qt's update timer, after training was let go
    painted = []

    class Watch(QtCore.QObject):
        def eventFilter(self, obj, event):
            if event.type() == QtCore.QEvent.Type.Paint:
                painted.append((obj, win.link.gate.window_idle(), win.presenter.busy()))
            return False

    watch = Watch()
    views = {win.boundary.plot.viewport(): "data", win.curves.loss_plot.viewport(): "loss"}
    for view in views:
        view.installEventFilter(watch)
    with qtbot.waitSignal(win.frame_drawn, timeout=5000) as blocker:
        pass
    assert blocker.args[0] is snap and win.presenter.drawn is snap
    assert win.boundary.image.image is snap.boundary.rgba
    assert seen == [False]  # the timer came between the canvas and the data view
    assert sorted(views[obj] for obj, _, _ in painted) == ["data", "loss"]  # once each
    assert all(not idle and staging for _, idle, staging in painted)  # training waited
    assert win.link.gate.window_idle()  # and goes on as soon as the frame is drawn
    for view in views:
        view.removeEventFilter(watch)
    win.presenter.hold(False)


def test_the_first_frame_is_drawn_whole_in_one_pass(qtbot):
    """Nothing trains and no input waits before the first frame: its three views are
    drawn at once (one repaint of the window, not one per view); later frames are staged."""
    win = MainWindow(engine.presets.load("mlp-xor"), None, jit=False)
    win.confirm_close = False
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitUntil(lambda: win.presenter.frames >= 1, timeout=10000)
    assert win.presenter.deferred_stages == 0  # no view of the first frame waited
    assert win.boundary.image.image is win.presenter.drawn.boundary.rgba  # and all of it is drawn
    assert win.curves.loss_curve.drawn()[0].size == 0  # no epoch yet: the curves are empty
    win.toolbar.step_epoch.trigger()
    qtbot.waitUntil(lambda: win.presenter.frames >= 2, timeout=10000)
    assert win.presenter.deferred_stages == 2  # the next: data view, curves in later passes
    assert win.shutdown(2000), "worker thread did not stop"


def test_a_snapshot_from_before_an_undo_does_not_put_the_old_network_back(window, qtbot):
    """The worker may publish a frame of network B just before it hears of the undo to A:
    drawn late, it must not put B back on the canvas (the next click would edit B)."""
    win = window("mlp-xor")
    a = win.document.project.network
    win.canvas.unit_buttons(0)[0].on_click()  # A -> B: one more neuron in h1
    qtbot.waitUntil(lambda: win.presenter.drawn.spec == win.document.project.network != a,
                    timeout=5000)
    b = win.document.project.network
    win.presenter.hold(True)  # hold the frames back by hand
    win.toolbar.step.trigger()
    qtbot.waitUntil(lambda: win.presenter.latest.steps == 1 and win.presenter.latest.spec == b,
                    timeout=5000)
    win.undo()
    assert win.canvas.spec() == a
    win.presenter.draw_latest()  # the late frame of B
    qtbot.waitUntil(lambda: not win.presenter.busy(), timeout=5000)
    assert win.canvas.spec() == a  # the canvas keeps the session's network
    win.presenter.hold(False)
    qtbot.waitUntil(lambda: win.presenter.drawn.spec == a, timeout=5000)  # the worker's frame of A
    win.canvas.unit_buttons(0)[0].on_click()
    qtbot.waitUntil(lambda: win.document.project.network != a, timeout=5000)
    assert win.document.project.network.hidden[0].units == a.hidden[0].units + 1


def test_the_curves_move_inside_a_long_sgd_epoch(window, qtbot):
    """batch-vs-sgd: 300 steps an epoch; the training curve must not stay blank."""
    win = window("batch-vs-sgd")
    for n in (1, 2, 3):
        win.toolbar.step.trigger()
        qtbot.waitUntil(lambda n=n: latest(win).steps == n, timeout=5000)
    snap = latest(win)
    assert snap.epoch == 0 and snap.steps_per_epoch == 300
    x, y = win.curves.progress_points()
    assert x == pytest.approx([0, 3 / 300])
    assert y[0] == pytest.approx(snap.train_loss)  # from the initial loss ...
    assert y[1] == pytest.approx(snap.progress[1]) and y[1] != y[0]  # ... to now
    # and the status bar says the same (not the loss before the first step)
    qtbot.waitUntil(lambda: f"loss {snap.progress[1]:.4g}" in win.status.text(), timeout=3000)
    win.toolbar.step_epoch.trigger()  # to the epoch's end: the piece gives way to the curve
    qtbot.waitUntil(lambda: latest(win).epoch == 1, timeout=5000)
    assert latest(win).progress is None
    assert win.curves.progress_points()[0].size == 0
