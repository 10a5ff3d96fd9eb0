"""Reference window reductions and pooling for jitgrad's lax.reduceWindow / nn.*Pool tests.

    python3 reference/scripts/window.py > reference/numpy/window.json

`reduce_window_ref` follows XLA's ReduceWindow: the operand dilated and padded with the
initial value (negative padding crops), then each window of taps (spread by the window
dilation) reduced from the initial value. test/window.test.ts has the same ids.
"""
import json
from itertools import product

import numpy as np

from cases import case, cases

rng = np.random.default_rng(11)


def dilate_pad(x, init, padding, base):
    shape = [0 if n == 0 else (n - 1) * b + 1 for n, b in zip(x.shape, base)]
    y = np.full(shape, init, dtype=float)
    y[tuple(slice(None, None, b) for b in base)] = x
    for ax, (lo, hi) in enumerate(padding):
        for amount, front in ((lo, True), (hi, False)):
            if amount >= 0:
                z = np.full(y.shape[:ax] + (amount,) + y.shape[ax + 1:], init, dtype=float)
                y = np.concatenate([z, y] if front else [y, z], axis=ax)
            else:
                n = y.shape[ax]
                y = np.take(y, range(-amount, n) if front else range(0, n + amount), axis=ax)
    return y


def reduce_window_ref(x, init, fn, dims, strides, padding, base=None, wdil=None):
    n = x.ndim
    base = base or [1] * n
    wdil = wdil or [1] * n
    y = dilate_pad(x, init, padding, base)
    spans = [(d - 1) * w + 1 for d, w in zip(dims, wdil)]
    out_shape = [0 if s < sp else (s - sp) // st + 1 for s, sp, st in zip(y.shape, spans, strides)]
    out = np.zeros(out_shape)
    for o in np.ndindex(*out_shape):
        acc = init
        for w in product(*[range(d) for d in dims]):
            acc = fn(acc, y[tuple(oi * st + wi * wd for oi, st, wi, wd in zip(o, strides, w, wdil))])
        out[o] = acc
    return out


def same(shape, dims, strides, lower=False):
    pads = []
    for d, w, s in zip(shape, dims, strides):
        out = -(-d // s)
        total = max(0, (out - 1) * s + w - d)
        small = total // 2
        pads.append((total - small, small) if lower else (small, total - small))
    return pads


x = np.round(rng.normal(size=(2, 6, 5, 3)), 3)
case("maxPool 2x2 stride 2", {"x": x}, reduce_window_ref(x, -np.inf, max, [1, 2, 2, 1], [1, 2, 2, 1], [(0, 0)] * 4))
sp = same(x.shape, [1, 3, 3, 1], [1, 1, 1, 1])
sums = reduce_window_ref(x, 0.0, lambda a, b: a + b, [1, 3, 3, 1], [1, 1, 1, 1], sp)
case("avgPool 3x3 SAME", {"x": x}, sums / 9)
counts = reduce_window_ref(np.ones((1, 6, 5, 1)), 0.0, lambda a, b: a + b, [1, 3, 3, 1], [1, 1, 1, 1], sp)
case("avgPool 3x3 SAME without padding", {"x": x}, sums / counts)
case("minPool SAME_LOWER strides", {"x": x}, reduce_window_ref(x, np.inf, min, [1, 2, 3, 1], [1, 2, 2, 1], same(x.shape, [1, 2, 3, 1], [1, 2, 2, 1], lower=True)))
v = np.round(rng.normal(size=(9,)), 3)
case("sum with dilations and negative padding", {"v": v}, reduce_window_ref(v, 0.0, lambda a, b: a + b, [3], [2], [(-1, 3)], [2], [2]))
m = np.round(rng.normal(size=(4, 5)), 3)
case("max with base dilation", {"m": m}, reduce_window_ref(m, -np.inf, max, [2, 3], [1, 2], [(1, 0), (0, 2)], [2, 1], [1, 1]))
case("product (a general monoid)", {"m": m}, reduce_window_ref(m, 1.0, lambda a, b: a * b, [2, 2], [1, 1], [(0, 1), (1, 0)], [1, 1], [1, 2]))
case("logaddexp (a general monoid)", {"v": v}, reduce_window_ref(v, -np.inf, np.logaddexp, [4], [1], [(2, 1)]))

print(json.dumps({"numpy": np.__version__, "cases": cases}))
