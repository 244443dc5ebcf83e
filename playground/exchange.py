"""What goes in and out of the window besides projects: data, models, pictures, drops.

- Import data: a CSV as x1,x2,label / x1,x2,y, or any header with the columns
  picked in a dialog (pandas' index column, scikit-learn's names).
- Export data: the points with a column saying train, validation or test.
- Export model: ONNX, a PyTorch or a Keras script (:mod:`playground.modelexport`).
- Export image: the data view, the network, the curves or the whole window, as
  PNG (1x or 2x) or SVG.
- A CSV or a project dropped on the window is imported or opened.

Every mistake (a file that cannot be read, written or used) is shown in the
window's banner and leaves the work as it was.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, QPoint, QRect, QSize
from PySide6.QtGui import QAction, QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QWidget

import engine
from engine.data import csvio
from ui.common import theme
from ui.dialogs.columns import ColumnDialog
from ui.i18n import tr, translate_tree

from . import modelexport
from .menus import make_action
from .settings import Settings

__all__ = ["Exchange", "render_png", "render_svg"]

MODEL_FILTERS = {
    "ONNX model (*.onnx)": "onnx",
    "PyTorch script (*.py)": "torch",
    "Keras script (*.py)": "keras",
}
IMAGE_PARTS = ("The data view", "The network", "The curves", "The whole window")


def render_png(widget: QWidget, path: str, scale: float = 1.0) -> QSize:
    """``widget`` as it looks, ``scale`` times its size (2: for print or a projector)."""
    size = widget.size() * scale
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(scale)
    image.fill(QColor(theme.now().window))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    widget.render(painter, QPoint(0, 0))
    painter.end()
    if not image.save(path, "PNG"):
        raise engine.PlaygroundError(f"{path}: cannot write the image")
    return image.size()


def render_svg(widget: QWidget, path: str, title: str = "") -> None:
    """``widget`` as an SVG drawing (its plots and network as vector shapes)."""
    generator = QSvgGenerator()
    generator.setFileName(path)
    generator.setSize(widget.size())
    generator.setViewBox(QRect(0, 0, widget.width(), widget.height()))
    generator.setTitle(title or "Neural-network playground")
    generator.setDescription("Drawn by the neural-network playground")
    painter = QPainter()
    if not painter.begin(generator):
        raise engine.PlaygroundError(f"{path}: cannot write the drawing")
    widget.render(painter, QPoint(0, 0))
    painter.end()
    if not os.path.isfile(path) or os.path.getsize(path) == 0:
        raise engine.PlaygroundError(f"{path}: cannot write the drawing")


class Exchange(QObject):
    def __init__(self, win):
        super().__init__(win)
        self.win = win
        self.settings = Settings()
        self.data_action = self._action("Export &data (CSV)…", self.export_data, None,
                                        "The points with a column saying train, validation "
                                        "or test")
        self.model_action = self._action(
            "Export &model…", self.export_model, "Ctrl+Shift+E",
            "The trained network as ONNX, or as a PyTorch or Keras script that takes "
            "points (x1, x2)")
        self.image_action = self._action(
            "Export &image…", self.export_image, "Ctrl+Shift+P",
            "The data view, the network, the curves or the whole window as PNG or SVG")

    def _action(self, text, slot, shortcut, tip) -> QAction:
        a = make_action(self, text, shortcut, tip)
        a.triggered.connect(lambda _=False: slot())
        return a

    def _save_name(self, title: str, name: str, filters: str):
        start = os.path.join(self.settings.export_folder(), name)
        path, chosen = QFileDialog.getSaveFileName(self.win, tr(title), start, filters)
        if path:
            self.settings.set_export_folder(path)
        return path, chosen

    def _base(self) -> str:
        title = self.win.document.project.title or "network"
        return "".join(c if c.isalnum() or c in "-_" else "-" for c in title).strip("-") \
            or "network"

    # ------------------------------------------------------------------ import
    def import_csv(self, path: str | None = None, columns: csvio.Columns | None = None) -> bool:
        """Train on the points of ``path`` (asked for if None); a header with other names
        than x1, x2, label asks which columns to take (unless ``columns`` says)."""
        win = self.win
        if path is None:
            path, _ = QFileDialog.getOpenFileName(win, tr("Import data"), "",
                                                  tr("CSV files (*.csv);;All files (*)"))
            if not path:
                return False
        try:
            if columns is None:
                names = csvio.read_header(path)
                if not csvio.header_fits(names):
                    dialog = ColumnDialog(path, names, csvio.guess_columns(names), win)
                    translate_tree(dialog)
                    if dialog.exec() != QDialog.DialogCode.Accepted:
                        return False
                    columns = dialog.choice()
            points = csvio.load_csv(path, columns)
        except engine.PlaygroundError as e:
            win.show_error(str(e))
            return False
        d = win.document.project.data
        win._on_data_changed(engine.DataSettings("csv", None, 0.0, d.seed, d.ratios, points))
        return True

    # ------------------------------------------------------------------ export
    def export_data(self, path: str | None = None) -> bool:
        """The points of the split shown, with their part (train/validation/test)."""
        if path is None:
            path, _ = self._save_name("Export data", self._base() + ".csv",
                                      "CSV files (*.csv)")
            if not path:
                return False
        try:
            csvio.save_split_csv(self.win.document.split, path)
        except engine.PlaygroundError as e:
            self.win.show_error(str(e))
            return False
        self.win.statusBar().showMessage(tr("Exported the data to {path}").format(path=path),
                                         6000)
        return True

    def export_model(self, path: str | None = None, fmt: str | None = None) -> bool:
        """The network with its weights now, as ONNX / a PyTorch or Keras script."""
        win = self.win
        if path is None:
            path, chosen = self._save_name("Export model", self._base() + ".onnx",
                                           ";;".join(MODEL_FILTERS))
            if not path:
                return False
            fmt = MODEL_FILTERS.get(chosen, "onnx")
            if fmt == "onnx" and path.lower().endswith(".py"):
                fmt = "torch"
        weights = win.current_weights()
        if weights is None:
            win.show_error("The training thread did not answer with the weights; "
                           "try again in a moment")
            return False
        project = win.document.project.replace(weights=tuple(weights))
        try:
            written = modelexport.export(project, fmt or "onnx", path)
        except engine.PlaygroundError as e:
            win.show_error(str(e))
            return False
        what = {"onnx": "an ONNX model", "torch": "a PyTorch script",
                "keras": "a Keras script"}[fmt or "onnx"]
        win.statusBar().showMessage(tr("Exported {what} to {path}: it takes points "
                                       "(x\u2081, x\u2082)").format(what=tr(what),
                                                                  path=written), 8000)
        return True

    def part(self, name: str) -> QWidget:
        """The widget an image shows: one of IMAGE_PARTS."""
        win = self.win
        return {IMAGE_PARTS[0]: win.pane_tabs.currentWidget(), IMAGE_PARTS[1]: win.canvas,
                IMAGE_PARTS[2]: win.curves, IMAGE_PARTS[3]: win}[name]

    def export_image(self, path: str | None = None, part: str | None = None,
                     scale: float | None = None) -> bool:
        """A picture of ``part`` (asked for if None): PNG at ``scale`` (1 or 2, asked
        for) or SVG, by the file's extension."""
        win = self.win
        if part is None:
            names = [tr(p) for p in IMAGE_PARTS]
            chosen, ok = QInputDialog.getItem(win, tr("Export image"), tr("What to draw:"),
                                              names, 0, False)
            if not ok:
                return False
            part = IMAGE_PARTS[names.index(chosen)]
        if path is None:
            path, chosen = self._save_name(
                "Export image", self._base() + ".png",
                "PNG image, screen size (*.png);;PNG image, twice the size (*.png);;"
                "SVG drawing (*.svg)")
            if not path:
                return False
            if scale is None:
                scale = 2.0 if "twice" in chosen else 1.0
            if "SVG" in chosen and not path.lower().endswith(".svg"):
                path += ".svg"
        widget = self.part(part)
        win.presenter.draw_now()
        try:
            if path.lower().endswith(".svg"):
                render_svg(widget, path, win.document.project.title)
            else:
                render_png(widget, path, scale or 1.0)
        except engine.PlaygroundError as e:
            win.show_error(str(e))
            return False
        win.statusBar().showMessage(tr("Saved {what} to {path}").format(
            what=tr(part).lower(), path=path), 6000)
        return True

    # ------------------------------------------------------------------ drops
    @staticmethod
    def dropped_file(mime) -> str | None:
        """The one local .csv or .json file in a drag, or None."""
        if not mime.hasUrls():
            return None
        urls = [u for u in mime.urls() if u.isLocalFile()]
        if len(urls) != 1:
            return None
        path = urls[0].toLocalFile()
        return path if path.lower().endswith((".csv", ".json")) else None

    def drop(self, path: str) -> None:
        """Open a dropped project (asking first if there are unsaved edits) or import a
        dropped CSV."""
        if path.lower().endswith(".csv"):
            self.import_csv(path)
        elif self.win.may_discard("opening another project"):
            self.win.open_file(path)
