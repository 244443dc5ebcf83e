"""Early stopping with Keras's semantics (keras.callbacks.EarlyStopping).

After each epoch the monitored value is compared with the best so far; it
improves when it beats the best by more than ``min_delta``.  ``wait`` counts
epochs since the last improvement; when it reaches ``patience`` (and this is
not the first epoch) training stops.  With ``restore_best_weights`` the
weights of the best epoch are put back when training ends, whether or not it
stopped early (Keras 3).  Epoch indices here start at 0, as in Keras.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from . import validate as check
from .errors import PlaygroundError

MONITORS = ("val_loss", "val_accuracy", "loss", "accuracy")


class EarlyStopping:
    def __init__(
        self,
        monitor: str = "val_loss",
        patience: int = 0,
        min_delta: float = 0.0,
        restore_best_weights: bool = True,
        mode: str = "auto",
    ):
        if monitor not in MONITORS:
            raise PlaygroundError(
                f"early stopping can monitor {', '.join(MONITORS)}, got {monitor!r}"
            )
        patience = check.whole("patience", patience, 0)
        min_delta = check.real("min_delta", min_delta, -math.inf)  # Keras takes |min_delta|
        if mode not in ("auto", "min", "max"):
            raise PlaygroundError(f"mode must be auto, min or max, got {mode!r}")
        self.monitor = monitor
        self.patience = patience
        self.min_delta = abs(float(min_delta))
        self.restore_best_weights = bool(restore_best_weights)
        if mode == "auto":
            mode = "max" if "acc" in monitor else "min"
        self.mode = mode
        self.reset()

    def reset(self) -> None:
        self.wait = 0
        self.stopped_epoch = 0
        self.best = math.inf if self.mode == "min" else -math.inf
        self.best_epoch = 0
        self.best_weights = None
        self.stop_training = False

    def _is_improvement(self, value: float, reference: float) -> bool:
        if self.mode == "min":
            return value + self.min_delta < reference
        return value - self.min_delta > reference

    def on_epoch_end(self, epoch: int, value: float | None, get_weights: Callable) -> bool:
        """Record epoch ``epoch``'s monitored value; True when training should stop."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return False
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = get_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(value, self.best):
            self.best = value
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = get_weights()
            self.wait = 0
            return False
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.stop_training = True
        return self.stop_training

    def on_train_end(self):
        """The weights to restore (or None)."""
        if self.restore_best_weights and self.best_weights is not None:
            return self.best_weights
        return None

    def params(self) -> dict:
        return {
            "monitor": self.monitor,
            "patience": self.patience,
            "min_delta": self.min_delta,
            "restore_best_weights": self.restore_best_weights,
        }

    def __repr__(self) -> str:
        return (
            f"EarlyStopping(monitor={self.monitor!r}, patience={self.patience}, "
            f"min_delta={self.min_delta:g}, restore_best_weights={self.restore_best_weights})"
        )
