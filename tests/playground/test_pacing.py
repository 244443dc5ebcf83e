"""The frame pacer of full speed: frames as often as training can afford them."""

import pytest

from playground.pacing import FramePacer


def run(pacer, frames, chunk_rate, kept, t=0.0, steps=0):
    """``frames`` frames; in each, chunks at ``chunk_rate`` steps/s while training
    overall keeps ``kept`` of that rate (the rest went to drawing)."""
    for _ in range(frames):
        span = pacer.interval * 1.001  # a frame comes a little after it is due
        for _ in range(10):
            pacer.chunk(int(chunk_rate * 0.002), 0.002)
        t += span
        steps += int(chunk_rate * kept * span)
        assert pacer.due(t)
        pacer.published(t, steps)
    return t, steps


def test_frames_slow_down_while_drawing_costs_training_too_much():
    pacer = FramePacer(fastest=1 / 35, slowest=1 / 10, share=0.8)
    assert pacer.interval == pytest.approx(1 / 35)
    run(pacer, 30, chunk_rate=10_000, kept=0.5)
    assert pacer.interval == pytest.approx(1 / 10)  # at the slowest, never beyond
    assert pacer.share == pytest.approx(0.5, abs=0.02)


def test_frames_speed_up_again_once_training_keeps_its_pace():
    pacer = FramePacer(fastest=1 / 35, slowest=1 / 10, share=0.8)
    t, steps = run(pacer, 30, chunk_rate=10_000, kept=0.5)
    run(pacer, 40, chunk_rate=10_000, kept=0.97, t=t, steps=steps)
    assert pacer.interval == pytest.approx(1 / 35)


def test_cheap_frames_stay_at_the_fastest_rate():
    pacer = FramePacer(fastest=1 / 35, slowest=1 / 10, share=0.8)
    run(pacer, 50, chunk_rate=10_000, kept=0.9)
    assert pacer.interval == pytest.approx(1 / 35)


def test_a_frame_is_due_only_after_the_interval():
    pacer = FramePacer(fastest=0.05, slowest=0.1)
    assert pacer.due(0.0)  # nothing shown since training started: at once
    pacer.published(1.0, 100)
    assert not pacer.due(1.04)
    assert pacer.due(1.05)


def test_too_few_chunks_keep_the_interval():
    pacer = FramePacer(fastest=0.05, slowest=0.1)
    pacer.chunk(10, 0.002)
    pacer.published(0.0, 0)
    pacer.published(0.05, 1)  # training nearly stopped, but nothing to judge it by
    assert pacer.interval == 0.05 and pacer.share is None


def test_restart_forgets_the_marks_but_keeps_what_it_learnt():
    pacer = FramePacer(fastest=1 / 35, slowest=1 / 10)
    run(pacer, 30, chunk_rate=10_000, kept=0.5)
    pacer.restart()
    assert pacer.share is None and pacer.due(0.0)
    assert pacer.interval == pytest.approx(1 / 10)


def test_bad_bounds_are_refused():
    with pytest.raises(ValueError):
        FramePacer(fastest=0.2, slowest=0.1)


def test_configure_starts_afresh_at_the_new_fastest():
    """The compiled path: a pacer slowed down on the NumPy path starts again at the new
    fastest rate, judged by the new share."""
    p = FramePacer(fastest=0.03, slowest=0.2, share=0.8)
    p.interval = 0.2
    p.configure(0.016, 0.85)
    assert p.interval == 0.016 and p.target == 0.85 and p.share is None
    with pytest.raises(ValueError):
        p.configure(0.5, 0.9)
