"""A run's per-epoch figures, in memory that stays small however long the run.

:class:`History` maps each figure (``loss``, ``val_loss``, ``accuracy``,
``val_accuracy``, ``lr``) to a list with one entry per kept epoch, and
``epoch`` to the epoch (1, 2, 3, ...) each entry belongs to.  Every epoch is
kept up to ``most`` entries; then every second one, every fourth, and so on
(the stride doubles each time the lists fill up), and always the latest epoch.
A million epochs keep about 2 MB instead of about 200 MB of Python floats.
"""

from __future__ import annotations

__all__ = ["FIGURES", "MOST_ENTRIES", "History"]

FIGURES = ("loss", "val_loss", "accuracy", "val_accuracy", "lr")
MOST_ENTRIES = 16_384  # every epoch of any lesson; ~2 MB for six lists


class History(dict):
    """key -> list: the FIGURES and ``epoch``; see the module's docstring."""

    def __init__(self, most: int = MOST_ENTRIES):
        super().__init__((k, []) for k in (*FIGURES, "epoch"))
        if most < 2:
            raise ValueError("a history keeps at least 2 entries")
        self.most = most
        self.stride = 1  # entries are the epochs divisible by this, and the latest

    def append(self, epoch: int, **figures) -> None:
        """Add epoch ``epoch``'s figures (every key of FIGURES, None where there is none)."""
        epochs = self["epoch"]
        if epochs and epochs[-1] % self.stride:  # kept only for being the latest
            for values in self.values():
                values.pop()
        for key in FIGURES:
            self[key].append(figures[key])
        epochs.append(epoch)
        if len(epochs) > self.most:
            self._thin()

    def _thin(self) -> None:
        self.stride *= 2
        epochs = self["epoch"]
        last = len(epochs) - 1
        keep = [i for i, e in enumerate(epochs) if e % self.stride == 0 or i == last]
        for values in self.values():
            values[:] = [values[i] for i in keep]

    def epoch_of(self, index: int) -> int:
        """The epoch that entry ``index`` belongs to."""
        return self["epoch"][index]

    def index_of(self, epoch: int) -> int | None:
        """The entry that holds ``epoch``, or None if it was thinned out."""
        epochs = self["epoch"]
        if not epochs or epoch > epochs[-1]:
            return None
        if self.stride == 1:  # (the common case: every epoch kept)
            i = epoch - epochs[0]
            return i if 0 <= i < len(epochs) and epochs[i] == epoch else None
        lo, hi = 0, len(epochs)
        while lo < hi:
            mid = (lo + hi) // 2
            if epochs[mid] < epoch:
                lo = mid + 1
            else:
                hi = mid
        return lo if lo < len(epochs) and epochs[lo] == epoch else None

    def copy(self) -> History:
        other = History(self.most)
        other.stride = self.stride
        for key, values in self.items():
            other[key] = list(values)
        return other
