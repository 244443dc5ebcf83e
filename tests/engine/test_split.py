"""engine.split: the seeded, stratified train/validation/test split."""

import numpy as np
import pytest

from engine.data.dataset import Dataset
from engine.data.datasets import make
from engine.data.split import Split, split, split_indices
from engine.errors import PlaygroundError


def rows(data):
    """The rows (x1, x2, y) of a data set as a sorted list, to compare as multisets."""
    return sorted(zip(data.X[:, 0].tolist(), data.X[:, 1].tolist(), data.y.tolist(), strict=True))


def imbalanced(n0=90, n1=10):
    """A binary set with n0 rows of class 0 and n1 of class 1."""
    X = np.column_stack([np.arange(n0 + n1, dtype=float), np.zeros(n0 + n1)])
    y = np.array([0] * n0 + [1] * n1)
    return Dataset("imbalanced", X, y, "binary", 2, (-1.0, n0 + n1, -1.0, 1.0))


@pytest.mark.parametrize(
    ("name", "n", "ratios", "sizes"),
    [
        ("gauss", 500, (0.6, 0.2, 0.2), (300, 100, 100)),
        ("xor", 4, (1, 0, 0), (4, 0, 0)),
        ("xor", 4, (0.6, 0.2, 0.2), (2, 1, 1)),  # 0.8 rounds to 1
        ("gauss", 10, (0.6, 0.2, 0.2), (6, 2, 2)),
        ("gauss", 7, (0.6, 0.2, 0.2), (5, 1, 1)),  # 1.4 rounds to 1
        ("gauss", 13, (0.6, 0.2, 0.2), (7, 3, 3)),  # 2.6 rounds to 3
        ("plane", 1000, (0.8, 0.1, 0.1), (800, 100, 100)),
        ("plane", 101, (0.5, 0.25, 0.25), (51, 25, 25)),  # 25.25 rounds to 25
        ("multiclass", 600, (0.7, 0.3, 0.0), (420, 180, 0)),
        ("spiral", 50, (0.9, 0, 0.1), (45, 0, 5)),
    ],
)
def test_sizes(name, n, ratios, sizes):
    data = make(name, n=n)
    s = split(data, ratios, seed=1)
    assert isinstance(s, Split)
    assert (len(s.train), len(s.val), len(s.test)) == sizes


def test_default_ratios_are_six_two_two():
    s = split(make("circle"))
    assert (len(s.train), len(s.val), len(s.test)) == (300, 100, 100)


@pytest.mark.parametrize("name", ["gauss", "multiclass", "plane", "xor"])
def test_empty_parts_have_the_right_shapes_and_dtypes(name):
    data = make(name)
    s = split(data, (1, 0, 0))
    assert len(s.train) == len(data)
    for part in (s.val, s.test):
        assert part.X.shape == (0, 2) and part.y.shape == (0,)
        assert part.X.dtype == np.float64 and part.y.dtype == data.y.dtype


@pytest.mark.parametrize("name", ["moons", "multiclass", "multigauss", "and"])
@pytest.mark.parametrize("ratios", [(0.6, 0.2, 0.2), (0.5, 0.5, 0.0), (1 / 3, 1 / 3, 1 / 3)])
def test_no_overlap_and_every_row_used_once(name, ratios):
    data = make(name, noise=0.1)
    idx = split_indices(data, ratios, seed=3)
    together = np.concatenate(idx)
    np.testing.assert_array_equal(np.sort(together), np.arange(len(data)))
    s = split(data, ratios, seed=3)
    assert rows(s.train) + rows(s.val) + rows(s.test) != []  # not vacuous
    assert sorted(rows(s.train) + rows(s.val) + rows(s.test)) == rows(data)


def test_parts_keep_name_task_classes_and_bounds():
    data = make("multiclass")
    for part in split(data):
        pass_through = (part.name, part.task, part.n_classes, part.bounds)
        assert pass_through == (data.name, data.task, data.n_classes, data.bounds)


def test_split_unpacks_as_train_val_test():
    s = split(make("gauss"))
    train, val, test = s
    assert (train, val, test) == (s.train, s.val, s.test)
    assert [len(p) for p in s] == [300, 100, 100]


@pytest.mark.parametrize("name", ["gauss", "plane"])
def test_same_seed_same_split_different_seed_different(name):
    data = make(name)
    a, b = split_indices(data, seed=5), split_indices(data, seed=5)
    for p, q in zip(a, b, strict=True):
        np.testing.assert_array_equal(p, q)
    c = split_indices(data, seed=6)
    assert not all(np.array_equal(p, q) for p, q in zip(a, c, strict=True))
    s1, s2 = split(data, seed=5), split(data, seed=5)
    assert s1.train.X.tobytes() == s2.train.X.tobytes()
    assert s1.test.y.tobytes() == s2.test.y.tobytes()


def test_the_split_does_not_depend_on_the_global_random_state():
    data = make("moons")
    saved = np.random.get_state()  # noqa: NPY002 - the point is to vary the global state
    try:
        np.random.seed(1)  # noqa: NPY002
        a = split_indices(data, seed=2)
        np.random.seed(2)  # noqa: NPY002
        b = split_indices(data, seed=2)
    finally:
        np.random.set_state(saved)  # noqa: NPY002
    for p, q in zip(a, b, strict=True):
        np.testing.assert_array_equal(p, q)


def test_stratified_balanced_classes_split_evenly():
    s = split(make("multiclass"))  # 600 rows, 200 per class
    assert np.bincount(s.train.y).tolist() == [120, 120, 120]
    assert np.bincount(s.val.y).tolist() == [40, 40, 40]
    assert np.bincount(s.test.y).tolist() == [40, 40, 40]


@pytest.mark.parametrize("seed", range(5))
def test_stratified_imbalanced_classes_keep_their_proportions(seed):
    s = split(imbalanced(90, 10), seed=seed)
    assert np.bincount(s.train.y, minlength=2).tolist() == [54, 6]
    assert np.bincount(s.val.y, minlength=2).tolist() == [18, 2]
    assert np.bincount(s.test.y, minlength=2).tolist() == [18, 2]


@pytest.mark.parametrize("n", [7, 13, 51, 333])
def test_stratified_counts_are_within_one_of_the_proportion(n):
    data = make("circle", n=n, seed=n)
    s = split(data, seed=n)
    share = np.bincount(data.y, minlength=2) / n
    for part in (s.train, s.val, s.test):
        counts = np.bincount(part.y, minlength=2)
        assert np.all(np.abs(counts - share * len(part)) <= 1), (n, counts)


def test_every_class_keeps_training_rows_even_in_the_xor_table():
    s = split(make("xor"))  # 4 rows: 2 train, 1 val, 1 test
    assert sorted(s.train.y.tolist()) == [0, 1]


def test_a_rare_class_still_reaches_training():
    s = split(imbalanced(98, 2), (0.6, 0.2, 0.2), seed=0)
    assert 1 in s.train.y


def test_single_row_classes_stay_in_training_when_they_can():
    # Classes of 8, 1 and 1 rows; 4 rows held out.  Largest remainders alone
    # would hold out a one-row class (quota 0.4 beats 3.2's 0.2).
    X = np.column_stack([np.arange(10.0), np.zeros(10)])
    data = Dataset("rare", X, [0] * 8 + [1, 2], "multiclass", 3, (-1, 10, -1, 1))
    for seed in range(5):
        s = split(data, seed=seed)
        assert sorted(set(s.train.y.tolist())) == [0, 1, 2]
        assert np.bincount(s.val.y, minlength=3).tolist() == [2, 0, 0]


def test_parts_are_shuffled_not_grouped_by_class():
    s = split(make("gauss", n=1000), seed=0)
    for part in (s.train, s.val, s.test):
        assert np.count_nonzero(np.diff(part.y)) > 10


def test_regression_split_is_a_plain_permutation():
    data = make("plane")
    train, val, test = split_indices(data, seed=9)
    assert (len(train), len(val), len(test)) == (300, 100, 100)
    assert not np.array_equal(np.sort(train), np.arange(300))  # a random choice, not the first rows


def test_ratios_within_tolerance_are_accepted():
    data = make("gauss")
    assert len(split(data, (0.6, 0.2, 0.2 + 1e-12)).test) == 100
    assert len(split(data, [0.6, 0.2, 0.2]).train) == 300  # a list works too


@pytest.mark.parametrize(
    ("ratios", "message"),
    [
        ((0.5, 0.5), "3 numbers"),
        ((0.6, 0.2, 0.1, 0.1), "3 numbers"),
        (0.6, "3 numbers"),
        (("0.6", "0.2", "0.2"), "3 numbers"),
        ((True, False, False), "3 numbers"),
        ((0.6, 0.3, 0.2), "sum to 1"),
        ((0.6, 0.2, 0.2 + 1e-6), "sum to 1"),
        ((1.2, -0.1, -0.1), ">= 0"),
        ((float("nan"), 0.5, 0.5), ">= 0"),
        ((0, 0.5, 0.5), "train ratio must be greater than 0"),
    ],
)
def test_bad_ratios_are_refused(ratios, message):
    with pytest.raises(PlaygroundError, match=message):
        split(make("gauss"), ratios)


def test_a_split_that_leaves_no_training_rows_is_refused():
    # 4 rows: val = round(1.6) = 2, test = 2, train = 0
    with pytest.raises(PlaygroundError, match="4 points .* need at least 5 points"):
        split(make("xor"), (0.2, 0.4, 0.4))


@pytest.mark.parametrize("seed", [-1, 0.5, "1"])
def test_bad_seed_is_refused(seed):
    with pytest.raises(PlaygroundError, match="seed"):
        split(make("gauss"), seed=seed)
