"""engine.features: the input features x1, x2, x1^2, x2^2, x1*x2, sin x1, sin x2."""

import math

import numpy as np
import pytest

from engine import features
from engine.errors import PlaygroundError

POINTS = np.array([[0.0, 0.0], [1.0, 2.0], [-3.0, 0.5], [math.pi / 2, -math.pi / 2], [5.5, -6.0]])

# Each feature written out by hand, one point at a time, with the math module.
BY_HAND = {
    "x1": lambda a, b: a,
    "x2": lambda a, b: b,
    "x1^2": lambda a, b: a * a,
    "x2^2": lambda a, b: b * b,
    "x1*x2": lambda a, b: a * b,
    "sin x1": lambda a, b: math.sin(a),
    "sin x2": lambda a, b: math.sin(b),
}


def test_names_are_the_seven_playground_features_in_order():
    assert features.NAMES == ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin x1", "sin x2")


def test_labels_are_pretty_unicode_for_every_name():
    assert set(features.LABELS) == set(features.NAMES)
    assert features.LABELS["x1"] == "x₁"
    assert features.LABELS["x2"] == "x₂"
    assert features.LABELS["x1^2"] == "x₁²"
    assert features.LABELS["x2^2"] == "x₂²"
    assert features.LABELS["x1*x2"] == "x₁x₂"
    assert features.LABELS["sin x1"] == "sin(x₁)"
    assert features.LABELS["sin x2"] == "sin(x₂)"


@pytest.mark.parametrize("name", features.NAMES)
def test_each_feature_matches_its_formula(name):
    out = features.transform([name], POINTS)
    assert out.shape == (len(POINTS), 1)
    assert out.dtype == np.float64
    expected = [BY_HAND[name](a, b) for a, b in POINTS.tolist()]
    np.testing.assert_allclose(out[:, 0], expected, rtol=1e-15, atol=1e-15)


def test_known_values_of_sine_and_products():
    out = features.transform(("x1*x2", "sin x1", "sin x2", "x2^2"), [[math.pi / 2, -math.pi / 2]])
    # (pi/2)(-pi/2) = -pi^2/4; sin(pi/2) = 1; sin(-pi/2) = -1; (-pi/2)^2 = pi^2/4
    np.testing.assert_allclose(out[0], [-(math.pi**2) / 4, 1.0, -1.0, math.pi**2 / 4])


def test_columns_follow_the_order_of_the_names():
    all_cols = features.transform(features.NAMES, POINTS)
    assert all_cols.shape == (len(POINTS), 7)
    reordered = ("sin x2", "x1", "x1*x2")
    out = features.transform(reordered, POINTS)
    for j, name in enumerate(reordered):
        np.testing.assert_array_equal(out[:, j], all_cols[:, features.NAMES.index(name)])


def test_float32_is_computed_in_float32():
    X = np.random.default_rng(0).uniform(-6, 6, (200, 2))
    out32 = features.transform(features.NAMES, X, dtype=np.float32)
    assert out32.dtype == np.float32
    x1 = X[:, 0].astype(np.float32)
    x2 = X[:, 1].astype(np.float32)
    # Bit for bit what float32 arithmetic gives, not a rounded float64 result.
    np.testing.assert_array_equal(out32[:, 5], np.sin(x1))
    np.testing.assert_array_equal(out32[:, 4], x1 * x2)
    np.testing.assert_array_equal(out32[:, 3], x2 * x2)
    out64 = features.transform(features.NAMES, X)
    np.testing.assert_allclose(out32, out64, rtol=1e-5, atol=1e-5)


def test_input_is_not_modified_and_output_is_a_fresh_array():
    X = POINTS.copy()
    out = features.transform(("x1", "x2"), X)
    out[:] = 99.0
    np.testing.assert_array_equal(X, POINTS)


def test_accepts_integer_points_and_lists():
    out = features.transform(["x1^2"], [[2, 3], [-1, 4]])
    np.testing.assert_array_equal(out[:, 0], [4.0, 1.0])
    assert out.dtype == np.float64


def test_no_points_gives_an_empty_matrix_of_the_right_width():
    out = features.transform(("x1", "sin x2"), np.empty((0, 2)))
    assert out.shape == (0, 2)


def test_validate_returns_a_tuple_in_the_given_order():
    assert features.validate(["x2", "x1"]) == ("x2", "x1")
    assert isinstance(features.validate(["x1"]), tuple)


def test_unknown_name_lists_the_valid_ones():
    with pytest.raises(PlaygroundError, match=r"unknown input feature 'x3'") as info:
        features.transform(["x1", "x3"], POINTS)
    for name in features.NAMES:
        assert name in str(info.value)


def test_no_names_is_refused():
    with pytest.raises(PlaygroundError, match="at least one input feature is needed"):
        features.validate([])
    with pytest.raises(PlaygroundError, match="at least one input feature is needed"):
        features.transform((), POINTS)


def test_duplicates_are_refused():
    with pytest.raises(PlaygroundError, match=r"'x1\^2' is chosen twice"):
        features.validate(["x1^2", "x2", "x1^2"])


def test_a_bare_string_is_refused_not_split_into_letters():
    with pytest.raises(PlaygroundError, match="list of names"):
        features.validate("x1")


def test_points_must_have_two_columns():
    with pytest.raises(PlaygroundError, match=r"shape \(n, 2\)"):
        features.transform(["x1"], np.zeros((5, 3)))
    with pytest.raises(PlaygroundError, match=r"shape \(n, 2\)"):
        features.transform(["x1"], np.zeros(5))


def test_only_float_dtypes():
    with pytest.raises(PlaygroundError, match="float32 or float64"):
        features.transform(["x1"], POINTS, dtype=np.int64)


def test_errors_are_value_errors_for_callers_that_catch_those():
    with pytest.raises(ValueError):
        features.validate(["nope"])
