"""A picture of a finished run for handouts: ``playground train ... --plot out.png``.

The data view (the points over the trained network's decision boundary) beside
the loss and accuracy curves, with the run's figures in a title line, drawn
by the window's own plot widgets on Qt's offscreen platform: no screen needed.
PNG at twice the screen size (sharp in print), or SVG by the file's extension.
"""

from __future__ import annotations

import os

import engine

__all__ = ["check_path", "plot_run"]

SIZE = (1100, 480)  # the figure, in screen pixels (a PNG is twice that)


def check_path(path: str) -> None:
    """Refuse a plot file that cannot be written (before any training is spent)."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise engine.PlaygroundError(f"{path}: there is no folder {folder}")
    if not path.lower().endswith((".png", ".svg")):
        raise engine.PlaygroundError(f"{path}: a plot is a .png or .svg file")


def plot_run(project: engine.Project, trainer: engine.Trainer, path: str) -> None:
    """Draw the finished ``trainer``'s run of ``project`` to ``path`` (.png or .svg)."""
    check_path(path)
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QVBoxLayout, QWidget

    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a picture, not a window
    app = QApplication.instance() or QApplication(["playground"])
    from ui.common import theme
    from ui.common.mapcolors import render_output, value_levels
    from ui.curves.plot import CurvesPlot
    from ui.dataview.plot import BoundaryPlot

    from .exchange import render_png, render_svg
    from .snapshot import thin_history

    theme.use(theme.LIGHT)
    split = trainer.split
    train = split.train
    figure = QWidget()
    figure.resize(*SIZE)
    figure.setStyleSheet(f"QWidget {{ background: {theme.LIGHT.background}; "
                         f"color: {theme.LIGHT.text}; }}")
    s = trainer.summary()
    parts = [f"<b>{project.title or 'network'}</b>", f"{s['epochs']} epochs"]
    if s["test_accuracy"] is not None:
        parts.append(f"test accuracy {100 * s['test_accuracy']:.1f}%")
    if s["test_loss"] is not None:
        parts.append(f"test loss {s['test_loss']:.4g}")
    layers = " \u2013 ".join(str(la.units) for la in project.network.layers)
    parts.append(f"{', '.join(project.network.inputs)} \u2192 {layers}")
    title = QLabel(" \u00b7 ".join(parts))
    boundary = BoundaryPlot()
    boundary.set_data(split, train.task, train.n_classes)
    boundary.set_bounds(train.bounds)
    grid = engine.GridEvaluator(project.network.inputs, train.bounds, 120, threads=1)
    levels = value_levels(train.y) if train.task == "regression" else (-1.0, 1.0)
    boundary.show_output(render_output(grid.evaluate(trainer.network).output, train.task,
                                       train.bounds, levels))
    curves = CurvesPlot()
    curves.epoch_limit = trainer.epoch
    curves.set_history(dict(thin_history(trainer.history)), train.task,
                       project.training.schedule != "constant", None)
    row = QHBoxLayout()
    row.addWidget(boundary, 1)
    row.addWidget(curves, 1)
    lay = QVBoxLayout(figure)
    lay.addWidget(title)
    lay.addLayout(row, 1)
    figure.show()  # laid out and polished (offscreen: nothing appears)
    app.processEvents()
    boundary.reset_view()
    app.processEvents()
    if path.lower().endswith(".svg"):
        render_svg(figure, path, project.title)
    else:
        render_png(figure, path, 2.0)
    figure.close()
