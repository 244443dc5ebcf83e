"""What the worker publishes and the window draws: an immutable :class:`Snapshot`.

Building one is plain functions (no Qt, no threads): :func:`take` copies what
the trainer knows (weights, history thinned for the curves, where training is
inside an epoch) in the training thread; :func:`with_maps` adds the grid maps,
coloured for the views, which the worker's frame builder does off the training
thread.  Tests call the pieces directly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import engine
from engine.hidden import HiddenSpace, hidden_space, unavailable
from engine.landscape import Landscape
from ui.common.mapcolors import NeuronTiles, OutputFrame, neuron_tiles, render_output

CURVE_POINTS = 2000  # most points per curve a snapshot carries


@dataclass(frozen=True)
class Snapshot:
    """What the window draws: copies only, never the worker's own arrays."""

    generation: int  # bumps when the model is replaced (reset, edit, new data)
    revision: int  # the document revision the worker had applied (see playground.document)
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
    grid: engine.GridOutput | None  # the maps (None only before with_maps)
    boundary: OutputFrame | None  # the output map coloured for the data view
    neurons: NeuronTiles | None  # every neuron's map coloured for the canvas
    dropout: tuple  # per hidden layer: (units,) bool kept-mask of the first example, or None
    steps_per_s: float
    at: float = 0.0  # time.perf_counter() when it was taken (for --stats)
    path: str = "reference"  # "jit" once the steps run in the compiled kernels
    # early stopping put the best epoch's weights back: the figures are theirs (the
    # test figures too), not the last epoch's
    restored_epoch: int | None = None
    # Adagrad: each weight's own step size now, like ``weights`` (None: one lr for all)
    rates: tuple | None = None
    # the hidden-space view is open: the data in the last hidden layer's plane
    # (engine.hidden) and its output map coloured like the data view's; None when the
    # view is closed or the network has no hidden plane (hidden_why says why)
    hidden: HiddenSpace | None = None
    hidden_map: OutputFrame | None = None
    hidden_why: str | None = None
    # the loss landscape view is open: the training loss around the weights now
    landscape: Landscape | None = None
    loss: str = "mse"  # the loss function's name (the landscape's values)
    # the gradient overlay is on: ∂L/∂W per layer over the training points at these
    # weights, (fan_in + 1, fan_out) with the bias row last (engine.explain.gradients)
    gradients: tuple | None = None


def thin_history(history: dict, most: int = CURVE_POINTS) -> dict:
    """The history for the curves, as tuples: every entry, or evenly thinned past
    ``most`` (always keeping the latest), so a frame costs the same at epoch 10 and at
    epoch 100,000.  ``epoch`` says which epoch each entry is (the trainer's history
    carries it; 1, 2, 3, ... for a plain dict of lists)."""
    n = min(len(v) for v in history.values()) if history else 0
    epochs = history.get("epoch", range(1, n + 1))
    stride = max(1, -(-n // most))
    if stride == 1:
        hist = {k: tuple(v[:n]) for k, v in history.items()}
    else:
        # slices, not a loop over the points: half the time (0.27 ms at 60,000)
        last = [] if (n - 1) % stride == 0 else [n - 1]
        hist = {k: tuple(v[:n:stride]) + tuple(v[i] for i in last) for k, v in history.items()}
        epochs = tuple(epochs[:n:stride]) + tuple(epochs[i] for i in last)
    hist["epoch"] = tuple(epochs[:n]) if stride == 1 else epochs
    return hist


def progress(tr: engine.Trainer, whole_epochs: bool) -> tuple[float, float, float | None] | None:
    """Where training is inside the current epoch, for the curves: (epoch + fraction,
    train loss, train accuracy), measured by a forward pass over the training points
    without dropout (as at an epoch's end).  None at an epoch's end, when the run is
    over, or when frames move by ``whole_epochs`` anyway."""
    if tr.done or tr.step_in_epoch == 0 or whole_epochs:
        return None
    loss, acc = tr.evaluate("train")
    if not math.isfinite(loss):
        return None
    return tr.epoch + tr.step_in_epoch / tr.steps_per_epoch, loss, acc


def take(tr: engine.Trainer, *, generation: int, revision: int, running: bool, history: dict,
         progress_now, steps_per_s: float, at: float, path: str = "reference") -> Snapshot:
    """A snapshot of ``tr`` (copies of everything), without the maps yet."""
    h = tr.history
    split = tr.split
    restored = tr.best_epoch if (tr.done and tr.stopped_early
                                 and tr.config.restore_best_weights) else None
    if restored is not None:  # the figures of the weights the network has now
        (train_loss, train_acc), (val_loss, val_acc) = tr.evaluate("train"), tr.evaluate("val")
        val_loss = val_loss if len(split.val) else None
    else:
        train_loss = h["loss"][-1] if h["loss"] else tr.initial_loss
        train_acc = h["accuracy"][-1] if h["accuracy"] else None
        val_loss = h["val_loss"][-1] if h["val_loss"] else None
        val_acc = h["val_accuracy"][-1] if h["val_accuracy"] else None
    masks = tr.network.dropout_masks()
    dropout = tuple(None if m is None else m[0].copy() for m in masks)
    return Snapshot(
        generation=generation,
        revision=revision,
        spec=tr.spec,
        running=running,
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
        train_loss=train_loss,
        val_loss=val_loss,
        train_accuracy=train_acc,
        val_accuracy=val_acc,
        restored_epoch=restored,
        rates=None if (r := tr.effective_rates()) is None else tuple(r),
        test_loss=tr.test_loss,
        loss=tr.config.loss,
        test_accuracy=tr.test_accuracy,
        split=split,
        history=history,
        progress=progress_now,
        weights=tuple(tr.network.get_weights()),
        grid=None,
        boundary=None,
        neurons=None,
        dropout=dropout if running or tr.steps else tuple(None for _ in masks),
        steps_per_s=steps_per_s,
        at=at,
        path=path,
    )


def with_maps(snap: Snapshot, grid: engine.GridOutput, levels: tuple[float, float]) -> Snapshot:
    """``snap`` with the network's maps over the plane, coloured for the data view (on
    the scale ``levels`` for regression) and for the canvas."""
    train = snap.split.train
    acts = [la.activation for la in snap.spec.layers]
    return replace(snap, grid=grid,
                   boundary=render_output(grid.output, train.task, train.bounds, levels),
                   neurons=neuron_tiles(grid.layers, acts, grid.inputs))


def with_hidden(snap: Snapshot, net: engine.Network, units: tuple[int, int],
                levels: tuple[float, float]) -> Snapshot:
    """``snap`` with its hidden space: ``net`` holds the snapshot's weights; ``units``
    are the two neurons the view asks for (the first two when the layer has fewer)."""
    why = unavailable(snap.spec)
    if why is not None:
        return replace(snap, hidden_why=why)
    n = snap.spec.hidden[-1].units
    i, j = units
    if not (0 <= i < n and 0 <= j < n and i != j):
        i, j = 0, 1
    train = snap.split.train
    space = hidden_space(net, snap.split, train.bounds, (i, j))
    frame = (None if space.output is None else
             render_output(space.output, train.task, space.bounds, levels))
    return replace(snap, hidden=space, hidden_map=frame)
