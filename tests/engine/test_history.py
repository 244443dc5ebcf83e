"""The per-epoch history stays small however long the run, and keeps the latest epoch."""

from __future__ import annotations

import pytest

import engine
from engine.history import FIGURES, MOST_ENTRIES, History


def _fill(h: History, epochs: int) -> None:
    for e in range(1, epochs + 1):
        h.append(e, **{k: float(e) for k in FIGURES})


@pytest.mark.parametrize("epochs", [1, 7, 8, 9, 16, 17, 100, 1001])
def test_a_full_history_thins_evenly_and_keeps_the_latest(epochs):
    h = History(most=8)
    _fill(h, epochs)
    e = h["epoch"]
    assert len(e) <= 9 and e[-1] == epochs
    assert all(len(v) == len(e) for v in h.values())
    assert all(h[k] == [float(x) for x in e] for k in FIGURES)  # entries match their epoch
    body = e[:-1] if e[-1] % h.stride else e
    assert all(x % h.stride == 0 for x in body)  # evenly spaced, then the latest
    assert all(b - a == h.stride for a, b in zip(body, body[1:]))
    if epochs <= 8:
        assert e == list(range(1, epochs + 1))


def test_index_of_finds_kept_epochs_only():
    h = History(most=8)
    _fill(h, 21)  # stride 4: 4, 8, 12, 16, 20, and the latest 21
    assert h["epoch"] == [4, 8, 12, 16, 20, 21]
    assert h.index_of(12) == 2 and h.epoch_of(2) == 12
    assert h.index_of(21) == 5
    assert h.index_of(13) is None and h.index_of(22) is None
    copy = h.copy()
    copy.append(22, **{k: 0.0 for k in FIGURES})
    assert h["epoch"][-1] == 21 and copy["epoch"][-1] == 22  # independent lists


def test_a_long_run_keeps_a_bounded_history_and_its_true_best_epoch():
    p = engine.presets.load("mlp-xor")
    epochs = MOST_ENTRIES * 2 + 5
    tr = engine.Trainer(p.network, p.data.build_split(), p.training.replace(epochs=epochs))
    tr.run()
    h = tr.history
    assert tr.epoch == epochs and h["epoch"][-1] == epochs
    assert len(h["loss"]) <= MOST_ENTRIES + 1
    assert h["loss"][-1] == pytest.approx(tr.evaluate("train")[0])
    # the best epoch is an epoch number (the lowest kept loss's), not a list index
    i = h.index_of(tr.best_epoch)
    assert i is not None and h["loss"][i] == min(h["loss"])
