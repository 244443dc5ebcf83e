"""How to train: loss, optimizer, learning rate and schedule, batch size, limits.

A :class:`TrainConfig` is plain, immutable, validated data that saves to JSON;
``build_optimizer`` / ``build_schedule`` turn it into engine objects.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields, replace

from . import losses, optimizers, schedules
from .early_stopping import MONITORS
from .errors import PlaygroundError

MAX_EPOCHS = 1_000_000


def _number(name, v, lo=None, hi=None, lo_open=False, integer=False):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise PlaygroundError(f"{name} must be a number, got {v!r}")
    if not math.isfinite(v):  # before int(v), which raises on NaN and infinity
        raise PlaygroundError(f"{name} must be a finite number, got {v!r}")
    if integer and int(v) != v:
        raise PlaygroundError(f"{name} must be a whole number, got {v!r}")
    if lo is not None and (v <= lo if lo_open else v < lo):
        raise PlaygroundError(f"{name} must be {'>' if lo_open else '>='} {lo:g}, got {v:g}")
    if hi is not None and v > hi:
        raise PlaygroundError(f"{name} must be <= {hi:g}, got {v:g}")


@dataclass(frozen=True)
class TrainConfig:
    loss: str = "bce"
    optimizer: str = "sgd"
    lr: float = 0.03
    optimizer_params: dict = field(default_factory=dict)  # besides lr: momentum, betas, ...
    schedule: str = "constant"
    schedule_params: dict = field(default_factory=dict)
    batch_size: int = 10  # 0 = the whole training set (batch gradient descent)
    epochs: int = 500  # the most epochs a run trains
    l1: float = 0.0
    l2: float = 0.0
    early_stopping: bool = False
    monitor: str = "val_loss"
    patience: int = 10
    min_delta: float = 0.0
    restore_best_weights: bool = True
    seed: int = 0

    def __post_init__(self):
        if self.loss not in losses.NAMES:
            raise PlaygroundError(
                f"unknown loss {self.loss!r}; choose one of {', '.join(losses.NAMES)}"
            )
        _number("learning rate", self.lr, lo=0, lo_open=True, hi=1e6)
        _number("batch size", self.batch_size, lo=0, integer=True)
        _number("epochs", self.epochs, lo=1, hi=MAX_EPOCHS, integer=True)
        _number("L1 rate", self.l1, lo=0, hi=10)
        _number("L2 rate", self.l2, lo=0, hi=10)
        _number("patience", self.patience, lo=0, integer=True)
        _number("min_delta", self.min_delta, lo=0)
        _number("seed", self.seed, lo=0, hi=2**63 - 1, integer=True)
        for k in ("early_stopping", "restore_best_weights"):
            if not isinstance(getattr(self, k), bool):
                raise PlaygroundError(f"{k} must be true or false, got {getattr(self, k)!r}")
        for k in ("optimizer_params", "schedule_params"):
            if not isinstance(getattr(self, k), dict):
                raise PlaygroundError(f"{k} must be a mapping of names to values")
        if self.monitor not in MONITORS:
            raise PlaygroundError(
                f"early stopping can monitor {', '.join(MONITORS)}, got {self.monitor!r}"
            )
        for k in ("batch_size", "epochs", "patience", "seed"):
            object.__setattr__(self, k, int(getattr(self, k)))
        for k in ("lr", "l1", "l2", "min_delta"):
            object.__setattr__(self, k, float(getattr(self, k)))
        object.__setattr__(self, "optimizer_params", dict(self.optimizer_params))
        object.__setattr__(self, "schedule_params", dict(self.schedule_params))
        self.build_optimizer()  # validates the optimizer and its parameters
        self.build_schedule()

    def build_optimizer(self) -> optimizers.Optimizer:
        if "lr" in self.optimizer_params:
            raise PlaygroundError("give the learning rate as lr, not inside optimizer_params")
        return optimizers.make(self.optimizer, lr=self.lr, **self.optimizer_params)

    def build_schedule(self) -> schedules.Schedule:
        return schedules.make(self.schedule, **self.schedule_params)

    def replace(self, **changes) -> TrainConfig:
        return replace(self, **changes)

    def batch_mode(self, n_train: int) -> str:
        """'batch GD', 'SGD' or 'mini-batch' for a training set of n_train rows."""
        b = self.effective_batch(n_train)
        if b >= n_train:
            return "batch GD"
        return "SGD" if b == 1 else "mini-batch"

    def effective_batch(self, n_train: int) -> int:
        return n_train if self.batch_size == 0 else max(1, min(self.batch_size, n_train))

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> TrainConfig:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - known)
        if unknown:
            raise PlaygroundError(f"unknown training setting {unknown[0]!r}")
        return cls(**d)
