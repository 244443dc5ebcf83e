"""The training worker: a QObject living in a QThread that owns the engine.

Commands arrive as queued slot calls: ``apply(change)`` (the document as it is
now: see :class:`playground.document.Change`), and play, pause, step,
step_epoch, reset, set_speed, set_weight, report_weights, stop.  Results leave
as immutable :class:`~playground.snapshot.Snapshot` objects, at most ~60 per
second.  The worker trains in short time slices and re-schedules itself with a
zero-time timer, so its event loop stays free to take the next command.  It
never touches a widget.
"""

from __future__ import annotations

import math
import threading
import time
import traceback
from dataclasses import dataclass, field, replace

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

import engine
from engine.edit import transfer_weights
from ui.common.mapcolors import value_levels

from . import snapshot
from .document import Change
from .framebuilder import FrameBuilder
from .pacing import FrameGate
from .views import LandscapeAsk, Views

FRAME_S = 1 / 60  # one animation frame
SLICE_S = 0.02  # longest training at full speed before the worker reads its commands
CHUNK_S = 0.001  # training between two looks at the clock and at the window at full speed
# on the compiled path the window needs no pauses: chunks only bound the time until the
# worker looks at the clock (and its commands) again
COMPILED_CHUNK_S = 0.004
# Every NAP_EVERY_S the training thread sleeps YIELD_S without the GIL.  NumPy lets
# the GIL go inside every np.dot and takes it straight back; a thread waiting for it
# (the GUI) then never gets CPython's forced hand-over and can starve for tens of
# ms.  A real nap lets it in: GUI latency p99 18 -> 4 ms (mlp-xor).  A nap costs far
# more than it asks on a virtual machine (~0.1 ms asleep, then cold caches): after
# every 2 ms it took 10-14% of training, every 5 ms 3-6% (measured round-robin).
YIELD_S = 0.00003
NAP_EVERY_S = 0.005
MAX_CHUNK = 4096  # most steps in one chunk
DRAW_WAIT_S = 0.05  # longest wait (one step per frame) for the window to take a frame
GUI_WAIT_S = 0.03  # longest pause at full speed while the window draws
HISTORY_PERIOD_S = 0.1  # the curves' history is rebuilt at most this often while running
GRID_RES = 64
FAST_FRAME_S = 1 / 62  # on the compiled path, frames at full speed up to ~60 a second
FAST_SHARE = 0.85  # while training keeps at least this share of its undisturbed speed


@dataclass
class WeightsRequest:
    """A question to the worker from another thread: its weights once every command
    sent before the question has been applied (see :meth:`TrainingWorker.report_weights`)."""

    done: threading.Event = field(default_factory=threading.Event)
    revision: int = -1
    spec: engine.NetworkSpec | None = None
    weights: tuple | None = None


def _what_changed(old: engine.Project, new: engine.Project) -> str:
    """'nothing', 'lr' (a live change), 'training' or 'model' (network or data)."""
    if (new.network, new.data) != (old.network, old.data):
        return "model"
    if new.training == old.training:
        return "nothing"
    if new.training == old.training.replace(lr=new.training.lr):
        return "lr"
    return "training"


class TrainingWorker(QObject):
    snapshot = Signal(object)
    error = Signal(str)  # a command that could not be applied (the old state is kept)
    finished = Signal()

    def __init__(self, change: Change, gate: FrameGate | None = None):
        super().__init__()
        self._compiled = False  # train on the compiled kernels (once they are loaded)
        self._change = change
        self._project = change.project
        self._revision = change.revision
        self.gate = gate or FrameGate()
        self._running = False
        self._speed = 0  # steps per frame; 0 = as fast as it goes
        self._views = Views()  # what the views open beside the network need in a frame
        self._generation = 0
        self._trainer: engine.Trainer | None = None
        self._grid: engine.GridEvaluator | None = None
        self._levels = (-1.0, 1.0)
        self._hist_cache: tuple[int, dict] = (-1, {})
        self._hist_at = 0.0
        self._rate_steps = 0
        self._rate_t = time.perf_counter()
        self._steps_per_s = 0.0
        self._published_steps = 0  # tr.steps at the last snapshot
        self._chunk = 16
        self._napped = 0.0  # when the training thread last let the GIL go for a while
        self._stopping = False
        self._timer: QTimer | None = None
        self._builder: FrameBuilder | None = None  # made in the worker's thread

    # ------------------------------------------------------------------ set-up
    @Slot()
    def start(self) -> None:
        """Runs in the worker thread once it starts: build the model, publish frame one."""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._tick)
        self._builder = FrameBuilder(self.snapshot.emit)
        try:
            self._build(self._change.project, self._change.split, keep=None)
        except engine.PlaygroundError as e:
            self.error.emit(str(e))
            return
        self._publish()

    def _build(self, project: engine.Project, split: engine.Split,
               keep: engine.Trainer | None, layer_map=None, progress: bool = True,
               weights: tuple | None = None) -> None:
        """Make a trainer for ``project``; with ``keep``, carry its weights (by the layer
        map) and, if ``progress``, its epochs and history (else a new run begins from
        those weights); without, start from the project's weights or fresh."""
        trainer = engine.Trainer(project.network, split, project.training)
        trainer.use_compiled(self._compiled)
        if keep is not None:
            transfer_weights(keep.network, trainer.network, layer_map)
            if project.network.fits(weights):
                trainer.network.set_weights(weights)  # an undo: the weights as they were
            if progress:
                trainer.adopt_progress(keep)
        elif project.weights is not None:
            trainer.network.set_weights(project.weights)
        self._trainer, self._project = trainer, project
        if split.train.task == "regression":
            y = np.concatenate([np.asarray(d.y).ravel() for d in split])
            self._levels = value_levels(y)
        else:
            self._levels = (-1.0, 1.0)
        bounds = split.train.bounds
        if self._grid is None or not self._grid.matches(project.network.inputs, bounds, GRID_RES):
            # one thread: the GUI thread needs the other core
            self._grid = engine.GridEvaluator(project.network.inputs, bounds, GRID_RES, threads=1)
        self._generation += 1
        self._hist_cache = (-1, {})

    # ------------------------------------------------------------------ commands
    @Slot(object)
    def apply(self, change: Change) -> None:
        """Follow the document: work out what changed and keep what did not.

        A learning-rate change applies live.  A network edit or new data starts a
        new run from the weights of the unchanged parts (by ``change.layer_map``):
        the old run's epochs belong to another model.  Other training settings
        rebuild the trainer and go on with the run, unless it is over (then a new
        run begins) -- except a raised epoch limit, which lets a run that reached
        the old one go on.  No layer map (a lesson or a file opened): afresh."""
        self._revision = change.revision
        new, tr = change.project, self._trainer
        if change.layer_map is None or tr is None:
            self._running = False
            self._apply(lambda: self._build(new, change.split, keep=None))
            return
        what = _what_changed(self._project, new)
        if what == "lr":
            tr.set_lr(new.training.lr)
            tr.config = new.training
            self._project = new
        elif what == "nothing":
            self._project = new
        else:
            raised = tr.epoch >= tr.config.epochs and new.training.epochs > tr.epoch
            go_on = what == "training" and (not tr.done or raised)
            self._apply(lambda: self._build(new, change.split, keep=tr,
                                            layer_map=change.layer_map, progress=go_on,
                                            # an undone network or data edit: the weights
                                            # as they were (a settings edit keeps the run's)
                                            weights=change.weights if what == "model"
                                            else None))
            return
        self._publish()

    @Slot()
    def play(self) -> None:
        if self._trainer is None or self._trainer.done:
            self._publish()
            return
        self._running = True
        self._rate_steps, self._rate_t = 0, time.perf_counter()
        self.gate.pacer.restart()
        self._schedule(0)

    @Slot()
    def pause(self) -> None:
        self._running = False
        self._publish()

    @Slot()
    def step(self) -> None:
        """One mini-batch, then pause."""
        self._running = False
        if self._trainer is not None:
            self._trainer.step()
        self._publish()

    @Slot()
    def step_epoch(self) -> None:
        self._running = False
        if self._trainer is not None:
            self._trainer.run_epoch()
        self._publish()

    @Slot()
    def reset(self) -> None:
        """Fresh weights (same seed), empty history; same network, data and settings."""
        self._running = False
        tr = self._trainer
        split = tr.split if tr is not None else self._change.split
        self._apply(lambda: self._build(self._project.replace(weights=None), split, keep=None))

    @Slot(bool)
    def use_compiled(self, on: bool) -> None:
        """The kernels are loaded (or not): train on them from the next step on."""
        self._compiled = bool(on)
        if self._trainer is not None:
            self._compiled = self._trainer.use_compiled(on)
        if self._compiled:
            # frames cost training little now (it does not hold the GIL): more of them,
            # and training keeps more of its speed
            self.gate.pacer.configure(FAST_FRAME_S, FAST_SHARE)
        if not self._running:  # (running, the next frame says so anyway)
            self._publish()

    @Slot(int)
    def set_speed(self, steps_per_frame: int) -> None:
        self._speed = max(0, int(steps_per_frame))

    @Slot(object)
    def show_hidden(self, units: tuple[int, int] | None) -> None:
        """Frames carry the hidden space of these two neurons (None: the view is shut)."""
        hidden = None if units is None else (int(units[0]), int(units[1]))
        self._views = replace(self._views, hidden=hidden)
        if not self._running:
            self._publish()

    @Slot(bool)
    def show_gradients(self, on: bool) -> None:
        """Frames carry ∂L/∂W over the training points (the canvas's overlay)."""
        self._views = replace(self._views, gradients=bool(on))
        if not self._running:
            self._publish()

    @Slot(object)
    def show_landscape(self, ask: LandscapeAsk | None) -> None:
        """Frames carry the loss landscape cut by ``ask`` (None: the view is shut)."""
        self._views = replace(self._views, landscape=ask)
        if not self._running:
            self._publish()

    @Slot(int, int, int, float)
    def set_weight(self, layer: int, row: int, col: int, value: float) -> None:
        tr = self._trainer
        if tr is None or not math.isfinite(value):
            return
        W = tr.network.W
        if 0 <= layer < len(W) and 0 <= row < W[layer].shape[0] and 0 <= col < W[layer].shape[1]:
            W[layer][row, col] = value
        self._publish()

    @Slot(object)
    def report_weights(self, request: WeightsRequest) -> None:
        """Answer ``request`` (asked from another thread, which waits on ``request.done``)."""
        tr = self._trainer
        if tr is not None:
            request.revision, request.spec = self._revision, tr.spec
            request.weights = tuple(tr.network.get_weights())
        request.done.set()

    @Slot()
    def stop(self) -> None:
        """Stop for good (the window is closing)."""
        self._running = False
        self._stopping = True
        if self._timer is not None:
            self._timer.stop()
            self._timer.setParent(None)
            self._timer = None  # deleted here, in its own thread
        if self._builder is not None:
            self._builder.stop()
        app = QCoreApplication.instance()
        if app is not None:  # hand the worker back, so the GUI thread may delete it
            self.moveToThread(app.thread())
        self.finished.emit()

    def _apply(self, change) -> None:
        was_running = self._running
        self._running = False
        try:
            change()
        except engine.PlaygroundError as e:
            self.error.emit(str(e))
        self._publish()
        if was_running and self._trainer is not None and not self._trainer.done:
            self.play()

    # ------------------------------------------------------------------ training loop
    def _schedule(self, ms: int) -> None:
        if self._timer is not None and not self._stopping:
            self._timer.start(ms)

    @Slot()
    def _tick(self) -> None:
        try:
            self._train_slice()
        except Exception as e:  # a bug must not freeze the window: pause and say so
            self._running = False
            self.error.emit(f"training stopped by an internal error: {type(e).__name__}: {e}")
            traceback.print_exc()  # the details, for a bug report

    def _train_slice(self) -> None:
        tr = self._trainer
        if not self._running or tr is None or self._stopping:
            return
        if self._speed:
            self._train_frame(tr)
        else:
            self._train_flat_out(tr)

    def _train_frame(self, tr: engine.Trainer) -> None:
        """``speed`` steps, one snapshot: every update is seen, so wait for the window
        to take the last frame first (it draws at most ~60 a second)."""
        gate = self.gate
        if not gate.wait_taken(DRAW_WAIT_S):
            self._schedule(1)  # not drawn yet: look at the command queue, then again
            return
        gate.wait_window(GUI_WAIT_S)  # and let the window finish painting it
        t0 = time.perf_counter()
        tr.run_steps(self._speed)
        if tr.done:
            self._running = False
        gate.publishing()
        self._publish()
        if self._running:
            wait = FRAME_S - (time.perf_counter() - t0)
            self._schedule(max(0, int(wait * 1000)))

    def _train_flat_out(self, tr: engine.Trainer) -> None:
        """Train for up to SLICE_S in chunks of about CHUNK_S, never waiting for the
        window: a snapshot goes out when the pacer says a frame is due and the window
        has taken the last one (it paints in C++ while this thread trains on).
        Between chunks, the thread pauses while the window runs a frame's Python
        and naps now and then (NAP_EVERY_S) for its other events."""
        gate, pacer = self.gate, self.gate.pacer
        compiled = tr.compiled  # the kernels let the GIL go: no pauses, no naps needed
        t0 = time.perf_counter()
        while True:
            if not compiled and not gate.window_idle():
                gate.wait_window(GUI_WAIT_S)  # without the GIL: the window had its turn
                self._napped = time.perf_counter()
            n = self._chunk
            t = time.perf_counter()
            ran = tr.run_steps(n)
            now = time.perf_counter()
            if ran == n:  # a full chunk: aim the next one at CHUNK_S
                aim = COMPILED_CHUNK_S if compiled else CHUNK_S
                self._chunk = max(1, min(MAX_CHUNK * 8, int(n * aim / max(now - t, 1e-6))))
                pacer.chunk(ran, now - t)
            if not compiled and now - self._napped >= NAP_EVERY_S:
                time.sleep(YIELD_S)
                now = self._napped = time.perf_counter()
            if tr.done or ran < n:
                break
            if pacer.due(now) and gate.is_taken():
                gate.publishing()
                self._publish()
                pacer.published(now, tr.steps)
            if now - t0 >= SLICE_S:
                break
        if tr.done:
            self._running = False
            self._publish()
        if self._running:
            self._schedule(0)

    def _history(self, tr: engine.Trainer) -> dict:
        """The thinned history, rebuilt at most every HISTORY_PERIOD_S while running."""
        epoch, hist = self._hist_cache
        now = time.perf_counter()
        fresh = self._running and not tr.done and now - self._hist_at < HISTORY_PERIOD_S
        if (epoch != tr.epoch and not fresh) or not hist:
            self._hist_at = now
            hist = snapshot.thin_history(tr.history)
            self._hist_cache = (tr.epoch, hist)
        return hist

    def _publish(self) -> None:
        tr = self._trainer
        if tr is None or self._stopping:
            return
        now = time.perf_counter()
        if now - self._rate_t >= 0.5:
            self._steps_per_s = (tr.steps - self._rate_steps) / (now - self._rate_t)
            self._rate_steps, self._rate_t = tr.steps, now
        if not self._running:
            self._steps_per_s = 0.0
        # an epoch or more a frame: the curves move by whole epochs
        whole = self._running and tr.steps - self._published_steps >= tr.steps_per_epoch
        snap = snapshot.take(
            tr, generation=self._generation, revision=self._revision, running=self._running,
            history=self._history(tr), progress_now=snapshot.progress(tr, whole),
            steps_per_s=self._steps_per_s, at=now, path="jit" if tr.compiled else "reference")
        self._published_steps = tr.steps
        # the maps are computed and coloured off this thread; the frame follows in order
        self._builder.submit(snap, tr.network.params.copy(), self._grid, self._levels,
                             self._views)
