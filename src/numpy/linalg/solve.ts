/**
 * `np.linalg` on factorizations: `solve inv det slogdet lstsq pinv matrixPower matrixRank
 * cond`. Solves and determinants go through the pivoted LU primitive, so they share it and
 * are differentiated through its factorization (no explicit inverse); the rest through
 * the SVD. Definitions follow jax.numpy.linalg.
 */
import { finfoEps } from "../../core/dtype";
import { ArgumentError, ShapeError } from "../../core/errors";
import { broadcastShapes, showShape, unwrap } from "../../core/shape";
import type { Tensor, TensorLike } from "../../core/tensor";
import { customJvp } from "../../transforms/custom";
import * as linalg from "../../lax/linalg";
import { matrices } from "../../lax/matrix-operands";
import { alongAxis } from "../../lax/sort";
import { convert, promoteInexact } from "../convert";
import { arange, eye, ones } from "../creation";
import { abs, add, divide, equal, greater, greaterEqual, isfinite, isnan, log, logicalAnd, logicalNot, multiply, negative, notEqual, sign, subtract, where } from "../elementwise";
import { matmul } from "../products";
import { any, cumprod, max, prod, sum } from "../reductions";
import { broadcastTo, concatenate, expandDims, reshape, squeeze, swapaxes } from "../shape-ops";
import { diagonal } from "../structure";
import { norm, type NormOrd } from "./norm";
import { svd } from "./decompositions";

const mT = (x: Tensor) => swapaxes(x, -1, -2);
const size = (x: Tensor, fromEnd: number) => x.shape[x.ndim - fromEnd];

/** The unit lower and upper solves of LU, after permuting b's rows: x with a·x = b (b: [..., n, k]). */
function luSolveMatrix(luMat: Tensor, perm: Tensor, b: Tensor): Tensor {
  const rowsIdx = broadcastTo(expandDims(perm, -1), b.shape);
  const pb = alongAxis(b, rowsIdx, b.ndim - 2);
  const y = linalg.triangularSolve(luMat, pb, { leftSide: true, lower: true, unitDiagonal: true });
  return linalg.triangularSolve(luMat, y, { leftSide: true, lower: false });
}

/**
 * Solves a·x = b for square a (or a stack): b is a vector [n] (x [..., n]) or matrices
 * [..., n, k] whose batch axes broadcast against a's (NumPy 2's rule).
 * @example np.linalg.solve(np.array([[3, 1], [1, 2]]), np.array([9, 8])) // [2, 3]
 */
export function solve(a: TensorLike, b: TensorLike): Tensor {
  const op = "np.linalg.solve";
  const [ta, tb] = promoteInexact(op, [a, b]);
  matrices(op, ta, true);
  const n = size(ta, 1);
  if (tb.ndim === 0) throw new ShapeError(`${op}: b must be a vector or a stack of matrices, got a 0-d array.`);
  const vector = tb.ndim === 1;
  if (size(tb, vector ? 1 : 2) !== n) {
    throw new ShapeError(`${op}: a is ${showShape(ta.shape)}, so b needs ${n} rows, got shape ${showShape(tb.shape)}.`);
  }
  const bm = vector ? reshape(tb, [n, 1]) : tb;
  const batch = unwrap(broadcastShapes(op, [ta.shape.slice(0, -2), bm.shape.slice(0, -2)]));
  const A = broadcastTo(ta, [...batch, n, n]);
  const B = broadcastTo(bm, [...batch, n, size(bm, 1)]);
  const [luMat, , perm] = linalg.lu(A);
  const x = luSolveMatrix(luMat, perm, B);
  return vector ? squeeze(x, -1) : x;
}

/**
 * The inverse of square matrices (through LU: use {@link solve} to apply it).
 * @example np.linalg.inv(np.array([[2, 0], [0, 4]])) // [[0.5, 0], [0, 0.25]]
 */
export function inv(a: TensorLike): Tensor {
  const t = matrices("np.linalg.inv", a, true);
  const n = size(t, 1);
  return solve(t, broadcastTo(eye(n, null, 0, t.dtype), t.shape));
}

/** LU's factors, its diagonal and the parity of its row swaps, for the determinants. */
function luParts(op: string, a: TensorLike): { lu: Tensor; perm: Tensor; diag: Tensor; odd: Tensor } {
  const t = matrices(op, a, true);
  const [lu, pivots, perm] = linalg.lu(t);
  const swaps = sum(convert(notEqual(pivots, arange(size(t, 1), null, null, "int32")), "int32"), -1);
  const odd = equal(swaps.mod(2), 1);
  return { lu, perm, diag: diagonal(lu, 0, -2, -1), odd };
}

/** ±1 from the parity of LU's row swaps, in the diagonal's dtype. */
const swapSign = (odd: Tensor, like: Tensor) => where(odd, -1, 1).astype(like.dtype);

/**
 * JAX's `_cofactor_solve`: det(a) and adj(a)·b, defined for singular a too. From a = P·L·U:
 * the last pivot of U is replaced by 1/(u₀₀⋯u₍ₙ₋₂₎₍ₙ₋₂₎), so for rank n − 1 the solve
 * gives the last row of adj(a)·b instead of dividing by zero, the other rows are scaled by
 * det(a) (0 then); matrices of lower rank, where even that fails, give 0 (their adjugate).
 */
function cofactorSolve(a: Tensor, b: Tensor): [Tensor, Tensor] {
  const n = size(a, 1);
  const { lu, perm, diag, odd } = luParts("np.linalg.det", a);
  if (n === 1) return [reshape(a, a.shape.slice(0, -2)), b];
  const partial = multiply(cumprod(diag, -1), expandDims(swapSign(odd, diag), -1));
  const total = partial.slice("...", -1);
  const patched = lu.at("...", -1, -1).set(divide(1, partial.slice("...", -2)));
  // Matrices singular beyond rank n − 1 still fail the patched solve: their adjugate is 0.
  const probe = linalg.triangularSolve(patched, ones([...b.shape.slice(0, -2), 1, n], b.dtype), { leftSide: false, lower: false });
  const failed = broadcastTo(expandDims(any(logicalNot(isfinite(probe)), [-2, -1]), [-1, -2]), b.shape);
  let x = where(failed, 0, b);
  x = alongAxis(x, broadcastTo(expandDims(perm, -1), x.shape), x.ndim - 2);
  x = linalg.triangularSolve(patched, x, { leftSide: true, lower: true, unitDiagonal: true });
  const scaled = multiply(x.slice("...", [0, n - 1], [null, null]), expandDims(expandDims(total, -1), -1));
  x = concatenate([scaled, x.slice("...", [n - 1, n], [null, null])], -2);
  x = linalg.triangularSolve(patched, x, { leftSide: true, lower: false });
  return [total, where(failed, 0, x)];
}

const detWithJvp = customJvp((a: Tensor): Tensor => {
  const { diag, odd } = luParts("np.linalg.det", a);
  return multiply(prod(diag, -1), swapSign(odd, diag));
});
// JAX's rule: d det = tr(adj(a)·da), through the cofactor solve, so singular matrices get their adjugate.
detWithJvp.defjvp(([a]: Tensor[], [da]: Tensor[]) => {
  const [y, z] = cofactorSolve(a, da);
  return [y, sum(diagonal(z, 0, -2, -1), -1)];
});

/**
 * The determinant of square matrices, as the signed product of LU's pivots. Its derivative
 * is JAX's: the adjugate, also at singular matrices (where a solve would give NaN).
 * @example np.linalg.det(np.array([[1, 2], [3, 4]])) // -2
 */
export function det(a: TensorLike): Tensor {
  return detWithJvp(matrices("np.linalg.det", a, true));
}

/**
 * The sign and the log of the absolute value of the determinant, `[sign, logabsdet]`,
 * without overflow: sign 0 and logabsdet -inf for a singular matrix.
 * @example const [s, l] = np.linalg.slogdet(np.array([[1, 2], [3, 4]])); // s = -1, l = log 2
 */
export function slogdet(a: TensorLike): [Tensor, Tensor] {
  const { diag, odd } = luParts("np.linalg.slogdet", a);
  const isZero = any(equal(diag, 0), -1);
  const s = multiply(where(odd, -1, 1).astype(diag.dtype), prod(sign(diag), -1));
  const logdet = where(isZero, -Infinity, sum(log(abs(diag)), -1));
  return [where(isZero, 0, s), logdet];
}

/**
 * The least-squares solution of a·x ≈ b through the SVD: `[x, residuals, rank, s]`, with
 * singular values below `rcond`·s[0] (default eps·max(m, n)) treated as zero. As JAX (and
 * unlike NumPy) the residuals ‖b − a·x‖² per column are always returned.
 * @example const [x] = np.linalg.lstsq(np.array([[1, 0], [1, 1], [1, 2]]), np.array([1, 2, 3])); // [1, 1]
 */
export function lstsq(a: TensorLike, b: TensorLike, rcond: number | null = null): [Tensor, Tensor, Tensor, Tensor] {
  const op = "np.linalg.lstsq";
  const [ta, tb0] = promoteInexact(op, [a, b]);
  if (ta.ndim !== 2) throw new ShapeError(`${op}: a must be 2-D, got shape ${showShape(ta.shape)}.`);
  if (tb0.ndim !== 1 && tb0.ndim !== 2) throw new ShapeError(`${op}: b must be 1-D or 2-D, got shape ${showShape(tb0.shape)}.`);
  const [m, n] = ta.shape;
  if (tb0.shape[0] !== m) throw new ShapeError(`${op}: a is ${showShape(ta.shape)}, so b needs ${m} rows, got shape ${showShape(tb0.shape)}.`);
  const vector = tb0.ndim === 1;
  const tb = vector ? reshape(tb0, [m, 1]) : tb0;
  const eps = finfoEps(ta.dtype);
  const rc = rcond === null ? eps * Math.max(m, n) : rcond < 0 ? eps : rcond;
  const [u, s, vt] = linalg.svd(ta, { fullMatrices: false });
  const k = Math.min(m, n);
  const first = k === 0 ? s : s.slice([0, 1]);
  const mask = greaterEqual(s, multiply(rc, first));
  const rank = sum(convert(mask, "int32"), -1);
  const safe = where(mask, s, 1);
  const sInv = expandDims(where(mask, divide(1, safe), 0), -1);
  const x = matmul(mT(vt), multiply(sInv, matmul(mT(u), tb)));
  const resid = sum(subtract(tb, matmul(ta, x)).square(), 0);
  return [vector ? reshape(x, [n]) : x, resid, rank, s];
}

const pinvPrimal = (a: Tensor, rtol: number | null): Tensor => {
  const m = size(a, 2);
  const n = size(a, 1);
  if (m === 0 || n === 0) return broadcastTo(convert(eye(0, 0, 0, a.dtype), a.dtype), [...a.shape.slice(0, -2), n, m]);
  const r = rtol ?? 10 * Math.max(m, n) * finfoEps(a.dtype);
  const [u, s, vh] = linalg.svd(a, { fullMatrices: false });
  const cutoff = multiply(r, s.slice("...", [0, 1]));
  const kept = where(greater(s, cutoff), s, Infinity);
  return matmul(mT(vh), divide(mT(u), expandDims(kept, -1)));
};

/**
 * The Moore–Penrose pseudo-inverse through the SVD, singular values ≤ `rtol`·s_max
 * (default 10·max(m, n)·eps) dropped; its derivative is Golub and Pereyra's, as JAX's.
 * @example np.linalg.pinv(np.array([[1, 0], [0, 0]])) // [[1, 0], [0, 0]]
 */
export function pinv(a: TensorLike, rtol: number | null = null): Tensor {
  const t = matrices("np.linalg.pinv", a, false);
  const f = customJvp((x: Tensor) => pinvPrimal(x, rtol));
  f.defjvp(([x]: Tensor[], [dx]: Tensor[]) => {
    const p = f(x);
    const m = size(x, 2);
    const n = size(x, 1);
    let pDot: Tensor;
    if (m >= n) {
      const s = matmul(matmul(p, mT(p)), mT(dx));
      const tt = matmul(matmul(mT(dx), mT(p)), p);
      // −p·ȧ·p + s − s·a·p + t − p·a·t
      pDot = add(add(subtract(add(negative(matmul(matmul(p, dx), p)), s), matmul(matmul(s, x), p)), tt), negative(matmul(matmul(p, x), tt)));
    } else {
      const s = matmul(p, matmul(mT(p), mT(dx)));
      const tt = matmul(mT(dx), matmul(mT(p), p));
      pDot = add(add(subtract(add(negative(matmul(p, matmul(dx, p))), s), matmul(s, matmul(x, p))), tt), negative(matmul(p, matmul(x, tt))));
    }
    return [p, pDot];
  });
  return f(t);
}

/**
 * a raised to the integer power n by repeated squaring (n < 0 inverts first; n = 0 is
 * the identity).
 * @example np.linalg.matrixPower(np.array([[1, 1], [0, 1]]), 3) // [[1, 3], [0, 1]]
 */
export function matrixPower(a: TensorLike, n: number): Tensor {
  const op = "np.linalg.matrixPower";
  if (!Number.isInteger(n)) throw new ArgumentError(`${op}: n must be an integer, got ${n}.`);
  let t = matrices(op, a, true);
  if (n === 0) return broadcastTo(eye(size(t, 1), null, 0, t.dtype), t.shape);
  if (n < 0) t = inv(t);
  let k = Math.abs(n);
  let z: Tensor | null = null;
  let result: Tensor | null = null;
  while (k > 0) {
    z = z === null ? t : matmul(z, z);
    if (k % 2 === 1) result = result === null ? z : matmul(result, z);
    k = Math.floor(k / 2);
  }
  return result!;
}

/**
 * The rank: the number of singular values above `rtol`·s_max (default rtol
 * max(m, n)·eps); for a vector, whether any element is non-zero.
 * @example np.linalg.matrixRank(np.array([[1, 2], [2, 4]])) // 1
 */
export function matrixRank(M: TensorLike, rtol: number | null = null): Tensor {
  const op = "np.linalg.matrixRank";
  const [t] = promoteInexact(op, [M]);
  if (t.ndim < 2) return convert(any(notEqual(t, 0)), "int32");
  const s = linalg.svd(t, { computeUv: false });
  const r = rtol ?? Math.max(size(t, 1), size(t, 2)) * finfoEps(t.dtype);
  const tol = multiply(max(s, -1, { keepdims: true }), r);
  return sum(convert(greater(s, tol), "int32"), -1);
}

/**
 * The condition number in norm `p` (default: the 2-norm, s_max/s_min). Other norms need
 * square matrices and are ‖a‖·‖a⁻¹‖; a NaN from a singular matrix becomes inf.
 * @example np.linalg.cond(np.array([[2, 0], [0, 1]])) // 2
 */
export function cond(x: TensorLike, p: NormOrd = null): Tensor {
  const op = "np.linalg.cond";
  const t = matrices(op, x, p !== null && p !== 2 && p !== -2);
  if (p === null || p === 2) {
    const s = svd(t, false, false);
    return divide(s.slice("...", 0), s.slice("...", -1));
  }
  let r: Tensor;
  if (p === -2) {
    const s = svd(t, false, false);
    r = divide(s.slice("...", -1), s.slice("...", 0));
  } else {
    r = multiply(norm(t, p, [-2, -1]), norm(inv(t), p, [-2, -1]));
  }
  return where(logicalAnd(isnan(r), logicalNot(any(isnan(t), [-2, -1]))), Infinity, r);
}
