"""The training worker: a QObject living in a QThread that owns the engine.

Commands arrive as queued slot calls (play, pause, step, step_epoch, reset,
apply_spec, apply_config, apply_data, set_speed, set_weight, load); results
leave as immutable :class:`Snapshot` objects, at most ~60 per second.  The
worker trains in short time slices and re-schedules itself with a zero-time
timer, so its event loop stays free to take the next command.  It never
touches a widget.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

import engine
from engine.edit import transfer_weights
from ui.boundary_render import OutputFrame, render_output, value_levels

from .pacing import FramePacer

FRAME_S = 1 / 60  # one animation frame
SLICE_S = 0.02  # longest training at full speed before the worker reads its commands
CHUNK_S = 0.001  # training between two looks at the clock and at the window at full speed
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
CURVE_POINTS = 2000  # most points per curve a snapshot carries


@dataclass(frozen=True)
class Snapshot:
    """What the window draws: copies only, never the worker's own arrays."""

    generation: int  # bumps when the model is replaced (reset, edit, new data)
    spec: engine.NetworkSpec
    running: bool
    done: bool
    stop_reason: str | None
    stopped_early: bool
    best_epoch: int | None
    epoch: int
    steps: int
    step_in_epoch: int
    steps_per_epoch: int
    batch_mode: str
    lr: float
    train_loss: float | None
    val_loss: float | None
    train_accuracy: float | None
    val_accuracy: float | None
    test_loss: float | None
    test_accuracy: float | None
    split: engine.Split  # the data (immutable arrays)
    history: dict  # key -> tuple, one entry per completed epoch
    # inside an epoch: (epoch + fraction done, train loss, train accuracy) now, so the
    # curves move during a long SGD epoch; None at an epoch's end
    progress: tuple[float, float, float | None] | None
    weights: tuple  # (W1, b1, W2, b2, ...)
    grid: engine.GridOutput
    boundary: OutputFrame  # the output map coloured for the data view (done here, not in the GUI)
    dropout: tuple  # per hidden layer: (units,) bool kept-mask of the first example, or None
    steps_per_s: float
    at: float = 0.0  # time.perf_counter() when it was taken (for --stats)


class TrainingWorker(QObject):
    snapshot = Signal(object)
    error = Signal(str)  # a command that could not be applied (the old state is kept)
    finished = Signal()

    def __init__(self, project: engine.Project):
        super().__init__()
        self._project = project
        self._running = False
        self._speed = 0  # steps per frame; 0 = as fast as it goes
        self._generation = 0
        self._trainer: engine.Trainer | None = None
        self._split = None
        self._grid: engine.GridEvaluator | None = None
        self._hist_cache: tuple[int, dict] = (-1, {})
        self._hist_at = 0.0
        self._rate_steps = 0
        self._rate_t = time.perf_counter()
        self._steps_per_s = 0.0
        self._published_steps = 0  # tr.steps at the last snapshot
        self._chunk = 16
        self._napped = 0.0  # when the training thread last let the GIL go for a while
        self.pacer = FramePacer()  # at full speed: how often a frame goes out
        self._stopping = False
        self._timer: QTimer | None = None
        # Set by the window once it has drawn the last snapshot: at full speed the
        # worker publishes the next one only then (and keeps training meanwhile).
        self.frame_drawn = threading.Event()
        self.frame_drawn.set()
        # Cleared by the window while it runs a frame's Python and paints its plots
        # (not while the canvas repaints: that is C++ alone), set when done.  The
        # worker pauses between chunks meanwhile: the GUI thread then has the GIL to
        # itself (otherwise each of the many Python calls a pyqtgraph repaint makes
        # waits for the training thread to hand the GIL over).
        self.gui_idle = threading.Event()
        self.gui_idle.set()

    # ------------------------------------------------------------------ set-up
    @Slot()
    def start(self) -> None:
        """Runs in the worker thread once it starts: build the model, publish frame one."""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._tick)
        try:
            self._build(self._project, keep=None)
        except engine.PlaygroundError as e:
            self.error.emit(str(e))
            return
        self._publish()

    def _build(self, project: engine.Project, keep: engine.Trainer | None, layer_map=None,
               new_split: bool = True) -> None:
        """Make a trainer for ``project``; with ``keep``, carry its weights and progress."""
        split = project.data.build_split() if new_split or self._split is None else self._split
        trainer = engine.Trainer(project.network, split, project.training)
        if keep is not None:
            transfer_weights(keep.network, trainer.network, layer_map)
            trainer.adopt_progress(keep)
        elif project.weights is not None:
            trainer.network.set_weights(project.weights)
        self._trainer, self._split, self._project = trainer, split, project
        task = split.train.task
        self._levels = (-1.0, 1.0)
        if task == "regression":
            parts = (split.train, split.val, split.test)
            self._levels = value_levels(np.concatenate([np.asarray(d.y).ravel() for d in parts]))
        bounds = split.train.bounds
        if self._grid is None or not self._grid.matches(project.network.inputs, bounds, GRID_RES):
            # one thread: the GUI thread needs the other core
            self._grid = engine.GridEvaluator(project.network.inputs, bounds, GRID_RES, threads=1)
        self._generation += 1
        self._hist_cache = (-1, {})

    # ------------------------------------------------------------------ commands
    @Slot()
    def play(self) -> None:
        if self._trainer is None or self._trainer.done:
            self._publish()
            return
        self._running = True
        self._rate_steps, self._rate_t = 0, time.perf_counter()
        self.pacer.restart()
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
        self._apply(lambda: self._build(self._project.replace(weights=None), keep=None,
                                        new_split=False))

    @Slot(object)
    def load(self, project: engine.Project) -> None:
        """Replace everything with ``project`` (a lesson or a file)."""
        self._running = False
        self._apply(lambda: self._build(project, keep=None))

    @Slot(object, object)
    def apply_spec(self, spec: engine.NetworkSpec, layer_map) -> None:
        """A network edit: keep the weights of what did not change, keep running."""
        self._apply(lambda: self._build(self._project.replace(network=spec), keep=self._trainer,
                                        layer_map=layer_map, new_split=False))

    @Slot(object)
    def apply_config(self, config: engine.TrainConfig) -> None:
        """New training settings; a learning-rate change applies live."""
        tr = self._trainer
        if tr is not None and config == tr.config.replace(lr=config.lr):
            tr.set_lr(config.lr)
            self._project = self._project.replace(training=config)
            tr.config = config
            self._publish()
            return
        self._apply(lambda: self._build(self._project.replace(training=config), keep=tr,
                                        new_split=False))

    @Slot(object, object, object)
    def apply_data(self, data: engine.DataSettings, spec: engine.NetworkSpec,
                   config: engine.TrainConfig) -> None:
        """New data, with the network and training settings that fit its task (all three
        at once: a new task's output layer and loss only fit each other); weights kept
        where they fit."""
        self._apply(lambda: self._build(
            self._project.replace(data=data, network=spec, training=config), keep=self._trainer))

    @Slot(int)
    def set_speed(self, steps_per_frame: int) -> None:
        self._speed = max(0, int(steps_per_frame))

    @Slot(int, int, int, float)
    def set_weight(self, layer: int, row: int, col: int, value: float) -> None:
        tr = self._trainer
        if tr is None or not math.isfinite(value):
            return
        W = tr.network.W[layer]
        W[row, col] = value
        self._publish()

    @Slot()
    def stop(self) -> None:
        """Stop for good (the window is closing)."""
        self._running = False
        self._stopping = True
        if self._timer is not None:
            self._timer.stop()
            self._timer.setParent(None)
            self._timer = None  # deleted here, in its own thread
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
            raise

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
        if not self.frame_drawn.wait(DRAW_WAIT_S):
            self._schedule(1)  # not drawn yet: look at the command queue, then again
            return
        self.gui_idle.wait(GUI_WAIT_S)  # and let the window finish painting it
        t0 = time.perf_counter()
        tr.run_steps(self._speed)
        if tr.done:
            self._running = False
        self.frame_drawn.clear()
        self._publish()
        if self._running:
            wait = FRAME_S - (time.perf_counter() - t0)
            self._schedule(max(0, int(wait * 1000)))

    def _train_flat_out(self, tr: engine.Trainer) -> None:
        """Train for up to SLICE_S in chunks of about CHUNK_S, never waiting for the
        window: a snapshot goes out when the pacer says a frame is due and the window
        has taken the last one (it paints in C++ while this thread trains on).
        Between chunks, the thread pauses while the window runs a frame's Python
        (``gui_idle``) and naps now and then (NAP_EVERY_S) for its other events."""
        t0 = time.perf_counter()
        while True:
            if not self.gui_idle.is_set():
                self.gui_idle.wait(GUI_WAIT_S)  # without the GIL: the window had its turn
                self._napped = time.perf_counter()
            n = self._chunk
            t = time.perf_counter()
            ran = tr.run_steps(n)
            now = time.perf_counter()
            if ran == n:  # a full chunk: aim the next one at CHUNK_S
                self._chunk = max(1, min(MAX_CHUNK, int(n * CHUNK_S / max(now - t, 1e-6))))
                self.pacer.chunk(ran, now - t)
            if now - self._napped >= NAP_EVERY_S:
                time.sleep(YIELD_S)
                now = self._napped = time.perf_counter()
            if tr.done or ran < n:
                break
            if self.pacer.due(now) and self.frame_drawn.is_set():
                self.frame_drawn.clear()
                self._publish()
                self.pacer.published(now, tr.steps)
            if now - t0 >= SLICE_S:
                break
        if tr.done:
            self._running = False
            self._publish()
        if self._running:
            self._schedule(0)

    def _history(self, tr: engine.Trainer) -> dict:
        """The history for the curves: every epoch, or evenly thinned past CURVE_POINTS
        (with an "epoch" entry saying which), so a frame costs the same at epoch 10
        and at epoch 100,000."""
        epoch, hist = self._hist_cache
        now = time.perf_counter()
        fresh = self._running and not tr.done and now - self._hist_at < HISTORY_PERIOD_S
        if (epoch != tr.epoch and not fresh) or not hist:
            self._hist_at = now
            n = tr.epoch
            stride = max(1, -(-n // CURVE_POINTS))
            if stride == 1:
                hist = {k: tuple(v) for k, v in tr.history.items()}
            else:
                # slices, not a loop over the points: half the time (0.27 ms at 60,000)
                last = [] if (n - 1) % stride == 0 else [n - 1]  # always the latest epoch
                hist = {k: tuple(v[:n:stride]) + tuple(v[i] for i in last)
                        for k, v in tr.history.items()}
                hist["epoch"] = tuple(range(1, n + 1, stride)) + tuple(i + 1 for i in last)
            self._hist_cache = (tr.epoch, hist)
        return hist

    def _progress(self, tr: engine.Trainer) -> tuple[float, float, float | None] | None:
        """Where training is inside the current epoch, for the curves (a forward pass
        over the training points without dropout, as at an epoch's end)."""
        if tr.done or tr.step_in_epoch == 0:
            return None
        if self._running and tr.steps - self._published_steps >= tr.steps_per_epoch:
            return None  # an epoch or more a frame: the curves move by whole epochs
        loss, acc = tr.evaluate("train")
        if not math.isfinite(loss):
            return None
        return tr.epoch + tr.step_in_epoch / tr.steps_per_epoch, loss, acc

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
        h = tr.history
        masks = tr.network.dropout_masks()
        grid = self._grid.evaluate(tr.network)
        split = self._split
        dropout = tuple(None if m is None else m[0].copy() for m in masks)
        snap = Snapshot(
            generation=self._generation,
            spec=tr.spec,
            running=self._running,
            done=tr.done,
            stop_reason=tr.stop_reason,
            stopped_early=tr.stopped_early,
            best_epoch=tr.best_epoch,
            epoch=tr.epoch,
            steps=tr.steps,
            step_in_epoch=tr.step_in_epoch,
            steps_per_epoch=tr.steps_per_epoch,
            batch_mode=tr.batch_mode,
            lr=tr.lr,
            train_loss=h["loss"][-1] if h["loss"] else tr.initial_loss,
            val_loss=h["val_loss"][-1] if h["val_loss"] else None,
            train_accuracy=h["accuracy"][-1] if h["accuracy"] else None,
            val_accuracy=h["val_accuracy"][-1] if h["val_accuracy"] else None,
            test_loss=tr.test_loss,
            test_accuracy=tr.test_accuracy,
            split=self._split,
            history=self._history(tr),
            progress=self._progress(tr),
            weights=tuple(tr.network.get_weights()),
            grid=grid,
            boundary=render_output(grid.output, split.train.task, split.train.bounds, self._levels),
            dropout=dropout if self._running or tr.steps else tuple(None for _ in masks),
            steps_per_s=self._steps_per_s,
            at=now,
        )
        self._published_steps = tr.steps
        self.snapshot.emit(snap)

