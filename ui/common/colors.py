"""The playground's colours: one colour-blind-safe pair for the two classes.

Blue means class 1 / a positive value, orange class 0 / a negative value
(TensorFlow Playground's convention, in matplotlib's tab10 shades, which stay
apart for the common red-green colour blindness).  ``CLASS_COLORS`` extends
the pair to 10 classes in tab10 order, starting orange, blue, green, so that
class 0 and class 1 keep the binary colours.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "CLASS_COLORS",
    "MAP_BOUNDARY",
    "MAP_OUTLINE",
    "MAP_TEXT",
    "MAP_WARNING",
    "MARKER_GREY",
    "VEIL",
    "NEGATIVE",
    "NEURON_LINE_COLORS",
    "POSITIVE",
    "WHITE",
    "class_color",
    "diverging_lut",
    "hex_to_rgb",
]

POSITIVE = "#1f77b4"  # blue: class 1, values > 0 (or > 0.5 for a sigmoid output)
NEGATIVE = "#ff7f0e"  # orange: class 0, values < 0
WHITE = "#ffffff"

# Drawn over the output map, whose colours (pale near the boundary) are the same in
# every theme; so are these.
MAP_BOUNDARY = "#1a1a1a"  # the decision boundary (the 0.5 contour)
MAP_OUTLINE = "#262626"  # the points' outline, the validation rings' halo
MAP_TEXT = "#333333"  # notes over the map
MAP_WARNING = "#8a4b00"  # dark amber, as the window's warning banner
VEIL = (120, 120, 120)  # the grey veil over a dropped neuron's map (with an alpha)
MARKER_GREY = "#6b6b6b"  # the split markers' icons (mid grey: on light and dark panels)
NEURON_LINE_COLORS = (  # dark, apart from the class colours and the black decision boundary
    "#7b3294",  # purple
    "#01665e",  # teal
    "#8c510a",  # brown: h3 apart from h1's purple (magenta there was close to it)
    "#c51b7d",  # magenta
    "#4d4d4d",  # grey
    "#2166ac",  # dark blue
    "#b35806",  # dark orange
    "#1b7837",  # dark green
)

# the optimizer race: one colour per racer (Okabe-Ito, without its yellow), drawn over a
# dark halo on the loss surface, which runs from pale (low) to grey-blue (high)
RACER_COLORS = ("#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")
SURFACE_LOW, SURFACE_HIGH = "#fbfbf2", "#7f9bb8"
SURFACE_CONTOUR = "#5c6b7a"
SURFACE_MARK = "#1a1a1a"  # the minima's stars and rings, the start

CLASS_COLORS = [
    NEGATIVE,  # 0 orange
    POSITIVE,  # 1 blue
    "#2ca02c",  # 2 green
    "#d62728",  # 3 red
    "#9467bd",  # 4 purple
    "#8c564b",  # 5 brown
    "#e377c2",  # 6 pink
    "#7f7f7f",  # 7 grey
    "#bcbd22",  # 8 olive
    "#17becf",  # 9 cyan
]


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    """``"#1f77b4"`` -> ``(31, 119, 180)``."""
    h = color.lstrip("#")
    if len(h) != 6:
        raise ValueError(f"colour must be '#rrggbb', got {color!r}")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def class_color(label: int) -> str:
    """The colour of class ``label`` (0..9)."""
    if not 0 <= int(label) < len(CLASS_COLORS):
        raise ValueError(f"class label must be 0..{len(CLASS_COLORS) - 1}, got {label}")
    return CLASS_COLORS[int(label)]


def diverging_lut(strength: float = 1.0, n: int = 256) -> np.ndarray:
    """An orange -> white -> blue lookup table, shape (n, 4), uint8 RGBA (alpha 255).

    Entry 0 is ``NEGATIVE`` (orange), the middle entry white, the last
    ``POSITIVE`` (blue); colours in between are linear in RGB.  ``strength``
    in [0, 1] mixes the ends with white: 1 gives the full colours (for
    points), about 0.5 a light map that points stay visible on (for a
    background heatmap).
    """
    if not 0.0 <= strength <= 1.0:
        raise ValueError(f"strength must be in [0, 1], got {strength}")
    if n < 3:
        raise ValueError(f"a diverging LUT needs at least 3 entries, got {n}")
    white = np.array(hex_to_rgb(WHITE), dtype=np.float64)
    lo = white + strength * (np.array(hex_to_rgb(NEGATIVE)) - white)
    hi = white + strength * (np.array(hex_to_rgb(POSITIVE)) - white)
    t = np.linspace(-1.0, 1.0, n)[:, None]  # -1 = orange end, +1 = blue end
    rgb = np.where(t < 0, white + (-t) * (lo - white), white + t * (hi - white))
    lut = np.empty((n, 4), dtype=np.uint8)
    lut[:, :3] = np.clip(np.rint(rgb), 0, 255).astype(np.uint8)
    lut[:, 3] = 255
    return lut


def surface_lut(n: int = 256) -> np.ndarray:
    """``SURFACE_LOW`` -> ``SURFACE_HIGH``, shape (n, 4), uint8 RGBA: a loss surface's
    colours, low (valleys) pale, high grey-blue."""
    lo = np.array(hex_to_rgb(SURFACE_LOW), dtype=np.float64)
    hi = np.array(hex_to_rgb(SURFACE_HIGH), dtype=np.float64)
    t = np.linspace(0.0, 1.0, n)[:, None]
    lut = np.empty((n, 4), dtype=np.uint8)
    lut[:, :3] = np.clip(np.rint(lo + t * (hi - lo)), 0, 255).astype(np.uint8)
    lut[:, 3] = 255
    return lut
