"""The compiled path (engine.kernels through engine.fastpath) against the NumPy reference.

Same seed, same run: the same batches, dropout masks, epochs, stops and (within a
stated bound) the same numbers.  The bound: after a run, every parameter and every
recorded loss agrees to ``1e-9 * (1 + |value|)``.  What may differ (see
engine/kernels.py): the order of the sums in narrow layers' products and the last
bits of tanh and exp.  Measured: at most 6e-12 after 100 steps of the dropout
lesson, ~1e-15 elsewhere; a real mistake (a wrong formula, a skipped step, a mask
out of step) moves the numbers by 1e-3 or more.  The optimizers' updates are the
same operations in the same order, so the recorded PyTorch trajectories hold on
the compiled path exactly as on the reference.
"""

import itertools
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import engine
from engine import LayerSpec, NetworkSpec, TrainConfig, fastpath, optimizers

ROOT = Path(__file__).resolve().parents[2]
# where the project depends on numba (pyproject.toml's markers): the path must be there
SUPPORTED = (platform.system(), platform.machine()) in {
    ("Linux", "x86_64"), ("Linux", "aarch64"), ("Darwin", "arm64"), ("Windows", "AMD64")}


@pytest.fixture(scope="module", autouse=True)
def compiled():
    if not fastpath.load():
        if SUPPORTED:
            pytest.fail(f"the compiled path did not load: {fastpath.why_not()}")
        pytest.skip(f"numba is not a dependency on {platform.system()} {platform.machine()}")


def close(a, b, what=""):
    a, b = np.asarray(a, float), np.asarray(b, float)
    assert a.shape == b.shape, what
    both_nan = np.isnan(a) & np.isnan(b)
    err = np.where(both_nan, 0.0, np.abs(a - b) - 1e-9 * (1 + np.abs(a)))
    assert (err <= 0).all(), f"{what}: off by {np.nanmax(np.abs(a - b)):.3g}"


def pair(spec, config, data="circle", n=60):
    d = engine.DataSettings(data, n=n, noise=0.1, seed=1) if data not in ("and", "or", "xor") \
        else engine.DataSettings(data, ratios=(1.0, 0.0, 0.0))
    split = d.build_split()
    ref = engine.Trainer(spec, split, config)
    fast = engine.Trainer(spec, split, config)
    assert fast.use_compiled() and fast.compiled and not ref.compiled
    return ref, fast


def same_run(ref, fast):
    assert (fast.steps, fast.epoch, fast.done, fast.stop_reason, fast.best_epoch) == (
        ref.steps, ref.epoch, ref.done, ref.stop_reason, ref.best_epoch)
    close(fast.network.params, ref.network.params, "parameters")
    for key in ("loss", "val_loss", "accuracy", "val_accuracy", "lr"):
        a = [np.nan if v is None else v for v in ref.history[key]]
        b = [np.nan if v is None else v for v in fast.history[key]]
        close(b, a, key)
    for m_ref, m_fast in zip(ref.network.dropout_masks(), fast.network.dropout_masks()):
        assert (m_ref is None) == (m_fast is None)
        if m_ref is not None:
            np.testing.assert_array_equal(m_fast, m_ref)  # drawn from the same generator


HIDDEN = ("sigmoid", "tanh", "relu", "leaky_relu", "linear")
LOSSES = {"mse": ("linear", 1, "plane"), "bce": ("sigmoid", 1, "circle"),
          "cce": ("softmax", 3, "multiclass")}
OPTIMIZERS = {
    "sgd": ("sgd", {}),
    "momentum": ("sgd", {"momentum": 0.9}),
    "nesterov-wd": ("sgd", {"momentum": 0.8, "nesterov": True, "weight_decay": 1e-3}),
    "dampening": ("sgd", {"momentum": 0.5, "dampening": 0.3}),
    "adagrad": ("adagrad", {"lr_decay": 0.01, "weight_decay": 1e-3,
                            "initial_accumulator_value": 0.1}),
    "rmsprop": ("rmsprop", {}),
    "rmsprop-centered": ("rmsprop", {"centered": True, "momentum": 0.5, "alpha": 0.9}),
    "adam": ("adam", {"betas": (0.8, 0.99), "weight_decay": 1e-3}),
}


@pytest.mark.parametrize(
    "activation, loss, optimizer",
    list(itertools.product(HIDDEN, LOSSES, OPTIMIZERS)))
def test_every_activation_loss_and_optimizer_runs_the_same_on_both_paths(
        activation, loss, optimizer):
    out, units, data = LOSSES[loss]
    name, params = OPTIMIZERS[optimizer]
    lr = {"sgd": 0.02, "adagrad": 0.05, "rmsprop": 0.005, "adam": 0.01}[name]
    for dropout, batch in itertools.product((0.0, 0.3), (1, 7, 0)):
        spec = NetworkSpec(("x1", "x2", "x1*x2"), (
            LayerSpec(5, activation, dropout), LayerSpec(3, activation), LayerSpec(units, out)))
        config = TrainConfig(loss=loss, optimizer=name, lr=lr, optimizer_params=params,
                             batch_size=batch, epochs=1000, l1=1e-4, l2=1e-3, seed=3)
        ref, fast = pair(spec, config, data)
        ref.run_steps(60)
        fast.run_steps(60)
        same_run(ref, fast)


def test_wide_layers_go_to_blas_and_agree():
    spec = NetworkSpec(("x1", "x2"), (LayerSpec(48, "relu", 0.2), LayerSpec(48, "relu"),
                                      LayerSpec(1, "sigmoid")))
    config = TrainConfig(loss="bce", optimizer="adam", lr=1e-3, batch_size=32, epochs=1000)
    ref, fast = pair(spec, config, n=300)
    ref.run_steps(80)
    fast.run_steps(80)
    same_run(ref, fast)


@pytest.mark.parametrize("lesson", engine.presets.NAMES)
def test_every_lesson_runs_the_same_on_both_paths(lesson):
    p = engine.presets.load(lesson)
    split = p.data.build_split()
    ref = engine.Trainer(p.network, split, p.training)
    fast = engine.Trainer(p.network, split, p.training)
    fast.use_compiled()
    ref.run_steps(300)
    fast.run_steps(300)
    same_run(ref, fast)


def test_the_perceptron_rule_is_the_same_bit_for_bit():
    spec = NetworkSpec(("x1", "x2"), (LayerSpec(1, "step"),))
    config = TrainConfig(loss="mse", lr=0.1, batch_size=1, epochs=50)
    ref, fast = pair(spec, config, "or")
    ref.run()
    fast.run()
    np.testing.assert_array_equal(fast.network.params, ref.network.params)
    assert fast.stop_reason == ref.stop_reason and fast.stop_reason.startswith("converged")


def test_divergence_stops_both_paths_at_the_same_step_with_the_last_finite_weights():
    p = engine.presets.load("lr-too-large")
    config = p.training.replace(lr=50.0, epochs=100_000)
    split = p.data.build_split()
    ref = engine.Trainer(p.network, split, config)
    fast = engine.Trainer(p.network, split, config)
    fast.use_compiled()
    ref.run()
    fast.run()
    assert ref.stop_reason.startswith("diverged") and fast.stop_reason == ref.stop_reason
    assert fast.steps == ref.steps
    assert np.isfinite(fast.network.params).all()
    close(fast.network.params, ref.network.params, "restored weights")


def test_early_stopping_stops_at_the_same_epoch_with_the_same_best_weights():
    p = engine.presets.load("early-stopping")
    split = p.data.build_split()
    ref = engine.Trainer(p.network, split, p.training)
    fast = engine.Trainer(p.network, split, p.training)
    fast.use_compiled()
    ref.run()
    fast.run()
    assert ref.stopped_early and fast.stopped_early
    same_run(ref, fast)
    close([fast.test_loss], [ref.test_loss], "test loss")


def test_a_run_can_switch_paths_at_any_step():
    """The worker starts on the reference path and switches once the kernels are
    loaded: the run goes on as if it had never switched."""
    p = engine.presets.load("dropout")
    split = p.data.build_split()
    ref = engine.Trainer(p.network, split, p.training)
    mixed = engine.Trainer(p.network, split, p.training)
    ref.run_steps(250)
    mixed.run_steps(37)  # inside an epoch, optimizer state and all
    mixed.use_compiled()
    mixed.run_steps(150)
    mixed.use_compiled(False)
    mixed.run_steps(63)
    same_run(ref, mixed)


# ---------------------------------------------------------------- PyTorch's trajectories
_DATA = json.loads((Path(__file__).parent / "torch_optim_cases.json").read_text())


@pytest.mark.parametrize("case", _DATA["cases"], ids=[c["id"] for c in _DATA["cases"]])
def test_the_compiled_optimizers_follow_torch_as_the_reference_does(case):
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in case["kwargs"].items()}
    opt = optimizers.make(case["name"], **kwargs)
    p = np.array(_DATA["p0"])
    compiled = fastpath.CompiledOptimizer(opt, p)
    got = []
    for k, g in enumerate(_DATA["grads"]):
        if case["lrs"] is not None:
            opt.lr = case["lrs"][k]
        compiled.step(p, np.array(g))
        got.append(p.copy())
    expected = np.array(case["expected"])
    if case["exact"]:
        np.testing.assert_array_equal(np.array(got), expected)
    else:
        np.testing.assert_array_max_ulp(np.array(got), expected, maxulp=2)


def test_the_environment_switches_the_compiled_path_off(monkeypatch):
    monkeypatch.setenv(fastpath.ENV, "0")
    assert not fastpath.enabled() and not fastpath.load()
    assert "PLAYGROUND_JIT=0" in fastpath.why_not()


def test_the_kernel_cache_works_where_the_package_cannot_be_written(tmp_path):
    """Installed read-only, numba keeps its cache in the user's cache folder: a second
    process loads the kernel from there instead of compiling it again."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(ROOT / "engine", site / "engine",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (site / "engine" / "__pycache__").write_text("not a folder: nothing can be written here")
    env = dict(os.environ, HOME=str(tmp_path / "home"), XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("NUMBA_CACHE_DIR", None)
    # this copy, not an installed engine (an editable install's finder comes first)
    code = (f"import sys; sys.path.insert(0, {str(site)!r}); "
            "sys.meta_path[:] = [f for f in sys.meta_path if 'editable' not in repr(f)]; "
            "import numpy as np; from engine import kernels as k; "
            f"assert k.__file__.startswith({str(site)!r}), k.__file__; "
            "assert k._finite_norm(np.ones(5)); "
            "print(sum(k._finite_norm.stats.cache_hits.values()))")
    runs = [subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                           text=True, timeout=300, cwd=tmp_path) for _ in range(2)]
    for r in runs:
        assert r.returncode == 0, r.stderr[-2000:]
    assert runs[0].stdout.strip() == "0" and runs[1].stdout.strip() == "1"
    cached = list((tmp_path / "cache").rglob("*.nbi"))
    assert cached, "no cache index in the user's cache folder"


def test_loading_compiles_every_kernel_the_lessons_use():
    """Loading compiles (or loads) each kernel once; nothing the lessons do compiles
    another signature later (a compile in the middle of training takes seconds)."""
    from engine import kernels

    before = {f: len(getattr(kernels, f).signatures)
              for f in ("train_steps", "evaluate", "train_epochs")}
    assert all(n == 1 for n in before.values()), before
    for name in engine.presets.NAMES:
        p = engine.presets.load(name)
        tr = engine.Trainer(p.network, p.data.build_split(), p.training)
        tr.use_compiled()
        tr.run_steps(40)
    after = {f: len(getattr(kernels, f).signatures) for f in before}
    assert after == before
