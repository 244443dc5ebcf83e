"""The training loop, one mini-batch per ``step()``.

A :class:`Trainer` owns a :class:`Network`, its optimizer, schedule and early
stopping, and the train / validation / test split.  Each epoch it reshuffles
the training rows with its own seeded generator, steps through them in
mini-batches, then evaluates train and validation loss and accuracy, records
them in ``history``, sets the next epoch's learning rate from the schedule and
asks early stopping.  When training ends (epoch limit, early stop, perceptron
converged, divergence) it evaluates the test split once.

Same config and seed, same run: bit for bit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import diagnose, losses
from .config import TrainConfig
from .data import features
from .data.dataset import Dataset
from .data.split import Split
from .early_stopping import EarlyStopping
from .errors import PlaygroundError
from .history import History
from .network import Network
from .separability import linearly_separable
from .spec import NetworkSpec

# on the compiled path, epochs of at most this many steps run several to a call
EPOCHS_AT_ONCE_STEPS = 256


@dataclass(frozen=True)
class _Part:
    """One split, ready for the network: [features, 1], targets, labels."""

    xa: np.ndarray
    t: np.ndarray
    y: np.ndarray

    def __len__(self) -> int:
        return self.xa.shape[0]


def check(spec: NetworkSpec, config: TrainConfig, split: Split) -> None:
    """Refuse a network, config and data that cannot train together, saying why."""
    train = split.train
    if len(train) == 0:
        raise PlaygroundError("the training split is empty: give it a ratio above 0")
    k = spec.output.units
    if spec.is_perceptron and train.task != "binary":
        raise PlaygroundError(
            f"a perceptron (step output) separates two classes; this data is {train.task}"
        )
    if train.task == "regression":
        if k != 1:
            raise PlaygroundError(f"regression needs 1 output unit, the network has {k}")
        if config.loss != "mse":
            raise PlaygroundError(
                f"regression targets need the mse loss, not {config.loss}: "
                "cross-entropy needs class labels"
            )
    elif train.task == "binary":
        if k not in (1, 2):
            raise PlaygroundError(f"binary classification needs 1 or 2 output units, got {k}")
    elif k != train.n_classes:
        raise PlaygroundError(
            f"{train.n_classes} classes need {train.n_classes} output units (softmax), got {k}"
        )
    losses.check(config.loss, spec.output.activation)
    if config.early_stopping and config.monitor.startswith("val") and len(split.val) == 0:
        raise PlaygroundError(
            "early stopping watches the validation split, which is empty: "
            "give validation a share of the data (e.g. 6:2:2)"
        )
    if config.early_stopping and "acc" in config.monitor and train.task == "regression":
        raise PlaygroundError("regression has no accuracy to monitor; monitor val_loss")


class Trainer:
    def __init__(
        self,
        spec: NetworkSpec,
        split: Split,
        config: TrainConfig,
        network: Network | None = None,
    ):
        self.spec = spec
        self.split = split
        self.config = config
        self.task = split.train.task
        check(spec, config, split)
        self.network = network if network is not None else Network(spec, seed=config.seed)
        self.optimizer = config.build_optimizer()
        self.schedule = config.build_schedule()
        self.stopper = (
            EarlyStopping(
                config.monitor, config.patience, config.min_delta, config.restore_best_weights
            )
            if config.early_stopping
            else None
        )
        self._train = self._prepare(split.train)
        self._val = self._prepare(split.val)
        self._test = self._prepare(split.test)
        n = len(self._train)
        self.batch_size = config.effective_batch(n)
        self.batch_mode = config.batch_mode(n)
        self._rng = np.random.default_rng([config.seed, 0x5F])
        self._xs = self._train.xa.copy()
        self._ts = self._train.t.copy()
        self._params = [self.network.params]
        self._grads = [self.network.grads]
        self.history = History()  # per epoch; thinned past MOST_ENTRIES epochs
        self.epoch = 0  # completed epochs
        self.steps = 0
        self._pos = 0
        self.done = False
        self.stopped_early = False
        self.stop_reason: str | None = None
        self.best_epoch: int | None = None
        self.test_loss: float | None = None
        self.test_accuracy: float | None = None
        self._last_good = self.network.params.copy()
        self._runner = None  # the compiled path's runner, when in use
        self.lr0 = config.lr
        self.initial_loss = self.evaluate("train")[0]
        self.optimizer.lr = self.schedule.lr_at(self.lr0, 0)

    # ----------------------------------------------------------------- set-up
    def _prepare(self, d: Dataset) -> _Part:
        X = features.transform(self.spec.inputs, d.X)
        xa = np.ones((X.shape[0], X.shape[1] + 1))
        xa[:, :-1] = X
        return _Part(xa, self.network.targets(d.y), np.asarray(d.y))

    def adopt_progress(self, old: Trainer) -> None:
        """Continue the epoch count, step count and history of ``old`` (after an edit)."""
        self.history = old.history.copy()
        self.epoch = old.epoch
        self.steps = old.steps
        self.initial_loss = old.initial_loss
        self.optimizer.lr = self.schedule.lr_at(self.lr0, self.epoch)
        if self.epoch >= self.config.epochs:
            self.finish(f"reached the epoch limit ({self.config.epochs})")

    # ----------------------------------------------------------------- training
    @property
    def lr(self) -> float:
        """The learning rate in use now (after the schedule)."""
        return self.optimizer.lr

    def effective_rates(self) -> list[np.ndarray] | None:
        """Per weight, the step size per unit of gradient the optimizer gives it now,
        as [W1, b1, W2, b2, ...] like the weights; None where one rate serves all
        (only Adagrad gives each weight its own here)."""
        rates = self.optimizer.effective_rates()
        if rates is None or rates.shape != self.network.params.shape:
            return None
        out, off = [], 0
        for W in self.network.W:  # (the layers' blocks lie one after the other)
            r, c = W.shape
            block = rates[off : off + r * c].reshape(r, c)
            off += r * c
            out += [block[:-1].copy(), block[-1].copy()]
        return out

    def set_lr(self, lr: float) -> None:
        """Change the base learning rate live; the schedule keeps applying to it."""
        if not (isinstance(lr, (int, float)) and math.isfinite(lr) and lr > 0):
            raise PlaygroundError(f"learning rate must be > 0, got {lr!r}")
        self.lr0 = float(lr)
        self.optimizer.lr = self.schedule.lr_at(self.lr0, self.epoch)

    @property
    def steps_per_epoch(self) -> int:
        return -(-len(self._train) // self.batch_size)

    @property
    def step_in_epoch(self) -> int:
        return -(-self._pos // self.batch_size)

    def step(self) -> bool:
        """Train on one mini-batch; False once training has ended."""
        with np.errstate(all="ignore"):  # a diverging run is reported, not warned about
            self._advance(1)
        return not self.done

    def run_steps(self, n: int) -> int:
        """Train up to ``n`` mini-batches (fewer if training ends); returns how many ran."""
        start = self.steps
        with np.errstate(all="ignore"):
            while not self.done and self.steps - start < n:
                self._advance(n - (self.steps - start))
        return self.steps - start

    def run_epoch(self) -> bool:
        """Train to the end of the current epoch; False once training has ended."""
        start = self.epoch
        with np.errstate(all="ignore"):
            while not self.done and self.epoch == start:
                self._advance(self.steps_per_epoch)
        return not self.done

    # ------------------------------------------------------------------ the two paths
    @property
    def compiled(self) -> bool:
        """Whether the steps run in the compiled kernels (see :mod:`engine.fastpath`)."""
        return self._runner is not None

    def use_compiled(self, on: bool = True) -> bool:
        """Train the next steps on the compiled path (if it is loaded) or the reference;
        the run goes on where it is either way.  Returns whether it is compiled now."""
        from . import fastpath

        self._runner = fastpath.Runner(self) if on and fastpath.loaded() else None
        return self._runner is not None

    def _advance(self, most: int) -> None:
        """Up to ``most`` steps, never past the epoch's end: one call of the compiled
        path, or one reference step; then the epoch's end or divergence if due."""
        if self.done:
            return
        n = self._xs.shape[0]
        spe = self.steps_per_epoch
        if self._runner is not None and self._pos == 0 and self.stopper is None \
                and most >= 2 * spe and spe <= EPOCHS_AT_ONCE_STEPS:
            self._whole_epochs(min(most // spe, self.config.epochs - self.epoch,
                                   max(2, EPOCHS_AT_ONCE_STEPS // spe)))
            return
        if self._pos == 0 and self.batch_size < n:  # a new epoch: reshuffle
            perm = self._rng.permutation(n)
            np.take(self._train.xa, perm, axis=0, out=self._xs)
            np.take(self._train.t, perm, axis=0, out=self._ts)
        if self._runner is not None:
            k = min(most, -(-(n - self._pos) // self.batch_size))
            done, diverged = self._runner.steps(self._xs, self._ts, self._pos, k)
        else:
            done, diverged = self._reference_step()
        self.steps += done
        self._pos = min(n, self._pos + done * self.batch_size)
        if diverged:
            self._diverged("the gradient became infinite or NaN", self.steps + 1)
        elif self._pos >= n:
            self._pos = 0
            self._end_epoch()

    def _whole_epochs(self, count: int) -> None:
        """Small epochs on the compiled path: ``count`` of them in one call, then their
        figures recorded here as each epoch's end records them."""
        done, steps, why, hist, lrs = self._runner.epochs(count)
        self.steps += steps
        n_train, n_val = len(self._train), len(self._val)
        classify = self.task != "regression"
        for e in range(done):
            loss, right, val_loss, val_right = (float(v) for v in hist[e])
            self.optimizer.lr = float(lrs[e])  # as the epoch used it
            self._record_epoch(loss, right / n_train if classify else None,
                               val_loss if n_val else math.nan,
                               val_right / n_val if classify and n_val else None)
            if self.done:
                return
        if why == "gradient":
            self._diverged("the gradient became infinite or NaN", self.steps + 1)
        elif why == "loss":
            self._diverged("the training loss became infinite or NaN", self.steps)

    def _reference_step(self) -> tuple[int, bool]:
        """One mini-batch through the NumPy network and optimizer: (1, False), or
        (0, True) if its gradient is not finite (then nothing is updated)."""
        i = self._pos
        j = i + self.batch_size
        cfg = self.config
        self.network.backward(self._xs[i:j], self._ts[i:j], cfg.loss, cfg.l1, cfg.l2)
        g = self.network.grads
        if not math.isfinite(g.dot(g)):
            return 0, True
        self.optimizer.step(self._params, self._grads)
        return 1, False

    def run(self, epochs: int | None = None, progress=None) -> dict:
        """Train until done (or ``epochs`` more epochs) and return :meth:`summary`."""
        target = self.config.epochs if epochs is None else self.epoch + epochs
        spe = self.steps_per_epoch
        # epochs between two progress calls: several small ones on the compiled path
        per_call = max(1, EPOCHS_AT_ONCE_STEPS // spe) if self.compiled else 1
        while not self.done and self.epoch < target:
            self.run_steps(min(target - self.epoch, per_call) * spe - self.step_in_epoch)
            if progress is not None:
                progress(self)
        if not self.done:
            self.finish(f"stopped after {self.epoch} epochs")
        return self.summary()

    # ----------------------------------------------------------------- epochs
    def evaluate(self, part: str = "train") -> tuple[float, float | None]:
        """(mean loss, accuracy) on 'train', 'val' or 'test', without dropout."""
        p = {"train": self._train, "val": self._val, "test": self._test}[part]
        if len(p) == 0:
            return math.nan, None
        if self._runner is not None:
            return self._runner.evaluate(p.xa, p.t, p.y, self.task != "regression")
        out = self.network.forward_augmented(p.xa, training=False)
        with np.errstate(all="ignore"):
            loss = losses.value(self.config.loss, out.output, p.t, out.pre_activations[-1])
        return loss, self.accuracy(out.output, p.y)

    def accuracy(self, o: np.ndarray, y: np.ndarray) -> float | None:
        if self.task == "regression" or y.shape[0] == 0:
            return None
        pred = (o[:, 0] >= 0.5) if o.shape[1] == 1 else o.argmax(axis=1)
        return float(np.mean(pred == y))

    def _end_epoch(self) -> None:
        loss, acc = self.evaluate("train")
        if not math.isfinite(loss):
            self._diverged("the training loss became infinite or NaN", self.steps)
            return
        val_loss, val_acc = self.evaluate("val")
        np.copyto(self._last_good, self.network.params)
        self._record_epoch(loss, acc, val_loss, val_acc)

    def _record_epoch(self, loss, acc, val_loss, val_acc) -> None:
        """The epoch's figures into the history; early stopping, convergence, the limit;
        the next epoch's learning rate."""
        self.history.append(self.epoch + 1, loss=loss, accuracy=acc,
                            val_loss=val_loss if len(self._val) else None,
                            val_accuracy=val_acc, lr=self.optimizer.lr)
        self.epoch += 1
        if self.stopper is not None:
            value = {"val_loss": val_loss, "val_accuracy": val_acc, "loss": loss, "accuracy": acc}[
                self.config.monitor
            ]
            if self.stopper.on_epoch_end(self.epoch - 1, value, self.network.get_weights):
                self.stopped_early = True
                by = (f" by more than {self.config.min_delta:g}" if self.config.min_delta
                      else "")
                self.finish(
                    f"early stopping: {self.config.monitor} did not improve{by} for "
                    f"{self.config.patience} epochs (best epoch {self.stopper.best_epoch + 1})"
                )
                return
        if self.spec.is_perceptron and acc == 1.0:
            self.finish(
                f"converged: the perceptron classifies every training point correctly "
                f"(epoch {self.epoch})"
            )
            return
        if self.epoch >= self.config.epochs:
            self.finish(self._limit_reason())
            return
        self.optimizer.lr = self.schedule.lr_at(self.lr0, self.epoch)

    def _limit_reason(self) -> str:
        reason = f"reached the epoch limit ({self.config.epochs})"
        if self.spec.is_perceptron:
            n = len(self._train)
            best = max(a for a in self.history["accuracy"] if a is not None)
            reason = (
                f"the perceptron did not converge in {self.epoch} epochs "
                f"(now {round(self.history['accuracy'][-1] * n)} of {n} training points right, "
                f"at best {round(best * n)})"
            )
            sep = linearly_separable(self._train.xa[:, :-1], self._train.y)
            if sep is False:
                reason += (
                    ": the data is not linearly separable, no single straight line splits the "
                    "classes (like XOR); a hidden layer is needed"
                )
            return reason
        curve = [self.initial_loss, *self.history["loss"]]
        note = (self._vanishing_note(curve)
                or diagnose.learning_rate_note(curve, self.lr0, self.epoch)
                or diagnose.stuck_note(curve, self.history["accuracy"][-1], len(self._train)))
        return f"{reason}; {note}" if note else reason

    def _vanishing_note(self, curve: list[float]) -> str | None:
        if len(self.spec.layers) < 3 or len(self._train) == 0:
            return None
        X = self._train.xa[:, :-1]
        with np.errstate(all="ignore"):
            _, grads = self.network.loss_and_gradients(X, self._train.y, self.config.loss,
                                                       training=False)
        means = [float(np.abs(g).mean()) for g in grads[0::2]]
        return diagnose.vanishing_note(curve, means, [la.activation for la in self.spec.hidden])

    def _diverged(self, what: str, step: int) -> None:
        self.network.params[:] = self._last_good
        self.finish(
            f"diverged at epoch {self.epoch + 1}, step {step}: {what}. "
            f"The learning rate ({self.lr0:g}) is too large; the last finite weights are kept"
        )

    def finish(self, reason: str) -> None:
        """End training: restore the best weights if asked, evaluate the test split once."""
        if self.done:
            return
        self.done = True
        self.stop_reason = reason
        if self.stopper is not None:
            self.best_epoch = self.stopper.best_epoch + 1
            best = self.stopper.on_train_end()
            if best is not None:
                self.network.set_weights(best)
        elif self.history["loss"]:
            losses_ = self.history["val_loss"] if len(self._val) else self.history["loss"]
            finite = [(v, i) for i, v in enumerate(losses_) if v is not None and math.isfinite(v)]
            self.best_epoch = self.history.epoch_of(min(finite)[1]) if finite else None
        self.test_loss, self.test_accuracy = self.evaluate("test")
        if len(self._test) == 0:
            self.test_loss = None

    # ----------------------------------------------------------------- results
    def summary(self) -> dict:
        """The run's final metrics (the CLI's JSON object)."""
        tl, ta = self.evaluate("train")
        vl, va = self.evaluate("val")

        def num(v):
            return None if v is None or not math.isfinite(v) else float(v)

        return {
            "epochs": self.epoch,
            "steps": self.steps,
            "train_loss": num(tl),
            "val_loss": num(vl),
            "test_loss": num(self.test_loss),
            "train_accuracy": num(ta),
            "val_accuracy": num(va),
            "test_accuracy": num(self.test_accuracy),
            "stopped_early": self.stopped_early,
            "best_epoch": self.best_epoch,
            # the figures are those of the best epoch's weights, put back
            "restored": bool(self.stopped_early and self.config.restore_best_weights),
            "stop_reason": self.stop_reason,
            "batch_mode": self.batch_mode,
        }
