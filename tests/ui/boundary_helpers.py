"""The data view's test helpers: how to read its pixels, and to let it settle."""

from __future__ import annotations

from PySide6 import QtCore, QtGui

from ui.dataview.plot import BoundaryPlot

BOUNDS = (-6.0, 6.0, -6.0, 6.0)


def pixel_at(w: BoundaryPlot, x: float, y: float) -> tuple[int, int, int]:
    """The colour shown at data point (x, y), read from a screen grab of the plot."""
    QtGui.QGuiApplication.processEvents()
    img = w.plot.grab().toImage()
    scene_pt = w.view.mapViewToScene(QtCore.QPointF(x, y))
    p = w.plot.mapFromScene(scene_pt)
    c = img.pixelColor(p.x(), p.y())
    return c.red(), c.green(), c.blue()

def close(c1, c2, tol=4) -> bool:
    return all(abs(int(a) - int(b)) <= tol for a, b in zip(c1, c2))

def settle(qtbot, widget):
    widget.show()
    qtbot.waitExposed(widget)
    for _ in range(5):  # the plot is placed, then the height it needs applied
        QtCore.QCoreApplication.processEvents()
        qtbot.wait(10)
