"""engine.datasets' CSV files: loading (and the messages for malformed ones),
saving, round trips."""

import os
import re

import numpy as np
import pytest

from engine.data.csvio import load_csv, save_csv
from engine.data.datasets import make
from engine.errors import DataError, PlaygroundError

# ------------------------------------------------------------------ CSV in


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def raises_at(path, message):
    """pytest.raises for a DataError whose message starts with the path."""
    return pytest.raises(DataError, match="^" + re.escape(str(path)) + message)


GOOD = "x1,x2,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n"


def test_load_a_classification_file(tmp_path):
    d = load_csv(write(tmp_path, GOOD))
    np.testing.assert_array_equal(d.X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    assert d.y.tolist() == [0, 1, 1, 0]
    assert (d.task, d.n_classes, d.name, d.class_names) == ("binary", 2, "data", ())
    # data range 0..1 on both axes, padded by 10% of the range
    np.testing.assert_allclose(d.bounds, (-0.1, 1.1, -0.1, 1.1))


def test_load_a_regression_file(tmp_path):
    d = load_csv(write(tmp_path, "x1,x2,y\n0,0,0.5\n1,2,-1.25\n2,4,3e-2\n3,6,7\n"))
    assert (d.task, d.n_classes) == ("regression", 0)
    assert d.y.dtype == np.float64
    np.testing.assert_array_equal(d.y, [0.5, -1.25, 0.03, 7.0])
    np.testing.assert_allclose(d.bounds, (-0.3, 3.3, -0.6, 6.6))


def test_a_constant_column_still_gets_a_view_of_nonzero_width(tmp_path):
    d = load_csv(write(tmp_path, "x1,x2,y\n2,5,1\n2,6,2\n2,7,3\n2,8,4\n"))
    assert d.bounds[0] < 2 < d.bounds[1]


def test_column_order_whitespace_case_blank_lines_bom_and_crlf(tmp_path):
    text = "\ufeff Label , X2 ,x1\r\n\r\n 1 , 0.5 , -1 \r\n0,1,2\r\n   \r\n,,\r\n1,2,3\r\n0,3,4\r\n"
    d = load_csv(write(tmp_path, text))
    np.testing.assert_array_equal(d.X, [[-1, 0.5], [2, 1], [3, 2], [4, 3]])
    assert d.y.tolist() == [1, 0, 1, 0]


def test_string_labels_map_to_sorted_codes(tmp_path):
    text = "x1,x2,label\n0,0,dog\n1,0,cat\n2,0,bird\n3,0,cat\n4,0,dog\n"
    d = load_csv(write(tmp_path, text))
    assert d.class_names == ("bird", "cat", "dog")
    assert (d.task, d.n_classes) == ("multiclass", 3)
    assert d.y.tolist() == [2, 1, 0, 1, 2]


def test_two_string_labels_make_a_binary_set(tmp_path):
    d = load_csv(write(tmp_path, "x1,x2,label\n0,0,yes\n1,0,no\n2,0,no\n3,0,yes\n"))
    assert (d.task, d.n_classes, d.class_names) == ("binary", 2, ("no", "yes"))
    assert d.y.tolist() == [1, 0, 0, 1]


def test_integer_labels_sort_by_value_not_by_text(tmp_path):
    # TensorFlow Playground's -1/+1 labels become 0/1; 10 sorts after 2.
    d = load_csv(write(tmp_path, "x1,x2,label\n0,0,-1\n1,0,1\n2,0,1\n3,0,-1\n"))
    assert d.y.tolist() == [0, 1, 1, 0] and d.class_names == ("-1", "1")
    d = load_csv(write(tmp_path, "x1,x2,label\n0,0,10\n1,0,2\n2,0,2\n3,0,10\n"))
    assert d.y.tolist() == [1, 0, 0, 1] and d.class_names == ("2", "10")


def test_relative_path_message_reads_like_the_example(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "x1,x2,label\n" + "0,0,1\n" * 5 + "1,abc,0\n")
    with pytest.raises(DataError) as info:
        load_csv("data.csv")
    assert str(info.value) == "data.csv line 7: column x2 is 'abc', not a number"


# Malformed files: (file content, what the message must say after the path).
BAD = {
    "not a number": (
        "x1,x2,label\n0,0,1\n1,1,0\nabc,2,1\n",
        r" line 4: column x1 is 'abc', not a number",
    ),
    "missing x2": ("x1,label\n0,1\n1,0\n", r": missing column 'x2' \(header is x1,label\)"),
    "no target": ("x1,x2,z\n0,1,1\n", r": missing column 'label' or 'y' \(header is x1,x2,z\)"),
    "extra column": ("x1,x2,label,z\n0,1,1,2\n", r": unexpected column 'z'"),
    "both targets": ("x1,x2,label,y\n0,1,1,2\n", r": both 'label' .* and 'y'"),
    "duplicate": ("x1,x2,x1,label\n0,1,1,2\n", r": column 'x1' appears twice"),
    "unnamed column": ("x1,x2,label,\n0,1,1,\n", r": column 4 of the header has no name"),
    "header only": ("x1,x2,label\n", r": no data rows"),
    "header and blanks": ("x1,x2,label\n\n  \n", r": no data rows"),
    "empty file": ("", r": the file is empty"),
    "no header": ("0,0,1\n1,1,0\n", r": no header row"),
    "too few values": ("x1,x2,label\n0,0,1\n1,1\n", r" line 3: expected 3 values, got 2"),
    "too many values": ("x1,x2,y\n0,0,1\n\n1,1,0,5\n", r" line 4: expected 3 values, got 4"),
    "nan": ("x1,x2,y\n0,0,1\n1,NaN,0\n", r" line 3: column x2 is 'NaN'; NaN and infinite"),
    "inf": ("x1,x2,y\n0,0,1\n1,1,-inf\n", r" line 3: column y is '-inf'; NaN and infinite"),
    "overflow": ("x1,x2,y\n1e999,0,1\n", r" line 2: column x1 is '1e999', too large"),
    "empty cell": ("x1,x2,label\n0,0,1\n,1,0\n", r" line 3: column x1 is empty"),
    "empty label": ("x1,x2,label\n0,0,1\n1,1, \n", r" line 3: column label is empty"),
    "bad target": ("x1,x2,y\n0,0,1\n1,1,high\n", r" line 3: column y is 'high', not a number"),
    "decimal comma": (
        'x1,x2,y\n0,"1,5",1\n',
        r" line 2: column x2 is '1,5', not a number \(use a dot",
    ),
    "three rows": ("x1,x2,label\n0,0,1\n1,1,0\n2,2,1\n", r": only 3 data rows; at least 4"),
    "one class": ("x1,x2,label\n0,0,a\n1,1,a\n2,2,a\n3,3,a\n", r": only one class \(label 'a'\)"),
    "semicolons": (
        "x1;x2;label\n0;0;1\n",
        r": missing column 'x1' .*separate the values with commas",
    ),
    "too many classes": (
        "x1,x2,label\n" + "".join(f"{i},{i},{i / 10}\n" for i in range(12)),
        r": 12 different labels, at most 10 classes \(name the column 'y'",
    ),
    "bad quoting": ('x1,x2,label\n0,0,1\n"1"x,1,0\n', r" line 3: "),
    "not utf-8": (b"x1,x2,label\n0,0,caf\xe9\n", r" line 2: not UTF-8 text \(byte 0xe9\)"),
    "nul bytes": (b"x1,x2,label\n0,0\x00,1\n", r": contains NUL bytes"),
}


@pytest.mark.parametrize("case", BAD)
def test_malformed_files_say_what_and_where(tmp_path, case):
    content, message = BAD[case]
    path = write(tmp_path, content)
    with raises_at(path, message):
        load_csv(path)


@pytest.mark.parametrize("case", BAD)
def test_a_failed_load_leaves_the_file_untouched(tmp_path, case):
    path = write(tmp_path, BAD[case][0])
    before = path.read_bytes()
    with pytest.raises(DataError):
        load_csv(path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["data.csv"]


def test_missing_file_names_the_path(tmp_path):
    path = tmp_path / "nowhere" / "gone.csv"
    with raises_at(path, r": cannot read the file \(No such file"):
        load_csv(path)


def test_a_directory_is_not_a_file(tmp_path):
    with raises_at(tmp_path, r": cannot read the file"):
        load_csv(tmp_path)


def test_data_errors_are_value_errors():
    assert issubclass(DataError, ValueError) and issubclass(DataError, PlaygroundError)


# ----------------------------------------------------------------- CSV out


@pytest.mark.parametrize("name", ["spiral", "multiclass", "multigauss", "xor"])
def test_save_then_load_gives_the_same_data(tmp_path, name):
    d = make(name, noise=0.2, seed=3)
    path = tmp_path / "out.csv"
    save_csv(d, path)
    back = load_csv(path)
    assert back.X.tobytes() == d.X.tobytes()  # floats survive exactly
    assert back.y.tobytes() == d.y.tobytes()
    assert (back.task, back.n_classes, back.name) == (d.task, d.n_classes, "out")
    lo, hi = d.X.min(axis=0), d.X.max(axis=0)
    pad = 0.1 * (hi - lo)
    expected = (lo[0] - pad[0], hi[0] + pad[0], lo[1] - pad[1], hi[1] + pad[1])
    np.testing.assert_allclose(back.bounds, expected)


def test_saved_file_format(tmp_path):
    path = tmp_path / "t.csv"
    save_csv(make("and"), path)
    assert path.read_text(encoding="utf-8").splitlines() == [
        "x1,x2,label",
        "0.0,0.0,0",
        "0.0,1.0,0",
        "1.0,0.0,0",
        "1.0,1.0,1",
    ]
    save_csv(make("plane", n=4), path)
    assert path.read_text(encoding="utf-8").splitlines()[0] == "x1,x2,y"


def test_class_names_survive_a_round_trip(tmp_path):
    text = 'x1,x2,label\n0,0,"a, b"\n1,0,cat\n2,0,"a, b"\n3,0,cat\n'
    d = load_csv(write(tmp_path, text))
    assert d.class_names == ("a, b", "cat")
    save_csv(d, tmp_path / "again.csv")
    back = load_csv(tmp_path / "again.csv")
    assert back.class_names == d.class_names and back.y.tolist() == d.y.tolist()


def test_save_replaces_an_existing_file_and_leaves_no_temporary_files(tmp_path):
    path = write(tmp_path, "old content\n", "keep.csv")
    save_csv(make("gauss", n=10), path)
    assert len(load_csv(path)) == 10
    assert sorted(os.listdir(tmp_path)) == ["keep.csv"]


def test_save_into_a_missing_folder_names_the_path(tmp_path):
    path = tmp_path / "no" / "such" / "dir.csv"
    with raises_at(path, r": cannot write the file"):
        save_csv(make("gauss"), path)
    assert os.listdir(tmp_path) == []


def test_a_failed_save_keeps_the_old_file(tmp_path, monkeypatch):
    path = write(tmp_path, GOOD)

    def broken_replace(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", broken_replace)
    with raises_at(path, r": cannot write the file \(Permission denied\)"):
        save_csv(make("gauss"), path)
    assert path.read_text(encoding="utf-8") == GOOD
    assert os.listdir(tmp_path) == ["data.csv"]
