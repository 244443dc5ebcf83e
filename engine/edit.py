"""Carry trained weights over when the learner edits the network.

When a neuron, layer or input feature is added or removed, every weight whose
two ends still exist keeps its value: rows follow the input features by name
(first layer) or the previous layer's neurons by index, columns follow the
layer's own neurons by index, and each bias follows its neuron.  Weights of
new parts keep the fresh initialisation of the new network.
"""

from __future__ import annotations

from .network import Network


def transfer_weights(old: Network, new: Network, layer_map=None) -> int:
    """Copy what survives from ``old`` into ``new``; returns how many values were copied.

    ``layer_map[j]`` is the index in ``old.spec.layers`` of the layer that became
    layer ``j`` of ``new`` (None for an inserted layer).  By default layers match
    by position.
    """
    n_old, n_new = len(old.spec.layers), len(new.spec.layers)
    if layer_map is None:
        layer_map = tuple(j if j < n_old else None for j in range(n_new))
        # the output layer is always the output layer
        layer_map = (*layer_map[:-1], n_old - 1)
    if len(layer_map) != n_new:
        raise ValueError(f"layer_map has {len(layer_map)} entries for {n_new} layers")
    copied = 0
    for j, i in enumerate(layer_map):
        if i is None or not 0 <= i < n_old:
            continue
        Wn, Wo = new.W[j], old.W[i]
        cols = min(Wn.shape[1], Wo.shape[1])
        if j == 0 and i == 0:
            rows = [
                (new.spec.inputs.index(f), old.spec.inputs.index(f))
                for f in new.spec.inputs
                if f in old.spec.inputs
            ]
        elif j > 0 and i > 0 and layer_map[j - 1] == i - 1:
            k = min(Wn.shape[0], Wo.shape[0]) - 1  # neurons of the previous layer
            rows = [(r, r) for r in range(k)]
        else:
            rows = []  # what feeds this layer changed: only its biases carry over
        for rn, ro in rows:
            Wn[rn, :cols] = Wo[ro, :cols]
            copied += cols
        Wn[-1, :cols] = Wo[-1, :cols]
        copied += cols
    return copied


def fit_to_task(spec, config, data):
    """Adjust the output layer and loss to a data set's task; returns (spec, config).

    Regression gets one linear unit and MSE; binary classification keeps a
    single sigmoid / tanh / step / linear unit (else gets a sigmoid) and a
    loss that fits it; k classes get k softmax units and cross-entropy.
    """
    from .spec import LayerSpec, NetworkSpec

    out = spec.output
    loss = config.loss
    if data.task == "regression":
        new_out, loss = LayerSpec(1, "linear" if out.activation in ("softmax", "step", "sigmoid")
                                  else out.activation), "mse"
    elif data.task == "binary":
        if out.units == 1 and out.activation in ("sigmoid", "tanh", "step", "linear"):
            new_out = out
        else:
            new_out = LayerSpec(1, "sigmoid")
        if new_out.activation == "sigmoid":
            loss = "bce" if loss != "mse" else loss
        else:
            loss = "mse"
    else:
        new_out, loss = LayerSpec(data.n_classes, "softmax"), "cce"
    if new_out.activation == "linear" and data.task != "regression":
        loss = "mse"
    spec = NetworkSpec(spec.inputs, (*spec.hidden, new_out))
    if config.early_stopping and "acc" in config.monitor and data.task == "regression":
        config = config.replace(monitor="val_loss")
    return spec, config.replace(loss=loss)


def adapt_to_data(project, data, split=None):
    """``project`` on the data ``data`` (DataSettings): the output layer and the loss
    fitted to its task (3 classes: 3 softmax units and cce; regression: a linear unit
    and MSE), the hidden layers as they are.  ``split``: ``data``'s split if made
    already.  The window's data change and ``playground train --data`` both use it.
    Raises PlaygroundError if the data cannot be split."""
    split = data.build_split() if split is None else split
    spec, config = fit_to_task(project.network, project.training, split.train)
    return project.replace(data=data, network=spec, training=config)


# Backpropagation settings that solve the truth tables with a first hidden layer (XOR:
# every seed 0-7, 2 or 4 tanh neurons, within 200 epochs): the mlp-xor lesson's.
BACKPROP = {"loss": "bce", "optimizer": "sgd", "lr": 0.5, "optimizer_params": {"momentum": 0.9},
            "batch_size": 0}
BACKPROP_EPOCHS = 200


def fit_training_to_network(old_spec, new_spec, config):
    """The training settings for ``new_spec`` after an edit of ``old_spec``: a perceptron
    (one step unit, Rosenblatt's rule: mse, small steps, one point at a time, 50 epochs)
    that gets a hidden layer is a multi-layer perceptron, trained by backpropagation,
    which those settings leave stuck (2-2-1 on XOR: 75%); it gets settings that work.
    Any other edit keeps ``config``."""
    if not (old_spec.is_perceptron and new_spec.hidden and new_spec.output.units == 1
            and new_spec.output.activation == "sigmoid"):
        return config
    return config.replace(**BACKPROP, epochs=max(config.epochs, BACKPROP_EPOCHS))
