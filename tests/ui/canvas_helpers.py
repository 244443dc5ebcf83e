"""Test helpers shared by the canvas tests."""

from engine import LayerSpec, NetworkSpec
from ui.canvas import NetworkCanvas

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
