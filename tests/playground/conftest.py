"""Fixtures for the app's tests: no test may leave a QThread running; real windows."""

import gc

import pytest
from PySide6.QtCore import QThread

import engine
from playground.mainwindow import MainWindow


def _running(thread: QThread) -> bool:
    try:
        return thread.isRunning()
    except RuntimeError:  # its C++ object is gone (a failed test's traceback kept the wrapper)
        return False


def _running_threads():
    return [o for o in gc.get_objects() if isinstance(o, QThread) and _running(o)]


@pytest.fixture(autouse=True)
def collector_as_in_the_app():
    """The app keeps what exists at start-up out of the collector's full passes
    (gc.freeze in playground.app): so do these tests, after thousands of others.
    Otherwise each full pass walks every object the session still holds, stalling
    the training and GUI threads for long enough to fail a test of their pace."""
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()


@pytest.fixture(autouse=True)
def no_running_threads(qapp):
    before = set(map(id, _running_threads()))
    yield
    leaked = [t for t in _running_threads() if id(t) not in before]
    for t in leaked:  # stop them so one leak does not spoil later tests
        t.quit()
        t.wait(2000)
    assert not leaked, f"test left {len(leaked)} QThread(s) running: {leaked}"


@pytest.fixture
def window(qtbot):
    made = []

    def make(preset="mlp-xor", path=None, jit=False, recovery=None):
        """A window on ``preset``; on the NumPy path unless ``jit`` (the compiled path
        loads in the background and adds a frame when it switches: the tests of the
        window's behaviour count frames, the tests of the switch ask for it); keeping
        recovery copies in ``recovery`` (a RecoveryStore) if given."""
        project = engine.presets.load(preset)
        win = MainWindow(project, path, jit=jit, recovery=recovery)
        win.confirm_close = False
        qtbot.addWidget(win)
        win.resize(1280, 800)
        win.show()
        qtbot.waitUntil(lambda: win.presenter.frames >= 1, timeout=10000)
        made.append(win)
        return win

    yield make
    for win in made:
        assert win.shutdown(2000), "worker thread did not stop"
        # a lesson's comparison runs train in a thread of their own: none may go on
        # into the next test (it would take the GIL from that test's threads)
        assert win.comparisons.wait(60), "comparison runs did not finish"
