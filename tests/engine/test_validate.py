"""engine.validate: one checker of numbers, one style of message."""

import pytest

from engine import DataSettings, PlaygroundError, optimizers, schedules
from engine import validate as check


@pytest.mark.parametrize("args, message", [
    (("momentum", 2, 0.0, 1.0), r"momentum must be in \[0, 1\], got 2"),
    (("eps", 0, 0.0), None),
    (("eps", -1, 0.0), r"eps must be >= 0, got -1"),
    (("lr", 0, 0.0, None, True), r"lr must be > 0, got 0"),
    (("lr", "x", 0.0), r"lr must be a number, got 'x'"),
    (("lr", True, 0.0), r"lr must be a number, got True"),
    (("lr", float("inf"), 0.0), r"lr must be finite, got inf"),
    (("lr", float("nan"), 0.0), r"lr must be >= 0, got nan"),
])
def test_real(args, message):
    if message is None:
        assert check.real(*args) == 0.0
    else:
        with pytest.raises(PlaygroundError, match=message):
            check.real(*args)


def test_whole_numbers():
    assert check.whole("epochs", 5.0, 1) == 5 and isinstance(check.whole("epochs", 5.0, 1), int)
    with pytest.raises(PlaygroundError, match=r"n must be a whole number 4..10, got 5.0"):
        check.whole("n", 5.0, 4, 10, ints_only=True)
    with pytest.raises(PlaygroundError, match=r"epochs must be a whole number >= 1, got 2.5"):
        check.whole("epochs", 2.5, 1)
    with pytest.raises(PlaygroundError, match=r"must be a whole number >= 0, got False"):
        check.whole("seed", False, 0)
    with pytest.raises(PlaygroundError, match=r"epochs must be <= 10, got 11"):
        check.at_most("epochs", 11, 10)
    with pytest.raises(PlaygroundError, match=r"centered must be true or false, got 1"):
        check.flag("centered", 1)


def test_the_engine_lists_each_optimizers_and_schedules_parameters():
    assert optimizers.defaults("adam") == {"betas": [0.9, 0.999], "eps": 1e-8,
                                           "weight_decay": 0.0}
    assert list(optimizers.defaults("sgd")) == ["momentum", "dampening", "nesterov",
                                                "weight_decay"]
    assert schedules.defaults("step") == {"step_size": 10, "gamma": 0.5}
    assert schedules.defaults("constant") == {}


def test_data_settings_are_checked_without_generating_and_replace_validates(monkeypatch):
    import engine.data.datasets as ds

    def boom(*a, **k):
        raise AssertionError("generated")

    monkeypatch.setattr(ds, "make", boom)
    d = DataSettings("spiral", 200, 0.2, 3)
    assert d.task == "binary" and d.replace(name="plane").task == "regression"
    with pytest.raises(PlaygroundError, match="noise must be in"):
        d.replace(noise=2.0)
    with pytest.raises(PlaygroundError, match="split ratios must sum to 1"):
        d.replace(ratios=(0.5, 0.2, 0.2))
    assert d.replace(seed=4) == DataSettings("spiral", 200, 0.2, 4)
