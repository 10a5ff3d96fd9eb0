/**
 * Searching: `searchsorted`, `digitize`, `interp`, and the functions whose output size
 * depends on values — `nonzero`, `flatnonzero`, `argwhere`, `unique` — which, as in JAX,
 * need concrete inputs or a `size` (the result padded with `fillValue`) under tracing.
 */
import { fromData, scalarArray } from "../core/array";
import { isComplex, isFloat } from "../core/dtype";
import { ArgumentError, ConcretizationError, DTypeError, ShapeError } from "../core/errors";
import { showShape, stridesOf } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import * as lax from "../lax/lax";
import { alongAxis } from "../lax/sort";
import { imag, real } from "./complex-parts";
import { asTensor, broadcastInDim, convert, promote, promoteInexact, reshape } from "./convert";
import {
  abs,
  add,
  divide,
  greater,
  greaterEqual,
  isnan,
  less,
  lessEqual,
  logicalAnd,
  logicalNot,
  logicalOr,
  multiply,
  notEqual,
  remainder,
  subtract,
  where,
} from "./elementwise";
import { sum } from "./reductions";
import { concatenate, stack } from "./shape-ops";
import { take } from "./take";

/** The total order sorting uses: NaN after every number. */
const ltTotal = (x: Tensor, y: Tensor) => (isFloat(x.dtype) ? logicalOr(less(x, y), logicalAnd(isnan(y), logicalNot(isnan(x)))) : less(x, y));

/**
 * Where `v`'s values would be inserted in the sorted 1-D `a` to keep it sorted: the first
 * such place (`side: "left"`) or the last (`"right"`), with NaN sorting last. A bisection
 * of ⌈log₂(n + 1)⌉ vectorized steps, as JAX's "scan" method.
 * @example np.searchsorted(np.array([1, 2, 3, 4, 5]), np.array([3, 0, 6])) // [2, 0, 5]
 */
export function searchsorted(a: TensorLike, v: TensorLike, opts: { readonly side?: "left" | "right"; readonly sorter?: TensorLike } = {}): Tensor {
  const op = "np.searchsorted";
  let [sorted, values] = promote(op, [a, v]);
  if (sorted.ndim !== 1) throw new ShapeError(`${op}: a must be 1-D, got shape ${showShape(sorted.shape)}.`);
  const side = opts.side ?? "left";
  if (side !== "left" && side !== "right") throw new ArgumentError(`${op}: side must be "left" or "right", got ${JSON.stringify(side)}.`);
  if (opts.sorter !== undefined) sorted = take(sorted, opts.sorter, 0, { mode: "clip" });
  const n = sorted.shape[0];
  let lo = broadcastInDim(scalarArray(0, "int32"), values.shape, []);
  let hi = broadcastInDim(scalarArray(n, "int32"), values.shape, []);
  const one = scalarArray(1, "int32");
  for (let steps = Math.ceil(Math.log2(n + 1)); steps > 0; steps--) {
    const mid = bind1("div", [add(lo, hi), scalarArray(2, "int32")], {});
    const at = take(sorted, mid, 0, { mode: "clip" });
    // left: go right while a[mid] < v; right: while a[mid] <= v (not v < a[mid]).
    const right = side === "left" ? ltTotal(at, values) : logicalNot(ltTotal(values, at));
    const open = less(lo, hi);
    lo = where(logicalAnd(open, right), add(mid, one), lo);
    hi = where(logicalAnd(open, logicalNot(right)), mid, hi);
  }
  return lo;
}

/**
 * The index of the bin of each `x` among the monotonic `bins` edges (NumPy's digitize):
 * `bins[i-1] <= x < bins[i]` for increasing bins (`right`: `bins[i-1] < x <= bins[i]`).
 * @example np.digitize(np.array([0.2, 6.4, 3.0]), np.array([0, 1, 2.5, 4, 10])) // [1, 4, 3]
 */
export function digitize(x: TensorLike, bins: TensorLike, right = false): Tensor {
  const op = "np.digitize";
  const [xs, b] = promote(op, [x, bins]);
  if (b.ndim !== 1) throw new ShapeError(`${op}: bins must be 1-D, got shape ${showShape(b.shape)}.`);
  const n = b.shape[0];
  if (n === 0) return broadcastInDim(scalarArray(0, "int32"), xs.shape, []);
  const side = right ? "left" : "right";
  const increasing = searchsorted(b, xs, { side });
  const decreasing = subtract(scalarArray(n, "int32"), searchsorted(lax.rev(b, [0]), xs, { side }));
  return where(greaterEqual(lax.slice(b, [n - 1], [n]).reshape([]), lax.slice(b, [0], [1]).reshape([])), increasing, decreasing);
}

/**
 * Linear interpolation of the points (xp, fp) at x (xp increasing), with `left`/`right`
 * outside (default the end values) and an optional `period`; JAX's formula, whose
 * gradient stays finite where xp repeats.
 * @example np.interp(np.array([2.5]), np.array([1, 2, 3]), np.array([3, 2, 0])) // [1]
 */
export function interp(
  x: TensorLike,
  xp: TensorLike,
  fp: TensorLike,
  opts: { readonly left?: TensorLike; readonly right?: TensorLike; readonly period?: number } = {},
): Tensor {
  const op = "np.interp";
  const [xt, xpt, fpt] = [asTensor(x, op), asTensor(xp, op), asTensor(fp, op)];
  if (isComplex(xt.dtype) || isComplex(xpt.dtype)) throw new DTypeError(`${op}: x and xp must be real (complex values have no order), got ${xt.dtype} and ${xpt.dtype}; fp may be complex.`);
  if (isComplex(fpt.dtype)) {
    // As NumPy: the real and imaginary parts of fp (and of left and right) are interpolated separately.
    const part = (of: (v: TensorLike) => Tensor) =>
      interp(xt, xpt, of(fpt), { ...opts, left: opts.left === undefined ? undefined : of(opts.left), right: opts.right === undefined ? undefined : of(opts.right) });
    return bind1("complex", [part(real), part(imag)], {});
  }
  let [xs, xps, fps] = promoteInexact(op, [xt, xpt, fpt]);
  if (xps.ndim !== 1 || fps.ndim !== 1 || xps.shape[0] !== fps.shape[0] || xps.shape[0] === 0) {
    throw new ShapeError(`${op}: xp and fp must be non-empty 1-D arrays of one length, got ${showShape(xps.shape)} and ${showShape(fps.shape)}.`);
  }
  if (opts.period !== undefined) {
    if (!(opts.period !== 0 && Number.isFinite(opts.period))) throw new ArgumentError(`${op}: period must be a non-zero finite number, got ${opts.period}.`);
    const p = Math.abs(opts.period);
    xs = remainder(xs, p);
    xps = remainder(xps, p);
    const order = bind1("argsort", [xps], { axis: 0 });
    xps = alongAxis(xps, order, 0);
    fps = alongAxis(fps, order, 0);
    xps = concatenate([subtract(lax.slice(xps, [xps.shape[0] - 1], [xps.shape[0]]), p), xps, add(lax.slice(xps, [0], [1]), p)]);
    fps = concatenate([lax.slice(fps, [fps.shape[0] - 1], [fps.shape[0]]), fps, lax.slice(fps, [0], [1])]);
  }
  const n = xps.shape[0];
  const i = bind1("max", [bind1("min", [searchsorted(xps, xs, { side: "right" }), scalarArray(n - 1, "int32")], {}), scalarArray(1, "int32")], {});
  const im1 = subtract(i, scalarArray(1, "int32"));
  const [x0, x1, f0, f1] = [take(xps, im1, 0), take(xps, i, 0), take(fps, im1, 0), take(fps, i, 0)];
  const dx = subtract(x1, x0);
  const eps = xs.dtype === "float32" ? 2 ** -23 * 2 ** -149 : 2 ** -52 * 2 ** -1074;
  const flat = lessEqual(abs(dx), eps);
  let f = where(flat, f0, add(f0, multiply(divide(subtract(xs, x0), where(flat, scalarArray(1, dx.dtype), dx)), subtract(f1, f0))));
  if (opts.period === undefined) {
    const first = (t: Tensor) => reshape(lax.slice(t, [0], [1]), []);
    const last = (t: Tensor) => reshape(lax.slice(t, [n - 1], [n]), []);
    f = where(less(xs, first(xps)), opts.left === undefined ? first(fps) : asTensor(opts.left, op, f.dtype), f);
    f = where(greater(xs, last(xps)), opts.right === undefined ? last(fps) : asTensor(opts.right, op, f.dtype), f);
  }
  return f;
}

/** Options of the functions whose output size depends on values. */
export interface SizeOptions {
  /** The fixed output length (needed under tracing); missing entries are `fillValue`. */
  readonly size?: number;
  /** What pads the result up to `size` (default 0). */
  readonly fillValue?: number;
}

/** How many true entries `mask` has: known when it is concrete, else `size` must say. */
function resultSize(op: string, mask: Tensor, size: number | undefined): number {
  if (size !== undefined) {
    if (!Number.isInteger(size) || size < 0) throw new ArgumentError(`${op}: size must be a non-negative integer, got ${size}.`);
    return size;
  }
  try {
    const c = mask.concreteValue(`${op}'s output size`);
    let n = 0;
    for (let i = 0; i < c.data.length; i++) if (c.data[i]) n++;
    return n;
  } catch (e) {
    if (!(e instanceof ConcretizationError)) throw e;
    throw new ConcretizationError(
      `${op}: the number of results depends on traced values, so the output shape is unknown. Pass { size } ` +
        `(and { fillValue }) for a fixed-size result, as in JAX, or use np.where to keep the shape.`,
    );
  }
}

/** Where the flattened `x` is not zero (bool). */
const nonzeroMask = (x: Tensor): Tensor => reshape(x.dtype === "bool" ? x : notEqual(x, scalarArray(0, x.dtype)), [x.size]);

/**
 * The flat indices of the non-zero entries, in order; with `size`, the first `size` of
 * them padded with `fillValue`.
 * @example np.flatnonzero(np.array([0, 3, 0, 5])) // [1, 3]
 */
export function flatnonzero(a: TensorLike, opts: SizeOptions = {}): Tensor {
  const op = "np.flatnonzero";
  const x = asTensor(a, op);
  const mask = nonzeroMask(x);
  const size = resultSize(op, mask, opts.size);
  // Entry k of the result is the flat index of the k-th true entry: scatter the iota to rank(k).
  const rank = subtract(bind1("cumsum", [convert(mask, "int32")], { axis: 0, reverse: false }), scalarArray(1, "int32"));
  const target = where(mask, rank, scalarArray(size, "int32"));
  const fill = broadcastInDim(scalarArray(opts.fillValue ?? 0, "int32"), [size], []);
  if (size === 0 || x.size === 0) return fill;
  return fill.at(target).set(bind1("iota", [], { dtype: "int32", shape: [x.size], dimension: 0 }));
}

/**
 * The indices of the non-zero entries, one int32 array per axis (NumPy's nonzero); with
 * `size`, padded with `fillValue`.
 * @example np.nonzero(np.array([[1, 0], [0, 2]])) // [[0, 1], [0, 1]]
 */
export function nonzero(a: TensorLike, opts: SizeOptions = {}): Tensor[] {
  const x = asTensor(a, "np.nonzero");
  if (x.ndim === 0) throw new ArgumentError("np.nonzero: a 0-d array has no axes to index; use np.atleast1d first.");
  const flat = flatnonzero(x, { size: opts.size });
  const strides = stridesOf(x.shape);
  // Padding (positions from the number of non-zeros on) holds fillValue on every axis.
  const pad = opts.size === undefined ? null : greaterEqual(bind1("iota", [], { dtype: "int32", shape: [flat.size], dimension: 0 }), sum(convert(nonzeroMask(x), "int32")));
  return x.shape.map((n, d) => {
    const coord = remainder(bind1("div", [flat, scalarArray(strides[d], "int32")], {}), scalarArray(Math.max(n, 1), "int32"));
    return pad === null ? coord : where(pad, scalarArray(opts.fillValue ?? 0, "int32"), coord);
  });
}

/**
 * The indices of the non-zero entries as rows of an [N, ndim] array.
 * @example np.argwhere(np.array([[1, 0], [0, 2]])) // [[0, 0], [1, 1]]
 */
export function argwhere(a: TensorLike, opts: SizeOptions = {}): Tensor {
  const x = asTensor(a, "np.argwhere");
  if (x.ndim === 0) return broadcastInDim(scalarArray(0, "int32"), [flatnonzero(x, opts).size, 0], []);
  return stack(nonzero(x, opts), 1);
}

/** What {@link unique} returns when asked for more than the values. */
export interface UniqueResult {
  readonly values: Tensor;
  /** Where each value first occurs in the flattened input. */
  readonly indices?: Tensor;
  /** For each input entry, the index of its value in `values` (the input's shape). */
  readonly inverse?: Tensor;
  /** How often each value occurs (0 for padding). */
  readonly counts?: Tensor;
}

/** Options of {@link unique}. */
export interface UniqueOptions extends SizeOptions {
  readonly returnIndex?: boolean;
  readonly returnInverse?: boolean;
  readonly returnCounts?: boolean;
  /** NaNs count as one value (the default, as in NumPy 2). */
  readonly equalNan?: boolean;
}

/**
 * The sorted distinct values of the flattened array; with `size`, the first `size` of them
 * padded with `fillValue` (default: the smallest value). The options add first indices,
 * the inverse map and counts, as NumPy's `return_*` flags.
 * @example np.unique(np.array([3, 1, 3, 2])) // [1, 2, 3]
 * @example np.unique(np.array([3, 1, 3]), { returnCounts: true }).counts // [1, 2]
 */
export function unique(ar: TensorLike): Tensor;
export function unique(ar: TensorLike, opts: UniqueOptions & { readonly returnIndex?: false; readonly returnInverse?: false; readonly returnCounts?: false }): Tensor;
export function unique(ar: TensorLike, opts: UniqueOptions): UniqueResult;
export function unique(ar: TensorLike, opts: UniqueOptions = {}): Tensor | UniqueResult {
  const op = "np.unique";
  const x = asTensor(ar, op);
  const flatX = reshape(x, [x.size]);
  const n = x.size;
  const perm = bind1("argsort", [flatX], { axis: 0 });
  const aux = alongAxis(flatX, perm, 0);
  let mask: Tensor;
  if (n === 0) mask = fromData([0], "bool", new Uint8Array(0));
  else {
    const [prev, next] = [lax.slice(aux, [0], [n - 1]), lax.slice(aux, [1], [n])];
    let fresh = notEqual(next, prev);
    if (isFloat(x.dtype) && opts.equalNan !== false) fresh = logicalAnd(fresh, logicalNot(logicalAnd(isnan(next), isnan(prev))));
    mask = concatenate([fromData([1], "bool", new Uint8Array([1])), fresh]);
  }
  const size = resultSize(op, mask, opts.size);
  const starts = flatnonzero(mask, { size, fillValue: n });
  const minValue = n === 0 ? scalarArray(0, x.dtype) : reshape(lax.slice(aux, [0], [1]), []);
  const fill = opts.fillValue === undefined ? minValue : asTensor(opts.fillValue, op, x.dtype);
  const present = less(starts, scalarArray(n, "int32"));
  const values = n === 0 ? broadcastInDim(fill, [size], []) : where(present, take(aux, starts, 0, { mode: "clip" }), fill);
  if (!opts.returnIndex && !opts.returnInverse && !opts.returnCounts) return values;
  const result: { values: Tensor; indices?: Tensor; inverse?: Tensor; counts?: Tensor } = { values };
  if (opts.returnIndex) result.indices = n === 0 ? broadcastInDim(scalarArray(0, "int32"), [size], []) : where(present, take(perm, starts, 0, { mode: "clip" }), scalarArray(0, "int32"));
  if (opts.returnInverse) {
    const rank = subtract(bind1("cumsum", [convert(mask, "int32")], { axis: 0, reverse: false }), scalarArray(1, "int32"));
    const inv = n === 0 ? rank : broadcastInDim(scalarArray(0, "int32"), [n], []).at(perm).set(rank);
    result.inverse = reshape(inv, x.shape);
  }
  if (opts.returnCounts) {
    const ends = concatenate([lax.slice(starts, [1], [Math.max(size, 1)]), broadcastInDim(scalarArray(n, "int32"), [size > 0 ? 1 : 0], [])]);
    result.counts = size === 0 ? starts : where(present, subtract(bind1("min", [ends, scalarArray(n, "int32")], {}), starts), scalarArray(0, "int32"));
  }
  return result;
}

