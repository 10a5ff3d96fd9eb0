/**
 * Index arithmetic and index-producing constructors, as jax.numpy's: `unravelIndex`,
 * `ravelMultiIndex`, `indices`, `trilIndices`, `triuIndices`, `diagIndices`, and the
 * matrices `tri`, `vander`, `diagflat`.
 */
import { type DType, DEFAULT_FLOAT } from "../core/dtype";
import { ArgumentError, ConcretizationError, ShapeError } from "../core/errors";
import { showShape } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { asTensor, broadcastAll, convert } from "./convert";
import { arange } from "./creation";
import { add, clip, floorDivide, greaterEqual, lessEqual, logicalAnd, mod, multiply, power, where } from "./elementwise";
import { all } from "./reductions";
import { broadcastTo, expandDims, flip, reshape } from "./shape-ops";
import { diag } from "./structure";

function checkShape(op: string, shape: readonly number[]): void {
  if (!Array.isArray(shape) || shape.some((d) => !(Number.isInteger(d) && d >= 0))) {
    throw new ArgumentError(`${op}: shape must be non-negative integers, got ${JSON.stringify(shape)}.`);
  }
}

/**
 * The multi-index of each flat index into an array of `shape` (row-major). As JAX, indices
 * are clipped into range (negative ones counting from the end) rather than refused.
 * @example np.unravelIndex(np.array([5, 7]), [3, 4]) // [[1, 1], [1, 3]]
 */
export function unravelIndex(indices: TensorLike, shape: readonly number[]): Tensor[] {
  const op = "np.unravelIndex";
  checkShape(op, shape);
  const idx = asTensor(indices, op);
  if (idx.dtype !== "int32") throw new ArgumentError(`${op}: indices must be int32, got ${idx.dtype}.`);
  const total = shape.reduce((a, b) => a * b, 1);
  let flat = where(idx.less(0), add(idx, total), idx);
  flat = clip(flat, 0, Math.max(total - 1, 0));
  const out: Tensor[] = [];
  let stride = total;
  for (const d of shape) {
    stride = d === 0 ? 0 : stride / d;
    out.push(d === 0 ? multiply(flat, 0) : mod(floorDivide(flat, stride), d));
  }
  return out;
}

/**
 * The flat (row-major) index of each multi-index into an array of `dims`. `mode` says what
 * an index out of range does: "raise" (concrete indices only, as in JAX), "wrap" or "clip".
 * @example np.ravelMultiIndex([np.array([1, 2]), np.array([3, 0])], [3, 4]) // [7, 8]
 */
export function ravelMultiIndex(multiIndex: readonly TensorLike[], dims: readonly number[], mode: "raise" | "wrap" | "clip" = "raise"): Tensor {
  const op = "np.ravelMultiIndex";
  checkShape(op, dims);
  if (multiIndex.length !== dims.length) throw new ShapeError(`${op}: ${multiIndex.length} index arrays for ${dims.length} dims.`);
  const parts = broadcastAll(op, multiIndex.map((m) => asTensor(m, op)));
  if (parts.some((p) => p.dtype !== "int32")) throw new ArgumentError(`${op}: the index arrays must be int32.`);
  let flat: Tensor | null = null;
  let stride = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    let p = parts[i];
    if (mode === "wrap") p = mod(p, dims[i]);
    else if (mode === "clip") p = clip(p, 0, dims[i] - 1);
    else {
      let concrete: boolean;
      try {
        concrete = all(logicalAnd(greaterEqual(p, 0), p.less(dims[i]))).item() as boolean;
      } catch (e) {
        if (e instanceof ConcretizationError) throw new ConcretizationError(`${op}: mode "raise" needs concrete indices; under jit use mode "wrap" or "clip".`);
        throw e;
      }
      if (!concrete) throw new ArgumentError(`${op}: an index along axis ${i} is outside [0, ${dims[i]}); use mode "wrap" or "clip".`);
    }
    const term = multiply(p, stride);
    flat = flat === null ? term : add(term, flat);
    stride *= dims[i];
  }
  return flat ?? asTensor(0, op, "int32");
}

/**
 * A grid of indices: one int32 array per axis of `dimensions`, each of that shape.
 * @example np.indices([2, 3])[1] // [[0, 1, 2], [0, 1, 2]]
 */
export function indices(dimensions: readonly number[], dtype: DType = "int32"): Tensor[] {
  checkShape("np.indices", dimensions);
  return dimensions.map((d, i) => {
    const shape = dimensions.map((_, j) => (j === i ? d : 1));
    return convert(broadcastTo(reshape(arange(d, null, null, "int32"), shape), [...dimensions]), dtype);
  });
}

/** The (row, column) indices where `keep(i, j)`, in row-major order. */
function matrixIndices(n: number, m: number, keep: (i: number, j: number) => boolean): [Tensor, Tensor] {
  const rows: number[] = [];
  const cols: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) if (keep(i, j)) (rows.push(i), cols.push(j));
  return [asTensor(new Int32Array(rows), "np.trilIndices"), asTensor(new Int32Array(cols), "np.trilIndices")];
}

function sizes(op: string, n: number, k: number, m: number | null): [number, number] {
  const cols = m ?? n;
  if (![n, cols].every((v) => Number.isInteger(v) && v >= 0) || !Number.isInteger(k)) throw new ArgumentError(`${op}: n and m must be non-negative integers and k an integer.`);
  return [n, cols];
}

/** The indices of the lower triangle (on and below diagonal k) of an n×m matrix. @example np.trilIndices(3) // [[0, 1, 1, 2, 2, 2], [0, 0, 1, 0, 1, 2]] */
export function trilIndices(n: number, k = 0, m: number | null = null): [Tensor, Tensor] {
  const [r, c] = sizes("np.trilIndices", n, k, m);
  return matrixIndices(r, c, (i, j) => j - i <= k);
}

/** The indices of the upper triangle (on and above diagonal k) of an n×m matrix. @example np.triuIndices(3, 1) // [[0, 0, 1], [1, 2, 2]] */
export function triuIndices(n: number, k = 0, m: number | null = null): [Tensor, Tensor] {
  const [r, c] = sizes("np.triuIndices", n, k, m);
  return matrixIndices(r, c, (i, j) => j - i >= k);
}

/** The indices of the main diagonal of an n×…×n array of `ndim` axes. @example np.diagIndices(3) // [[0, 1, 2], [0, 1, 2]] */
export function diagIndices(n: number, ndim = 2): Tensor[] {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(ndim) || ndim < 1) throw new ArgumentError("np.diagIndices: n must be a non-negative integer and ndim positive.");
  return Array.from({ length: ndim }, () => arange(n, null, null, "int32"));
}

/** An n×m matrix of ones on and below diagonal k, zeros above. @example np.tri(3) // [[1, 0, 0], [1, 1, 0], [1, 1, 1]] */
export function tri(n: number, m: number | null = null, k = 0, dtype: DType = DEFAULT_FLOAT): Tensor {
  const [r, c] = sizes("np.tri", n, k, m);
  const i = reshape(arange(r, null, null, "int32"), [r, 1]);
  const j = reshape(arange(c, null, null, "int32"), [1, c]);
  return convert(lessEqual(j, add(i, k)), dtype);
}

/**
 * The Vandermonde matrix: columns x^(N−1) … x⁰ (or ascending with `increasing`).
 * @example np.vander(np.array([1, 2, 3]), 3) // [[1, 1, 1], [4, 2, 1], [9, 3, 1]]
 */
export function vander(x: TensorLike, N: number | null = null, increasing = false): Tensor {
  const op = "np.vander";
  const t = asTensor(x, op);
  if (t.ndim !== 1) throw new ShapeError(`${op}: x must be 1-D, got shape ${showShape(t.shape)}.`);
  const n = N ?? t.shape[0];
  if (!Number.isInteger(n) || n < 0) throw new ArgumentError(`${op}: N must be a non-negative integer, got ${n}.`);
  const powers = arange(n, null, null, "int32");
  return power(expandDims(t, 1), expandDims(increasing ? powers : flip(powers), 0));
}

/** A 2-D array with the flattened input on diagonal k. @example np.diagflat([[1, 2], [3, 4]]).shape // [4, 4] */
export function diagflat(v: TensorLike, k = 0): Tensor {
  const t = asTensor(v, "np.diagflat");
  return diag(reshape(t, [t.size]), k);
}
