"""The data view: the points of the three splits over the network's output map.

One ``pg.PlotWidget`` holds, bottom to top: the output heatmap, the
decision boundary (the 0.5 contour of a binary output), the first-layer
neurons' lines w1*x1 + w2*x2 + b = 0 (:mod:`ui.dataview.neuron_lines`), and the
points (:mod:`ui.dataview.points`).  Every item is created
once in ``__init__``; the per-frame calls (``set_output``,
``set_neuron_lines``) only push new arrays into them.  What changes every
frame is a stock Qt item (:mod:`ui.common.stock_items`) that paints in C++, and the
points and axes, which do not change, are cached as pixmaps: a frame costs
the training thread little GIL time.

Points are told apart by shape as well as colour: train = filled circle with
a dark outline, validation = hollow ring, test = triangle.  A row of check
boxes under the plot shows or hides each split and the neuron lines; their
icons double as the marker legend.  A regression's value scale sits on a line
of its own below them, so it never makes the panel wider.

x1 and x2 are drawn at one scale (a circle looks round) and the view is
exactly the bounds (the map fills it): instead of locking the view's aspect,
which would leave empty bands inside the axes, the plot widget is sized so
that its view box has the bounds' shape (:class:`~ui.dataview.points.ShapeKeeper`).  The plot
asks for the height that needs (``fit_height``, a maximum height and the
``fit_height_changed`` signal), so whoever lays it out can give the rest to
other widgets.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtWidgets import QGraphicsItem

from engine import Split
from ui.common import theme
from ui.common.colors import (
    CLASS_COLORS,
    MAP_BOUNDARY,
    MAP_OUTLINE,
    NEGATIVE,
    POSITIVE,
    diverging_lut,
)
from ui.common.mapcolors import OutputFrame, render_output, value_levels
from ui.common.stock_items import MapImage, Segments, cosmetic_pen, paint_now, rgba_image
from ui.common.ticks import nice_ceil
from ui.i18n import tr

from .neuron_lines import MAX_NEURON_LINES, NeuronLines
from .points import MARKERS, Points, ShapeKeeper, marker_icon

__all__ = ["BoundaryPlot"]


SPLITS = ("train", "validation", "test")
MAX_ASPECT = 2.0  # bounds more lopsided than this (a CSV in other units) are drawn at 2:1
_TOOLTIPS = {
    "train": "Show the training points (filled circles): the network learns from these.",
    "validation": (
        "Show the validation points (rings): never trained on, they measure the "
        "validation loss that early stopping watches."
    ),
    "test": ("Show the test points (triangles): kept aside and scored once, when training ends."),
    "lines": (
        "Show each first-layer neuron's line w\u2081x\u2081 + w\u2082x\u2082 + b = 0, where its "
        "weighted sum changes sign (for inputs x\u2081, x\u2082 only, and a first layer of "
        "a few neurons)."
    ),
}


class BoundaryPlot(QtWidgets.QWidget):
    """Points of a train/validation/test split over the network's output map.

    Signals
    -------
    show_lines_changed(bool)
        The "lines" check box was toggled (by the user or ``set_show_lines``).
    fit_height_changed(int)
        The height at which the view has the bounds' shape (``fit_height``) changed,
        for the current width.
    """

    show_lines_changed = QtCore.Signal(bool)
    fit_height_changed = QtCore.Signal(int)
    point_clicked = QtCore.Signal(float, float)  # a click in the view, data coordinates
    axis_names = ("x\u2081", "x\u2082")
    lines_tip = _TOOLTIPS["lines"]

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self._bounds = (-6.0, 6.0, -6.0, 6.0)
        self._task = "binary"
        self._points_xy = np.empty((0, 2))  # the data, for the lines' labels to keep clear of
        self._tick_step = 0.0
        self._value_levels = (-1.0, 1.0)
        self._has_contour = False  # a binary output's 0.5 contour is set
        self._fit = -1  # fit_height(), once laid out
        self._fit_queued = False
        self._styles: dict[str, dict] = {}  # each split's marker style (set_data)

        self.plot = pg.PlotWidget()
        pi = self.plot.getPlotItem()
        self.view = pi.getViewBox()
        pi.setMenuEnabled(False)
        pi.hideButtons()
        self.view.setMouseEnabled(x=False, y=False)  # a learner must not lose the view
        self.view.disableAutoRange()
        # Not aspect-locked: the view is exactly the bounds, so the map fills it with no
        # empty bands; x1 and x2 keep one scale because the plot widget itself is sized
        # to the bounds' shape (ShapeKeeper).
        self.view.setAspectLocked(False)
        for name in ("bottom", "left"):
            pi.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        pi.showAxis("top")
        pi.showAxis("right")
        for name in ("top", "right"):  # a frame, no ticks labels
            ax = pi.getAxis(name)
            ax.setStyle(showValues=False, tickLength=0)
            ax.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.apply_theme()
        # Room above the view for the top x2 tick label, which is centred on the top
        # edge: half of it stands above the view, and was cut off by the widget's edge.
        half_label = QtGui.QFontMetrics(self.plot.font()).height() // 2 + 2
        pi.getAxis("top").setHeight(half_label)
        pi.getAxis("right").setWidth(3)  # else its line falls just outside the widget

        self.image = MapImage()  # rows = x2, as GridOutput
        self.image.setZValue(-10)
        self.image.setVisible(False)
        self.view.addItem(self.image, ignoreBounds=True)

        self.boundary = Segments(cosmetic_pen(MAP_BOUNDARY, 2.0))
        self.boundary.setZValue(5)
        self.view.addItem(self.boundary, ignoreBounds=True)

        self.lines = NeuronLines(self.view)
        self.neuron_lines = self.lines.lines
        self.neuron_labels = self.lines.labels

        self.scatter: dict[str, pg.ScatterPlotItem] = {}
        for z, name in enumerate(SPLITS):
            symbol, _, size = MARKERS[name]
            item = Points(symbol=symbol, size=size, pxMode=True)
            item.setZValue(10 + z)
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)  # static: blit
            self.view.addItem(item)
            self.scatter[name] = item
        # A dark halo under each validation ring: a ring in a pale colour (a
        # regression target near 0 is white) must still show on a pale map.
        self.ring_halo = Points(
            symbol="o", pen=pg.mkPen(MAP_OUTLINE, width=4.0), brush=None, pxMode=True
        )
        self.ring_halo.setZValue(self.scatter["validation"].zValue() - 0.5)
        self.ring_halo.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.view.addItem(self.ring_halo)

        # the point whose forward pass the canvas shows (a click on the view)
        self.traced = pg.ScatterPlotItem(symbol="o", size=24, pen=pg.mkPen(MAP_BOUNDARY, width=2.5),
                                         brush=None, pxMode=True)
        self.traced.setZValue(25)
        self.traced.setVisible(False)
        self.view.addItem(self.traced, ignoreBounds=True)

        self.shape_keeper = ShapeKeeper(self.plot, self.view)
        self.shape_keeper.shape_changed = self._fit_height

        self.toggles: dict[str, QtWidgets.QCheckBox] = {}
        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(4, 0, 4, 0)
        row.setSpacing(10)
        for name in (*SPLITS, "lines"):
            box = QtWidgets.QCheckBox(name)
            box.setChecked(True)
            box.setToolTip(_TOOLTIPS[name])
            if name == "lines":
                box.setIcon(marker_icon("lines", False))
                box.toggled.connect(self._on_lines_toggled)
            else:
                symbol, filled, _ = MARKERS[name]
                box.setIcon(marker_icon(symbol, filled))
                box.toggled.connect(self.scatter[name].setVisible)
                if name == "validation":
                    box.toggled.connect(self.ring_halo.setVisible)
            row.addWidget(box)
            self.toggles[name] = box
        row.addStretch(1)
        # As wide as the row is with 3-digit counts (every lesson), whatever the data: else the
        # panel (and the canvas beside it) moved by ~50 px from lesson to lesson.
        widest = 0
        for name, box in self.toggles.items():
            text = box.text()
            box.setText(name if name == "lines" else f"{name} 999")
            widest += box.sizeHint().width()
            box.setText(text)
        margins = row.contentsMargins()
        self._row_width = (widest + row.spacing() * (len(self.toggles) - 1)
                           + margins.left() + margins.right())
        # On a line of its own: next to the check boxes it made the panel (and so the
        # whole right-hand side) wider than for any other data set.
        self.value_legend = QtWidgets.QLabel()
        self.value_legend.setToolTip(
            "Regression: the colour of a point is its target, the colour of the map the "
            "network's output, on this scale (white in the middle)."
        )
        self.value_legend.setContentsMargins(4, 0, 4, 0)
        self.value_legend.setVisible(False)
        # its text grows when the output leaves the scale: it must not widen the panel
        self.value_legend.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred)
        self.value_legend.setAlignment(QtCore.Qt.AlignmentFlag.AlignRight)
        self._legend_strip = ""
        self._legend_note = ""
        self.toggles["lines"].setEnabled(False)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(2, 4, 10, 0)
        layout.setSpacing(2)
        layout.addWidget(self.shape_keeper, 1)
        layout.addLayout(row)
        layout.addWidget(self.value_legend, 0, QtCore.Qt.AlignmentFlag.AlignRight)

        self.plot.scene().sigMouseClicked.connect(self._on_mouse_clicked)
        self.set_bounds(self._bounds)

    def sizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(420, 420)

    def minimumSizeHint(self) -> QtCore.QSize:
        hint = super().minimumSizeHint()
        layout = self.layout()
        extra = 0 if layout is None else layout.contentsMargins().left() + (
            layout.contentsMargins().right())
        return QtCore.QSize(max(hint.width(), self._row_width + extra), hint.height())

    # ------------------------------------------------------------------- shape

    def fit_height(self) -> int:
        """This widget's height at which, at its current width, the view box has the
        bounds' shape (x1 and x2 at one scale) and the plot fills the width."""
        return self._fit if self._fit >= 0 else self.sizeHint().height()

    def _fit_height(self) -> None:
        # Not now: this runs while a layout is placing the widgets, and a new maximum
        # height would resize this one in the middle of that (the check boxes were
        # left where the old height put them, over the plot).
        if not self._fit_queued:
            self._fit_queued = True
            QtCore.QTimer.singleShot(0, self, self._apply_fit_height)

    def _apply_fit_height(self) -> None:
        self._fit_queued = False
        keeper = self.shape_keeper
        extra = self.height() - keeper.height()  # margins, the check boxes, the legend
        fit = extra + keeper.height_for(keeper.width())
        if fit != self._fit:
            self._fit = fit
            # taller would only leave room under the plot
            self.setMaximumHeight(fit)
            self.fit_height_changed.emit(fit)

    # ------------------------------------------------------------------ points

    def set_data(self, split: Split, task: str, n_classes: int) -> None:
        """Scatter the train, validation and test points, coloured by class or value.

        Binary: orange = 0, blue = 1; multiclass: ``CLASS_COLORS``;
        regression: the target on the diverging map (white = 0 when the
        targets straddle 0, else the middle of their range).
        """
        self._task = task
        parts = dict(zip(SPLITS, (split.train, split.val, split.test)))
        # where the points are, for the lines' labels to keep clear of (at most 400)
        xy = np.concatenate([np.asarray(d.X, dtype=np.float64) for d in parts.values()])
        self._points_xy = xy[:: max(1, len(xy) // 400)]
        if task == "regression":
            ys = np.concatenate([np.asarray(d.y, dtype=np.float64) for d in parts.values()])
            self._value_levels = value_levels(ys)
            self._show_value_legend(*self._value_levels)
        if self.value_legend.isVisibleTo(self) != (task == "regression"):
            self.value_legend.setVisible(task == "regression")
        n = sum(len(d) for d in parts.values())
        scale = 1.8 if n <= 20 else 1.3 if n <= 100 else 1.0  # a truth table's 4 points: big
        for name, data in parts.items():
            colors = self._point_colors(np.asarray(data.y), task, n_classes)
            symbol, filled, size = MARKERS[name]
            size *= scale
            if filled:
                brushes = [pg.mkBrush(c) for c in colors]
                pens = pg.mkPen(MAP_OUTLINE, width=1.0)
            else:
                brushes = pg.mkBrush(255, 255, 255, 0)
                pens = [pg.mkPen(c, width=2.2) for c in colors]
            X = np.asarray(data.X, dtype=np.float64)
            self._styles[name] = dict(brush=brushes, pen=pens, symbol=symbol, size=size)
            self.scatter[name].setData(x=X[:, 0], y=X[:, 1], **self._styles[name])
            box = self.toggles[name]
            box.setText(f"{tr(name)} {len(data)}")
            box.setVisible(len(data) > 0)  # "test 0" would toggle nothing
            self.scatter[name].setVisible(box.isChecked())
            if name == "validation":
                self.ring_halo.setData(x=X[:, 0], y=X[:, 1], size=size)
                self.ring_halo.setVisible(box.isChecked())

    def move_points(self, parts) -> None:
        """Draw the points of :meth:`set_data` (same order, same colours) at new places:
        ``parts`` = (train, validation, test) coordinates, (n, 2) each."""
        for name, xy in zip(SPLITS, parts):
            style = self._styles.get(name)
            if style is None:
                continue
            xy = np.asarray(xy, dtype=np.float64)
            self.scatter[name].setData(x=xy[:, 0], y=xy[:, 1], **style)
            if name == "validation":
                self.ring_halo.setData(x=xy[:, 0], y=xy[:, 1], size=style["size"])

    def _show_value_legend(self, lo: float, hi: float) -> None:
        """``lo`` [orange -> white -> blue] ``hi``: the value scale of a regression."""
        w, h = 72, 10
        lut = diverging_lut(1.0, w)
        strip = np.ascontiguousarray(np.broadcast_to(lut[None, :, :], (h, w, 4)))
        pm = QtGui.QPixmap.fromImage(rgba_image(strip))
        buf = QtCore.QBuffer()
        buf.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
        pm.save(buf, "PNG")
        data = bytes(buf.data().toBase64()).decode("ascii")
        self._legend_strip = (
            f"output y: {lo:.3g} <img src='data:image/png;base64,{data}' "
            f"style='vertical-align: middle'> {hi:.3g}"
        )
        self._legend_note = ""
        self.value_legend.setText(self._legend_strip)

    def apply_theme(self) -> None:
        """Restyle the frame and axes with the theme now in use (the map, the points
        and the lines over it are the same in every theme)."""
        t = theme.now()
        self.plot.setBackground(t.background)
        pi = self.plot.getPlotItem()
        font = QtWidgets.QApplication.font()  # (View ▸ Zoom scales it)
        for name, label in (("bottom", self.axis_names[0]), ("left", self.axis_names[1]),
                            ("top", None), ("right", None)):
            axis = pi.getAxis(name)
            axis.setPen(pg.mkPen(t.frame))
            if label is not None:
                axis.setTextPen(pg.mkPen(t.text))
                axis.setTickFont(font)
                axis.label.setFont(font)
                axis.setLabel(label, color=t.text)

    def _note_output_span(self, span: tuple[float, float] | None) -> None:
        """Say so on the value legend when the output runs far off its scale (a
        diverging fit is otherwise a calm two-colour map, clipped at the ends)."""
        lo, hi = self._value_levels
        margin = 0.5 * (hi - lo)
        off = span is not None and (span[0] < lo - margin or span[1] > hi + margin)
        amber = theme.now().warning_text
        note = (f"<br><span style='color:{amber}'>"
                + tr("the output spans {lo} to {hi}, far off this scale").format(
                    lo=f"{span[0]:.2g}", hi=f"{span[1]:.2g}") + "</span>" if off else "")
        if note != self._legend_note:
            self._legend_note = note
            self.value_legend.setText(self._legend_strip + note)

    def value_legend_note(self) -> str:
        """The warning under the value legend (plain text), empty when none."""
        return QtGui.QTextDocumentFragment.fromHtml(self._legend_note).toPlainText().strip()

    def value_legend_range(self) -> tuple[float, float] | None:
        """The (low, high) the value legend shows, or None when it is hidden."""
        return self._value_levels if self.value_legend.isVisibleTo(self) else None

    def _point_colors(self, y: np.ndarray, task: str, n_classes: int) -> list:
        if task == "regression":
            lo, hi = self._value_levels
            lut = diverging_lut(1.0)
            idx = np.clip((y.astype(np.float64) - lo) / (hi - lo) * 255.0, 0, 255)
            return [QtGui.QColor(*map(int, lut[i, :3])) for i in np.rint(idx).astype(int)]
        if task == "binary" or n_classes <= 2:
            table = [QtGui.QColor(NEGATIVE), QtGui.QColor(POSITIVE)]
        else:
            table = [QtGui.QColor(c) for c in CLASS_COLORS]
        return [table[int(label) % len(table)] for label in y]

    # -------------------------------------------------------------------- view

    def set_bounds(self, bounds) -> None:
        """Fix the view to (x1_min, x1_max, x2_min, x2_max); double-click restores it."""
        x0, x1, y0, y1 = (float(v) for v in bounds)
        if not (x0 < x1 and y0 < y1):
            raise ValueError(f"bounds must satisfy x1_min < x1_max, x2_min < x2_max: {bounds}")
        self._bounds = (x0, x1, y0, y1)
        ratio = (y1 - y0) / (x1 - x0)
        self.shape_keeper.set_ratio(min(max(ratio, 1 / MAX_ASPECT), MAX_ASPECT))
        self.reset_view()
        self._sync_ticks()

    def _sync_ticks(self) -> None:
        """One tick step on both axes (x1 and x2 are drawn at one scale, so 0.5 on one
        and 0.1 on the other would mislead), round, with labels ~50 px apart or more."""
        x0, x1, y0, y1 = self._bounds
        px_per_unit = self.view.width() / (x1 - x0) if self.view.width() > 0 else 0.0
        span = min(x1 - x0, y1 - y0)
        most = int(min(12, max(2, span * px_per_unit / 50))) if px_per_unit else 6
        step = nice_ceil(span / most, (1, 2, 5))
        if step != self._tick_step:
            self._tick_step = step
            pi = self.plot.getPlotItem()
            for name in ("bottom", "left"):
                pi.getAxis(name).setTickSpacing(levels=[(step, 0.0)])

    def tick_spacing(self) -> float:
        """The step between the tick labels of both axes."""
        return self._tick_step

    def bounds(self) -> tuple[float, float, float, float]:
        return self._bounds

    def reset_view(self) -> None:
        x0, x1, y0, y1 = self._bounds
        self.view.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0.0)

    def _on_mouse_clicked(self, event) -> None:
        if event.double():
            self.reset_view()
            return
        if event.button() != QtCore.Qt.MouseButton.LeftButton:
            return
        p = self.view.mapSceneToView(event.scenePos())
        x0, x1, y0, y1 = self._bounds
        if x0 <= p.x() <= x1 and y0 <= p.y() <= y1:
            self.point_clicked.emit(float(p.x()), float(p.y()))

    def nearest_point(self, x: float, y: float, px: float = 12.0):
        """The data point drawn within ``px`` screen pixels of (x, y), as (x1, x2, label
        or value, split name), or None."""
        best, where = None, None
        sx, sy = self.view.viewPixelSize()  # data units per pixel
        for name, item in self.scatter.items():
            if not item.isVisible():
                continue
            xs, ys = item.getData()
            if xs is None or len(xs) == 0:
                continue
            d = np.hypot((np.asarray(xs) - x) / sx, (np.asarray(ys) - y) / sy)
            k = int(np.argmin(d))
            if d[k] <= px and (best is None or d[k] < best):
                best, where = float(d[k]), (name, k)
        if where is None:
            return None
        name, k = where
        return name, k

    def mark_point(self, xy) -> None:
        """Ring the point being traced (None: no ring)."""
        if xy is None:
            self.traced.setVisible(False)
            return
        self.traced.setData(x=[xy[0]], y=[xy[1]])
        self.traced.setVisible(True)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_height()
        # keep exactly the bounds in view after a resize, with ticks for the new size
        QtCore.QTimer.singleShot(0, self, self.reset_view)
        QtCore.QTimer.singleShot(0, self, self._sync_ticks)

    # ------------------------------------------------------------------ output

    def set_output(self, out: np.ndarray, task: str) -> None:
        """Draw the network's output over the bounds, under the points
        (see :func:`ui.common.mapcolors.render_output` for the colours)."""
        self.show_output(render_output(out, task, self._bounds, self._value_levels))

    def show_output(self, frame: OutputFrame) -> None:
        """Show an output map already coloured (by the training worker)."""
        self.image.set_image(frame.rgba, frame.rect, frame.levels)
        if self._task == "regression":
            self._note_output_span(frame.span)
        self._has_contour = frame.contour is not None
        if frame.contour is not None:
            self.boundary.setData(*frame.contour)
        self._sync_boundary()
        self.image.setVisible(True)

    def paint_now(self) -> None:
        """Paint the view at once, not on Qt's next update (the window does it while
        the training thread waits, see playground.frames)."""
        paint_now(self.plot)

    def value_levels(self) -> tuple[float, float]:
        """The values at the ends of a regression's colour scale (from the targets)."""
        return self._value_levels

    def clear_output(self) -> None:
        """Hide the heatmap and the decision boundary (e.g. a new, untrained network)."""
        self.image.setVisible(False)
        self._has_contour = False
        self.boundary.setVisible(False)

    # ----------------------------------------------------------- neuron lines

    def set_neuron_lines(
        self, W: np.ndarray | None, b: np.ndarray | None, names: list[str] | None = None,
        why_not: str = "",
    ) -> None:
        """Draw first-layer neuron j's line W[0, j]*x1 + W[1, j]*x2 + b[j] = 0.

        ``names`` label the lines (default h1, h2, ...; a perceptron's is "output").

        ``W`` is (2, units), ``b`` (units,), as ``Network.get_weights()[:2]``;
        only meaningful when the inputs are exactly (x1, x2) -- the caller
        checks that.  ``None``, or more than 8 units, hides the lines; ``why_not``
        then says why, in the greyed "lines" toggle's tooltip.
        """
        if W is not None and b is not None:
            W = np.asarray(W, dtype=np.float64)
            b = np.asarray(b, dtype=np.float64).ravel()
            if W.ndim != 2 or W.shape[0] != 2 or W.shape[1] != b.shape[0]:
                raise ValueError(
                    f"need W (2, units) and b (units,), got {W.shape} and {b.shape}")
        if W is None or b is None or W.shape[1] > MAX_NEURON_LINES:
            self.lines.clear()
        else:
            self.lines.set(W, b, names, self._bounds, self.show_lines(), self._points_xy)
        box = self.toggles["lines"]
        box.setEnabled(self.lines.active)
        tip = tr(self.lines_tip)
        if not self.lines.active:
            tip += tr("\n\nNo lines here: {why}.").format(why=why_not or tr("too many neurons"))
        if box.toolTip() != tip:
            box.setToolTip(tip)
        self._sync_boundary()

    def off_view_text(self) -> str:
        """The note naming the neuron lines that fall outside the view ("" if none)."""
        return self.lines.note_text if self.lines.note.isVisible() else ""

    def set_show_lines(self, show: bool) -> None:
        """Check or uncheck the "lines" toggle."""
        self.toggles["lines"].setChecked(bool(show))

    def show_lines(self) -> bool:
        return self.toggles["lines"].isChecked()

    def _sync_boundary(self) -> None:
        exact_shown = self.lines.boundary_drawn_exactly(self.show_lines())
        self.boundary.setVisible(self._has_contour and not exact_shown)

    def _on_lines_toggled(self, checked: bool) -> None:
        self.lines.show(checked)
        self._sync_boundary()
        self.show_lines_changed.emit(checked)
