"""The compiled training path: numba kernels that run many mini-batch steps per call.

The NumPy engine (:mod:`engine.network`, :mod:`engine.optimizers`) is the
reference a learner reads; these kernels do the same arithmetic, operation by
operation in the same order, as loops compiled by numba: forward, backward,
the loss's error signal, L1/L2, dropout (from uniforms the caller draws with
the network's own generator, so the masks are the reference's), the
optimizer's update and Rosenblatt's perceptron rule.  One call runs up to an
epoch's end without Python, and without holding the GIL (``nogil=True``), so
another thread (the window) runs freely meanwhile.

What can differ from the reference, and why: products of narrow layers are
summed here in their own order (wide ones go to the same BLAS routine as the
reference); ``tanh`` is Cephes' formula here (within 2 ulp of NumPy's) and
``exp`` the C library's, NumPy's own SIMD code there.  The optimizers' updates
are the same operations in the same order, so the same numbers.  The tests
bound the difference (tests/engine/test_kernels.py).

This module is the only one of the engine that imports numba; if numba is
missing, importing it raises ImportError and the engine stays on the
reference path (see :mod:`engine.fastpath`).

Layouts (all C-contiguous):

- ``params``, ``grads``: float64 (P,), layer l at ``offsets[l]``, shape
  (sizes[l] + 1, sizes[l + 1]), the last row its bias.
- ``xs``: (n, sizes[0] + 1) inputs with a ones column; ``ts``: (n, outputs).
- ``acts``: int64 activation codes (see ``ACTIVATION_CODES``); ``rates``:
  float64 dropout rate per hidden layer.
- ``hp``: the optimizer's float hyperparameters (see ``engine.fastpath``);
  ``state``: (4, P) its buffers; ``scalars``: (k, 2) per-step scalars that the
  reference computes in Python floats (Adam's step size and bias correction,
  Adagrad's decayed rate), so that they are the same numbers.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, uint64

from .activations import LEAKY_SLOPE

ACTIVATION_CODES = {"step": 0, "linear": 1, "sigmoid": 2, "tanh": 3, "relu": 4,
                    "leaky_relu": 5, "softmax": 6}
LOSS_CODES = {"mse": 0, "bce": 1, "cce": 2}
OPTIMIZER_CODES = {"sgd": 0, "adagrad": 1, "rmsprop": 2, "adam": 3}

# hp layout: what each optimizer reads (filled by engine.fastpath)
HP_LR, HP_WD, HP_MU, HP_KEEP, HP_NESTEROV, HP_EPS, HP_ALPHA, HP_ONE_MINUS_ALPHA = range(8)
HP_LERP_K, HP_LERP_W, HP_CENTERED, HP_BETA2, HP_ONE_MINUS_BETA2, HP_LR_DECAY = range(8, 14)
HP_SIZE = 14
# status codes returned with the number of steps done
OK, DIVERGED, LOSS_NAN, ALL_RIGHT = 0, 1, 2, 3

_OPTS = dict(nogil=True, cache=True, error_model="numpy")
# Matrix products may fuse a multiply and an add into one rounding, as BLAS does
# (only there: the elementwise updates keep the reference's two roundings).
_MATMUL = dict(_OPTS, fastmath={"contract"})


# Matrices are rows of flat float64 arrays: (array, start, row stride).  Indexing flat
# arrays keeps the loops free of views (each view of a small layer costs as much as
# its arithmetic) and lets the inner loops, which run along rows, vectorise.

# ---------------------------------------------------------------- activations
# tanh as Cephes computes it (S. Moshier, relative error below 2.5e-16): a rational
# function near 0, 1 - 2/(e^(2|x|) + 1) beyond.  Four times faster here than the C
# library's (which goes through expm1), and within 2 ulp of NumPy's.
_TP0, _TP1, _TP2 = -9.64399179425052238628e-1, -9.92877231001918586564e1, \
    -1.61468768441708447952e3
_TQ0, _TQ1, _TQ2 = 1.12811678491632931402e2, 2.23548839060100448583e3, \
    4.84406305325125486048e3


@njit(**_OPTS)
def _tanh(x):
    a = abs(x)
    if a > 0.625:
        r = 1.0 - 2.0 / (math.exp(2.0 * a) + 1.0)
        return r if x > 0.0 else -r
    z = x * x
    return x + x * z * (((_TP0 * z + _TP1) * z + _TP2) / (((z + _TQ0) * z + _TQ1) * z + _TQ2))


@njit(**_OPTS)
def _activate(z, z0, code, out, o0, ostride, m, u):
    """out = f(z) for m rows of u units (z's row stride u), as engine.activations.

    The activation is chosen outside the loops and the indices are unsigned (no check
    for negative ones), so that the loops vectorise."""
    M, U, Z0, O0, OS = uint64(m), uint64(u), uint64(z0), uint64(o0), uint64(ostride)
    if code == 6:  # softmax: shift by the row's max, exponentiate, normalise
        for r in range(M):
            zr, orow = Z0 + r * U, O0 + r * OS
            mx = z[zr]
            for j in range(uint64(1), U):
                if z[zr + j] > mx or z[zr + j] != z[zr + j]:
                    mx = z[zr + j]
            s = 0.0
            for j in range(U):
                e = math.exp(z[zr + j] - mx)
                out[orow + j] = e
                s += e
            for j in range(U):
                out[orow + j] = out[orow + j] / s
        return
    for r in range(M):
        zr, orow = Z0 + r * U, O0 + r * OS
        if code == 0:
            for j in range(U):
                out[orow + j] = 1.0 if z[zr + j] >= 0.0 else 0.0
        elif code == 1:
            for j in range(U):
                out[orow + j] = z[zr + j]
        elif code == 2:  # 0.5 + 0.5 tanh(z / 2), as the reference
            for j in range(U):
                out[orow + j] = _tanh(z[zr + j] * 0.5) * 0.5 + 0.5
        elif code == 3:
            for j in range(U):
                out[orow + j] = _tanh(z[zr + j])
        elif code == 4:
            for j in range(U):
                x = z[zr + j]
                out[orow + j] = x if not x <= 0.0 else 0.0  # NaN stays NaN, as np.maximum
        else:
            for j in range(U):
                x = z[zr + j]
                y = x * LEAKY_SLOPE
                out[orow + j] = x if not x <= y else y


@njit(**_OPTS)
def _slope(a, a0, astride, code, out, o0, ostride, m, u):
    """out = f'(z) from the outputs a = f(z), as engine.activations' grad."""
    M, U, A0, AS = uint64(m), uint64(u), uint64(a0), uint64(astride)
    O0, OS = uint64(o0), uint64(ostride)
    for r in range(M):
        ar, orow = A0 + r * AS, O0 + r * OS
        if code == 0:
            for j in range(U):
                out[orow + j] = 0.0
        elif code == 1:
            for j in range(U):
                out[orow + j] = 1.0
        elif code == 2:
            for j in range(U):
                y = a[ar + j]
                out[orow + j] = (1.0 - y) * y
        elif code == 3:
            for j in range(U):
                y = a[ar + j]
                out[orow + j] = 1.0 - y * y
        elif code == 4:
            for j in range(U):
                out[orow + j] = 1.0 if a[ar + j] > 0.0 else 0.0
        else:
            for j in range(U):
                y = 1.0 if a[ar + j] > 0.0 else 0.0
                out[orow + j] = y * (1.0 - LEAKY_SLOPE) + LEAKY_SLOPE


# ---------------------------------------------------------------- products
# A product of at least this many multiply-adds goes to BLAS (np.dot, through SciPy's
# BLAS: the reference's own routine on the same operands, so the same numbers);
# smaller ones are loops, where a BLAS call would cost more than the arithmetic.
BLAS_MIN = 2048


@njit(**_OPTS)
def _view(flat, start, rows, cols):
    """A C-contiguous (rows, cols) view of ``flat`` from ``start``."""
    return flat[start: start + rows * cols].reshape((rows, cols))


@njit(**_MATMUL)
def _affine(a, a0, W, w0, z, m, k, u):
    """z = [a, 1] · W for m rows: [a, 1] (m, k + 1) at a0, W (k + 1, u) at w0 (its last
    row the bias), z (m, u) from 0."""
    if m * k * u >= BLAS_MIN:
        np.dot(_view(a, a0, m, k + 1), _view(W, w0, k + 1, u), _view(z, 0, m, u))
        return
    # unsigned indices: no check for negative ones, so the inner loops vectorise
    M, K, U, A0, W0 = uint64(m), uint64(k), uint64(u), uint64(a0), uint64(w0)
    AS = K + uint64(1)  # the row stride of [a, 1]
    bias = W0 + K * U
    if U <= uint64(8):  # a narrow layer: one running sum per output, no vector loops
        for r in range(M):
            zr, ar = r * U, A0 + r * AS
            for j in range(U):
                acc = 0.0
                for i in range(K):
                    acc += a[ar + i] * W[W0 + i * U + j]
                z[zr + j] = acc + W[bias + j]
        return
    for r in range(M):
        zr, ar = r * U, A0 + r * AS
        for j in range(U):
            z[zr + j] = 0.0
        for i in range(K):
            x = a[ar + i]
            wi = W0 + i * U
            for j in range(U):
                z[zr + j] += x * W[wi + j]
        for j in range(U):
            z[zr + j] += W[bias + j]


@njit(**_MATMUL)
def _weight_grad(a, a0, m, k, delta, d0, G, g0, u):
    """G = [a, 1]ᵀ · δ: [a, 1] (m, k + 1) at a0, δ (m, u) at d0, G (k + 1, u) at g0 (the
    bias row: the column sums of δ)."""
    if m * k * u >= BLAS_MIN:
        np.dot(_view(a, a0, m, k + 1).T, _view(delta, d0, m, u), _view(G, g0, k + 1, u))
        return
    M, K, U, A0, G0, D0 = uint64(m), uint64(k), uint64(u), uint64(a0), uint64(g0), \
        uint64(d0)
    if U <= uint64(8):  # narrow: one running sum per weight
        K1 = K + uint64(1)
        for i in range(K):
            for j in range(U):
                acc = 0.0
                for r in range(M):
                    acc += a[A0 + r * K1 + i] * delta[D0 + r * U + j]
                G[G0 + i * U + j] = acc
        for j in range(U):
            acc = 0.0
            for r in range(M):
                acc += delta[D0 + r * U + j]
            G[G0 + K * U + j] = acc
        return
    for i in range((K + uint64(1)) * U):
        G[G0 + i] = 0.0
    bias = G0 + K * U
    for r in range(M):
        ar, dr = A0 + r * (K + uint64(1)), D0 + r * U
        for i in range(K):
            x = a[ar + i]
            gi = G0 + i * U
            for j in range(U):
                G[gi + j] += x * delta[dr + j]
        for j in range(U):
            G[bias + j] += delta[dr + j]


@njit(**_MATMUL)
def _back(delta, d0, W, w0, Wt, out, o0, m, k, u):
    """out = δ · W[:-1]ᵀ, the error signal sent to the layer below: δ (m, u) at d0, out
    (m, k) at o0; ``Wt`` is scratch for W[:-1]ᵀ, so that the inner loop runs along memory."""
    if m * k * u >= BLAS_MIN:
        np.dot(_view(delta, d0, m, u), _view(W, w0, k, u).T, _view(out, o0, m, k))
        return
    M, K, U, W0, D0, O0 = uint64(m), uint64(k), uint64(u), uint64(w0), uint64(d0), uint64(o0)
    if U <= uint64(8):  # narrow: one running sum per output
        for r in range(M):
            for i in range(K):
                acc = 0.0
                for j in range(U):
                    acc += delta[D0 + r * U + j] * W[W0 + i * U + j]
                out[O0 + r * K + i] = acc
        return
    for i in range(K):
        for j in range(U):
            Wt[j * K + i] = W[W0 + i * U + j]
    for r in range(M):
        orow, dr = O0 + r * K, D0 + r * U
        for i in range(K):
            out[orow + i] = 0.0
        for j in range(U):
            x = delta[dr + j]
            wj = j * K
            for i in range(K):
                out[orow + i] += x * Wt[wj + i]


# ---------------------------------------------------------------- the loss
@njit(**_OPTS)
def _output_delta(loss, code, o, o0, ostride, t, t0, d, tmp, m, k):
    """dL/dz of the output layer into d (m, k), as engine.losses.delta."""
    size = m * k
    for r in range(m):
        for j in range(k):
            d[r * k + j] = o[o0 + r * ostride + j] - t[t0 + r * k + j]
    if loss == 2:  # cce with softmax: (o - t) / n
        for i in range(size):
            d[i] = d[i] / m
        return
    if loss == 1:  # bce with sigmoid: (o - t) / N
        for i in range(size):
            d[i] = d[i] / size
        return
    c = 2.0 / size  # mse: 2 (o - t) / N, then through f'
    for i in range(size):
        d[i] = d[i] * c
    if code != 6:
        _slope(o, o0, ostride, code, tmp, 0, k, m, k)
        for i in range(size):
            d[i] = d[i] * tmp[i]
    else:  # softmax: Jᵀg = o * (g - sum(g * o))
        for r in range(m):
            s = 0.0
            for j in range(k):
                tmp[j] = d[r * k + j] * o[o0 + r * ostride + j]
                s += tmp[j]
            for j in range(k):
                d[r * k + j] = (d[r * k + j] - s) * o[o0 + r * ostride + j]


@njit(**_OPTS)
def _loss_value(loss, o, o0, ostride, z, t, t0, m, k):
    """The summed loss of m rows (the caller divides), as engine.losses.value."""
    total = 0.0
    for r in range(m):
        orow, zr, tr = o0 + r * ostride, r * k, t0 + r * k
        if loss == 0:
            for j in range(k):
                e = o[orow + j] - t[tr + j]
                total += e * e
        elif loss == 1:  # max(z, 0) - z t + log(1 + e^-|z|), from the logits
            for j in range(k):
                x = z[zr + j]
                total += (max(x, 0.0) - x * t[tr + j]) + math.log1p(math.exp(-abs(x)))
        else:
            mx = z[zr]
            for j in range(1, k):
                mx = max(mx, z[zr + j])
            s = 0.0
            for j in range(k):
                s += math.exp(z[zr + j] - mx)
            lse = math.log(s)
            for j in range(k):
                total -= t[tr + j] * (z[zr + j] - mx - lse)
    return total


# ---------------------------------------------------------------- optimizers
@njit(**_OPTS)
def _update(opt, p, g, hp, a, b, c, dd, first, scalar, scalar2):
    """One optimizer step on the flat parameters, as engine.optimizers (in place); g is
    the gradient with weight decay added, a..dd the optimizer's state rows.

    Each optimizer's loop has its constants hoisted and no branch inside, so that
    it vectorises (Adam's square roots and divisions four at a time)."""
    lr, eps = hp[HP_LR], hp[HP_EPS]
    P = p.shape[0]
    if opt == 0:  # SGD
        mu = hp[HP_MU]
        if mu != 0.0:
            keep = hp[HP_KEEP]
            if first:
                for i in range(P):
                    a[i] = g[i]
            elif keep == 1.0:  # dampening 0
                for i in range(P):
                    a[i] = a[i] * mu + g[i]
            else:
                for i in range(P):
                    a[i] = a[i] * mu + g[i] * keep
            if hp[HP_NESTEROV] != 0.0:
                for i in range(P):
                    p[i] = p[i] - (g[i] + a[i] * mu) * lr
            else:
                for i in range(P):
                    p[i] = p[i] - a[i] * lr
        else:
            for i in range(P):
                p[i] = p[i] - g[i] * lr
    elif opt == 1:  # Adagrad: scalar is -clr
        for i in range(P):
            s = a[i] + g[i] * g[i]
            a[i] = s
            p[i] = p[i] + (g[i] * scalar) / (math.sqrt(s) + eps)
    elif opt == 2:  # RMSprop
        alpha, oma = hp[HP_ALPHA], hp[HP_ONE_MINUS_ALPHA]
        for i in range(P):
            a[i] = a[i] * alpha + (g[i] * oma) * g[i]
        if hp[HP_CENTERED] != 0.0:
            k = hp[HP_LERP_K]
            if abs(hp[HP_LERP_W]) < 0.5:
                for i in range(P):
                    dd[i] = dd[i] + (g[i] - dd[i]) * k
            else:
                for i in range(P):
                    dd[i] = g[i] - (g[i] - dd[i]) * k
            for i in range(P):
                v = a[i] - dd[i] * dd[i]
                b[i] = math.sqrt(v if not v < 0.0 else 0.0) + eps
        else:
            for i in range(P):
                b[i] = math.sqrt(a[i]) + eps
        mu = hp[HP_MU]
        if mu > 0.0:
            for i in range(P):
                buf = c[i] * mu + g[i] / b[i]
                c[i] = buf
                p[i] = p[i] - buf * lr
        else:
            for i in range(P):
                p[i] = p[i] + (g[i] * -lr) / b[i]
    else:  # Adam: scalar = -step_size, scalar2 = sqrt of the bias correction 2
        k = hp[HP_LERP_K]
        if abs(hp[HP_LERP_W]) < 0.5:
            for i in range(P):
                a[i] = a[i] + (g[i] - a[i]) * k
        else:
            for i in range(P):
                a[i] = g[i] - (g[i] - a[i]) * k
        beta2, omb2 = hp[HP_BETA2], hp[HP_ONE_MINUS_BETA2]
        for i in range(P):
            v = b[i] * beta2 + (g[i] * omb2) * g[i]
            b[i] = v
            p[i] = p[i] + (a[i] * scalar) / (math.sqrt(v) / scalar2 + eps)


@njit(**_OPTS)
def optimizer_step(opt, p, g, hp, state, first, scalar, scalar2, gtmp):
    """One optimizer step with gradient g (weight decay added here), for the optimizer
    alone: what train_steps does after each backward pass."""
    wd = hp[HP_WD]
    if wd != 0.0:
        for i in range(p.shape[0]):
            gtmp[i] = g[i] + p[i] * wd
        _update(opt, p, gtmp, hp, state[0], state[1], state[2], state[3], first, scalar,
                scalar2)
    else:
        _update(opt, p, g, hp, state[0], state[1], state[2], state[3], first, scalar,
                scalar2)


# ---------------------------------------------------------------- a run of steps
@njit(**_OPTS)
def _save_masks(keep, starts, sizes, rates, m, keep_out):
    """The m rows of each dropout layer's keep mask, stacked, into keep_out."""
    at = 0
    for l in range(sizes.shape[0] - 2):
        if rates[l] > 0.0:
            s0, st = starts[l + 1], sizes[l + 1] + 1
            for r in range(m):
                for j in range(sizes[l + 1]):
                    keep_out[at] = keep[s0 + r * st + j]
                    at += 1


@njit(**_OPTS)
def _finite_norm(g):
    """Whether g·g is finite (the reference's divergence test), summed in four
    independent parts so that the loop vectorises."""
    P = g.shape[0]
    s0 = s1 = s2 = s3 = 0.0
    i = 0
    while i + 4 <= P:
        s0 += g[i] * g[i]
        s1 += g[i + 1] * g[i + 1]
        s2 += g[i + 2] * g[i + 2]
        s3 += g[i + 3] * g[i + 3]
        i += 4
    while i < P:
        s0 += g[i] * g[i]
        i += 1
    return math.isfinite((s0 + s1) + (s2 + s3))


@njit(**_OPTS)
def _layout(sizes, rows):
    """Where layer l's [a_l, 1] starts in the activations buffer (rows x (units + 1) each),
    and the widest layer."""
    L = sizes.shape[0] - 1
    starts = np.zeros(L + 2, np.int64)
    width = 0
    for l in range(L + 1):
        width = max(width, sizes[l] + 1)
    for l in range(1, L + 1):
        starts[l + 1] = starts[l] + rows * (sizes[l] + 1)
    return starts, width


@njit(**_OPTS)
def _forward(params, sizes, offsets, acts, xs, x0, m, aug, starts, zbuf):
    """The forward pass without dropout of m rows of xs from row x0: outputs in ``aug``
    (layer l's at starts[l]), the output layer's logits left in ``zbuf``."""
    L = sizes.shape[0] - 1
    d = sizes[0] + 1
    for l in range(L):
        fi, fo = sizes[l], sizes[l + 1]
        if l == 0:
            _affine(xs, x0 * d, params, offsets[l], zbuf, m, fi, fo)
        else:
            _affine(aug, starts[l], params, offsets[l], zbuf, m, fi, fo)
        _activate(zbuf, 0, acts[l], aug, starts[l + 1], fo + 1, m, fo)


@njit(**_OPTS)
def evaluate(params, sizes, offsets, acts, xs, ts, ys, loss, classify):
    """(mean loss, correct predictions) of the whole set (xs, ts, labels ys), without
    dropout, as the reference's Trainer.evaluate; correct is -1 if not ``classify``."""
    L = sizes.shape[0] - 1
    n = xs.shape[0]
    k = sizes[L]
    chunk = min(n, 256)
    starts, width = _layout(sizes, chunk)
    aug = np.ones(starts[L + 1])
    zbuf = np.empty(chunk * width)
    xflat, tflat = xs.reshape(-1), ts.reshape(-1)
    total = 0.0
    correct = 0
    for c0 in range(0, n, chunk):
        m = min(chunk, n - c0)
        _forward(params, sizes, offsets, acts, xflat, c0, m, aug, starts, zbuf)
        o0, ostride = starts[L], k + 1
        total += _loss_value(loss, aug, o0, ostride, zbuf, tflat, c0 * k, m, k)
        if classify:
            for r in range(m):
                orow = o0 + r * ostride
                if k == 1:
                    pred = 1 if aug[orow] >= 0.5 else 0
                else:
                    pred = 0
                    for j in range(1, k):
                        if aug[orow + j] > aug[orow + pred]:
                            pred = j
                if pred == ys[c0 + r]:
                    correct += 1
    if loss == 0:
        total = total / (n * k)
    elif loss == 1:
        total = total / (n * k)
    else:
        total = total / n
    return total, (correct if classify else -1)


@njit(**_OPTS)
def _buffers(sizes, rows, P):
    """The scratch arrays of a pass of ``rows`` rows: [a_l, 1], f'_l and keep masks laid
    out alike (starts), z, two δ, Wᵀ and a gradient copy."""
    L = sizes.shape[0] - 1
    starts, width = _layout(sizes, rows)
    aug = np.ones(starts[L + 1])
    slopes = np.empty(starts[L + 1])
    keep = np.empty(starts[L + 1])
    zbuf = np.empty(rows * width)
    dbuf = np.empty(2 * rows * width)  # δ of a layer, and of the one below it
    wt = np.empty(width * width)
    gtmp = np.empty(P)
    return starts, width, aug, slopes, keep, zbuf, dbuf, wt, gtmp


@njit(**_OPTS)
def _steps(params, grads, wmask, sizes, offsets, acts, rates, perceptron, xs, ts, pos, batch,
           steps, loss, l1, l2, opt, hp, state, first, scalars, sc0, rand, r_at, keep_out,
           bufs):
    """``steps`` mini-batches from row ``pos``: (steps done, status, uniforms used)."""
    starts, width, aug, slopes, keep, zbuf, dbuf, wt, gtmp = bufs
    L = sizes.shape[0] - 1
    n, d = xs.shape
    K = sizes[L]
    rows = min(batch, n)
    xflat, tflat = xs.reshape(-1), ts.reshape(-1)
    sa, sb, sc, sd = state[0], state[1], state[2], state[3]
    wd = hp[HP_WD]
    done = 0
    for step in range(steps):
        i0 = pos + step * batch
        if i0 >= n:
            break
        m = min(i0 + batch, n) - i0
        # ---- forward: z_l = [a_(l-1), 1] · W_l, a_l = f_l(z_l)
        for l in range(L):
            fi, fo = sizes[l], sizes[l + 1]
            if l == 0:  # (no array variable is reassigned in this loop: each costs atomics)
                _affine(xflat, i0 * d, params, offsets[0], zbuf, m, fi, fo)
            else:
                _affine(aug, starts[l], params, offsets[l], zbuf, m, fi, fo)
            s0, st = starts[l + 1], fo + 1
            _activate(zbuf, 0, acts[l], aug, s0, st, m, fo)
            if l < L - 1 and rates[l] > 0.0:
                _slope(aug, s0, st, acts[l], slopes, s0, st, m, fo)  # f'(z) before the mask
                scale = 1.0 / (1.0 - rates[l])
                for r in range(m):
                    for j in range(fo):
                        u = rand[r_at]
                        r_at += 1
                        kk = 1.0 if u >= rates[l] else 0.0
                        kk = kk * scale
                        keep[s0 + r * st + j] = kk
                        aug[s0 + r * st + j] = aug[s0 + r * st + j] * kk
        # ---- backward
        o0 = starts[L]
        cur, nxt = 0, rows * width  # where δ is in dbuf, and where the next one goes
        if perceptron:  # Rosenblatt: the "gradient" -xᵀ(t - y)
            for r in range(m):
                for j in range(K):
                    dbuf[r * K + j] = aug[o0 + r * (K + 1) + j] - tflat[(i0 + r) * K + j]
        else:
            _output_delta(loss, acts[L - 1], aug, o0, K + 1, tflat, i0 * K, dbuf, zbuf, m, K)
            for l in range(L - 1, 0, -1):
                fi, fo = sizes[l], sizes[l + 1]
                s_in, st = starts[l], fi + 1
                _weight_grad(aug, s_in, m, fi, dbuf, cur, grads, offsets[l], fo)
                _back(dbuf, cur, params, offsets[l], wt, dbuf, nxt, m, fi, fo)  # δ·W[:-1]ᵀ
                if rates[l - 1] > 0.0:  # f' was taken in the forward pass, before dropout
                    for r in range(m):
                        for j in range(fi):
                            v = dbuf[nxt + r * fi + j] * slopes[s_in + r * st + j]
                            dbuf[nxt + r * fi + j] = v * keep[s_in + r * st + j]
                else:
                    _slope(aug, s_in, st, acts[l - 1], zbuf, 0, fi, m, fi)
                    for i in range(m * fi):
                        dbuf[nxt + i] = dbuf[nxt + i] * zbuf[i]
                cur, nxt = nxt, cur  # δ_(l-1)
        _weight_grad(xflat, i0 * d, m, sizes[0], dbuf, cur, grads, offsets[0], sizes[1])
        # ---- penalties, divergence, update
        if l2 != 0.0 or l1 != 0.0:
            for i in range(params.shape[0]):
                if l2 != 0.0:
                    grads[i] = grads[i] + (params[i] * wmask[i]) * l2
                if l1 != 0.0:
                    sg = 1.0 if params[i] > 0.0 else (-1.0 if params[i] < 0.0 else params[i])
                    grads[i] = grads[i] + (sg * wmask[i]) * l1
        if not _finite_norm(grads):
            _save_masks(keep, starts, sizes, rates, m, keep_out)  # this step's, as the reference
            return done, DIVERGED, r_at
        if wd != 0.0:  # g + wd * p, torch's order (L2 weight decay of the optimizer)
            for i in range(params.shape[0]):
                gtmp[i] = grads[i] + params[i] * wd
            _update(opt, params, gtmp, hp, sa, sb, sc, sd, first and done == 0,
                    scalars[sc0 + step, 0], scalars[sc0 + step, 1])
        else:
            _update(opt, params, grads, hp, sa, sb, sc, sd, first and done == 0,
                    scalars[sc0 + step, 0], scalars[sc0 + step, 1])
        done += 1
        if done == steps or i0 + m >= n:  # the last step's dropout masks, for the canvas
            _save_masks(keep, starts, sizes, rates, m, keep_out)
    return done, OK, r_at


@njit(**_OPTS)
def train_steps(params, grads, wmask, sizes, offsets, acts, rates, perceptron,
                xs, ts, pos, batch, steps, loss, l1, l2,
                opt, hp, state, first, scalars, rand, keep_out):
    """Train ``steps`` mini-batches of ``batch`` rows from row ``pos`` of (xs, ts).

    Returns (steps done, status): status DIVERGED when a step's gradient was not
    finite (that step is not applied).  ``keep_out`` receives the last step's
    dropout masks (per hidden layer with dropout: rows x units, stacked), ``rand``
    the uniforms the dropout masks are drawn from, in the reference's order.
    """
    bufs = _buffers(sizes, min(batch, xs.shape[0]), params.shape[0])
    done, status, _ = _steps(params, grads, wmask, sizes, offsets, acts, rates, perceptron,
                             xs, ts, pos, batch, steps, loss, l1, l2, opt, hp, state, first,
                             scalars, 0, rand, 0, keep_out, bufs)
    return done, status


@njit(**_OPTS)
def train_epochs(params, grads, wmask, sizes, offsets, acts, rates, perceptron,
                 train_x, train_t, train_y, val_x, val_t, val_y, classify, xs, ts, perms,
                 batch, epochs, loss, l1, l2, opt, hp, lrs, state, first, scalars, rand,
                 keep_out, last_good, hist, until_all_right):
    """Whole epochs in one call, for small epochs (a truth table: one step each): each
    reshuffles the training rows by ``perms[e]`` (none if empty), trains its steps at
    learning rate ``lrs[e]``, evaluates the training and validation parts into
    ``hist[e]`` = (loss, correct, val loss, val correct) and keeps the weights as the
    last finite ones.  Returns (epochs done, steps done, status): DIVERGED (a gradient,
    mid-epoch), LOSS_NAN (the epoch's training loss), ALL_RIGHT (``until_all_right`` and
    every training point classified right: the perceptron has converged)."""
    n = xs.shape[0]
    spe = (n + batch - 1) // batch
    bufs = _buffers(sizes, min(batch, n), params.shape[0])
    shuffle = perms.shape[0] > 0
    hpe = hp.copy()
    r_at = 0
    steps = 0
    for e in range(epochs):
        if shuffle:
            for r in range(n):
                src = perms[e, r]
                for j in range(xs.shape[1]):
                    xs[r, j] = train_x[src, j]
                for j in range(ts.shape[1]):
                    ts[r, j] = train_t[src, j]
        hpe[HP_LR] = lrs[e]
        done, status, r_at = _steps(params, grads, wmask, sizes, offsets, acts, rates,
                                    perceptron, xs, ts, 0, batch, spe, loss, l1, l2, opt, hpe,
                                    state, first and steps == 0, scalars, steps, rand, r_at,
                                    keep_out, bufs)
        steps += done
        if status != OK:
            return e, steps, status
        tl, tc = evaluate(params, sizes, offsets, acts, train_x, train_t, train_y, loss,
                          classify)
        hist[e, 0], hist[e, 1] = tl, tc
        if val_x.shape[0] > 0:
            vl, vc = evaluate(params, sizes, offsets, acts, val_x, val_t, val_y, loss, classify)
            hist[e, 2], hist[e, 3] = vl, vc
        if not math.isfinite(tl):
            return e, steps, LOSS_NAN
        for i in range(params.shape[0]):
            last_good[i] = params[i]
        if until_all_right and tc == train_x.shape[0]:
            return e + 1, steps, ALL_RIGHT
    return epochs, steps, OK
