"""The frame presenter: the worker's snapshots drawn on the window's views, frame by frame.

:class:`FramePresenter` keeps only the newest snapshot and draws it in three
stages, one view per pass of the event loop (canvas, data view, curves), so
input and timers wait for one view's paint at most, never for a whole frame.
While a stage runs Python, and while the pyqtgraph plots repaint, the training
thread pauses (:meth:`FrameGate.window_busy`).  It owns the frame state (what
was drawn last, the stage timers, the status bar's figures); the window gives
it the views and the document, and says what to do with banners.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

from ui.canvas.network_canvas import NetworkCanvas
from ui.controls.panel import ControlsPanel
from ui.curves.plot import CurvesPlot
from ui.dataview.plot import BoundaryPlot
from ui.i18n import tr, tr_reason

from .document import Document
from .pacing import FrameGate
from .snapshot import Snapshot
from .toolbar import TrainingToolbar

LINES_MAX_UNITS = 4  # draw first-layer neuron lines up to this many neurons (more: clutter)
CURVES_PERIOD_S = 0.1  # the curves redraw at most 10 times a second while training
STATUS_PERIOD_S = 0.1  # and the status bar's figures change at most as often (readable)


def _fmt(v, pct=False) -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "–"
    return f"{100 * v:.1f}%" if pct else f"{v:.4g}"


@dataclass
class Views:
    """The widgets a frame is drawn on."""

    canvas: NetworkCanvas
    boundary: BoundaryPlot
    curves: CurvesPlot
    controls: ControlsPanel
    toolbar: TrainingToolbar
    status: QLabel


def neuron_lines(snap: Snapshot):
    """(W, b, names, why not): the first layer's lines, or why there are none."""
    spec = snap.spec
    if tuple(spec.inputs) != ("x1", "x2"):
        return None, None, None, tr("the first layer takes more inputs than x\u2081, x\u2082")
    units = spec.layers[0].units
    if units > LINES_MAX_UNITS:
        return (None, None, None, tr("the first layer has {units} neurons (lines are drawn "
                                     "for up to {most})").format(units=units,
                                                                 most=LINES_MAX_UNITS))
    names = ["output"] if len(spec.layers) == 1 else None  # a single neuron's own line
    return snap.weights[0], snap.weights[1], names, ""


def status_text(snap: Snapshot) -> str:
    """The status bar's figures for ``snap``."""
    # inside an epoch the training figures are those of now, as the curves' dot
    loss, acc = (snap.progress[1:] if snap.progress is not None
                 else (snap.train_loss, snap.train_accuracy))
    epoch = tr("Epoch {n}").format(n=snap.epoch)
    if snap.restored_epoch is not None:
        epoch += tr(" (figures of epoch {n}'s weights, restored)").format(n=snap.restored_epoch)
    parts = [
        epoch,
        tr("step {i}/{n} ({all} in all)").format(i=snap.step_in_epoch, n=snap.steps_per_epoch,
                                                 all=f"{snap.steps:,}"),
        tr("loss {loss} · val {val}").format(loss=_fmt(loss), val=_fmt(snap.val_loss)),
    ]
    if snap.split.train.task != "regression":
        parts.append(tr("accuracy {acc} · val {val}").format(
            acc=_fmt(acc, True), val=_fmt(snap.val_accuracy, True)))
    if snap.done and snap.test_loss is not None:
        acc = f" ({_fmt(snap.test_accuracy, True)})" if snap.test_accuracy is not None else ""
        parts.append(tr("test {loss}").format(loss=_fmt(snap.test_loss)) + acc)
    path = tr("compiled" if snap.path == "jit" else "NumPy")  # which engine runs the steps
    parts += [f"lr {snap.lr:.4g}", tr(snap.batch_mode),
              tr("{n} steps/s ({path})").format(n=f"{snap.steps_per_s:,.0f}", path=path)]
    return "   ·   ".join(parts)


class FramePresenter(QObject):
    """Snapshot -> canvas, data view, curves and status bar (see the module docstring)."""

    frame_drawn = Signal(object)  # the snapshot just drawn, completely
    plots_changed = Signal()  # a plot came or went in the curves: share the panel again

    def __init__(self, views: Views, document: Document, gate: FrameGate,
                 banner: Callable[[str, str], None], hide_banner: Callable[[], None],
                 parent: QObject | None = None):
        super().__init__(parent)
        self.views, self.document, self.gate = views, document, gate
        self._banner, self._hide_banner = banner, hide_banner
        self.latest: Snapshot | None = None  # the newest snapshot received
        self.drawn: Snapshot | None = None  # the last one drawn completely
        self.frames = 0
        self.deferred_stages = 0  # stages drawn in a later pass of the event loop
        self.first_frame_at: float | None = None
        self._drawn_spec = None
        self._drawn_split = None
        self._drawn_generation = -1
        self._drawn_history = None
        self._shown_reason = None
        self._staging = False  # a frame is being drawn, one view per event-loop pass
        self._held = False
        self._closed = False
        self._curves_at = 0.0
        self._curves_plots = None  # (lr plot shown, accuracy plot hidden) when last drawn
        self._status_at = 0.0
        # armed when a snapshot arrives: draws the newest in the next pass of the event
        # loop (no polling: every wake-up of the GUI thread takes the GIL from training)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.draw_latest)
        # the next view of a frame: a real timer, so that input and other timers that
        # are due go first (QTimer.singleShot(0) would post it ahead of them)
        self._stage_timer = QTimer(self)
        self._stage_timer.setSingleShot(True)
        self._stage_timer.timeout.connect(self._next_stage)
        self._next: tuple | None = None  # (snapshot, stage) the stage timer draws
        # views beside the network (hidden space, loss landscape): drawn in a stage of
        # their own when open; each has is_open(), draw(snap) -> bool, paint_now()
        self.panes: list = []

    # ------------------------------------------------------------------ public
    def on_snapshot(self, snap: Snapshot) -> None:
        """Keep only the newest; the frame timer draws it."""
        self.latest = snap
        if not (self._staging or self._closed or self._held or self._timer.isActive()):
            self._timer.start(0)

    def busy(self) -> bool:
        """A frame is being drawn (its later stages are still to come)."""
        return self._staging

    def hold(self, held: bool) -> None:
        """Hold new frames back (they are kept, the newest drawn once released)."""
        self._held = bool(held)
        if not held and self.latest is not self.drawn:
            self._timer.start(0)

    def draw_latest(self) -> None:
        """Start drawing the newest snapshot, one view per pass of the event loop; the
        window's first frame is drawn whole (nothing trains or waits for it yet)."""
        snap = self.latest
        if snap is None or snap is self.drawn or self._staging or self._closed:
            return
        self._staging = True
        self._draw_stage(snap, 0)

    def draw_now(self) -> None:
        """Draw the newest snapshot completely, at once (before a screenshot)."""
        snap = self.latest
        if snap is not None:
            self._draw_canvas(snap)
            self._draw_data(snap)
            self._draw_curves(snap)
            self._draw_panes(snap, paint=False)
            self.drawn = snap

    def retranslate(self) -> None:
        """The UI's language changed: draw the newest frame again, whole (the data view's
        toggles, the status bar, the stop message are written as they are drawn)."""
        self._drawn_split = None
        self._shown_reason = None
        self._hide_banner()
        self.draw_now()
        snap = self.drawn
        if snap is not None:
            self._status(snap)

    def forget_run(self) -> None:
        """Another lesson or file: no run to compare with, no stop to report."""
        self._shown_reason = None
        self._drawn_history = None
        self.views.curves.set_reference(None)

    def training_restarts(self) -> None:
        """A reset: the stop reason shown is news no more."""
        self._shown_reason = None

    def close(self) -> None:
        """No more frames (the window is closing)."""
        self._closed = True
        self._timer.stop()
        self._stage_timer.stop()

    def show_spec(self, spec) -> None:
        """The network on the canvas, and what the controls say of it."""
        self.views.canvas.set_spec(spec)
        self.views.controls.set_perceptron(spec.is_perceptron)
        self._drawn_spec = spec

    # ------------------------------------------------------------------ stages
    def _draw_stage(self, snap: Snapshot, i: int) -> None:
        # The training thread pauses while a stage runs its Python and, for the plots,
        # paints them (pyqtgraph calls Python many times in a paint, and each call
        # would otherwise wait for the training thread to hand over the GIL).  So the
        # plots paint now, inside their stage, not when Qt's update timer fires: that
        # comes a few ms later, after the training thread was let go again.  The
        # canvas is stock Qt items only: it repaints in C++, without the GIL, on
        # Qt's timer, while training goes on.
        v = self.views
        with self.gate.window_busy():
            if i == 0:
                self._draw_canvas(snap)
                self.gate.frame_taken()  # the worker may publish the next
            elif i == 1:
                self._draw_data(snap)
                v.boundary.paint_now()
            elif i == 2:
                if self._draw_curves(snap):
                    v.curves.paint_now()
            else:
                self._draw_panes(snap, paint=True)
        if i < (3 if any(p.is_open() for p in self.panes) else 2):
            if self.drawn is None:  # the window's very first frame: nothing trains yet and
                self._draw_stage(snap, i + 1)  # no input waits; the whole frame at once
                return  # saves a repaint of the window per stage (~50 ms each)
            self._next = (snap, i + 1)
            self._stage_timer.start(0)
            return
        self._staging = False
        self.drawn = snap  # completely
        self.frames += 1
        if self.first_frame_at is None:
            self.first_frame_at = time.perf_counter()
        if self.latest is not snap and not self._held:  # a newer one came meanwhile
            self._timer.start(0)
        self.frame_drawn.emit(snap)

    def _next_stage(self) -> None:
        if self._next is not None and not self._closed:
            snap, i = self._next
            self._next = None
            self.deferred_stages += 1
            self._draw_stage(snap, i)

    def _draw_panes(self, snap: Snapshot, paint: bool) -> None:
        """The views open beside the network (playground.panes), each from the frame."""
        for pane in self.panes:
            if pane.is_open() and pane.draw(snap) and paint:
                pane.paint_now()

    def _draw_canvas(self, snap: Snapshot) -> None:
        v = self.views
        split = snap.split
        task = split.train.task
        if split is not self._drawn_split:
            v.boundary.set_data(split, task, split.train.n_classes)
            v.boundary.set_bounds(split.train.bounds)
            v.controls.set_n_train(len(split.train))
            self._drawn_split = split
        # A snapshot published before the worker got the newest edit (or undo) shows a
        # network the document no longer has: the canvas, where the learner edits, keeps
        # the document's network and waits for the worker's next snapshot.
        if snap.spec == self.document.project.network:
            if snap.spec != self._drawn_spec:
                self.show_spec(snap.spec)
            v.canvas.set_weights(list(snap.weights))
            v.canvas.set_rates(snap.rates)
            v.canvas.set_neuron_tiles(snap.neurons)
            v.canvas.set_dropout_masks(list(snap.dropout))
            v.canvas.flush()
        v.toolbar.set_running(snap.running)
        self._status(snap)
        if not snap.done and self._shown_reason is not None:
            self._shown_reason = None  # training again (a reset, a raised limit): stale news
            self._hide_banner()
        if snap.done and snap.stop_reason != self._shown_reason:
            self._shown_reason = snap.stop_reason
            bad = snap.stop_reason.startswith("diverged") or "too large" in snap.stop_reason
            advice = tr(" Change the Seed under Training and press Reset (R) for other initial "
                        "weights.") if "another seed" in snap.stop_reason else ""
            self._banner(tr("Training stopped: {reason}.").format(
                reason=tr_reason(snap.stop_reason))
                         + advice,
                         "warning" if bad else "info")

    def _draw_data(self, snap: Snapshot) -> None:
        self.views.boundary.show_output(snap.boundary)
        self.views.boundary.set_neuron_lines(*neuron_lines(snap))

    def _draw_curves(self, snap: Snapshot) -> bool:
        """Redraw the curves when due (at most every CURVES_PERIOD_S while training);
        whether they were given anything new."""
        curves = self.views.curves
        now = time.perf_counter()
        curves_due = not snap.running or now - self._curves_at >= CURVES_PERIOD_S
        new_history = snap.history is not self._drawn_history
        new_run = snap.generation != self._drawn_generation
        if new_run and snap.epoch == 0 and self._drawn_history \
                and len(self._drawn_history.get("loss", ())) > 1:
            # a reset or a fresh start of the same lesson: keep the last run to compare
            curves.set_reference(dict(self._drawn_history))
        due = curves_due or new_run
        if due:
            self._curves_at = now
        # inside an epoch (a long SGD one) the curve moves on, dotted, to now
        initial = snap.train_loss if snap.epoch == 0 else None
        task = snap.split.train.task
        if (new_history and curves_due) or new_run:
            self._drawn_history = snap.history
            show_lr = self.document.project.training.schedule != "constant"
            curves.epoch_limit = self.document.project.training.epochs
            curves.set_history(dict(snap.history), task, show_lr, snap.progress, initial)
            plots = (show_lr, task == "regression")
            if plots != self._curves_plots:  # a plot came or went: share the panel again
                self._curves_plots = plots
                self.plots_changed.emit()
            self._drawn_generation = snap.generation
            if snap.stopped_early:
                curves.mark_early_stop(snap.best_epoch, snap.epoch,
                                       tr("best epoch {n} (weights restored)").format(
                                           n=snap.best_epoch))
            else:
                curves.mark_early_stop(None, None, None)
            return True
        if due:
            curves.set_progress(snap.progress, initial)
        return due

    def _status(self, snap: Snapshot) -> None:
        now = time.perf_counter()
        if snap.running and now - self._status_at < STATUS_PERIOD_S:
            return
        self._status_at = now
        self.views.status.setText(status_text(snap))
