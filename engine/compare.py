"""Comparison runs: the same project trained again with one setting changed.

A lesson's claim ("momentum rolls through flat regions", "Adam starts fastest")
shows only beside a run without it.  :class:`Variant` names the change (training
settings overridden); :func:`compare` trains each variant on the same data, split
and seed as the project and returns its per-epoch curves, to be drawn beside the
live run.  The runs are ordinary :class:`~engine.trainer.Trainer` runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from .project import Project
from .trainer import Trainer

__all__ = ["Run", "Variant", "compare"]


@dataclass(frozen=True)
class Variant:
    """``label`` (shown on its curve), and the training settings it changes."""

    label: str
    training: Mapping = field(default_factory=dict)

    def apply(self, project: Project) -> Project:
        return project.replace(training=project.training.replace(**dict(self.training)),
                               weights=None)


@dataclass(frozen=True)
class Run:
    """A finished comparison run: its per-epoch losses, by epoch number."""

    label: str
    epochs: np.ndarray  # 1, 2, ... (thinned past the history's limit)
    loss: np.ndarray
    val_loss: np.ndarray  # NaN where there is no validation split
    steps: int


def compare(project: Project, variants, compiled: bool = False) -> list[Run]:
    """Train each of ``variants`` of ``project`` to its epoch limit (same data, split,
    seed and initial weights); on the compiled kernels if ``compiled`` and loaded."""
    split = project.data.build_split()
    runs = []
    for variant in variants:
        p = variant.apply(project)
        trainer = Trainer(p.network, split, p.training)
        if compiled:
            trainer.use_compiled()
        trainer.run()
        h = trainer.history
        val = [np.nan if v is None else v for v in h["val_loss"]]
        runs.append(Run(variant.label, np.asarray(h["epoch"], dtype=np.float64),
                        np.asarray(h["loss"], dtype=np.float64),
                        np.asarray(val, dtype=np.float64), trainer.steps))
    return runs
