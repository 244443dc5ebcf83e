"""The course's lessons, each a complete project (data, network, training).

``PRESETS`` is in the course's order: perceptron -> MLP -> activations ->
losses -> optimizers -> overfitting.  ``load(name, seed)`` builds the
:class:`~engine.project.Project`; the seed moves data, split, init and shuffle.
"""

from __future__ import annotations

from dataclasses import dataclass

from .compare import Variant
from .config import TrainConfig
from .data.settings import DataSettings
from .errors import PlaygroundError
from .lessons_ko import KO as LESSONS_KO
from .project import Project
from .spec import LayerSpec, NetworkSpec

GROUPS = (
    ("perceptron", "Perceptron", "퍼셉트론"),
    ("mlp", "Multi-layer perceptron", "다층 퍼셉트론"),
    ("activations", "Activations", "활성화 함수"),
    ("losses", "Losses", "손실 함수"),
    ("optimizers", "Optimizers", "최적화"),
    ("overfitting", "Overfitting", "과적합"),
)


@dataclass(frozen=True)
class Preset:
    name: str
    group: str
    title: str
    title_ko: str
    summary: str  # one line, for --list-presets and menus
    lesson: str  # what to look at
    inputs: tuple
    layers: tuple
    data: dict
    training: dict
    speed: int = 10  # steps per animation frame when the lesson opens
    # runs trained beside the live one, each with one setting changed, whose curves
    # show what the lesson claims (engine.compare)
    compare: tuple = ()
    panes: tuple = ()  # the views it opens beside the network (engine.project.PANES)
    race: tuple = ("ravine", "all")  # the optimizer race's surface and lineup (engine.race)

    def words(self, lang: str = "en") -> tuple[str, str, str]:
        """(title, summary, lesson text) in ``lang``: "en" or "ko"."""
        if lang == "ko":
            return self.title_ko, self.summary_ko, self.lesson_ko
        return self.title, self.summary, self.lesson

    @property
    def summary_ko(self) -> str:
        return LESSONS_KO.get(self.name, (self.summary, self.lesson))[0]

    @property
    def lesson_ko(self) -> str:
        return LESSONS_KO.get(self.name, (self.summary, self.lesson))[1]

    def project(self, seed: int = 0) -> Project:
        spec = NetworkSpec(tuple(self.inputs), tuple(LayerSpec(*la) for la in self.layers))
        data = DataSettings(**{"seed": seed, **self.data})
        config = TrainConfig(**{**self.training, "seed": seed})
        return Project(spec, config, data, None, self.title, self.lesson, self.speed,
                       tuple(self.panes), tuple(self.race))


def _p(name, group, title, title_ko, summary, lesson, layers, data, training, inputs=("x1", "x2"),
       speed=10, compare=(), panes=(), race=("ravine", "all")):
    return Preset(
        name, group, title, title_ko, summary, lesson, inputs, layers, data, training, speed,
        tuple(Variant(*v) for v in compare), tuple(panes), tuple(race),
    )


_TRUTH = {"ratios": (1.0, 0.0, 0.0)}
_XOR_BACKPROP = {
    "loss": "bce",
    "optimizer": "sgd",
    "lr": 0.5,
    "optimizer_params": {"momentum": 0.9},
    "batch_size": 0,
    "epochs": 600,
}
_PERCEPTRON = {"loss": "mse", "optimizer": "sgd", "lr": 0.1, "batch_size": 1, "epochs": 50}

PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        _p(
            "perceptron-and",
            "perceptron",
            "Perceptron: AND",
            "퍼셉트론: AND",
            "a single step neuron learns AND with the perceptron rule",
            "One neuron with a step activation learns by Rosenblatt's rule "
            "w ← w + lr·(t\u00a0−\u00a0y)·x. AND is linearly separable: one line splits the "
            "one 1 from the three 0s, so the perceptron converges.",
            ((1, "step"),),
            {"name": "and", **_TRUTH},
            _PERCEPTRON,
            speed=1,
        ),
        _p(
            "perceptron-or",
            "perceptron",
            "Perceptron: OR",
            "퍼셉트론: OR",
            "a single step neuron learns OR with the perceptron rule",
            "OR is linearly separable too: the perceptron finds a line with the three 1s "
            "on one side.",
            ((1, "step"),),
            {"name": "or", **_TRUTH},
            _PERCEPTRON,
            speed=1,
        ),
        _p(
            "perceptron-xor",
            "perceptron",
            "Perceptron: XOR fails",
            "퍼셉트론: XOR 실패",
            "a single perceptron cannot learn XOR (not linearly separable)",
            "No straight line puts (0,1) and (1,0) on one side and (0,0), (1,1) on the "
            "other: XOR is not linearly separable, so the perceptron never converges. "
            "This is why we need hidden layers: add one with the + above the network "
            "(the training switches to backpropagation by itself) and press Play: it "
            "learns XOR. With 2 hidden neurons too: − − and R (fresh weights), then Play.",
            ((1, "step"),),
            {"name": "xor", **_TRUTH},
            _PERCEPTRON,
            speed=1,
        ),
        _p(
            "mlp-xor",
            "mlp",
            "MLP solves XOR",
            "다층 퍼셉트론: XOR",
            "a 2-2-1 sigmoid network solves XOR; each hidden neuron draws one line",
            "Two hidden neurons each draw a line; the output neuron combines the two "
            "half-planes into the band that XOR needs. Backpropagation trains all "
            "weights by the chain rule. The next lesson, Hidden space, shows the same "
            "network from the output neuron's side.",
            ((2, "sigmoid"), (1, "sigmoid")),
            {"name": "xor", **_TRUTH},
            _XOR_BACKPROP,
            speed=1,
        ),
        _p(
            "hidden-space",
            "mlp",
            "Hidden space: XOR unfolded",
            "은닉 공간: XOR 펼치기",
            "the XOR points at the hidden neurons' outputs (h1, h2): one line splits them",
            "The view beside the network draws each point where the hidden layer puts it: "
            "at (h₁, h₂), the outputs of the two hidden neurons. The output neuron "
            "only sees this plane, and all it can draw is one straight line "
            "w₁h₁ + w₂h₂ + b = 0 (“output”). "
            "Press Play and watch the hidden layer move the points (the grey curves are "
            "the input plane's grid, folded) until the two blue ones lie on one side of "
            "that line and the two orange ones on the other: XOR has become linearly "
            "separable.",
            ((2, "sigmoid"), (1, "sigmoid")),
            {"name": "xor", **_TRUTH},
            _XOR_BACKPROP,
            speed=1,
            panes=("hidden",),
        ),
        _p(
            "circle",
            "mlp",
            "Circle",
            "원형 데이터",
            "a ring around a disk: a small tanh network curves its boundary",
            "A disk inside a ring is not linearly separable in (x1, x2). A few tanh "
            "neurons bend the boundary into a closed curve.",
            ((4, "tanh"), (2, "tanh"), (1, "sigmoid")),
            {"name": "circle", "noise": 0.1},
            {"loss": "bce", "optimizer": "sgd", "lr": 0.1, "batch_size": 10, "epochs": 200},
        ),
        _p(
            "moons",
            "mlp",
            "Moons",
            "반달 데이터",
            "two interleaved half-moons",
            "The two moons hook into each other; the network needs a curved boundary.",
            ((8, "tanh"), (8, "tanh"), (1, "sigmoid")),
            {"name": "moons", "noise": 0.15},
            {"loss": "bce", "optimizer": "adam", "lr": 0.01, "batch_size": 10, "epochs": 150},
        ),
        _p(
            "spiral",
            "mlp",
            "Spiral",
            "나선 데이터",
            "two interleaved spirals: the hardest set, needs depth and features",
            "Spirals wind around each other. A deeper network with sin features "
            "follows the arms; watch the boundary twist as it learns.",
            ((12, "tanh"), (12, "tanh"), (8, "tanh"), (1, "sigmoid")),
            {"name": "spiral", "noise": 0.0},
            {"loss": "bce", "optimizer": "adam", "lr": 0.01, "batch_size": 10, "epochs": 500},
            inputs=("x1", "x2", "sin x1", "sin x2"),
        ),
        _p(
            "activations",
            "activations",
            "Activations: ReLU",
            "활성화 함수",
            "ReLU hidden layers: piecewise-linear boundaries (try tanh, sigmoid, step)",
            "ReLU = max(0, z) makes the boundary out of straight pieces; tanh makes it "
            "smooth. Change a layer's activation from its menu and compare. The step "
            "activation cannot be used in a hidden layer: its gradient is zero everywhere. "
            "A dashed neuron is a dead ReLU: 0 all over the plane, so no gradient reaches it.",
            ((8, "relu"), (8, "relu"), (1, "sigmoid")),
            {"name": "circle", "noise": 0.1},
            {"loss": "bce", "optimizer": "adam", "lr": 0.01, "batch_size": 10, "epochs": 150},
        ),
        _p(
            "vanishing-gradients",
            "activations",
            "Vanishing gradients",
            "기울기 소실",
            "6 sigmoid layers hardly learn: the gradient shrinks layer by layer on its way back",
            "Six sigmoid layers, trained by plain SGD. Press Play: the loss stays near 0.69, "
            "a coin toss. The edges show \u2202L/\u2202w (View \u25b8 Gradients on the edges): "
            "they fade towards the inputs, and the number under each column is hundreds to "
            "thousands of times smaller at the first layer than at the output. On its way "
            "back the gradient is multiplied by \u03c3'(z) \u2264 0.25 at every sigmoid layer "
            "(click a first-layer edge for its chain rule: a product of small factors), so "
            "the first layers hardly move. The thin curve is the same network with ReLU "
            "(slope 1 where it is on), trained alongside: its loss falls and it learns the "
            "circle.",
            tuple([(6, "sigmoid")] * 6) + ((1, "sigmoid"),),
            {"name": "circle", "noise": 0.1},
            {"loss": "bce", "optimizer": "sgd", "lr": 0.1, "batch_size": 10, "epochs": 100},
            compare=(("6 ReLU layers", {}, None, "loss", "relu"),),
            panes=("gradients",),
        ),
        _p(
            "gauss",
            "losses",
            "Binary cross-entropy",
            "이진 교차 엔트로피",
            "two Gaussian blobs: sigmoid output with binary cross-entropy",
            "For two classes the output is a sigmoid probability and the loss is binary "
            "cross-entropy; its gradient at the output is simply (o − t)/n.",
            ((2, "tanh"), (1, "sigmoid")),
            {"name": "gauss", "noise": 0.2},
            {"loss": "bce", "optimizer": "sgd", "lr": 0.1, "batch_size": 10, "epochs": 60},
        ),
        _p(
            "multiclass",
            "losses",
            "Categorical cross-entropy",
            "다중 분류",
            "three classes: softmax output with categorical cross-entropy",
            "With three classes the output layer has one neuron per class and a softmax "
            "turns them into probabilities; the loss is categorical cross-entropy.",
            ((8, "tanh"), (3, "softmax")),
            {"name": "multiclass", "noise": 0.1},
            {"loss": "cce", "optimizer": "adam", "lr": 0.01, "batch_size": 10, "epochs": 40},
        ),
        _p(
            "regression",
            "losses",
            "Regression: MSE",
            "회귀: 평균제곱오차",
            "fit a surface of Gaussian bumps: linear output with mean squared error",
            "Regression predicts a number, not a class: a linear output and the mean "
            "squared error. The heatmap shows the predicted value.",
            ((16, "tanh"), (16, "tanh"), (1, "linear")),
            {"name": "multigauss", "noise": 0.05},
            {"loss": "mse", "optimizer": "adam", "lr": 0.01, "batch_size": 10, "epochs": 200},
        ),
        _p(
            "batch-vs-sgd",
            "optimizers",
            "Batch GD vs SGD",
            "배치 vs 확률적 경사하강",
            "batch size 1 (SGD): noisy but many updates per epoch; try 0 (batch GD)",
            "Stochastic gradient descent updates after every single example: 300 small, "
            "noisy steps per epoch, so it learns in few epochs (watch the boundary jitter "
            "at 1 step per frame). Set the batch size to all "
            "(batch GD: one smooth step per epoch) or 10 (mini-batch), press Reset and "
            "compare with the last run's grey loss curve. The thin curve is batch GD, "
            "trained alongside on the same data: 40 steps in 40 epochs against 12,000, "
            "its loss stays above SGD's all the way.",
            ((4, "tanh"), (1, "sigmoid")),
            {"name": "gauss", "noise": 0.3},
            {"loss": "bce", "optimizer": "sgd", "lr": 0.03, "batch_size": 1, "epochs": 40},
            speed=1,  # as the lesson says: one step per frame, to see each SGD step
            compare=(("batch GD (all points per step)", {"batch_size": 0}),),
        ),
        _p(
            "local-minima",
            "optimizers",
            "Local and global minima",
            "지역 최솟값과 전역 최솟값",
            "batch GD stops in the near, higher valley; momentum rolls on to the lower one",
            "The view beside the network is a loss with two valleys: a near, higher one "
            "(the ring, a local minimum) and a far, lower one (the star, the global "
            "minimum). Press Race. Batch gradient descent only ever goes downhill, so it "
            "stops in the first valley it meets. Momentum keeps its speed, rolls over the "
            "ridge and settles in the lower valley. SGD's noisy gradient sometimes shakes "
            "it out too, depending on its luck (the Seed). Click the surface to start "
            "elsewhere. Networks have such valleys too: a run that ends early in a "
            "plateau says so when it stops.",
            ((2, "tanh"), (1, "sigmoid")),
            {"name": "xor", **_TRUTH},
            {**_XOR_BACKPROP, "optimizer_params": {"momentum": 0.0}, "lr": 0.5},
            speed=1,
            panes=("race",),
            race=("two-valleys", "local-minima"),
        ),
        _p(
            "momentum",
            "optimizers",
            "Momentum",
            "모멘텀",
            "SGD with momentum 0.9 rolls through flat regions and damps zig-zags",
            "Momentum keeps a velocity: v = μ·v − lr·g; θ ← θ + v. PyTorch writes "
            "buf = μ·buf + g; θ ← θ − lr·buf, the same while lr is constant. The thin "
            "curve is the same network without momentum, trained alongside: its loss "
            "crawls where momentum's drops (after 10 epochs about 4 times higher). Lessons "
            "▸ Optimizer race shows momentum on a ravine, and Local minima how it rolls "
            "past a valley.",
            ((8, "tanh"), (8, "tanh"), (1, "sigmoid")),
            {"name": "moons", "noise": 0.15},
            {
                "loss": "bce",
                "optimizer": "sgd",
                "lr": 0.01,
                "optimizer_params": {"momentum": 0.9},
                "batch_size": 10,
                "epochs": 150,
            },
            compare=(("no momentum (μ = 0)", {"optimizer_params": {"momentum": 0.0}}),),
        ),
        _p(
            "lr-too-large",
            "optimizers",
            "Learning rate too large",
            "학습률이 너무 클 때",
            "learning rate 0.1 on a linear fit: every step overshoots and the loss explodes",
            "One linear neuron fits a plane by batch gradient descent. The loss is a bowl; "
            "with too large a learning rate each step jumps past the bottom to a higher "
            "point on the other side, so the loss grows every epoch (see the log scale). "
            "Try 0.05: it settles in a few steps.",
            ((1, "linear"),),
            {"name": "plane", "noise": 0.1},
            {"loss": "mse", "optimizer": "sgd", "lr": 0.1, "batch_size": 0, "epochs": 60},
        ),
        _p(
            "lr-too-small",
            "optimizers",
            "Learning rate too small",
            "학습률이 너무 작을 때",
            "learning rate 0.0005: the loss crawls down",
            "With too small a learning rate every step is tiny: after many epochs the "
            "network has barely moved.",
            ((4, "tanh"), (2, "tanh"), (1, "sigmoid")),
            {"name": "circle", "noise": 0.1},
            {"loss": "bce", "optimizer": "sgd", "lr": 0.0005, "batch_size": 10, "epochs": 100},
        ),
        _p(
            "decay",
            "optimizers",
            "Learning-rate decay",
            "학습률 감소",
            "step decay halves the learning rate every 25 epochs",
            "Start with big steps to get close fast, then smaller ones to settle: "
            "lr\u00a0=\u00a0lr0·γ^⌊epoch/25⌋ (PyTorch's StepLR). The lr curve shows the steps.",
            ((8, "tanh"), (8, "tanh"), (1, "sigmoid")),
            {"name": "moons", "noise": 0.15},
            {
                "loss": "bce",
                "optimizer": "sgd",
                "lr": 0.3,
                "schedule": "step",
                "schedule_params": {"step_size": 25, "gamma": 0.5},
                "batch_size": 10,
                "epochs": 150,
            },
        ),
        _p(
            "adagrad",
            "optimizers",
            "Adagrad",
            "적응형 학습률: Adagrad",
            "Adagrad: a per-weight learning rate that shrinks with its squared gradients",
            "Adagrad divides each weight's step by the root of the sum of its squared "
            "gradients: weights that moved a lot slow down, rare ones keep moving (hover "
            "an edge: its own step size). The thin curve is plain SGD with the same "
            "learning rate, trained alongside: one rate for every weight learns more "
            "slowly here. Lessons ▸ Optimizer race shows Adagrad's shrinking steps.",
            ((8, "tanh"), (8, "tanh"), (1, "sigmoid")),
            {"name": "moons", "noise": 0.15},
            {"loss": "bce", "optimizer": "adagrad", "lr": 0.1, "batch_size": 10, "epochs": 150},
            compare=(("SGD, same learning rate", {"optimizer": "sgd", "optimizer_params": {}}),),
        ),
        _p(
            "adam",
            "optimizers",
            "Adam",
            "적응적 모멘트 추정: Adam",
            "Adam: momentum plus per-weight scaling, with bias correction",
            "Adam keeps a moving average of gradients (momentum) and of squared gradients "
            "(per-weight scale), corrected for their start at zero. Usually the fastest "
            "start with the least tuning: the thin curves are SGD and Adagrad with the "
            "same learning rate, trained alongside, still near the start when Adam has "
            "the spiral. Lessons ▸ Optimizer race puts Adam beside the others on a "
            "ravine.",
            ((8, "tanh"), (8, "tanh"), (1, "sigmoid")),
            {"name": "spiral", "noise": 0.0},
            {"loss": "bce", "optimizer": "adam", "lr": 0.01, "batch_size": 10, "epochs": 300},
            inputs=("x1", "x2", "sin x1", "sin x2"),
            compare=(("SGD", {"optimizer": "sgd", "optimizer_params": {}}),
                     ("Adagrad", {"optimizer": "adagrad", "optimizer_params": {}})),
        ),
        _p(
            "optimizer-race",
            "optimizers",
            "Optimizer race",
            "옵티마이저 경주",
            "six optimizers race down a ravine from one start, each by its own update rule",
            "SGD, momentum, Nesterov, Adagrad, RMSprop and Adam start together high on the "
            "wall of a ravine (steep walls, a gentle floor) and step down it on the exact "
            "gradient. Press Race. Plain SGD bounces from wall to wall and crawls along the "
            "floor; momentum gathers speed along the floor and gets there sooner, "
            "overshooting as it goes; Adagrad heads straight for the minimum, but its steps "
            "shrink and it is still on its way at the end; RMSprop and Adam scale each "
            "direction by its own gradient size and walk straight down the ravine, RMSprop "
            "first. Try the other surfaces in the list, or click to start elsewhere.",
            ((8, "tanh"), (8, "tanh"), (1, "sigmoid")),
            {"name": "moons", "noise": 0.15},
            {"loss": "bce", "optimizer": "adam", "lr": 0.01, "batch_size": 10, "epochs": 150},
            panes=("race",),
            race=("ravine", "all"),
        ),
        _p(
            "dropout",
            "overfitting",
            "Dropout",
            "드롭아웃",
            "dropout 0.5 switches off random neurons each step; watch them blink",
            "Each training step switches off a random half of the hidden neurons (the "
            "others are scaled by 1/(1−0.5) = 2), so no neuron can rely on another. On "
            "these few noisy points the same network without dropout memorises the noise: "
            "the thin curve is its validation loss, trained alongside, ending above the "
            "dashed validation curve of this one. Prediction always uses every neuron.",
            ((32, "relu", 0.5), (32, "relu", 0.5), (1, "sigmoid")),
            {"name": "moons", "noise": 0.3, "n": 200},
            {"loss": "bce", "optimizer": "adam", "lr": 0.01, "batch_size": 10, "epochs": 500},
            compare=(("no dropout: validation", {}, 0.0, "val_loss"),),
        ),
        _p(
            "early-stopping",
            "overfitting",
            "Early stopping",
            "조기 종료",
            "a big net on noisy data overfits; early stopping halts at the best epoch",
            "Training loss keeps falling while validation loss levels off and creeps up: "
            "the network starts memorising noise (tick log scale under the curves to see "
            "the gap). Early stopping "
            "watches the validation loss and stops after 20 epochs without improvement, "
            "restoring the best epoch's weights.",
            ((32, "relu"), (32, "relu"), (1, "sigmoid")),
            {"name": "moons", "noise": 0.4, "n": 200},
            {
                "loss": "bce",
                "optimizer": "adam",
                "lr": 0.01,
                "batch_size": 10,
                "epochs": 1000,
                "early_stopping": True,
                "patience": 20,
            },
        ),
    )
}

NAMES = tuple(PRESETS)
DEFAULT = "mlp-xor"


def get(name: str) -> Preset:
    try:
        return PRESETS[name]
    except KeyError:
        raise PlaygroundError(
            f"unknown preset {name!r}; run 'playground --list-presets' to see them"
        ) from None


def load(name: str, seed: int = 0, lang: str = "en") -> Project:
    """Lesson ``name`` as a project; ``lang`` "ko": its title and text in Korean."""
    preset = get(name)
    title, _, lesson = preset.words(lang)
    return preset.project(seed).replace(title=title, description=lesson)
