/** Samplers of vectors and matrices, JAX's algorithms built on normal draws and linear algebra. */
import { ArgumentError, ShapeError } from "../core/errors";
import { checkOptions } from "../core/options";
import { broadcastShapes, showShape, unwrap } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import * as np from "../numpy";
import { keyWords, sampleShape } from "./keys";
import { drawShape, param } from "./params";
import { floatDType, normal, type FloatDType } from "./samplers";

/** How `multivariateNormal` factors the covariance. */
export type CovarianceFactorization = "cholesky" | "svd" | "eigh";

/** Options of `multivariateNormal`. */
export interface MultivariateNormalOptions {
  readonly dtype?: FloatDType;
  /** The factorization of cov (default "cholesky"; "svd" and "eigh" accept a semidefinite cov). */
  readonly method?: CovarianceFactorization;
}

/**
 * Samples of N(mean, cov): mean + L·z with L·Lᵀ = cov and z standard normal. `mean` is
 * [..., n] and `cov` [..., n, n]; `shape` is the batch shape (default: their batch shapes
 * broadcast), the result [...shape, n].
 * @example random.multivariateNormal(random.key(0), [0, 0], [[1, 0.5], [0.5, 1]], [100])
 */
export function multivariateNormal(k: TensorLike, mean: TensorLike, cov: TensorLike, shape?: readonly number[] | number, opts: MultivariateNormalOptions = {}): Tensor {
  const op = "random.multivariateNormal";
  keyWords(op, k);
  checkOptions(op, opts, '{ method: "eigh" }');
  const dtype = floatDType(op, opts.dtype);
  const method = opts.method ?? "cholesky";
  if (method !== "cholesky" && method !== "svd" && method !== "eigh") {
    throw new ArgumentError(`${op}: method must be "cholesky", "svd" or "eigh", got ${String(method)}.`);
  }
  const m = param(op, "mean", mean, dtype);
  const c = param(op, "cov", cov, dtype);
  if (m.ndim < 1) throw new ShapeError(`${op}: mean must have at least one axis ([..., n]), got a 0-d array.`);
  const n = m.shape[m.ndim - 1];
  if (c.ndim < 2 || c.shape[c.ndim - 1] !== n || c.shape[c.ndim - 2] !== n) {
    throw new ShapeError(`${op}: cov must have shape [..., ${n}, ${n}] to match mean ${showShape(m.shape)}, got ${showShape(c.shape)}.`);
  }
  const meanBatch = m.shape.slice(0, -1);
  const covBatch = c.shape.slice(0, -2);
  const batch =
    shape === undefined ? [...unwrap(broadcastShapes(op, [meanBatch, covBatch]))] : drawShape(op, shape, [np.zeros(meanBatch), np.zeros(covBatch)]);
  let factor: Tensor;
  if (method === "svd") {
    const [u, s] = np.linalg.svd(c);
    factor = np.multiply(u, np.expandDims(np.sqrt(s), -2));
  } else if (method === "eigh") {
    const [w, v] = np.linalg.eigh(c);
    factor = np.multiply(v, np.expandDims(np.sqrt(w), -2));
  } else {
    factor = np.linalg.cholesky(c);
  }
  const z = normal(k, [...batch, n], { dtype });
  return np.add(m, np.einsum("...ij,...j->...i", factor, z));
}

/** Options of `orthogonal`. */
export interface OrthogonalOptions {
  readonly dtype?: FloatDType;
  /** Columns (default n): an n×m matrix with orthonormal columns (n ≥ m) or rows (n < m). */
  readonly m?: number;
}

/**
 * Haar-distributed orthogonal matrices (n×n, or n×m with orthonormal columns or rows), by
 * Mezzadri's method: the Q of a Gaussian matrix with its columns' signs fixed by R's diagonal.
 * @example const q = random.orthogonal(random.key(0), 3); // q·qᵀ = I
 */
export function orthogonal(k: TensorLike, n: number, shape: readonly number[] | number = [], opts: OrthogonalOptions = {}): Tensor {
  const op = "random.orthogonal";
  keyWords(op, k);
  checkOptions(op, opts, "{ m: 2 }");
  const dtype = floatDType(op, opts.dtype);
  const m = opts.m ?? n;
  for (const [name, v] of [["n", n], ["m", m]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new ArgumentError(`${op}: ${name} must be a non-negative integer, got ${v}.`);
  }
  const z = normal(k, [...sampleShape(op, shape), Math.max(n, m), Math.min(n, m)], { dtype });
  const [q, r] = np.linalg.qr(z);
  const x = np.multiply(q, np.expandDims(np.sign(np.diagonal(r, 0, -2, -1)), -2));
  return n < m ? np.swapaxes(x, -1, -2) : x;
}
