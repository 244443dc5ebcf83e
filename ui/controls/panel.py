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

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from engine import DataSettings, TrainConfig

from .data import DataControls
from .training import TrainingControls

__all__ = ["ControlsPanel", "EnterLeavesTheField", "WheelOnlyWhenFocused"]


class EnterLeavesTheField(QObject):
    """Enter commits a typed value and Esc drops it; either way the field is left
    (``left`` is emitted, for the window to give the keyboard back to the network,
    where Space, S, E and R train again)."""

    def __init__(self, root: QWidget, left):
        super().__init__(root)
        self.left = left
        for w in root.findChildren(QWidget):
            if isinstance(w, (QLineEdit, QAbstractSpinBox)) and not isinstance(
                    w.parentWidget(), QAbstractSpinBox):  # (a spin box's own field: the box)
                w.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QTimer.singleShot(0, self.left)  # after the field has taken the value
            return False
        if key == Qt.Key.Key_Escape:
            if isinstance(obj, QAbstractSpinBox):
                obj.lineEdit().setText(obj.textFromValue(obj.value()))  # the value it has
            else:
                field = obj.parentWidget()
                while field is not None and not hasattr(field, "restore"):
                    field = field.parentWidget()
                if field is not None:
                    field.restore()  # (a NumberField: its last accepted value)
            self.left()
            return True
        return False


class WheelOnlyWhenFocused(QObject):
    """Spin boxes, sliders and combo boxes take the mouse wheel only once they have
    the focus (a click or Tab): a wheel over them while the learner scrolls the panel
    scrolls the panel, instead of turning Epochs 600 into 587 on the way."""

    def __init__(self, root: QWidget):
        super().__init__(root)
        for w in root.findChildren(QWidget):
            if isinstance(w, (QAbstractSpinBox, QComboBox, QAbstractSlider)):
                w.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # no focus by the wheel
                w.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() != QEvent.Type.Wheel or obj.hasFocus():
            return False
        area = obj.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is not None:  # the panel scrolls, as if the wheel were over its background
            viewport = area.viewport()
            pos = QPointF(viewport.mapFromGlobal(event.globalPosition().toPoint()))
            QApplication.sendEvent(viewport, QWheelEvent(
                pos, event.globalPosition(), event.pixelDelta(), event.angleDelta(),
                event.buttons(), event.modifiers(), event.phase(), event.inverted()))
        return True


class ControlsPanel(QWidget):
    """Data and training settings; the main window's editor for both."""

    config_changed = Signal(object)
    data_changed = Signal(object)
    regenerate_requested = Signal()
    error = Signal(str)
    editing_done = Signal()  # Enter or Esc in a field: the keyboard may go elsewhere

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
        self._wheel = WheelOnlyWhenFocused(self)
        self._enter = EnterLeavesTheField(self, self.editing_done.emit)

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
