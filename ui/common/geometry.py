"""Plane geometry for the decision-boundary view, in NumPy: a neuron's line
clipped to the view, where to label such lines, and the segments of a contour
line over a grid."""

from __future__ import annotations

import numpy as np


def line_in_box(w1: float, w2: float, b: float, bounds) -> np.ndarray | None:
    """The segment of the line w1*x1 + w2*x2 + b = 0 inside ``bounds``, shape (2, 2).

    Rows are the two end points (x1, x2); ``None`` when the line misses the
    box or is undefined (w1 == w2 == 0).
    """
    x0, x1, y0, y1 = bounds
    if not (np.isfinite(w1) and np.isfinite(w2) and np.isfinite(b)):
        return None
    if w1 == 0.0 and w2 == 0.0:
        return None
    pts = []
    if w2 != 0.0:  # crossings with the left and right edges
        for x in (x0, x1):
            y = -(w1 * x + b) / w2
            if y0 <= y <= y1:
                pts.append((x, y))
    if w1 != 0.0:  # crossings with the bottom and top edges
        for y in (y0, y1):
            x = -(w2 * y + b) / w1
            if x0 <= x <= x1:
                pts.append((x, y))
    if len(pts) < 2:
        return None
    P = np.array(pts, dtype=np.float64)
    # A line through a corner is found twice; keep the two points farthest apart.
    d = ((P[:, None, :] - P[None, :, :]) ** 2).sum(-1)
    i, j = np.unravel_index(np.argmax(d), d.shape)
    if d[i, j] == 0.0:
        return None
    seg = P[[i, j]]
    return seg[np.lexsort((seg[:, 1], seg[:, 0]))]  # left end first: stable label placement


LABEL_SPOTS = (0.15, 0.27, 0.39, 0.5, 0.61, 0.73, 0.85)  # along a segment, from its end
LABEL_ROOM = 0.15  # apart by this share of the view, labels count as clear of each other
POINT_ROOM = 0.08  # ... and of a data point (a label is about this wide)


def label_spots(segments: list, bounds, previous: list | None = None,
                avoid: np.ndarray | None = None) -> list:
    """Where to label each line: a fraction ``t`` along each segment (from its end),
    or None for a missing segment.

    Greedy, in order: the spot farthest from the labels placed before it, all spots
    at least LABEL_ROOM (of the view's size) away counting alike; among those the
    line's ``previous`` spot, so that labels do not hop about as the weights move,
    else a staggered default.  Lines crossing in one point keep their labels apart.
    ``avoid``: points (n, 2) a label should not cover (the data): a spot nearer one
    than POINT_ROOM has less room.
    """
    x0, x1, y0, y1 = bounds
    span = np.array([x1 - x0, y1 - y0], dtype=np.float64)
    ts = np.array(LABEL_SPOTS)
    placed: list[np.ndarray] = []  # label positions so far, in view units
    points = None if avoid is None else np.asarray(avoid, dtype=np.float64).reshape(-1, 2) / span
    out: list = []
    for k, seg in enumerate(segments):
        if seg is None:
            out.append(None)
            continue
        seg = np.asarray(seg, dtype=np.float64) / span
        spots = seg[0] + (1 - ts)[:, None] * (seg[1] - seg[0])  # (spots, 2)
        if placed:
            gaps = np.hypot(*(spots[:, None, :] - np.array(placed)[None, :, :]).T).T
            room = np.minimum(gaps.min(axis=1), LABEL_ROOM)
        else:
            room = np.full(len(ts), LABEL_ROOM)
        if points is not None and len(points):
            near = np.hypot(*(spots[:, None, :] - points[None, :, :]).T).T.min(axis=1)
            room = np.minimum(room, near * (LABEL_ROOM / POINT_ROOM))
        prefer = previous[k] if previous and k < len(previous) and previous[k] else None
        if prefer is None:
            prefer = LABEL_SPOTS[1 + (k % 4)]
        # the most room, then the spot nearest the preferred one
        best = int(np.lexsort((np.abs(ts - prefer), -room))[0])
        placed.append(spots[best])
        out.append(LABEL_SPOTS[best])
    return out


def contour_segments(z: np.ndarray, xs: np.ndarray, ys: np.ndarray, level: float):
    """Marching squares: the ``level`` contour of ``z`` as disjoint segments.

    ``z`` is (len(ys), len(xs)) with ``z[i, j]`` at (xs[j], ys[i]).  Returns
    ``(x, y)``, each (2 * n_segments,), consecutive pairs being one segment
    (draw with ``connect="pairs"``).  Saddle cells are resolved by the
    cell-centre average.  Vectorised, and only over the cells the contour
    crosses: a 64 x 64 grid takes about 0.2 ms.
    """
    z = np.asarray(z, dtype=np.float64)
    if z.ndim != 2 or z.shape[0] < 2 or z.shape[1] < 2:
        return np.empty(0), np.empty(0)
    xs, ys = np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64)
    s = z >= level
    # Only the cells the contour crosses (a few percent of the grid) are worked on.
    crossed = s[:-1, :-1] != s[:-1, 1:]
    crossed |= s[:-1, 1:] != s[1:, 1:]
    crossed |= s[1:, :-1] != s[1:, 1:]
    i, j = np.nonzero(crossed)
    if i.size == 0:
        return np.empty(0), np.empty(0)
    a, b = z[i, j], z[i, j + 1]  # cell corners: bottom-left, bottom-right,
    c, d = z[i + 1, j + 1], z[i + 1, j]  # top-right, top-left
    xl, xr, yb, yt = xs[j], xs[j + 1], ys[i], ys[i + 1]

    def at(p, q, lo, hi):  # where level falls between values p (at lo) and q (at hi)
        with np.errstate(divide="ignore", invalid="ignore"):
            return lo + (level - p) / (q - p) * (hi - lo)

    # Crossing point on each edge: 0 bottom (a-b), 1 right (b-c), 2 top (d-c), 3 left (a-d).
    ex = np.stack([at(a, b, xl, xr), xr, at(d, c, xl, xr), xl], -1)
    ey = np.stack([yb, at(b, c, yb, yt), yt, at(a, d, yb, yt)], -1)
    sa, sb, sc, sd = s[i, j], s[i, j + 1], s[i + 1, j + 1], s[i + 1, j]
    hit = np.stack([sa != sb, sb != sc, sd != sc, sa != sd], -1)
    n = hit.sum(-1)

    EX, EY, H = ex, ey, hit
    segs = []
    two = np.flatnonzero(n.ravel() == 2)
    if two.size:
        edges = np.nonzero(H[two])[1].reshape(-1, 2)  # the cell's two crossed edges, in order
        segs.append((EX[two[:, None], edges], EY[two[:, None], edges]))
    four = np.flatnonzero(n.ravel() == 4)
    if four.size:
        centre = ((a + b + c + d) / 4.0)[four]
        joined = (centre >= level) == sa[four]  # a and c connected through the centre
        # Joined: cut off corners b (bottom, right) and d (top, left); else a and c.
        first = np.where(joined[:, None], [0, 1], [3, 0])
        second = np.where(joined[:, None], [2, 3], [1, 2])
        for edges in (first, second):
            segs.append((EX[four[:, None], edges], EY[four[:, None], edges]))
    if not segs:
        return np.empty(0), np.empty(0)
    sx = np.concatenate([s[0] for s in segs])
    sy = np.concatenate([s[1] for s in segs])
    ok = np.isfinite(sx).all(1) & np.isfinite(sy).all(1)
    return sx[ok].ravel(), sy[ok].ravel()
