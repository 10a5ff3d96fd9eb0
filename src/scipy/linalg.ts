/**
 * `scipy.linalg`: jax.scipy.linalg's triangular and factored solves (`solveTriangular`,
 * `choFactor`/`choSolve`, `luFactor`/`luSolve`, `lu`) and SciPy's conventions for
 * `cholesky`, `det`, `inv`, `solve`, on the lax.linalg primitives.
 */
import { ArgumentError, ShapeError } from "../core/errors";
import { showShape } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import * as linalg from "../lax/linalg";
import { matrices } from "../lax/matrix-operands";
import { alongAxis } from "../lax/sort";
import { convert, promoteInexact } from "../numpy/convert";
import { arange, eye } from "../numpy/creation";
import { add, equal } from "../numpy/elementwise";
import * as npLinalg from "../numpy/linalg/index";
import { matmul } from "../numpy/products";
import { argsort } from "../numpy/sorting";
import { broadcastTo, expandDims, reshape, swapaxes } from "../numpy/shape-ops";
import { tril, triu } from "../numpy/structure";

const mT = (x: Tensor) => swapaxes(x, -1, -2);

/** SciPy's `trans`: 0/"N" solves a·x = b, 1/"T" and 2/"C" aᵀ·x = b. */
export type Trans = 0 | 1 | 2 | "N" | "T" | "C";

function transposed(op: string, trans: Trans): boolean {
  if (trans === 0 || trans === "N") return false;
  if (trans === 1 || trans === 2 || trans === "T" || trans === "C") return true;
  throw new ArgumentError(`${op}: trans must be 0, 1, 2, "N", "T" or "C", got ${JSON.stringify(trans)}.`);
}

/** b as matrices [..., n, k] (a vector becomes one column), and how to give the result b's shape back. */
function columns(op: string, a: Tensor, b: Tensor): [Tensor, (x: Tensor) => Tensor] {
  const n = a.shape[a.ndim - 1];
  if (b.ndim === 0 || b.shape[b.ndim === 1 ? 0 : b.ndim - 2] !== n) {
    throw new ShapeError(`${op}: a is ${showShape(a.shape)}, so b needs ${n} rows, got shape ${showShape(b.shape)}.`);
  }
  if (b.ndim === 1) return [reshape(b, [n, 1]), (x) => reshape(x, [n])];
  return [b, (x) => x];
}

/** Options of {@link solveTriangular}. */
export interface SolveTriangularOptions {
  /** Which system: 0/"N" a·x = b (default), 1/"T" or 2/"C" aᵀ·x = b. */
  readonly trans?: Trans;
  /** Read a's lower triangle (default false: upper). */
  readonly lower?: boolean;
  /** Take a's diagonal as ones. */
  readonly unitDiagonal?: boolean;
}

/**
 * Solves a·x = b (or aᵀ·x = b) for triangular a, reading only its triangle; b is a
 * vector or matrices.
 * @example scipy.linalg.solveTriangular(np.array([[2, 0], [1, 1]]), np.array([2, 3]), { lower: true }) // [1, 2]
 */
export function solveTriangular(a: TensorLike, b: TensorLike, opts: SolveTriangularOptions = {}): Tensor {
  const op = "scipy.linalg.solveTriangular";
  const [ta, tb] = promoteInexact(op, [a, b]);
  matrices(op, ta, true);
  const [bm, back] = columns(op, ta, tb);
  return back(
    linalg.triangularSolve(ta, bm, {
      leftSide: true,
      lower: opts.lower ?? false,
      transposeA: transposed(op, opts.trans ?? 0),
      unitDiagonal: opts.unitDiagonal ?? false,
    }),
  );
}

/**
 * SciPy's Cholesky: the upper factor U with a = Uᵀ·U by default, or the lower one.
 * @example scipy.linalg.cholesky(np.array([[4, 2], [2, 2]])) // [[2, 1], [0, 1]]
 */
export function cholesky(a: TensorLike, opts: { readonly lower?: boolean } = {}): Tensor {
  return npLinalg.cholesky(a, { upper: !(opts.lower ?? false) });
}

/** A Cholesky factor with the triangle it is in, as {@link choFactor} returns it. */
export type ChoFactor = readonly [Tensor, boolean];

/**
 * The Cholesky factor for {@link choSolve}: `[c, lower]`, c holding the factor in its
 * lower (or upper, the default) triangle. Only that triangle of a is read.
 * @example const cf = scipy.linalg.choFactor(np.array([[4, 2], [2, 2]]));
 */
export function choFactor(a: TensorLike, opts: { readonly lower?: boolean } = {}): [Tensor, boolean] {
  const lower = opts.lower ?? false;
  const t = matrices("scipy.linalg.choFactor", a, true);
  const c = linalg.cholesky(lower ? t : mT(t), { symmetrizeInput: false });
  return [lower ? c : mT(c), lower];
}

/**
 * Solves a·x = b from a's Cholesky factor (two triangular solves).
 * @example scipy.linalg.choSolve(scipy.linalg.choFactor(a), b)
 */
export function choSolve(cAndLower: ChoFactor, b: TensorLike): Tensor {
  const op = "scipy.linalg.choSolve";
  const [c, lower] = cAndLower;
  const [tc, tb] = promoteInexact(op, [c, b]);
  matrices(op, tc, true);
  const [bm, back] = columns(op, tc, tb);
  const y = linalg.triangularSolve(tc, bm, { leftSide: true, lower, transposeA: !lower });
  return back(linalg.triangularSolve(tc, y, { leftSide: true, lower, transposeA: lower }));
}

/**
 * LU with partial pivoting for {@link luSolve}: `[lu, piv]`, `piv` LAPACK's row swaps (0-based).
 * @example const [lu, piv] = scipy.linalg.luFactor(np.array([[1, 2], [3, 4]])); // piv = [1, 1]
 */
export function luFactor(a: TensorLike): [Tensor, Tensor] {
  const [luMat, piv] = linalg.lu(matrices("scipy.linalg.luFactor", a, true));
  return [luMat, piv];
}

/**
 * Solves a·x = b (or aᵀ·x = b with `trans`) from {@link luFactor}'s result.
 * @example scipy.linalg.luSolve(scipy.linalg.luFactor(a), b)
 */
export function luSolve(luAndPiv: readonly [Tensor, Tensor], b: TensorLike, trans: Trans = 0): Tensor {
  const op = "scipy.linalg.luSolve";
  const [luMat, piv] = luAndPiv;
  const [tl, tb] = promoteInexact(op, [luMat, b]);
  matrices(op, tl, true);
  const [bm, back] = columns(op, tl, tb);
  const n = tl.shape[tl.ndim - 1];
  const perm = linalg.luPivotsToPermutation(piv, n);
  const rows = (p: Tensor, x: Tensor) => alongAxis(x, broadcastTo(expandDims(p, -1), x.shape), x.ndim - 2);
  if (!transposed(op, trans)) {
    const y = linalg.triangularSolve(tl, rows(perm, bm), { leftSide: true, lower: true, unitDiagonal: true });
    return back(linalg.triangularSolve(tl, y, { leftSide: true, lower: false }));
  }
  // aᵀ = Uᵀ·Lᵀ·P, so x = Pᵀ·(Lᵀ)⁻¹·(Uᵀ)⁻¹·b.
  const y = linalg.triangularSolve(tl, bm, { leftSide: true, lower: false, transposeA: true });
  const z = linalg.triangularSolve(tl, y, { leftSide: true, lower: true, unitDiagonal: true, transposeA: true });
  return back(rows(argsort(perm, -1), z));
}

/**
 * The LU decomposition `[p, l, u]` with a = p·l·u (p a permutation matrix, l unit lower
 * m×k, u upper k×n); with `permuteL`, `[p·l, u]`.
 * @example const [p, l, u] = scipy.linalg.lu(np.array([[1, 2], [3, 4]]));
 */
export function lu(a: TensorLike, opts: { readonly permuteL: true }): [Tensor, Tensor];
export function lu(a: TensorLike, opts?: { readonly permuteL?: false }): [Tensor, Tensor, Tensor];
export function lu(a: TensorLike, opts: { readonly permuteL?: boolean } = {}): [Tensor, Tensor] | [Tensor, Tensor, Tensor] {
  const t = matrices("scipy.linalg.lu", a, false);
  const [luMat, , perm] = linalg.lu(t);
  const m = t.shape[t.ndim - 2];
  const n = t.shape[t.ndim - 1];
  const k = Math.min(m, n);
  // p[i][j] = 1 where row i of a is row j of p·l·u's product order: perm[j] = i.
  const p = convert(equal(expandDims(arange(m, null, null, "int32"), -1), expandDims(perm, -2)), t.dtype);
  const l = add(tril(luMat.slice("...", [0, k]), -1), eye(m, k, 0, t.dtype));
  const u = triu(luMat.slice("...", [0, k], [0, n]));
  if (opts.permuteL) return [matmul(p, l), u];
  return [p, l, u];
}

/**
 * The determinant (through LU), as `np.linalg.det`.
 * @example scipy.linalg.det(np.array([[1, 2], [3, 4]])) // -2
 */
export const det = (a: TensorLike): Tensor => npLinalg.det(a);

/**
 * The inverse (through LU), as `np.linalg.inv`.
 * @example scipy.linalg.inv(np.array([[2, 0], [0, 4]])) // [[0.5, 0], [0, 0.25]]
 */
export const inv = (a: TensorLike): Tensor => npLinalg.inv(a);

/**
 * Solves a·x = b: by LU (`assumeA` "gen", the default, or "sym"), or by Cholesky for a
 * symmetric positive-definite a ("pos", reading its `lower` or upper triangle).
 * @example scipy.linalg.solve(np.array([[4, 2], [2, 3]]), np.array([2, 1]), { assumeA: "pos" }) // [0.5, 0]
 */
export function solve(a: TensorLike, b: TensorLike, opts: { readonly assumeA?: "gen" | "sym" | "pos"; readonly lower?: boolean } = {}): Tensor {
  const assumeA = opts.assumeA ?? "gen";
  if (assumeA === "gen" || assumeA === "sym") return npLinalg.solve(a, b);
  if (assumeA !== "pos") throw new ArgumentError(`scipy.linalg.solve: assumeA must be "gen", "sym" or "pos", got ${JSON.stringify(assumeA)}.`);
  return choSolve(choFactor(a, { lower: opts.lower ?? false }), b);
}
