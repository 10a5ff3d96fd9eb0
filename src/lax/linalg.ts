/**
 * `lax.linalg`: jax.lax.linalg in camelCase — the factorizations as primitives, on the
 * last two axes of float arrays, batched over the leading ones. Integer inputs are
 * converted to float64, as jax.numpy.linalg does.
 */
import { ArgumentError, DTypeError, ShapeError } from "../core/errors";
import type { LinalgParams } from "../core/primitives";
import { showShape } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { bind, bind1 } from "../core/trace";
import { asTensor, promoteInexact } from "../numpy/convert";
import { matrices, symmetrize } from "./matrix-operands";

/**
 * LU decomposition with partial pivoting: `[lu, pivots, permutation]` with
 * `x[..., permutation, :] = L·U`, L unit lower triangular (below lu's diagonal) and U upper
 * (on and above it); `pivots[j]` is the row swapped with row j at step j (0-based).
 * @example const [lu, pivots, perm] = lax.linalg.lu(np.array([[1, 2], [3, 4]])); // perm = [1, 0]
 */
export function lu(x: TensorLike): [Tensor, Tensor, Tensor] {
  const [a, p, perm] = bind("lu", [matrices("lax.linalg.lu", x, false)], {});
  return [a, p, perm];
}

/**
 * The permutation (of `permutationSize` rows) that LU's `pivots` perform: row i of the
 * permuted matrix is row `permutation[i]` of the original.
 * @example lax.linalg.luPivotsToPermutation(np.array([2, 2, 2], "int32"), 3) // [2, 0, 1]
 */
export function luPivotsToPermutation(pivots: TensorLike, permutationSize: number): Tensor {
  const op = "lax.linalg.luPivotsToPermutation";
  const p = asTensor(pivots, op);
  if (p.dtype !== "int32") throw new DTypeError(`${op}: pivots must be int32, got ${p.dtype}.`);
  if (p.ndim < 1) throw new ShapeError(`${op}: pivots must have at least 1 axis, got shape ${showShape(p.shape)}.`);
  const k = p.shape[p.ndim - 1];
  if (!(Number.isInteger(permutationSize) && permutationSize >= k)) {
    throw new ArgumentError(`${op}: permutationSize must be an integer ≥ the number of pivots (${k}), got ${permutationSize}.`);
  }
  return bind1("lu_pivots_to_permutation", [p], { permutation_size: permutationSize });
}

/** Options of {@link triangularSolve}, JAX's defaults: right side, upper, no transpose. */
export interface TriangularSolveOptions {
  /** Solve op(a)·x = b (true) or x·op(a) = b (false, the default). */
  readonly leftSide?: boolean;
  /** Read a's lower triangle (default false: upper). */
  readonly lower?: boolean;
  /** op(a) = aᵀ (default false). */
  readonly transposeA?: boolean;
  /** Conjugate a (no effect on real dtypes). */
  readonly conjugateA?: boolean;
  /** Take a's diagonal as ones (it is not read). */
  readonly unitDiagonal?: boolean;
}

/**
 * Solves a triangular system: x with op(a)·x = b (`leftSide`) or x·op(a) = b; only a's
 * triangle is read. Batch axes must agree.
 * @example lax.linalg.triangularSolve(np.array([[2, 0], [1, 1]]), np.array([[2], [3]]), { leftSide: true, lower: true }) // [[1], [2]]
 */
export function triangularSolve(a: TensorLike, b: TensorLike, opts: TriangularSolveOptions = {}): Tensor {
  const op = "lax.linalg.triangularSolve";
  const [ta, tb] = promoteInexact(op, [a, b]);
  matrices(op, ta, true);
  matrices(op, tb, false);
  const params: LinalgParams["triangular_solve"] = {
    left_side: opts.leftSide ?? false,
    lower: opts.lower ?? false,
    transpose_a: opts.transposeA ?? false,
    conjugate_a: opts.conjugateA ?? false,
    unit_diagonal: opts.unitDiagonal ?? false,
  };
  return bind1("triangular_solve", [ta, tb], params);
}

/**
 * The Cholesky factor L (lower) with L·Lᵀ = x; NaN when x is not positive definite. By
 * default x is symmetrized first, so the gradient is symmetric, as in JAX.
 * @example lax.linalg.cholesky(np.array([[4, 2], [2, 2]])) // [[2, 0], [1, 1]]
 */
export function cholesky(x: TensorLike, opts: { readonly symmetrizeInput?: boolean } = {}): Tensor {
  let a = matrices("lax.linalg.cholesky", x, true);
  if (opts.symmetrizeInput ?? true) a = symmetrize(a);
  return bind1("cholesky", [a], {});
}

/** Options of {@link eigh}. */
export interface EighOptions {
  /** Read the lower triangle (default true) or the upper. */
  readonly lower?: boolean;
  /** Use (x + xᵀ)/2 (default true), which makes the derivative symmetric. */
  readonly symmetrizeInput?: boolean;
}

/**
 * The symmetric eigendecomposition `[v, w]`: eigenvectors as v's columns and eigenvalues w
 * ascending, with x·v = v·diag(w).
 * @example const [v, w] = lax.linalg.eigh(np.array([[2, 1], [1, 2]])); // w = [1, 3]
 */
export function eigh(x: TensorLike, opts: EighOptions = {}): [Tensor, Tensor] {
  let a = matrices("lax.linalg.eigh", x, true);
  if (opts.symmetrizeInput ?? true) a = symmetrize(a);
  const [v, w] = bind("eigh", [a], { lower: opts.lower ?? true });
  return [v, w];
}

/**
 * QR decomposition `[q, r]` by Householder reflections (R's diagonal signs as LAPACK's):
 * with `fullMatrices` (default true) q is m×m and r m×n, otherwise m×k and k×n, k = min(m, n).
 * @example const [q, r] = lax.linalg.qr(np.array([[3, 1], [4, 2]])); // r[0][0] = -5
 */
export function qr(x: TensorLike, opts: { readonly fullMatrices?: boolean } = {}): [Tensor, Tensor] {
  const [q, r] = bind("qr", [matrices("lax.linalg.qr", x, false)], { full_matrices: opts.fullMatrices ?? true });
  return [q, r];
}

/** Options of {@link svd}. */
export interface SvdOptions {
  /** U m×m and Vᵀ n×n (default true), or m×k and k×n. */
  readonly fullMatrices?: boolean;
  /** Compute U and Vᵀ (default true); otherwise only the singular values. */
  readonly computeUv?: boolean;
}

/**
 * The singular value decomposition `[u, s, vh]` with x = u·diag(s)·vh and s descending;
 * only `s` with `computeUv: false`.
 * @example lax.linalg.svd(np.array([[3, 0], [0, -2]]), { computeUv: false }) // [3, 2]
 */
export function svd(x: TensorLike, opts: SvdOptions & { readonly computeUv: false }): Tensor;
export function svd(x: TensorLike, opts?: SvdOptions & { readonly computeUv?: true }): [Tensor, Tensor, Tensor];
export function svd(x: TensorLike, opts?: SvdOptions): Tensor | [Tensor, Tensor, Tensor];
export function svd(x: TensorLike, opts: SvdOptions = {}): Tensor | [Tensor, Tensor, Tensor] {
  const a = matrices("lax.linalg.svd", x, false);
  const computeUv = opts.computeUv ?? true;
  const outs = bind("svd", [a], { full_matrices: opts.fullMatrices ?? true, compute_uv: computeUv });
  if (!computeUv) return outs[0];
  const [s, u, vt] = outs;
  return [u, s, vt];
}
