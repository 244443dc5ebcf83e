"""engine.datasets: the generated data sets and the Dataset type (CSV files:
test_datasets_csv.py)."""

import re

import numpy as np
import pytest

from engine import datasets
from engine.data.dataset import Dataset
from engine.data.datasets import make
from engine.errors import DataError, PlaygroundError

TRUTH = ("and", "or", "xor")
PLANAR = tuple(n for n in datasets.NAMES if n not in TRUTH)
BINARY_2D = ("circle", "gauss", "xor-quadrants", "spiral", "moons")
REGRESSION = ("plane", "multigauss")
CLASSIFICATION_2D = (*BINARY_2D, "multiclass")


def inside(data, bounds=None):
    """Fraction of the points inside the view bounds."""
    x1a, x1b, x2a, x2b = bounds or data.bounds
    X = data.X
    return float(np.mean((X[:, 0] >= x1a) & (X[:, 0] <= x1b) & (X[:, 1] >= x2a) & (X[:, 1] <= x2b)))


def within_class_spread(data):
    """Mean over classes of the total variance of the points of that class."""
    return np.mean([data.X[data.y == c].var(axis=0).sum() for c in range(data.n_classes)])


# ---------------------------------------------------------------- catalogue


def test_names_in_course_order_and_one_line_descriptions():
    assert datasets.NAMES[:3] == ("and", "or", "xor")
    expected = {"circle", "gauss", "xor-quadrants", "spiral", "moons", "multiclass"}
    assert expected | {"plane", "multigauss"} | set(TRUTH) == set(datasets.NAMES)
    assert len(set(datasets.NAMES)) == len(datasets.NAMES)
    assert set(datasets.DESCRIPTIONS) == set(datasets.NAMES)
    for text in datasets.DESCRIPTIONS.values():
        assert text and "\n" not in text and len(text) <= 60


@pytest.mark.parametrize("name", datasets.NAMES)
def test_shapes_dtypes_and_task(name):
    d = make(name)
    assert d.name == name
    assert d.X.dtype == np.float64 and d.X.shape == (len(d), 2)
    assert d.y.shape == (len(d),)
    if name in REGRESSION:
        assert d.task == "regression" and d.n_classes == 0 and d.y.dtype == np.float64
        assert np.isfinite(d.y).all()
    else:
        assert d.y.dtype == np.int64
        assert set(np.unique(d.y)) == set(range(d.n_classes))
        assert (d.task, d.n_classes) == (
            ("multiclass", 3) if name == "multiclass" else ("binary", 2)
        )


@pytest.mark.parametrize("name", PLANAR)
def test_default_size_is_about_500_and_n_is_honoured(name):
    assert 400 <= len(make(name)) <= 600
    assert datasets.DEFAULT_N[name] == len(make(name))
    assert len(make(name, n=37)) == 37
    assert len(make(name, n=4)) == 4
    assert len(make(name, n=np.int64(10))) == 10


@pytest.mark.parametrize("name", datasets.NAMES)
def test_same_seed_same_data_bit_for_bit(name):
    a, b = make(name, noise=0.3, seed=7), make(name, noise=0.3, seed=7)
    assert a.X.tobytes() == b.X.tobytes()
    assert a.y.tobytes() == b.y.tobytes()


@pytest.mark.parametrize("name", datasets.NAMES)
def test_different_seed_different_data(name):
    a, b = make(name, noise=0.3, seed=1), make(name, noise=0.3, seed=2)
    assert not np.array_equal(a.X, b.X)


@pytest.fixture
def legacy_random():
    """NumPy's legacy global random module, its state restored afterwards."""
    saved = np.random.get_state()  # noqa: NPY002 - the point is to watch the global state
    yield np.random
    np.random.set_state(saved)  # noqa: NPY002


def test_generators_do_not_use_or_disturb_the_global_random_state(legacy_random):
    legacy_random.seed(123)
    before = legacy_random.get_state()[1].copy()
    a = make("gauss", seed=5)
    np.testing.assert_array_equal(legacy_random.get_state()[1], before)
    legacy_random.seed(999)
    assert np.array_equal(a.X, make("gauss", seed=5).X)


@pytest.mark.parametrize("name", datasets.NAMES)
def test_arrays_are_read_only(name):
    d = make(name)
    with pytest.raises(ValueError):
        d.X[0, 0] = 1.0
    with pytest.raises(ValueError):
        d.y[0] = 1


# ------------------------------------------------------------- truth tables


@pytest.mark.parametrize(
    ("name", "op"),
    [("and", lambda a, b: a and b), ("or", lambda a, b: a or b), ("xor", lambda a, b: a != b)],
)
def test_truth_tables_are_exact(name, op):
    d = make(name)
    np.testing.assert_array_equal(d.X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    assert d.y.tolist() == [int(op(a, b)) for a, b in [(0, 0), (0, 1), (1, 0), (1, 1)]]
    assert d.bounds == (-0.5, 1.5, -0.5, 1.5)
    assert (d.task, d.n_classes) == ("binary", 2)


@pytest.mark.parametrize("name", TRUTH)
def test_truth_tables_ignore_n_and_noise_only_jitters(name):
    clean = make(name)
    assert len(make(name, n=500)) == 4
    noisy = make(name, noise=0.8, seed=3)
    np.testing.assert_array_equal(noisy.y, clean.y)
    shift = np.abs(noisy.X - clean.X)
    assert shift.max() > 0  # the points moved ...
    assert shift.max() < 0.5  # ... but each stays nearer its own corner
    assert inside(noisy) == 1.0
    np.testing.assert_array_equal(np.rint(noisy.X), clean.X)


# -------------------------------------------------------- the 2-D data sets


@pytest.mark.parametrize("name", BINARY_2D)
@pytest.mark.parametrize("n", [500, 7, 4, 1001])
def test_binary_sets_are_balanced(name, n):
    counts = np.bincount(make(name, n=n).y, minlength=2)
    assert abs(counts[0] - counts[1]) <= 1


@pytest.mark.parametrize("n", [600, 7, 100])
def test_multiclass_is_balanced(n):
    counts = np.bincount(make("multiclass", n=n).y, minlength=3)
    assert counts.max() - counts.min() <= 1


@pytest.mark.parametrize("name", BINARY_2D)
def test_classes_are_mixed_not_in_blocks(name):
    y = make(name).y
    assert np.count_nonzero(np.diff(y)) > 50  # sorted labels would change only once


@pytest.mark.parametrize("name", PLANAR)
def test_view_is_about_six_each_way_and_holds_the_points(name):
    assert make(name).bounds == (-6.0, 6.0, -6.0, 6.0)
    assert inside(make(name, noise=0.0, seed=4)) == 1.0
    assert inside(make(name, noise=0.5, seed=4)) >= 0.9


def test_circle_is_an_inner_disk_inside_a_ring():
    d = make("circle")
    r = np.hypot(d.X[:, 0], d.X[:, 1])
    assert r[d.y == 1].max() < r[d.y == 0].min()  # a gap between disk and ring
    assert 4.0 < r.max() <= 5.0 + 1e-9  # radius about 5, as TF Playground


def test_gauss_blobs_sit_on_either_side_of_the_diagonal():
    d = make("gauss")
    side = (d.X.sum(axis=1) > 0).astype(int)
    assert np.mean(side == d.y) > 0.99


def test_xor_quadrants_label_is_the_sign_of_the_product_with_a_margin():
    d = make("xor-quadrants", n=2000)
    np.testing.assert_array_equal(d.y, (d.X[:, 0] * d.X[:, 1] > 0).astype(int))
    assert np.abs(d.X).min() >= 0.3 - 1e-12
    for sx in (-1, 1):  # all four quadrants are used
        for sy in (-1, 1):
            assert np.any((np.sign(d.X[:, 0]) == sx) & (np.sign(d.X[:, 1]) == sy))


def test_spiral_arms_wind_out_to_radius_five_and_mirror_each_other():
    d = make("spiral")
    r = np.hypot(d.X[:, 0], d.X[:, 1])
    assert r.max() <= 5.0 and r.max() > 4.9
    # The two arms are the same curve turned by half a turn: point sets mirror.
    a = np.sort(np.round(d.X[d.y == 0], 9), axis=0)
    b = np.sort(np.round(-d.X[d.y == 1], 9), axis=0)
    np.testing.assert_allclose(a, b, atol=1e-9)


def test_moons_are_two_half_circles_of_one_radius():
    d = make("moons")
    # scikit-learn's moons, centred and scaled by 3: the upper arc is centred at
    # (0, 0) - (0.5, 0.25) scaled, the lower at (1, 0.5) - (0.5, 0.25) scaled.
    upper, lower = d.X[d.y == 0], d.X[d.y == 1]
    np.testing.assert_allclose(np.hypot(*(upper - [-1.5, -0.75]).T), 3.0)
    np.testing.assert_allclose(np.hypot(*(lower - [1.5, 0.75]).T), 3.0)
    assert upper[:, 1].min() >= -0.75 - 1e-9 and lower[:, 1].max() <= 0.75 + 1e-9


def test_multiclass_blobs_are_separable_by_their_means_when_clean():
    d = make("multiclass")
    means = np.array([d.X[d.y == c].mean(axis=0) for c in range(3)])
    nearest = np.argmin(((d.X[:, None, :] - means[None]) ** 2).sum(axis=2), axis=1)
    assert np.mean(nearest == d.y) > 0.98
    noisy = make("multiclass", noise=1.0)
    nearest = np.argmin(((noisy.X[:, None, :] - means[None]) ** 2).sum(axis=2), axis=1)
    assert np.mean(nearest == noisy.y) < 0.9


@pytest.mark.parametrize("name", CLASSIFICATION_2D)
def test_noise_increases_the_spread_of_each_class(name):
    spreads = [within_class_spread(make(name, noise=s, seed=11)) for s in (0.0, 0.25, 0.6, 1.0)]
    assert all(a < b for a, b in zip(spreads, spreads[1:], strict=False)), spreads


def test_noise_makes_the_gauss_classes_overlap():
    def diagonal_accuracy(noise):
        d = make("gauss", noise=noise, n=2000)
        return np.mean((d.X.sum(axis=1) > 0).astype(int) == d.y)

    assert diagonal_accuracy(0.0) > diagonal_accuracy(0.2) > diagonal_accuracy(0.5) > 0.6


# -------------------------------------------------------------- regression


def test_plane_is_linear_and_scaled_to_about_one():
    d = make("plane")
    A = np.column_stack([d.X, np.ones(len(d))])
    coef, *_ = np.linalg.lstsq(A, d.y, rcond=None)
    np.testing.assert_allclose(A @ coef, d.y, atol=1e-12)
    assert 0.8 < np.abs(d.y).max() <= 1.0 + 1e-12
    assert abs(coef[2]) < 1e-12  # zero at the origin, as TF Playground


def test_multigauss_has_signed_bumps_and_is_not_linear():
    d = make("multigauss", n=2000)
    assert d.y.max() > 0.8 and d.y.min() < -0.8 and np.abs(d.y).max() <= 1.05
    A = np.column_stack([d.X, np.ones(len(d))])
    coef, *_ = np.linalg.lstsq(A, d.y, rcond=None)
    assert np.std(A @ coef - d.y) > 0.5 * np.std(d.y)


@pytest.mark.parametrize("name", REGRESSION)
def test_regression_noise_scatters_the_targets_not_the_points(name):
    clean = make(name, seed=2)
    errors = []
    for noise in (0.1, 0.3, 0.6):
        noisy = make(name, noise=noise, seed=2)
        np.testing.assert_array_equal(noisy.X, clean.X)
        errors.append(np.sqrt(np.mean((noisy.y - clean.y) ** 2)))
    assert 0 < errors[0] < errors[1] < errors[2]


# -------------------------------------------------------------- validation


@pytest.mark.parametrize("n", [3, 0, -5, 10_001, 4.5, "500", True, 500.0])
def test_bad_sizes_are_refused_naming_the_value(n):
    with pytest.raises(PlaygroundError, match=re.escape(repr(n))) as info:
        make("circle", n=n)
    assert "n must be" in str(info.value) and "4..10000" in str(info.value)


@pytest.mark.parametrize("noise", [-0.1, 1.01, float("nan"), "0.1", None, True])
def test_bad_noise_is_refused_naming_the_value(noise):
    with pytest.raises(PlaygroundError, match=r"noise must be .*" + re.escape(repr(noise))):
        make("gauss", noise=noise)


def test_noise_edges_are_allowed():
    assert len(make("gauss", noise=0)) == len(make("gauss", noise=1)) == 500


@pytest.mark.parametrize("seed", [-1, 1.5, "0", None])
def test_bad_seed_is_refused(seed):
    with pytest.raises(PlaygroundError, match="seed"):
        make("gauss", seed=seed)


def test_unknown_name_lists_the_choices():
    with pytest.raises(PlaygroundError, match="unknown data set 'spirals'") as info:
        make("spirals")
    for name in datasets.NAMES:
        assert name in str(info.value)
    with pytest.raises(PlaygroundError, match="unknown data set"):
        make(["circle"])


# ------------------------------------------------------------ Dataset type


def test_dataset_copies_its_input_and_converts_dtypes():
    X = np.array([[0, 0], [1, 1], [2, 2], [3, 3]])
    y = np.array([0.0, 1.0, 0.0, 1.0])
    d = Dataset("mine", X, y, "binary", 2, (-1, 4, -1, 4))
    X[0, 0] = 100
    assert d.X[0, 0] == 0.0
    assert d.X.dtype == np.float64 and d.y.dtype == np.int64
    assert d.bounds == (-1.0, 4.0, -1.0, 4.0) and isinstance(d.bounds, tuple)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"X": np.zeros((4, 3))}, r"shape \(n, 2\)"),
        ({"y": np.zeros(3)}, r"y must have shape \(4,\)"),
        ({"y": np.array([0, 1, 2, 1])}, r"0\.\.1"),
        ({"y": np.array([0, 0.5, 1, 1])}, "whole numbers"),
        ({"X": np.full((4, 2), np.nan)}, "NaN"),
        ({"task": "ranking"}, "task must be one of"),
        ({"n_classes": 3}, "n_classes=2"),
        ({"bounds": (1, 0, 0, 1)}, "bounds"),
        ({"class_names": ("a", "b", "c")}, "3 class names"),
    ],
)
def test_dataset_checks_its_fields(kwargs, message):
    fields = {
        "name": "t",
        "X": np.zeros((4, 2)),
        "y": np.array([0, 1, 0, 1]),
        "task": "binary",
        "n_classes": 2,
        "bounds": (0, 1, 0, 1),
    }
    with pytest.raises(DataError, match=message):
        Dataset(**{**fields, **kwargs})


def test_subset_keeps_name_task_and_bounds():
    d = make("spiral", n=50)
    idx = [3, 1, 4, 1, 5]
    s = d.subset(idx)
    assert (s.name, s.task, s.n_classes, s.bounds) == (d.name, d.task, d.n_classes, d.bounds)
    np.testing.assert_array_equal(s.X, d.X[idx])
    np.testing.assert_array_equal(s.y, d.y[idx])
    mask = d.y == 1
    assert len(d.subset(mask)) == mask.sum()


def test_empty_subset_has_the_right_shapes():
    for name in ("gauss", "plane"):
        d = make(name)
        for idx in ([], np.array([], dtype=np.int64), np.zeros(len(d), dtype=bool)):
            e = d.subset(idx)
            assert len(e) == 0 and e.X.shape == (0, 2) and e.y.shape == (0,)
            assert e.y.dtype == d.y.dtype


def test_len_and_short_repr():
    d = make("moons", n=123)
    assert len(d) == 123
    text = repr(d)
    assert "moons" in text and "123" in text and len(text) < 120 and "\n" not in text
