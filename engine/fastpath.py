"""The way from the Trainer to the compiled kernels, and whether they can be had.

:func:`load` imports :mod:`engine.kernels` (numba) and compiles its kernels, or
loads them from numba's on-disk cache; it answers whether the compiled path is
there.  It is off when numba is missing or the environment says
``PLAYGROUND_JIT=0``.  A :class:`Runner` then trains a :class:`~engine.Trainer`
many mini-batches per call: the trainer keeps its shuffling, epochs, history,
schedule and early stopping; the runner only replaces the steps in between.

Same seed, same run on either path: the runner shuffles with the trainer's
generator, draws the dropout uniforms from the network's own generator in the
reference's order, computes the optimizer's per-step scalars in Python floats
as the reference does, and updates the optimizer's own state in place, so
training can switch between the paths at any step.
"""

from __future__ import annotations

import os
import threading
import time

import numpy as np

from .optimizers import lerp_coef

ENV = "PLAYGROUND_JIT"  # "0" switches the compiled path off

_lock = threading.Lock()
_kernels = None  # the module, once loaded
_error: str | None = None  # why it could not be loaded
load_seconds: float | None = None  # how long the last successful load took


def enabled() -> bool:
    """Not switched off by the environment."""
    return os.environ.get(ENV, "1").strip().lower() not in ("0", "off", "no", "false")


def loaded() -> bool:
    return _kernels is not None


def why_not() -> str | None:
    """Why the compiled path is not there (None if it is, or was not tried)."""
    if not enabled():
        return f"switched off ({ENV}=0)"
    return _error


def load() -> bool:
    """Import and compile (or load from cache) the kernels; True if they are ready.

    Safe to call from any thread and more than once; the work is done once.
    """
    global _kernels, _error, load_seconds
    if not enabled():
        return False
    with _lock:
        if _kernels is not None:
            return True
        if _error is not None:
            return False
        t0 = time.perf_counter()
        try:
            from . import kernels
        except ImportError as e:  # numba missing or broken: the reference path serves
            _error = f"numba is not available ({e})"
            return False
        _warm(kernels)
        _kernels = kernels
        load_seconds = time.perf_counter() - t0
        return True


def _warm(kernels) -> None:
    """Call the kernel once on a tiny problem: compiles it, or loads it from the cache."""
    sizes = np.array([2, 2, 1], np.int64)
    P = 3 * 2 + 3 * 1
    params, grads = np.full(P, 0.1), np.zeros(P)
    xs = np.ones((4, 3))
    ts = np.zeros((4, 1))
    kernels.train_steps(params, grads, np.ones(P), sizes, np.array([0, 6], np.int64),
                        np.array([3, 2], np.int64), np.zeros(1), False, xs, ts, 0, 2, 2,
                        1, 0.0, 0.0, 0, _hp(lr=0.1), np.zeros((4, P)), True,
                        np.zeros((2, 2)), np.zeros(0), np.zeros(0))
    labels = np.zeros(4, np.int64)
    labels.setflags(write=False)  # the data's labels are read-only
    kernels.evaluate(params, sizes, np.array([0, 6], np.int64), np.array([3, 2], np.int64),
                     xs, ts, labels, 1, True)
    kernels.train_epochs(params, grads, np.ones(P), sizes, np.array([0, 6], np.int64),
                         np.array([3, 2], np.int64), np.zeros(1), False, xs, ts, labels, xs,
                         ts, labels, True, xs.copy(), ts.copy(),
                         np.tile(np.arange(4, dtype=np.int64), (2, 1)), 2, 2, 1, 0.0, 0.0, 0,
                         _hp(lr=0.1), np.array([0.1, 0.1]), np.zeros((4, P)), True,
                         np.zeros((4, 2)), np.zeros(0), np.zeros(0), np.zeros(P),
                         np.zeros((2, 4)), False)


def _hp(**values) -> np.ndarray:
    from . import kernels

    hp = np.zeros(kernels.HP_SIZE)
    names = {"lr": kernels.HP_LR, "wd": kernels.HP_WD, "mu": kernels.HP_MU,
             "keep": kernels.HP_KEEP, "nesterov": kernels.HP_NESTEROV, "eps": kernels.HP_EPS,
             "alpha": kernels.HP_ALPHA, "one_minus_alpha": kernels.HP_ONE_MINUS_ALPHA,
             "lerp_k": kernels.HP_LERP_K, "lerp_w": kernels.HP_LERP_W,
             "centered": kernels.HP_CENTERED, "beta2": kernels.HP_BETA2,
             "one_minus_beta2": kernels.HP_ONE_MINUS_BETA2, "lr_decay": kernels.HP_LR_DECAY}
    for k, v in values.items():
        hp[names[k]] = float(v)
    return hp


class CompiledOptimizer:
    """An :class:`engine.optimizers.Optimizer`'s update done by the kernels, on the
    optimizer's own state (its slot for the flat parameters ``p``)."""

    def __init__(self, opt, p: np.ndarray):
        if _kernels is None:
            raise RuntimeError("the compiled path is not loaded (engine.fastpath.load())")
        self.opt = opt
        self.code = _kernels.OPTIMIZER_CODES[opt.name]
        self.slot = opt.slot(p)
        self._hp_lr: float | None = None  # the learning rate the hyperparameters hold
        self._hp = np.zeros(0)
        self._zeros = np.zeros((0, 2))
        self._gtmp = np.empty(p.shape)

    def hyper(self) -> np.ndarray:
        """The kernel's hyperparameter array (made again when the learning rate moves)."""
        o = self.opt
        if o.lr != self._hp_lr:
            self._hp_lr = o.lr
            self._hp = self._make_hyper()
        return self._hp

    def _make_hyper(self) -> np.ndarray:
        o = self.opt
        name = o.name
        if name == "sgd":
            return _hp(lr=o.lr, wd=o.weight_decay, mu=o.momentum, keep=1.0 - o.dampening,
                       nesterov=o.nesterov)
        if name == "adagrad":
            return _hp(lr=o.lr, wd=o.weight_decay, eps=o.eps)
        if name == "rmsprop":
            a = o.alpha
            return _hp(lr=o.lr, wd=o.weight_decay, eps=o.eps, alpha=a, one_minus_alpha=1 - a,
                       lerp_k=lerp_coef(1 - a), lerp_w=1 - a, centered=o.centered,
                       mu=o.momentum)
        b1, b2 = o.betas
        return _hp(lr=o.lr, wd=o.weight_decay, eps=o.eps, lerp_k=lerp_coef(1 - b1),
                   lerp_w=1 - b1, beta2=b2, one_minus_beta2=1 - b2)

    def scalars(self, k: int, lrs=None) -> np.ndarray:
        """The per-step scalars the reference computes in Python floats, for k steps
        (at the learning rates ``lrs``, one per step, if they change on the way)."""
        o, t0 = self.opt, self.slot.t
        if o.name not in ("adam", "adagrad"):
            if self._zeros.shape[0] < k:
                self._zeros = np.zeros((k, 2))
            return self._zeros
        out = np.zeros((k, 2))
        if o.name == "adam":
            b1, b2 = o.betas
            for i in range(k):
                t = t0 + i + 1
                lr = o.lr if lrs is None else lrs[i]
                out[i, 0] = -(lr / (1 - b1**t))
                out[i, 1] = (1 - b2**t) ** 0.5
        elif o.name == "adagrad":
            for i in range(k):
                lr = o.lr if lrs is None else lrs[i]
                if o.lr_decay == 0.0:
                    out[i, 0] = -lr
                else:
                    t = t0 + i + 1
                    out[i, 0] = -(lr / (1 + (t - 1) * o.lr_decay))
        return out

    @property
    def first(self) -> bool:
        """No step taken yet (SGD's momentum buffer starts as the first gradient)."""
        return self.slot.a is None

    def taken(self, steps: int, first: bool) -> None:
        """The kernels took ``steps`` steps: count them as the reference does."""
        if steps:
            self.slot.t += steps
            if first and self.opt.name == "sgd":
                self.slot.a = self.slot.state[0]  # the momentum buffer exists now

    def step(self, p: np.ndarray, g: np.ndarray) -> None:
        """One update of p (the flat parameters this was made for) with gradient g."""
        first = self.first
        sc = self.scalars(1)
        _kernels.optimizer_step(self.code, p, g, self.hyper(), self.slot.state, first,
                                sc[0, 0], sc[0, 1], self._gtmp)
        self.taken(1, first)


class Runner:
    """Trains ``trainer``'s steps with the kernels (see the module docstring)."""

    def __init__(self, trainer):
        if _kernels is None:
            raise RuntimeError("the compiled path is not loaded (engine.fastpath.load())")
        k = _kernels
        self.trainer = trainer
        net = trainer.network
        spec = net.spec
        self._sizes = np.array(spec.sizes, np.int64)
        offsets, off = [], 0
        for a, b in zip(spec.sizes[:-1], spec.sizes[1:]):
            offsets.append(off)
            off += (a + 1) * b
        self._offsets = np.array(offsets, np.int64)
        self._acts = np.array([k.ACTIVATION_CODES[la.activation] for la in spec.layers],
                              np.int64)
        self._rates = np.array([la.dropout for la in spec.hidden] or [0.0])
        self._dropout = [(i, la.units) for i, la in enumerate(spec.hidden) if la.dropout]
        self._units = sum(u for _, u in self._dropout)
        self._loss = k.LOSS_CODES[trainer.config.loss]
        self._opt = CompiledOptimizer(trainer.optimizer, net.params)
        self._no_labels = np.zeros(0, np.int64)
        self._no_labels.setflags(write=False)  # as the data's labels: one compiled signature
        self._no_perms = np.zeros((0, 0), np.int64)
        self._none = np.zeros(0)

    # ------------------------------------------------------------------ per call
    def evaluate(self, xa: np.ndarray, t: np.ndarray, y: np.ndarray,
                 classify: bool) -> tuple[float, float | None]:
        """(mean loss, accuracy or None) of a whole part, as Trainer.evaluate."""
        net = self.trainer.network
        labels = self._labels(y, classify)
        loss, correct = _kernels.evaluate(net.params, self._sizes, self._offsets, self._acts,
                                          xa, t, labels, self._loss, classify)
        return loss, (correct / xa.shape[0] if classify else None)

    def steps(self, xs: np.ndarray, ts: np.ndarray, pos: int, k: int) -> tuple[int, bool]:
        """Train k mini-batches from row ``pos`` of the shuffled (xs, ts), not past their
        end; returns (steps done, whether the next step's gradient was not finite)."""
        tr = self.trainer
        net = tr.network
        n, b = xs.shape[0], tr.batch_size
        total = min(n - pos, k * b)  # rows these k steps see
        units = self._units
        rand = net.dropout_rng.random(total * units) if units else self._none
        keep_out = np.empty(min(b, total) * units) if units else self._none
        opt = self._opt
        first = opt.first
        cfg = tr.config
        done, status = _kernels.train_steps(
            net.params, net.grads, net.weight_mask, self._sizes, self._offsets, self._acts,
            self._rates, net.is_perceptron, xs, ts, pos, b, k, self._loss, cfg.l1, cfg.l2,
            opt.code, opt.hyper(), opt.slot.state, first, opt.scalars(k), rand, keep_out)
        opt.taken(done, first)
        diverged = status == _kernels.DIVERGED
        if units and (done == k or diverged):  # the last pass's masks, as the reference's
            m = min(b, n - pos - min(done, k - 1) * b)  # its rows
            at = 0
            for i, u in self._dropout:
                net.set_dropout_mask(i, keep_out[at: at + m * u].reshape(m, u))
                at += m * u
        return done, diverged

    def epochs(self, count: int):
        """``count`` whole epochs in one call (the trainer at an epoch's start, no early
        stopping): returns (epochs done, steps done, why it stopped short: None,
        "gradient" or "loss" (not finite), per-epoch history (count, 4): loss, correct,
        val loss, val correct; the learning rates used)."""
        tr = self.trainer
        net = tr.network
        xs = tr._xs
        n, b = xs.shape[0], tr.batch_size
        spe = -(-n // b)
        if b < n:  # each epoch's shuffle, drawn as the reference draws it
            perms = np.stack([tr._rng.permutation(n) for _ in range(count)])
        else:
            perms = self._no_perms
        lrs = np.array([tr.schedule.lr_at(tr.lr0, tr.epoch + e) for e in range(count)])
        units = self._units
        rand = net.dropout_rng.random(count * n * units) if units else self._none
        keep_out = np.empty(min(b, n) * units) if units else self._none
        opt = self._opt
        first = opt.first
        scalars = opt.scalars(count * spe, np.repeat(lrs, spe))
        hist = np.full((count, 4), np.nan)
        train, val = tr._train, tr._val
        classify = tr.task != "regression"
        cfg = tr.config
        done, steps, status = _kernels.train_epochs(
            net.params, net.grads, net.weight_mask, self._sizes, self._offsets, self._acts,
            self._rates, net.is_perceptron, train.xa, train.t, self._labels(train.y, classify),
            val.xa, val.t, self._labels(val.y, classify), classify, xs, tr._ts, perms, b, count,
            self._loss, cfg.l1, cfg.l2, opt.code, opt.hyper(), lrs, opt.slot.state, first,
            scalars, rand, keep_out, tr._last_good, hist, net.is_perceptron)
        opt.taken(steps, first)
        if units and (steps or status == _kernels.DIVERGED):  # the last pass's masks
            i = steps - done * spe if status == _kernels.DIVERGED else spe - 1  # its step
            m = min(b, n - i * b)
            at = 0
            for layer, u in self._dropout:
                net.set_dropout_mask(layer, keep_out[at: at + m * u].reshape(m, u))
                at += m * u
        why = {_kernels.DIVERGED: "gradient", _kernels.LOSS_NAN: "loss"}.get(status)
        return done, steps, why, hist, lrs

    def _labels(self, y: np.ndarray, classify: bool) -> np.ndarray:
        labels = y if classify else self._no_labels
        if labels.flags.writeable or labels.dtype != np.int64:  # (one compiled signature)
            labels = np.array(labels, np.int64)
            labels.setflags(write=False)
        return labels
