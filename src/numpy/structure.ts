/**
 * Array structure helpers of jax.numpy: differences (`diff`, `ediff1d`), repetition
 * (`tile`, `repeat`), rank (`atleast1d/2d/3d`), grids (`meshgrid`), triangles and
 * diagonals (`tril`, `triu`, `diag`, `diagonal`, `trace`) and `kron`. All are
 * compositions of primitives, so every transform applies.
 */
import { fromData, scalarArray } from "../core/array";
import { ArgumentError, ConcretizationError, ShapeError } from "../core/errors";
import { normalizeAxis, showShape, unwrap } from "../core/shape";
import { Tensor, type TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import * as lax from "../lax/lax";
import { asTensor, broadcastInDim, convert, reshape } from "./convert";
import { multiply, notEqual, subtract, where } from "./elementwise";
import { sum } from "./reductions";
import { concatenate } from "./shape-ops";
import { put, take } from "./take";

/** `x[start:stop]` along `axis`. */
const sliceAlong = (x: Tensor, axis: number, start: number, stop: number) =>
  lax.slice(
    x,
    x.shape.map((_, d) => (d === axis ? start : 0)),
    x.shape.map((n, d) => (d === axis ? stop : n)),
  );

/**
 * The n-th discrete difference along `axis`: `a[1:] - a[:-1]`, n times (for bools,
 * `!=`), with `prepend`/`append` joined first.
 * @example np.diff(np.array([1, 2, 4, 7])) // [1, 2, 3]
 * @example np.diff(np.array([1, 2, 4, 7]), 2) // [1, 1]
 */
export function diff(a: TensorLike, n = 1, axis = -1, opts: { readonly prepend?: TensorLike; readonly append?: TensorLike } = {}): Tensor {
  const op = "np.diff";
  let x = asTensor(a, op);
  if (x.ndim === 0) throw new ArgumentError(`${op}: a 0-d array has no axis to difference.`);
  if (!Number.isInteger(n) || n < 0) throw new ArgumentError(`${op}: n must be a non-negative integer, got ${n}.`);
  const ax = unwrap(normalizeAxis(op, axis, x.ndim));
  const edge = (v: TensorLike) => {
    const t = asTensor(v, op, x.dtype);
    return t.ndim === 0 ? broadcastInDim(t, x.shape.map((s, d) => (d === ax ? 1 : s)), []) : t;
  };
  if (opts.prepend !== undefined || opts.append !== undefined) {
    x = concatenate([...(opts.prepend !== undefined ? [edge(opts.prepend)] : []), x, ...(opts.append !== undefined ? [edge(opts.append)] : [])], ax);
  }
  for (let k = 0; k < n; k++) {
    const len = x.shape[ax];
    if (len === 0) break;
    const hi = sliceAlong(x, ax, 1, len);
    const lo = sliceAlong(x, ax, 0, len - 1);
    x = x.dtype === "bool" ? notEqual(hi, lo) : subtract(hi, lo);
  }
  return x;
}

/**
 * The differences between consecutive elements of the flattened array, with `toBegin`
 * and `toEnd` joined on.
 * @example np.ediff1d(np.array([1, 2, 4, 7]), { toBegin: -99, toEnd: [88, 99] }) // [-99, 1, 2, 3, 88, 99]
 */
export function ediff1d(ary: TensorLike, opts: { readonly toEnd?: TensorLike; readonly toBegin?: TensorLike } = {}): Tensor {
  const op = "np.ediff1d";
  const x = asTensor(ary, op);
  const flat = reshape(x, [x.size]);
  const d = diff(flat);
  const part = (v: TensorLike) => {
    const t = asTensor(v, op, d.dtype);
    return reshape(t, [t.size]);
  };
  return concatenate([...(opts.toBegin !== undefined ? [part(opts.toBegin)] : []), d, ...(opts.toEnd !== undefined ? [part(opts.toEnd)] : [])]);
}

/**
 * The array repeated `reps` times along each axis (axes are added in front as needed).
 * @example np.tile(np.array([1, 2]), 2) // [1, 2, 1, 2]
 * @example np.tile(np.array([1, 2]), [2, 1]) // [[1, 2], [1, 2]]
 */
export function tile(A: TensorLike, reps: number | readonly number[]): Tensor {
  const op = "np.tile";
  let x = asTensor(A, op);
  const r = typeof reps === "number" ? [reps] : [...reps];
  if (r.some((v) => !Number.isInteger(v) || v < 0)) throw new ArgumentError(`${op}: reps must be non-negative integers, got ${showShape(r)}.`);
  const rank = Math.max(x.ndim, r.length);
  x = reshape(x, [...new Array<number>(rank - x.ndim).fill(1), ...x.shape]);
  const full = [...new Array<number>(rank - r.length).fill(1), ...r];
  // [r0, d0, r1, d1, …] then merged pairwise.
  const spread = broadcastInDim(
    x,
    x.shape.flatMap((d, i) => [full[i], d]),
    x.shape.map((_, i) => 2 * i + 1),
  );
  return reshape(spread, x.shape.map((d, i) => d * full[i]));
}

/** Options of {@link repeat}. */
export interface RepeatOptions {
  /** The output length along the axis, required when `repeats` is traced (JAX's total_repeat_length). */
  readonly totalRepeatLength?: number;
}

/**
 * Each element repeated `repeats` times along `axis` (of the flattened array by default):
 * `repeats` is a number, or one count per element.
 * @example np.repeat(np.array([1, 2]), 2) // [1, 1, 2, 2]
 * @example np.repeat(np.array([1, 2, 3]), np.array([3, 0, 1], "int32")) // [1, 1, 1, 3]
 */
export function repeat(a: TensorLike, repeats: TensorLike, axis: number | null = null, opts: RepeatOptions = {}): Tensor {
  const op = "np.repeat";
  let x = asTensor(a, op);
  if (axis === null) x = reshape(x, [x.size]);
  const ax = unwrap(normalizeAxis(op, axis ?? 0, x.ndim));
  const n = x.shape[ax];
  if (typeof repeats === "number") {
    if (!Number.isInteger(repeats) || repeats < 0) throw new ArgumentError(`${op}: repeats must be a non-negative integer, got ${repeats}.`);
    const spread = broadcastInDim(
      x,
      [...x.shape.slice(0, ax + 1), repeats, ...x.shape.slice(ax + 1)],
      x.shape.map((_, d) => (d <= ax ? d : d + 1)),
    );
    return reshape(spread, x.shape.map((d, i) => (i === ax ? d * repeats : d)));
  }
  const r = convert(asTensor(repeats, op), "int32");
  if (r.ndim > 1 || (r.ndim === 1 && r.shape[0] !== n && r.shape[0] !== 1)) {
    throw new ShapeError(`${op}: repeats of shape ${showShape(r.shape)} must be a scalar or have one count per element (${n}) of axis ${ax}.`);
  }
  const counts = r.ndim === 0 || r.shape[0] === 1 ? broadcastInDim(reshape(r, []), [n], []) : r;
  let total = opts.totalRepeatLength;
  if (total === undefined) {
    try {
      const c = counts.concreteValue("np.repeat's output length");
      total = Array.from(c.data).reduce((s, v) => s + v, 0);
    } catch (e) {
      if (!(e instanceof ConcretizationError)) throw e;
      throw new ConcretizationError(`${op}: repeats is traced, so the output length is unknown; pass { totalRepeatLength } (JAX's total_repeat_length).`);
    }
  }
  // Output position j takes element i where cumsum(counts)[i - 1] <= j < cumsum(counts)[i]:
  // a 1 at the start of every element but the first, accumulated (JAX's scheme).
  if (n === 0 || total === 0) return take(x, asTensor(new Int32Array(0), op), ax);
  const ends = bind1("cumsum", [counts], { axis: 0, reverse: false });
  const marks = broadcastInDim(scalarArray(0, "int32"), [total], []).at(lax.slice(ends, [0], [n - 1])).add(1);
  const idx = bind1("cumsum", [marks], { axis: 0, reverse: false });
  return take(x, idx, ax, { mode: "clip" });
}

const atLeast =
  (rank: 1 | 2 | 3, name: string) =>
  (...arys: TensorLike[]): Tensor | Tensor[] => {
    const one = (a: TensorLike) => {
      const x = asTensor(a, name);
      if (x.ndim >= rank) return x;
      if (rank === 1) return reshape(x, [1]);
      if (rank === 2) return reshape(x, x.ndim === 0 ? [1, 1] : [1, x.shape[0]]);
      return reshape(x, x.ndim === 0 ? [1, 1, 1] : x.ndim === 1 ? [1, x.shape[0], 1] : [...x.shape, 1]);
    };
    return arys.length === 1 ? one(arys[0]) : arys.map(one);
  };

/** The inputs with at least one axis (a 0-d array becomes shape [1]); one input gives one array. @example np.atleast1d(3).shape // [1] */
export const atleast1d = atLeast(1, "np.atleast1d") as {
  (x: TensorLike): Tensor;
  (...xs: TensorLike[]): Tensor[];
};
/** The inputs with at least two axes (a vector becomes a row [1, n]). @example np.atleast2d([1, 2]).shape // [1, 2] */
export const atleast2d = atLeast(2, "np.atleast2d") as {
  (x: TensorLike): Tensor;
  (...xs: TensorLike[]): Tensor[];
};
/** The inputs with at least three axes (a vector becomes [1, n, 1], a matrix [m, n, 1]). @example np.atleast3d([1, 2]).shape // [1, 2, 1] */
export const atleast3d = atLeast(3, "np.atleast3d") as {
  (x: TensorLike): Tensor;
  (...xs: TensorLike[]): Tensor[];
};

/**
 * Coordinate grids from 1-D coordinate arrays: with `indexing: "xy"` (the default) the
 * first two output axes are swapped, as in NumPy; `sparse` keeps size-1 axes.
 * @example const [X, Y] = np.meshgrid(np.arange(3), np.arange(2)); // X, Y of shape [2, 3]
 */
export function meshgrid(...args: (TensorLike | { readonly indexing?: "xy" | "ij"; readonly sparse?: boolean })[]): Tensor[] {
  const op = "np.meshgrid";
  const last = args[args.length - 1];
  const opts = last !== undefined && typeof last === "object" && !(last instanceof Tensor) && !Array.isArray(last) && !ArrayBuffer.isView(last) ? (args.pop() as { indexing?: "xy" | "ij"; sparse?: boolean }) : {};
  const indexing = opts.indexing ?? "xy";
  if (indexing !== "xy" && indexing !== "ij") throw new ArgumentError(`${op}: indexing must be "xy" or "ij", got ${JSON.stringify(indexing)}.`);
  const xs = (args as TensorLike[]).map((a) => {
    const t = asTensor(a, op);
    if (t.ndim !== 1) throw new ShapeError(`${op}: coordinate arrays must be 1-D, got shape ${showShape(t.shape)}.`);
    return t;
  });
  const k = xs.length;
  const sizes = xs.map((x) => x.shape[0]);
  const axisOf = (i: number) => (indexing === "xy" && k >= 2 && i < 2 ? 1 - i : i);
  const shape = xs.map((_, d) => sizes[xs.findIndex((_x, i) => axisOf(i) === d)]);
  return xs.map((x, i) => {
    const d = axisOf(i);
    if (opts.sparse) return reshape(x, shape.map((s, e) => (e === d ? s : 1)));
    return broadcastInDim(x, shape, [d]);
  });
}

/** A bool mask of the last two axes of `shape`: row + k >= col (lower) or row + k <= col (upper). */
function triangle(op: string, x: Tensor, k: number, lower: boolean): Tensor {
  if (x.ndim < 2) throw new ShapeError(`${op}: needs at least 2 axes, got shape ${showShape(x.shape)}.`);
  if (!Number.isInteger(k)) throw new ArgumentError(`${op}: k must be an integer, got ${k}.`);
  const [m, n] = x.shape.slice(-2);
  const row = bind1("iota", [], { dtype: "int32", shape: [m, n], dimension: 0 });
  const col = bind1("iota", [], { dtype: "int32", shape: [m, n], dimension: 1 });
  const shifted = bind1("add", [row, scalarArray(k, "int32")], {});
  const mask = bind1(lower ? "ge" : "le", [shifted, col], {});
  return where(broadcastInDim(mask, x.shape, [x.ndim - 2, x.ndim - 1]), x, scalarArray(0, x.dtype));
}

/** The lower triangle of the last two axes (on and below diagonal k), zeros above. @example np.tril(np.ones([3, 3])) */
export function tril(m: TensorLike, k = 0): Tensor {
  return triangle("np.tril", asTensor(m, "np.tril"), k, true);
}

/** The upper triangle of the last two axes (on and above diagonal k), zeros below. @example np.triu(np.ones([3, 3]), 1) */
export function triu(m: TensorLike, k = 0): Tensor {
  return triangle("np.triu", asTensor(m, "np.triu"), k, false);
}

/**
 * Diagonal `offset` of the plane of `axis1` and `axis2`, as the last axis of the result
 * (a view: a strided slice of the flattened plane).
 * @example np.diagonal(np.array([[1, 2], [3, 4]])) // [1, 4]
 */
export function diagonal(a: TensorLike, offset = 0, axis1 = 0, axis2 = 1): Tensor {
  const op = "np.diagonal";
  const x = asTensor(a, op);
  if (x.ndim < 2) throw new ShapeError(`${op}: needs at least 2 axes, got shape ${showShape(x.shape)}.`);
  const a1 = unwrap(normalizeAxis(op, axis1, x.ndim));
  const a2 = unwrap(normalizeAxis(op, axis2, x.ndim));
  if (a1 === a2) throw new ArgumentError(`${op}: axis1 and axis2 must differ, both are ${a1}.`);
  if (!Number.isInteger(offset)) throw new ArgumentError(`${op}: offset must be an integer, got ${offset}.`);
  const rest = x.shape.map((_, d) => d).filter((d) => d !== a1 && d !== a2);
  const plane = bind1("transpose", [x], { permutation: [...rest, a1, a2] });
  const [m, n] = [x.shape[a1], x.shape[a2]];
  const len = Math.max(0, offset >= 0 ? Math.min(m, n - offset) : Math.min(m + offset, n));
  const lead = rest.map((d) => x.shape[d]);
  if (len === 0) return broadcastInDim(scalarArray(0, x.dtype), [...lead, 0], []);
  const flat = reshape(plane, [...lead, m * n]);
  const start = offset >= 0 ? offset : -offset * n;
  const picked = lax.slice(
    flat,
    [...lead.map(() => 0), start],
    [...lead, start + (len - 1) * (n + 1) + 1],
    [...lead.map(() => 1), n + 1],
  );
  return picked;
}

/** The sum along diagonal `offset` of the plane of `axis1`, `axis2`. @example np.trace(np.eye(3)) // 3 */
export function trace(a: TensorLike, offset = 0, axis1 = 0, axis2 = 1): Tensor {
  return sum(diagonal(a, offset, axis1, axis2), -1);
}

/**
 * A 1-D input becomes a square matrix with it on diagonal `k`; a 2-D input gives its
 * diagonal `k`.
 * @example np.diag(np.array([1, 2])) // [[1, 0], [0, 2]]
 */
export function diag(v: TensorLike, k = 0): Tensor {
  const op = "np.diag";
  const x = asTensor(v, op);
  if (x.ndim === 2) return diagonal(x, k);
  if (x.ndim !== 1) throw new ShapeError(`${op}: expected a 1-D or 2-D array, got shape ${showShape(x.shape)}.`);
  if (!Number.isInteger(k)) throw new ArgumentError(`${op}: k must be an integer, got ${k}.`);
  const n = x.shape[0] + Math.abs(k);
  const row = bind1("iota", [], { dtype: "int32", shape: [n, n], dimension: 0 });
  const col = bind1("iota", [], { dtype: "int32", shape: [n, n], dimension: 1 });
  const onDiag = bind1("eq", [bind1("add", [row, scalarArray(k, "int32")], {}), col], {});
  // Entry (i, i + k) holds v[min(i, i + k)].
  const src = bind1("min", [row, col], {});
  const spread = take(x, src, 0, { mode: "clip" });
  return where(onDiag, spread, scalarArray(0, x.dtype));
}

/**
 * The Kronecker product: blocks `a[i, j] * b`.
 * @example np.kron(np.eye(2), np.array([[1, 2], [3, 4]])) // 4×4 block diagonal
 */
export function kron(a: TensorLike, b: TensorLike): Tensor {
  const op = "np.kron";
  let x = asTensor(a, op);
  let y = asTensor(b, op);
  const rank = Math.max(x.ndim, y.ndim);
  x = reshape(x, [...new Array<number>(rank - x.ndim).fill(1), ...x.shape]);
  y = reshape(y, [...new Array<number>(rank - y.ndim).fill(1), ...y.shape]);
  const interleaved = x.shape.flatMap((d, i) => [d, y.shape[i]]);
  const xs = broadcastInDim(x, interleaved, x.shape.map((_, i) => 2 * i));
  const ys = broadcastInDim(y, interleaved, y.shape.map((_, i) => 2 * i + 1));
  return reshape(multiply(xs, ys), x.shape.map((d, i) => d * y.shape[i]));
}

/**
 * A copy of `a` with `val` on its main diagonal (repeated to fill it): a[i, i, …] for a
 * matrix or an array whose axes all have one length; for a tall matrix `wrap` restarts
 * the diagonal below every n + 1 rows, as NumPy's. JAX's `fill_diagonal(…, inplace=False)`.
 * @example np.fillDiagonal(np.zeros([3, 3]), 7) // [[7, 0, 0], [0, 7, 0], [0, 0, 7]]
 */
export function fillDiagonal(a: TensorLike, val: TensorLike, opts: { readonly wrap?: boolean } = {}): Tensor {
  const op = "np.fillDiagonal";
  const x = asTensor(a, op);
  if (x.ndim < 2) throw new ShapeError(`${op}: the array must be at least 2-D, got shape ${showShape(x.shape)}.`);
  let step: number;
  let end: number;
  if (x.ndim === 2) {
    step = x.shape[1] + 1;
    end = opts.wrap ? x.size : Math.min(x.size, x.shape[1] * x.shape[1]);
  } else {
    if (x.shape.some((d) => d !== x.shape[0])) throw new ShapeError(`${op}: all axes of a ${x.ndim}-D array must have one length, got shape ${showShape(x.shape)}.`);
    // One more than the sum of the strides: from a[i, i, …] to a[i + 1, i + 1, …].
    step = 1 + x.shape.slice(1).reduce((acc, _, k) => acc + x.shape.slice(k + 1).reduce((n, d) => n * d, 1), 0);
    end = x.size;
  }
  const positions: number[] = [];
  for (let i = 0; i < end; i += step) positions.push(i);
  return put(x, fromData([positions.length], "int32", Int32Array.from(positions)), val);
}