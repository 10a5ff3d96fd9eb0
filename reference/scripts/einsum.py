"""NumPy's einsum on random operands, for jitgrad's tests.

    python3 reference/scripts/einsum.py > reference/numpy/einsum.json
"""
import json
import sys

import numpy as np

rng = np.random.default_rng(7)
SPECS = [
    "ij,jk->ik", "ij,jk", "ij,ij->ij", "ij,ij->", "i,i", "i,j->ij", "ij->ji", "ij->", "ii->i", "ii", "iij->j",
    "bij,bjk->bik", "bij,bjk->bki", "...ij,...jk->...ik", "...ij,jk", "ij...,jk...->ik...", "i...->...",
    "ij,jk,kl->il", "ab,bc,cd,de->ae", "ijk,jkl->il", "ij,kl->ikjl", "ijk->kji", "abc,cd,bd->a", "i,i,i->",
    "ba,ab->", "ij,j->i", "j,ij->i", "bi,bj->bij", "...i,...i->...", "ijj->ij",
]
SIZES = {}


def shape_for(term, ellipsis):
    out = []
    letters = term.replace("...", "")
    for part in term.split("...")[0]:
        out.append(SIZES[part])
    if "..." in term:
        out.extend(ellipsis)
    for part in term.split("...")[1] if "..." in term else []:
        out.append(SIZES[part])
    return out


cases = []
for spec in SPECS:
    for trial in range(2):
        SIZES = {c: int(rng.integers(1, 5)) for c in "abcdefghijklmnopqrstuvwxyz"}
        inputs = spec.split("->")[0].split(",")
        ellipsis = [int(rng.integers(1, 4)) for _ in range(int(rng.integers(0, 3)))]
        shapes = []
        for t in inputs:
            s = shape_for(t, ellipsis)
            # Broadcasting: a size-1 ellipsis axis in some operands.
            if "..." in t and ellipsis and trial == 1 and len(shapes) == 0:
                k = len(t.split("...")[0])
                s[k] = 1
            shapes.append(s)
        ops = [np.round(rng.normal(size=s), 3) for s in shapes]
        out = np.einsum(spec, *ops)
        cases.append({"spec": spec, "shapes": shapes, "operands": [o.ravel().tolist() for o in ops],
                      "shape": list(np.shape(out)), "result": np.ravel(out).tolist()})

json.dump({"numpy": np.__version__, "cases": cases}, sys.stdout, separators=(",", ":"))
