"""The trained network out of the app: ONNX (run in onnxruntime), PyTorch and Keras scripts,
and the command line that writes them (``playground train --save``, ``playground export``)."""

from __future__ import annotations

import importlib.util
import json
import os
import runpy
import subprocess
import sys

import numpy as np
import pytest

import engine
from engine import presets
from engine.data import features
from playground import modelexport
from playground.cli import make_trainer

from .test_cli import cli, env

CASES = ["mlp-xor", "spiral", "multiclass", "regression", "perceptron-and", "activations"]


def _trained(name, epochs=5, leaky=False):
    p = presets.load(name)
    if leaky:  # every hidden activation exported at least once
        spec = p.network
        layers = tuple(engine.LayerSpec(la.units, "leaky_relu") if i < len(spec.hidden) else la
                       for i, la in enumerate(spec.layers))
        p = p.replace(network=engine.NetworkSpec(spec.inputs, layers))
    tr = make_trainer(p)
    tr.run(epochs)
    return p.replace(weights=tuple(tr.network.get_weights())), tr


def _engine_out(p, tr, X):
    return tr.network.forward(features.transform(p.network.inputs, X))


def _points(tr):
    rng = np.random.default_rng(0)
    x0, x1, y0, y1 = tr.split.train.bounds
    return np.column_stack([rng.uniform(x0, x1, 64), rng.uniform(y0, y1, 64)])


@pytest.mark.parametrize("name", [*CASES, "leaky"])
def test_the_onnx_model_runs_in_onnxruntime_and_gives_the_engines_outputs(name):
    ort = pytest.importorskip("onnxruntime", reason="the test extra installs onnxruntime")
    p, tr = _trained("circle" if name == "leaky" else name, leaky=name == "leaky")
    X = _points(tr)
    session = ort.InferenceSession(modelexport.onnx_bytes(p))
    (inp,), (out,) = session.get_inputs(), session.get_outputs()
    assert inp.name == "points" and inp.shape[1] == 2 and out.name == "output"
    got = session.run(None, {"points": X.astype(np.float32)})[0]
    np.testing.assert_allclose(got, _engine_out(p, tr, X), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("name", [*CASES, "leaky"])
def test_the_pytorch_script_defines_the_same_network(name, tmp_path):
    if importlib.util.find_spec("torch") is None:
        pytest.skip("torch is not installed here: the PyTorch script cannot be run")
    p, tr = _trained("circle" if name == "leaky" else name, leaky=name == "leaky")
    path = modelexport.export(p, "torch", tmp_path / "model.py")
    X = _points(tr)
    module = runpy.run_path(str(path))
    np.testing.assert_allclose(module["predict"](X), _engine_out(p, tr, X),
                               rtol=1e-9, atol=1e-12)
    # run as a program: the outputs for the points on its command line
    r = subprocess.run([sys.executable, str(path), "0.5,-1", "2,0.25"], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    want = _engine_out(p, tr, np.array([[0.5, -1.0], [2.0, 0.25]]))
    for line, row in zip(lines, want):
        printed = json.loads(line.split("] ", 1)[1])
        np.testing.assert_allclose(printed, row, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("name", ["spiral", "multiclass", "perceptron-and"])
def test_the_keras_script_defines_the_same_network(name, tmp_path, monkeypatch):
    if importlib.util.find_spec("keras") is None:
        pytest.skip("keras is not installed here: the Keras script cannot be run")
    if importlib.util.find_spec("torch") is not None:
        monkeypatch.setenv("KERAS_BACKEND", os.environ.get("KERAS_BACKEND", "torch"))
    p, tr = _trained(name)
    path = modelexport.export(p, "keras", tmp_path / "model_keras.py")
    X = _points(tr)
    module = runpy.run_path(str(path))
    np.testing.assert_allclose(module["predict"](X), _engine_out(p, tr, X),
                               rtol=1e-5, atol=1e-6)


def test_a_project_without_weights_is_refused_by_the_exporter():
    with pytest.raises(engine.PlaygroundError, match="no trained weights"):
        modelexport.torch_script(presets.load("mlp-xor"))
    with pytest.raises(engine.PlaygroundError, match="unknown export format"):
        modelexport.export(presets.load("mlp-xor"), "tflite", "x")


def test_without_the_onnx_package_the_message_says_what_to_install(monkeypatch):
    p, _ = _trained("mlp-xor")
    monkeypatch.setitem(sys.modules, "onnx", None)  # import onnx raises ImportError
    with pytest.raises(engine.PlaygroundError, match=r"pip install 'nn-playground\[export\]'"):
        modelexport.onnx_bytes(p)


def test_train_save_then_export_from_the_command_line(tmp_path):
    """train --save writes the trained project; export writes from it without training;
    a lesson without weights is trained first; the outputs match the engine's."""
    r = cli(["train", "--preset", "moons", "--epochs", "20", "--save", "moons.json", "--json"],
            tmp_path)
    assert r.returncode == 0, r.stderr
    saved = engine.project.load(tmp_path / "moons.json")
    assert saved.weights is not None and saved.training.epochs == 20
    summary = json.loads(r.stdout.strip().splitlines()[-1])
    tr = engine.Trainer(saved.network, saved.data.build_split(), saved.training)
    tr.network.set_weights(saved.weights)
    assert tr.evaluate("test")[0] == pytest.approx(summary["test_loss"], rel=1e-9)
    r = cli(["export", "moons.json", "--torch", "moons_torch.py", "--keras", "moons_keras.py"],
            tmp_path)
    assert r.returncode == 0, r.stderr
    assert "training it first" not in r.stderr
    assert (tmp_path / "moons_torch.py").exists() and (tmp_path / "moons_keras.py").exists()
    r = cli(["export", "--preset", "mlp-xor", "--torch", "xor.py"], tmp_path)
    assert r.returncode == 0 and "no weights yet: training it first" in r.stderr
    if importlib.util.find_spec("torch") is not None:
        out = subprocess.run([sys.executable, "xor.py", "0,1", "1,1"], cwd=tmp_path, env=env(),
                             capture_output=True, text=True, timeout=120)
        values = [json.loads(line.split("] ", 1)[1])[0] for line in out.stdout.splitlines()]
        assert values[0] > 0.5 > values[1]  # XOR learnt, exported, run: 0,1 -> 1; 1,1 -> 0


@pytest.mark.parametrize(("args", "message"), [
    (["export", "--preset", "mlp-xor"], "say what to write"),
    (["export", "--preset", "nope", "--torch", "x.py"], "unknown preset 'nope'"),
    (["export", "--preset", "mlp-xor", "--onnx", "no/such/folder/x.onnx"], "there is no folder"),
    (["train", "--preset", "mlp-xor", "--epochs", "2", "--save", "no/such/folder/t.json"],
     "t.json"),
])
def test_export_mistakes_are_one_line(tmp_path, args, message):
    r = cli(args, tmp_path)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], r.stderr
    assert "Traceback" not in r.stderr


def test_train_plot_draws_a_handout_without_a_screen(tmp_path):
    from PySide6.QtGui import QImage

    from playground.handout import SIZE

    e = env()
    e.pop("QT_QPA_PLATFORM", None)
    e["DISPLAY"] = ""  # no screen at all
    r = subprocess.run([sys.executable, "-m", "playground", "train", "--preset", "moons",
                        "--epochs", "20", "--plot", "run.png", "--json"], cwd=tmp_path, env=e,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    image = QImage(str(tmp_path / "run.png"))
    assert (image.width(), image.height()) == (2 * SIZE[0], 2 * SIZE[1])
    colours = {image.pixel(x, y) for x in range(0, image.width(), 9)
               for y in range(0, image.height(), 9)}
    assert len(colours) > 50  # a boundary, points, curves: not a blank page
    r = subprocess.run([sys.executable, "-m", "playground", "train", "--preset", "moons",
                        "--epochs", "5", "--plot", "run.svg", "-q"], cwd=tmp_path, env=e,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "<svg" in (tmp_path / "run.svg").read_text()
    r = cli(["train", "--preset", "moons", "--plot", "run.jpg"], tmp_path)
    assert r.returncode == 2 and "a plot is a .png or .svg file" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_without_onnx_the_command_line_says_so_before_training(tmp_path):
    """(onnx hidden from the subprocess: the message comes at once, with no training.)"""
    (tmp_path / "onnx.py").write_text("raise ImportError('no onnx here')\n")
    e = env()
    e["PYTHONPATH"] = os.pathsep.join([str(tmp_path), e["PYTHONPATH"]])
    r = subprocess.run([sys.executable, "-m", "playground", "export", "--preset", "spiral",
                        "--onnx", "x.onnx"], cwd=tmp_path, env=e, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 2 and "pip install 'nn-playground[export]'" in r.stderr
    assert "training it first" not in r.stderr
