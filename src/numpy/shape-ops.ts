/** Shape manipulation: reshape, transpose, broadcast, expand/squeeze, join, split, flip, roll. */
import { ArgumentError, ShapeError } from "../core/errors";
import { type Shape, broadcastShapes, describeValue, normalizeAxes, normalizeAxis, showShape, sizeOf, unwrap } from "../core/shape";
import type { Axis, Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import * as lax from "../lax/lax";
import { asTensor, broadcastInDim, broadcastTo as broadcastToShape, promote, reshape as reshapeTo } from "./convert";

/**
 * Gives `x` a new shape with the same elements (row-major). One entry may be -1.
 * @example np.reshape(np.arange(6), [2, -1]).shape // [2, 3]
 */
export function reshape(x: TensorLike, shape: number | Shape): Tensor {
  const t = asTensor(x, "np.reshape");
  const s = typeof shape === "number" ? [shape] : [...shape];
  const unknown = s.filter((d) => d === -1).length;
  if (unknown > 1 || s.some((d) => !Number.isInteger(d) || d < -1)) {
    throw new ArgumentError(`np.reshape: ${showShape(s)} is not a valid shape (non-negative integers, at most one -1).`);
  }
  if (unknown === 1) {
    const known = sizeOf(s.filter((d) => d !== -1));
    if (known === 0 || t.size % known !== 0) {
      throw new ShapeError(`np.reshape: cannot reshape an array of size ${t.size} (shape ${showShape(t.shape)}) into ${showShape(s)}.`);
    }
    s[s.indexOf(-1)] = t.size / known;
  }
  if (sizeOf(s) !== t.size) {
    throw new ShapeError(`np.reshape: cannot reshape an array of size ${t.size} (shape ${showShape(t.shape)}) into ${showShape(s)}.`);
  }
  return reshapeTo(t, s);
}

/** The elements as a 1-D array. @example np.ravel([[1, 2], [3, 4]]) // [1, 2, 3, 4] */
export function ravel(x: TensorLike): Tensor {
  const t = asTensor(x, "np.ravel");
  return reshapeTo(t, [t.size]);
}

/** Permutes axes (reverses them by default). @example np.transpose(np.ones([2, 3])).shape // [3, 2] */
export function transpose(x: TensorLike, axes?: readonly number[] | null): Tensor {
  const t = asTensor(x, "np.transpose");
  const perm = axes ? unwrap(normalizeAxes("np.transpose", axes, t.ndim)) : [...Array(t.ndim).keys()].reverse();
  if (perm.length !== t.ndim) {
    throw new ArgumentError(`np.transpose: axes ${showShape(axes ?? [])} must list each of the ${t.ndim} axes once.`);
  }
  return perm.every((p, i) => p === i) ? t : lax.transpose(t, perm);
}

/** Exchanges two axes. @example np.swapaxes(np.ones([2, 3, 4]), 0, 2).shape // [4, 3, 2] */
export function swapaxes(x: TensorLike, axis1: number, axis2: number): Tensor {
  const t = asTensor(x, "np.swapaxes");
  const a = unwrap(normalizeAxis("np.swapaxes", axis1, t.ndim));
  const b = unwrap(normalizeAxis("np.swapaxes", axis2, t.ndim));
  const perm = [...Array(t.ndim).keys()];
  [perm[a], perm[b]] = [perm[b], perm[a]];
  return transpose(t, perm);
}

/** Moves an axis to a new position. @example np.moveaxis(np.ones([2, 3, 4]), 0, -1).shape // [3, 4, 2] */
export function moveaxis(x: TensorLike, source: number, destination: number): Tensor {
  const t = asTensor(x, "np.moveaxis");
  const s = unwrap(normalizeAxis("np.moveaxis", source, t.ndim));
  const d = unwrap(normalizeAxis("np.moveaxis", destination, t.ndim));
  const perm = [...Array(t.ndim).keys()].filter((i) => i !== s);
  perm.splice(d, 0, s);
  return transpose(t, perm);
}

/** Broadcasts to `shape` with NumPy's rules. @example np.broadcastTo([1, 2], [3, 2]).shape // [3, 2] */
export function broadcastTo(x: TensorLike, shape: Shape): Tensor {
  return broadcastToShape("np.broadcastTo", asTensor(x, "np.broadcastTo"), shape);
}

/** Broadcasts all arguments to their common shape. */
export function broadcastArrays(...xs: TensorLike[]): Tensor[] {
  const ts = xs.map((x) => asTensor(x, "np.broadcastArrays"));
  const shape = unwrap(broadcastShapes("np.broadcastArrays", ts.map((t) => t.shape)));
  return ts.map((t) => broadcastToShape("np.broadcastArrays", t, shape));
}

/** Inserts size-1 axes at `axis` (positions in the result). @example np.expandDims([1, 2], 0).shape // [1, 2] */
export function expandDims(x: TensorLike, axis: number | readonly number[]): Tensor {
  const t = asTensor(x, "np.expandDims");
  const list = typeof axis === "number" ? [axis] : [...axis];
  const outRank = t.ndim + list.length;
  const newAxes = unwrap(normalizeAxes("np.expandDims", list, outRank));
  const shape: number[] = [];
  const dims: number[] = [];
  let src = 0;
  for (let i = 0; i < outRank; i++) {
    if (newAxes.includes(i)) shape.push(1);
    else {
      dims.push(i);
      shape.push(t.shape[src++]);
    }
  }
  return broadcastInDim(t, shape, dims);
}

/** Removes size-1 axes (all of them, or those in `axis`). @example np.squeeze(np.ones([1, 3, 1])).shape // [3] */
export function squeeze(x: TensorLike, axis?: Axis): Tensor {
  const t = asTensor(x, "np.squeeze");
  const axes =
    axis === null || axis === undefined
      ? t.shape.flatMap((d, i) => (d === 1 ? [i] : []))
      : unwrap(normalizeAxes("np.squeeze", typeof axis === "number" ? [axis] : axis, t.ndim));
  for (const a of axes) {
    if (t.shape[a] !== 1) {
      throw new ShapeError(`np.squeeze: axis ${a} of shape ${showShape(t.shape)} has size ${t.shape[a]}; only size-1 axes can be removed.`);
    }
  }
  return axes.length === 0 ? t : bind1("squeeze", [t], { dimensions: [...axes].sort((a, b) => a - b) });
}

function joinable(op: string, arrays: readonly TensorLike[]): Tensor[] {
  if (!Array.isArray(arrays) || arrays.length === 0) throw new ArgumentError(`${op}: needs a non-empty array of arrays.`);
  return promote(op, arrays);
}

/** Joins arrays along an existing axis. @example np.concatenate([[1, 2], [3]]) // [1, 2, 3] */
export function concatenate(arrays: readonly TensorLike[], axis = 0): Tensor {
  const ts = joinable("np.concatenate", arrays);
  if (ts[0].ndim === 0) throw new ArgumentError("np.concatenate: 0-d arrays cannot be concatenated; use np.stack.");
  const ax = unwrap(normalizeAxis("np.concatenate", axis, ts[0].ndim));
  return ts.length === 1 ? ts[0] : bind1("concatenate", ts, { dimension: ax });
}

/** Joins arrays along a new axis. @example np.stack([[1, 2], [3, 4]], 1) // [[1, 3], [2, 4]] */
export function stack(arrays: readonly TensorLike[], axis = 0): Tensor {
  const ts = joinable("np.stack", arrays);
  const shape = ts[0].shape;
  ts.forEach((t, i) => {
    if (t.ndim !== shape.length || t.shape.some((d, j) => d !== shape[j])) {
      throw new ShapeError(`np.stack: all arrays must have the same shape; array ${i} has ${showShape(t.shape)}, array 0 has ${showShape(shape)}.`);
    }
  });
  const ax = unwrap(normalizeAxis("np.stack", axis, shape.length + 1));
  return concatenate(
    ts.map((t) => expandDims(t, ax)),
    ax,
  );
}

/** Stacks along axis 1 (axis 0 for 1-D arrays). */
export function hstack(arrays: readonly TensorLike[]): Tensor {
  const ts = joinable("np.hstack", arrays);
  return concatenate(ts, ts[0].ndim === 1 ? 0 : 1);
}

/** Stacks rows (1-D arrays become rows). */
export function vstack(arrays: readonly TensorLike[]): Tensor {
  const ts = joinable("np.vstack", arrays).map((t) => (t.ndim === 1 ? reshapeTo(t, [1, t.shape[0]]) : t));
  return concatenate(ts, 0);
}

/**
 * Splits into equal `sections`, or at the given indices, along `axis`.
 * @example np.split(np.arange(6), 3) // three arrays of length 2
 */
export function split(x: TensorLike, indicesOrSections: number | readonly number[], axis = 0): Tensor[] {
  const t = asTensor(x, "np.split");
  const ax = unwrap(normalizeAxis("np.split", axis, t.ndim));
  const n = t.shape[ax];
  let cuts: number[];
  if (typeof indicesOrSections === "number") {
    const k = indicesOrSections;
    if (!Number.isInteger(k) || k <= 0 || n % k !== 0) {
      throw new ArgumentError(`np.split: an axis of size ${n} cannot be split into ${k} equal sections.`);
    }
    cuts = [...Array(k - 1).keys()].map((i) => ((i + 1) * n) / k);
  } else cuts = indicesOrSections.map((c) => Math.min(Math.max(c < 0 ? c + n : c, 0), n));
  const bounds = [0, ...cuts, n];
  return bounds.slice(0, -1).map((lo, i) => {
    const hi = Math.max(lo, bounds[i + 1]);
    return lax.slice(
      t,
      t.shape.map((_, d) => (d === ax ? lo : 0)),
      t.shape.map((s, d) => (d === ax ? hi : s)),
    );
  });
}

/** Reverses the order of elements along `axis` (all axes by default). @example np.flip([1, 2, 3]) // [3, 2, 1] */
export function flip(x: TensorLike, axis?: Axis): Tensor {
  const t = asTensor(x, "np.flip");
  const axes =
    axis === null || axis === undefined
      ? [...Array(t.ndim).keys()]
      : unwrap(normalizeAxes("np.flip", typeof axis === "number" ? [axis] : axis, t.ndim));
  return axes.length === 0 ? t : lax.rev(t, axes);
}

/**
 * Rolls elements along `axis` by `shift` (of the flattened array when `axis` is omitted).
 * @example np.roll([1, 2, 3, 4], 1) // [4, 1, 2, 3]
 */
export function roll(x: TensorLike, shift: number | readonly number[], axis?: number | readonly number[] | null): Tensor {
  const t = asTensor(x, "np.roll");
  for (const s of typeof shift === "number" ? [shift] : Array.isArray(shift) ? shift : [shift]) {
    if (!Number.isSafeInteger(s)) throw new ArgumentError(`np.roll: a shift must be an integer, got ${describeValue(s)}.`);
  }
  if (axis === null || axis === undefined) {
    if (typeof shift !== "number") throw new ArgumentError("np.roll: with no axis, shift must be a single number.");
    return reshapeTo(roll(reshapeTo(t, [t.size]), shift, 0), t.shape);
  }
  const axes = typeof axis === "number" ? [axis] : [...axis];
  const shifts = typeof shift === "number" ? axes.map(() => shift) : [...shift];
  if (shifts.length !== axes.length) throw new ArgumentError("np.roll: shift and axis must have the same length.");
  let r = t;
  axes.forEach((a, k) => {
    const ax = unwrap(normalizeAxis("np.roll", a, t.ndim));
    const n = t.shape[ax];
    if (n === 0) return;
    const s = ((shifts[k] % n) + n) % n;
    if (s === 0) return;
    const [head, tail] = split(r, [n - s], ax);
    r = bind1("concatenate", [tail, head], { dimension: ax });
  });
  return r;
}

/**
 * Pads with a constant: `padWidth` is one `[before, after]` per axis, a single pair for
 * all axes, or a number.
 * @example np.pad([1, 2], 1) // [0, 1, 2, 0]
 */
export function pad(
  x: TensorLike,
  padWidth: number | readonly [number, number] | readonly (readonly [number, number])[],
  opts: { readonly constantValues?: number } = {},
): Tensor {
  const t = asTensor(x, "np.pad");
  const widths: [number, number][] =
    typeof padWidth === "number"
      ? t.shape.map(() => [padWidth, padWidth])
      : typeof padWidth[0] === "number"
        ? t.shape.map(() => [padWidth[0] as number, padWidth[1] as number])
        : (padWidth as readonly (readonly [number, number])[]).map((p) => [p[0], p[1]]);
  if (widths.length !== t.ndim || widths.some(([a, b]) => !Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0)) {
    throw new ArgumentError(`np.pad: padWidth needs one [before, after] pair of non-negative integers per axis (${t.ndim}).`);
  }
  return lax.pad(
    t,
    asTensor(opts.constantValues ?? 0, "np.pad", t.dtype),
    widths.map(([a, b]) => [a, b, 0] as const),
  );
}
