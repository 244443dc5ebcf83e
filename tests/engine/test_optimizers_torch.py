"""engine.optimizers against torch.optim.

The expected trajectories (torch_optim_cases.json) were computed once with PyTorch 2.13.0 (CPU,
AVX2 build, float64, ``foreach=False``) by a throwaway script; torch is not
needed to run these tests.  Each case starts from ``P0`` and steps with the
gradients ``G`` (one row per step); ``expected[k]`` is torch's parameter after
step k+1.

Exactness: torch's CPU kernels round ``add(alpha=)``, ``addcmul`` and ``lerp``
once (fused multiply-add) and its float64 sqrt (MKL) is off by an ulp on ~1% of
elements; NumPy rounds the product and the sum separately and has a correctly
rounded sqrt.  So cases marked ``exact=True`` matched torch bit for bit on this
data and are asserted with ``assert_array_equal``; the others (``exact=False``,
off by 1 ulp at most here) with ``assert_array_max_ulp(maxulp=2)``.
``test_torch_operation_order`` pins the operation order itself, bit for bit.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from engine import optimizers
from engine.optimizers import SGD

_DATA = json.loads((Path(__file__).parent / "torch_optim_cases.json").read_text())
P0 = _DATA["p0"]
G = _DATA["grads"]  # one row per step


@dataclass
class Case:
    id: str
    name: str
    kwargs: dict  # (JSON lists back to tuples: betas)
    lrs: list | None  # learning rates set before each step (a schedule or the UI)
    exact: bool
    expected: list


CASES = [
    Case(**{**c, "kwargs": {k: tuple(v) if isinstance(v, list) else v
                            for k, v in c["kwargs"].items()}})
    for c in _DATA["cases"]
]


def _run(case: Case) -> np.ndarray:
    opt = optimizers.make(case.name, **case.kwargs)
    p = np.array(P0)
    out = []
    for k, g in enumerate(G):
        if case.lrs is not None:
            opt.lr = case.lrs[k]
        opt.step([p], [np.array(g)])
        out.append(p.copy())
    return np.array(out)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_matches_torch(case):
    got = _run(case)
    expected = np.array(case.expected)
    if case.exact:
        np.testing.assert_array_equal(got, expected)
    else:
        np.testing.assert_array_max_ulp(got, expected, maxulp=2)


def test_lr_changes_are_used_by_the_next_step():
    case = next(c for c in CASES if c.id == "sgd-momentum-lr-changes")
    constant = next(c for c in CASES if c.id == "sgd-momentum")
    got = _run(case)
    # the first two steps use lr 0.1 in both cases, the third does not
    np.testing.assert_array_max_ulp(got[:2], np.array(constant.expected[:2]), maxulp=2)
    assert not np.allclose(got[2], constant.expected[2])


# ---------------------------------------------------------------- operation order
def _torch_sequence(name, kw, p0, grads, lrs):
    """torch's single-tensor updates transcribed op by op, each fused multiply-add
    of torch (add with alpha, addcmul, lerp) written as a rounded product plus a sum.
    """
    p = p0.copy()
    st = {"t": 0}
    for k, g in enumerate(grads):
        lr = lrs[k]
        st["t"] += 1
        t = float(st["t"])
        wd = kw.get("weight_decay", 0.0)
        if wd:
            g = g + p * wd  # grad.add(param, alpha=wd)
        if name == "sgd":
            mu, d = kw.get("momentum", 0.0), kw.get("dampening", 0.0)
            if mu:
                if "buf" not in st:
                    st["buf"] = g.copy()
                else:
                    st["buf"] = st["buf"] * mu + g * (1 - d)
                g = g + st["buf"] * mu if kw.get("nesterov") else st["buf"]
            p = p + g * -lr  # param.add_(grad, alpha=-lr)
        elif name == "adagrad":
            s = st.setdefault("sum", np.full_like(p, kw.get("initial_accumulator_value", 0.0)))
            clr = lr / (1 + (t - 1) * kw.get("lr_decay", 0.0))
            st["sum"] = s + (1 * g) * g
            std = np.sqrt(st["sum"]) + kw.get("eps", 1e-10)
            p = p + ((-clr) * g) / std  # addcdiv_(grad, std, value=-clr)
        elif name == "rmsprop":
            alpha, eps, mu = kw.get("alpha", 0.99), kw.get("eps", 1e-8), kw.get("momentum", 0.0)
            sq = st.setdefault("sq", np.zeros_like(p))
            st["sq"] = sq * alpha + ((1 - alpha) * g) * g
            if kw.get("centered"):
                ga = st.setdefault("ga", np.zeros_like(p))
                w = 1 - alpha
                st["ga"] = ga + w * (g - ga) if abs(w) < 0.5 else g - (g - ga) * (1 - w)
                avg = np.sqrt(st["sq"] + (-1 * st["ga"]) * st["ga"])
            else:
                avg = np.sqrt(st["sq"])
            avg = avg + eps
            if mu > 0:
                st["buf"] = st.get("buf", np.zeros_like(p)) * mu + (1 * g) / avg
                p = p + st["buf"] * -lr
            else:
                p = p + ((-lr) * g) / avg
        elif name == "adam":
            (b1, b2), eps = kw.get("betas", (0.9, 0.999)), kw.get("eps", 1e-8)
            m = st.setdefault("m", np.zeros_like(p))
            v = st.setdefault("v", np.zeros_like(p))
            w = 1 - b1
            st["m"] = m + w * (g - m) if abs(w) < 0.5 else g - (g - m) * (1 - w)
            st["v"] = v * b2 + ((1 - b2) * g) * g
            step_size = lr / (1 - b1**t)
            denom = (np.sqrt(st["v"]) / (1 - b2**t) ** 0.5) + eps
            p = p + ((-step_size) * st["m"]) / denom
    return p


ORDER_CASES = [
    ("sgd", dict(lr=0.1)),
    ("sgd", dict(lr=0.05, momentum=0.8, dampening=0.3, weight_decay=0.01)),
    ("sgd", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.001)),
    ("adagrad", dict(lr=0.1, lr_decay=0.05, initial_accumulator_value=0.1, weight_decay=0.01)),
    ("rmsprop", dict(lr=0.01, alpha=0.9, momentum=0.5, centered=True, weight_decay=0.01)),
    ("rmsprop", dict(lr=0.01, alpha=0.3, centered=True)),
    ("rmsprop", dict(lr=0.01)),
    ("adam", dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.01)),
    ("adam", dict(lr=0.05, betas=(0.3, 0.9))),
]


@pytest.mark.parametrize("n", [200, 3000], ids=["small", "large"])  # both sides of _SMALL
@pytest.mark.parametrize(("name", "kw"), ORDER_CASES)
def test_torch_operation_order(name, kw, n):
    """Bit for bit equal to torch's sequence of roundings (fused ops unfused),
    on data whose magnitudes vary enough that another order would round differently."""
    assert 200 <= optimizers._SMALL < 3000
    rng = np.random.default_rng(20261128)
    steps = 25
    p0 = rng.standard_normal(n)
    grads = rng.standard_normal((steps, n)) * rng.choice([1e-3, 1.0, 30.0], size=(steps, n))
    lrs = list(kw["lr"] * rng.choice([0.3, 1.0, 1.7], size=steps))
    opt = optimizers.make(name, **kw)
    p = p0.copy()
    for k in range(steps):
        opt.lr = lrs[k]
        opt.step([p], [grads[k]])
    np.testing.assert_array_equal(p, _torch_sequence(name, kw, p0, grads, lrs))


def test_plain_sgd_is_p_minus_lr_g():
    rng = np.random.default_rng(1)
    p, g = rng.standard_normal(1000), rng.standard_normal(1000) * 7
    expected = p - 0.03 * g
    SGD(lr=0.03).step([p], [g])
    np.testing.assert_array_equal(p, expected)
