"""What the training fields are: presets, parameter editors, labels and tips.

The tables :class:`ui.controls.training.TrainingControls` is built from (which
parameter editors each optimizer and schedule shows, taken from the engine;
their labels and tooltips), and the text helpers it fills its fields with.
"""

from __future__ import annotations

from engine import TrainConfig, optimizers, schedules
from ui.i18n import tr

__all__ = [
    "AUTO_LOSS",
    "CHECKBOXES",
    "LR_PRESETS",
    "MONITOR_TIPS",
    "OPTIMIZER_FIELDS",
    "OPTIMIZER_TIPS",
    "PARAM_LABELS",
    "PARAM_TIPS",
    "SCHEDULE_FIELDS",
    "SCHEDULE_TIPS",
    "TIPS",
    "WHOLE_NUMBERS",
    "batch_text",
    "optimizer_values",
]

LR_PRESETS = (1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
AUTO_LOSS = {
    "binary": ("bce", "2 classes"),
    "multiclass": ("cce", "3+ classes"),
    "regression": ("mse", "regression"),
}
OPTIMIZER_TIPS = {
    "sgd": "SGD: step straight down the gradient, optionally with momentum.",
    "adagrad": "Adagrad: each weight's step shrinks as its squared gradients add up.",
    "rmsprop": "RMSprop: divide each step by a moving average of recent gradient sizes.",
    "adam": "Adam: momentum plus RMSprop-style scaling, with bias correction; a safe default.",
}
SCHEDULE_TIPS = {
    "constant": "Constant: the learning rate never changes.",
    "time": "Time-based decay: lr = lr0 / (1 + decay·epoch), shrinking ever more slowly.",
    "step": "Step decay: multiply the learning rate by gamma every few epochs.",
    "exponential": "Exponential decay: multiply the learning rate by gamma every epoch.",
}


def _editors(params: dict) -> tuple[str, ...]:
    """One editor per parameter, in the engine's order; a pair (betas) gets two."""
    keys = []
    for k, v in params.items():
        keys += [k[:-1] + "1", k[:-1] + "2"] if isinstance(v, list) else [k]
    return tuple(keys)


# The parameter editors each optimizer / schedule shows: the engine's own arguments
# (Adam's beta1 and beta2 together make its betas).
OPTIMIZER_FIELDS = {name: _editors(optimizers.defaults(name)) for name in optimizers.NAMES}
SCHEDULE_FIELDS = {name: _editors(schedules.defaults(name)) for name in schedules.NAMES}
CHECKBOXES = ("nesterov", "centered")
WHOLE_NUMBERS = ("step_size",)
PARAM_LABELS = {
    "momentum": "Momentum μ",
    "dampening": "Dampening",
    "nesterov": "Nesterov momentum",
    "weight_decay": "Weight decay",
    "lr_decay": "LR decay",
    "initial_accumulator_value": "Initial sum",
    "eps": "Epsilon ε",
    "alpha": "Alpha α",
    "centered": "Centered",
    "beta1": "Beta1 β1",
    "beta2": "Beta2 β2",
    "decay": "Decay",
    "step_size": "Step every",
    "gamma": "Gamma γ",
}
PARAM_TIPS = {
    "momentum": "Momentum: how much of the last step is kept; 0.9 rolls over bumps and plateaus.",
    "dampening": "Dampening: shrinks the new gradient's share of the momentum (0 = none).",
    "nesterov": "Nesterov: take the gradient after a look-ahead step; needs momentum > 0.",
    "weight_decay": "Weight decay: adds wd·θ to every gradient, pulling weights towards zero.",
    "lr_decay": "LR decay: after t updates Adagrad divides its step by 1 + (t−1)·lr_decay.",
    "initial_accumulator_value": "Initial sum: where the sum of squared gradients starts.",
    "eps": "Epsilon: a tiny number added to the divisor so it is never zero.",
    "alpha": "Alpha: how slowly the mean squared gradient forgets; 0.99 keeps ~100 steps.",
    "centered": "Centered: divide by the gradient's variance instead of its mean square.",
    "beta1": "Beta1: how slowly the average gradient (the momentum) forgets; 0.9 is usual.",
    "beta2": "Beta2: how slowly the average squared gradient forgets; 0.999 is usual.",
    "decay": "Decay: lr = lr0 / (1 + decay·epoch); larger shrinks the rate faster.",
    "step_size": "Step size: the learning rate is multiplied by gamma every this many epochs.",
    "gamma": "Gamma: the factor applied at each decay, e.g. 0.5 halves the learning rate.",
}
MONITOR_TIPS = {
    "val_loss": "Validation loss: stop when the loss on held-out data stops falling.",
    "val_accuracy": "Validation accuracy: stop when held-out accuracy stops rising.",
    "loss": "Training loss: stop when the loss on the training data stops falling.",
    "accuracy": "Training accuracy: stop when training accuracy stops rising.",
}
TIPS = {
    "loss": "Loss: the number training makes small; it measures how far outputs are from targets.",
    "optimizer": "Optimizer: the rule that turns gradients into weight updates.",
    "lr": (
        "Learning rate: how big a step each update takes. Too large overshoots; "
        "too small crawls. Type a value like 0.03 or 1e-4."
    ),
    "lr_slider": "Drag for common learning rates on a log scale (0.00001 to 10).",
    "schedule": "Schedule: how the learning rate changes from epoch to epoch.",
    "batch": (
        "Batch size: how many training points each update looks at; "
        "'all' is batch gradient descent, 1 is stochastic gradient descent."
    ),
    "epochs": "Epochs: the most passes over the training data a run makes.",
    "seed": "Seed: fixes the initial weights and the shuffling, so a run can be repeated exactly.",
    "l1": "L1 rate: penalty on the absolute weights; pushes unneeded weights to exactly zero.",
    "l2": "L2 rate: penalty on the squared weights; keeps weights small to fight overfitting.",
    "early": "Early stopping: end training when the monitored value stops improving.",
    "monitor": "Monitor: the per-epoch value early stopping watches.",
    "patience": "Patience: how many epochs without improvement to wait before stopping.",
    "min_delta": "Min delta: a change smaller than this does not count as an improvement.",
    "restore": "Restore best weights: when training ends, go back to the best epoch's weights.",
}


def optimizer_values(name: str, params: dict) -> dict:
    """All of an optimizer's parameters (defaults filled in), betas split into beta1/beta2."""
    p = optimizers.make(name, lr=1.0, **params).params()  # defaults filled in by the engine
    p.pop("lr")
    if "betas" in p:
        p["beta1"], p["beta2"] = p.pop("betas")
    return p


def batch_text(config: TrainConfig, n_train: int) -> str:
    """'batch GD', 'SGD' or 'mini-batch (10)', with the steps per epoch when n_train is known."""
    bs = config.batch_size
    if n_train <= 0:
        return "batch GD" if bs == 0 else ("SGD" if bs == 1 else f"mini-batch ({bs})")
    b = config.effective_batch(n_train)
    mode = config.batch_mode(n_train)
    steps = -(-n_train // b)
    if steps != 1 and mode == "mini-batch":
        return tr("mini-batch ({size}) · {n} steps/epoch").format(size=b, n=steps)
    if steps != 1 and mode == "SGD":
        return tr("SGD · {n} steps/epoch").format(n=steps)
    if steps == 1 and mode == "batch GD":
        return tr("batch GD · 1 step/epoch")
    if mode == "mini-batch":
        mode = f"mini-batch ({b})"
    return f"{mode} · {steps} step{'s' if steps != 1 else ''}/epoch"
