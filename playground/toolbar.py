"""The training toolbar: Play/Pause, Step, Step epoch, Reset and the speed control.

Their single keys (Space, S, E, R) are window-wide shortcuts that yield to the
focused widget when it uses the key (:class:`FocusedWidgetFirst`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QStyle,
    QToolBar,
    QWidget,
)

from ui.i18n import tr

SINGLE_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_S, Qt.Key.Key_E, Qt.Key.Key_R)

SPEEDS = ((1, "1 step / frame"), (2, "2 steps / frame"), (5, "5 steps / frame"),
          (10, "10 steps / frame"), (30, "30 steps / frame"), (100, "100 steps / frame"),
          (1000, "1000 steps / frame"), (0, "as fast as it goes"))


class TrainingToolbar(QToolBar):
    play_toggled = Signal(bool)
    step_requested = Signal()
    step_epoch_requested = Signal()
    reset_requested = Signal()
    speed_changed = Signal(int)  # steps per frame; 0 = as fast as it goes

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Training", parent)
        self.setMovable(False)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        style = self.style()
        self.play = QAction(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay), "Play", self)
        self.play.setCheckable(True)
        self.play.setShortcut(QKeySequence(Qt.Key.Key_Space))
        self.play.setToolTip("Play / pause training (Space)")
        self.play.toggled.connect(self._on_play_toggled)
        self.step = QAction(style.standardIcon(QStyle.StandardPixmap.SP_MediaSeekForward),
                            "Step", self)
        self.step.setShortcut(QKeySequence(Qt.Key.Key_S))
        self.step.setToolTip("Train on one mini-batch and pause, to watch a single update (S)")
        self.step.triggered.connect(self.step_requested)
        self.step_epoch = QAction(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipForward),
                                  "Step epoch", self)
        self.step_epoch.setShortcut(QKeySequence(Qt.Key.Key_E))
        self.step_epoch.setToolTip("Train one whole pass over the training data and pause (E)")
        self.step_epoch.triggered.connect(self.step_epoch_requested)
        self.reset = QAction(style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload),
                             "Reset", self)
        self.reset.setShortcut(QKeySequence(Qt.Key.Key_R))
        self.reset.setToolTip("Start again from fresh random weights, same network and data (R)")
        self.reset.triggered.connect(self.reset_requested)
        for a in (self.play, self.step, self.step_epoch, self.reset):
            self.addAction(a)
        self.addSeparator()
        self.addWidget(QLabel(" Speed: "))
        self.speed = QComboBox()
        for value, text in SPEEDS:
            self.speed.addItem(text, value)
        self.speed.setCurrentIndex(len(SPEEDS) - 1)
        self.speed.setToolTip(
            "How many training steps run between two animation frames: 1 shows every single "
            "update; 'as fast as it goes' trains flat out and redraws 6 to 33 times a "
            "second, less often when drawing would slow training down.")
        self.speed.currentIndexChanged.connect(self._on_speed_changed)
        self.addWidget(self.speed)

    def _on_play_toggled(self, on: bool) -> None:
        icon = QStyle.StandardPixmap.SP_MediaPause if on else QStyle.StandardPixmap.SP_MediaPlay
        self.play.setIcon(self.style().standardIcon(icon))
        self.play.setText(tr("Pause") if on else tr("Play"))
        self.play_toggled.emit(on)

    def _on_speed_changed(self, index: int) -> None:
        self.speed_changed.emit(int(self.speed.itemData(index)))

    def set_running(self, running: bool) -> None:
        """Show the worker's state without echoing it back as a command."""
        if self.play.isChecked() != running:
            self.play.blockSignals(True)
            self.play.setChecked(running)
            self.play.blockSignals(False)
            icon = (QStyle.StandardPixmap.SP_MediaPause if running
                    else QStyle.StandardPixmap.SP_MediaPlay)
            self.play.setIcon(self.style().standardIcon(icon))
            self.play.setText(tr("Pause") if running else tr("Play"))

    def set_speed(self, steps_per_frame: int) -> None:
        """Select the closest speed (emits speed_changed if it changes)."""
        values = [v for v, _ in SPEEDS]
        if steps_per_frame in values:
            index = values.index(steps_per_frame)
        elif steps_per_frame <= 0:
            index = len(SPEEDS) - 1
        else:
            index = min(range(len(values) - 1), key=lambda i: abs(values[i] - steps_per_frame))
        self.speed.setCurrentIndex(index)

    def speed_value(self) -> int:
        return int(self.speed.currentData())


class FocusedWidgetFirst(QObject):
    """Space, S, E and R train, unless the focused widget of ``window`` uses that key:
    a button or checkbox (Space presses it), a combo box (Space opens it, a letter
    picks an item), a text field or spin box (typed into).  Qt gives shortcuts
    precedence over such widgets; this filter gives the key back to them.  It sits on
    those widgets alone (Qt sends ShortcutOverride to the focused one), not on the
    application, where Python would run for every event of every widget."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        for w in window.findChildren(QWidget):
            if isinstance(w, (QLineEdit, QAbstractSpinBox, QComboBox, QAbstractButton)):
                w.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or event.key() not in SINGLE_KEYS:
            return False
        if event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier
                                 | Qt.KeyboardModifier.ShiftModifier):
            return False
        if not isinstance(obj, QAbstractButton) or event.key() == Qt.Key.Key_Space:
            event.accept()  # the widget's key: no shortcut
        return False
