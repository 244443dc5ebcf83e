"""The network canvas: what it shows, the edits it proposes, and what it refuses."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QContextMenuEvent
from PySide6.QtWidgets import QApplication, QInputDialog

from engine import LayerSpec, NetworkSpec, activations, features
from ui.canvas.editing import MAX_HIDDEN, MAX_UNITS
from ui.canvas.network_canvas import NetworkCanvas
from ui.common.colors import NEGATIVE, POSITIVE

from .canvas_helpers import SPEC, weights_for


def click(qtbot, canvas, scene_point, button=Qt.MouseButton.LeftButton):
    view = canvas.view
    qtbot.mouseClick(view.viewport(), button, pos=view.mapFromScene(scene_point))


def click_item(qtbot, canvas, item):
    click(qtbot, canvas, item.sceneBoundingRect().center())


def edited(qtbot, canvas, action):
    """Run ``action`` and return the (spec, layer_map) that ``spec_edited`` carried."""
    with qtbot.waitSignal(canvas.spec_edited, timeout=1000) as blocker:
        action()
    return blocker.args


def refused(qtbot, canvas, action) -> str:
    """Run ``action``; it must emit ``error`` and no ``spec_edited``; returns the message."""
    with qtbot.assertNotEmitted(canvas.spec_edited, wait=50):
        with qtbot.waitSignal(canvas.error, timeout=1000) as blocker:
            action()
    return blocker.args[0]


# ---------------------------------------------------------------- what it shows
def test_set_spec_shows_one_item_per_neuron_and_all_features(canvas):
    assert [len(canvas.node_items(i)) for i in range(3)] == [4, 3, 1]
    inputs = canvas.input_items()
    assert list(inputs) == list(features.NAMES)
    assert {n for n, item in inputs.items() if item.enabled} == {"x1", "x2"}
    assert inputs["x1"].name == features.LABELS["x1"]
    assert canvas.edge_bundle(0).shape_ == (2, 4)  # only the enabled inputs connect
    assert canvas.edge_bundle(1).shape_ == (4, 3)

    bigger = NetworkSpec(("x1",), (LayerSpec(7, "relu"), LayerSpec(1, "sigmoid")))
    canvas.set_spec(bigger)
    assert [len(canvas.node_items(i)) for i in range(2)] == [7, 1]
    assert sum(item.enabled for item in canvas.input_items().values()) == 1


def test_size_hint_and_no_scrollbars(canvas):
    hint = canvas.sizeHint()
    assert 560 <= hint.width() <= 700 and 400 <= hint.height() <= 520
    assert canvas.view.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert canvas.view.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    vp = canvas.view.viewport().rect()
    shown = canvas.view.mapFromScene(canvas.view.sceneRect()).boundingRect()
    assert vp.adjusted(-3, -3, 3, 3).contains(shown)  # the whole network is in view


# ---------------------------------------------------------------- structural edits
def test_plus_click_adds_a_neuron_at_the_end(qtbot, canvas):
    plus, _ = canvas.unit_buttons(1)
    spec, layer_map = edited(qtbot, canvas, lambda: click_item(qtbot, canvas, plus))
    assert [la.units for la in spec.layers] == [4, 4, 1]
    assert spec.layers[1].activation == "relu"
    assert layer_map == (0, 1, 2)
    assert canvas.spec() == SPEC  # the owner applies it, not the canvas


def test_minus_goes_down_to_one_neuron_then_refuses(qtbot, canvas):
    two = SPEC.with_layer(1, units=2)
    canvas.set_spec(two)
    _, minus = canvas.unit_buttons(1)
    spec, layer_map = edited(qtbot, canvas, lambda: click_item(qtbot, canvas, minus))
    assert spec.layers[1].units == 1 and layer_map == (0, 1, 2)
    canvas.set_spec(spec)
    _, minus = canvas.unit_buttons(1)
    assert not minus.active
    msg = refused(qtbot, canvas, lambda: click_item(qtbot, canvas, minus))
    assert "one neuron" in msg


def test_plus_refused_at_the_maximum(qtbot, canvas):
    canvas.set_spec(SPEC.with_layer(0, units=MAX_UNITS))
    plus, _ = canvas.unit_buttons(0)
    assert not plus.active
    assert str(MAX_UNITS) in refused(qtbot, canvas, lambda: click_item(qtbot, canvas, plus))


def test_a_short_column_keeps_full_size_maps_beside_a_crowded_one(qtbot, canvas):
    """32-neuron layers shrink their maps to fit; the output beside them does not."""
    canvas.set_spec(NetworkSpec(("x1", "x2"), (LayerSpec(MAX_UNITS, "relu"),
                                               LayerSpec(6, "relu"), LayerSpec(1, "sigmoid"))))
    crowded, six, out = (canvas.node_items(i)[0].size for i in range(3))
    full = canvas.input_items()["x1"].size
    assert crowded < 0.5 * full
    assert six == out == full
    # edges still end on the nodes' sides, whatever their size
    for i in range(3):
        node, into = canvas.node_items(i)[0], canvas.edge_bundle(i)
        assert (into.x1[0], into.y1[0]) == pytest.approx((node.x() - node.size / 2, node.y()))
        if i < 2:
            out_of = canvas.edge_bundle(i + 1)
            assert (out_of.x0[0], out_of.y0[0]) == pytest.approx(
                (node.x() + node.size / 2, node.y()))


def test_add_and_remove_hidden_layers(qtbot, canvas):
    plus, minus = canvas.layer_buttons()
    spec, layer_map = edited(qtbot, canvas, lambda: click_item(qtbot, canvas, plus))
    assert [(la.units, la.activation) for la in spec.layers] == [
        (4, "tanh"),
        (3, "relu"),
        (4, "relu"),  # appended with the last hidden layer's activation
        (1, "sigmoid"),
    ]
    assert layer_map == (0, 1, None, 2)

    spec, layer_map = edited(qtbot, canvas, lambda: click_item(qtbot, canvas, minus))
    assert [la.units for la in spec.layers] == [4, 1] and layer_map == (0, 2)


def test_hidden_layer_limits(qtbot, canvas):
    canvas.set_spec(NetworkSpec(("x1", "x2"), (LayerSpec(1, "sigmoid"),)))
    _, minus = canvas.layer_buttons()
    refused(qtbot, canvas, lambda: click_item(qtbot, canvas, minus))
    plus, _ = canvas.layer_buttons()
    spec, layer_map = edited(qtbot, canvas, lambda: click_item(qtbot, canvas, plus))
    assert spec.layers[0] == LayerSpec(4, "tanh") and layer_map == (None, 0)

    full = NetworkSpec(("x1",), (*[LayerSpec(2)] * MAX_HIDDEN, LayerSpec(1, "sigmoid")))
    canvas.set_spec(full)
    plus, _ = canvas.layer_buttons()
    assert str(MAX_HIDDEN) in refused(qtbot, canvas, lambda: click_item(qtbot, canvas, plus))


def test_insert_and_remove_a_given_layer(qtbot, canvas):
    spec, layer_map = edited(qtbot, canvas, lambda: canvas.editor.remove_layer(0))
    assert [la.units for la in spec.layers] == [3, 1] and layer_map == (1, 2)
    spec, layer_map = edited(qtbot, canvas, lambda: canvas.editor.insert_layer(2))  # after layer 1
    assert [(la.units, la.activation) for la in spec.layers[1:3]] == [(3, "relu"), (4, "relu")]
    assert layer_map == (0, 1, None, 2)
    spec, layer_map = edited(qtbot, canvas, lambda: canvas.editor.insert_layer(1))  # after layer 0
    assert [(la.units, la.activation) for la in spec.layers[:3]] == [
        (4, "tanh"),
        (4, "tanh"),
        (3, "relu"),
    ]
    assert layer_map == (0, None, 1, 2)
    spec, layer_map = edited(qtbot, canvas, lambda: canvas.editor.insert_layer(0))  # before layer 0
    assert layer_map == (None, 0, 1, 2) and spec.layers[0].activation == "tanh"
    assert "output layer" in refused(qtbot, canvas, lambda: canvas.editor.remove_layer(2))
    assert "output layer" in refused(qtbot, canvas, lambda: canvas.editor.add_unit(2))
    with qtbot.assertNotEmitted(canvas.spec_edited, wait=20):
        assert not canvas.editor.set_activation(0, "tanh")  # no change: no edit


def test_clicking_an_input_toggles_it(qtbot, canvas):
    items = canvas.input_items()
    spec, layer_map = edited(qtbot, canvas, lambda: click_item(qtbot, canvas, items["x1*x2"]))
    assert spec.inputs == ("x1", "x2", "x1*x2") and layer_map == (0, 1, 2)
    spec, _ = edited(qtbot, canvas, lambda: click_item(qtbot, canvas, items["x1"]))
    assert spec.inputs == ("x2",)

    canvas.set_spec(NetworkSpec(("x2",), SPEC.layers))
    last = canvas.input_items()["x2"]
    assert "only input" in refused(qtbot, canvas, lambda: click_item(qtbot, canvas, last))


# ---------------------------------------------------------------- the context menu
def menu_actions(menu):
    return {a.text(): a for a in menu.actions()}


def test_hidden_layer_menu_has_activations_dropout_and_layer_edits(canvas):
    menu = canvas.editor.layer_menu(0)
    items = menu_actions(menu)
    for text in (
        "Insert layer before",
        "Insert layer after",
        "Remove this layer",
        "Add neuron",
        "Remove neuron",
    ):
        assert text in items
    acts = menu_actions(items["Activation"].menu())
    assert list(acts) == list(activations.NAMES)
    assert acts["tanh"].isChecked() and not acts["relu"].isChecked()
    assert acts["sigmoid"].toolTip() == activations.get("sigmoid").tip
    rates = menu_actions(items["Dropout"].menu())
    assert len(rates) == 5 and rates["0 (off)"].isChecked()


def test_output_menu_has_only_activations(canvas):
    items = menu_actions(canvas.editor.layer_menu(2))
    assert list(items) == ["Activation"]


def test_right_click_opens_the_menu_of_that_layer(qtbot, canvas, monkeypatch):
    shown = []

    class Recorded:  # stands in for the modal menu: records what it would show
        def __init__(self, menu):
            self.menu = menu

        def exec(self, *args):
            shown.append(list(menu_actions(self.menu)))

        def deleteLater(self):
            self.menu.deleteLater()

    real = canvas.editor.layer_menu
    monkeypatch.setattr(canvas.editor, "layer_menu", lambda layer: Recorded(real(layer)))
    view = canvas.view
    for node in (canvas.node_items(1)[2], canvas.node_items(2)[0]):
        pos = view.mapFromScene(node.sceneBoundingRect().center())
        event = QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, pos, view.viewport().mapToGlobal(pos)
        )
        QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=1000)
    assert "Remove this layer" in shown[0] and "Dropout" in shown[0]
    assert shown[1] == ["Activation"]  # the output layer


def test_menu_actions_emit_edits(qtbot, canvas):
    items = menu_actions(canvas.editor.layer_menu(1))
    spec, _ = edited(qtbot, canvas, menu_actions(items["Activation"].menu())["sigmoid"].trigger)
    assert spec.layers[1].activation == "sigmoid"
    spec, _ = edited(qtbot, canvas, menu_actions(items["Dropout"].menu())["0.3"].trigger)
    assert spec.layers[1].dropout == 0.3
    spec, layer_map = edited(qtbot, canvas, items["Insert layer after"].trigger)
    assert layer_map == (0, 1, None, 2)
    spec, layer_map = edited(qtbot, canvas, items["Remove this layer"].trigger)
    assert layer_map == (0, 2)


def test_step_in_a_hidden_layer_is_refused_with_the_engines_message(qtbot, canvas):
    step = menu_actions(menu_actions(canvas.editor.layer_menu(0))["Activation"].menu())["step"]
    msg = refused(qtbot, canvas, step.trigger)
    assert "hidden layer 1" in msg and "step" in msg
    assert canvas.spec() == SPEC
    # softmax on a 1-unit output is refused too, and so are bad values of a layer
    assert "softmax" in refused(qtbot, canvas, lambda: canvas.editor.set_activation(2, "softmax"))
    assert "dropout" in refused(qtbot, canvas, lambda: canvas.editor.set_dropout(0, 1.5))
    unknown = refused(qtbot, canvas, lambda: canvas.editor.set_activation(0, "x"))
    assert "unknown activation" in unknown


# ---------------------------------------------------------------- weights
def test_set_weights_colours_edges_by_sign_and_widens_by_size(canvas):
    before = canvas.edge_pen(0, 0, 0).color()
    ws = [np.zeros((2, 4)), np.zeros(4), np.zeros((4, 3)), np.zeros(3), np.zeros((3, 1)), [0.0]]
    ws[0][0, 0], ws[0][1, 0], ws[0][0, 1] = 0.9, -0.9, 0.1
    canvas.set_weights(ws)
    pos, neg, small = (canvas.edge_pen(0, *rc) for rc in ((0, 0), (1, 0), (0, 1)))
    assert pos.color() != before
    blue, orange = QColor(POSITIVE), QColor(NEGATIVE)
    assert pos.color().blue() > pos.color().red() and pos.color().hue() == blue.hue()
    assert neg.color().red() > neg.color().blue()
    assert abs(neg.color().hue() - orange.hue()) <= 2
    assert pos.widthF() > small.widthF() and pos.widthF() == neg.widthF()
    # stale weights (another spec's shapes) are ignored, not an error
    canvas.set_weights([np.ones((3, 3)), np.ones(3)])
    assert canvas.edge_pen(0, 0, 0).color() == pos.color()


def test_edge_hover_shows_the_weight(qtbot, canvas):
    rng = np.random.default_rng(0)
    ws = weights_for(SPEC, rng)
    ws[0][0, 1] = 0.532
    canvas.set_weights(ws)
    bundle = canvas.edge_bundle(0)
    k = 0 * 4 + 1  # x1 -> layer 1, neuron 2
    assert bundle.edge_text(k).startswith("w = 0.532 (x₁ → layer 1, neuron 2)")
    point = bundle.lines[k].pointAt(0.2)
    assert bundle.edge_at(point) == k
    view = canvas.view
    qtbot.mouseMove(view.viewport(), view.mapFromScene(point) + QPoint(0, 1))
    qtbot.mouseMove(view.viewport(), view.mapFromScene(point))
    qtbot.waitUntil(lambda: bundle.hovered == k, timeout=1000)
    assert bundle.toolTip().startswith("w = 0.532 (x₁ → layer 1, neuron 2)")
    assert bundle.highlight.isVisible() and bundle.highlight.line() == bundle.lines[k]
    assert bundle.highlight.pen().widthF() == canvas.edge_pen(0, 0, 1).widthF() + 1.5
    # a thin edge is still hit a few pixels off its line
    off = view.mapToScene(view.mapFromScene(point) + QPoint(0, 3))
    assert bundle.edge_at(off) == k
    qtbot.mouseMove(view.viewport(), QPoint(2, 2))
    qtbot.waitUntil(lambda: not bundle.highlight.isVisible(), timeout=1000)


def test_clicking_an_edge_edits_its_weight(qtbot, canvas, monkeypatch):
    canvas.set_weights(weights_for(SPEC, np.random.default_rng(1)))
    answers = iter([(0.75, True), (float("nan"), True), (2.0, False)])
    monkeypatch.setattr(QInputDialog, "getDouble", staticmethod(lambda *a, **k: next(answers)))
    bundle = canvas.edge_bundle(1)
    k = 2 * 3 + 1  # layer 1 neuron 3 -> layer 2 neuron 2
    point = bundle.lines[k].pointAt(0.15)
    assert bundle.edge_at(point) == k
    with qtbot.waitSignal(canvas.weight_edited, timeout=1000) as blocker:
        click(qtbot, canvas, point)
    # layer, row, column, the weight it had (for undo) and the new value
    assert blocker.args == [1, 2, 1, float(bundle.W[2, 1]), 0.75]
    with qtbot.assertNotEmitted(canvas.weight_edited, wait=50):
        assert not canvas.editor.edit_weight(1, 2, 1)  # nan
        assert not canvas.editor.edit_weight(1, 2, 1)  # cancelled


def test_not_editable_hides_buttons_and_ignores_clicks(qtbot, canvas):
    canvas.set_editable(False)
    assert not any(b.isVisible() for b in canvas.layer_buttons())
    with qtbot.assertNotEmitted(canvas.spec_edited, wait=50):
        click_item(qtbot, canvas, canvas.input_items()["x1^2"])
        assert not canvas.editor.add_unit(0)
    canvas.set_editable(True)
    assert all(b.isVisible() for b in canvas.unit_buttons(0))


def test_scene_point_helper_is_inside_view(canvas):
    # the buttons the tests click are visible at the default size
    for item in (*canvas.layer_buttons(), *canvas.unit_buttons(0)):
        p = canvas.view.mapFromScene(item.sceneBoundingRect().center())
        assert canvas.view.viewport().rect().contains(p)
    assert isinstance(canvas.edge_bundle(0).lines[0].pointAt(0.5), QPointF)


def test_adding_a_hidden_layer_to_a_perceptron_makes_the_output_differentiable(qtbot):
    from engine import LayerSpec, NetworkSpec

    canvas = NetworkCanvas()
    qtbot.addWidget(canvas)
    canvas.set_spec(NetworkSpec(("x1", "x2"), (LayerSpec(1, "step"),)))
    got = []
    canvas.spec_edited.connect(lambda spec, layer_map: got.append((spec, layer_map)))
    errors = []
    canvas.error.connect(errors.append)
    assert canvas.editor.add_hidden_layer()
    spec, layer_map = got[-1]
    assert len(spec.layers) == 2 and spec.output.activation == "sigmoid"
    assert not errors


