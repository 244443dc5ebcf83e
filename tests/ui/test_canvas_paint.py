"""The network canvas's painting: a repaint runs no Python, the edges and tiles
reach the screen once per frame, and the layout fits the view."""

import sys

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QColor

from engine import LayerSpec, NetworkSpec
from ui.canvas.edges import FADED, NO_WEIGHTS
from ui.canvas.layout import MIN_DX, column_spacing
from ui.canvas.network_canvas import NetworkCanvas
from ui.common.colors import NEGATIVE, POSITIVE

from .canvas_helpers import show_maps, shown_canvas, weights_for

# ---------------------------------------------------------------- painting runs no Python
SPIRAL = NetworkSpec(
    ("x1", "x2", "sin x1", "sin x2"),
    (
        LayerSpec(12, "tanh"),
        LayerSpec(12, "tanh", 0.5),
        LayerSpec(8, "tanh"),
        LayerSpec(1, "sigmoid"),
    ),
)
# virtuals that a repaint calls: a Python override would run (and take the GIL) every frame
PAINT_VIRTUALS = (
    "paint",
    "boundingRect",
    "shape",
    "itemChange",
    "sceneEvent",
    "sceneEventFilter",
    "opaqueArea",
    "isObscuredBy",
    "type",
)


@pytest.fixture
def spiral(qtbot):
    """A canvas showing a spiral-like net with weights, maps and dropout, as during training."""
    c = shown_canvas(qtbot, SPIRAL)
    ws = weights_for(SPIRAL, np.random.default_rng(5))
    ws[0][:] = 5.0  # the first layer's edges: all positive, the largest weights (widest)
    c.set_weights(ws)
    res = 64
    # every map +1 (tanh: the POSITIVE end; sigmoid: likewise)
    show_maps(c,
        [np.ones((res, res, la.units), np.float32) for la in SPIRAL.layers],
        np.ones((res, res, len(SPIRAL.inputs)), np.float32),
    )
    keep = np.ones(12, bool)
    keep[[1, 4]] = False
    c.set_dropout_masks([None, keep, None])
    QCoreApplication.sendPostedEvents()  # the scene takes the changes
    return c


def screen_color(image, view, scene_point) -> QColor:
    p = view.mapFromScene(scene_point)
    return image.pixelColor(p.x(), p.y())


def close(c: QColor, d: QColor, tol: int = 6) -> bool:
    return max(abs(c.red() - d.red()), abs(c.green() - d.green()), abs(c.blue() - d.blue())) <= tol


def test_repaint_runs_no_python(spiral):
    view = spiral.view
    view.viewport().grab()  # a first paint, so that nothing below is a first time
    calls = []

    def profile(frame, event, arg):
        if event == "call":  # a Python function ('c_call' is a builtin: not counted)
            code = frame.f_code
            calls.append(f"{code.co_qualname} ({code.co_filename}:{code.co_firstlineno})")

    sys.setprofile(profile)
    try:
        view.viewport().repaint()
        image = view.viewport().grab().toImage()
    finally:
        sys.setprofile(None)
    assert not calls, "Python ran during the repaint:\n" + "\n".join(calls)
    # and the repaint did draw: maps, dropout marks and edges
    kept, dropped = spiral.node_items(1)[0], spiral.node_items(1)[1]
    at = kept.scenePos()
    assert close(screen_color(image, view, at), QColor(POSITIVE))
    assert close(screen_color(image, view, spiral.input_items()["x2"].scenePos()), QColor(POSITIVE))
    top = dropped.scenePos() + QPointF(0, -dropped.size * 0.4)  # the veil, off the cross
    a, blue = 190 / 255, QColor(POSITIVE).getRgb()[:3]
    grey_blue = QColor(*(round(120 * a + v * (1 - a)) for v in blue))  # the grey veil over it
    assert close(screen_color(image, view, top), grey_blue)
    assert screen_color(image, view, dropped.scenePos()) == QColor("#ffffff")  # the cross
    edge = spiral.edge_bundle(0).lines[5]
    assert spiral.edge_pen(0, 1, 5).color() == QColor(POSITIVE)
    assert close(screen_color(image, view, edge.pointAt(0.5)), QColor(POSITIVE), 12)


def test_every_scene_item_is_a_stock_item(spiral):
    items = spiral.scene.items()
    assert len(items) > 100
    for item in items:
        own = [c for c in type(item).__mro__ if not c.__module__.startswith(("PySide6", "Shib"))]
        own = [c for c in own if c is not object]
        for cls in own:
            bad = [name for name in PAINT_VIRTUALS if name in vars(cls)]
            assert not bad, f"{cls.__qualname__} overrides {bad}"


def test_map_updates_reach_the_screen(qtbot, spiral, monkeypatch):
    """The tiles are recoloured in place (or, where pixmaps copy, set again): both show."""
    import ui.canvas.items as items

    view, node = spiral.view, spiral.node_items(0)[3]
    for aliasing in (True, False):
        monkeypatch.setattr(items, "_ALIASING", aliasing and items.pixmaps_alias_images())
        for value, color in ((-1.0, NEGATIVE), (1.0, POSITIVE)):
            res = 64
            maps = [np.full((res, res, la.units), value, np.float32) for la in SPIRAL.layers]
            show_maps(spiral, maps, np.zeros((res, res, 4), np.float32))
            image = view.viewport().grab().toImage()
            assert close(screen_color(image, view, node.scenePos()), QColor(color)), aliasing


def test_tiles_are_as_fine_as_their_squares_on_screen(qtbot, spiral):
    node = spiral.node_items(0)[0]
    small = node.res
    on_screen = node.size * spiral.view.transform().m11()
    assert on_screen <= small <= on_screen + 1  # not the map's 64
    spiral.resize(1400, 1040)
    qtbot.waitUntil(lambda: node.res > small, timeout=1000)
    assert node.res <= 64
    assert node.map_item.sceneBoundingRect() == node.rect().translated(node.scenePos())


def test_edges_are_rebuilt_only_where_their_buckets_change(spiral):
    paths = spiral.edge_paths()
    ws = weights_for(SPIRAL, np.random.default_rng(5))
    ws[0][:] = 5.0
    assert paths.update([spiral.edge_bundle(i).drawn for i in range(4)]) == 0  # no change
    spiral.set_weights(ws)
    k = 0 * 8 + 2  # layer 2's edge 0 -> 2
    before = spiral.edge_bundle(2).edge_key(k)
    ws[4][0, 2] = -ws[4][0, 2]  # one edge changes sign: two buckets change
    rebuilt = []
    real = paths.update
    paths.update = lambda keys: rebuilt.append(real(keys))
    spiral.set_weights(ws)
    keep = np.ones(12, bool)
    keep[[1, 4]] = False
    spiral.set_dropout_masks([None, keep, None])  # a frame: weights, (maps,) the same masks
    assert spiral.edge_paths() is paths
    assert rebuilt == [2]  # once per frame, two buckets
    after = spiral.edge_bundle(2).edge_key(k)
    assert after != before
    # and the paths hold exactly the edges of their bucket (a segment = 2 path elements)
    drawn = [spiral.edge_bundle(i).drawn for i in range(4)]
    for (layer, key), item in paths.items.items():
        assert item.path().elementCount() == 2 * int(np.count_nonzero(drawn[layer] == key))
    # a path lies in its layer's strip (a repaint of a small region draws few of them)
    box = spiral.edge_bundle(2).sceneBoundingRect()
    assert box.contains(paths.item(2, spiral.edge_bundle(2).edge_key(k)).sceneBoundingRect())


def test_dropped_neurons_fade_their_edges_in_the_same_frame(spiral):
    faded = spiral.edge_paths().item(2, FADED)
    faded_in = spiral.edge_paths().item(1, FADED)
    # layer 2 dropped neurons 1 and 4: their 2 x 8 edges into layer 3 are faded,
    # and so are the 12 x 2 edges into them
    assert faded.path().elementCount() == 2 * 2 * 8
    assert faded_in.path().elementCount() == 2 * 12 * 2
    assert spiral.edge_paths().item(0, FADED).path().isEmpty()
    keep = np.ones(12, bool)
    keep[[0, 5, 7]] = False
    spiral.set_dropout_masks([None, keep, None])
    spiral.edge_paths()  # (rebuilt once the frame's updates are done: see below)
    assert faded.path().elementCount() == 2 * 3 * 8
    assert faded_in.path().elementCount() == 2 * 12 * 3
    assert spiral.dropped_neurons() == [(1, 0), (1, 5), (1, 7)]
    assert spiral.node_items(1)[0].mark.isVisible() and not spiral.node_items(1)[1].mark.isVisible()
    spiral.set_dropout_masks([None, None, None])
    spiral.edge_paths()
    assert faded.path().isEmpty() and faded_in.path().isEmpty()


def test_a_frame_is_painted_once_with_its_new_edges(qtbot, spiral):
    """The edges are rebuilt after the frame's calls but before its repaint, and repaint once."""
    faded = spiral.edge_paths().item(2, FADED)
    painted = []

    class Spy(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                painted.append(faded.path().elementCount() // 2)
            return False

    spy = Spy()
    spiral.view.viewport().installEventFilter(spy)
    qtbot.wait(50)
    painted.clear()
    rng = np.random.default_rng(6)
    ws = weights_for(SPIRAL, rng)
    res = 32
    keep = np.ones(12, bool)
    keep[[2, 3, 9]] = False
    spiral.set_weights(ws)
    show_maps(spiral,
        [rng.standard_normal((res, res, la.units)).astype(np.float32) for la in SPIRAL.layers],
        rng.standard_normal((res, res, 4)).astype(np.float32),
    )
    spiral.set_dropout_masks([None, keep, None])
    qtbot.waitUntil(lambda: len(painted) > 0, timeout=1000)
    qtbot.wait(50)
    spiral.view.viewport().removeEventFilter(spy)
    assert painted == [3 * 8]  # one paint, already with the three dropped neurons' edges faded


def test_dense_networks_draw_edges_without_antialiasing(qtbot):
    """Thousands of smoothed edges would take most of a frame."""
    from PySide6.QtGui import QPainter

    import engine
    from ui.canvas.network_canvas import AA_MAX_EDGES

    c = NetworkCanvas()
    qtbot.addWidget(c)
    small = engine.NetworkSpec(("x1", "x2"), (engine.LayerSpec(4, "tanh"),
                                              engine.LayerSpec(1, "sigmoid")))
    c.set_spec(small)
    assert c.view.renderHints() & QPainter.RenderHint.Antialiasing
    dense = engine.NetworkSpec(("x1", "x2"), tuple([engine.LayerSpec(32, "relu")] * 10)
                               + (engine.LayerSpec(1, "sigmoid"),))
    assert 9 * 32 * 32 > AA_MAX_EDGES
    c.set_spec(dense)
    assert not c.view.renderHints() & QPainter.RenderHint.Antialiasing
    c.set_spec(small)
    assert c.view.renderHints() & QPainter.RenderHint.Antialiasing


# ------------------------------------------------------------------ layout for the view


def test_columns_close_up_in_a_tall_narrow_view():
    wide = column_spacing(SPIRAL)
    assert column_spacing(SPIRAL, 2.0) == wide  # a wide view: the roomy default
    narrow = column_spacing(SPIRAL, 0.8)
    assert MIN_DX < narrow < wide
    assert column_spacing(SPIRAL, 0.2) == MIN_DX  # never too close for the headers


def test_a_narrower_canvas_is_laid_out_again_bigger_keeping_what_it_shows(qtbot, spiral):
    zoom = spiral.view.transform().m11()
    dx = spiral.column_spacing()
    spiral.resize(430, 640)  # the canvas's share of a 1280 x 800 window
    qtbot.waitUntil(lambda: spiral.column_spacing() < dx, timeout=3000)
    assert spiral.view.transform().m11() > zoom * 1.15  # drawn bigger: legible text
    # the new items show what the old ones showed: weights, maps and dropout
    assert spiral.edge_bundle(1).edge_key(0) != NO_WEIGHTS
    assert all(node.has_map and node.res > 0 for node in spiral.node_items(0))
    assert spiral.dropped_neurons() == [(1, 1), (1, 4)]
    assert spiral.edge_paths().item(2, FADED).path().elementCount() == 2 * 2 * 8


def test_tiles_drawn_about_one_to_one_skip_smoothing(spiral):
    """Smooth scaling of near-1:1 tiles took most of a repaint; enlarged ones keep it."""
    node = spiral.node_items(0)[0]
    assert node.res < 64  # as fine as its square: drawn about 1:1
    assert node.map_item.transformationMode() == Qt.TransformationMode.FastTransformation
    coarse = 8  # a map coarser than the square: enlarged, smoothly
    show_maps(spiral,
        [np.ones((coarse, coarse, la.units), np.float32) for la in SPIRAL.layers],
        np.ones((coarse, coarse, len(SPIRAL.inputs)), np.float32),
    )
    assert node.res == coarse
    assert node.map_item.transformationMode() == Qt.TransformationMode.SmoothTransformation
    inputs = [spiral.input_items()[name] for name in SPIRAL.inputs]
    assert inputs[0].map_item.transformationMode() == Qt.TransformationMode.SmoothTransformation
