"""How the worker and the window hand frames over, and how often at full speed.

Each frame costs training time: the snapshot (grid, colouring), and the
window's Python and plot paints, during which the training thread waits for
the GIL.  On a fast machine that is a few percent at ~33 frames a second; on
a slow one (or with a big network) the same frame rate can halve training.
:class:`FramePacer` measures what training actually gets and stretches the
interval between frames until it keeps ``share`` of its undisturbed speed,
never below ``slowest`` (the view must still move) nor above ``fastest``.

The undisturbed speed is read from the training chunks themselves: most of
them run while the window is idle, so a high percentile of their rates is the
rate training would have without frames.  :class:`FrameGate` holds the pacer
and the two events the window and the training thread hand frames over with.
Plain Python, no Qt: tested alone.
"""

from __future__ import annotations

import threading
from collections import deque
from contextlib import contextmanager

FASTEST_S = 1 / 35  # about 33 frames a second: smooth to watch
# never fewer than 6 frames a second: still a moving picture.  On a 2-core VM every
# frame a second costs training 2-3% (mlp-xor): with a floor of 10 it kept a median
# 69% of the in-process headless rate, with 6 it keeps 80% (5 alternating rounds).
SLOWEST_S = 1 / 6
SHARE = 0.8  # training keeps at least this much of its undisturbed speed
GROW, SHRINK = 1.25, 1.1  # interval x GROW when training lost too much, / SHRINK when it is safe
SMOOTH = 0.3  # weight of the newest frame's share in the running estimate
RATES = 64  # chunk rates remembered (~0.1 s of chunks)
PERCENTILE = 0.8  # which of them counts as undisturbed
MIN_RATES = 8  # too few chunks to judge: keep the interval


class FramePacer:
    """The interval between frames at full speed, adjusted after every frame."""

    def __init__(self, fastest: float = FASTEST_S, slowest: float = SLOWEST_S,
                 share: float = SHARE):
        if not 0 < fastest <= slowest:
            raise ValueError(f"need 0 < fastest <= slowest, got {fastest}, {slowest}")
        self.fastest, self.slowest, self.target = fastest, slowest, share
        self.interval = fastest
        self.share: float | None = None  # smoothed share training kept, None until measured
        self._rates: deque[float] = deque(maxlen=RATES)
        self._mark: tuple[float, int] | None = None  # (time, steps) at the last frame

    def configure(self, fastest: float, share: float) -> None:
        """New bounds: the compiled path trains without the GIL, so frames cost it
        little and may come faster, and it should keep more of its speed."""
        if not 0 < fastest <= self.slowest:
            raise ValueError(f"need 0 < fastest <= {self.slowest}, got {fastest}")
        self.fastest, self.target = fastest, share
        self.interval = fastest  # judged afresh: what was learnt of the other path is stale
        self.restart()

    def restart(self) -> None:
        """Training (re)starts: forget the old marks, keep the interval learnt."""
        self._rates.clear()
        self._mark = None
        self.share = None

    def chunk(self, steps: int, seconds: float) -> None:
        """A chunk of ``steps`` took ``seconds`` (naps included)."""
        if steps > 0 and seconds > 0:
            self._rates.append(steps / seconds)

    def due(self, now: float) -> bool:
        return self._mark is None or now - self._mark[0] >= self.interval

    def undisturbed_rate(self) -> float | None:
        if len(self._rates) < MIN_RATES:
            return None
        ranked = sorted(self._rates)
        return ranked[int(PERCENTILE * (len(ranked) - 1))]

    def published(self, now: float, steps: int) -> None:
        """A frame went out at ``now`` with the trainer at ``steps``: judge the last span."""
        ref = self.undisturbed_rate()
        if self._mark is not None and ref:
            t0, s0 = self._mark
            if now > t0 and steps >= s0:
                kept = min(1.0, (steps - s0) / (now - t0) / ref)
                self.share = kept if self.share is None else (
                    (1 - SMOOTH) * self.share + SMOOTH * kept)
                if self.share < self.target:
                    self.interval = min(self.slowest, self.interval * GROW)
                elif self.share > self.target + min(0.08, (1 - self.target) / 2):
                    self.interval = max(self.fastest, self.interval / SHRINK)
        self._mark = (now, steps)


class FrameGate:
    """The hand-shake between the training thread and the window, and the pacer.

    - ``taken``: the window has taken the last frame (the worker publishes the next
      one only then: at one step a frame it waits, at full speed it trains on);
    - ``window idle``: cleared while the window runs a frame's Python and paints its
      plots, so that the training thread pauses between chunks and the GUI thread
      has the GIL to itself (each of the many Python calls a pyqtgraph repaint makes
      would otherwise wait for the training thread to hand the GIL over);
    - ``pacer``: at full speed, how often a frame goes out (:class:`FramePacer`).
    """

    def __init__(self, pacer: FramePacer | None = None):
        self.pacer = pacer or FramePacer()
        self._taken = threading.Event()
        self._taken.set()
        self._idle = threading.Event()
        self._idle.set()

    # ---------------------------------------------------------------- the window's side
    def frame_taken(self) -> None:
        """The window has the last frame: the worker may publish the next."""
        self._taken.set()

    @contextmanager
    def window_busy(self):
        """While the window runs Python or paints plots, training waits."""
        self._idle.clear()
        try:
            yield
        finally:
            self._idle.set()

    def window_idle(self) -> bool:
        return self._idle.is_set()

    # ---------------------------------------------------------------- the worker's side
    def is_taken(self) -> bool:
        return self._taken.is_set()

    def wait_taken(self, timeout: float) -> bool:
        return self._taken.wait(timeout)

    def publishing(self) -> None:
        """A frame goes out: not taken until the window says so."""
        self._taken.clear()

    def wait_window(self, timeout: float) -> bool:
        """Wait (without the GIL) while the window is busy, at most ``timeout``."""
        return self._idle.wait(timeout)
