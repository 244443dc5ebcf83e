"""engine.schedules: per-epoch learning rates, by the hand formulas."""

import json

import pytest

from engine import schedules
from engine.errors import PlaygroundError
from engine.schedules import Constant, ExponentialDecay, StepDecay, TimeDecay


def test_constant():
    s = Constant()
    assert [s.lr_at(0.03, e) for e in (0, 1, 50)] == [0.03, 0.03, 0.03]
    assert s.describe() == "lr = lr0"
    assert s.params() == {}


def test_time_decay():
    s = TimeDecay(0.5)
    assert s.lr_at(0.1, 0) == 0.1
    assert s.lr_at(0.1, 1) == 0.1 / 1.5
    assert s.lr_at(0.1, 4) == 0.1 / 3.0
    assert s.lr_at(2.0, 10) == 2.0 / 6.0
    assert TimeDecay(0.0).lr_at(0.1, 100) == 0.1
    assert TimeDecay(0.01).describe() == "lr = lr0 / (1 + 0.01·epoch)"


def test_step_decay_is_torch_steplr_closed_form():
    s = StepDecay(step_size=3, gamma=0.5)
    assert [s.lr_at(0.1, e) for e in range(8)] == [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025]
    # closed form lr0 * gamma ** (epoch // step_size), not repeated multiplication
    s = StepDecay(step_size=2, gamma=0.9)
    assert s.lr_at(1.0, 9) == 0.9**4 == 0.6561
    assert 0.9 * 0.9 * 0.9 * 0.9 == 0.6561000000000001
    assert StepDecay(10, 0.5).describe() == "lr = lr0 · 0.5^⌊epoch / 10⌋"


def test_exponential_decay():
    s = ExponentialDecay(0.9)
    assert s.lr_at(0.2, 0) == 0.2
    assert s.lr_at(0.2, 1) == 0.2 * 0.9
    assert s.lr_at(0.2, 7) == 0.2 * 0.9**7
    assert ExponentialDecay(0.95).describe() == "lr = lr0 · 0.95^epoch"
    assert ExponentialDecay(1).lr_at(0.2, 1000) == 0.2


def test_lr_at_returns_python_floats():
    for s in (Constant(), TimeDecay(0.1), StepDecay(2, 0.5), ExponentialDecay(0.9)):
        assert type(s.lr_at(1, 3)) is float


def test_names_make_and_params_round_trip():
    assert schedules.NAMES == ("constant", "time", "step", "exponential")
    built = [
        schedules.make("constant"),
        schedules.make("time", decay=0.02),
        schedules.make("step", step_size=5, gamma=0.1),
        schedules.make("exponential", gamma=0.99),
    ]
    for name, s, cls in zip(
        schedules.NAMES, built, (Constant, TimeDecay, StepDecay, ExponentialDecay)
    ):
        assert type(s) is cls and s.name == name
        assert isinstance(s, schedules.Schedule)
        again = schedules.make(name, **json.loads(json.dumps(s.params())))
        assert again == s and repr(again) == repr(s)
        assert [again.lr_at(0.1, e) for e in range(12)] == [s.lr_at(0.1, e) for e in range(12)]
    assert built[2].params() == {"step_size": 5, "gamma": 0.1}
    assert built[1].params() == {"decay": 0.02}


def test_repr():
    assert repr(StepDecay(5, 0.1)) == "StepDecay(step_size=5, gamma=0.1)"
    assert repr(Constant()) == "Constant()"
    assert repr(TimeDecay(0.01)) == "TimeDecay(decay=0.01)"


def test_step_size_accepts_a_whole_float_from_json():
    assert StepDecay(step_size=4.0).params()["step_size"] == 4
    assert type(StepDecay(step_size=4.0).step_size) is int


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: TimeDecay(-0.1), r"decay must be >= 0, got -0\.1"),
        (lambda: TimeDecay(float("nan")), r"decay must be >= 0, got nan"),
        (lambda: TimeDecay("x"), r"decay must be a number, got 'x'"),
        (lambda: StepDecay(0, 0.5), r"step_size must be a whole number >= 1, got 0"),
        (lambda: StepDecay(2.5, 0.5), r"step_size must be a whole number >= 1, got 2\.5"),
        (lambda: StepDecay(True, 0.5), r"step_size must be a whole number >= 1, got True"),
        (lambda: StepDecay(3, 0), r"gamma must be in \(0, 1\], got 0"),
        (lambda: StepDecay(3, 1.5), r"gamma must be in \(0, 1\], got 1\.5"),
        (lambda: ExponentialDecay(-0.5), r"gamma must be in \(0, 1\], got -0\.5"),
        (lambda: ExponentialDecay(float("inf")), r"gamma must be finite, got inf"),
        (lambda: schedules.make("cosine"), r"unknown schedule 'cosine'.*constant, time, step, exp"),
        (lambda: schedules.make("time", gamma=0.5), r"unknown argument 'gamma'.*takes decay"),
        (lambda: schedules.make("constant", decay=0.5), r"takes no arguments"),
        (lambda: Constant().lr_at(0.1, -1), r"epoch must be a whole number >= 0, got -1"),
    ],
)
def test_validation_messages(call, message):
    with pytest.raises(PlaygroundError, match=message):
        call()
