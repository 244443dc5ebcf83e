"""engine.project: the versioned JSON project file, validation on load, atomic save."""

import copy
import json
import os
import stat

import numpy as np
import pytest

import engine
from engine import Project, ProjectError, atomic, presets
from engine import project as pj


def trained_project(name="circle", epochs=3):
    proj = presets.load(name, seed=1)
    split = proj.data.build_split()
    tr = engine.Trainer(proj.network, split, proj.training.replace(epochs=epochs))
    tr.run()
    return proj.replace(weights=tuple(tr.network.get_weights()))


GOOD = trained_project().to_dict()


def mutate(fn):
    d = copy.deepcopy(GOOD)
    fn(d)
    return d


def setitem(path, value):
    """A mutation that sets d[path[0]][path[1]]... = value."""

    def fn(d):
        for k in path[:-1]:
            d = d[k]
        d[path[-1]] = value

    return fn


def delitem(path):
    def fn(d):
        for k in path[:-1]:
            d = d[k]
        del d[path[-1]]

    return fn


def points(**changes):
    p = {"task": "binary", "x1": [0, 1, 2, 3], "x2": [0, 1, 0, 1], "y": [0, 1, 0, 1]}
    p.update(changes)
    return setitem(("data", "points"), p)


L0 = ("network", "layers", 0)
# (mutation, text the message must contain: the field's name, and what is wrong)
MALFORMED = {
    "not a project object": (lambda d: d.clear() or d.update({"x": []}), "format"),
    "format missing": (delitem(("format",)), "format: not a playground project"),
    "format other": (setitem(("format",), "keras"), "format"),
    "version missing": (delitem(("version",)), "version"),
    "version future": (setitem(("version",), 2), "version 2, newer than this app"),
    "version zero": (setitem(("version",), 0), "version"),
    "version text": (setitem(("version",), "1"), "version"),
    "version bool": (setitem(("version",), True), "version"),
    "network missing": (delitem(("network",)), "network"),
    "network a list": (setitem(("network",), []), "network: expected an object"),
    "inputs missing": (delitem(("network", "inputs")), "network: missing field 'inputs'"),
    "inputs text": (setitem(("network", "inputs"), "x1"), "network.inputs: expected list"),
    "inputs unknown": (setitem(("network", "inputs"), ["x1", "x3"]), "unknown input feature 'x3'"),
    "inputs empty": (setitem(("network", "inputs"), []), "at least one input"),
    "layers missing": (delitem(("network", "layers")), "missing field 'layers'"),
    "layers empty": (setitem(("network", "layers"), []), "at least an output layer"),
    "layer not object": (setitem((*L0[:2], 0), 4), "network.layers[0]: expected an object"),
    "units missing": (delitem((*L0, "units")), "network.layers[0]: missing field 'units'"),
    "units text": (setitem((*L0, "units"), "4"), "network.layers[0].units: expected int"),
    "units float": (setitem((*L0, "units"), 4.5), "network.layers[0].units"),
    "units bool": (setitem((*L0, "units"), True), "network.layers[0].units"),
    "units zero": (setitem((*L0, "units"), 0), "network.layers[0]: units must be between"),
    "units huge": (setitem((*L0, "units"), 10**6), "network.layers[0]: units"),
    "units negative": (setitem(("network", "layers", 1, "units"), -2), "network.layers[1]"),
    "activation unknown": (setitem((*L0, "activation"), "swish"), "unknown activation 'swish'"),
    "activation number": (setitem((*L0, "activation"), 3), "network.layers[0].activation"),
    "step hidden": (setitem((*L0, "activation"), "step"), "not differentiable"),
    "dropout one": (setitem((*L0, "dropout"), 1.0), "network.layers[0]: dropout rate"),
    "dropout text": (setitem((*L0, "dropout"), "0.1"), "network.layers[0].dropout"),
    "output dropout": (setitem(("network", "layers", 2, "dropout"), 0.5), "output layer"),
    "training missing": (delitem(("training",)), "training: expected an object"),
    "training list": (setitem(("training",), [1]), "training: expected an object"),
    "optimizer unknown": (setitem(("training", "optimizer"), "lbfgs"), "unknown optimizer 'lbfgs'"),
    "optimizer number": (setitem(("training", "optimizer"), 1), "optimizer"),
    "lr zero": (setitem(("training", "lr"), 0), "learning rate must be > 0"),
    "lr negative": (setitem(("training", "lr"), -0.1), "learning rate must be > 0"),
    "lr text": (setitem(("training", "lr"), "0.1"), "learning rate must be a number"),
    "lr null": (setitem(("training", "lr"), None), "learning rate"),
    "epochs zero": (setitem(("training", "epochs"), 0), "epochs must be a whole number >= 1"),
    "epochs fraction": (setitem(("training", "epochs"), 2.5), "epochs must be a whole number"),
    "batch negative": (setitem(("training", "batch_size"), -1), "batch size"),
    "loss unknown": (setitem(("training", "loss"), "hinge"), "unknown loss 'hinge'"),
    "loss vs output": (setitem(("training", "loss"), "cce"), "training.loss: loss cce needs"),
    "momentum text": (setitem(("training", "optimizer_params"), {"momentum": "x"}), "momentum"),
    "optimizer params list": (setitem(("training", "optimizer_params"), []), "optimizer_params"),
    "optimizer params null": (setitem(("training", "optimizer_params"), None), "optimizer_params"),
    "optimizer arg unknown": (
        setitem(("training", "optimizer_params"), {"betas": [0.9, 0.99]}),
        "unknown argument 'betas' for optimizer 'sgd'",
    ),
    "schedule unknown": (setitem(("training", "schedule"), "cosine"), "unknown schedule"),
    "schedule params bad": (
        lambda d: d["training"].update(schedule="step", schedule_params={"gamma": 2}),
        "training: gamma must be in (0, 1]",
    ),
    "schedule arg unknown": (
        setitem(("training", "schedule_params"), {"gamma": 0.5}),
        "unknown argument 'gamma' for schedule 'constant'",
    ),
    "training key unknown": (setitem(("training", "speed"), 3), "unknown training setting 'speed'"),
    "monitor unknown": (setitem(("training", "monitor"), "val_f1"), "val_f1"),
    "early_stopping text": (setitem(("training", "early_stopping"), "yes"), "early_stopping"),
    "restore text": (setitem(("training", "restore_best_weights"), "no"), "restore_best_weights"),
    "patience negative": (setitem(("training", "patience"), -1), "patience"),
    "l2 negative": (setitem(("training", "l2"), -0.5), "L2"),
    "seed negative": (setitem(("seed",), -1), "project.seed"),
    "seed text": (setitem(("seed",), "1"), "project.seed"),
    "seed bool": (setitem(("seed",), True), "project.seed"),
    "data missing": (delitem(("data",)), "data: expected an object"),
    "data name missing": (delitem(("data", "name")), "data: missing field 'name'"),
    "data name unknown": (setitem(("data", "name"), "mnist"), "unknown data set 'mnist'"),
    "data n small": (setitem(("data", "n"), 1), "data: data set size n"),
    "data n text": (setitem(("data", "n"), "100"), "data.n"),
    "data noise big": (setitem(("data", "noise"), 5), "data: noise"),
    "data noise text": (setitem(("data", "noise"), "a"), "data.noise"),
    "data seed bool": (setitem(("data", "seed"), False), "data.seed"),
    "ratios sum": (setitem(("data", "ratios"), [0.5, 0.2, 0.2]), "data.ratios: split ratios"),
    "ratios two": (setitem(("data", "ratios"), [0.8, 0.2]), "data.ratios: expected three"),
    "ratios negative": (setitem(("data", "ratios"), [1.2, -0.2, 0.0]), "data.ratios"),
    "ratios text": (setitem(("data", "ratios"), ["a", 0.2, 0.2]), "data.ratios"),
    "ratios no train": (setitem(("data", "ratios"), [0, 0.5, 0.5]), "data.ratios: the train"),
    "ratios not list": (setitem(("data", "ratios"), 0.6), "data.ratios"),
    "points not object": (setitem(("data", "points"), [1, 2]), "data.points: expected an object"),
    "points lengths": (points(y=[0, 1, 0]), "data.points: x1, x2 and y must have the same"),
    "points too few": (points(x1=[0], x2=[0], y=[1]), "at least 4 points"),
    "points text value": (points(x1=["a", 1, 2, 3]), "data.points.x1: not an array of numbers"),
    "points nested": (points(x2=[[0], 1, 0, 1]), "data.points.x2"),
    "points bool": (points(y=[True, False, True, False]), "data.points.y"),
    "points label fraction": (points(y=[0, 1, 0.5, 1]), "data.points.y: class labels"),
    "points label huge": (points(task="multiclass", y=[0, 1, 2, 1e300]), "data.points.y"),
    "points task": (points(task="clustering"), "data.points.task"),
    "points bounds": (points(bounds=[1, 0, 0, 1]), "data.points.bounds"),
    "points 3 labels binary": (points(y=[0, 1, 2, 1]), "data.points: "),
    "points class names": (points(class_names=[1, 2]), "data.points.class_names"),
    "weights not list": (setitem(("weights",), "abc"), "weights: expected a list of arrays"),
    "weights count": (lambda d: d["weights"].pop(), "weights: expected 6 arrays"),
    "weights shape": (lambda d: d["weights"][0].pop(), "weights[0]: expected shape (2, 4)"),
    "weights bias shape": (setitem(("weights", 3), [0.0]), "weights[3]: expected shape (2,)"),
    "weights text": (lambda d: d["weights"][1].__setitem__(0, "1"), "weights[1]: not an array"),
    "weights null": (lambda d: d["weights"][1].__setitem__(0, None), "weights[1]"),
    "weights ragged": (lambda d: d["weights"][0].__setitem__(0, [1.0]), "weights[0]"),
    "title number": (setitem(("title",), 3), "project.title: expected str"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_projects_name_the_field(case):
    fn, expected = MALFORMED[case]
    text = json.dumps(mutate(fn))
    with pytest.raises(ProjectError) as e:
        pj.loads(text, "my.json")
    msg = str(e.value)
    assert msg.startswith("my.json: ")
    assert expected in msg
    assert "\n" not in msg


@pytest.mark.parametrize(
    ("replace", "field"),
    [
        ('"lr": 0.1', '"lr": NaN'),
        ('"lr": 0.1', '"lr": Infinity'),
        ('"epochs": 200', '"epochs": NaN'),
        ('"noise": 0.1', '"noise": NaN'),
        ('"l1": 0.0', '"l1": -Infinity'),
    ],
)
def test_non_finite_json_numbers_are_refused(replace, field):
    text = json.dumps(GOOD)
    assert replace in text
    with pytest.raises(ProjectError):
        pj.loads(text.replace(replace, field))


def test_non_finite_weights_are_refused():
    text = json.dumps(mutate(lambda d: d["weights"][0][1].__setitem__(2, float("nan"))))
    assert "NaN" in text
    with pytest.raises(ProjectError, match=r"weights\[0\]: every weight must be a finite"):
        pj.loads(text)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", r"not valid JSON \(line 1, column 1"),
        (b"{", "not valid JSON"),
        (b'{"format": "nn-playground-project", "version": 1,', "not valid JSON"),
        (b"x1,x2,label\n0,0,1\n", "not valid JSON"),
        (b"\xff\xfe\x00\x01garbage", "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
        (b"[1, 2, 3]", "expected a JSON object"),
        (b"null", "expected a JSON object"),
    ],
)
def test_files_that_are_not_projects(tmp_path, content, expected):
    f = tmp_path / "p.json"
    f.write_bytes(content)
    with pytest.raises(ProjectError, match=expected) as e:
        pj.load(f)
    assert str(e.value).startswith(str(f))


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ProjectError, match="no such file"):
        pj.load(tmp_path / "nope.json")
    (tmp_path / "dir.json").mkdir()
    with pytest.raises(ProjectError, match="is a folder"):
        pj.load(tmp_path / "dir.json")


def test_utf8_with_bom_and_non_ascii_text_load(tmp_path):
    proj = presets.load("mlp-xor").replace(title="XOR 문제 — ünïcode")
    f = tmp_path / "p.json"
    f.write_bytes(b"\xef\xbb\xbf" + pj.dumps(proj).encode("utf-8"))
    assert pj.load(f).title == "XOR 문제 — ünïcode"


# --------------------------------------------------------------------------- round trips
def assert_same_project(a: Project, b: Project):
    assert a.network == b.network
    assert a.training == b.training
    assert a.data.to_dict() == b.data.to_dict()
    assert a.title == b.title and a.description == b.description
    if a.weights is None:
        assert b.weights is None
    else:
        assert len(a.weights) == len(b.weights)
        for x, y in zip(a.weights, b.weights):
            assert np.asarray(x).tobytes() == np.asarray(y).tobytes()  # bit for bit


def test_round_trip_with_weights(tmp_path):
    proj = trained_project("spiral", epochs=2)
    f = tmp_path / "spiral.json"
    pj.save(proj, f)
    back = pj.load(f)
    assert_same_project(proj, back)
    # the loaded weights drive the same network
    net_a = engine.Network(proj.network)
    net_a.set_weights(proj.weights)
    net_b = engine.Network(back.network, seed=99)
    net_b.set_weights(back.weights)
    X = engine.features.transform(
        proj.network.inputs, np.random.default_rng(0).normal(size=(20, 2))
    )
    np.testing.assert_array_equal(net_a.forward(X), net_b.forward(X))


@pytest.mark.parametrize("name", presets.NAMES)
def test_every_preset_round_trips(name):
    proj = presets.load(name, seed=2)
    back = pj.loads(pj.dumps(proj))
    assert_same_project(proj, back)
    assert pj.dumps(back) == pj.dumps(proj)


def test_round_trip_with_inline_points_and_class_names(tmp_path):
    csv = tmp_path / "pets.csv"
    rows = ["x1,x2,label"] + [f"{i % 5},{i // 5},{('cat', 'dog', 'eel')[i % 3]}" for i in range(15)]
    csv.write_text("\n".join(rows) + "\n")
    points = engine.csvio.load_csv(csv)
    data = engine.DataSettings(name="csv", ratios=(0.6, 0.2, 0.2), points=points)
    proj = presets.load("multiclass").replace(data=data)
    back = pj.loads(pj.dumps(proj))
    p = back.data.points
    assert p.class_names == ("cat", "dog", "eel")
    np.testing.assert_array_equal(p.X, points.X)
    np.testing.assert_array_equal(p.y, points.y)
    assert (p.task, p.n_classes, p.bounds) == (points.task, points.n_classes, points.bounds)


def test_the_format_is_versioned():
    d = json.loads(pj.dumps(presets.load("circle")))
    assert d["format"] == "nn-playground-project"
    assert d["version"] == pj.VERSION == 1


def test_project_seed_overrides_the_training_seed():
    d = mutate(setitem(("seed",), 17))
    assert pj.from_dict(d).training.seed == 17


def test_training_fields_have_defaults_for_older_files():
    d = mutate(lambda d: d.__setitem__("training", {"loss": "bce"}))
    assert pj.from_dict(d).training.lr == engine.TrainConfig().lr


# --------------------------------------------------------------------------- atomic save
def test_save_leaves_no_temporary_files(tmp_path):
    pj.save(presets.load("circle"), tmp_path / "a.json")
    pj.save(presets.load("moons"), tmp_path / "a.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]


def test_save_refuses_weights_that_do_not_fit_the_network(tmp_path):
    """A file that could not be opened again is never written."""
    proj = trained_project("mlp-xor")
    wider = proj.network.with_layer(0, units=3)  # the weights are still the 2-2-1 net's
    f = tmp_path / "a.json"
    with pytest.raises(ProjectError, match=r"a\.json: cannot save.*weights\[0\].*\(2, 3\)"):
        pj.save(proj.replace(network=wider), f)
    assert not f.exists()
    pj.save(proj, f)  # its own network: saved, and it opens again
    np.testing.assert_array_equal(pj.load(f).weights[0], proj.weights[0])


def test_save_replaces_an_existing_file_whole(tmp_path):
    f = tmp_path / "a.json"
    f.write_text("x" * 100_000)  # longer than the project
    proj = presets.load("gauss")
    pj.save(proj, f)
    assert f.read_text(encoding="utf-8") == pj.dumps(proj)


def test_failed_rename_leaves_the_old_file_intact(tmp_path, monkeypatch):
    f = tmp_path / "a.json"
    pj.save(presets.load("circle"), f)
    before = f.read_bytes()

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", boom)
    with pytest.raises(ProjectError, match="cannot write"):
        pj.save(presets.load("moons"), f)
    assert f.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_failed_write_leaves_the_old_file_intact(tmp_path, monkeypatch):
    f = tmp_path / "a.json"
    pj.save(presets.load("circle"), f)
    before = f.read_bytes()

    def boom(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic.os, "fsync", boom)
    with pytest.raises(ProjectError, match="cannot write"):
        pj.save(trained_project(), f)
    assert f.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_unsavable_weights_fail_cleanly(tmp_path):
    f = tmp_path / "a.json"
    pj.save(presets.load("circle"), f)
    before = f.read_bytes()
    good = trained_project()
    bad = good.replace(weights=(np.full_like(good.weights[0], np.nan), *good.weights[1:]))
    with pytest.raises(ProjectError, match="cannot save"):
        pj.save(bad, f)
    assert f.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_save_into_a_missing_folder_or_onto_a_folder(tmp_path):
    with pytest.raises(ProjectError, match="cannot write"):
        pj.save(presets.load("circle"), tmp_path / "no" / "such" / "a.json")
    (tmp_path / "d.json").mkdir()
    with pytest.raises(ProjectError, match="cannot write"):
        pj.save(presets.load("circle"), tmp_path / "d.json")
    assert [p.name for p in tmp_path.iterdir()] == ["d.json"]


def test_save_keeps_the_files_permissions(tmp_path):
    f = tmp_path / "a.json"
    f.write_text("{}")
    os.chmod(f, 0o640)
    pj.save(presets.load("circle"), f)
    assert stat.S_IMODE(os.stat(f).st_mode) == 0o640
    # a new file gets the usual mode (0666 minus the umask), not mkstemp's private 0600
    umask = os.umask(0o022)
    os.umask(umask)
    g = tmp_path / "b.json"
    pj.save(presets.load("circle"), g)
    assert stat.S_IMODE(os.stat(g).st_mode) == 0o666 & ~umask
