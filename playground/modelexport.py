"""The trained network out of the app: an ONNX file, a PyTorch script, a Keras script.

Every export takes the raw points (n, 2) = (x1, x2) and computes the chosen
input features (x1², sin x1, ...) itself, so a user feeds it plain coordinates,
then the layers with the trained weights: the learner's road from the
playground to real frameworks.

- ONNX is built with the ``onnx`` package (the optional extra ``export``: the app
  runs without it and says what to install when it is missing); float32, as
  ONNX models usually are.
- The PyTorch and Keras exports are Python scripts: the architecture written
  out, the weights inline, and a ``__main__`` that prints the outputs for
  points given on its command line.  Importing one gives ``model`` and
  ``predict(points)``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

import engine
from engine import atomic
from engine.errors import PlaygroundError

__all__ = ["FORMATS", "export", "keras_script", "onnx_bytes", "torch_script"]

FORMATS = ("onnx", "torch", "keras")
OPSET = 17


def _layers(project: engine.Project):
    """(W (fan_in, fan_out), b, activation) per layer, from the project's weights."""
    if project.weights is None:
        raise PlaygroundError("the project has no trained weights to export: train it first "
                              "(playground train ... --save trained.json)")
    spec = project.network
    ws = project.weights
    return [(np.asarray(ws[2 * i], dtype=np.float64), np.asarray(ws[2 * i + 1], np.float64),
             la.activation) for i, la in enumerate(spec.layers)]


# ---------------------------------------------------------------------- ONNX
def check_onnx() -> None:
    """Refuse, saying what to install, when the onnx package is missing."""
    try:
        import onnx  # noqa: F401
    except ImportError:
        raise PlaygroundError("exporting to ONNX needs the onnx package: "
                              "pip install 'nn-playground[export]' (or pip install onnx)") from None


def onnx_bytes(project: engine.Project) -> bytes:
    """The ONNX model (input "points" float32 (n, 2), output "output" (n, k))."""
    check_onnx()
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    nodes, inits = [], []

    def const(name, value, dtype=np.float32):
        inits.append(numpy_helper.from_array(np.asarray(value, dtype=dtype), name))
        return name

    def node(op, inputs, name, **attrs):
        nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))
        return name

    # the features, each (n, 1), from the raw points
    x1 = node("Gather", ["points", const("col0", 0, np.int64)], "x1_flat", axis=1)
    x2 = node("Gather", ["points", const("col1", 1, np.int64)], "x2_flat", axis=1)
    axes = const("unsq_axes", [1], np.int64)
    x1 = node("Unsqueeze", [x1, axes], "x1")
    x2 = node("Unsqueeze", [x2, axes], "x2")
    made = {}
    for name in project.network.inputs:
        key = name.replace("^", "p").replace("*", "x").replace(" ", "_")
        if name == "x1":
            made[name] = x1
        elif name == "x2":
            made[name] = x2
        elif name == "x1^2":
            made[name] = node("Mul", [x1, x1], key)
        elif name == "x2^2":
            made[name] = node("Mul", [x2, x2], key)
        elif name == "x1*x2":
            made[name] = node("Mul", [x1, x2], key)
        elif name == "sin x1":
            made[name] = node("Sin", [x1], key)
        else:
            made[name] = node("Sin", [x2], key)
    a = node("Concat", [made[n] for n in project.network.inputs], "features", axis=1)
    for i, (W, b, act) in enumerate(_layers(project)):
        z = node("Add", [node("MatMul", [a, const(f"W{i + 1}", W)], f"zW{i + 1}"),
                         const(f"b{i + 1}", b)], f"z{i + 1}")
        out = f"a{i + 1}"
        if act == "sigmoid":
            a = node("Sigmoid", [z], out)
        elif act == "tanh":
            a = node("Tanh", [z], out)
        elif act == "relu":
            a = node("Relu", [z], out)
        elif act == "leaky_relu":
            a = node("LeakyRelu", [z], out, alpha=float(engine.activations.LEAKY_SLOPE))
        elif act == "softmax":
            a = node("Softmax", [z], out, axis=1)
        elif act == "step":
            zero = const(f"zero{i + 1}", 0.0)
            a = node("Cast", [node("GreaterOrEqual", [z, zero], f"ge{i + 1}")], out,
                     to=TensorProto.FLOAT)
        else:  # linear
            a = node("Identity", [z], out)
    node("Identity", [a], "output")
    k = project.network.layers[-1].units
    graph = helper.make_graph(
        nodes, "nn_playground",
        [helper.make_tensor_value_info("points", TensorProto.FLOAT, ["n", 2])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["n", k])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="nn-playground",
                              producer_version=engine.__version__)
    model.doc_string = (f"{project.title or 'network'}: inputs {', '.join(project.network.inputs)}"
                        f" computed from points (x1, x2)")
    onnx.checker.check_model(model)
    return model.SerializeToString()


# ---------------------------------------------------------------------- scripts
_FEATURES = {"x1": "x1", "x2": "x2", "x1^2": "x1 * x1", "x2^2": "x2 * x2", "x1*x2": "x1 * x2",
             "sin x1": "{sin}(x1)", "sin x2": "{sin}(x2)"}


def _array(a: np.ndarray) -> str:
    return json.dumps(np.asarray(a, dtype=np.float64).tolist())


def _header(project: engine.Project, framework: str) -> str:
    spec = project.network
    layers = " -> ".join(f"{la.units} {la.activation}" for la in spec.layers)
    return (f'"""{project.title or "A network"}, exported from the neural-network playground '
            f'to {framework}.\n\nInputs computed from each point (x1, x2): '
            f'{", ".join(spec.inputs)}.\nLayers: {layers}.\n\n'
            f"Run it with points to see the outputs:  python THIS_FILE.py 0.5,-1 2,0.3\n"
            f'Or import it: predict(points) takes an (n, 2) array of (x1, x2).\n"""\n')


def torch_script(project: engine.Project) -> str:
    """A PyTorch script defining the same network with the trained weights inline."""
    spec = project.network
    lines = [_header(project, "PyTorch"), "import sys", "", "import torch", "",
             "", "class Model(torch.nn.Module):", "    def __init__(self):",
             "        super().__init__()"]
    acts = {"sigmoid": "torch.sigmoid(a)", "tanh": "torch.tanh(a)", "relu": "torch.relu(a)",
            "leaky_relu": f"torch.nn.functional.leaky_relu(a, "
                          f"{engine.activations.LEAKY_SLOPE!r})",
            "softmax": "torch.softmax(a, dim=1)", "step": "(a >= 0).to(a.dtype)", "linear": "a"}
    layers = _layers(project)
    for i, (W, b, _) in enumerate(layers):
        lines += [f"        self.fc{i + 1} = torch.nn.Linear({W.shape[0]}, {W.shape[1]}, "
                  f"dtype=torch.float64)",
                  "        with torch.no_grad():",
                  f"            self.fc{i + 1}.weight.copy_(torch.tensor({_array(W.T)}, "
                  f"dtype=torch.float64))",
                  f"            self.fc{i + 1}.bias.copy_(torch.tensor({_array(b)}, "
                  f"dtype=torch.float64))"]
    lines += ["", "    @staticmethod", "    def features(points):",
              '        """The inputs the network sees, from raw points (n, 2)."""',
              "        x1, x2 = points[:, 0:1], points[:, 1:2]",
              "        return torch.cat([" + ", ".join(
                  _FEATURES[n].format(sin="torch.sin") for n in spec.inputs) + "], dim=1)",
              "", "    def forward(self, points):", "        a = self.features(points)"]
    for i, (_, _, act) in enumerate(layers):
        lines += [f"        a = self.fc{i + 1}(a)", f"        a = {acts[act]}"]
    lines += ["        return a", "", "", "model = Model().eval()", "", "",
              "def predict(points):",
              '    """The outputs (n, k) for points (n, 2), as a list of lists."""',
              "    with torch.no_grad():",
              "        return model(torch.tensor(points, dtype=torch.float64)).tolist()",
              "", "", 'if __name__ == "__main__":',
              "    pts = [[float(v) for v in arg.split(',')] for arg in sys.argv[1:]] or "
              "[[0.0, 0.0]]",
              "    for p, out in zip(pts, predict(pts)):",
              "        print(p, out)", ""]
    return "\n".join(lines)


def keras_script(project: engine.Project) -> str:
    """A Keras 3 script defining the same network with the trained weights inline."""
    spec = project.network
    acts = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "relu", "softmax": "softmax",
            "linear": "linear", "leaky_relu": None, "step": None}
    lines = [_header(project, "Keras"), "import sys", "", "import keras", "import numpy as np",
             "", "", "def features(points):",
             '    """The inputs the network sees, from raw points (n, 2)."""',
             "    x1, x2 = points[:, 0:1], points[:, 1:2]",
             "    return keras.ops.concatenate([" + ", ".join(
                 _FEATURES[n].format(sin="keras.ops.sin") for n in spec.inputs) + "], axis=1)",
             "", "", "points = keras.Input(shape=(2,), dtype='float64')",
             "a = keras.layers.Lambda(features, name='features')(points)"]
    layers = _layers(project)
    for i, (W, _, act) in enumerate(layers):
        name = acts[act]
        lines.append(f"a = keras.layers.Dense({W.shape[1]}, activation={name!r}, "
                     f"dtype='float64', name='fc{i + 1}')(a)" if name else
                     f"a = keras.layers.Dense({W.shape[1]}, dtype='float64', name='fc{i + 1}')(a)")
        if act == "leaky_relu":
            lines.append(f"a = keras.layers.LeakyReLU(negative_slope="
                         f"{engine.activations.LEAKY_SLOPE!r}, dtype='float64')(a)")
        elif act == "step":
            lines.append("a = keras.layers.Lambda(lambda z: keras.ops.cast(z >= 0, "
                         "'float64'))(a)")
    lines += ["model = keras.Model(points, a)"]
    for i, (W, b, _) in enumerate(layers):
        lines.append(f"model.get_layer('fc{i + 1}').set_weights([np.array({_array(W)}), "
                     f"np.array({_array(b)})])")
    lines += ["", "", "def predict(points):",
              '    """The outputs (n, k) for points (n, 2), as an array."""',
              "    out = model.predict(np.asarray(points, dtype='float64'), verbose=0)",
              "    return np.asarray(keras.ops.convert_to_numpy(out))",
              "", "", 'if __name__ == "__main__":',
              "    pts = [[float(v) for v in arg.split(',')] for arg in sys.argv[1:]] or "
              "[[0.0, 0.0]]",
              "    for p, out in zip(pts, predict(pts)):",
              "        print(p, out.tolist())", ""]
    return "\n".join(lines)


def export(project: engine.Project, fmt: str, path) -> Path:
    """Write ``project``'s trained network as ``fmt`` (one of FORMATS) to ``path``
    (atomically); PlaygroundError says what went wrong."""
    if fmt not in FORMATS:
        raise PlaygroundError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    data = (onnx_bytes(project) if fmt == "onnx" else
            (torch_script(project) if fmt == "torch" else keras_script(project)).encode())
    path = Path(path)
    try:
        atomic.write_bytes(path, data)
    except OSError as e:
        raise PlaygroundError(f"{path}: cannot write it ({e.strerror or e})") from None
    return path
