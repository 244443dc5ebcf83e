"""The canvas's neuron maps: colours, orientation, dropout marks, dead ReLUs, hover."""

import math

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QColor

from engine import LayerSpec, NetworkSpec
from ui.canvas.editing import MAX_HIDDEN, MAX_UNITS
from ui.canvas.paint import sample_tiles
from ui.common.colors import NEGATIVE, POSITIVE
from ui.common.mapcolors import maps_to_tiles

from .canvas_helpers import SPEC, show_maps, weights_for


def test_a_dead_relu_is_dashed_and_says_so(qtbot, canvas):
    """A ReLU that outputs 0 all over the plane passes no gradient: the learner is told."""
    res = 8
    relu = np.zeros((res, res, 3), np.float32)
    relu[2:5, 1:6, 0] = 0.7  # neuron 1 lives (somewhere); neurons 2 and 3 are 0 everywhere
    maps = [np.zeros((res, res, 4), np.float32), relu, np.full((res, res, 1), 0.5, np.float32)]
    show_maps(canvas, maps, np.zeros((res, res, 2), np.float32))
    assert [n.dead for n in canvas.node_items(1)] == [False, True, True]
    assert not any(n.dead for n in canvas.node_items(0))  # tanh at 0 is just 0, not dead
    node = canvas.node_items(1)[1]
    assert node.pen().style() == Qt.PenStyle.DashLine
    assert "dead ReLU" in node.description()
    assert canvas.node_items(1)[0].pen().style() == Qt.PenStyle.SolidLine
    relu[0, 0, 1] = 0.01  # neuron 2 comes back
    show_maps(canvas, maps, None)
    assert [n.dead for n in canvas.node_items(1)] == [False, False, True]
    assert node.pen().style() == Qt.PenStyle.SolidLine and "dead" not in node.description()
    # another activation: nobody is dead any more
    canvas.set_spec(SPEC.with_layer(1, activation="tanh"))
    show_maps(canvas, maps, None)
    assert not any(n.dead for n in canvas.node_items(1))


def tile_color(node, x, y):
    """The colour at (x, y) of the node's tile (0..res-1, y from the top)."""
    return node.image.pixelColor(x, node.tile * node.res + y)


def test_maps_are_diverging_and_oriented(canvas):
    res = 8
    maps = []
    for la in SPEC.layers:
        m = np.zeros((res, res, la.units), np.float32)
        m[res // 2 :] = 1.0  # upper half of the plane (x2 large): high
        m[: res // 2] = -1.0 if la.activation == "tanh" else 0.0
        maps.append(m)
    show_maps(canvas, maps, np.zeros((res, res, 2), np.float32))
    tanh, sig = canvas.node_items(0)[2], canvas.node_items(2)[0]
    for node in (tanh, sig):
        top, bottom = tile_color(node, 0, 0), tile_color(node, 0, res - 1)
        assert top == QColor(POSITIVE) and bottom == QColor(NEGATIVE)


def rgb(value):
    c = QColor.fromRgba(int(value))
    return np.array([c.red(), c.green(), c.blue()])


def test_map_colour_scales_follow_the_activation():
    white = np.array([255, 255, 255])
    half_blue = (white + np.array(QColor(POSITIVE).getRgb()[:3])) / 2
    # (softmax tiles are white -> class colour: test_softmax_output_tiles_use_each_class_colour)
    for act, centre, high in (("sigmoid", 0.5, 0.75), ("tanh", 0, 0.5)):
        t = maps_to_tiles(np.array([[[centre, high]]], np.float32), act)
        assert np.abs(rgb(t[0, 0]) - white).max() <= 2, act  # the centre is white
        assert np.abs(rgb(t[1, 0]) - half_blue).max() <= 3, act  # halfway to blue
    # relu / linear: scaled by the map's own max |v| (per neuron)
    t = maps_to_tiles(np.array([[[0.0, 3.0, 0.1], [0.0, 6.0, -0.1]]], np.float32), "relu")
    assert np.abs(rgb(t[0, 0]) - white).max() <= 2
    assert np.abs(rgb(t[1, 0]) - half_blue).max() <= 3  # 3 of max 6
    assert QColor.fromRgba(int(t[1, 1])) == QColor(POSITIVE)
    assert QColor.fromRgba(int(t[2, 1])) == QColor(NEGATIVE)  # -0.1 of max 0.1


def tile_row(node, y):
    """The colours of row ``y`` (from the top) of the node's tile."""
    return [tile_color(node, x, y) for x in range(node.image.width())]


def test_many_map_updates_on_the_biggest_net(qtbot, canvas):
    spec = NetworkSpec(
        ("x1", "x2"),
        (*[LayerSpec(MAX_UNITS, "relu", 0.2)] * MAX_HIDDEN, LayerSpec(3, "softmax")),
    )
    canvas.set_spec(spec)
    rng = np.random.default_rng(2)
    res = 20
    first = None
    for i in range(60):
        maps = [rng.standard_normal((res, res, la.units)).astype(np.float32) for la in spec.layers]
        show_maps(canvas, maps, rng.standard_normal((res, res, 2)).astype(np.float32))
        canvas.set_weights(weights_for(spec, rng))
        canvas.set_dropout_masks([rng.random(MAX_UNITS) > 0.2 for _ in range(MAX_HIDDEN)])
        if i == 0:
            first = tile_row(canvas.node_items(5)[7], 3)
        QCoreApplication.processEvents()  # the frame is handled before the next
    node = canvas.node_items(5)[7]
    last = tile_row(node, 3)
    assert last != first
    # each neuron shows its own map: column 7 of layer 5's last maps, row 3 from the top,
    # sampled down to the size of its square on screen (never finer than the map)
    assert 2 <= node.res <= res
    expected = sample_tiles(maps_to_tiles(maps[5][:, :, 7:8], "relu"), 1, node.res)[3]
    assert [c.rgb() for c in last] == [int(v) for v in expected]
    assert canvas.node_items(MAX_HIDDEN)[2].image is not None


def test_dropout_masks_mark_the_dropped_neurons(canvas):
    spec = SPEC.with_layer(0, dropout=0.5)
    canvas.set_spec(spec)
    canvas.set_weights(weights_for(spec, np.random.default_rng(3)))
    live = canvas.edge_pen(1, 1, 0).color()
    canvas.set_dropout_masks([np.array([True, False, True, False]), None])
    texts = [n.dropped_text for n in canvas.node_items(0)]
    assert [bool(t) for t in texts] == [False, True, False, True]
    assert texts[1] == "dropped in this step (dropout 0.5)"
    assert "dropped in this step (dropout 0.5)" in canvas.node_items(0)[1].description()
    faded = canvas.edge_pen(1, 1, 0).color()  # out of a dropped neuron
    assert faded != live and faded.lightness() > 220
    assert canvas.edge_pen(1, 0, 0).color() != faded
    assert canvas.edge_pen(0, 0, 1).color() == faded  # into a dropped neuron
    assert canvas.edge_pen(0, 0, 0).color() != faded
    canvas.set_dropout_masks([None, None])
    assert not any(n.dropped_text for n in canvas.node_items(0))
    assert canvas.edge_pen(1, 1, 0).color() == live


def test_hovering_a_neuron_shows_its_enlarged_map(qtbot, canvas):
    res = 10
    maps = [np.full((res, res, la.units), 0.3, np.float32) for la in SPEC.layers]
    show_maps(canvas, maps, np.zeros((res, res, 2), np.float32))
    node = canvas.node_items(0)[2]
    view = canvas.view
    qtbot.mouseMove(view.viewport(), QPoint(2, 2))
    qtbot.mouseMove(view.viewport(), view.mapFromScene(node.sceneBoundingRect().center()))
    qtbot.waitUntil(canvas.popup.isVisible, timeout=1000)
    assert canvas.popup.caption.text().startswith("layer 1, neuron 3 · tanh")
    picture = canvas.popup.picture.pixmap()
    assert picture.width() >= 150
    expected = QColor.fromRgba(int(maps_to_tiles(maps[0][:, :, :1], "tanh")[0, 0]))
    assert picture.toImage().pixelColor(80, 80) == expected
    assert node.frame.isVisible()  # the hovered square is framed
    qtbot.mouseMove(view.viewport(), QPoint(2, 2))
    qtbot.waitUntil(lambda: not canvas.popup.isVisible(), timeout=1000)
    assert not node.frame.isVisible()


@pytest.mark.parametrize("value", [math.inf, -math.inf])
def test_infinite_weights_do_not_break_drawing(canvas, value):
    ws = weights_for(SPEC, np.random.default_rng(4))
    ws[2][0, 0] = value
    canvas.set_weights(ws)
    assert canvas.edge_pen(1, 0, 0).widthF() > 0
    canvas.grab()


def test_softmax_output_tiles_use_each_class_colour():
    import numpy as np

    from ui.common.colors import CLASS_COLORS, hex_to_rgb
    from ui.common.mapcolors import maps_to_tiles

    maps = np.zeros((4, 4, 3), dtype=np.float32)
    maps[..., 2] = 1.0  # certain of class 2 everywhere
    tiles = maps_to_tiles(maps, "softmax").reshape(3, 4, 4)
    r, g, b = hex_to_rgb(CLASS_COLORS[2])
    assert int(tiles[2, 0, 0]) & 0xFFFFFF == (r << 16) | (g << 8) | b
    assert int(tiles[0, 0, 0]) & 0xFFFFFF == 0xFFFFFF  # p = 0: white
