/**
 * The array API's names in `np.linalg`: its matrices are the last two axes (np.trace and
 * np.diagonal default to the first two), its options keyword-only, as jax.numpy.linalg.
 */
import { ArgumentError, ShapeError } from "../../core/errors";
import { normalizeAxes, normalizeAxis, showShape, unwrap } from "../../core/shape";
import type { Tensor, TensorLike } from "../../core/tensor";
import { type DTypeArg, convert, dtypeArg, promote, promoteInexact } from "../convert";
import * as products from "../products";
import { sum } from "../reductions";
import { matrixTranspose as swapLastTwo } from "../shape-extras";
import { reshape, transpose } from "../shape-ops";
import { diagonal as diagonalOf } from "../structure";
import { cross as crossAlong, vecdot as vecdotAlong, type VecdotOptions } from "../vector-products";
import { type NormOrd, matrixNormOver, vectorNormAlong } from "./norm";

/**
 * The cross product of 3-vectors along `axis` (both operands must have 3 components
 * there; np.cross also takes 2).
 * @example np.linalg.cross([1, 0, 0], [0, 1, 0]) // [0, 0, 1]
 */
export function cross(x1: TensorLike, x2: TensorLike, opts: { readonly axis?: number } = {}): Tensor {
  const op = "np.linalg.cross";
  const axis = opts.axis ?? -1;
  const [a, b] = promote(op, [x1, x2]);
  for (const t of [a, b]) {
    const n = t.ndim === 0 ? 0 : t.shape[unwrap(normalizeAxis(op, axis, t.ndim))];
    if (n !== 3) throw new ShapeError(`${op}: both operands need 3 components along axis ${axis}, got shapes ${showShape(a.shape)} and ${showShape(b.shape)}; np.cross also takes 2-vectors.`);
  }
  return crossAlong(a, b, axis, axis, axis);
}

/**
 * The diagonals of the matrices in the last two axes (offset > 0 above the main one).
 * @example np.linalg.diagonal(np.array([[1, 2], [3, 4]])) // [1, 4]
 */
export function diagonal(x: TensorLike, opts: { readonly offset?: number } = {}): Tensor {
  return diagonalOf(x, opts.offset ?? 0, -2, -1);
}

/**
 * The traces of the matrices in the last two axes, optionally in `dtype`.
 * @example np.linalg.trace(np.ones([2, 3, 3])) // [3, 3]
 */
export function trace(x: TensorLike, opts: { readonly offset?: number; readonly dtype?: DTypeArg } = {}): Tensor {
  const d = diagonalOf(x, opts.offset ?? 0, -2, -1);
  const dtype = dtypeArg("np.linalg.trace", opts.dtype);
  return sum(dtype === undefined ? d : convert(d, dtype), -1);
}

/** The matrix product, as np.matmul. @example np.linalg.matmul(np.eye(2), np.array([1, 2])) // [1, 2] */
export function matmul(x1: TensorLike, x2: TensorLike): Tensor {
  return products.matmul(x1, x2);
}

/** The outer product of two 1-D arrays (np.outer flattens; this refuses other shapes). @example np.linalg.outer([1, 2], [3, 4]) // [[3, 4], [6, 8]] */
export function outer(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = promote("np.linalg.outer", [x1, x2]);
  if (a.ndim !== 1 || b.ndim !== 1) throw new ShapeError(`np.linalg.outer: both operands must be 1-D, got shapes ${showShape(a.shape)} and ${showShape(b.shape)}; np.outer flattens them.`);
  return products.outer(a, b);
}

/** Sums products over `axes` (as np.tensordot; default 2). @example np.linalg.tensordot(np.ones([2, 3]), np.ones([3, 4]), { axes: 1 }).shape // [2, 4] */
export function tensordot(x1: TensorLike, x2: TensorLike, opts: { readonly axes?: number | readonly [readonly number[], readonly number[]] } = {}): Tensor {
  return products.tensordot(x1, x2, opts.axes ?? 2);
}

/** The matrices in the last two axes transposed. @example np.linalg.matrixTranspose(np.ones([2, 3])).shape // [3, 2] */
export function matrixTranspose(x: TensorLike): Tensor {
  return swapLastTwo(x);
}

/** Σ conj(x1)·x2 along `axis`, as np.vecdot. @example np.linalg.vecdot([1, 2], [3, 4]) // 11 */
export function vecdot(x1: TensorLike, x2: TensorLike, opts: VecdotOptions = {}): Tensor {
  return vecdotAlong(x1, x2, opts);
}

/** Options of {@link matrixNorm}. */
export interface MatrixNormOptions {
  /** Keep the two reduced axes as size 1. */
  readonly keepdims?: boolean;
  /** "fro" (default), "nuc", ±1, ±2 or ±Infinity, as np.linalg.norm's matrix ords. */
  readonly ord?: NormOrd;
}

/**
 * The norms of the matrices in the last two axes (Frobenius by default).
 * @example np.linalg.matrixNorm(np.array([[3, 0], [0, 4]])) // 5
 */
export function matrixNorm(x: TensorLike, opts: MatrixNormOptions = {}): Tensor {
  const op = "np.linalg.matrixNorm";
  const [t] = promoteInexact(op, [x]);
  if (t.ndim < 2) throw new ShapeError(`${op}: needs at least 2 axes, got shape ${showShape(t.shape)}.`);
  return matrixNormOver(op, t, opts.ord ?? "fro", t.ndim - 2, t.ndim - 1, opts.keepdims ?? false);
}

/** Options of {@link vectorNorm}. */
export interface VectorNormOptions {
  /** The axis or axes whose entries form each vector (all of x when null, the default). */
  readonly axis?: number | readonly number[] | null;
  /** Keep the reduced axes as size 1. */
  readonly keepdims?: boolean;
  /** p of (Σ|x|^p)^(1/p) (default 2), or 0, ±Infinity. */
  readonly ord?: number;
}

/**
 * Vector norms over `axis` (several axes, or all of x, are flattened into one vector per
 * remaining index, as the array API defines it).
 * @example np.linalg.vectorNorm(np.array([[3, 0], [0, 4]])) // 5
 * @example np.linalg.vectorNorm(np.array([[1, -2], [3, 4]]), { ord: 1, axis: 0 }) // [4, 6]
 */
export function vectorNorm(x: TensorLike, opts: VectorNormOptions = {}): Tensor {
  const op = "np.linalg.vectorNorm";
  const [t] = promoteInexact(op, [x]);
  const ord = opts.ord ?? 2;
  if (typeof ord !== "number") throw new ArgumentError(`${op}: ord must be a number (p, 0 or ±Infinity), got ${JSON.stringify(ord)}; use np.linalg.matrixNorm for "fro" and "nuc".`);
  const keepdims = opts.keepdims ?? false;
  const given = opts.axis ?? null;
  const axes = given === null ? t.shape.map((_, i) => i) : unwrap(normalizeAxes(op, typeof given === "number" ? [given] : given, t.ndim));
  if (axes.length === 1) return vectorNormAlong(op, t, ord, axes[0], keepdims);
  // The reduced axes last, flattened into one.
  const kept = t.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const flat = reshape(transpose(t, [...kept, ...axes]), [...kept.map((i) => t.shape[i]), axes.reduce((n, i) => n * t.shape[i], 1)]);
  const r = vectorNormAlong(op, flat, ord, kept.length, false);
  return keepdims ? reshape(r, t.shape.map((d, i) => (axes.includes(i) ? 1 : d))) : r;
}
