"""Training controls: loss, optimizer, learning rate and schedule, batches, regularization.

:class:`TrainingControls` is the training half of :class:`ui.controls.panel.ControlsPanel`
and builds on the field helpers of :mod:`ui.controls.fields`.  Every edit is validated by building a
new :class:`engine.TrainConfig`; a refused value is reported (``error`` and the red
line under the field) and the field shows the last accepted value again.  Nothing
is emitted while the fields are being filled from a project.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine import PlaygroundError, TrainConfig, losses, optimizers, schedules
from engine.config import MAX_EPOCHS
from engine.early_stopping import MONITORS
from ui.i18n import tr

from .fields import (
    SEED_MAX,
    FieldRow,
    NumberField,
    add_row,
    fmt_number,
    make_form,
    note_label,
    spin,
)
from .options import (
    AUTO_LOSS,
    CHECKBOXES,
    LR_PRESETS,
    MONITOR_TIPS,
    OPTIMIZER_FIELDS,
    OPTIMIZER_TIPS,
    PARAM_LABELS,
    PARAM_TIPS,
    SCHEDULE_FIELDS,
    SCHEDULE_TIPS,
    TIPS,
    WHOLE_NUMBERS,
    batch_text,
    optimizer_values,
)


# ------------------------------------------------------------------ the training controls
class TrainingControls(QWidget):
    """Group boxes for every field of :class:`engine.TrainConfig`."""

    config_changed = Signal(object)
    error = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._config = TrainConfig()
        self._task = "binary"
        self._perceptron = False
        self._n_train = 0
        self._updating = False
        self._opt_memory: dict[str, dict] = {}
        self._sched_memory: dict[str, dict] = {}
        self.rows: list[FieldRow] = []
        self.opt_rows: dict[tuple[str, str], FieldRow] = {}
        self.opt_editors: dict[tuple[str, str], NumberField | QCheckBox] = {}
        self.sched_rows: dict[tuple[str, str], FieldRow] = {}
        self.sched_editors: dict[tuple[str, str], NumberField | QSpinBox] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self._build_optimizer_group())
        layout.addWidget(self._build_lr_group())
        layout.addWidget(self._build_batch_group())
        layout.addWidget(self._build_regularization_group())
        layout.addWidget(self._build_early_stopping_group())
        self._fill()

    # -------------------------------------------------------------- building
    def _row(self, *widgets: QWidget) -> FieldRow:
        row = FieldRow(*widgets)
        self.rows.append(row)
        return row

    def _number(self, what: str, on_value, *extra: QWidget) -> NumberField:
        field = NumberField(what, on_value, self._refuse, *extra)
        self.rows.append(field)
        return field

    def _param_editor(self, form: QFormLayout, key: str, on_change):
        """A checkbox, spin box or number field for an optimizer / schedule parameter."""
        label, tip = PARAM_LABELS[key], PARAM_TIPS[key]
        if key in CHECKBOXES:
            editor = QCheckBox(label)
            row = self._row(editor)
            editor.toggled.connect(on_change)
            add_row(form, "", row, tip)
            return row, editor
        if key in WHOLE_NUMBERS:
            editor = spin(1, MAX_EPOCHS, tip)
            editor.setSuffix(" epochs")
            row = self._row(editor)
            editor.valueChanged.connect(on_change)
        else:
            row = editor = self._number(key.replace("_", " "), on_change)
        add_row(form, label, row, tip)
        return row, editor

    def _build_optimizer_group(self) -> QGroupBox:
        box = QGroupBox("Loss and optimizer")
        form = self.optimizer_form = make_form(box)
        self.loss_combo = QComboBox()
        for i, name in enumerate(losses.NAMES):
            self.loss_combo.addItem(name, name)
            self.loss_combo.setItemData(i, losses.DESCRIPTIONS[name], Qt.ItemDataRole.ToolTipRole)
        self.loss_hint = note_label()
        self.loss_row = self._row(self.loss_combo)
        self.loss_row.add_note(self.loss_hint)
        add_row(form, "Loss", self.loss_row, TIPS["loss"])
        self.loss_combo.currentIndexChanged.connect(self._on_loss_changed)

        self.optimizer_combo = QComboBox()
        for i, name in enumerate(optimizers.NAMES):
            self.optimizer_combo.addItem(name, name)
            self.optimizer_combo.setItemData(i, OPTIMIZER_TIPS[name], Qt.ItemDataRole.ToolTipRole)
        self.optimizer_row = self._row(self.optimizer_combo)
        add_row(form, "Optimizer", self.optimizer_row, TIPS["optimizer"])
        self.optimizer_combo.currentIndexChanged.connect(self._on_optimizer_changed)

        for opt, keys in OPTIMIZER_FIELDS.items():
            for key in keys:
                row, editor = self._param_editor(
                    form, key, lambda v, o=opt, k=key: self._on_optimizer_param_changed(o, k, v)
                )
                self.opt_rows[(opt, key)] = row
                self.opt_editors[(opt, key)] = editor
        self.formula_label = note_label()
        add_row(form, "", self.formula_label, "The optimizer's update rule.", span=True)
        return box

    def _build_lr_group(self) -> QGroupBox:
        box = QGroupBox("Learning rate")
        form = self.lr_form = make_form(box)
        self.lr_slider = QSlider(Qt.Orientation.Horizontal)
        self.lr_slider.setRange(0, len(LR_PRESETS) - 1)
        self.lr_slider.setPageStep(1)
        self.lr_slider.setToolTip(TIPS["lr_slider"])
        self.lr_field = self._number("learning rate", self._on_lr_changed, self.lr_slider)
        self.lr_field.edit.setMaximumWidth(80)
        self.lr_edit = self.lr_field.edit
        add_row(form, "Rate", self.lr_field, TIPS["lr"])
        self.lr_slider.valueChanged.connect(self._on_lr_slider_changed)
        self.lr_slider.sliderReleased.connect(self._on_lr_slider_released)

        self.schedule_combo = QComboBox()
        for i, name in enumerate(schedules.NAMES):
            self.schedule_combo.addItem(name, name)
            self.schedule_combo.setItemData(i, SCHEDULE_TIPS[name], Qt.ItemDataRole.ToolTipRole)
        self.schedule_row = self._row(self.schedule_combo)
        add_row(form, "Schedule", self.schedule_row, TIPS["schedule"])
        self.schedule_combo.currentIndexChanged.connect(self._on_schedule_changed)

        for sched, keys in SCHEDULE_FIELDS.items():
            for key in keys:
                row, editor = self._param_editor(
                    form, key, lambda v, s=sched, k=key: self._on_schedule_param_changed(s, k, v)
                )
                self.sched_rows[(sched, key)] = row
                self.sched_editors[(sched, key)] = editor
        self.schedule_label = note_label()
        add_row(form, "", self.schedule_label, "The learning rate in each epoch.", span=True)
        return box

    def _build_batch_group(self) -> QGroupBox:
        box = QGroupBox("Batches and epochs")
        form = make_form(box)
        self.batch_spin = spin(0, 10_000, TIPS["batch"], special="all")
        self.batch_spin.setMinimumWidth(70)
        self.batch_label = note_label()
        self.batch_row = self._row(self.batch_spin)
        self.batch_row.add_note(self.batch_label)
        add_row(form, "Batch size", self.batch_row, TIPS["batch"])
        self.batch_spin.valueChanged.connect(self._on_batch_size_changed)

        self.epochs_spin = spin(1, MAX_EPOCHS, TIPS["epochs"])
        self.epochs_row = self._row(self.epochs_spin)
        add_row(form, "Epochs", self.epochs_row, TIPS["epochs"])
        self.epochs_spin.valueChanged.connect(self._on_epochs_changed)

        self.seed_spin = spin(0, SEED_MAX, TIPS["seed"])
        self.seed_row = self._row(self.seed_spin)
        add_row(form, "Seed", self.seed_row, TIPS["seed"])
        self.seed_spin.valueChanged.connect(self._on_seed_changed)
        return box

    def _build_regularization_group(self) -> QGroupBox:
        box = QGroupBox("Regularization")
        form = make_form(box)
        self.l1_field = self._number("L1 rate", self._on_l1_changed)
        add_row(form, "L1 rate", self.l1_field, TIPS["l1"])
        self.l2_field = self._number("L2 rate", self._on_l2_changed)
        add_row(form, "L2 rate", self.l2_field, TIPS["l2"])
        return box

    def _build_early_stopping_group(self) -> QGroupBox:
        box = self.early_stopping_box = QGroupBox("Early stopping")
        box.setCheckable(True)
        box.setToolTip(TIPS["early"])
        form = make_form(box)
        self.monitor_combo = QComboBox()
        for i, name in enumerate(MONITORS):
            self.monitor_combo.addItem(name, name)
            self.monitor_combo.setItemData(i, MONITOR_TIPS[name], Qt.ItemDataRole.ToolTipRole)
        self.monitor_row = self._row(self.monitor_combo)
        add_row(form, "Monitor", self.monitor_row, TIPS["monitor"])
        self.monitor_combo.currentIndexChanged.connect(self._on_monitor_changed)

        self.patience_spin = spin(0, 100_000, TIPS["patience"])
        self.patience_row = self._row(self.patience_spin)
        add_row(form, "Patience", self.patience_row, TIPS["patience"])
        self.patience_spin.valueChanged.connect(self._on_patience_changed)

        self.min_delta_field = self._number("min delta", self._on_min_delta_changed)
        add_row(form, "Min delta", self.min_delta_field, TIPS["min_delta"])

        self.restore_check = QCheckBox("Restore best weights")
        self.restore_row = self._row(self.restore_check)
        add_row(form, "", self.restore_row, TIPS["restore"])
        self.restore_check.toggled.connect(self._on_restore_best_changed)
        box.toggled.connect(self._on_early_stopping_changed)
        return box

    # -------------------------------------------------------------- public
    def set_config(self, config: TrainConfig, task: str, n_train: int) -> None:
        """Show ``config`` without emitting anything."""
        self._config = config
        self._task = task
        self._n_train = int(n_train)
        self._opt_memory = {config.optimizer: dict(config.optimizer_params)}
        self._sched_memory = {config.schedule: dict(config.schedule_params)}
        for row in self.rows:
            row.clear_error()
        self._fill()

    def set_n_train(self, n: int) -> None:
        self._n_train = int(n)
        self.batch_label.setText(batch_text(self._config, self._n_train))

    def set_task(self, task: str) -> None:
        self._task = task
        self._fill_loss_hint()

    def set_perceptron(self, on: bool) -> None:
        """The network is a single step neuron: it learns by the perceptron rule, and
        the loss chosen is only measured (the hint says so, not "usual: bce")."""
        if bool(on) != self._perceptron:
            self._perceptron = bool(on)
            self._fill_loss_hint()

    def current_config(self) -> TrainConfig:
        return self._config

    # -------------------------------------------------------------- fill
    def _fill(self) -> None:
        c = self._config
        self._updating = True
        try:
            _select(self.loss_combo, c.loss)
            self._fill_loss_hint()
            _select(self.optimizer_combo, c.optimizer)
            values = optimizer_values(c.optimizer, c.optimizer_params)
            for (opt, key), row in self.opt_rows.items():
                self.optimizer_form.setRowVisible(row, opt == c.optimizer)
                if opt == c.optimizer:
                    _set(self.opt_editors[(opt, key)], values[key])
            self.formula_label.setText(tr(c.build_optimizer().formula))

            self.lr_field.set_value(c.lr)
            self.lr_slider.setValue(_nearest_preset(c.lr))
            _select(self.schedule_combo, c.schedule)
            schedule = c.build_schedule()
            svalues = schedule.params()
            for (sched, key), row in self.sched_rows.items():
                self.lr_form.setRowVisible(row, sched == c.schedule)
                if sched == c.schedule:
                    _set(self.sched_editors[(sched, key)], svalues[key])
            self.schedule_label.setText(schedule.describe())

            self.batch_spin.setValue(c.batch_size)
            self.batch_label.setText(batch_text(c, self._n_train))
            self.epochs_spin.setValue(c.epochs)
            self.seed_spin.setValue(min(c.seed, SEED_MAX))
            self.l1_field.set_value(c.l1)
            self.l2_field.set_value(c.l2)
            self.early_stopping_box.setChecked(c.early_stopping)
            _select(self.monitor_combo, c.monitor)
            self.patience_spin.setValue(c.patience)
            self.min_delta_field.set_value(c.min_delta)
            self.restore_check.setChecked(c.restore_best_weights)
        finally:
            self._updating = False

    def _fill_loss_hint(self) -> None:
        auto, why = AUTO_LOSS.get(self._task, (None, ""))
        if self._perceptron:
            text = "(a perceptron learns by its own rule: the loss is only measured)"
        elif auto is None:
            text = ""
        elif self._config.loss == auto:
            text = tr(f"(auto: {{loss}} for {why})").format(loss=auto)
        else:
            text = f"(usual for {why}: {auto})"
        self.loss_hint.setText(text)

    # -------------------------------------------------------------- commit / refuse
    def _commit(self, row: FieldRow, **changes) -> bool:
        """Accept ``changes`` if they make a valid config; emit config_changed if it changed."""
        if self._updating:
            return False
        try:
            new = self._config.replace(**changes)
        except (PlaygroundError, TypeError, ValueError) as e:
            self._refuse(row, str(e))
            return False
        for r in self.rows:
            r.clear_error()
        changed = new != self._config
        self._config = new
        self._opt_memory[new.optimizer] = dict(new.optimizer_params)
        self._sched_memory[new.schedule] = dict(new.schedule_params)
        self._fill()
        if changed:
            self.config_changed.emit(new)
        return True

    def _refuse(self, row: FieldRow, message: str) -> None:
        row.show_error(message)
        self._fill()  # every field back to the last accepted config
        self.error.emit(message)

    # -------------------------------------------------------------- handlers
    def _on_loss_changed(self, _index: int) -> None:
        self._commit(self.loss_row, loss=self.loss_combo.currentData())

    def _on_optimizer_changed(self, _index: int) -> None:
        name = self.optimizer_combo.currentData()
        params = self._opt_memory.get(name, {})
        self._commit(self.optimizer_row, optimizer=name, optimizer_params=params)

    def _on_optimizer_param_changed(self, opt: str, key: str, value) -> None:
        c = self._config
        if self._updating or opt != c.optimizer:
            return
        row = self.opt_rows[(opt, key)]
        if key in ("beta1", "beta2"):
            v = optimizer_values(opt, c.optimizer_params)
            betas = [v["beta1"], v["beta2"]]
            betas[key == "beta2"] = value
            key, value = "betas", betas
        params = dict(c.optimizer_params)
        params[key] = value
        defaults = optimizers.defaults(opt)
        if key not in c.optimizer_params and defaults.get(key) == value:
            del params[key]  # keep the project file free of defaults nobody chose
        self._commit(row, optimizer_params=params)

    def _on_lr_changed(self, value: float) -> None:
        self._commit(self.lr_field, lr=value)

    def _on_lr_slider_changed(self, index: int) -> None:
        if self._updating:
            return
        if self.lr_slider.isSliderDown():
            self.lr_edit.setText(fmt_number(LR_PRESETS[index]))  # preview; commit on release
        else:
            self._commit(self.lr_field, lr=LR_PRESETS[index])

    def _on_lr_slider_released(self) -> None:
        self._commit(self.lr_field, lr=LR_PRESETS[self.lr_slider.value()])

    def _on_schedule_changed(self, _index: int) -> None:
        name = self.schedule_combo.currentData()
        params = self._sched_memory.get(name, {})
        self._commit(self.schedule_row, schedule=name, schedule_params=params)

    def _on_schedule_param_changed(self, sched: str, key: str, value) -> None:
        c = self._config
        if self._updating or sched != c.schedule:
            return
        params = dict(c.schedule_params)
        params[key] = value
        self._commit(self.sched_rows[(sched, key)], schedule_params=params)

    def _on_batch_size_changed(self, value: int) -> None:
        self._commit(self.batch_row, batch_size=value)

    def _on_epochs_changed(self, value: int) -> None:
        self._commit(self.epochs_row, epochs=value)

    def _on_seed_changed(self, value: int) -> None:
        self._commit(self.seed_row, seed=value)

    def _on_l1_changed(self, value: float) -> None:
        self._commit(self.l1_field, l1=value)

    def _on_l2_changed(self, value: float) -> None:
        self._commit(self.l2_field, l2=value)

    def _on_early_stopping_changed(self, on: bool) -> None:
        self._commit(self.monitor_row, early_stopping=bool(on))

    def _on_monitor_changed(self, _index: int) -> None:
        self._commit(self.monitor_row, monitor=self.monitor_combo.currentData())

    def _on_patience_changed(self, value: int) -> None:
        self._commit(self.patience_row, patience=value)

    def _on_min_delta_changed(self, value: float) -> None:
        self._commit(self.min_delta_field, min_delta=value)

    def _on_restore_best_changed(self, on: bool) -> None:
        self._commit(self.restore_row, restore_best_weights=bool(on))


def _select(combo: QComboBox, name: str) -> None:
    i = combo.findData(name)
    if i >= 0:
        combo.setCurrentIndex(i)


def _set(editor, value) -> None:
    if isinstance(editor, NumberField):
        editor.set_value(value)
    elif isinstance(editor, QCheckBox):
        editor.setChecked(bool(value))
    else:
        editor.setValue(int(value))


def _nearest_preset(lr: float) -> int:
    x = math.log10(lr)
    return min(range(len(LR_PRESETS)), key=lambda i: abs(math.log10(LR_PRESETS[i]) - x))
