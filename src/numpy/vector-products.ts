/**
 * Products of vectors along an axis, with batch axes broadcast: `cross vecdot matvec
 * vecmat`, as jax.numpy defines them (vecdot and vecmat conjugate their first operand).
 */
import { ArgumentError, ShapeError } from "../core/errors";
import { broadcastShapes, normalizeAxis, showShape, unwrap } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { indexInDim } from "../lax/lax";
import { conj } from "./complex-parts";
import { broadcastTo, promote } from "./convert";
import { zerosLike } from "./creation";
import { multiply, subtract } from "./elementwise";
import { matmul } from "./products";
import { expandDims, moveaxis, squeeze, stack } from "./shape-ops";

/** `x` with axis `axis` (checked, in `op`'s name) moved last. */
function axisLast(op: string, x: Tensor, axis: number, which: string): Tensor {
  if (x.ndim === 0) throw new ShapeError(`${op}: ${which} must be at least 1-D, got a scalar.`);
  if (!Number.isInteger(axis)) throw new ArgumentError(`${op}: ${which}'s axis must be an integer, got ${axis}.`);
  return moveaxis(x, unwrap(normalizeAxis(op, axis, x.ndim)), -1);
}

/**
 * The cross product of 3-vectors (or 2-vectors, whose third component is 0) along
 * `axisa` of `a` and `axisb` of `b`, the result's vectors along `axisc`; the other axes
 * broadcast. Two 2-vectors give the z component alone. `axis` sets all three.
 * @example np.cross([1, 0, 0], [0, 1, 0]) // [0, 0, 1]
 */
export function cross(a: TensorLike, b: TensorLike, axisa = -1, axisb = -1, axisc = -1, axis: number | null = null): Tensor {
  const op = "np.cross";
  if (axis !== null) [axisa, axisb, axisc] = [axis, axis, axis];
  const [x0, y0] = promote(op, [a, b]);
  const x = axisLast(op, x0, axisa, "a");
  const y = axisLast(op, y0, axisb, "b");
  const [n, m] = [x.shape[x.ndim - 1], y.shape[y.ndim - 1]];
  if (![2, 3].includes(n) || ![2, 3].includes(m)) {
    throw new ShapeError(`${op}: the vectors must have 2 or 3 components, got ${n} (a of shape ${showShape(x0.shape)}) and ${m} (b of shape ${showShape(y0.shape)}).`);
  }
  unwrap(broadcastShapes(op, [x.shape.slice(0, -1), y.shape.slice(0, -1)]));
  const part = (t: Tensor, k: number) => indexInDim(t, k, -1, { keepdims: false });
  const [a0, a1, b0, b1] = [part(x, 0), part(x, 1), part(y, 0), part(y, 1)];
  const z = subtract(multiply(a0, b1), multiply(a1, b0));
  if (n === 2 && m === 2) return z;
  // As JAX: a missing third component is zero, in the same formula (so 0 · ∞ gives NaN there).
  const a2 = n === 3 ? part(x, 2) : zerosLike(a0);
  const b2 = m === 3 ? part(y, 2) : zerosLike(b0);
  const c = stack([subtract(multiply(a1, b2), multiply(a2, b1)), subtract(multiply(a2, b0), multiply(a0, b2)), z], -1);
  if (!Number.isInteger(axisc)) throw new ArgumentError(`${op}: axisc must be an integer, got ${axisc}.`);
  return moveaxis(c, -1, unwrap(normalizeAxis(op, axisc, c.ndim)));
}

/** Options of {@link vecdot}. */
export interface VecdotOptions {
  /** The axis of each operand that holds the vectors (default -1). */
  readonly axis?: number;
}

/**
 * Σ conj(x1)·x2 along `axis`, the other axes broadcast (the array API's vecdot).
 * @example np.vecdot([[1, 2], [3, 4]], [1, 1]) // [3, 7]
 */
export function vecdot(x1: TensorLike, x2: TensorLike, opts: VecdotOptions = {}): Tensor {
  const op = "np.vecdot";
  const axis = opts.axis ?? -1;
  const [a0, b0] = promote(op, [x1, x2]);
  const a = axisLast(op, a0, axis, "x1");
  const b = axisLast(op, b0, axis, "x2");
  const n = a.shape[a.ndim - 1];
  if (b.shape[b.ndim - 1] !== n) {
    throw new ShapeError(`${op}: the vectors along axis ${axis} must have one length, got shapes ${showShape(a0.shape)} and ${showShape(b0.shape)}.`);
  }
  const batch = unwrap(broadcastShapes(op, [a.shape.slice(0, -1), b.shape.slice(0, -1)]));
  // (…, 1, n) @ (…, n, 1): one row by one column per batch element.
  const rows = expandDims(broadcastTo(op, conj(a), [...batch, n]), -2);
  const cols = expandDims(broadcastTo(op, b, [...batch, n]), -1);
  return squeeze(matmul(rows, cols), [-2, -1]);
}

/**
 * The matrix-vector product over the last axes: (…, m, n) by (…, n) gives (…, m), the
 * batch axes broadcast.
 * @example np.matvec([[1, 2], [3, 4]], [1, 1]) // [3, 7]
 */
export function matvec(x1: TensorLike, x2: TensorLike): Tensor {
  const op = "np.matvec";
  const [a, b] = promote(op, [x1, x2]);
  if (a.ndim < 2 || b.ndim < 1) throw new ShapeError(`${op}: needs a matrix (…, m, n) and a vector (…, n), got shapes ${showShape(a.shape)} and ${showShape(b.shape)}.`);
  if (a.shape[a.ndim - 1] !== b.shape[b.ndim - 1]) {
    throw new ShapeError(`${op}: the matrix's last axis (${a.shape[a.ndim - 1]}) must match the vector's (${b.shape[b.ndim - 1]}), got shapes ${showShape(a.shape)} and ${showShape(b.shape)}.`);
  }
  return squeeze(matmul(a, expandDims(b, -1)), -1);
}

/**
 * The vector-matrix product over the last axes, conjugating the vector: (…, n) by
 * (…, n, m) gives (…, m), the batch axes broadcast.
 * @example np.vecmat([1, 1], [[1, 2], [3, 4]]) // [4, 6]
 */
export function vecmat(x1: TensorLike, x2: TensorLike): Tensor {
  const op = "np.vecmat";
  const [a, b] = promote(op, [x1, x2]);
  if (a.ndim < 1 || b.ndim < 2) throw new ShapeError(`${op}: needs a vector (…, n) and a matrix (…, n, m), got shapes ${showShape(a.shape)} and ${showShape(b.shape)}.`);
  if (a.shape[a.ndim - 1] !== b.shape[b.ndim - 2]) {
    throw new ShapeError(`${op}: the vector's length (${a.shape[a.ndim - 1]}) must match the matrix's second-to-last axis (${b.shape[b.ndim - 2]}), got shapes ${showShape(a.shape)} and ${showShape(b.shape)}.`);
  }
  return squeeze(matmul(expandDims(conj(a), -2), b), -2);
}
