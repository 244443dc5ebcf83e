"""The UI in Korean: every text the code passes to tr() has its Korean, and a window built
in Korean shows no English sentence (names of things, formulas and numbers aside)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from engine import presets
from engine.lessons_ko import KO as LESSONS_KO
from ui import i18n
from ui.catalogue_ko import KO

ROOT = Path(__file__).resolve().parents[2]
HANGUL = re.compile("[\uac00-\ud7a3]")
WORD = re.compile(r"[A-Za-z][A-Za-z']{2,}")
# names of things that stay as they are in Korean text (as a Korean course writes them)
NAMES = {
    "sigmoid", "tanh", "relu", "leaky_relu", "softmax", "step", "linear", "sgd", "adam",
    "adagrad", "rmsprop", "mse", "bce", "cce", "and", "xor", "circle", "gauss", "spiral",
    "moons", "multiclass", "plane", "multigauss", "xor-quadrants", "constant", "time",
    "exponential", "val_loss", "val_accuracy", "loss", "accuracy", "all", "onnx", "pytorch",
    "keras", "csv", "png", "svg", "numpy", "mlp", "esc", "enter", "space", "ctrl",
    "shift", "tab", "log", "sin", "max", "nesterov", "momentum", "dampening", "else", "lr0",
    "epoch", "lr_decay", "centered", "ravine", "himmelblau", "out", "dropout", "quadrants",
    "val", "english",
}


def _tr_literals():
    """Every string literal passed straight to tr() in ui/ and playground/."""
    found = []
    for path in [*ROOT.glob("ui/**/*.py"), *ROOT.glob("playground/**/*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None)
            # tr("..."); the menus' act(menu, "text", slot, shortcut, "tip") translates both
            args = (node.args[:1] if name == "tr" else
                    [*node.args[1:2], *node.args[4:5],
                     *(k.value for k in node.keywords if k.arg == "tip")]
                    if name == "act" else [])
            for arg in args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value:
                    found.append((path.relative_to(ROOT), node.lineno, arg.value))
    return found


def test_every_text_passed_to_tr_has_its_korean():
    literals = _tr_literals()
    assert len(literals) > 70
    missing = [f"{p}:{line}: {text!r}" for p, line, text in literals if text not in KO]
    assert not missing, "\n".join(missing)
    for text, ko in KO.items():  # placeholders survive translation
        assert set(re.findall(r"{\w*}", text)) == set(re.findall(r"{\w*}", ko)), text


def test_every_lesson_has_its_korean_title_summary_and_text():
    for name in presets.NAMES:
        p = presets.get(name)
        assert HANGUL.search(p.title_ko) and name in LESSONS_KO
        assert HANGUL.search(p.summary_ko) and HANGUL.search(p.lesson_ko)
        ko = presets.load(name, lang="ko")
        assert ko.title == p.title_ko and ko.description == p.lesson_ko


def english_left(text: str) -> list[str]:
    """English words in ``text`` that are not names of things (a formula's aside)."""
    if not text or HANGUL.search(text) and not re.search(r"[a-z]{4,} [a-z]{4,} [a-z]{4,}",
                                                         text):
        return []
    plain = re.sub(r"<[^>]+>", " ", text)  # rich text's tags
    plain = re.sub(r"data:image\S+", " ", plain)
    return [w for w in WORD.findall(plain) if w.lower() not in NAMES]


@pytest.fixture
def korean():
    i18n.set_language("ko")
    yield
    i18n.set_language("en")


@pytest.mark.parametrize("preset", ["mlp-xor", "early-stopping", "adam", "regression",
                                    "multiclass", "decay"])
def test_a_korean_window_shows_no_english_sentence(korean, qtbot, preset):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QGroupBox, QLabel, QMenu, QWidget

    import engine
    from playground.mainwindow import MainWindow

    win = MainWindow(presets.load(preset, lang="ko"), None, jit=False)
    win.confirm_close = False
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    try:
        for pane in win.panes:
            pane.set_open(True)
        win.explainer.gradients_action.setChecked(True)
        win.explainer.trace_point(0.5, 0.5)
        for _ in range(3):
            win.toolbar.step_epoch.trigger()
        qtbot.waitUntil(lambda: win.presenter.drawn is not None
                        and win.presenter.drawn.epoch == 3, timeout=20000)
        left = {}

        def look(text, where):
            words = english_left(text)
            if words:
                left[text[:90]] = (where, words[:4])

        for w in [win, *win.findChildren(QWidget)]:
            look(w.toolTip(), f"{type(w).__name__} tip")
            if isinstance(w, QLabel) and w.isVisibleTo(win):
                look(w.text(), "label")
            if isinstance(w, QAbstractButton):
                look(w.text(), "button")
            if isinstance(w, QGroupBox):
                look(w.title(), "group")
            if isinstance(w, QMenu):
                look(w.title(), "menu")
            if isinstance(w, QComboBox):
                for i in range(w.count()):
                    look(w.itemText(i), "list")
                    look(w.itemData(i, Qt.ItemDataRole.ToolTipRole) or "", "list tip")
        for a in win.findChildren(QAction):
            look(a.text(), "action")
            look(a.toolTip(), "action tip")
        look(win.status.text(), "status")
        assert not left, "\n".join(f"{where}: {t!r} {w}" for t, (where, w) in left.items())
        assert isinstance(engine.__version__, str)
    finally:
        win.shutdown(2000)
        win.comparisons.wait(60)


def test_without_a_hangul_font_korean_falls_back_to_english_with_a_message(monkeypatch):
    from playground import app

    monkeypatch.setattr(app, "hangul_font_missing", lambda: True)
    try:
        note = app.choose_language("ko")
        assert i18n.language() == "en"
        assert "fonts-noto-cjk" in note and "Korean" in note
        monkeypatch.setattr(app, "hangul_font_missing", lambda: False)
        assert app.choose_language("ko") is None and i18n.language() == "ko"
    finally:
        i18n.set_language("en")


def test_the_command_line_opens_the_window_in_korean(tmp_path):
    import json
    import subprocess
    import sys

    from tests.playground.test_cli import env

    r = subprocess.run([sys.executable, "-m", "playground", "--preset", "hidden-space",
                        "--lang", "ko", "--quit-after", "1.5", "--stats"], cwd=tmp_path,
                       env=env(), capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    stats = json.loads(r.stdout.strip().splitlines()[-1])
    assert stats["frames"] >= 1
    r = subprocess.run([sys.executable, "-m", "playground", "--lang", "fr"], cwd=tmp_path,
                       env=env(), capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "--lang" in r.stderr


def test_every_stop_reason_reads_in_korean(korean):
    """The reasons the lessons' runs end with (and a stuck, a diverging and an early-
    stopped run) leave no English sentence once translated; their numbers stay."""
    from engine import LayerSpec, NetworkSpec
    from engine.edit import fit_training_to_network
    from playground.cli import make_trainer

    reasons = []
    for name in presets.NAMES:
        reasons.append(make_trainer(presets.load(name)).run()["stop_reason"])
    p = presets.load("perceptron-xor", 9)  # a 2-2-1 that gets stuck
    net = NetworkSpec(p.network.inputs, (LayerSpec(2, "tanh"), LayerSpec(1, "sigmoid")))
    p = p.replace(network=net, training=fit_training_to_network(p.network, net, p.training))
    reasons.append(make_trainer(p).run()["stop_reason"])
    p = presets.load("lr-too-large")
    reasons.append(make_trainer(p.replace(training=p.training.replace(lr=50.0))).run(
        )["stop_reason"])
    assert any("stuck" in r for r in reasons) and any("diverged" in r for r in reasons)
    assert any("vanishes" in r for r in reasons) and any("early stopping" in r for r in reasons)
    for reason in reasons:
        korean = i18n.tr_reason(reason)
        assert HANGUL.search(korean), reason
        assert not english_left(korean.replace("(another seed)", "")), (reason, korean)
        assert re.findall(r"\d+", reason)[:2] == re.findall(r"\d+", korean)[:2] or \
            set(re.findall(r"\d+", reason)) == set(re.findall(r"\d+", korean)), korean


@pytest.mark.parametrize(("english", "expected"), [
    ("learning rate must be > 0, got -1", "학습률은(는) 0보다 커야 합니다 (-1은 아닙니다)"),
    ("momentum must be in [0, 1), got 1.5", "모멘텀은(는) [0, 1) 범위 안이어야 합니다"),
    ("epochs must be a whole number 1..100000, got 'abc'", "에폭은(는) 1..100000인 정수여야"),
    ("x\u2081 is the only input left; switch another feature on first",
     "x\u2081은(는) 남은 유일한 입력입니다"),
    ("a hidden layer has at most 32 neurons here", "은닉층의 뉴런은 여기서 32개까지입니다"),
])
def test_a_refused_value_or_edit_is_said_in_korean(korean, english, expected):
    assert expected in i18n.tr_message(english)


def test_a_message_of_unknown_form_stays_as_it_is(korean):
    assert i18n.tr_message("something odd happened: 42") == "something odd happened: 42"


@pytest.mark.parametrize(("english", "expected"), [
    ("points.csv line 3: column x1 is 'abc', not a number (use a dot as the decimal "
     "separator)", "points.csv 3행: 열 x1의 값 'abc'은(는) 수가 아닙니다"),
    ("points.csv line 7: expected 3 values, got 2", "points.csv 7행: 값이 3개여야 하는데 2개"),
    ("data.csv: only one class (label 'a'); need at least 2", "data.csv: 클래스가 하나뿐입니다"),
    ("/tmp/x.json: no such file", "/tmp/x.json: 그런 파일이 없습니다"),
    ('p.json: format: not a playground project (expected "nn-playground-project")',
     "p.json: 놀이터 프로젝트가 아닙니다"),
])
def test_a_file_that_cannot_be_used_is_said_in_korean(korean, english, expected):
    assert i18n.tr_message(english).startswith(expected)


def test_a_bad_csv_in_a_korean_window_is_said_in_korean(korean, qtbot, tmp_path):
    from playground.mainwindow import MainWindow

    win = MainWindow(presets.load("mlp-xor", lang="ko"), None, jit=False)
    win.confirm_close = False
    qtbot.addWidget(win)
    win.show()
    try:
        path = tmp_path / "bad.csv"
        path.write_text("x1,x2,label\n1,2,0\n1,x,1\n0,0,1\n2,2,0\n")
        assert not win.import_csv(str(path))
        assert win.banner.isVisible() and "3행: 열 x2의 값 'x'" in win.banner.text()
    finally:
        win.shutdown(2000)


@pytest.mark.parametrize(("layer", "row", "col"), [(0, 0, 1), (1, 0, 0), (0, 2, 0)])
def test_the_chain_rule_reads_in_korean_with_the_same_numbers(korean, layer, row, col):
    from engine import Trainer
    from engine.explain import chain_rule

    p = presets.load("mlp-xor")
    tr = Trainer(p.network, p.data.build_split(), p.training)
    tr.run(20)
    data = tr.split.train
    chain = chain_rule(tr.network, "bce", data.X[1], data.y[1], layer, row, col, data, 0.5)
    text = chain.text(i18n.tr)
    assert HANGUL.search(text) and not english_left(text), text
    i18n.set_language("en")
    english = chain.text()
    assert re.findall(r"-?\d+\.\d+", text) == re.findall(r"-?\d+\.\d+", english)


def test_help_language_switches_the_window_at_once_and_keeps_the_run(qtbot):
    from PySide6.QtWidgets import QApplication

    from playground.mainwindow import MainWindow
    from playground.settings import Settings

    win = MainWindow(presets.load("mlp-xor"), None, jit=False)
    win.confirm_close = False
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    try:
        win.hidden_pane.set_open(True)
        for _ in range(25):
            win.toolbar.step_epoch.trigger()
        qtbot.waitUntil(lambda: win.presenter.drawn is not None
                        and win.presenter.drawn.epoch == 25, timeout=20000)
        win.controls.training.epochs_spin.setValue(700)  # an edit to undo later
        qtbot.waitUntil(lambda: win.document.project.training.epochs == 700, timeout=3000)
        undo_steps = win.document.stack.count()
        win.menus.languages["ko"].trigger()
        assert i18n.language() == "ko" and Settings().language() == "ko"
        titles = [a.text() for a in win.menuBar().actions()]
        assert titles[0] == "파일(&F)" and "수업(&L)" in titles
        assert win.toolbar.step.text() == "한 단계"
        assert "은닉층 1개" in [t.text() for t in win.canvas.scene.items()
                              if hasattr(t, "text") and callable(t.text)]
        assert win.lesson.text().startswith("<b>다층 퍼셉트론: XOR</b>")
        assert win.status.text().startswith("에폭 25")
        assert win.pane_tabs.tabText(1) == "은닉 공간"
        assert win.hidden_pane.plot.toggles["train"].text() == "훈련 4"
        assert win.presenter.drawn.epoch == 25 and win.document.stack.count() == undo_steps
        assert HANGUL.search(win.banner.text())
        left = [a.text() for a in win.findChildren(type(win.menus.undo))
                if english_left(a.text()) and a.isVisible()]
        assert not left, left
        win.menus.languages["en"].trigger()  # and back
        assert i18n.language() == "en"
        assert [a.text() for a in win.menuBar().actions()][0] == "&File"
        assert win.toolbar.step.text() == "Step" and win.status.text().startswith("Epoch 25")
        assert win.lesson.text().startswith("<b>MLP solves XOR</b>")
        assert QApplication.instance() is not None
    finally:
        i18n.set_language("en")
        Settings().set_language("en")
        win.shutdown(2000)


def test_every_refusal_of_a_malformed_project_reads_in_korean(korean):
    """The corpus of malformed projects (tests/engine/test_corpus.py): each distinct
    refusal, said in Korean, keeps no English sentence (the file name and the field's
    path stay as they are)."""
    import warnings

    from engine import project as pj
    from engine.errors import ProjectError
    from tests.engine import test_corpus as corpus

    bases = {name: make() for name, make in corpus.BASES.items()}
    messages = set()
    for case in corpus.CASES:
        base_name, path, value = case.values
        text = corpus._mutated(bases[base_name], path, value)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                pj.loads(text, "case.json")
            except ProjectError as e:
                messages.add(str(e))
    assert len(messages) > 300
    left = [m for m in messages if english_left(i18n.tr_message(m))]
    assert not left, left[:5]


def test_every_refusal_of_a_malformed_csv_reads_in_korean(korean, tmp_path):
    """The CSV corpus (tests/engine/test_corpus.py), each refusal said in Korean."""
    from engine.data import csvio
    from engine.errors import DataError
    from tests.engine import test_corpus as corpus

    messages = set()
    for case in corpus._csv_cases():
        row, col, cell = case.values
        rows = [r.split(",") for r in corpus.CSV_ROWS]
        rows[row][col] = cell
        path = tmp_path / "case.csv"
        path.write_text("x1,x2,label\n" + "\n".join(",".join(r) for r in rows) + "\n",
                        encoding="utf-8")
        try:
            csvio.load_csv(path)
        except DataError as e:
            messages.add(str(e))
    assert len(messages) > 40
    left = [m for m in messages if english_left(i18n.tr_message(m))]
    assert not left, left[:5]
