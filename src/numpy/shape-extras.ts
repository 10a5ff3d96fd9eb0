/**
 * More jax.numpy shape functions, compositions of the shape ops: the array-API names
 * (`concat permuteDims matrixTranspose unstack`), stacking and splitting variants
 * (`columnStack dstack arraySplit hsplit vsplit dsplit append`), and turning
 * (`rot90 fliplr flipud`).
 */
import { ArgumentError, ShapeError } from "../core/errors";
import { normalizeAxis, showShape, unwrap } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { asTensor } from "./convert";
import { zeros } from "./creation";
import { atleast3d, tile } from "./structure";
import { concatenate, flip, hstack, reshape, split, squeeze, swapaxes, transpose } from "./shape-ops";

/** Alias of `concatenate` (the array API's name). @example np.concat([np.ones([2]), np.zeros([1])]) // [1, 1, 0] */
export const concat = concatenate;

/** Alias of `transpose` with the axes required (the array API's name). @example np.permuteDims(np.ones([2, 3, 4]), [2, 0, 1]).shape // [4, 2, 3] */
export function permuteDims(a: TensorLike, axes: readonly number[]): Tensor {
  return transpose(a, axes);
}

/** Swaps the last two axes. @example np.matrixTranspose(np.ones([5, 2, 3])).shape // [5, 3, 2] */
export function matrixTranspose(x: TensorLike): Tensor {
  const t = asTensor(x, "np.matrixTranspose");
  if (t.ndim < 2) throw new ShapeError(`np.matrixTranspose: needs at least 2 axes, got shape ${showShape(t.shape)}.`);
  return swapaxes(t, -1, -2);
}

/** The slices along `axis`, as a list. @example np.unstack(np.array([[1, 2], [3, 4]])) // [[1, 2], [3, 4]] */
export function unstack(x: TensorLike, axis = 0): Tensor[] {
  const t = asTensor(x, "np.unstack");
  if (t.ndim === 0) throw new ShapeError("np.unstack: a 0-d array has no axis to unstack.");
  const ax = unwrap(normalizeAxis("np.unstack", axis, t.ndim));
  return split(t, t.shape[ax], ax).map((p) => squeeze(p, ax));
}

/** Stacks 1-D arrays as columns (2-D arrays as they are) into a 2-D array. @example np.columnStack([[1, 2], [3, 4]]) // [[1, 3], [2, 4]] */
export function columnStack(tup: readonly TensorLike[]): Tensor {
  return hstack(tup.map((a) => {
    const t = asTensor(a, "np.columnStack");
    return t.ndim < 2 ? reshape(t, [t.size, 1]) : t;
  }));
}

/** Stacks along the third axis (after making each at least 3-D). @example np.dstack([[1, 2], [3, 4]]).shape // [1, 2, 2] */
export function dstack(tup: readonly TensorLike[]): Tensor {
  return concatenate(tup.map((a) => atleast3d(a) as Tensor), 2);
}

/**
 * Splits into `sections` parts that may differ by one element (the first ones larger), or
 * at the given indices, along `axis`.
 * @example np.arraySplit(np.arange(7), 3).map((p) => p.size) // [3, 2, 2]
 */
export function arraySplit(x: TensorLike, indicesOrSections: number | readonly number[], axis = 0): Tensor[] {
  const op = "np.arraySplit";
  const t = asTensor(x, op);
  const ax = unwrap(normalizeAxis(op, axis, t.ndim));
  if (typeof indicesOrSections !== "number") return split(t, indicesOrSections, ax);
  const k = indicesOrSections;
  if (!Number.isInteger(k) || k <= 0) throw new ArgumentError(`${op}: sections must be a positive integer, got ${k}.`);
  const n = t.shape[ax];
  const [each, extra] = [Math.floor(n / k), n % k];
  const cuts: number[] = [];
  for (let i = 1, at = 0; i < k; i++) cuts.push((at += each + (i <= extra ? 1 : 0)));
  return split(t, cuts, ax);
}

/** `split` along axis 1 (axis 0 for 1-D input). @example np.hsplit(np.ones([2, 4]), 2) */
export function hsplit(x: TensorLike, indicesOrSections: number | readonly number[]): Tensor[] {
  const t = asTensor(x, "np.hsplit");
  return split(t, indicesOrSections, t.ndim === 1 ? 0 : 1);
}
/** `split` along axis 0 (at least 2-D input). @example np.vsplit(np.ones([4, 2]), 2) */
export function vsplit(x: TensorLike, indicesOrSections: number | readonly number[]): Tensor[] {
  const t = asTensor(x, "np.vsplit");
  if (t.ndim < 2) throw new ShapeError(`np.vsplit: needs at least 2 axes, got shape ${showShape(t.shape)}.`);
  return split(t, indicesOrSections, 0);
}
/** `split` along axis 2 (at least 3-D input). @example np.dsplit(np.ones([1, 2, 4]), 2) */
export function dsplit(x: TensorLike, indicesOrSections: number | readonly number[]): Tensor[] {
  const t = asTensor(x, "np.dsplit");
  if (t.ndim < 3) throw new ShapeError(`np.dsplit: needs at least 3 axes, got shape ${showShape(t.shape)}.`);
  return split(t, indicesOrSections, 2);
}

/** `values` after `arr` along `axis` (both flattened when axis is null). @example np.append([1, 2], [3]) // [1, 2, 3] */
export function append(arr: TensorLike, values: TensorLike, axis: number | null = null): Tensor {
  const a = asTensor(arr, "np.append");
  const v = asTensor(values, "np.append");
  if (axis === null) return concatenate([reshape(a, [a.size]), reshape(v, [v.size])]);
  return concatenate([a, v], axis);
}

/**
 * Rotates by 90° `k` times in the plane of `axes`, from the first axis towards the second.
 * @example np.rot90(np.array([[1, 2], [3, 4]])) // [[2, 4], [1, 3]]
 */
export function rot90(m: TensorLike, k = 1, axes: readonly [number, number] = [0, 1]): Tensor {
  const op = "np.rot90";
  const t = asTensor(m, op);
  if (!Number.isInteger(k)) throw new ArgumentError(`${op}: k must be an integer, got ${k}.`);
  if (t.ndim < 2) throw new ShapeError(`${op}: needs at least 2 axes, got shape ${showShape(t.shape)}.`);
  const [a0, a1] = axes.map((a) => unwrap(normalizeAxis(op, a, t.ndim)));
  if (a0 === a1) throw new ArgumentError(`${op}: the two axes must differ, both are ${a0}.`);
  const turns = ((k % 4) + 4) % 4;
  if (turns === 0) return t;
  if (turns === 2) return flip(flip(t, a0), a1);
  const perm = t.shape.map((_, i) => (i === a0 ? a1 : i === a1 ? a0 : i));
  return turns === 1 ? transpose(flip(t, a1), perm) : flip(transpose(t, perm), a1);
}

/** Reverses the columns (axis 1). @example np.fliplr(np.array([[1, 2], [3, 4]])) // [[2, 1], [4, 3]] */
export function fliplr(m: TensorLike): Tensor {
  const t = asTensor(m, "np.fliplr");
  if (t.ndim < 2) throw new ShapeError(`np.fliplr: needs at least 2 axes, got shape ${showShape(t.shape)}.`);
  return flip(t, 1);
}
/** Reverses the rows (axis 0). @example np.flipud(np.array([1, 2, 3])) // [3, 2, 1] */
export function flipud(m: TensorLike): Tensor {
  const t = asTensor(m, "np.flipud");
  if (t.ndim < 1) throw new ShapeError("np.flipud: needs at least 1 axis, got a 0-d array.");
  return flip(t, 0);
}

/**
 * `a` flattened and repeated (cyclically) to fill `newShape`, NumPy's resize; zeros when
 * either is empty.
 * @example np.resize(np.array([1, 2, 3]), [2, 4]) // [[1, 2, 3, 1], [2, 3, 1, 2]]
 */
export function resize(a: TensorLike, newShape: number | readonly number[]): Tensor {
  const op = "np.resize";
  const t = asTensor(a, op);
  const shape = typeof newShape === "number" ? [newShape] : [...newShape];
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new ArgumentError(`${op}: the new shape must be non-negative integers, got ${JSON.stringify(newShape)}.`);
  const size = shape.reduce((n, d) => n * d, 1);
  if (t.size === 0 || size === 0) return zeros(shape, t.dtype);
  const flat = reshape(t, [t.size]);
  const repeated = tile(flat, Math.ceil(size / t.size));
  return reshape(repeated.size === size ? repeated : repeated.slice([0, size]), shape);
}