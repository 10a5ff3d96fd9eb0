"""NumPy's and SciPy's answers for jitgrad's linear algebra, for its tests.

    python3 reference/scripts/linalg.py > reference/numpy/linalg.json

Each case is an id, its inputs (arrays as {"shape", "data", "dtype"}) and the reference
result (an array, or a list of arrays). test/linalg.test.ts has the same ids with the
jitgrad call that must match. Eigenvectors and singular vectors are defined up to sign;
the test compares them after fixing each one's sign.
"""
import json

import numpy as np
import scipy.linalg as sl

from cases import case, cases

rng = np.random.default_rng(17)


def rnd(*shape):
    return rng.normal(size=shape)


def spd(n, *batch):
    b = rnd(*batch, n, n)
    return b @ np.swapaxes(b, -1, -2) + n * np.eye(n)


def sym(n, *batch):
    b = rnd(*batch, n, n)
    return (b + np.swapaxes(b, -1, -2)) / 2


a4, b4 = rnd(4, 4), rnd(4)
case("solve vector", {"a": a4, "b": b4}, np.linalg.solve(a4, b4))
a233, b232 = rnd(2, 3, 3), rnd(2, 3, 2)
case("solve batch", {"a": a233, "b": b232}, np.linalg.solve(a233, b232))
a33, b2_3_1 = rnd(3, 3), rnd(2, 3, 1)
case("solve broadcast", {"a": a33, "b": b2_3_1}, np.linalg.solve(a33, b2_3_1))
a5 = rnd(5, 5)
case("inv", {"a": a5}, np.linalg.inv(a5))
case("inv batch", {"a": a233}, np.linalg.inv(a233))
case("det", {"a": a4}, np.linalg.det(a4))
a322 = rnd(3, 2, 2)
case("det batch", {"a": a322}, np.linalg.det(a322))
sing = np.array([[1.0, 2.0], [2.0, 4.0]])
case("det singular", {"a": sing}, np.linalg.det(sing))
a6 = rnd(6, 6)
case("det 6", {"a": a6}, np.linalg.det(a6))
case("slogdet", {"a": a5}, list(np.linalg.slogdet(a5)))
big = rnd(40, 40) * 30
case("slogdet large", {"a": big}, list(np.linalg.slogdet(big)))
case("slogdet singular", {"a": sing}, list(np.linalg.slogdet(sing)))
s5 = spd(5)
case("cholesky", {"a": s5}, np.linalg.cholesky(s5))
s233 = spd(3, 2)
case("cholesky batch", {"a": s233}, np.linalg.cholesky(s233))
case("cholesky upper", {"a": s5}, np.linalg.cholesky(s5, upper=True))
a53, a35 = rnd(5, 3), rnd(3, 5)
case("qr reduced tall", {"a": a53}, list(np.linalg.qr(a53)))
case("qr complete tall", {"a": a53}, list(np.linalg.qr(a53, mode="complete")))
case("qr reduced wide", {"a": a35}, list(np.linalg.qr(a35)))
case("qr square", {"a": a4}, list(np.linalg.qr(a4)))
case("qr r", {"a": a53}, np.linalg.qr(a53, mode="r"))
y5 = sym(5)
case("eigh", {"a": y5}, list(np.linalg.eigh(y5)))
y233 = sym(3, 2)
case("eigh batch", {"a": y233}, list(np.linalg.eigh(y233)))
case("eigh upper unsymmetric", {"a": a4}, list(np.linalg.eigh(a4, UPLO="U")))
case("eigvalsh", {"a": y5}, np.linalg.eigvalsh(y5))
y8 = sym(8)
case("eigh 8", {"a": y8}, list(np.linalg.eigh(y8)))
def svd_full(a):
    """The first k singular vectors, and the projectors onto the rest (which only those are unique)."""
    u, s, vh = np.linalg.svd(a)
    k = len(s)
    return [u[:, :k], s, vh[:k], u[:, k:] @ u[:, k:].T, vh[k:].T @ vh[k:]]


case("svd full tall", {"a": a53}, svd_full(a53))
case("svd reduced tall", {"a": a53}, list(np.linalg.svd(a53, full_matrices=False)))
case("svd full wide", {"a": a35}, svd_full(a35))
case("svd reduced wide", {"a": a35}, list(np.linalg.svd(a35, full_matrices=False)))
case("svd square", {"a": a4}, list(np.linalg.svd(a4)))
a243 = rnd(2, 4, 3)
case("svd batch", {"a": a243}, list(np.linalg.svd(a243, full_matrices=False)))
case("svd values", {"a": a53}, np.linalg.svd(a53, compute_uv=False))
case("svdvals", {"a": a35}, np.linalg.svdvals(a35))
case("svd hermitian", {"a": y5}, list(np.linalg.svd(y5, hermitian=True)))
rank2 = rnd(5, 2) @ rnd(2, 4)
case("svd rank deficient", {"a": rank2}, np.linalg.svd(rank2, compute_uv=False))
a63, b6 = rnd(6, 3), rnd(6)
x, res, rk, sv = np.linalg.lstsq(a63, b6)
case("lstsq tall", {"a": a63, "b": b6}, [x, res, np.int32(rk), sv])
a46, b42 = rnd(4, 6), rnd(4, 2)
x, res, rk, sv = np.linalg.lstsq(a46, b42)
case("lstsq wide", {"a": a46, "b": b42}, [x, np.sum((b42 - a46 @ x) ** 2, axis=0), np.int32(rk), sv])
b5 = rnd(5)
x, res, rk, sv = np.linalg.lstsq(rank2, b5)
case("lstsq rank deficient", {"a": rank2, "b": b5}, [x, np.sum((b5 - rank2 @ x) ** 2, axis=0, keepdims=True), np.int32(rk), sv])
a43 = rnd(4, 3)
case("pinv", {"a": a43}, np.linalg.pinv(a43))
case("pinv rank deficient", {"a": rank2}, np.linalg.pinv(rank2))
case("matrix_power 5", {"a": a4 / 2}, np.linalg.matrix_power(a4 / 2, 5))
case("matrix_power -3", {"a": a4}, np.linalg.matrix_power(a4, -3))
case("matrix_power 0", {"a": a4}, np.linalg.matrix_power(a4, 0))
case("matrix_rank", {"a": a4}, np.int32(np.linalg.matrix_rank(a4)))
case("matrix_rank deficient", {"a": rank2}, np.int32(np.linalg.matrix_rank(rank2)))
case("cond", {"a": a4}, np.linalg.cond(a4))
case("cond fro", {"a": a4}, np.linalg.cond(a4, "fro"))
case("cond 1", {"a": a4}, np.linalg.cond(a4, 1))
case("cond inf", {"a": a4}, np.linalg.cond(a4, np.inf))
case("cond -2", {"a": a4}, np.linalg.cond(a4, -2))
case("norm 2", {"a": a53}, np.linalg.norm(a53, 2))
case("norm -2", {"a": a53}, np.linalg.norm(a53, -2))
case("norm nuc", {"a": a53}, np.linalg.norm(a53, "nuc"))
case("norm 2 axes", {"a": a243}, np.linalg.norm(a243, 2, axis=(2, 1)))
case("lu_factor", {"a": a5}, list(sl.lu_factor(a5)))
case("lu", {"a": a5}, list(sl.lu(a5)))
case("lu tall", {"a": a53}, list(sl.lu(a53)))
case("lu wide", {"a": a35}, list(sl.lu(a35)))
case("lu permute_l", {"a": a4}, list(sl.lu(a4, permute_l=True)))
lf = sl.lu_factor(a5)
b53 = rnd(5, 3)
case("lu_solve", {"a": a5, "b": b53}, sl.lu_solve(lf, b53))
case("lu_solve trans", {"a": a5, "b": b53}, sl.lu_solve(lf, b53, trans=1))
t5 = np.tril(rnd(5, 5)) + 4 * np.eye(5)
case("solve_triangular lower", {"a": t5, "b": b53}, sl.solve_triangular(t5, b53, lower=True))
case("solve_triangular upper trans", {"a": t5.T.copy(), "b": b53}, sl.solve_triangular(t5.T.copy(), b53, trans=1))
case("solve_triangular unit vector", {"a": t5, "b": b5}, sl.solve_triangular(t5, b5, lower=True, unit_diagonal=True))
case("cho_solve", {"a": s5, "b": b53}, sl.cho_solve(sl.cho_factor(s5), b53))
case("cho_solve lower", {"a": s5, "b": b5}, sl.cho_solve(sl.cho_factor(s5, lower=True), b5))
case("scipy cholesky", {"a": s5}, sl.cholesky(s5))
case("scipy solve pos", {"a": s5, "b": b53}, sl.solve(s5, b53, assume_a="pos"))

print(json.dumps({"numpy": np.__version__, "scipy": __import__("scipy").__version__, "cases": cases}))
