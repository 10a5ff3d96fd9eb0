/**
 * Taking and putting by index arrays: `np.take`, `np.takeAlongAxis`, `np.put`,
 * `np.putAlongAxis`, as gathers and scatters with JAX's defaults (out-of-bounds reads
 * fill with NaN — or the int32 minimum, or true — unless the mode says otherwise;
 * out-of-bounds writes are dropped; negative indices count from the end).
 */
import { scalarArray } from "../core/array";
import { isFloat } from "../core/dtype";
import { ArgumentError, ShapeError } from "../core/errors";
import { GatherDimensionNumbers, GatherScatterMode, parseMode } from "../core/gather-dims";
import { type Shape, broadcastShapes, normalizeAxis, showShape, sizeOf, unwrap } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import { asTensor, broadcastInDim, broadcastTo, convert, reshape } from "./convert";
import { remainder } from "./elementwise";
import { wrapIndex } from "./indexing";

/** `"fill"` (the default), `"clip"` or `"wrap"` (indices taken modulo the axis length). */
export type TakeMode = "fill" | "clip" | "wrap" | "promise_in_bounds";

/** Options of {@link take} and {@link takeAlongAxis}. */
export interface TakeOptions {
  readonly mode?: TakeMode;
  /** What `"fill"` returns for an out-of-bounds index (default NaN, the int32 minimum, or true). */
  readonly fillValue?: number | boolean;
}

const defaultFill = (dtype: string): number => (dtype === "bool" ? 1 : dtype === "int32" ? -2147483648 : NaN);

function intIndices(op: string, x: TensorLike): Tensor {
  const t = asTensor(x, op);
  if (t.dtype === "bool" || isFloat(t.dtype)) {
    throw new ArgumentError(`${op}: indices must be integers, got ${t.dtype}${t.dtype === "bool" ? " (use np.nonzero for a mask)" : '; convert them with astype("int32")'}.`);
  }
  return convert(t, "int32");
}

/** Indices prepared for a gather along an axis of length n in `mode`, and the gather's mode. */
function forMode(op: string, idx: Tensor, n: number, mode: TakeMode | undefined): [Tensor, GatherScatterMode] {
  switch (mode ?? "fill") {
    case "fill":
      return [wrapIndex(idx, n), GatherScatterMode.FILL_OR_DROP];
    case "clip":
      return [idx, GatherScatterMode.CLIP];
    case "wrap":
      return [remainder(idx, scalarArray(n, "int32")), GatherScatterMode.PROMISE_IN_BOUNDS];
    case "promise_in_bounds":
      return [idx, GatherScatterMode.PROMISE_IN_BOUNDS];
    default:
      throw new ArgumentError(`${op}: unknown mode ${JSON.stringify(mode)}; use "fill", "clip" or "wrap".`);
  }
}

function fillOf(dtype: string, mode: GatherScatterMode, fill: number | boolean | undefined): number | null {
  if (mode !== GatherScatterMode.FILL_OR_DROP) return null;
  return fill === undefined ? defaultFill(dtype) : Number(fill);
}

/**
 * Elements of `a` at `indices` along `axis` (of the flattened array when `axis` is null),
 * JAX's `jnp.take`.
 * @example np.take(np.array([4, 3, 5, 7]), np.array([0, 1, 4], "int32")) // [4, 3, NaN]
 * @example np.take(np.array([[1, 2], [3, 4]]), np.array([1], "int32"), 1) // [[2], [4]]
 */
export function take(a: TensorLike, indices: TensorLike, axis: number | null = null, opts: TakeOptions = {}): Tensor {
  const op = "np.take";
  let x = asTensor(a, op);
  if (axis === null) x = reshape(x, [x.size]);
  const ax = unwrap(normalizeAxis(op, axis ?? 0, x.ndim));
  const raw = intIndices(op, indices);
  const n = x.shape[ax];
  const outShape = [...x.shape.slice(0, ax), ...raw.shape, ...x.shape.slice(ax + 1)];
  if (n === 0) {
    if (raw.size !== 0) throw new ShapeError(`${op}: cannot take ${showShape(raw.shape)} indices from axis ${ax} of size 0 (shape ${showShape(x.shape)}).`);
    return x;
  }
  if (raw.size === 0) return broadcastInDim(scalarArray(0, x.dtype), outShape, []);
  const [idx, mode] = forMode(op, raw, n, opts.mode);
  const offsetDims = [...Array(ax).keys(), ...Array.from({ length: x.ndim - ax - 1 }, (_, i) => ax + raw.ndim + i)];
  return bind1("gather", [x, reshape(idx, [...idx.shape, 1])], {
    dimension_numbers: new GatherDimensionNumbers(offsetDims, [ax], [ax]),
    slice_sizes: x.shape.map((d, i) => (i === ax ? 1 : d)),
    mode,
    fill_value: fillOf(x.dtype, mode, opts.fillValue),
    indices_are_sorted: false,
    unique_indices: false,
  });
}

/**
 * NumPy's take_along_axis: `out[..., j, ...] = arr[..., indices[..., j, ...], ...]` along
 * `axis`, the other axes broadcast between `arr` and `indices` (JAX's defaults: negative
 * indices count from the end, out-of-bounds ones fill).
 * @example np.takeAlongAxis(np.array([[10, 30, 20]]), np.array([[1, 0]], "int32"), 1) // [[30, 10]]
 */
export function takeAlongAxis(arr: TensorLike, indices: TensorLike, axis: number | null, opts: TakeOptions = {}): Tensor {
  const op = "np.takeAlongAxis";
  let t = asTensor(arr, op);
  let idx = intIndices(op, indices);
  if (axis === null) {
    if (idx.ndim !== 1) throw new ShapeError(`${op}: with axis null the indices must be 1-D, got shape ${showShape(idx.shape)}.`);
    t = reshape(t, [t.size]);
  }
  if (idx.ndim !== t.ndim) {
    throw new ShapeError(`${op}: indices of shape ${showShape(idx.shape)} must have the rank of the array ${showShape(t.shape)}.`);
  }
  const ax = unwrap(normalizeAxis(op, axis ?? 0, t.ndim));
  const outShape = unwrap(broadcastShapes(op, [t.shape.map((d, i) => (i === ax ? 1 : d)), idx.shape.map((d, i) => (i === ax ? 1 : d))]));
  const withAxis = (along: number): Shape => outShape.map((d, i) => (i === ax ? along : d));
  const n = t.shape[ax];
  if (n === 0 || sizeOf(withAxis(idx.shape[ax])) === 0) return broadcastInDim(scalarArray(0, t.dtype), withAxis(idx.shape[ax]), []);
  const src = broadcastTo(op, t, withAxis(n));
  idx = broadcastTo(op, idx, withAxis(idx.shape[ax]));
  const [ix, mode] = forMode(op, idx, n, opts.mode);
  const others = t.shape.map((_, i) => i).filter((i) => i !== ax);
  return bind1("gather", [src, reshape(ix, [...ix.shape, 1])], {
    dimension_numbers: new GatherDimensionNumbers([], [ax], [ax], others, others),
    slice_sizes: t.shape.map(() => 1),
    mode,
    fill_value: fillOf(t.dtype, mode, opts.fillValue),
    indices_are_sorted: false,
    unique_indices: false,
  });
}

/** The index tuple that addresses `arr` along `axis` at `indices` (NumPy's `_make_along_axis_idx`). */
function alongAxisIndex(shape: Shape, indices: Tensor, axis: number): Tensor[] {
  return shape.map((n, d) => {
    if (d === axis) return indices;
    const iota = bind1("iota", [], { dtype: "int32", shape: [n], dimension: 0 });
    return reshape(iota, shape.map((m, e) => (e === d ? m : 1)));
  });
}

/** Options of {@link put} and {@link putAlongAxis}. */
export interface PutOptions {
  /** Out-of-bounds indices: dropped (the default), `"clip"`ped to the last element, or `"wrap"`ped around. */
  readonly mode?: "drop" | "clip" | "wrap";
}

/**
 * A copy of `a` with `v` written at the flat indices `ind` (`v` repeats to fill them),
 * JAX's `jnp.put(..., inplace=False)`.
 * @example np.put(np.zeros([5]), np.array([0, 2, 4], "int32"), np.array([10, 20, 30])) // [10, 0, 20, 0, 30]
 */
export function put(a: TensorLike, ind: TensorLike, v: TensorLike, opts: PutOptions = {}): Tensor {
  const op = "np.put";
  const x = asTensor(a, op);
  const raw = intIndices(op, ind);
  let idx = reshape(raw, [raw.size]);
  const vals = asTensor(v, op);
  const flatVals = reshape(vals, [vals.size]);
  if (x.size === 0 || idx.size === 0 || vals.size === 0) return x;
  // np.put repeats the values to the number of indices.
  const reps = Math.ceil(idx.size / vals.size);
  const tiled = reps === 1 ? flatVals : reshape(broadcastInDim(flatVals, [reps, vals.size], [1]), [reps * vals.size]);
  const values = tiled.size === idx.size ? tiled : bind1("slice", [tiled], { start_indices: [0], limit_indices: [idx.size], strides: null });
  const mode = opts.mode ?? "drop";
  if (mode === "clip") idx = bind1("min", [bind1("max", [idx, scalarArray(0, "int32")], {}), scalarArray(x.size - 1, "int32")], {});
  else if (mode === "wrap") idx = remainder(idx, scalarArray(x.size, "int32"));
  else if (mode !== "drop") throw new ArgumentError(`${op}: unknown mode ${JSON.stringify(mode)}; use "drop", "clip" or "wrap".`);
  return reshape(reshape(x, [x.size]).at(idx).set(values), x.shape);
}

/**
 * A copy of `arr` with `values` written along `axis` at `indices` (the inverse of
 * {@link takeAlongAxis}), JAX's `jnp.put_along_axis(..., inplace=False)`.
 * @example np.putAlongAxis(np.zeros([2, 3]), np.array([[2], [0]], "int32"), 9, 1) // [[0, 0, 9], [9, 0, 0]]
 */
export function putAlongAxis(arr: TensorLike, indices: TensorLike, values: TensorLike, axis: number | null, opts: { readonly mode?: "drop" | "clip" } = {}): Tensor {
  const op = "np.putAlongAxis";
  const original = asTensor(arr, op);
  const t = axis === null ? reshape(original, [original.size]) : original;
  const idx = intIndices(op, indices);
  if (idx.ndim !== t.ndim) throw new ShapeError(`${op}: indices of shape ${showShape(idx.shape)} must have the rank of the array ${showShape(t.shape)}.`);
  const ax = unwrap(normalizeAxis(op, axis ?? 0, t.ndim));
  const vals = broadcastTo(op, asTensor(values, op), idx.shape);
  parseMode(op, opts.mode, GatherScatterMode.FILL_OR_DROP);
  const result = t.at(...alongAxisIndex(t.shape, idx, ax)).set(vals, { mode: opts.mode });
  return axis === null ? reshape(result, original.shape) : result;
}
