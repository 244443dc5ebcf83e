"""How the main window draws the worker's snapshots, frame by frame.

A mixin of :class:`playground.mainwindow.MainWindow`: it keeps only the newest
snapshot and draws it in three stages, one view per pass of the event loop
(canvas, data view, curves), pausing the training thread (``gui_idle``) while
a stage runs Python and while the pyqtgraph plots repaint.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QTimer

from .worker import Snapshot

LINES_MAX_UNITS = 4  # draw first-layer neuron lines up to this many neurons (more: clutter)
CURVES_PERIOD_S = 0.1  # the curves redraw at most 10 times a second while training
STATUS_PERIOD_S = 0.1  # and the status bar's figures change at most as often (readable)


def _fmt(v, pct=False) -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "–"
    return f"{100 * v:.1f}%" if pct else f"{v:.4g}"


class FrameDrawing:
    """Snapshot -> canvas, data view, curves and status bar (the window's widgets)."""

    def _on_snapshot(self, snap: Snapshot) -> None:
        self._latest = snap  # only keep the newest; the frame timer draws it
        if not (self._staging or self._closing or self._timer.isActive()):
            self._timer.start(0)

    def _on_frame(self) -> None:
        """Draw the newest snapshot, one view per pass of the event loop: the canvas
        now, the data view and the curves in the next passes, so that other events
        (input, timers) wait for one view's paint at most, never for a whole frame.
        The window's first frame is drawn whole: nothing waits for it yet."""
        snap = self._latest
        if snap is None or snap is self._drawn or self._staging:
            return
        self._staging = True
        self._draw_stage(snap, 0)

    def _draw_stage(self, snap: Snapshot, i: int) -> None:
        # The training thread pauses while a stage runs its Python and, for the plots,
        # paints them (pyqtgraph calls Python many times in a paint, and each call
        # would otherwise wait for the training thread to hand over the GIL).  So the
        # plots paint now, inside their stage, not when Qt's update timer fires: that
        # comes a few ms later, after the training thread was let go again.  The
        # canvas is stock Qt items only: it repaints in C++, without the GIL, on
        # Qt's timer, while training goes on.
        self.worker.gui_idle.clear()
        try:
            if i == 0:
                self._draw_canvas(snap)
                self.worker.frame_drawn.set()  # taken: the worker may publish the next
            elif i == 1:
                self._draw_data(snap)
                self.boundary.paint_now()
            elif self._draw_curves(snap):
                self.curves.paint_now()
        finally:
            self.worker.gui_idle.set()
        if i < 2:
            if self._drawn is None:  # the window's very first frame: nothing trains yet and
                self._draw_stage(snap, i + 1)  # no input waits; the whole frame at once
                return  # saves a repaint of the window per stage (~50 ms each)
            self._next = (snap, i + 1)
            self._stage_timer.start(0)
            return
        self._staging = False
        self._drawn = snap  # completely
        self.frames += 1
        if self.first_frame_at is None:
            self.first_frame_at = time.perf_counter()
        if self._latest is not snap:  # a newer one came meanwhile
            self._timer.start(0)
        self.frame_drawn.emit(snap)

    def _next_stage(self) -> None:
        if self._next is not None and not self._closing:
            snap, i = self._next
            self._next = None
            self._draw_stage(snap, i)

    def draw_now(self) -> None:
        """Draw the newest snapshot completely, at once (before a screenshot)."""
        snap = self._latest
        if snap is not None:
            self._draw(snap)
            self._drawn = snap

    def _draw(self, snap: Snapshot) -> None:
        self._draw_canvas(snap)
        self._draw_data(snap)
        self._draw_curves(snap)

    def _draw_canvas(self, snap: Snapshot) -> None:
        task = snap.split.train.task
        if snap.split is not self._drawn_split:
            self.boundary.set_data(snap.split, task, snap.split.train.n_classes)
            self.boundary.set_bounds(snap.split.train.bounds)
            self.controls.set_n_train(len(snap.split.train))
            self._drawn_split = snap.split
        # A snapshot published before the worker got the newest edit (or undo) shows a
        # network the session no longer has: the canvas, where the learner edits, keeps
        # the session's network and waits for the worker's next snapshot.
        if snap.spec == self.session.project.network:
            if snap.spec != self._drawn_spec:
                self._show_spec(snap.spec)
            self.canvas.set_weights(list(snap.weights))
            self.canvas.set_neuron_maps(list(snap.grid.layers), snap.grid.inputs)
            self.canvas.set_dropout_masks(list(snap.dropout))
            self.canvas.flush()
        self.toolbar.set_running(snap.running)
        self._status(snap, task)
        if not snap.done and self._shown_reason is not None:
            self._shown_reason = None  # training again (a reset, a raised limit): stale news
            self.hide_banner()
        if snap.done and snap.stop_reason != self._shown_reason:
            self._shown_reason = snap.stop_reason
            bad = snap.stop_reason.startswith("diverged") or "too large" in snap.stop_reason
            level = "warning" if bad else "info"
            self.show_banner(f"Training stopped: {snap.stop_reason}.", level)

    def _show_spec(self, spec) -> None:
        """The network on the canvas, and what the controls say of it."""
        self.canvas.set_spec(spec)
        self.controls.set_perceptron(spec.is_perceptron)
        self._drawn_spec = spec

    def _draw_data(self, snap: Snapshot) -> None:
        self.boundary.show_output(snap.boundary)
        self.boundary.set_neuron_lines(*self._neuron_lines(snap))

    def _draw_curves(self, snap: Snapshot) -> bool:
        """Redraw the curves when due (at most every CURVES_PERIOD_S while training);
        whether they were given anything new."""
        now = time.perf_counter()
        curves_due = not snap.running or now - self._curves_at >= CURVES_PERIOD_S
        new_history = snap.history is not self._drawn_history
        restarted = snap.generation != self._drawn_generation and snap.epoch == 0
        if restarted and self._drawn_history and len(self._drawn_history.get("loss", ())) > 1:
            # a reset or a fresh start of the same lesson: keep the last run to compare
            self.curves.set_reference(dict(self._drawn_history))
        due = curves_due or snap.generation != self._drawn_generation
        if due:
            self._curves_at = now
        # inside an epoch (a long SGD one) the curve moves on, dotted, to now
        initial = snap.train_loss if snap.epoch == 0 else None
        if (new_history and curves_due) or snap.generation != self._drawn_generation:
            self._drawn_history = snap.history
            show_lr = self.session.project.training.schedule != "constant"
            self.curves.set_history(dict(snap.history), snap.split.train.task, show_lr,
                                    snap.progress, initial)
            plots = (show_lr, snap.split.train.task == "regression")
            if plots != self._curves_plots:  # a plot came or went: share the panel again
                self._curves_plots = plots
                QTimer.singleShot(0, self, self._fit_right_panel)
            self._drawn_epoch, self._drawn_generation = snap.epoch, snap.generation
            if snap.stopped_early:
                self.curves.mark_early_stop(
                    snap.best_epoch, snap.epoch,
                    f"best epoch {snap.best_epoch} (weights restored)")
            else:
                self.curves.mark_early_stop(None, None, None)
            return True
        if due:
            self.curves.set_progress(snap.progress, initial)
        return due

    def _neuron_lines(self, snap: Snapshot):
        """(W, b, names, why not): the first layer's lines, or why there are none."""
        spec = snap.spec
        if tuple(spec.inputs) != ("x1", "x2"):
            return None, None, None, "the first layer takes more inputs than x\u2081, x\u2082"
        units = spec.layers[0].units
        if units > LINES_MAX_UNITS:
            return (None, None, None, f"the first layer has {units} neurons (lines are drawn "
                    f"for up to {LINES_MAX_UNITS})")
        names = ["output"] if len(spec.layers) == 1 else None  # a single neuron's own line
        return snap.weights[0], snap.weights[1], names, ""

    def _status(self, snap: Snapshot, task: str) -> None:
        now = time.perf_counter()
        if snap.running and now - self._status_at < STATUS_PERIOD_S:
            return
        self._status_at = now
        # inside an epoch the training figures are those of now, as the curves' dot
        loss, acc = (snap.progress[1:] if snap.progress is not None
                     else (snap.train_loss, snap.train_accuracy))
        parts = [
            f"Epoch {snap.epoch}",
            f"step {snap.step_in_epoch}/{snap.steps_per_epoch} ({snap.steps:,} in all)",
            f"loss {_fmt(loss)} · val {_fmt(snap.val_loss)}",
        ]
        if task != "regression":
            parts.append(f"accuracy {_fmt(acc, True)} · val {_fmt(snap.val_accuracy, True)}")
        if snap.done and snap.test_loss is not None:
            acc = f" ({_fmt(snap.test_accuracy, True)})" if snap.test_accuracy is not None else ""
            parts.append(f"test {_fmt(snap.test_loss)}{acc}")
        parts += [f"lr {snap.lr:.4g}", snap.batch_mode, f"{snap.steps_per_s:,.0f} steps/s"]
        self.status.setText("   ·   ".join(parts))
