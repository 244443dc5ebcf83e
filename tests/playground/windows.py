"""Helpers for the window tests."""


def latest(win):
    """The snapshot the window drew last."""
    return win.presenter.drawn
