"""The "Data" group of the controls: generator, noise, size, split and seed.

:class:`DataControls` shows an :class:`engine.DataSettings`; every accepted edit
emits the complete new settings (``data_changed``).  An edit is checked by the
``check`` function the owner gives (the window's document builds the split, once,
and reuses it); a refused edit shows the message in red under the field, puts
the last accepted value back and emits ``error``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QLineEdit, QPushButton, QSlider, QWidget

from engine import DataSettings, PlaygroundError, Split, datasets
from ui import i18n

from .fields import SEED_MAX, FieldRow, add_row, fmt_number, make_form, note_label, spin

__all__ = ["DataControls", "parse_split", "split_sizes", "split_text"]

# ------------------------------------------------------------------ data
CSV = "csv"  # the combo entry shown while the data are imported points
TRUTH_TABLES = tuple(n for n in ("and", "or", "xor") if n in datasets.NAMES)
NOISE_MAX = 50  # percent

TIPS = {
    "dataset": "Data set: the points the network learns from; hover an entry for what it shows.",
    "noise": "Noise: how much the points are jittered; more noise makes the classes overlap.",
    "samples": "Samples: how many points the data set has (truth tables always have 4).",
    "regenerate": "Regenerate: draw new random points (the data seed goes up by one).",
    "split": (
        "Split: percentages of the points used for training, validation and testing, "
        "e.g. 60:20:20; they must add up to 100 and validation may be 0."
    ),
    "data_seed": "Data seed: picks which random points are drawn and how they are split.",
    "csv": "Imported points (from a CSV file); pick a generator to replace them.",
}


def parse_split(text: str) -> tuple[float, float, float]:
    """'60:20:20' (or '60/20/20', '60 20 20') as ratios (0.6, 0.2, 0.2); ValueError if not."""
    parts = [p for p in re.split(r"[\s:/,;]+", text.strip()) if p]
    if len(parts) != 3:
        raise ValueError("split: give three percentages, train:validation:test, e.g. 60:20:20")
    values = []
    for p in parts:
        try:
            v = float(p.rstrip("%"))
        except ValueError:
            raise ValueError(f"split: '{p[:20]}' is not a number") from None
        if not v >= 0 or v == float("inf"):  # also NaN
            raise ValueError(f"split: percentages must be numbers from 0 to 100, got {p}")
        values.append(v)
    total = sum(values)
    if abs(total - 100.0) > 1e-6:
        raise ValueError(f"split: the three percentages must sum to 100, not {fmt_number(total)}")
    if values[0] <= 0:
        raise ValueError("split: the training part must be more than 0%")
    return tuple(v / 100.0 for v in values)


def split_text(ratios) -> str:
    return ":".join(fmt_number(round(r * 100.0, 6)) for r in ratios)


def n_rows(data: DataSettings) -> int:
    if data.points is not None:
        return len(data.points)
    if data.name in TRUTH_TABLES:
        return 4
    return data.n if data.n is not None else datasets.DEFAULT_N[data.name]


def split_sizes(n: int, ratios) -> tuple[int, int, int]:
    """Rows in (train, validation, test), as engine.split rounds them."""
    n_val, n_test = round(n * ratios[1]), round(n * ratios[2])
    return n - n_val - n_test, n_val, n_test


class DataControls(QGroupBox):
    """The "Data" group: generator, noise, size, split and seed."""

    data_changed = Signal(object)
    regenerate_requested = Signal()
    error = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Data", parent)
        # checks a proposed DataSettings by splitting it (the owner's shared, cached split)
        self.check: Callable[[DataSettings], Split] = DataSettings.build_split
        self._data = DataSettings()
        self._updating = False
        self.task = "binary"
        self.n_train = 0
        form = make_form(self)

        self.dataset_combo = QComboBox()
        for i, name in enumerate(datasets.NAMES):
            self.dataset_combo.addItem(name, name)
            self.dataset_combo.setItemData(
                i, datasets.DESCRIPTIONS[name], Qt.ItemDataRole.ToolTipRole
            )
        self.dataset_row = FieldRow(self.dataset_combo)
        add_row(form, "Data set", self.dataset_row, TIPS["dataset"])
        self.dataset_combo.currentIndexChanged.connect(self._on_dataset_changed)

        self.noise_slider = QSlider(Qt.Orientation.Horizontal)
        self.noise_slider.setRange(0, NOISE_MAX)
        self.noise_slider.setPageStep(5)
        self.noise_label = QLabel()
        self.noise_label.setMinimumWidth(self.noise_label.fontMetrics().horizontalAdvance("100%"))
        self.noise_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.noise_row = FieldRow(self.noise_slider, self.noise_label)
        add_row(form, "Noise", self.noise_row, TIPS["noise"])
        self.noise_slider.valueChanged.connect(self._on_noise_changed)
        self.noise_slider.sliderReleased.connect(self._on_noise_released)

        self.samples_spin = spin(datasets.MIN_N, datasets.MAX_N, TIPS["samples"])
        self.samples_spin.setSingleStep(50)
        self.regenerate_button = QPushButton("Regenerate")
        self.regenerate_button.setToolTip(TIPS["regenerate"])
        self.samples_row = FieldRow(self.samples_spin, self.regenerate_button)
        add_row(form, "Samples", self.samples_row, TIPS["samples"])
        self.samples_spin.valueChanged.connect(self._on_samples_changed)
        self.regenerate_button.clicked.connect(self._on_regenerate_clicked)

        self.split_edit = QLineEdit()
        self.split_edit.setPlaceholderText("60:20:20")
        self.split_sizes_label = note_label()
        self.split_row = FieldRow(self.split_edit)
        self.split_row.add_note(self.split_sizes_label)
        add_row(form, "Split %", self.split_row, TIPS["split"])
        self.split_sizes_label.setToolTip("Rows in the training, validation and test parts.")
        self.split_edit.editingFinished.connect(self._on_split_changed)

        self.seed_spin = spin(0, SEED_MAX, TIPS["data_seed"])
        self.seed_row = FieldRow(self.seed_spin)
        add_row(form, "Data seed", self.seed_row, TIPS["data_seed"])
        self.seed_spin.valueChanged.connect(self._on_data_seed_changed)
        self.rows = [self.dataset_row, self.noise_row, self.samples_row, self.split_row]
        self.rows.append(self.seed_row)
        self._fill()

    # -------------------------------------------------------------- public
    def set_data(self, data: DataSettings, task: str, n_train: int) -> None:
        self._data = data
        self.task = task
        self.n_train = int(n_train)
        for row in self.rows:
            row.clear_error()
        self._fill()

    def current_data(self) -> DataSettings:
        return self._data

    # -------------------------------------------------------------- fill
    def _fill(self) -> None:
        d = self._data
        imported = d.points is not None
        self._updating = True
        try:
            combo = self.dataset_combo
            csv_at = combo.findData(CSV)
            if imported and csv_at < 0:
                combo.addItem(f"{CSV} (imported)", CSV)
                csv_at = combo.count() - 1
                combo.setItemData(csv_at, TIPS["csv"], Qt.ItemDataRole.ToolTipRole)
                combo.model().item(csv_at).setEnabled(False)
            elif not imported and csv_at >= 0:
                combo.removeItem(csv_at)
            combo.setCurrentIndex(csv_at if imported else combo.findData(d.name))

            pct = d.noise * 100.0
            self.noise_slider.setMaximum(max(NOISE_MAX, round(pct)))
            self.noise_slider.setValue(round(pct))
            self.noise_label.setText(f"{fmt_number(round(pct, 1))}%")
            self.noise_slider.setEnabled(not imported)

            n = n_rows(d)
            self.samples_spin.setValue(n)
            self.samples_spin.setEnabled(not imported and d.name not in TRUTH_TABLES)
            self.regenerate_button.setEnabled(not imported)

            self.split_edit.setText(split_text(d.ratios))
            tr, va, te = split_sizes(n, d.ratios)
            self.split_sizes_label.setText(i18n.tr("{train} train · {val} validation · {test} "
                                                   "test").format(train=tr, val=va, test=te))
            self.seed_spin.setValue(min(d.seed, SEED_MAX))
        finally:
            self._updating = False

    # -------------------------------------------------------------- commit / refuse
    def _commit(self, row: FieldRow, **changes) -> bool:
        if self._updating:
            return False
        d = self._data
        try:
            new = d.replace(**changes)
            split = self.check(new)  # the ratios and the sizes, as the engine checks them
        except (PlaygroundError, TypeError, ValueError) as e:
            self._refuse(row, str(e))
            return False
        for r in self.rows:
            r.clear_error()
        changed = new != d
        self._data = new
        self.task = split.train.task
        self.n_train = len(split.train)
        self._fill()
        if changed:
            self.data_changed.emit(new)
        return True

    def _refuse(self, row: FieldRow, message: str) -> None:
        row.show_error(message)
        self._fill()
        self.error.emit(message)

    # -------------------------------------------------------------- handlers
    def _on_dataset_changed(self, _index: int) -> None:
        name = self.dataset_combo.currentData()
        if self._updating or name == CSV:
            return
        d = self._data
        keep_n = d.points is None and d.name not in TRUTH_TABLES and name not in TRUTH_TABLES
        self._commit(self.dataset_row, name=name, n=d.n if keep_n else None, points=None)

    def _on_noise_changed(self, value: int) -> None:
        if self._updating:
            return
        self.noise_label.setText(f"{value}%")
        if not self.noise_slider.isSliderDown():  # keys, wheel, clicks: at once; drags: on release
            self._commit(self.noise_row, noise=value / 100.0)

    def _on_noise_released(self) -> None:
        self._commit(self.noise_row, noise=self.noise_slider.value() / 100.0)

    def _on_samples_changed(self, value: int) -> None:
        self._commit(self.samples_row, n=value)

    def _on_split_changed(self) -> None:
        if self._updating:
            return
        text = self.split_edit.text()
        if text.strip() == split_text(self._data.ratios):
            return
        try:
            ratios = parse_split(text)
        except ValueError as e:
            self._refuse(self.split_row, str(e))
            return
        self._commit(self.split_row, ratios=ratios)

    def _on_data_seed_changed(self, value: int) -> None:
        self._commit(self.seed_row, seed=value)

    def _on_regenerate_clicked(self) -> None:
        # The owner draws the new points (it bumps the data seed and calls set_project).
        self.regenerate_requested.emit()
