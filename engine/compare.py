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
from .spec import LayerSpec, NetworkSpec
from .trainer import Trainer

__all__ = ["Run", "Variant", "compare"]


@dataclass(frozen=True)
class Variant:
    """``label`` (shown on its curve), the training settings it changes, the hidden
    layers' dropout rate if it changes that, which of its curves is shown beside the
    live run ("loss": training, "val_loss": validation), and the hidden layers'
    activation if it changes that."""

    label: str
    training: Mapping = field(default_factory=dict)
    dropout: float | None = None
    curve: str = "loss"
    activation: str | None = None

    def apply(self, project: Project) -> Project:
        network = project.network
        if self.dropout is not None or self.activation is not None:
            layers = tuple(la if i == len(network.layers) - 1 else LayerSpec(
                la.units, self.activation or la.activation,
                la.dropout if self.dropout is None else self.dropout)
                for i, la in enumerate(network.layers))
            network = NetworkSpec(network.inputs, layers)
        return project.replace(network=network, weights=None,
                               training=project.training.replace(**dict(self.training)))


@dataclass(frozen=True)
class Run:
    """A finished comparison run: its per-epoch losses, by epoch number."""

    label: str
    epochs: np.ndarray  # 1, 2, ... (thinned past the history's limit)
    loss: np.ndarray
    val_loss: np.ndarray  # NaN where there is no validation split
    steps: int
    shown: np.ndarray  # the curve the variant shows (its ``curve``)


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
        loss, val = np.asarray(h["loss"], dtype=np.float64), np.asarray(val, dtype=np.float64)
        runs.append(Run(variant.label, np.asarray(h["epoch"], dtype=np.float64), loss, val,
                        trainer.steps, val if variant.curve == "val_loss" else loss))
    return runs
