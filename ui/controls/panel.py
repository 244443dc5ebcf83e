"""The controls panel: data settings and training settings as compact grouped forms.

:class:`ControlsPanel` is what the main window uses.  It shows an
:class:`engine.DataSettings` and an :class:`engine.TrainConfig`; every accepted
edit emits a complete new, validated value (``data_changed`` /
``config_changed``); a refused edit emits ``error``, shows the message in red
under the field and puts the last accepted value back.  ``set_project`` fills
the fields without emitting anything.  The data half is
:class:`~ui.controls.data.DataControls`, the training half
:class:`~ui.controls.training.TrainingControls`.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QVBoxLayout, QWidget

from engine import DataSettings, TrainConfig

from .data import DataControls
from .training import TrainingControls

__all__ = ["ControlsPanel"]


class ControlsPanel(QWidget):
    """Data and training settings; the main window's editor for both."""

    config_changed = Signal(object)
    data_changed = Signal(object)
    regenerate_requested = Signal()
    error = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.data_controls = DataControls()
        self.training = TrainingControls()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(6)
        layout.addWidget(self.data_controls)
        layout.addWidget(self.training)
        layout.addStretch(1)

        self.data_controls.data_changed.connect(self._on_data_changed)
        self.data_controls.regenerate_requested.connect(self.regenerate_requested)
        self.data_controls.error.connect(self.error)
        self.training.config_changed.connect(self.config_changed)
        self.training.error.connect(self.error)
        self._align_labels()

    def _align_labels(self) -> None:
        """One label width in every group, so that all editors start at the same x."""
        labels = []
        for form in self.findChildren(QFormLayout):
            for i in range(form.rowCount()):
                item = form.itemAt(i, QFormLayout.ItemRole.LabelRole)
                if item is not None and item.widget() is not None:
                    labels.append(item.widget())
        width = max(label.sizeHint().width() for label in labels)
        for label in labels:
            label.setMinimumWidth(width)

    def set_project(self, data: DataSettings, config: TrainConfig, task: str, n_train: int) -> None:
        """Show ``data`` and ``config`` without emitting any signal."""
        self.data_controls.set_data(data, task, n_train)
        self.training.set_config(config, task, n_train)

    def set_perceptron(self, on: bool) -> None:
        """See :meth:`TrainingControls.set_perceptron`."""
        self.training.set_perceptron(on)

    def set_n_train(self, n: int) -> None:
        """The training set now has ``n`` rows: update the batch-mode label."""
        self.training.set_n_train(n)

    def current_config(self) -> TrainConfig:
        return self.training.current_config()

    def current_data(self) -> DataSettings:
        return self.data_controls.current_data()

    def _on_data_changed(self, data: DataSettings) -> None:
        # the loss hint and the batch label follow the new data at once
        self.training.set_task(self.data_controls.task)
        self.training.set_n_train(self.data_controls.n_train)
        self.data_changed.emit(data)
