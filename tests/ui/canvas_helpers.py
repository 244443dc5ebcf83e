"""Test helpers shared by the canvas tests."""

from engine import LayerSpec, NetworkSpec
from ui.canvas.network_canvas import NetworkCanvas
from ui.common.mapcolors import neuron_tiles

SPEC = NetworkSpec(  # the canvas tests' network: two hidden layers, each kind of column
    ("x1", "x2"),
    (LayerSpec(4, "tanh"), LayerSpec(3, "relu"), LayerSpec(1, "sigmoid")),
)


def shown_canvas(qtbot, spec, size=(700, 520)) -> NetworkCanvas:
    """A canvas on screen showing ``spec``."""
    c = NetworkCanvas()
    qtbot.addWidget(c)
    c.resize(*size)
    c.set_spec(spec)
    c.show()
    qtbot.waitExposed(c)
    return c


def weights_for(spec, rng):
    sizes = spec.sizes
    out = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        out += [rng.standard_normal((a, b)), rng.standard_normal(b)]
    return out


def show_maps(canvas, maps, input_maps=None):
    """Colour raw neuron maps as the worker does and show them on ``canvas``."""
    acts = [la.activation for la in canvas.spec().layers]
    canvas.set_neuron_tiles(neuron_tiles(maps, acts, input_maps))
