"""The controls panel: filling without echo, validated edits, refusals that restore."""

from contextlib import ExitStack

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPushButton,
    QSlider,
    QSpinBox,
)

import engine
from ui.controls.data import parse_split
from ui.controls.panel import ControlsPanel

DATA = engine.DataSettings("circle", None, 0.1, 0, (0.6, 0.2, 0.2))
CONFIG = engine.TrainConfig()  # bce, sgd, lr 0.03, batch 10


@pytest.fixture
def panel(qtbot):
    p = ControlsPanel()
    qtbot.addWidget(p)
    p.set_project(DATA, CONFIG, "binary", 300)
    p.resize(330, 1000)
    p.show()
    return p


def no_signals(qtbot, panel, *names):
    """A context that fails if any of the panel's signals ``names`` fires."""
    stack = ExitStack()
    for name in names:
        stack.enter_context(qtbot.assertNotEmitted(getattr(panel, name), wait=10))
    return stack


def finish(edit: QLineEdit, text: str) -> None:
    edit.setText(text)
    edit.editingFinished.emit()


def choose(combo: QComboBox, name: str) -> None:
    i = combo.findData(name)
    assert i >= 0, name
    combo.setCurrentIndex(i)


def test_set_project_fills_every_field_and_emits_nothing(qtbot, panel):
    data = engine.DataSettings("spiral", 200, 0.25, 7, (0.7, 0.15, 0.15))
    config = engine.TrainConfig(
        loss="bce",
        optimizer="adam",
        lr=1e-3,
        optimizer_params={"betas": [0.8, 0.99]},
        schedule="step",
        schedule_params={"step_size": 5, "gamma": 0.2},
        batch_size=32,
        epochs=100,
        l1=0.001,
        l2=0.01,
        early_stopping=True,
        monitor="val_accuracy",
        patience=4,
        min_delta=0.001,
        restore_best_weights=False,
        seed=42,
    )
    names = ("config_changed", "data_changed", "regenerate_requested", "error")
    with no_signals(qtbot, panel, *names):
        panel.set_project(data, config, "binary", 140)
    d, t = panel.data_controls, panel.training
    assert d.dataset_combo.currentData() == "spiral"
    assert d.noise_slider.value() == 25 and d.noise_label.text() == "25%"
    assert d.samples_spin.value() == 200 and d.samples_spin.isEnabled()
    assert d.split_edit.text() == "70:15:15"
    assert d.seed_spin.value() == 7
    assert t.loss_combo.currentData() == "bce"
    assert t.optimizer_combo.currentData() == "adam"
    assert t.opt_editors[("adam", "beta1")].edit.text() == "0.8"
    assert t.opt_editors[("adam", "beta2")].edit.text() == "0.99"
    assert t.opt_editors[("adam", "eps")].edit.text() == "1e-8"
    assert t.lr_edit.text() == "0.001"
    assert t.schedule_combo.currentData() == "step"
    assert t.sched_editors[("step", "step_size")].value() == 5
    assert t.sched_editors[("step", "gamma")].edit.text() == "0.2"
    assert t.batch_spin.value() == 32
    assert t.batch_label.text().startswith("mini-batch (32)")
    assert t.epochs_spin.value() == 100
    assert t.l1_field.edit.text() == "0.001" and t.l2_field.edit.text() == "0.01"
    assert t.early_stopping_box.isChecked()
    assert t.monitor_combo.currentData() == "val_accuracy"
    assert t.patience_spin.value() == 4
    assert t.min_delta_field.edit.text() == "0.001"
    assert not t.restore_check.isChecked()
    assert t.seed_spin.value() == 42
    assert panel.current_config() == config and panel.current_data() == data


def test_lr_edit_emits_a_config_with_the_new_rate(qtbot, panel):
    panel.training.lr_edit.setText("0.1")
    with qtbot.waitSignal(panel.config_changed, timeout=1000) as sig:
        qtbot.keyClick(panel.training.lr_edit, Qt.Key.Key_Return)
    assert sig.args[0] == CONFIG.replace(lr=0.1)
    assert panel.current_config().lr == 0.1
    with qtbot.waitSignal(panel.config_changed, timeout=1000) as sig:
        finish(panel.training.lr_edit, "1e-4")
    assert sig.args[0].lr == 1e-4
    assert panel.training.lr_edit.text() == "0.0001"


@pytest.mark.parametrize("bad", ["abc", "-1", "0", "nan", "inf", "", "1e9"])
def test_bad_lr_is_refused_and_the_previous_value_restored(qtbot, panel, bad):
    with no_signals(qtbot, panel, "config_changed"):
        with qtbot.waitSignal(panel.error, timeout=1000) as sig:
            finish(panel.training.lr_edit, bad)
    message = sig.args[0]
    assert "learning rate" in message
    assert panel.training.lr_edit.text() == "0.03"
    assert panel.training.lr_field.error_text() == message
    assert panel.training.lr_field.error_label.isVisibleTo(panel)
    assert panel.current_config() == CONFIG
    # the next accepted edit clears the red line
    with qtbot.waitSignal(panel.config_changed, timeout=1000):
        finish(panel.training.lr_edit, "0.3")
    assert panel.training.lr_field.error_text() == ""


def test_unchanged_text_emits_nothing(qtbot, panel):
    with no_signals(qtbot, panel, "config_changed", "error"):
        finish(panel.training.lr_edit, "0.030")
    assert panel.training.lr_edit.text() == "0.03"


def test_lr_slider_commits_a_preset(qtbot, panel):
    t = panel.training
    with qtbot.waitSignal(panel.config_changed, timeout=1000) as sig:
        t.lr_slider.setValue(t.lr_slider.value() + 1)
    assert sig.args[0].lr == 0.1
    assert t.lr_edit.text() == "0.1"


def test_optimizer_switch_shows_its_parameters(qtbot, panel):
    t = panel.training
    assert t.opt_rows[("sgd", "momentum")].isVisibleTo(panel)
    assert not t.opt_rows[("adam", "beta1")].isVisibleTo(panel)
    with qtbot.waitSignal(panel.config_changed, timeout=1000) as sig:
        choose(t.optimizer_combo, "adam")
    assert sig.args[0].optimizer == "adam"
    assert sig.args[0].optimizer_params == {}
    assert sig.args[0].lr == CONFIG.lr
    for key in ("beta1", "beta2", "eps"):
        assert t.opt_rows[("adam", key)].isVisibleTo(panel)
    for key in ("momentum", "dampening", "nesterov", "weight_decay"):
        assert not t.opt_rows[("sgd", key)].isVisibleTo(panel)
    assert t.formula_label.text() == engine.optimizers.Adam.formula
    with qtbot.waitSignal(panel.config_changed, timeout=1000) as sig:
        finish(t.opt_editors[("adam", "beta2")].edit, "0.99")
    assert sig.args[0].optimizer_params == {"betas": [0.9, 0.99]}
    for name, keys in (
        ("rmsprop", ("alpha", "eps", "momentum", "centered")),
        ("adagrad", ("lr_decay", "initial_accumulator_value", "eps")),
    ):
        with qtbot.waitSignal(panel.config_changed, timeout=1000) as sig:
            choose(t.optimizer_combo, name)
        assert sig.args[0].optimizer == name
        assert all(t.opt_rows[(name, k)].isVisibleTo(panel) for k in keys)
    # back to adam: its edited betas come back with it
    with qtbot.waitSignal(panel.config_changed, timeout=1000) as sig:
        choose(t.optimizer_combo, "adam")
    assert sig.args[0].optimizer_params == {"betas": [0.9, 0.99]}


def test_momentum_lands_in_optimizer_params(qtbot, panel):
    t = panel.training
    momentum = t.opt_editors[("sgd", "momentum")]
    with qtbot.waitSignal(panel.config_changed, timeout=1000) as sig:
        finish(momentum.edit, "0.9")
    assert sig.args[0].optimizer_params == {"momentum": 0.9}
    with qtbot.waitSignal(panel.config_changed, timeout=1000) as sig:
        t.opt_editors[("sgd", "nesterov")].setChecked(True)
    assert sig.args[0].optimizer_params == {"momentum": 0.9, "nesterov": True}
    with no_signals(qtbot, panel, "config_changed"):
        with qtbot.waitSignal(panel.error, timeout=1000) as err:
            finish(momentum.edit, "1.5")
    assert "momentum" in err.args[0]
    assert momentum.edit.text() == "0.9"
    assert momentum.error_text() == err.args[0]


def test_nesterov_without_momentum_is_refused(qtbot, panel):
    nesterov = panel.training.opt_editors[("sgd", "nesterov")]
    with no_signals(qtbot, panel, "config_changed"):
        with qtbot.waitSignal(panel.error, timeout=1000) as err:
            nesterov.setChecked(True)
    assert "nesterov" in err.args[0]
    assert not nesterov.isChecked()
    assert panel.training.opt_rows[("sgd", "nesterov")].error_text() == err.args[0]


def test_step_schedule_with_step_size_and_gamma(qtbot, panel):
    t = panel.training
    assert not t.sched_rows[("step", "gamma")].isVisibleTo(panel)
    with qtbot.waitSignal(panel.config_changed, timeout=1000) as sig:
        choose(t.schedule_combo, "step")
    assert sig.args[0].schedule == "step"
    assert t.sched_rows[("step", "step_size")].isVisibleTo(panel)
    assert t.sched_rows[("step", "gamma")].isVisibleTo(panel)
    assert not t.sched_rows[("exponential", "gamma")].isVisibleTo(panel)
    with qtbot.waitSignal(panel.config_changed, timeout=1000) as sig:
        t.sched_editors[("step", "step_size")].setValue(20)
    assert sig.args[0].schedule_params == {"step_size": 20}
    with qtbot.waitSignal(panel.config_changed, timeout=1000) as sig:
        finish(t.sched_editors[("step", "gamma")].edit, "0.1")
    assert sig.args[0].schedule_params == {"step_size": 20, "gamma": 0.1}
    assert t.schedule_label.text() == sig.args[0].build_schedule().describe()
    assert "0.1" in t.schedule_label.text() and "20" in t.schedule_label.text()
    with no_signals(qtbot, panel, "config_changed"):
        with qtbot.waitSignal(panel.error, timeout=1000):
            finish(t.sched_editors[("step", "gamma")].edit, "2")
    assert t.sched_editors[("step", "gamma")].edit.text() == "0.1"


def test_batch_size_label(qtbot, panel):
    t = panel.training
    assert t.batch_label.text().startswith("mini-batch (10)")
    assert "30 steps/epoch" in t.batch_label.text()
    with qtbot.waitSignal(panel.config_changed, timeout=1000) as sig:
        t.batch_spin.setValue(0)
    assert sig.args[0].batch_size == 0
    assert t.batch_spin.text() == "all"
    assert t.batch_label.text().startswith("batch GD")
    with qtbot.waitSignal(panel.config_changed, timeout=1000):
        t.batch_spin.setValue(1)
    assert t.batch_label.text().startswith("SGD")
    assert "300 steps/epoch" in t.batch_label.text()
    with qtbot.waitSignal(panel.config_changed, timeout=1000):
        t.batch_spin.setValue(10)
    assert t.batch_label.text().startswith("mini-batch (10)")
    panel.set_n_train(8)
    assert t.batch_label.text().startswith("batch GD")


def test_early_stopping_fields(qtbot, panel):
    t = panel.training
    with qtbot.waitSignal(panel.config_changed, timeout=1000) as sig:
        t.early_stopping_box.setChecked(True)
    assert sig.args[0].early_stopping is True
    with qtbot.waitSignal(panel.config_changed, timeout=1000):
        choose(t.monitor_combo, "val_accuracy")
    with qtbot.waitSignal(panel.config_changed, timeout=1000):
        t.patience_spin.setValue(3)
    with qtbot.waitSignal(panel.config_changed, timeout=1000):
        finish(t.min_delta_field.edit, "0.01")
    with qtbot.waitSignal(panel.config_changed, timeout=1000) as sig:
        t.restore_check.setChecked(False)
    assert sig.args[0] == CONFIG.replace(
        early_stopping=True,
        monitor="val_accuracy",
        patience=3,
        min_delta=0.01,
        restore_best_weights=False,
    )
    with no_signals(qtbot, panel, "config_changed"):
        with qtbot.waitSignal(panel.error, timeout=1000):
            finish(t.min_delta_field.edit, "-1")
    assert t.min_delta_field.edit.text() == "0.01"


def test_other_training_fields(qtbot, panel):
    t = panel.training
    with qtbot.waitSignal(panel.config_changed, timeout=1000) as sig:
        choose(t.loss_combo, "mse")
    assert sig.args[0].loss == "mse"
    assert "usual" in t.loss_hint.text() and "bce" in t.loss_hint.text()
    with qtbot.waitSignal(panel.config_changed, timeout=1000) as sig:
        choose(t.loss_combo, "bce")
    assert t.loss_hint.text() == "(auto: bce for 2 classes)"
    with qtbot.waitSignal(panel.config_changed, timeout=1000) as sig:
        t.epochs_spin.setValue(50)
    with qtbot.waitSignal(panel.config_changed, timeout=1000) as sig:
        t.seed_spin.setValue(9)
    with qtbot.waitSignal(panel.config_changed, timeout=1000) as sig:
        finish(t.l1_field.edit, "0.001")
    with qtbot.waitSignal(panel.config_changed, timeout=1000) as sig:
        finish(t.l2_field.edit, "0.003")
    assert sig.args[0] == CONFIG.replace(epochs=50, seed=9, l1=0.001, l2=0.003)
    with no_signals(qtbot, panel, "config_changed"):
        with qtbot.waitSignal(panel.error, timeout=1000):
            finish(t.l2_field.edit, "11")
    assert t.l2_field.edit.text() == "0.003"


def test_data_combo_emits_the_new_data_set(qtbot, panel):
    d = panel.data_controls
    with qtbot.waitSignal(panel.data_changed, timeout=1000) as sig:
        choose(d.dataset_combo, "spiral")
    assert sig.args[0] == engine.DataSettings("spiral", None, 0.1, 0, (0.6, 0.2, 0.2))
    assert panel.current_data() == sig.args[0]
    assert d.samples_spin.isEnabled()
    with qtbot.waitSignal(panel.data_changed, timeout=1000) as sig:
        choose(d.dataset_combo, "xor")
    assert sig.args[0].name == "xor" and sig.args[0].n is None
    assert not d.samples_spin.isEnabled() and d.samples_spin.value() == 4
    with qtbot.waitSignal(panel.data_changed, timeout=1000) as sig:
        choose(d.dataset_combo, "plane")
    assert panel.training.loss_hint.text().startswith("(usual for regression: mse")


def test_samples_and_data_seed(qtbot, panel):
    d = panel.data_controls
    with qtbot.waitSignal(panel.data_changed, timeout=1000) as sig:
        d.samples_spin.setValue(100)
    assert sig.args[0].n == 100
    assert d.split_sizes_label.text() == "60 train · 20 validation · 20 test"
    assert panel.training.batch_label.text().startswith("mini-batch (10) · 6 steps")
    with qtbot.waitSignal(panel.data_changed, timeout=1000) as sig:
        d.seed_spin.setValue(5)
    assert sig.args[0] == engine.DataSettings("circle", 100, 0.1, 5, (0.6, 0.2, 0.2))


@pytest.mark.parametrize("bad", ["70:20:20", "50:20", "abc", "60:-20:60", "0:50:50", "nan:0:0"])
def test_ratios_must_sum_to_100(qtbot, panel, bad):
    d = panel.data_controls
    with no_signals(qtbot, panel, "data_changed"):
        with qtbot.waitSignal(panel.error, timeout=1000) as sig:
            finish(d.split_edit, bad)
    assert sig.args[0].startswith("split")
    assert d.split_edit.text() == "60:20:20"
    assert d.split_row.error_text() == sig.args[0]
    assert panel.current_data() == DATA


def test_valid_split_with_no_validation(qtbot, panel):
    with qtbot.waitSignal(panel.data_changed, timeout=1000) as sig:
        finish(panel.data_controls.split_edit, "80 / 0 / 20")
    assert sig.args[0].ratios == (0.8, 0.0, 0.2)
    assert panel.data_controls.split_edit.text() == "80:0:20"


def test_parse_split():
    assert parse_split("60:20:20") == (0.6, 0.2, 0.2)
    assert parse_split("70%, 15%, 15%") == (0.7, 0.15, 0.15)
    with pytest.raises(ValueError, match="sum to 100"):
        parse_split("6:2:2")


def test_regenerate_emits_regenerate_requested(qtbot, panel):
    with no_signals(qtbot, panel, "data_changed"):
        with qtbot.waitSignal(panel.regenerate_requested, timeout=1000):
            qtbot.mouseClick(panel.data_controls.regenerate_button, Qt.MouseButton.LeftButton)


def test_noise_slider_emits_noise_as_a_fraction(qtbot, panel):
    d = panel.data_controls
    with qtbot.waitSignal(panel.data_changed, timeout=1000) as sig:
        d.noise_slider.setValue(20)
    assert sig.args[0].noise == 0.2
    assert d.noise_label.text() == "20%"


def test_imported_points(qtbot, panel):
    rng = np.random.default_rng(0)
    points = engine.Dataset("points", rng.normal(size=(20, 2)), np.arange(20) % 2, "binary", 2,
                            (-3.0, 3.0, -3.0, 3.0))  # fmt: skip
    data = engine.DataSettings("csv", None, 0.0, 0, (0.6, 0.2, 0.2), points)
    with no_signals(qtbot, panel, "data_changed", "config_changed", "error"):
        panel.set_project(data, CONFIG, "binary", 12)
    d = panel.data_controls
    combo = d.dataset_combo
    assert combo.currentData() == "csv"
    assert not combo.model().item(combo.currentIndex()).isEnabled()
    assert not d.samples_spin.isEnabled() and d.samples_spin.value() == 20
    assert not d.regenerate_button.isEnabled()
    with qtbot.waitSignal(panel.data_changed, timeout=1000) as sig:
        d.seed_spin.setValue(3)
    assert sig.args[0].points is points and sig.args[0].seed == 3
    with qtbot.waitSignal(panel.data_changed, timeout=1000) as sig:
        choose(combo, "gauss")
    assert sig.args[0].points is None and sig.args[0].name == "gauss"
    assert combo.findData("csv") == -1


def test_every_control_has_a_tooltip(panel):
    kinds = (QLineEdit, QComboBox, QSpinBox, QSlider, QCheckBox, QPushButton)
    controls = [w for kind in kinds for w in panel.findChildren(kind)]
    assert len(controls) > 25
    for w in controls:
        if isinstance(w, QLineEdit) and isinstance(w.parent(), (QSpinBox, QComboBox)):
            continue  # a spin box's own line edit
        assert w.toolTip(), w
    assert panel.training.early_stopping_box.toolTip()


def _luminance(c) -> float:
    def lin(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(v) for v in c.getRgb()[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_notes_are_grey_but_readable_in_either_theme(qtbot, theme):
    """A note (the loss hint, the batch label, the formulas) reads on a projector:
    at least 4.5:1 against the panel (WCAG AA), yet a step back from the text."""
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    from ui.controls.fields import note_label

    app = QApplication.instance()
    saved = app.palette()
    try:
        if theme == "dark":
            dark = QPalette(saved)
            dark.setColor(QPalette.ColorRole.Window, QColor("#2b2b2b"))
            dark.setColor(QPalette.ColorRole.WindowText, QColor("#eeeeee"))
            app.setPalette(dark)
        label = note_label("usual for 2 classes: bce")
        qtbot.addWidget(label)
        label.show()
        label.ensurePolished()
        pal = app.palette()
        note = label.palette().color(QPalette.ColorRole.WindowText)
        text, panel = (pal.color(QPalette.ColorRole.WindowText),
                       pal.color(QPalette.ColorRole.Window))
        assert _contrast(note, panel) >= 4.5
        assert _contrast(note, panel) < _contrast(text, panel)  # still a note, not text
    finally:
        app.setPalette(saved)
