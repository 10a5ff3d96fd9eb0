"""Reference convolutions for jitgrad's lax.convGeneralDilated tests, in plain NumPy.

    python3 reference/scripts/conv.py > reference/numpy/conv.json

`conv_ref` follows XLA's definition step by step — canonical layouts, the input dilated
with zeros, padded (negative padding crops), the kernel dilated, then every window
contracted with its group's kernels — independently of jitgrad's kernel; simple cases
are also checked against scipy.signal.correlate here. test/conv.test.ts has the same ids.
"""
import json

import numpy as np
import scipy.signal as ss

from cases import case, cases

rng = np.random.default_rng(5)


def dilate(x, dil, first_spatial=2):
    shape = list(x.shape)
    for i, d in enumerate(dil):
        n = shape[first_spatial + i]
        shape[first_spatial + i] = 0 if n == 0 else (n - 1) * d + 1
    out = np.zeros(shape)
    out[(slice(None),) * first_spatial + tuple(slice(None, None, d) for d in dil)] = x
    return out


def pad(x, padding):
    for i, (lo, hi) in enumerate(padding):
        ax = 2 + i
        for amount, front in ((lo, True), (hi, False)):
            if amount >= 0:
                z = np.zeros(x.shape[:ax] + (amount,) + x.shape[ax + 1:])
                x = np.concatenate([z, x] if front else [x, z], axis=ax)
            else:
                n = x.shape[ax]
                x = np.take(x, range(-amount, n) if front else range(0, n + amount), axis=ax)
    return x


def conv_ref(lhs, rhs, strides, padding, lhs_dil, rhs_dil, dn, G=1, B=1):
    lhs_spec, rhs_spec, out_spec = dn
    L = np.transpose(lhs, lhs_spec)
    R = np.transpose(rhs, rhs_spec)
    N, C = L.shape[:2]
    O, I = R.shape[:2]
    D = pad(dilate(L, lhs_dil), padding)
    K = dilate(R, rhs_dil)
    sizes = [max(0, (D.shape[2 + d] - K.shape[2 + d]) // s + 1) if D.shape[2 + d] >= K.shape[2 + d] else 0 for d, s in enumerate(strides)]
    n_out = N // B
    out = np.zeros([n_out, O] + sizes)
    for idx in np.ndindex(*sizes):
        win = D[(slice(None), slice(None)) + tuple(slice(i * s, i * s + K.shape[2 + d]) for d, (i, s) in enumerate(zip(idx, strides)))]
        for o in range(O):
            g = o // (O // G)
            b = o // (O // B)
            part = win[b * n_out:(b + 1) * n_out, g * I:(g + 1) * I]
            out[(slice(None), o) + idx] = np.tensordot(part, K[o], axes=(list(range(1, part.ndim)), list(range(K[o].ndim))))
    inverse = np.argsort(out_spec)
    return np.transpose(out, inverse)


def ident(n):
    return (tuple(range(n)),) * 3


def rnd(*shape):
    return np.round(rng.normal(size=shape), 3)


x1, w1 = rnd(2, 3, 9), rnd(4, 3, 3)
ref = conv_ref(x1, w1, [1], [(0, 0)], [1], [1], ident(3))
for n in range(2):
    for o in range(4):
        assert np.allclose(ref[n, o], sum(ss.correlate(x1[n, c], w1[o, c], "valid") for c in range(3)))
case("1d valid", {"x": x1, "w": w1}, ref)
x2, w2 = rnd(2, 2, 7, 6), rnd(3, 2, 3, 2)
ref = conv_ref(x2, w2, [2, 1], [(1, 1), (0, 1)], [1, 1], [1, 1], ident(4))
case("2d strided padded (SAME, strides 2, 1)", {"x": x2, "w": w2}, ref)
xs = x2[0, 0]
full = conv_ref(x2[:1, :1], w2[:1, :1], [1, 1], [(2, 2), (1, 1)], [1, 1], [1, 1], ident(4))
assert np.allclose(full[0, 0], ss.correlate2d(xs, w2[0, 0], "full"))
case("2d full padding", {"x": x2[:1, :1], "w": w2[:1, :1]}, full)
# NHWC / HWIO / NHWC: lhs_spec (N, C, H, W) = (0, 3, 1, 2), rhs (O, I, H, W) = (3, 2, 0, 1).
x3, w3 = rnd(2, 6, 5, 3), rnd(3, 2, 3, 4)
nhwc = ((0, 3, 1, 2), (3, 2, 0, 1), (0, 3, 1, 2))
case("NHWC negative padding", {"x": x3, "w": w3}, conv_ref(x3, w3, [1, 2], [(-1, 2), (1, 0)], [1, 1], [1, 1], nhwc))
case("dilations", {"x": x2, "w": w2}, conv_ref(x2, w2, [1, 2], [(2, 1), (1, 2)], [2, 1], [1, 2], ident(4)))
x4, w4 = rnd(2, 4, 5, 5), rnd(8, 1, 3, 3)
case("depthwise (feature groups 4)", {"x": x4, "w": w4}, conv_ref(x4, w4, [1, 1], [(1, 1), (1, 1)], [1, 1], [1, 1], ident(4), G=4))
x5, w5 = rnd(2, 6, 4, 4), rnd(4, 3, 2, 2)
case("feature groups 2", {"x": x5, "w": w5}, conv_ref(x5, w5, [1, 1], [(0, 0), (0, 0)], [1, 1], [1, 1], ident(4), G=2))
x6, w6 = rnd(4, 3, 5, 4), rnd(6, 3, 2, 3)
case("batch groups 2", {"x": x6, "w": w6}, conv_ref(x6, w6, [2, 1], [(0, 1), (1, 1)], [1, 1], [1, 1], ident(4), B=2))
x7, w7 = rnd(1, 2, 4, 5, 3), rnd(2, 2, 2, 3, 2)
case("3d", {"x": x7, "w": w7}, conv_ref(x7, w7, [1, 2, 1], [(1, 0), (1, 1), (0, 1)], [1, 1, 1], [1, 1, 2], ident(5)))


def transpose_padding(k, s, padding):
    if padding == "SAME":
        length = k + s - 2
        a = k - 1 if s > k - 1 else int(np.ceil(length / 2))
    else:
        length = k + s - 2 + max(k - s, 0)
        a = k - 1
    return (a, length - a)


# conv_transpose: NHWC / HWIO, the input dilated by the strides.
x8, w8 = rnd(1, 4, 3, 2), rnd(3, 3, 2, 3)
for padding in ("SAME", "VALID"):
    pads = [transpose_padding(3, 2, padding), transpose_padding(3, 2, padding)]
    case(f"conv_transpose {padding}", {"x": x8, "w": w8}, conv_ref(x8, w8, [1, 1], pads, [2, 2], [1, 1], nhwc))

print(json.dumps({"numpy": np.__version__, "cases": cases}))
