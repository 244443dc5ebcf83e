"""The playground's engine: a dense neural network and its training, in pure NumPy.

Public API (see DESIGN.md)::

    spec = engine.NetworkSpec(inputs=("x1", "x2"),
                              layers=(engine.LayerSpec(4, "tanh"), engine.LayerSpec(1, "sigmoid")))
    net = engine.Network(spec, seed=0)
    loss, grads = net.loss_and_gradients(X, y, loss="bce")
    engine.optimizers.Adam(lr=1e-3).step(params, grads)
"""

from . import activations, losses, optimizers, presets, project, schedules
from .config import TrainConfig
from .data import csvio, datasets, features
from .data.dataset import Dataset
from .data.settings import DataSettings
from .data.split import Split, split
from .early_stopping import EarlyStopping
from .errors import DataError, PlaygroundError, ProjectError
from .grid import GridEvaluator, GridOutput
from .network import Network
from .project import Project
from .spec import LayerSpec, NetworkSpec
from .trainer import Trainer

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "DataSettings",
    "Dataset",
    "EarlyStopping",
    "GridEvaluator",
    "GridOutput",
    "LayerSpec",
    "Network",
    "NetworkSpec",
    "PlaygroundError",
    "Project",
    "ProjectError",
    "Split",
    "TrainConfig",
    "Trainer",
    "activations",
    "csvio",
    "datasets",
    "features",
    "losses",
    "optimizers",
    "presets",
    "project",
    "schedules",
    "split",
]
