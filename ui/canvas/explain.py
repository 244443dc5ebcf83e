"""Panels over the network canvas that explain it with numbers.

:class:`ForwardPanel` (top left): the forward pass of one point, the nested
function the network computes and each neuron's z = w·a + b, a = f(z); the
point can be typed as "x1, x2".  :class:`ChainPanel`: one weight's chain rule
(:meth:`engine.explain.Chain.text`).  Both float over the canvas (they never
move its buttons), close with their × or Esc, and take their text from the
caller: the window computes it from the frame it drew.
"""

from __future__ import annotations

import math

from PySide6 import QtCore, QtGui, QtWidgets

from ui.common import theme
from ui.i18n import tr

__all__ = ["ChainPanel", "ForwardPanel", "parse_point"]

MAX_LINES = 14  # neuron lines shown in the forward panel (hover a neuron for the rest)


def parse_point(text: str) -> tuple[float, float]:
    """"1, 0" or "1 0" or "(1; 0)" -> (1.0, 0.0); ValueError saying what is wrong."""
    cleaned = text.strip().strip("()[]")
    for sep in (",", ";"):
        cleaned = cleaned.replace(sep, " ")
    parts = cleaned.split()
    if len(parts) != 2:
        raise ValueError(f"type two numbers, x\u2081 and x\u2082 (like 1, 0), not {text!r}")
    try:
        x = tuple(float(p) for p in parts)
    except ValueError:
        raise ValueError(f"x\u2081 and x\u2082 must be numbers, not {text!r}") from None
    if not all(math.isfinite(v) and abs(v) <= 1e6 for v in x):
        raise ValueError(f"x\u2081 and x\u2082 must lie within \u00b11,000,000, not {text!r}")
    return x


class _Floating(QtWidgets.QFrame):
    """A box over the canvas with a title, a close button and a text."""

    closed = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget, title: str):
        super().__init__(parent)
        self.setFrameShape(QtWidgets.QFrame.Shape.Box)
        self.title = QtWidgets.QLabel(f"<b>{tr(title)}</b>")
        self.close_button = QtWidgets.QToolButton()
        self.close_button.setText("\u00d7")
        self.close_button.setToolTip("Close (Esc)")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.dismiss)
        self.body = QtWidgets.QLabel()
        self.body.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.body.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setWordWrap(True)
        font = QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont)
        self.body.setFont(font)
        # a big network's text scrolls inside the box: the box stays off most of the canvas
        self.scroll = QtWidgets.QScrollArea()
        self.scroll.setWidget(self.body)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.viewport().setAutoFillBackground(False)
        self.body.setAutoFillBackground(False)
        # (wrapped to the box's width: a long formula must not push the text sideways)
        self.body.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored,
                                QtWidgets.QSizePolicy.Policy.Preferred)
        head = QtWidgets.QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title, 1)
        head.addWidget(self.close_button)
        self.lay = QtWidgets.QVBoxLayout(self)
        self.lay.setContentsMargins(8, 4, 6, 6)
        self.lay.setSpacing(3)
        self.lay.addLayout(head)
        self.lay.addWidget(self.scroll)
        self.apply_theme()
        self.hide()

    def apply_theme(self) -> None:
        t = theme.now()
        self.setStyleSheet(
            f"_Floating, ForwardPanel, ChainPanel {{ background: {t.popup}; "
            f"border: 1px solid {t.popup_border}; border-radius: 4px; }} "
            f"QLabel {{ color: {t.text}; background: transparent; }} "
            f"QScrollArea {{ background: transparent; }}")

    def keyPressEvent(self, event) -> None:
        if event.key() == QtCore.Qt.Key.Key_Escape:
            self.dismiss()
            return
        super().keyPressEvent(event)

    def fit_width(self, width: int, most: int) -> None:
        """``width`` wide, as tall as the wrapped text needs but at most ``most`` (the
        text then scrolls)."""
        self.setFixedWidth(width)
        self.scroll.hide()
        rest = self.layout().totalHeightForWidth(width) + self.lay.spacing()
        self.scroll.show()
        m = self.lay.contentsMargins()
        inner = width - m.left() - m.right() - self.scroll.verticalScrollBar().sizeHint().width()
        height = min(rest + self.body.heightForWidth(inner) + 2, max(rest + 40, most))
        self.scroll.setFixedHeight(height - rest)
        self.setFixedHeight(height)

    def dismiss(self) -> None:
        self.hide()
        self.closed.emit()

    def text(self) -> str:
        """The text shown (without the invisible places where it may wrap)."""
        return self.body.text().replace("\u200b", "")


class ForwardPanel(_Floating):
    """One point's forward pass.

    Signals
    -------
    point_typed(float, float)
        The learner typed a point (x1, x2) and pressed Enter.
    error(str)
        What was typed is not a point.
    """

    point_typed = QtCore.Signal(float, float)
    error = QtCore.Signal(str)

    def __init__(self, parent: QtWidgets.QWidget):
        super().__init__(parent, "Forward pass")
        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QtWidgets.QLabel("x\u2081, x\u2082 ="))
        self.point_edit = QtWidgets.QLineEdit()
        self.point_edit.setToolTip("Type a point (x\u2081, x\u2082) and press Enter, or click one "
                                   "in the data view")
        self.point_edit.setMaximumWidth(140)
        self.point_edit.returnPressed.connect(self._on_typed)
        row.addWidget(self.point_edit)
        row.addStretch(1)
        self.lay.insertLayout(1, row)

    def _on_typed(self) -> None:
        try:
            x1, x2 = parse_point(self.point_edit.text())
        except ValueError as e:
            self.error.emit(f"Forward pass: {e}")
            return
        self.point_typed.emit(x1, x2)

    def show_trace(self, trace, target: str = "") -> bool:
        """Show ``trace`` (engine.explain.Trace); ``target``: the point's label, if any.
        Whether the text changed (the box may need another size)."""
        x1, x2 = trace.point
        if not self.point_edit.hasFocus():
            self.point_edit.setText(f"{x1:.3g}, {x2:.3g}")
        lines = [trace.nesting.replace("(", "(\u200b"), ""]  # (may wrap inside)
        shown = 0
        for steps in trace.layers:
            for step in steps:
                if shown == MAX_LINES:
                    lines.append("\u2026 " + tr("(hover a neuron for its own numbers)"))
                    break
                lines.append(f"{step.name}: {step.formula()}")
                shown += 1
        out = ", ".join(f"{v:.4g}" for v in trace.output)
        lines += ["", tr("output = {out}").format(out=out)
                  + (tr("   (target {target})").format(target=target) if target else "")]
        text = "\n".join(lines)
        changed = text != self.body.text() or not self.isVisible()
        if changed:
            self.body.setText(text)
        self.show()
        self.raise_()
        return changed

    def place(self, area: QtCore.QRect) -> None:
        """At the bottom left of ``area`` (the canvas's view: the unused inputs lie there,
        the buttons are at the top), at most half its width."""
        self.fit_width(max(220, int(area.width() * 0.44)), int(area.height() * 0.55))
        self.move(area.left() + 8, max(area.top() + 8, area.bottom() - self.height() - 8))


class ChainPanel(_Floating):
    """One weight's chain rule, with its numbers."""

    def __init__(self, parent: QtWidgets.QWidget):
        super().__init__(parent, "Chain rule")

    def show_chain(self, text: str, area: QtCore.QRect) -> None:
        self.body.setText(text)
        # bottom right, beside the forward pass (the buttons are at the top)
        self.fit_width(max(240, int(area.width() * 0.56) - 24), int(area.height() * 0.7))
        self.move(area.right() - self.width() - 8,
                  max(area.top() + 8, area.bottom() - self.height() - 8))
        self.show()
        self.raise_()
        self.setFocus()
