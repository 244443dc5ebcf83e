"""Where a project's points come from: a named generator, or points given inline.

:class:`DataSettings` is small, immutable and validated when built (without
generating anything); :meth:`DataSettings.build_split` generates the points and
splits them, which the app does once per change and then shares.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from . import datasets
from .dataset import Dataset
from .split import Split, check_ratios, split

__all__ = ["DataSettings"]


@dataclass(frozen=True)
class DataSettings:
    """A generator's name, size, noise and seed, the split ratios; or inline ``points``."""

    name: str = "circle"
    n: int | None = None
    noise: float = 0.0
    seed: int = 0
    ratios: tuple[float, float, float] = (0.6, 0.2, 0.2)
    points: Dataset | None = None  # inline points (CSV imports), used instead of a generator

    def __post_init__(self):
        object.__setattr__(self, "ratios", check_ratios(self.ratios))
        if self.points is None:
            name, n, noise, seed = datasets.check_params(self.name, self.n, self.noise, self.seed)
            object.__setattr__(self, "noise", noise)
        elif not isinstance(self.points, Dataset):
            raise TypeError(f"points must be a Dataset, not {type(self.points).__name__}")

    def replace(self, **changes) -> DataSettings:
        """A copy with ``changes`` (validated like a new one)."""
        return replace(self, **changes)

    @property
    def task(self) -> str:
        """'binary', 'multiclass' or 'regression', known without generating the points."""
        if self.points is not None:
            return self.points.task
        return datasets.task_of(self.name)[0]

    def dataset(self) -> Dataset:
        if self.points is not None:
            return self.points
        return datasets.make(self.name, n=self.n, noise=self.noise, seed=self.seed)

    def build_split(self) -> Split:
        """Generate the points and split them (read-only arrays: safe to share)."""
        return split(self.dataset(), self.ratios, seed=self.seed)

    def to_dict(self) -> dict:
        d = {
            "name": self.name,
            "n": self.n,
            "noise": self.noise,
            "seed": self.seed,
            "ratios": list(self.ratios),
        }
        if self.points is not None:
            p = self.points
            d["points"] = {
                "task": p.task,
                "x1": p.X[:, 0].tolist(),
                "x2": p.X[:, 1].tolist(),
                "y": p.y.tolist(),
                "bounds": list(p.bounds),
            }
            if p.class_names:
                d["points"]["class_names"] = list(p.class_names)
        return d
