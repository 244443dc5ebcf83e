"""Is a labelled point set linearly separable?  The Ho–Kashyap procedure.

Looks for a weight vector a and margins b > 0 with Y a = b, where row i of Y
is ±[x_i, 1] (negated for class 0).  Each round a = Y⁺ b, e = Y a − b and
b += 2ρ·max(e, 0).  If e ever becomes <= 0 everywhere but not 0, no solution
exists: that is a proof (Ho & Kashyap, 1965) that no straight line (plane)
separates the classes, which is what the perceptron lesson must say about XOR.
"""

from __future__ import annotations

import numpy as np


def linearly_separable(X: np.ndarray, y: np.ndarray, max_iter: int = 2000) -> bool | None:
    """True / False when decided, None when undecided after ``max_iter`` rounds.

    X (n, d) inputs, y (n,) labels in {0, 1}.
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y).reshape(-1)
    if X.shape[0] == 0 or np.unique(y).size < 2:
        return True
    Y = np.hstack([X, np.ones((X.shape[0], 1))])
    Y[y == 0] *= -1.0
    pinv = np.linalg.pinv(Y)
    b = np.ones(Y.shape[0])
    tol = 1e-9
    for _ in range(max_iter):
        a = pinv @ b
        e = Y @ a - b
        if np.all(Y @ a > tol):
            return True
        if np.all(e <= tol) and np.any(e < -1e-6):
            return False
        b += 2 * 0.5 * np.maximum(e, 0.0)  # rho = 0.5
    return None
