"""The window without a mouse: the canvas by keys, and single-key shortcuts that yield
to the focused widget.  Keys are sent as a learner types them (QTest key clicks)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QInputDialog

from .windows import latest

K = Qt.Key


@pytest.fixture
def keyboard_window(window, qtbot):
    win = window("mlp-xor")
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=5000)
    return win


def _to_canvas(win, qtbot):
    view = win.canvas.view
    qtbot.keyClick(win, K.Key_1, Qt.KeyboardModifier.ControlModifier)  # Training ▸ Focus
    qtbot.waitUntil(view.hasFocus, timeout=3000)
    assert win.canvas.keyboard.active
    return view


def _hidden_units(win):
    return [la.units for la in win.document.project.network.hidden]


def test_the_network_is_built_by_keys_alone(keyboard_window, qtbot):
    win = keyboard_window
    view = _to_canvas(win, qtbot)
    cursor = win.canvas.keyboard
    assert (cursor.current().layer, cursor.current().unit) == (0, 0)  # first hidden neuron
    qtbot.keyClick(view, K.Key_Plus)
    qtbot.waitUntil(lambda: _hidden_units(win) == [3], timeout=3000)
    qtbot.keyClick(view, K.Key_Minus)
    qtbot.waitUntil(lambda: _hidden_units(win) == [2], timeout=3000)
    qtbot.keyClick(view, K.Key_L)  # a new layer after this one; the cursor goes onto it
    qtbot.waitUntil(lambda: _hidden_units(win) == [2, 4], timeout=3000)
    assert cursor.current().layer == 1
    qtbot.keyClick(view, K.Key_Delete)
    qtbot.waitUntil(lambda: _hidden_units(win) == [2], timeout=3000)
    qtbot.keyClick(view, K.Key_Home)  # the inputs
    qtbot.keyClick(view, K.Key_Down)
    assert cursor.current().key == "x2"
    qtbot.keyClick(view, K.Key_Return)  # switch x2 off
    qtbot.waitUntil(lambda: win.document.project.network.inputs == ("x1",), timeout=3000)
    qtbot.keyClick(view, K.Key_Return)  # and on again
    qtbot.waitUntil(lambda: win.document.project.network.inputs == ("x1", "x2"), timeout=3000)
    qtbot.keyClick(view, K.Key_End)
    assert cursor.current().layer == 1  # the output
    qtbot.keyClick(view, K.Key_Plus)  # the output's size is the data's: said, not done
    assert "hidden layer" in win.banner.text() and _hidden_units(win) == [2]
    qtbot.keyClick(view, K.Key_Left)
    qtbot.keyClick(view, K.Key_Down)
    assert (cursor.current().layer, cursor.current().unit) == (0, 1)


def test_a_weight_is_typed_by_keys(keyboard_window, qtbot):
    win = keyboard_window
    view = _to_canvas(win, qtbot)
    qtbot.keyClick(view, K.Key_End)  # the output neuron
    answers = []

    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, answer)
            return
        if dialog.inputMode() == QInputDialog.InputMode.TextInput:  # which weight
            dialog.setTextValue(dialog.comboBoxItems()[1])  # from the second hidden neuron
            answers.append("item")
            QTimer.singleShot(20, answer)  # then the value
        else:
            dialog.setDoubleValue(1.25)
            answers.append("value")
        dialog.accept()

    QTimer.singleShot(20, answer)
    qtbot.keyClick(view, K.Key_W)
    qtbot.waitUntil(lambda: answers == ["item", "value"], timeout=5000)
    qtbot.waitUntil(lambda: latest(win).weights[2][1, 0] == 1.25, timeout=5000)
    assert win.document.modified


def test_single_keys_train_unless_the_focused_widget_uses_them(keyboard_window, qtbot):
    win = keyboard_window
    view = _to_canvas(win, qtbot)
    qtbot.keyClick(view, K.Key_S)  # the canvas does not use S: one step
    qtbot.waitUntil(lambda: latest(win).steps == 1, timeout=5000)

    box = next(b for b in win.controls.findChildren(QCheckBox) if b.isVisible())
    box.setFocus(Qt.FocusReason.TabFocusReason)
    was = box.isChecked()
    qtbot.keyClick(box, K.Key_Space)  # presses the checkbox, does not play
    assert box.isChecked() != was and not win.toolbar.play.isChecked()
    qtbot.keyClick(box, K.Key_Space)
    assert box.isChecked() == was

    combo = next(c for c in win.controls.findChildren(QComboBox) if c.isVisible())
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(combo, K.Key_E)  # picks an item starting with E, or nothing: no epoch
    qtbot.wait(200)  # (nothing may happen: a short look that it does not)
    assert latest(win).steps == 1

    view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(view, K.Key_Space)  # from the canvas, Space plays
    qtbot.waitUntil(lambda: win.toolbar.play.isChecked(), timeout=3000)
    qtbot.keyClick(view, K.Key_Space)
    qtbot.waitUntil(lambda: not win.toolbar.play.isChecked(), timeout=3000)


def test_the_training_menu_shows_the_shortcuts(keyboard_window):
    menu = next(m for m in keyboard_window.menuBar().actions() if m.text() == "&Training")
    shown = {a.text(): a.shortcut().toString() for a in menu.menu().actions() if a.text()}
    assert shown["Play"] == "Space" and shown["Step"] == "S" and shown["Reset"] == "R"


def test_ctrl_2_puts_the_keyboard_in_the_settings(keyboard_window, qtbot):
    win = keyboard_window
    _to_canvas(win, qtbot)
    qtbot.keyClick(win, K.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.controls.isAncestorOf(QApplication.focusWidget()), timeout=3000)
    assert not win.canvas.keyboard.active


@pytest.mark.parametrize("preset", ["mlp-xor", "early-stopping", "adam"])
def test_every_stop_of_tab_has_a_name(window, preset):
    """A screen reader says each control's name on Tab: from its label, its text, or set."""
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QWidget

    win = window(preset)
    unnamed = []
    for w in win.findChildren(QWidget):
        if (w.isVisible() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
                and w.objectName() != "qt_spinbox_lineedit"):
            iface = QAccessible.queryAccessibleInterface(w)
            if not (iface and iface.text(QAccessible.Text.Name).strip()):
                unnamed.append(f"{type(w).__name__} ({w.toolTip()[:30]!r})")
    assert not unnamed
