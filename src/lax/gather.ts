/**
 * `lax.gather` and the scatters: XLA's general indexed reads and writes, as JAX spells
 * them. Most code wants NumPy indexing (`x.slice`, `x.at(...)`, `np.take`) instead, which
 * builds these; see `gather-dims.ts` for the meaning of the dimension numbers.
 */
import type { DType } from "../core/dtype";
import { ArgumentError } from "../core/errors";
import { GatherDimensionNumbers, GatherScatterMode, type ModeName, ScatterDimensionNumbers, parseMode } from "../core/gather-dims";
import type { ScatterPrim } from "../core/primitives";
import type { Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import { asTensor, convert } from "../numpy/convert";

export { GatherDimensionNumbers, GatherScatterMode, ScatterDimensionNumbers };
export type { ModeName };

/** Options of {@link gather}. */
export interface GatherOptions {
  /** Out-of-bounds windows: `"clip"`, `"fill"` or `"promise_in_bounds"` (the default: clamped). */
  readonly mode?: ModeName | GatherScatterMode | null;
  /** What a `"fill"` window holds (default NaN, the int32 minimum, or true). */
  readonly fillValue?: number | boolean | null;
  readonly indicesAreSorted?: boolean;
  readonly uniqueIndices?: boolean;
}

/** Options of the scatters. */
export interface ScatterOptions {
  /** Out-of-bounds windows: `"clip"` moves them in, `"drop"` (the default) or `"promise_in_bounds"` skips them. */
  readonly mode?: ModeName | GatherScatterMode | null;
  readonly indicesAreSorted?: boolean;
  /** Promise that no two updates write one element (scatter-mul's gradient needs it). */
  readonly uniqueIndices?: boolean;
}

/** The default fill of a gather in `"fill"` mode, as JAX chooses it. */
function fillFor(dtype: DType, fill: number | boolean | null | undefined): number {
  if (fill === null || fill === undefined) return dtype === "bool" ? 1 : dtype === "int32" ? -2147483648 : NaN;
  if (typeof fill === "boolean") return fill ? 1 : 0;
  if (typeof fill !== "number") throw new ArgumentError(`lax.gather: fillValue must be a number or a boolean, got ${typeof fill}.`);
  return fill;
}

function indicesOf(op: string, x: TensorLike): Tensor {
  const t = asTensor(x, op);
  if (t.dtype === "float64" || t.dtype === "float32") throw new ArgumentError(`${op}: indices must be integers, got ${t.dtype}. Convert them with astype("int32").`);
  return convert(t, "int32");
}

function dimsArg<D>(op: string, d: unknown, cls: abstract new (...args: never[]) => D, name: string): D {
  if (!(d instanceof cls)) throw new ArgumentError(`${op}: dimensionNumbers must be a lax.${name}, got ${d === null ? "null" : typeof d}.`);
  return d;
}

/**
 * XLA's gather: windows of `operand` of size `sliceSizes`, starting where the index
 * vectors (the last axis of `indices`) say.
 * @example
 * // x[[0, 2]] for a vector x:
 * lax.gather(np.array([10, 11, 12]), np.array([[0], [2]], "int32"),
 *   new lax.GatherDimensionNumbers([], [0], [0]), [1]) // [10, 12]
 */
export function gather(operand: TensorLike, indices: TensorLike, dimensionNumbers: GatherDimensionNumbers, sliceSizes: readonly number[], opts: GatherOptions = {}): Tensor {
  const x = asTensor(operand, "lax.gather");
  const mode = parseMode("lax.gather", opts.mode, GatherScatterMode.PROMISE_IN_BOUNDS);
  return bind1("gather", [x, indicesOf("lax.gather", indices)], {
    dimension_numbers: dimsArg("lax.gather", dimensionNumbers, GatherDimensionNumbers, "GatherDimensionNumbers"),
    slice_sizes: [...sliceSizes],
    mode,
    fill_value: mode === GatherScatterMode.FILL_OR_DROP ? fillFor(x.dtype, opts.fillValue) : null,
    indices_are_sorted: opts.indicesAreSorted ?? false,
    unique_indices: opts.uniqueIndices ?? false,
  });
}

const scatterOp =
  (prim: ScatterPrim, name: string) =>
  (operand: TensorLike, indices: TensorLike, updates: TensorLike, dimensionNumbers: ScatterDimensionNumbers, opts: ScatterOptions = {}): Tensor => {
    const op = `lax.${name}`;
    const x = asTensor(operand, op);
    return bind1(prim, [x, indicesOf(op, indices), asTensor(updates, op, x.dtype)], {
      dimension_numbers: dimsArg(op, dimensionNumbers, ScatterDimensionNumbers, "ScatterDimensionNumbers"),
      mode: parseMode(op, opts.mode, GatherScatterMode.FILL_OR_DROP),
      indices_are_sorted: opts.indicesAreSorted ?? false,
      unique_indices: opts.uniqueIndices ?? false,
    });
  };

/**
 * XLA's scatter: a copy of `operand` with windows of `updates` written where the index
 * vectors say; of several updates to one element, the last (in row-major order of
 * `updates`) wins.
 * @example
 * lax.scatter(np.zeros([3]), np.array([[2]], "int32"), np.array([5]),
 *   new lax.ScatterDimensionNumbers([], [0], [0])) // [0, 0, 5]
 */
export const scatter = scatterOp("scatter", "scatter");
/** {@link scatter} adding into the operand (repeated indices accumulate). @example lax.scatterAdd(np.zeros([3]), np.array([[1], [1]], "int32"), np.array([1, 2]), new lax.ScatterDimensionNumbers([], [0], [0])) // [0, 3, 0] */
export const scatterAdd = scatterOp("scatter-add", "scatterAdd");
/** {@link scatter} multiplying into the operand. */
export const scatterMul = scatterOp("scatter-mul", "scatterMul");
/** {@link scatter} keeping the minimum of the operand and the updates. */
export const scatterMin = scatterOp("scatter-min", "scatterMin");
/** {@link scatter} keeping the maximum of the operand and the updates. */
export const scatterMax = scatterOp("scatter-max", "scatterMax");
