"""Test helper: what a pyqtgraph axis draws."""

from __future__ import annotations

from PySide6 import QtCore, QtGui


def drawn_tick_labels(axis) -> list[tuple[str, QtCore.QRectF]]:
    """(text, rect in the axis's coordinates) of the tick labels the axis draws
    (pyqtgraph drops one that would stick out)."""
    img = QtGui.QImage(4, 4, QtGui.QImage.Format.Format_ARGB32)
    p = QtGui.QPainter(img)
    try:
        specs = axis.generateDrawSpecs(p)
    finally:
        p.end()
    return [(text, rect) for rect, _flags, text in specs[2]] if specs else []
