"""engine.race: the optimizer race runs the engine's own optimizers on known surfaces."""

import math

import numpy as np
import pytest

from engine import optimizers
from engine.errors import PlaygroundError
from engine.race import LINEUPS, RACERS, SURFACES, Race, Racer


@pytest.mark.parametrize("name", list(SURFACES))
def test_each_gradient_is_the_surfaces_slope(name):
    s = SURFACES[name]
    rng = np.random.default_rng(0)
    x0, x1, y0, y1 = s.bounds
    for x, y in zip(rng.uniform(x0, x1, 20), rng.uniform(y0, y1, 20)):
        h = 1e-6
        gx = (s.value(x + h, y) - s.value(x - h, y)) / (2 * h)
        gy = (s.value(x, y + h) - s.value(x, y - h)) / (2 * h)
        assert s.grad(x, y) == pytest.approx((gx, gy), rel=1e-5, abs=1e-5)


@pytest.mark.parametrize("name", list(SURFACES))
def test_the_minima_are_minima_and_the_global_ones_lowest(name):
    s = SURFACES[name]
    lows = [float(s.value(x, y)) for x, y, _ in s.minima]
    for (x, y, kind), low in zip(s.minima, lows):
        assert math.hypot(*s.grad(x, y)) < 1e-4
        for dx, dy in ((0.05, 0), (-0.05, 0), (0, 0.05), (0, -0.05)):
            assert s.value(x + dx, y + dy) > low
        if kind == "global":
            assert low == pytest.approx(min(lows), abs=1e-6)
        else:
            assert low > min(lows) + 0.1
    grid = s.grid(200)
    assert grid.min() >= min(lows) - 1e-9  # no lower point in the view


def test_a_racer_steps_exactly_as_the_engines_optimizer():
    s = SURFACES["himmelblau"]
    race = Race(s, RACERS, lr=0.01, adaptive_lr=0.1)
    race.advance(25)
    for k, racer in enumerate(RACERS):
        lr = 0.1 if racer.optimizer in ("adagrad", "rmsprop", "adam") else 0.01
        opt = optimizers.make(racer.optimizer, lr=lr, **racer.params)
        w = np.array(s.start)
        path = [w.copy()]
        for _ in range(25):
            opt.step([w], [np.array(s.grad(*w))])
            path.append(w.copy())
        np.testing.assert_array_equal(race.path(k), np.array(path))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_local_minima_batch_gd_stops_near_momentum_rolls_on(seed):
    """The local-minima lesson: batch GD ends in the near, higher valley; momentum in
    the lower one (exact gradients: the seed only moves the noisy racer)."""
    race = Race(SURFACES["two-valleys"], LINEUPS["local-minima"], seed=seed)
    race.finish()
    labels = [r.label for r in race.racers]
    gd, momentum = labels.index("batch GD"), labels.index("Momentum")
    assert race.outcome(gd).startswith("in the local minimum")
    assert race.outcome(momentum).startswith("in the global minimum")
    assert race.loss(momentum) < race.loss(gd) - 0.5


def test_local_minima_noisy_sgd_depends_on_its_luck():
    """'SGD's noisy gradient sometimes shakes it out too, depending on its luck.'"""
    ends = []
    for seed in range(10):
        race = Race(SURFACES["two-valleys"], (Racer("SGD", "sgd", noise=30.0),), seed=seed)
        race.finish()
        ends.append(race.path(0)[-1, 0] < 0)  # left of the ridge: the lower valley
    assert 2 <= sum(ends) <= 8


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_ravine_race_is_as_the_lesson_tells(seed):
    s = SURFACES["ravine"]
    race = Race(s, RACERS, seed=seed)
    race.finish()
    k = {r.label: i for i, r in enumerate(race.racers)}

    def arrival(label):  # first step with f < 0.01
        p = race.path(k[label])
        f = s.value(p[:, 0], p[:, 1])
        return int(np.argmax(f < 0.01)) if (f < 0.01).any() else None

    sgd = race.path(k["SGD"])
    assert np.sum(np.diff(np.sign(sgd[:21, 1])) != 0) >= 15  # wall to wall
    assert arrival("Momentum") < arrival("SGD")  # sooner
    assert race.outcome(k["Adagrad"]).startswith("on its way")  # its steps shrink
    steps = np.hypot(*np.diff(race.path(k["Adagrad"]), axis=0).T)
    assert steps[-1] < 0.2 * steps[0]
    for label in ("RMSprop", "Adam"):
        p = race.path(k[label])
        end = arrival(label)
        length = np.sum(np.hypot(*np.diff(p[: end + 1], axis=0).T))
        assert length < 1.15 * np.hypot(*(p[end] - p[0]))  # straight down the ravine
    assert arrival("RMSprop") == min(a for a in map(arrival, k) if a is not None)


def test_a_racer_that_flies_off_stops_and_says_why():
    race = Race(SURFACES["ravine"], (Racer("SGD", "sgd"),), lr=1.0)
    race.advance(200)
    assert race.flown[0] and "flew off" in race.outcome(0)
    assert np.all(np.isfinite(race.path(0)))


@pytest.mark.parametrize("lr", [0.0, -1.0, float("nan"), 1e9])
def test_a_bad_learning_rate_is_refused(lr):
    with pytest.raises(PlaygroundError, match="learning rate"):
        Race(SURFACES["ravine"], lr=lr)
