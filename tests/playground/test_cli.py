"""The command line as a black box: ``python -m playground ...`` in a subprocess.

User errors must exit with code 2 and exactly one line on stderr (what and
where), never a traceback, and must leave the input files as they were.  The
error cases are independent, so they run in parallel (one per core) in one
folder, and are then checked one by one.
"""

import importlib
import json
import os
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import tomllib

import engine
from engine import presets
from engine import project as pj

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60
REQUIRED_KEYS = {
    "epochs", "steps", "train_loss", "val_loss", "test_loss", "train_accuracy",
    "val_accuracy", "test_accuracy", "stopped_early", "best_epoch", "stop_reason", "seconds",
}  # fmt: skip


def env():
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), e.get("PYTHONPATH")]))
    e["QT_QPA_PLATFORM"] = "offscreen"
    return e


def cli(args, cwd, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "playground", *args],
        cwd=cwd,
        env=env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        **kwargs,
    )


def project_text(**changes):
    """The mlp-xor project as JSON with some fields changed (path tuple -> value)."""
    d = presets.load("mlp-xor").to_dict()
    for path, value in changes.items():
        node = d
        keys = path.split(".")
        for k in keys[:-1]:
            node = node[int(k)] if k.isdigit() else node[k]
        last = keys[-1]
        node[int(last) if last.isdigit() else last] = value
    return json.dumps(d)


GOOD_CSV = "x1,x2,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n0.5,0.5,1\n"

# files written into the working folder before the error cases run (str: text, bytes: raw)
FILES = {
    "good.json": pj.dumps(presets.load("mlp-xor")),
    "trunc.json": '{"format": "nn-playground-project", "version": 1,',
    "empty.json": "",
    "binary.json": b"\xff\xfe\x00\x01\x89PNG",
    "list.json": "[1, 2, 3]",
    "units0.json": project_text(**{"network.layers.0.units": 0}),
    "future.json": project_text(version=99),
    "swish.json": project_text(**{"network.layers.0.activation": "swish"}),
    "lr0.json": project_text(**{"training.lr": 0}),
    "adamw.json": project_text(**{"training.optimizer": "adamw"}),
    "ratios.json": project_text(**{"data.ratios": [0.7, 0.7, 0.0]}),
    "weights.json": project_text(weights=[[[1.0, 2.0]], [0.0, 0.0], [[1.0], [1.0]], [0.0]]),
    "nanweights.json": project_text(
        weights=[[[1.0, 2.0], [3.0, float("nan")]], [0.0, 0.0], [[1.0], [1.0]], [0.0]]
    ),
    "nolayers.json": project_text(**{"network.layers": []}),
    "good.csv": GOOD_CSV,
    "three.csv": "x1,x2,label\n0,0,a\n0,1,b\n1,0,c\n1,1,a\n2,2,b\n3,3,c\n",
    "regression.csv": "x1,x2,y\n0,0,0.5\n0,1,1.5\n1,0,2.5\n1,1,-1\n2,2,3\n",
    "columns.csv": "x1,x2,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0,7\n",
    "word.csv": "x1,x2,label\n0,0,0\n0,one,1\n1,0,1\n1,1,0\n",
    "nan.csv": "x1,x2,label\n0,0,0\n0,nan,1\n1,0,1\n1,1,0\n",
    "empty.csv": "",
    "header.csv": "a,b,c\n1,2,3\n4,5,6\n7,8,9\n1,1,1\n",
    "semicolon.csv": "x1;x2;label\n0;0;0\n0;1;1\n1;0;1\n1;1;0\n",
    "short.csv": "x1,x2,label\n0,0,0\n1,1,1\n",
    "oneclass.csv": "x1,x2,label\n0,0,a\n0,1,a\n1,0,a\n1,1,a\n",
    "binary.csv": b"\xff\xfe\x00x1,x2\x00",
    "quote.csv": 'x1,x2,label\n0,0,1\n"0,1,0\n1,0,0\n1,1,1\n',
    "folder.json/": None,
    "deep.json": "[" * 100_000 + "]" * 100_000,
    "digits.json": project_text()[:-1] + ', "extra": ' + "7" * 5000 + "}",
    "surrogate.json": project_text(title="@").replace('"@"', '"\\udc9f"'),
    "far.csv": "x1,x2,label\n0,0,0\n0,1,1\n1,0,1\n1e300,1,0\n",
}

# id -> (arguments, text the one stderr line must contain)
ERRORS = {
    "unknown preset": (["train", "--preset", "nope"], "unknown preset 'nope'"),
    "unknown preset (window)": (["--preset", "nope"], "unknown preset 'nope'"),
    "missing file": (["train", "missing.json"], "missing.json: no such file"),
    "missing file (window)": (["missing.json"], "missing.json: no such file"),
    "malformed JSON": (["train", "trunc.json"], "trunc.json: not valid JSON"),
    "empty project": (["train", "empty.json"], "empty.json: not valid JSON"),
    "not UTF-8": (["train", "binary.json"], "binary.json: not UTF-8"),
    "not an object": (["train", "list.json"], "list.json: expected a JSON object"),
    "a folder": (["train", "folder.json"], "folder.json: is a folder"),
    "bad units": (["train", "units0.json"], "units0.json: network.layers[0]"),
    "future version": (["train", "future.json"], "future.json: version"),
    "unknown activation": (["train", "swish.json"], "unknown activation 'swish'"),
    "lr zero": (["train", "lr0.json"], "lr0.json: training: learning rate must be > 0"),
    "unknown optimizer": (["train", "adamw.json"], "unknown optimizer 'adamw'"),
    "bad ratios": (["train", "ratios.json"], "ratios.json: data.ratios"),
    "weights shape": (["train", "weights.json"], "weights.json: weights[0]: expected shape"),
    "weights NaN": (["train", "nanweights.json"], "nanweights.json: weights[0]"),
    "no layers": (["train", "nolayers.json"], "nolayers.json: network"),
    "csv columns": (["train", "--data", "columns.csv"], "columns.csv line 5: expected 3 values"),
    "csv word": (["train", "--data", "word.csv"], "word.csv line 3: column x2 is 'one'"),
    "csv NaN": (["train", "--data", "nan.csv"], "nan.csv line 3"),
    "csv empty": (["train", "--data", "empty.csv"], "empty.csv: the file is empty"),
    "csv header": (["train", "--data", "header.csv"], "header.csv: missing column 'x1'"),
    "csv semicolons": (["train", "--data", "semicolon.csv"], "semicolon.csv"),
    "csv too short": (["train", "--data", "short.csv"], "short.csv: only 2 data rows"),
    "csv one class": (["train", "--data", "oneclass.csv"], "oneclass.csv: only one class"),
    "csv not UTF-8": (["train", "--data", "binary.csv"], "binary.csv"),
    "csv quote": (["train", "--data", "quote.csv"], "quote.csv line"),
    "csv missing": (["train", "--data", "nope.csv"], "nope.csv: cannot read"),
    "csv a folder": (["train", "--data", "folder.json"], "folder.json: cannot read"),
    "csv bad with a good project": (
        ["train", "good.json", "--data", "columns.csv"],
        "columns.csv line 5",
    ),
    "nested 100,000 deep": (["train", "deep.json"], "deep.json: not a project: nested more"),
    "5000-digit number": (["train", "digits.json"], "digits.json: not valid JSON (a number "
                                                   "written with 5000 digits is too long)"),
    "lone surrogate in the title": (["train", "surrogate.json"],
                                    "surrogate.json: title: text with an invalid character"),
    "lone surrogate (window)": (["surrogate.json"], "title: text with an invalid character"),
    "csv coordinates past 1e6": (["train", "--data", "far.csv"],
                                 "far.csv: coordinates x1, x2 must lie between"),
    "empty preset name": (["train", "--preset", ""], "unknown preset ''"),
    "empty preset name (window)": (["--preset", ""], "unknown preset ''"),
    "epochs of 5000 digits": (["train", "--epochs", "9" * 5000],
                              "epochs must be a whole number, got '999999...999 (5000 digits)'"),
    "epochs 0": (["train", "--epochs", "0"], "epochs must be >= 1, got 0"),
    "epochs abc": (["train", "--epochs", "abc"], "epochs must be a whole number, got 'abc'"),
    "epochs negative": (["train", "--epochs", "-3"], "epochs must be >= 1"),
    "epochs fraction": (["train", "--epochs", "2.5"], "epochs must be a whole number"),
    "epochs too many": (["train", "--epochs", "2000000"], "epochs must be <= "),
    "epochs missing value": (["train", "--epochs"], "--epochs: expected one argument"),
    "seed -1": (["train", "--seed", "-1"], "seed must be >= 0, got -1"),
    "seed text": (["train", "--seed", "x"], "seed must be a whole number"),
    "seed huge": (["train", "--seed", "99999999999999999999999"], "seed"),
    "file and preset": (
        ["train", "good.json", "--preset", "mlp-xor"],
        "give a project FILE.json or --preset NAME, not both",
    ),
    "file and preset (window)": (["good.json", "--preset", "circle"], "not both"),
    "two files": (["train", "good.json", "trunc.json"], "unrecognized arguments: trunc.json"),
    "unknown option": (["train", "--bogus"], "unrecognized arguments: --bogus"),
    "unknown option (window)": (["--frobnicate"], "unrecognized arguments: --frobnicate"),
    "bench seconds 0": (["bench", "--seconds", "0"], "--seconds must be between"),
    "bench seconds text": (["bench", "--seconds", "abc"], "--seconds: invalid float value"),
    "quit-after negative": (["--quit-after", "-1", "--preset", "nope"], "--quit-after"),
    "size malformed": (["--size", "12", "--preset", "nope"], "--size must look like 1280x800"),
}


@pytest.fixture(scope="module")
def error_runs(tmp_path_factory):
    """Run every error case in one folder, a few at a time; the results and the files."""
    folder = tmp_path_factory.mktemp("cli-errors")
    for name, content in FILES.items():
        if content is None:
            (folder / name).mkdir()
        elif isinstance(content, bytes):
            (folder / name).write_bytes(content)
        else:
            (folder / name).write_text(content, encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}

    def run(case):
        r = cli(ERRORS[case][0], folder)
        return case, (r.returncode, r.stdout, r.stderr)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = dict(pool.map(run, ERRORS))
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    return results, before, after


@pytest.mark.parametrize("case", list(ERRORS))
def test_user_errors_exit_2_with_one_line(error_runs, case):
    results, _, _ = error_runs
    code, out, err = results[case]
    expected = ERRORS[case][1]
    assert "Traceback" not in err
    assert code == 2, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert expected in lines[0]
    assert out == ""


def test_input_files_are_unchanged(error_runs):
    _, before, after = error_runs
    assert after == before  # byte for byte, and no new files


# --------------------------------------------------------------------------- success
def last_json_line(text):
    return json.loads(text.strip().splitlines()[-1])


def test_train_preset_json(tmp_path):
    r = cli(["train", "--preset", "mlp-xor", "--json"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    s = last_json_line(r.stdout)
    assert isinstance(s, dict)
    assert REQUIRED_KEYS <= set(s)
    assert set(s) - REQUIRED_KEYS <= {"batch_mode", "path", "restored"}
    assert s["epochs"] == 600 and s["steps"] == 600
    assert s["train_accuracy"] == 1.0
    assert s["val_loss"] is None and s["test_accuracy"] is None  # XOR trains on all 4 rows
    assert s["stopped_early"] is False
    assert isinstance(s["stop_reason"], str) and s["seconds"] >= 0
    assert list(tmp_path.iterdir()) == []  # writes nothing


def test_train_human_output(tmp_path):
    r = cli(["train", "--preset", "gauss", "--epochs", "2"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert "2 epochs" in r.stdout and "accuracy" in r.stdout
    assert "stopped: reached the epoch limit (2)" in r.stdout


def test_epochs_and_seed(tmp_path):
    a = last_json_line(
        cli(["train", "--preset", "circle", "--epochs", "2", "--json"], tmp_path).stdout
    )
    b = last_json_line(
        cli(
            ["train", "--preset", "circle", "--epochs", "2", "--seed", "0", "--json"], tmp_path
        ).stdout
    )
    c = last_json_line(
        cli(
            ["train", "--preset", "circle", "--epochs", "2", "--seed", "5", "--json"], tmp_path
        ).stdout
    )
    assert a["epochs"] == b["epochs"] == c["epochs"] == 2
    for s in (a, b, c):
        s.pop("seconds")
    assert a == b  # the default seed is 0, and a run is a function of its seed
    assert c["train_loss"] != a["train_loss"]


def test_train_a_project_file(tmp_path):
    f = tmp_path / "p.json"
    pj.save(presets.load("gauss", seed=3), f)
    before = f.read_bytes()
    r = cli(["train", "p.json", "--epochs", "3", "--json"], tmp_path)
    assert r.returncode == 0, r.stderr
    s = last_json_line(r.stdout)
    assert s["epochs"] == 3 and s["test_accuracy"] is not None
    assert f.read_bytes() == before
    # the same as the preset with that seed
    p = last_json_line(
        cli(
            ["train", "--preset", "gauss", "--seed", "3", "--epochs", "3", "--json"], tmp_path
        ).stdout
    )
    s.pop("seconds"), p.pop("seconds")
    assert s == p


def test_train_a_project_with_weights_starts_from_them(tmp_path):
    proj = presets.load("gauss", seed=1)
    tr = engine.Trainer(proj.network, proj.data.build_split(), proj.training.replace(epochs=30))
    tr.run()
    trained = proj.replace(weights=tuple(tr.network.get_weights()))
    pj.save(trained, tmp_path / "trained.json")
    pj.save(proj, tmp_path / "fresh.json")
    a = last_json_line(cli(["train", "trained.json", "--epochs", "1", "--json"], tmp_path).stdout)
    b = last_json_line(cli(["train", "fresh.json", "--epochs", "1", "--json"], tmp_path).stdout)
    assert a["train_loss"] < b["train_loss"]


def test_train_on_a_csv(tmp_path):
    f = tmp_path / "points.csv"
    f.write_text(GOOD_CSV)
    r = cli(["train", "--data", "points.csv", "--epochs", "5", "--json"], tmp_path)
    assert r.returncode == 0, r.stderr
    s = last_json_line(r.stdout)
    assert s["epochs"] == 5 and s["steps"] == 5  # mlp-xor: batch GD on all the points
    assert f.read_text() == GOOD_CSV


@pytest.mark.parametrize(("csv", "note", "output"), [
    ("three.csv", "three.csv has 3 classes: the output layer is now 3 softmax units, the "
                  "loss cce", ("softmax", 3)),
    ("regression.csv", "regression.csv has regression targets: the output layer is now 1 "
                       "linear unit, the loss mse", ("linear", 1)),
])
def test_train_on_a_csv_of_another_task_adapts_the_network_as_the_window_does(
        tmp_path, csv, note, output):
    (tmp_path / csv).write_text(FILES[csv])
    r = cli(["train", "--preset", "mlp-xor", "--data", csv, "--epochs", "30", "--json"],
            tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stderr == f"playground: note: {note}\n"
    s = last_json_line(r.stdout)
    assert s["epochs"] == 30 and (s["train_accuracy"] is None) == (output[0] == "linear")
    # the same function as the window's data change
    from engine.edit import adapt_to_data
    proj = presets.load("mlp-xor")
    data = engine.DataSettings("csv", points=engine.csvio.load_csv(tmp_path / csv))
    out = adapt_to_data(proj, data).network.output
    assert (out.activation, out.units) == output
    quiet = cli(["train", "--preset", "mlp-xor", "--data", csv, "--epochs", "3", "-q"], tmp_path)
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_the_progress_bar_is_for_a_terminal_only(tmp_path):
    """Redirected to a file or pipe, stderr gets no carriage-return frames."""
    r = cli(["train", "--preset", "spiral", "--epochs", "3000", "--no-jit", "--json"], tmp_path)
    assert r.returncode == 0 and r.stderr == "", r.stderr


def test_the_progress_bar_shows_on_a_terminal(tmp_path):
    pty = pytest.importorskip("pty", reason="a pseudo-terminal is POSIX-only")
    leader, follower = pty.openpty()
    try:
        r = subprocess.run([sys.executable, "-m", "playground", "train", "--preset", "spiral",
                            "--epochs", "3000", "--no-jit", "--json"], cwd=tmp_path, env=env(),
                           stdout=subprocess.PIPE, stderr=follower, timeout=TIMEOUT)
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed and drained
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert r.returncode == 0
    assert b"\r[" in shown and b"] epoch " in shown


def test_the_usage_line_names_the_subcommands(tmp_path):
    usage = cli(["--help"], tmp_path).stdout.split("\n\n")[0]
    assert "playground train" in usage and "playground bench" in usage


def test_list_presets(tmp_path):
    r = cli(["--list-presets"], tmp_path)
    assert r.returncode == 0 and r.stderr == ""
    lines = r.stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(presets.NAMES)
    for line, name in zip(lines, presets.NAMES):
        assert presets.get(name).summary in line


def test_version(tmp_path):
    r = cli(["--version"], tmp_path)
    assert r.returncode == 0
    assert r.stdout.strip() == f"playground {engine.__version__}"


def test_help(tmp_path):
    for args in (["--help"], ["train", "--help"], ["bench", "--help"]):
        r = cli(args, tmp_path)
        assert r.returncode == 0 and "usage:" in r.stdout and r.stderr == ""


def test_bench_json(tmp_path):
    r = cli(["bench", "--json", "--seconds", "0.3"], tmp_path)
    assert r.returncode == 0, r.stderr
    figures = last_json_line(r.stdout)
    assert set(figures) == {"small_steps_per_s", "big_steps_per_s", "grid100_big_ms", "path"}
    assert figures.pop("path") == "jit"  # numba is a dependency here
    assert all(isinstance(v, (int, float)) and v > 0 for v in figures.values())
    r = cli(["bench", "--json", "--seconds", "0.3", "--reference"], tmp_path)
    assert last_json_line(r.stdout)["path"] == "reference"


def test_train_takes_the_compiled_path_when_asked_and_both_paths_agree(tmp_path):
    runs = {}
    for flag in ("--jit", "--no-jit"):
        r = cli(["train", "--preset", "spiral", "--epochs", "30", "--json", flag], tmp_path)
        assert r.returncode == 0, r.stderr
        runs[flag] = last_json_line(r.stdout)
    assert runs["--jit"]["path"] == "jit" and runs["--no-jit"]["path"] == "reference"
    for key in ("epochs", "steps", "stopped_early", "best_epoch"):
        assert runs["--jit"][key] == runs["--no-jit"][key], key
    assert abs(runs["--jit"]["val_loss"] - runs["--no-jit"]["val_loss"]) < 1e-9


def test_closed_stdout_is_not_a_traceback(tmp_path):
    # `playground --list-presets | head -1`: the reader goes away before we write
    r_fd, w_fd = os.pipe()
    os.close(r_fd)
    try:
        p = subprocess.run(
            [sys.executable, "-m", "playground", "--list-presets"],
            cwd=tmp_path,
            env=env(),
            stdout=w_fd,
            stderr=subprocess.PIPE,
            text=True,
            timeout=TIMEOUT,
        )
    finally:
        os.close(w_fd)
    assert "Traceback" not in p.stderr and "BrokenPipeError" not in p.stderr
    assert p.returncode != 0


def test_console_script_entry_point(capsys):
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    module, func = scripts["playground"].split(":")
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    try:  # (the entry point sets the command's signal handlers: not this process's)
        main = getattr(importlib.import_module(module), func)
        assert main(["--list-presets"]) == 0
        assert capsys.readouterr().out.splitlines()[0].startswith(presets.NAMES[0])
        assert main(["train", "--epochs", "0"]) == 2
    finally:
        for s, handler in handlers.items():
            signal.signal(s, handler)


def test_no_display_is_one_line_not_a_core_dump(tmp_path):
    """On a Linux session without a display, Qt would abort (SIGABRT, core dump)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the check is for Linux sessions")
    e = env()
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        e.pop(var, None)
    r = subprocess.run([sys.executable, "-m", "playground", "--preset", "mlp-xor"], cwd=tmp_path,
                       env=e, capture_output=True, text=True, timeout=TIMEOUT)
    assert r.returncode == 2 and len(r.stderr.splitlines()) == 1, r.stderr
    assert "no display to open the window on" in r.stderr
