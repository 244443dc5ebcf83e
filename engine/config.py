"""How to train: loss, optimizer, learning rate and schedule, batch size, limits.

A :class:`TrainConfig` is plain, immutable, validated data that saves to JSON;
``build_optimizer`` / ``build_schedule`` turn it into engine objects.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace

from . import losses, optimizers, schedules
from . import validate as check
from .early_stopping import MONITORS
from .errors import PlaygroundError

MAX_EPOCHS = 1_000_000


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
        set_ = object.__setattr__
        set_(self, "lr", check.at_most("learning rate",
                                       check.real("learning rate", self.lr, 0, lo_open=True), 1e6))
        set_(self, "batch_size", check.whole("batch size", self.batch_size, 0))
        set_(self, "epochs", check.at_most("epochs", check.whole("epochs", self.epochs, 1),
                                           MAX_EPOCHS))
        set_(self, "l1", check.real("L1 rate", self.l1, 0, 10))
        set_(self, "l2", check.real("L2 rate", self.l2, 0, 10))
        set_(self, "patience", check.whole("patience", self.patience, 0))
        set_(self, "min_delta", check.real("min_delta", self.min_delta, 0))
        set_(self, "seed", check.whole("seed", self.seed, 0, 2**63 - 1))
        check.flag("early_stopping", self.early_stopping)
        check.flag("restore_best_weights", self.restore_best_weights)
        for k in ("optimizer_params", "schedule_params"):
            if not isinstance(getattr(self, k), dict):
                raise PlaygroundError(f"{k} must be a mapping of names to values")
        if self.monitor not in MONITORS:
            raise PlaygroundError(
                f"early stopping can monitor {', '.join(MONITORS)}, got {self.monitor!r}"
            )
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
