"""NumPy's answers for the jax.numpy helpers jitgrad implements, for its tests.

    python3 reference/scripts/numpy-helpers.py > reference/numpy/helpers.json

Each case is an id, its inputs (arrays as {"shape", "data", "dtype"}), and NumPy's result
(an array, or a list of arrays). test/numpy-helpers.test.ts has the same ids with the
jitgrad call that must give the same result.
"""
import json
import sys

import numpy as np

rng = np.random.default_rng(2026)


def arr(x):
    x = np.asarray(x)
    dtype = "bool" if x.dtype == bool else "int32" if np.issubdtype(x.dtype, np.integer) else "float64"
    data = [v if np.isfinite(v) else (None if np.isnan(v) else ("inf" if v > 0 else "-inf")) for v in x.astype(float).ravel().tolist()]
    return {"shape": list(x.shape), "data": data, "dtype": dtype}


def rnd(*shape):
    return np.round(rng.normal(size=shape) * 3, 2)


cases = []


def case(id, inputs, result):
    cases.append({"id": id, "inputs": {k: arr(v) for k, v in inputs.items()},
                  "result": [arr(r) for r in result] if isinstance(result, (list, tuple)) else arr(result)})


x = rnd(4, 5)
v = rnd(7)
case("diff", {"x": x}, np.diff(x))
case("diff n=2 axis=0", {"x": x}, np.diff(x, 2, axis=0))
case("diff prepend append", {"v": v}, np.diff(v, prepend=0.5, append=[1, 2]))
case("diff bool", {"b": v > 0}, np.diff(v > 0))
case("ediff1d", {"x": x}, np.ediff1d(x, to_begin=-99, to_end=[88, 99]))
case("tile", {"x": x[:2, :3]}, np.tile(x[:2, :3], (2, 3)))
case("tile scalar reps", {"v": v[:3]}, np.tile(v[:3], 2))
case("tile more reps", {"v": v[:3]}, np.tile(v[:3], (2, 1, 2)))
case("repeat", {"x": x[:2, :3]}, np.repeat(x[:2, :3], 2))
case("repeat axis", {"x": x[:2, :3]}, np.repeat(x[:2, :3], 3, axis=1))
case("repeat counts", {"v": v[:4], "r": np.array([2, 0, 1, 3])}, np.repeat(v[:4], np.array([2, 0, 1, 3])))
case("meshgrid xy", {"a": v[:3], "b": v[3:5]}, list(np.meshgrid(v[:3], v[3:5])))
case("meshgrid ij", {"a": v[:3], "b": v[3:5], "c": v[5:7]}, list(np.meshgrid(v[:3], v[3:5], v[5:7], indexing="ij")))
case("tril", {"x": x}, np.tril(x))
case("tril k=-1", {"x": x}, np.tril(x, -1))
case("triu k=2", {"x": x}, np.triu(x, 2))
yb = rnd(2, 3, 3)
case("triu batched", {"y": yb}, np.triu(yb))
case("diag vector", {"v": v[:3]}, np.diag(v[:3]))
case("diag vector k=1", {"v": v[:3]}, np.diag(v[:3], 1))
case("diag vector k=-2", {"v": v[:3]}, np.diag(v[:3], -2))
case("diag matrix k=1", {"x": x}, np.diag(x, 1))
case("diagonal", {"x": x}, np.diagonal(x))
case("diagonal offset -2", {"x": x}, np.diagonal(x, -2))
y3 = rnd(3, 4, 5)
case("diagonal axes", {"y": y3}, np.diagonal(y3, 1, 2, 0))
case("trace", {"x": x}, np.trace(x))
case("trace offset", {"x": x}, np.trace(x, 1))
case("kron", {"a": x[:2, :2], "b": x[2:, :3]}, np.kron(x[:2, :2], x[2:, :3]))
case("kron vectors", {"a": v[:3], "b": v[3:5]}, np.kron(v[:3], v[3:5]))
case("vdot", {"a": x, "b": x[::-1]}, np.vdot(x, x[::-1]))
p = np.array([1.0, 1e10, np.inf, -np.inf, np.nan, 1e-8, 0.0])
q = np.array([1.00001, 1.00001e10, np.inf, np.inf, np.nan, 1e-9, 1e-8])
case("isclose", {"p": p, "q": q}, np.isclose(p, q))
case("isclose equal_nan", {"p": p, "q": q}, np.isclose(p, q, equal_nan=True))
case("isclose tolerances", {"p": p, "q": q}, np.isclose(p, q, rtol=0, atol=1e-3))
case("allclose", {"p": p, "q": q}, np.array(np.allclose(p, q)))
case("allclose equal_nan on the close pairs", {"p": p[:3], "q": q[:3]}, np.array(np.allclose(p[:3], q[:3], equal_nan=True)))
case("allclose tolerances", {"p": p[:2], "q": q[:2]}, np.array(np.allclose(p[:2], q[:2], rtol=1e-7)))
xn = x.copy()
xn[0, 1] = np.nan
xn[2, :] = np.nan
case("nansum", {"x": xn}, np.nansum(xn, 1))
case("nanprod", {"x": xn}, np.nanprod(xn, 0))
with np.errstate(all="ignore"):
    import warnings
    warnings.simplefilter("ignore")
    case("nanmax", {"x": xn}, np.nanmax(xn, 1))
    case("nanmin", {"x": xn}, np.nanmin(xn, 1))
    case("nanmean", {"x": xn}, np.nanmean(xn, 1))
    case("nanvar", {"x": xn}, np.nanvar(xn, 1))
    case("nanstd ddof", {"x": xn}, np.nanstd(xn, 1, ddof=1))
case("nanmean all", {"x": xn}, np.nanmean(xn))
case("countNonzero", {"x": np.round(x)}, np.count_nonzero(np.round(x), axis=0))
case("median", {"x": x}, np.median(x))
case("median axis", {"x": x}, np.median(x, axis=0))
case("median odd", {"v": v}, np.median(v))
for method in ["linear", "lower", "higher", "midpoint", "nearest"]:
    case(f"quantile {method}", {"x": x}, np.quantile(x, [0.1, 0.5, 0.75, 1.0], axis=1, method=method))
case("quantile keepdims", {"x": x}, np.quantile(x, 0.3, axis=0, keepdims=True))
case("percentile", {"v": v}, np.percentile(v, [5, 50, 95]))
case("quantile nan", {"x": xn}, np.quantile(xn, 0.5, axis=1))
srt = np.sort(rnd(8))
probe = np.concatenate([rnd(5), srt[[0, 3, 7]], [np.nan, -np.inf, np.inf]])
case("searchsorted left", {"a": srt, "v": probe}, np.searchsorted(srt, probe))
case("searchsorted right", {"a": srt, "v": probe}, np.searchsorted(srt, probe, side="right"))
case("searchsorted ties", {"a": np.array([1.0, 2, 2, 2, 3]), "v": np.array([2.0, 2.5, 0, 9])}, np.searchsorted(np.array([1.0, 2, 2, 2, 3]), np.array([2.0, 2.5, 0, 9]), side="right"))
bins = np.array([0.0, 1.0, 2.5, 4.0, 10.0])
xs = np.array([0.2, 6.4, 3.0, 1.6, 1.0, 10.0, -1.0, 11.0])
case("digitize", {"x": xs, "bins": bins}, np.digitize(xs, bins))
case("digitize right", {"x": xs, "bins": bins}, np.digitize(xs, bins, right=True))
case("digitize decreasing", {"x": xs, "bins": bins[::-1]}, np.digitize(xs, bins[::-1]))
xp = np.array([1.0, 2.0, 3.0, 5.0])
fp = np.array([3.0, 2.0, 0.0, 4.0])
xq = np.array([0.5, 1.0, 1.5, 2.5, 4.0, 5.0, 6.0])
case("interp", {"x": xq, "xp": xp, "fp": fp}, np.interp(xq, xp, fp))
case("interp left right", {"x": xq, "xp": xp, "fp": fp}, np.interp(xq, xp, fp, left=-1, right=99))
case("interp period", {"x": np.array([-180.0, -170, -185, 185, -10, -5, 0, 365]), "xp": np.array([190.0, -190, 350, -350]), "fp": np.array([5.0, 10, 3, 4])},
     np.interp(np.array([-180.0, -170, -185, 185, -10, -5, 0, 365]), np.array([190.0, -190, 350, -350]), np.array([5.0, 10, 3, 4]), period=360))
case("round decimals", {"v": v * 1.2345}, np.round(v * 1.2345, 2))
case("round negative decimals", {"v": v * 123.45}, np.round(v * 123.45, -1))
case("select", {"v": v}, np.select([v < -1, v > 1], [v * 10, v * 100], -1))
case("piecewise", {"v": v}, np.piecewise(v, [v < 0, v >= 0], [lambda t: -t, lambda t: t * 2]))
case("piecewise default", {"v": v}, np.piecewise(v, [v < -1, v > 1], [-1, 1, lambda t: t * 0 + 7]))
mz = np.round(x) * (np.abs(x) > 2)
case("nonzero", {"x": mz}, list(np.nonzero(mz)))
case("flatnonzero", {"x": mz}, np.flatnonzero(mz))
case("argwhere", {"x": mz}, np.argwhere(mz))
u = np.round(rnd(12))
u[3] = u[5]
case("unique", {"u": u}, np.unique(u))
vals, idx, inv, cnt = np.unique(u, return_index=True, return_inverse=True, return_counts=True)
case("unique all", {"u": u}, [vals, idx, inv, cnt])
case("logspace", {}, np.logspace(0, 3, 7))
case("logspace base", {}, np.logspace(1, 4, 4, base=2.0, endpoint=False))
case("geomspace", {}, np.geomspace(1, 1000, 7))
case("geomspace negative", {}, np.geomspace(-1000, -1, 4))
a5 = rnd(6)
k3 = rnd(3)
for mode in ["full", "same", "valid"]:
    case(f"convolve {mode}", {"a": a5, "k": k3}, np.convolve(a5, k3, mode))
    case(f"convolve swapped {mode}", {"a": k3, "k": a5}, np.convolve(k3, a5, mode))
    case(f"correlate {mode}", {"a": a5, "k": k3}, np.correlate(a5, k3, mode))
    case(f"correlate swapped {mode}", {"a": k3, "k": a5}, np.correlate(k3, a5, mode))
case("polyval", {"p": np.array([3.0, 0, -2, 1]), "x": v}, np.polyval(np.array([3.0, 0, -2, 1]), v))
hx = rnd(50)
h, e = np.histogram(hx, 7)
case("histogram", {"x": hx}, [h.astype(float), e])
h, e = np.histogram(hx, 4, range=(-2, 2))
case("histogram range", {"x": hx}, [h.astype(float), e])
h, e = np.histogram(hx, np.array([-5.0, -1, 0, 2, 9]), weights=np.abs(hx), density=True)
case("histogram edges weights density", {"x": hx}, [h, e])
bc = np.array([0, 1, 1, 3, 2, 1, 7])
case("bincount", {"x": bc}, np.bincount(bc))
case("bincount weights minlength", {"x": bc, "w": np.linspace(0, 1, 7)}, np.bincount(bc, np.linspace(0, 1, 7), minlength=10))
case("norm", {"x": x}, np.linalg.norm(x))
for ordv in [None, 1, 2, 0, np.inf, -np.inf, 3, 0.5, -1]:
    name = "none" if ordv is None else str(ordv)
    case(f"norm vector ord {name}", {"x": x}, np.linalg.norm(x, ordv, axis=1))
for ordv in ["fro", 1, -1, np.inf, -np.inf]:
    case(f"norm matrix ord {ordv}", {"x": x}, np.linalg.norm(x, ordv))
case("norm matrix axes keepdims", {"y": y3}, np.linalg.norm(y3, 1, axis=(2, 0), keepdims=True))
ia = np.array([[12, -7, 0, 2147483647], [5, -1, 255, -2147483648]], dtype=np.int32)
ib = np.array([10, 3, -1, 1], dtype=np.int32)
case("bitwise_and", {"a": ia, "b": ib}, np.bitwise_and(ia, ib))
case("bitwise_or", {"a": ia, "b": ib}, np.bitwise_or(ia, ib))
case("bitwise_xor", {"a": ia, "b": ib}, np.bitwise_xor(ia, ib))
case("bitwise_not", {"a": ia}, np.bitwise_not(ia))
ba = np.array([True, False, True, False])
bb = np.array([True, True, False, False])
case("bitwise_xor bool", {"p": ba, "q": bb}, np.bitwise_xor(ba, bb))
case("cummax axis 1", {"x": x}, np.maximum.accumulate(x, axis=1))
case("cummin flattened", {"x": x}, np.minimum.accumulate(x.ravel()))
xnan = x.copy()
xnan[1, 2] = np.nan
case("cummax nan", {"x": xnan}, np.maximum.accumulate(xnan, axis=0))
json.dump({"numpy": np.__version__, "cases": cases}, sys.stdout, separators=(",", ":"))
