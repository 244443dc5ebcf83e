"""The link to the training worker: its thread, its commands and its results, in one object.

:class:`WorkerLink` starts a :class:`~playground.worker.TrainingWorker` in its own
QThread and owns the signals both ways, so the window and the tests drive a
worker the same way::

    link = WorkerLink(document.change())
    link.snapshot.connect(draw)          # results, in the link's (GUI) thread
    link.start()
    link.apply.emit(change)              # the document changed
    link.play.emit(); link.pause.emit()
    link.shutdown()                      # the thread ends within a second

Commands are queued: the worker takes them in the order they were sent.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, QThread, Signal

from engine import fastpath

from .document import Change
from .pacing import FrameGate
from .worker import TrainingWorker, WeightsRequest

QUEUED = Qt.ConnectionType.QueuedConnection


class WorkerLink(QObject):
    # commands (to the worker's thread)
    apply = Signal(object)  # Change
    play = Signal()
    pause = Signal()
    step = Signal()
    step_epoch = Signal()
    reset = Signal()
    set_speed = Signal(int)  # steps per frame; 0 = as fast as it goes
    show_hidden = Signal(object)  # two neurons of the last hidden layer, or None
    show_landscape = Signal(object)  # views.LandscapeAsk, or None
    show_gradients = Signal(bool)  # the canvas's gradient overlay
    set_weight = Signal(int, int, int, float)  # layer, row, col, value
    report_weights = Signal(object)  # WeightsRequest
    use_compiled = Signal(bool)  # the kernels are loaded (sent from the loading thread)
    stop = Signal()
    # results (delivered in the link's thread)
    snapshot = Signal(object)  # Snapshot
    error = Signal(str)

    COMMANDS = ("apply", "play", "pause", "step", "step_epoch", "reset", "set_speed",
                "show_hidden", "show_landscape", "show_gradients", "set_weight", "report_weights",
                "use_compiled", "stop")

    def __init__(self, change: Change, parent: QObject | None = None,
                 gate: FrameGate | None = None, jit: bool = True):
        super().__init__(parent)
        self.jit = jit  # load the compiled kernels once the first frame is out
        self.gate = gate or FrameGate()
        self.thread = QThread(self)
        self.thread.setObjectName("training-worker")
        self.worker = TrainingWorker(change, self.gate)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.start)
        self.worker.finished.connect(self.thread.quit, Qt.ConnectionType.DirectConnection)
        self.worker.snapshot.connect(self.snapshot)
        self.worker.error.connect(self.error)
        for name in self.COMMANDS:
            getattr(self, name).connect(getattr(self.worker, name), QUEUED)
        self.snapshot.connect(self._on_first_snapshot)
        self._loader: threading.Thread | None = None

    def start(self) -> None:
        self.thread.start()

    def _on_first_snapshot(self, _snap) -> None:
        """The first frame is out: load the kernels in the background (a cold compile
        takes seconds, a cached load under one), then the worker switches to them."""
        self.snapshot.disconnect(self._on_first_snapshot)
        if self.jit and fastpath.enabled():
            self._loader = threading.Thread(target=self._load, name="kernel-loader",
                                            daemon=True)
            self._loader.start()

    def _load(self) -> None:
        if fastpath.load():
            try:
                self.use_compiled.emit(True)
            except RuntimeError:  # the window closed while the kernels loaded
                pass

    def is_running(self) -> bool:
        return self.thread.isRunning()

    def weights_now(self, timeout_s: float = 2.0) -> WeightsRequest | None:
        """The worker's weights once it has taken every command sent so far (it answers
        between two training slices, within ~20 ms), or None if it does not answer in
        ``timeout_s``.  A plain wait: no event loop runs meanwhile."""
        if not self.thread.isRunning():
            return None
        request = WeightsRequest()
        self.report_weights.emit(request)
        return request if request.done.wait(timeout_s) else None

    def shutdown(self, timeout_ms: int = 1000) -> bool:
        """Stop the worker and its thread; True once the thread has ended."""
        if self.thread.isRunning():
            self.stop.emit()  # the worker stops its loop, then quits its thread
            if not self.thread.wait(timeout_ms):
                self.thread.quit()
                return self.thread.wait(timeout_ms)
        return True
