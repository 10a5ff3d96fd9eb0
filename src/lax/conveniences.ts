/**
 * jax.lax's convenience forms of its primitives: reductions over explicit axes, argmax and
 * argmin, clamp, the `…InDim` slices, broadcasts and reshapes, full arrays, dot and
 * batch_matmul, sort_key_val and top_k. No NumPy broadcasting or promotion, as in lax.
 */
import type { DType } from "../core/dtype";
import { ArgumentError, ShapeError } from "../core/errors";
import type { ReducePrim } from "../core/primitives";
import { normalizeAxes, normalizeAxis, showShape, unwrap } from "../core/shape";
import type { Shape } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import { asTensor, dtypeArg, type DTypeArg, laxOperands } from "../numpy/convert";
import { broadcastInDim, dotGeneral, dynamicSlice, dynamicUpdateSlice, reshape, slice, squeeze } from "./lax";
import { sort } from "./sort";

const reduceOver =
  (prim: ReducePrim, op: string) =>
  (operand: TensorLike, axes: readonly number[]): Tensor => {
    const t = asTensor(operand, op);
    return bind1(prim, [t], { axes: unwrap(normalizeAxes(op, axes, t.ndim)) });
  };
/** Σ over `axes`. @example lax.reduceSum(np.ones([2, 3]), [1]) // [3, 3] */
export const reduceSum = reduceOver("reduce_sum", "lax.reduceSum");
/** The maximum over `axes`. @example lax.reduceMax(np.array([[1, 5], [7, 2]]), [0]) // [7, 5] */
export const reduceMax = reduceOver("reduce_max", "lax.reduceMax");
/** The minimum over `axes`. @example lax.reduceMin(np.array([[1, 5], [7, 2]]), [1]) // [1, 2] */
export const reduceMin = reduceOver("reduce_min", "lax.reduceMin");
/** The product over `axes`. @example lax.reduceProd(np.array([2, 3, 4]), [0]) // 24 */
export const reduceProd = reduceOver("reduce_prod", "lax.reduceProd");
/** Logical and over `axes` (bool operands). @example lax.reduceAnd(np.array([true, false]), [0]) // false */
export const reduceAnd = reduceOver("reduce_and", "lax.reduceAnd");
/** Logical or over `axes` (bool operands). @example lax.reduceOr(np.array([true, false]), [0]) // true */
export const reduceOr = reduceOver("reduce_or", "lax.reduceOr");

const argReduce =
  (prim: "argmax" | "argmin", op: string) =>
  (operand: TensorLike, axis: number, indexDtype: DTypeArg = "int32"): Tensor => {
    const t = asTensor(operand, op);
    const d = dtypeArg(op, indexDtype) as DType;
    return bind1(prim, [t], { axes: [unwrap(normalizeAxis(op, axis, t.ndim))], index_dtype: d });
  };
/** The index of the maximum along `axis` (the first on ties; NaN wins). @example lax.argmax(np.array([1, 9, 9]), 0) // 1 */
export const argmax = argReduce("argmax", "lax.argmax");
/** The index of the minimum along `axis` (the first on ties; NaN wins). @example lax.argmin(np.array([4, 1, 1]), 0) // 1 */
export const argmin = argReduce("argmin", "lax.argmin");

/** `x` with no gradient through it: the top-level stopGradient, under lax's name too. */
export { stopGradient } from "../core/api";

/**
 * min(max(x, lo), hi), lo and hi scalars or of x's shape, with JAX's argument order
 * (`clamp(min, x, max)`).
 * @example lax.clamp(0, np.array([-1, 0.5, 2]), 1) // [0, 0.5, 1]
 */
export function clamp(min: TensorLike, x: TensorLike, max: TensorLike): Tensor {
  const [lo, t, hi] = laxOperands("lax.clamp", [min, x, max]);
  const fit = (b: Tensor, name: string) => {
    if (b.ndim === 0) return b;
    if (b.shape.length !== t.shape.length || b.shape.some((d, i) => d !== t.shape[i])) {
      throw new ShapeError(`lax.clamp: ${name} must be a scalar or of x's shape ${showShape(t.shape)}, got ${showShape(b.shape)}.`);
    }
    return b;
  };
  return bind1("min", [bind1("max", [t, fit(lo, "min")], {}), fit(hi, "max")], {});
}

/** Axis `axis` of `x` normalized, named in `op`'s errors. */
const axisOf = (op: string, x: Tensor, axis: number) => unwrap(normalizeAxis(op, axis, x.ndim));

/**
 * `x[start:limit:stride]` along one axis.
 * @example lax.sliceInDim(np.arange(10), 2, 8, 2) // [2, 4, 6]
 */
export function sliceInDim(x: TensorLike, startIndex: number, limitIndex: number, stride = 1, axis = 0): Tensor {
  const t = asTensor(x, "lax.sliceInDim");
  const ax = axisOf("lax.sliceInDim", t, axis);
  const n = t.shape[ax];
  const start = startIndex < 0 ? startIndex + n : startIndex;
  const limit = limitIndex < 0 ? limitIndex + n : limitIndex;
  return slice(
    t,
    t.shape.map((_, d) => (d === ax ? start : 0)),
    t.shape.map((s, d) => (d === ax ? limit : s)),
    t.shape.map((_, d) => (d === ax ? stride : 1)),
  );
}

/** `sliceSize` entries along `axis` from a dynamic (possibly traced) start, clamped into range. @example lax.dynamicSliceInDim(np.arange(10), i, 3) */
export function dynamicSliceInDim(x: TensorLike, startIndex: number | Tensor, sliceSize: number, axis = 0): Tensor {
  const t = asTensor(x, "lax.dynamicSliceInDim");
  const ax = axisOf("lax.dynamicSliceInDim", t, axis);
  return dynamicSlice(
    t,
    t.shape.map((_, d) => (d === ax ? startIndex : 0)),
    t.shape.map((s, d) => (d === ax ? sliceSize : s)),
  );
}

/** The entry at a dynamic index along `axis`, the axis kept with size 1 unless `keepdims` is false. @example lax.dynamicIndexInDim(x, i, 0, { keepdims: false }) */
export function dynamicIndexInDim(x: TensorLike, index: number | Tensor, axis = 0, opts: { readonly keepdims?: boolean } = {}): Tensor {
  const t = asTensor(x, "lax.dynamicIndexInDim");
  const ax = axisOf("lax.dynamicIndexInDim", t, axis);
  const r = dynamicSliceInDim(t, index, 1, ax);
  return opts.keepdims === false ? squeeze(r, [ax]) : r;
}

/** `x` with `update` written along `axis` from a dynamic start (clamped so it fits). @example lax.dynamicUpdateSliceInDim(np.zeros([5]), np.ones([2]), 3, 0) */
export function dynamicUpdateSliceInDim(x: TensorLike, update: TensorLike, startIndex: number | Tensor, axis: number): Tensor {
  const t = asTensor(x, "lax.dynamicUpdateSliceInDim");
  const ax = axisOf("lax.dynamicUpdateSliceInDim", t, axis);
  return dynamicUpdateSlice(
    t,
    update,
    t.shape.map((_, d) => (d === ax ? startIndex : 0)),
  );
}

/** `x` with one entry along `axis` replaced by `update` (which has that axis of size 1, or lacks it). @example lax.dynamicUpdateIndexInDim(np.zeros([3, 2]), np.ones([2]), 1, 0) */
export function dynamicUpdateIndexInDim(x: TensorLike, update: TensorLike, index: number | Tensor, axis: number): Tensor {
  const op = "lax.dynamicUpdateIndexInDim";
  const t = asTensor(x, op);
  const ax = axisOf(op, t, axis);
  let u = asTensor(update, op);
  if (u.ndim === t.ndim - 1) u = reshape(u, [...u.shape.slice(0, ax), 1, ...u.shape.slice(ax)]);
  return dynamicUpdateSliceInDim(t, u, index, ax);
}

/** Prepends the axes `sizes` (`x` broadcast along new leading axes). @example lax.broadcast(np.array([1, 2]), [3]).shape // [3, 2] */
export function broadcast(x: TensorLike, sizes: readonly number[]): Tensor {
  const t = asTensor(x, "lax.broadcast");
  return broadcastInDim(t, [...sizes, ...t.shape], t.shape.map((_, d) => sizes.length + d));
}

/** Leading size-1 axes up to `rank`. @example lax.broadcastToRank(np.ones([3]), 3).shape // [1, 1, 3] */
export function broadcastToRank(x: TensorLike, rank: number): Tensor {
  const t = asTensor(x, "lax.broadcastToRank");
  if (!Number.isInteger(rank) || rank < t.ndim) throw new ArgumentError(`lax.broadcastToRank: rank must be an integer at least x's rank ${t.ndim}, got ${rank}.`);
  return t.ndim === rank ? t : broadcast(t, Array(rank - t.ndim).fill(1));
}

/** New size-1 axes at `dimensions` (of the result). @example lax.expandDims(np.ones([3]), [0, 2]).shape // [1, 3, 1] */
export function expandDims(x: TensorLike, dimensions: readonly number[]): Tensor {
  const t = asTensor(x, "lax.expandDims");
  const rank = t.ndim + dimensions.length;
  const dims = unwrap(normalizeAxes("lax.expandDims", dimensions, rank));
  const shape: number[] = [];
  let k = 0;
  for (let d = 0; d < rank; d++) shape.push(dims.includes(d) ? 1 : t.shape[k++]);
  return reshape(t, shape);
}

/** Axes [start, stop) merged into one. @example lax.collapse(np.ones([2, 3, 4]), 0, 2).shape // [6, 4] */
export function collapse(x: TensorLike, startDimension: number, stopDimension?: number): Tensor {
  const t = asTensor(x, "lax.collapse");
  const start = startDimension < 0 ? startDimension + t.ndim : startDimension;
  const stop = stopDimension === undefined ? t.ndim : stopDimension < 0 ? stopDimension + t.ndim : stopDimension;
  if (!(Number.isInteger(start) && Number.isInteger(stop) && 0 <= start && start <= stop && stop <= t.ndim)) {
    throw new ArgumentError(`lax.collapse: axes [${startDimension}, ${stopDimension ?? t.ndim}) are not a range of a rank-${t.ndim} array.`);
  }
  const merged = t.shape.slice(start, stop).reduce((n, d) => n * d, 1);
  return reshape(t, [...t.shape.slice(0, start), merged, ...t.shape.slice(stop)]);
}

/** An array of `shape` filled with `fillValue` (in `dtype`, else the value's). @example lax.full([2, 2], 7) */
export function full(shape: Shape, fillValue: TensorLike, dtype?: DTypeArg): Tensor {
  const d = dtypeArg("lax.full", dtype);
  const v = asTensor(fillValue, "lax.full", d);
  if (v.ndim !== 0) throw new ShapeError(`lax.full: the fill value must be a scalar, got shape ${showShape(v.shape)}.`);
  return broadcastInDim(v, shape, []);
}

/** An array like `x` (its shape and dtype, or those given) filled with `fillValue`. @example lax.fullLike(np.ones([2]), 3) // [3, 3] */
export function fullLike(x: TensorLike, fillValue: TensorLike, dtype?: DTypeArg, shape?: Shape): Tensor {
  const t = asTensor(x, "lax.fullLike");
  return full(shape ?? t.shape, fillValue, dtype ?? t.dtype);
}

/** Zeros of `x`'s shape and dtype. @example lax.zerosLikeArray(np.ones([2])) // [0, 0] */
export function zerosLikeArray(x: TensorLike): Tensor {
  return fullLike(x, 0);
}

/**
 * The vector and matrix products of ranks 1 and 2: `lhs`'s last axis against `rhs`'s
 * first (a batchless dot_general).
 * @example lax.dot(np.array([[1, 2], [3, 4]]), np.array([1, 1])) // [3, 7]
 */
export function dot(lhs: TensorLike, rhs: TensorLike): Tensor {
  const [a, b] = laxOperands("lax.dot", [lhs, rhs]);
  if (![1, 2].includes(a.ndim) || ![1, 2].includes(b.ndim)) throw new ShapeError(`lax.dot: operands must be vectors or matrices, got shapes ${showShape(a.shape)} and ${showShape(b.shape)}; use lax.dotGeneral.`);
  return dotGeneral(a, b, [
    [[a.ndim - 1], [0]],
    [[], []],
  ]);
}

/**
 * Matrix products over leading batch axes, which must match: (…, m, k) by (…, k, n).
 * @example lax.batchMatmul(np.ones([5, 2, 3]), np.ones([5, 3, 4])).shape // [5, 2, 4]
 */
export function batchMatmul(lhs: TensorLike, rhs: TensorLike): Tensor {
  const [a, b] = laxOperands("lax.batchMatmul", [lhs, rhs]);
  const batch = a.ndim - 2;
  if (a.ndim < 2 || a.ndim !== b.ndim || a.shape.slice(0, batch).some((d, i) => d !== b.shape[i])) {
    throw new ShapeError(`lax.batchMatmul: operands need the same batch axes and two more, got shapes ${showShape(a.shape)} and ${showShape(b.shape)}.`);
  }
  const dims = [...Array(batch).keys()];
  return dotGeneral(a, b, [
    [[batch + 1], [batch]],
    [dims, dims],
  ]);
}

/**
 * `keys` sorted along `dimension`, `values` permuted alike (stable).
 * @example lax.sortKeyVal(np.array([3, 1, 2]), np.array([30, 10, 20])) // [[1, 2, 3], [10, 20, 30]]
 */
export function sortKeyVal(keys: TensorLike, values: TensorLike, dimension = -1): [Tensor, Tensor] {
  const [k, v] = sort([keys, values], dimension, { numKeys: 1 });
  return [k, v];
}

/**
 * The `k` largest entries along the last axis, largest first, and their indices (on ties
 * the lower index first; NaN counts as the smallest value).
 * @example lax.topK(np.array([1, 9, 3, 9]), 2) // [[9, 9], [1, 3]]
 */
export function topK(operand: TensorLike, k: number): [Tensor, Tensor] {
  const op = "lax.topK";
  const t = asTensor(operand, op);
  if (t.ndim === 0) throw new ShapeError(`${op}: the operand must have an axis to pick from, got a scalar.`);
  const n = t.shape[t.ndim - 1];
  if (!Number.isInteger(k) || k < 0 || k > n) throw new ArgumentError(`${op}: k must be an integer from 0 to the last axis's size ${n}, got ${k}.`);
  const index = bind1("iota", [], { dtype: "int32", shape: [...t.shape], dimension: t.ndim - 1 });
  // Sorted ascending by an order-reversed key (stable), so ties keep the lower index first and
  // the first k are the largest: −x for floats, ~x = −x − 1 for int32 and bool (no overflow).
  const asKey = t.dtype === "bool" ? bind1("convert_element_type", [t], { new_dtype: "int32", weak_type: false }) : t;
  const negated = asKey.dtype === "int32" ? bind1("not", [asKey], {}) : bind1("neg", [asKey], {});
  const [, values, indices] = sort([negated, t, index], -1, { numKeys: 1 });
  const first = (x: Tensor) => slice(x, x.shape.map(() => 0), [...x.shape.slice(0, -1), k]);
  return [first(values), first(indices)];
}
