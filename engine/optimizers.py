"""Optimizers with PyTorch's ``torch.optim`` numerics, in a handful of NumPy calls.

Each optimizer updates a list of parameter arrays in place from the gradient
arrays at the same positions::

    opt = Adam(lr=1e-3)
    opt.step([flat_params], [flat_grads])   # state (step count, buffers) per position

The algorithms are torch's single-tensor (non-foreach) CPU code paths in
float64, operation by operation in torch's order.  Two things of torch's CPU
build cannot be had from NumPy at this speed, so results agree with torch to
the last bit or so per step, not always bit for bit:

- torch computes ``add(x, alpha=a)``, ``addcmul`` and ``lerp`` with a fused
  multiply-add (one rounding); NumPy has no such ufunc, so here the product is
  rounded before the sum (``p - lr*g`` for ``p.add_(g, alpha=-lr)``);
- torch's float64 ``sqrt`` (MKL) is off by one ulp on about 1% of the
  elements; NumPy's is correctly rounded.

Everything else (``addcdiv``, the divisions, the bias corrections in Python
floats, the lerp formula chosen by the weight) is torch's, bit for bit.  With
a fused multiply-add and torch's sqrt plugged into the same sequence of
operations, the results equal torch's exactly.

Speed is the point of the layout: the trainer passes ONE flat buffer of all
parameters and steps tens of thousands of times a second, so an update is a
few ufunc calls writing into scratch arrays that are allocated on the first
step (and again if a position's shape changes).  Gradients are never written.
"""

from __future__ import annotations

import numpy as np

from . import validate as check
from .errors import PlaygroundError

NAMES = ("sgd", "adagrad", "rmsprop", "adam")


def _lr(value) -> float:
    return check.real("learning rate", value, 0.0, lo_open=True)


def _eps(value) -> float:
    # torch accepts eps = 0; we do not: a gradient entry that is exactly 0 from the
    # start (a dead ReLU) would then give 0/0 = NaN and end the run.
    return check.real("eps", value, 0.0, lo_open=True)


def _weight_decay(value) -> float:
    return check.real("weight decay", value, 0.0)

_mul = np.multiply
_add = np.add
_sub = np.subtract
_div = np.divide
_sqrt = np.sqrt
_maximum = np.maximum


# ------------------------------------------------------------------------- base
# Below this many elements a ufunc call with a Python float costs more than the
# arithmetic (NumPy converts the scalar on every call, ~0.3 us), so constant
# coefficients are kept as full arrays; above it the extra memory traffic of an
# array operand costs more.  The results are the same either way.
_SMALL = 2048


class _Slot:
    """Per-position state: step count, buffers a-d (per optimizer), scratch, constants.

    The buffers are the rows of one (4, *shape) block, ``state``, zeros at first:
    the compiled path (:mod:`engine.kernels`) updates the same block in place.
    """

    __slots__ = ("shape", "t", "state", "a", "b", "c", "d", "tmp", "tmp2", "k", "small",
                 "lrv", "lra")

    def __init__(self, p: np.ndarray):
        self.shape = p.shape
        self.t = 0  # steps taken
        self.state = np.zeros((4, *p.shape))
        self.a = self.b = self.c = self.d = None
        self.tmp = np.empty_like(p)
        self.tmp2 = np.empty_like(p)
        self.small = p.size <= _SMALL
        self.k = ()
        self.lrv = None  # the learning-rate value held in lra (small arrays only)
        self.lra = np.empty_like(p) if self.small else None

    def consts(self, p: np.ndarray, *values: float) -> tuple:
        """The coefficients as full arrays (small positions) or as floats."""
        if self.small:
            return tuple(np.full_like(p, v) for v in values)
        return tuple(float(v) for v in values)

    def lr_operand(self, lr: float):
        """``lr`` as an array operand (small positions, refilled when it changes) or a float."""
        if not self.small:
            return lr
        if lr != self.lrv:
            self.lra.fill(lr)
            self.lrv = lr
        return self.lra


def _read_only(name: str) -> property:
    # Hyperparameters other than lr are fixed at construction (coefficients derived
    # from them are cached per position); build a new optimizer to change them.
    attr = "_" + name
    return property(lambda self: getattr(self, attr), doc=f"{name} (read-only)")


class Optimizer:
    """Base class: ``step(params, grads)`` updates each ``params[i]`` in place.

    ``lr`` is a plain attribute: a schedule or the UI may set it between steps,
    and the next step uses it.  The other hyperparameters are read-only.
    """

    name: str = ""
    formula: str = ""
    _PARAMS: tuple[str, ...] = ("lr",)  # constructor kwargs, in order
    _SHOWN: tuple[str, ...] = ("lr",)  # always in repr; others only when not default
    _DEFAULTS: dict = {}

    def __init__(self, lr: float):
        self.lr = _lr(lr)
        self._slots: list[_Slot] = []

    # -- subclass hooks
    def _new_slot(self, p: np.ndarray) -> _Slot:
        return _Slot(p)

    def _update(self, p: np.ndarray, g: np.ndarray, s: _Slot) -> None:
        raise NotImplementedError

    # -- public
    def step(self, params, grads) -> None:
        """Update every array of ``params`` in place from the same-position ``grads``."""
        slots = self._slots
        if len(params) == 1 and len(grads) == 1 and slots:  # the trainer's flat buffer
            p = params[0]
            g = grads[0]
            s = slots[0]
            if s.shape == p.shape == g.shape:
                self._update(p, g, s)
                return
        if len(params) != len(grads):
            raise ValueError(
                f"step() got {len(params)} parameter arrays and {len(grads)} gradients"
            )
        for i, p in enumerate(params):
            g = grads[i]
            if g.shape != p.shape:
                raise ValueError(
                    f"gradient {i} has shape {g.shape}, its parameter array has {p.shape}"
                )
            if i < len(slots):
                s = slots[i]
                if s.shape != p.shape:
                    s = slots[i] = self._new_slot(p)
            else:
                s = self._new_slot(p)
                slots.append(s)
            self._update(p, g, s)

    def reset(self) -> None:
        """Forget all state (step counts, momentum and moment buffers)."""
        self._slots = []

    def effective_rates(self) -> np.ndarray | None:
        """Per parameter of position 0, the step size the next update gives it per unit
        of gradient, where the optimizer gives each its own (Adagrad); None where one
        learning rate serves all."""
        return None

    def slot(self, p: np.ndarray) -> _Slot:
        """The state of position 0 for parameters like ``p`` (made if need be): what the
        compiled path updates in place, so either path can take the next step."""
        if not self._slots or self._slots[0].shape != p.shape:
            self._slots[:1] = [self._new_slot(p)]
        return self._slots[0]

    def params(self) -> dict:
        """The constructor's keyword arguments (JSON-ready): ``make(name, **params())``."""
        out = {}
        for k in self._PARAMS:
            v = getattr(self, k)
            out[k] = list(v) if isinstance(v, tuple) else (float(v) if k == "lr" else v)
        return out

    def __repr__(self) -> str:
        parts = []
        for k, v in self.params().items():
            if k not in self._SHOWN and self._DEFAULTS.get(k) == v:
                continue
            if isinstance(v, list):
                v = "(" + ", ".join(check.fmt(x) for x in v) + ")"
            elif isinstance(v, float):
                v = check.fmt(v)
            parts.append(f"{k}={v}")
        return f"{type(self).__name__}({', '.join(parts)})"


def _lerp(x: np.ndarray, end: np.ndarray, w: float, k, tmp: np.ndarray) -> None:
    """``x.lerp_(end, w)`` in place, in torch's two forms chosen by the weight.

    ``k`` is ``w`` (as an operand) when ``|w| < 0.5``, else ``1 - w``.
    """
    _sub(end, x, out=tmp)
    _mul(tmp, k, out=tmp)
    if abs(w) < 0.5:  # self + w*(end - self)
        _add(x, tmp, out=x)
    else:  # end - (end - self)*(1 - w)
        _sub(end, tmp, out=x)


def lerp_coef(w: float) -> float:
    """The coefficient _lerp multiplies by: w, or 1 - w for |w| >= 0.5 (torch's choice)."""
    return w if abs(w) < 0.5 else 1 - w


# -------------------------------------------------------------------------- SGD
class SGD(Optimizer):
    """Stochastic gradient descent, with momentum, dampening, Nesterov and L2 decay.

    Batch GD, SGD and mini-batch training all use this optimizer; they differ in
    the batch size only.
    """

    name = "sgd"
    formula = (
        "g ← g + wd·θ;  b ← μ·b + (1−dampening)·g  (b = g on the first step);  "
        "θ ← θ − lr·(g + μ·b if nesterov else b).  While lr is constant this is the "
        "textbook v ← μ·v − lr·g; θ ← θ + v, with v = −lr·b"
    )
    _PARAMS = ("lr", "momentum", "dampening", "nesterov", "weight_decay")
    _DEFAULTS = {"momentum": 0.0, "dampening": 0.0, "nesterov": False, "weight_decay": 0.0}
    momentum = _read_only("momentum")
    dampening = _read_only("dampening")
    nesterov = _read_only("nesterov")
    weight_decay = _read_only("weight_decay")

    def __init__(self, lr=0.01, momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0):
        super().__init__(lr)
        self._momentum = check.real("momentum", momentum, 0.0, 1.0, hi_open=True)
        self._dampening = check.real("dampening", dampening, 0.0, 1.0)
        check.flag("nesterov", nesterov)
        if nesterov and (self._momentum <= 0.0 or self._dampening != 0.0):
            raise PlaygroundError(
                "nesterov momentum needs momentum > 0 and dampening = 0, "
                f"got momentum={check.show(momentum)}, dampening={check.show(dampening)}"
            )
        self._nesterov = nesterov
        self._weight_decay = _weight_decay(weight_decay)

    def _new_slot(self, p):
        s = _Slot(p)
        # weight decay, momentum, 1 - dampening
        s.k = s.consts(p, self._weight_decay, self._momentum, 1.0 - self._dampening)
        return s

    def _update(self, p, g, s):
        tmp = s.tmp
        if self._weight_decay != 0.0:  # torch: grad = grad.add(param, alpha=wd)
            gw = s.tmp2
            _mul(p, s.k[0], out=gw)
            _add(g, gw, out=gw)
            g = gw
        if self._momentum != 0.0:
            _, mu, keep = s.k
            buf = s.a
            if buf is None:  # first step: torch's buf = clone(grad), no dampening
                buf = s.a = s.state[0]
                np.copyto(buf, g)
            else:  # torch: buf.mul_(momentum).add_(grad, alpha=1 - dampening)
                _mul(buf, mu, out=buf)
                if self._dampening == 0.0:
                    _add(buf, g, out=buf)
                else:
                    _mul(g, keep, out=tmp)
                    _add(buf, tmp, out=buf)
            if self._nesterov:  # torch: grad = grad.add(buf, alpha=momentum)
                _mul(buf, mu, out=tmp)
                _add(g, tmp, out=tmp)
                g = tmp
            else:
                g = buf
        # torch: param.add_(grad, alpha=-lr), here p - lr*g (the product rounded)
        _mul(g, s.lr_operand(self.lr), out=tmp)
        _sub(p, tmp, out=p)
        s.t += 1


# ---------------------------------------------------------------------- Adagrad
class Adagrad(Optimizer):
    """Adagrad: each weight's step shrinks with the sum of its squared gradients."""

    name = "adagrad"
    formula = "s ← s + g²;  θ ← θ − lr/(1 + (t−1)·lr_decay) · g/\u2060(√s\u00a0+\u00a0ε)"
    _PARAMS = ("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps")
    _DEFAULTS = {
        "lr_decay": 0.0,
        "weight_decay": 0.0,
        "initial_accumulator_value": 0.0,
        "eps": 1e-10,
    }
    lr_decay = _read_only("lr_decay")
    weight_decay = _read_only("weight_decay")
    initial_accumulator_value = _read_only("initial_accumulator_value")
    eps = _read_only("eps")

    def __init__(
        self, lr=1e-2, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10
    ):
        super().__init__(lr)
        self._lr_decay = check.real("lr_decay", lr_decay, 0.0)
        self._weight_decay = _weight_decay(weight_decay)
        self._initial_accumulator_value = check.real(
            "initial_accumulator_value", initial_accumulator_value, 0.0
        )
        self._eps = _eps(eps)

    def effective_rates(self) -> np.ndarray | None:
        """lr / (1 + t·lr_decay) / (√s + ε): each weight's rate, shrinking with its own
        sum of squared gradients ``s`` (as the next update computes it)."""
        if not self._slots:
            return None
        s = self._slots[0]
        clr = self.lr / (1 + s.t * self._lr_decay)
        return clr / (np.sqrt(s.state[0]) + self._eps)

    def _new_slot(self, p):
        s = _Slot(p)
        s.a = s.state[0]  # state_sum
        s.a.fill(self._initial_accumulator_value)
        s.b = s.state[1]  # std (scratch)
        s.k = s.consts(p, self._weight_decay, self._eps)
        return s

    def _update(self, p, g, s):
        tmp = s.tmp
        s.t += 1
        wd, eps = s.k
        if self._weight_decay != 0.0:
            gw = s.tmp2
            _mul(p, wd, out=gw)
            _add(g, gw, out=gw)
            g = gw
        total, std = s.a, s.b
        _mul(g, g, out=tmp)  # state_sum.addcmul_(grad, grad, value=1)
        _add(total, tmp, out=total)
        _sqrt(total, out=std)  # std = state_sum.sqrt().add_(eps)
        _add(std, eps, out=std)
        # param.addcdiv_(grad, std, value=-clr)
        if self._lr_decay == 0.0:
            neg_clr = s.lr_operand(-self.lr)  # clr = lr / (1 + (t-1)*0) = lr exactly
        else:
            neg_clr = -(self.lr / (1 + (s.t - 1) * self._lr_decay))
        _mul(g, neg_clr, out=tmp)
        _div(tmp, std, out=tmp)
        _add(p, tmp, out=p)


# ---------------------------------------------------------------------- RMSprop
class RMSprop(Optimizer):
    """RMSprop: divide by a moving root-mean-square of the gradient (torch's form)."""

    name = "rmsprop"
    formula = (
        "v ← α·v + (1−α)·g²;  centered: ḡ ← α·ḡ + (1−α)·g, v̂ = v − ḡ² (else v̂ = v);  "
        "μ > 0: b ← μ·b + g/(√v̂ + ε), θ ← θ − lr·b;  μ = 0: θ ← θ − lr·g/(√v̂ + ε)"
    )
    _PARAMS = ("lr", "alpha", "eps", "weight_decay", "momentum", "centered")
    _SHOWN = ("lr", "alpha", "eps")
    _DEFAULTS = {
        "alpha": 0.99,
        "eps": 1e-8,
        "weight_decay": 0.0,
        "momentum": 0.0,
        "centered": False,
    }
    alpha = _read_only("alpha")
    eps = _read_only("eps")
    weight_decay = _read_only("weight_decay")
    momentum = _read_only("momentum")
    centered = _read_only("centered")

    def __init__(
        self, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False
    ):
        super().__init__(lr)
        self._alpha = check.real("alpha", alpha, 0.0, 1.0)
        self._eps = _eps(eps)
        self._weight_decay = _weight_decay(weight_decay)
        self._momentum = check.real("momentum", momentum, 0.0, 1.0, hi_open=True)
        self._centered = check.flag("centered", centered)

    def _new_slot(self, p):
        s = _Slot(p)
        s.a = s.state[0]  # square_avg
        s.b = s.state[1]  # avg (scratch)
        s.c = s.state[2]  # momentum_buffer
        s.d = s.state[3]  # grad_avg
        a = self._alpha
        s.k = s.consts(
            p, self._weight_decay, 1 - a, a, lerp_coef(1 - a), self._eps, self._momentum
        )
        return s

    def _update(self, p, g, s):
        tmp = s.tmp
        s.t += 1
        wd, one_minus_alpha, alpha, lerp_k, eps, mu = s.k
        if self._weight_decay != 0.0:
            gw = s.tmp2
            _mul(p, wd, out=gw)
            _add(g, gw, out=gw)
            g = gw
        sq, avg = s.a, s.b
        # square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        _mul(g, one_minus_alpha, out=tmp)
        _mul(tmp, g, out=tmp)
        _mul(sq, alpha, out=sq)
        _add(sq, tmp, out=sq)
        if self._centered:
            ga = s.d
            _lerp(ga, g, 1 - self._alpha, lerp_k, tmp)  # grad_avg.lerp_(grad, 1 - alpha)
            # avg = square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
            _mul(ga, ga, out=tmp)
            _sub(sq, tmp, out=avg)
            # Rounding can leave v - ḡ² a hair below 0 once the gradient has been
            # constant for long; torch then takes sqrt of it and gets NaN.  Clamping
            # changes nothing where torch's result is a number.
            _maximum(avg, 0.0, out=avg)
            _sqrt(avg, out=avg)
        else:
            _sqrt(sq, out=avg)
        _add(avg, eps, out=avg)
        if self._momentum > 0:
            # buf.mul_(momentum).addcdiv_(grad, avg); param.add_(buf, alpha=-lr)
            buf = s.c
            _mul(buf, mu, out=buf)
            _div(g, avg, out=tmp)
            _add(buf, tmp, out=buf)
            _mul(buf, s.lr_operand(self.lr), out=tmp)
            _sub(p, tmp, out=p)
        else:
            # param.addcdiv_(grad, avg, value=-lr)
            _mul(g, s.lr_operand(-self.lr), out=tmp)
            _div(tmp, avg, out=tmp)
            _add(p, tmp, out=p)


# ------------------------------------------------------------------------- Adam
class Adam(Optimizer):
    """Adam: moving averages of the gradient and its square, bias-corrected."""

    name = "adam"
    formula = (
        "m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  θ ← θ − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε)"
    )
    _PARAMS = ("lr", "betas", "eps", "weight_decay")
    _SHOWN = ("lr", "betas", "eps")
    _DEFAULTS = {"betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.0}
    betas = _read_only("betas")
    eps = _read_only("eps")
    weight_decay = _read_only("weight_decay")

    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(lr)
        if isinstance(betas, (str, bytes)) or not hasattr(betas, "__len__") or len(betas) != 2:
            raise PlaygroundError(f"betas must be a pair (beta1, beta2), got {betas!r}")
        self._betas = (
            check.real("beta1", betas[0], 0.0, 1.0, hi_open=True),
            check.real("beta2", betas[1], 0.0, 1.0, hi_open=True),
        )
        self._eps = _eps(eps)
        self._weight_decay = _weight_decay(weight_decay)

    def _new_slot(self, p):
        s = _Slot(p)
        s.a = s.state[0]  # exp_avg
        s.b = s.state[1]  # exp_avg_sq
        s.c = s.state[2]  # denom (scratch)
        b1, b2 = self._betas
        s.k = s.consts(p, self._weight_decay, lerp_coef(1 - b1), 1 - b2, b2, self._eps)
        return s

    def _update(self, p, g, s):
        tmp = s.tmp
        s.t += 1
        t = s.t
        wd, lerp_k, one_minus_beta2, beta2_k, eps = s.k
        if self._weight_decay != 0.0:
            gw = s.tmp2
            _mul(p, wd, out=gw)
            _add(g, gw, out=gw)
            g = gw
        beta1, beta2 = self._betas
        m, v, denom = s.a, s.b, s.c
        _lerp(m, g, 1 - beta1, lerp_k, tmp)  # exp_avg.lerp_(grad, 1 - beta1)
        # exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        _mul(g, one_minus_beta2, out=tmp)
        _mul(tmp, g, out=tmp)
        _mul(v, beta2_k, out=v)
        _add(v, tmp, out=v)
        step_size = self.lr / (1 - beta1**t)
        bias_correction2_sqrt = (1 - beta2**t) ** 0.5
        # denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
        _sqrt(v, out=denom)
        _div(denom, bias_correction2_sqrt, out=denom)
        _add(denom, eps, out=denom)
        # param.addcdiv_(exp_avg, denom, value=-step_size)
        _mul(m, -step_size, out=tmp)
        _div(tmp, denom, out=tmp)
        _add(p, tmp, out=p)


# ------------------------------------------------------------------------- make
_CLASSES: dict[str, type[Optimizer]] = {c.name: c for c in (SGD, Adagrad, RMSprop, Adam)}


def defaults(name: str) -> dict:
    """The optimizer's parameters besides lr, in constructor order, at their defaults
    (what an editor for it shows): ``defaults("adam")`` -> betas, eps, weight_decay."""
    p = make(name, lr=1.0).params()
    p.pop("lr")
    return p


def make(name: str, **kwargs) -> Optimizer:
    """Build an optimizer by name (one of ``NAMES``) with keyword arguments."""
    cls = _CLASSES.get(name) if isinstance(name, str) else None
    if cls is None:
        raise PlaygroundError(f"unknown optimizer {name!r}; choose one of {', '.join(NAMES)}")
    for k in kwargs:
        if k not in cls._PARAMS:
            raise PlaygroundError(
                f"unknown argument {k!r} for optimizer {name!r}; it takes {', '.join(cls._PARAMS)}"
            )
    return cls(**kwargs)


__all__ = ["NAMES", "Optimizer", "SGD", "Adagrad", "RMSprop", "Adam", "defaults", "make"]
