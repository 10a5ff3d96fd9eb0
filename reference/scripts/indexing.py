"""NumPy's answers for NumPy-style indexing and indexed updates, for jitgrad's tests.

Run with NumPy installed (Debian's python3-numpy works):
    python3 reference/scripts/indexing.py > reference/numpy/indexing.json
Each case holds an array, an index (as JSON entries the test turns into jitgrad specs),
x[index], update values, and the results of x[index] = v, np.add.at, np.multiply.at,
np.minimum.at and np.maximum.at (NumPy's unbuffered updates: repeats accumulate, and
for assignment the last repeat wins).
"""
import json
import sys

import numpy as np

rng = np.random.default_rng(20261201)


def rand_shape():
    return [int(rng.integers(1, 5)) for _ in range(int(rng.integers(1, 4)))]


def entry_for(n, allow_array):
    """One index entry for an axis of length n: (json, numpy index, axes consumed)."""
    kinds = ["int", "slice", "array", "array", "scalar", "mask"] if allow_array else ["int", "slice", "scalar"]
    kind = rng.choice(kinds)
    if kind == "int":
        v = int(rng.integers(-n, n))
        return {"int": v}, v
    if kind == "scalar":
        v = int(rng.integers(-n, n))
        return {"scalar": v}, np.int32(v)
    if kind == "slice":
        def end():
            return None if rng.random() < 0.3 else int(rng.integers(-n - 1, n + 2))
        step = None if rng.random() < 0.4 else int(rng.choice([-3, -2, -1, 1, 2, 3]))
        a, b = end(), end()
        return {"slice": [a, b, step]}, slice(a, b, step)
    if kind == "mask":
        m = rng.random(n) < 0.5
        return {"mask": m.tolist()}, m
    shape = [int(rng.integers(1, 4)) for _ in range(int(rng.integers(1, 3)))]
    a = rng.integers(-n, n, size=shape)
    return {"array": a.tolist()}, a


def make_case():
    shape = rand_shape()
    x = np.round(rng.normal(size=shape) * 4, 2)
    used = int(rng.integers(1, len(shape) + 1))
    entries, index = [], []
    want_advanced = rng.random() < 0.8
    for axis in range(used):
        e, i = entry_for(shape[axis], want_advanced)
        entries.append(e)
        index.append(i)
    # New axes and an ellipsis at random places.
    for _ in range(int(rng.integers(0, 2))):
        p = int(rng.integers(0, len(entries) + 1))
        entries.insert(p, {"none": True})
        index.insert(p, None)
    if rng.random() < 0.2 and used < len(shape):
        p = int(rng.integers(0, len(entries) + 1))
        entries.insert(p, {"ellipsis": True})
        index.insert(p, Ellipsis)
    idx = tuple(index)
    got = x[idx]
    values = np.round(rng.normal(size=got.shape) * 3, 2)
    results = {}
    setx = x.copy()
    setx[idx] = values
    results["set"] = setx
    for name, ufunc in [("add", np.add), ("multiply", np.multiply), ("min", np.minimum), ("max", np.maximum)]:
        y = x.copy()
        # ufunc.at wants the index in basic form: it takes the same tuple.
        ufunc.at(y, idx, values)
        results[name] = y
    return {
        "shape": shape,
        "x": x.ravel().tolist(),
        "index": entries,
        "get_shape": list(got.shape),
        "get": got.ravel().tolist(),
        "values": values.ravel().tolist(),
        **{k: v.ravel().tolist() for k, v in results.items()},
    }


cases = []
while len(cases) < 500:
    try:
        cases.append(make_case())
    except IndexError:
        # An index NumPy refuses (a mask on an empty selection, say): draw again.
        continue

json.dump({"numpy": np.__version__, "cases": cases}, sys.stdout, separators=(",", ":"))
