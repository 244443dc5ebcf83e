"""The field helpers the controls panel is built from.

:class:`FieldRow` is an editor with an inline error line under it;
:class:`NumberField` is a line edit for a real number that refuses text which
is not one.  The small functions format and parse numbers and build the forms,
rows, notes and spin boxes of :mod:`ui.controls.data` and :mod:`ui.controls.training`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.common import theme
from ui.i18n import tr_message

__all__ = [
    "error_style",
    "note_style",
    "restyle",
    "SEED_MAX",
    "FieldRow",
    "NumberField",
    "add_row",
    "fmt_number",
    "make_form",
    "name_editors",
    "note_label",
    "parse_number",
    "spin",
]

SEED_MAX = 2**31 - 1  # QSpinBox holds a C int
NOTE_INK = 0.72  # a note's colour: this much of the text colour, the rest the background's


def _note_font():
    """A note's font: a point smaller than the application's (View ▸ Zoom scales it)."""
    font = QApplication.font()
    font.setPointSizeF(max(7.0, font.pointSizeF() - 1))
    return font


def error_style() -> str:
    """A field's error line: the theme's error red."""
    return f"color: {theme.now().error_text};"


def restyle(root: QWidget) -> None:
    """Notes and error lines under ``root`` in the palette, theme and font now in use."""
    for label in root.findChildren(QLabel):
        kind = label.property("kind")
        if kind == "note":
            label.setStyleSheet(note_style())
            label.setFont(_note_font())
        elif kind == "error":
            label.setStyleSheet(error_style())


def note_style() -> str:
    """The notes' colour: grey, a step back from the text, but dark enough to read on a
    projector (Qt's placeholder grey is ~4:1 against the panel; this ~7:1).  Mixed
    from the current palette, so a dark theme gets a light grey."""
    pal = QApplication.palette()
    ink, paper = pal.color(QPalette.ColorRole.WindowText), pal.color(QPalette.ColorRole.Window)
    mix = [round(NOTE_INK * a + (1 - NOTE_INK) * b)
           for a, b in zip(ink.getRgb()[:3], paper.getRgb()[:3])]
    return "color: #{:02x}{:02x}{:02x};".format(*mix)


def fmt_number(v: float) -> str:
    """The shortest text that reads back as exactly ``v``: 0.03, 0.0001, 1e-8, 5."""
    v = float(v)
    if v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return re.sub(r"e\+?(-?)0*(\d)", r"e\1\2", repr(v))


def parse_number(text: str, what: str) -> float:
    """``text`` as a finite float, or ValueError with a message naming ``what``."""
    s = text.strip()
    if not s:
        raise ValueError(f"{what}: enter a number")
    try:
        v = float(s)
    except ValueError:
        hint = " (use a dot as the decimal separator)" if re.fullmatch(r"[+-]?\d+,\d+", s) else ""
        raise ValueError(f"{what}: '{s[:30]}' is not a number{hint}") from None
    if not math.isfinite(v):
        raise ValueError(f"{what} must be a finite number, got {s}")
    return v


def note_label(text: str = "") -> QLabel:
    """A small, grey, wrapping explanation line."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(note_style())
    label.setProperty("kind", "note")
    label.setFont(_note_font())
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def make_form(parent: QWidget) -> QFormLayout:
    form = QFormLayout(parent)
    form.setContentsMargins(6, 4, 6, 6)
    form.setHorizontalSpacing(6)
    form.setVerticalSpacing(4)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return form


def add_row(
    form: QFormLayout, text: str, row: QWidget, tip: str, span: bool = False
) -> QLabel | None:
    """``text: row``, the tooltip on both; ``span`` gives a row across both columns."""
    row.setToolTip(tip)
    if span:
        form.addRow(row)
        return None
    label = QLabel(text)
    label.setToolTip(tip)
    label.setContentsMargins(0, 3, 0, 0)  # line up with the editor's text, not its frame
    form.addRow(label, row)
    name_editors(row, text, label)
    return label


def name_editors(row: QWidget, text: str, label: QLabel | None = None) -> None:
    """Give the row's editors the label's text as their accessible name (what a screen
    reader says on Tab); the first one becomes the label's buddy."""
    editors = [w for w in (row, *row.findChildren(QWidget))
               if w.focusPolicy() & Qt.FocusPolicy.TabFocus and not isinstance(w, QLabel)
               and w.objectName() != "qt_spinbox_lineedit"  # (a spin box's own field)
               and not (isinstance(w, QAbstractButton) and w.text())]
    for i, w in enumerate(editors):
        if not w.accessibleName():
            kind = "" if i == 0 else " slider" if isinstance(w, QAbstractSlider) else f" {i + 1}"
            w.setAccessibleName(f"{text}{kind}")
    if editors and label is not None:
        label.setBuddy(editors[0])


def spin(lo: int, hi: int, tip: str, special: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(lo, hi)
    box.setKeyboardTracking(False)  # valueChanged on Enter / focus out / arrows, not per key
    box.setAccelerated(True)
    box.setToolTip(tip)
    if special:
        box.setSpecialValueText(special)
    return box


class FieldRow(QWidget):
    """One or more widgets side by side, with a red error line under them."""

    def __init__(self, *widgets: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(1)
        self.line = QHBoxLayout()
        self.line.setSpacing(4)
        for w in widgets:
            self.line.addWidget(w)
        outer.addLayout(self.line)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(error_style())
        self.error_label.setProperty("kind", "error")
        self.error_label.hide()
        outer.addWidget(self.error_label)

    def setToolTip(self, tip: str) -> None:
        """The row's tooltip, also on each of its widgets that has none of its own."""
        super().setToolTip(tip)
        for w in self.findChildren(QWidget):
            if w is not self.error_label and not w.toolTip():
                w.setToolTip(tip)

    def add_note(self, note: QLabel) -> None:
        """A small explanation line under the editors (above the error line)."""
        self.layout().insertWidget(1, note)

    def show_error(self, message: str) -> None:
        self.error_label.setText(tr_message(message))
        self.error_label.show()

    def clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def error_text(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""


class NumberField(FieldRow):
    """A line edit for a real number, committed on editingFinished.

    ``on_value(v)`` gets a parsed finite number (the owner validates it and
    commits or refuses); text that is no number goes to ``on_invalid(field, msg)``.
    Either way a refused text is replaced by the last accepted value.
    """

    def __init__(
        self,
        what: str,
        on_value: Callable[[float], None],
        on_invalid: Callable[[NumberField, str], None],
        *extra: QWidget,
    ):
        self.edit = QLineEdit()
        self.edit.setMinimumWidth(60)
        super().__init__(self.edit, *extra)
        self.what = what
        self._on_value = on_value
        self._on_invalid = on_invalid
        self._value = 0.0
        self._shown = ""
        self.edit.editingFinished.connect(self._on_editing_finished)

    def value(self) -> float:
        return self._value

    def set_value(self, v: float) -> None:
        self._value = float(v)
        self._shown = fmt_number(v)
        self.edit.setText(self._shown)

    def restore(self) -> None:
        self.edit.setText(self._shown)

    def _on_editing_finished(self) -> None:
        text = self.edit.text().strip()
        if text == self._shown:
            return
        try:
            v = parse_number(text, self.what)
        except ValueError as e:
            self.restore()
            self._on_invalid(self, str(e))
            return
        self._on_value(v)
