/** Reductions: `sum mean prod max min var std argmax argmin all any cumsum`. */
import { DEFAULT_FLOAT, isInexact } from "../core/dtype";
import { ArgumentError, ShapeError } from "../core/errors";
import { checkOptions } from "../core/options";
import type { ReducePrim } from "../core/primitives";
import { normalizeAxes, normalizeAxis, showShape, unwrap } from "../core/shape";
import type { Axis, ReduceOptions, Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import { absSquare } from "./complex-parts";
import { asTensor, convert, reshape } from "./convert";
import { divide, isclose, sqrt, subtract } from "./elementwise";

/** Options of `var` and `std`. */
export interface VarianceOptions extends ReduceOptions {
  /** Delta degrees of freedom: divide by n - ddof. */
  readonly ddof?: number;
}

function axesOf(op: string, axis: Axis, ndim: number): number[] {
  if (axis === null || axis === undefined) return [...Array(ndim).keys()];
  const list = typeof axis === "number" ? [axis] : [...axis];
  return unwrap(normalizeAxes(op, list, ndim)).sort((a, b) => a - b);
}

function keepDims(x: Tensor, reduced: Tensor, axes: readonly number[], opts?: ReduceOptions): Tensor {
  return opts?.keepdims ? reshape(reduced, x.shape.map((d, i) => (axes.includes(i) ? 1 : d))) : reduced;
}

const KEEPDIMS = "{ keepdims: true }";

function reduceWith(prim: ReducePrim, op: string, x: Tensor, axis: Axis, opts?: ReduceOptions): Tensor {
  checkOptions(op, opts, KEEPDIMS);
  const axes = axesOf(op, axis, x.ndim);
  const r = axes.length === 0 ? x : bind1(prim, [x], { axes });
  return keepDims(x, r, axes, opts);
}

/** Sum over `axis` (all axes by default); bools count as int32. @example np.sum([[1, 2], [3, 4]], 0) // [4, 6] */
export function sum(x: TensorLike, axis?: Axis, opts?: ReduceOptions): Tensor {
  const t = asTensor(x, "np.sum");
  return reduceWith("reduce_sum", "np.sum", t.dtype === "bool" ? convert(t, "int32") : t, axis, opts);
}

/** Product over `axis`. @example np.prod([2, 3, 4]) // 24 */
export function prod(x: TensorLike, axis?: Axis, opts?: ReduceOptions): Tensor {
  const t = asTensor(x, "np.prod");
  return reduceWith("reduce_prod", "np.prod", t.dtype === "bool" ? convert(t, "int32") : t, axis, opts);
}

function nonEmpty(op: string, t: Tensor, axis: Axis): void {
  const axes = axesOf(op, axis, t.ndim);
  if (axes.some((a) => t.shape[a] === 0)) {
    throw new ShapeError(
      `${op}: zero-size reduction over axes ${showShape(axes)} of an array of shape ${showShape(t.shape)}; ` +
        `a max or min of nothing has no value. Check the shape, or use np.where to supply a default.`,
    );
  }
}

/** Maximum over `axis`; NaN propagates. @example np.max([1, 3, 2]) // 3 */
export function max(x: TensorLike, axis?: Axis, opts?: ReduceOptions): Tensor {
  const t = asTensor(x, "np.max");
  nonEmpty("np.max", t, axis);
  return reduceWith("reduce_max", "np.max", t, axis, opts);
}

/** Minimum over `axis`; NaN propagates. @example np.min([1, 3, 2]) // 1 */
export function min(x: TensorLike, axis?: Axis, opts?: ReduceOptions): Tensor {
  const t = asTensor(x, "np.min");
  nonEmpty("np.min", t, axis);
  return reduceWith("reduce_min", "np.min", t, axis, opts);
}

/** Alias of {@link max}. */
export const amax = max;
/** Alias of {@link min}. */
export const amin = min;

function countOf(t: Tensor, axes: readonly number[]): number {
  return axes.reduce((n, a) => n * t.shape[a], 1);
}

/** Arithmetic mean over `axis` (floating or complex). @example np.mean([1, 2, 3, 4]) // 2.5 */
export function mean(x: TensorLike, axis?: Axis, opts?: ReduceOptions): Tensor {
  const t = asTensor(x, "np.mean");
  checkOptions("np.mean", opts, KEEPDIMS);
  const f = isInexact(t.dtype) ? t : convert(t, DEFAULT_FLOAT);
  const axes = axesOf("np.mean", axis, t.ndim);
  return divide(sum(f, axes, opts), countOf(t, axes));
}

/**
 * Variance over `axis`, the mean of |x − mean|² (divides by n - ddof); real for complex x.
 * @example np.var([1, 2, 3, 4]) // 1.25
 */
export function variance(x: TensorLike, axis?: Axis, opts: VarianceOptions = {}): Tensor {
  const t = asTensor(x, "np.var");
  checkOptions("np.var", opts, "{ ddof: 1, keepdims: true }");
  const f = isInexact(t.dtype) ? t : convert(t, DEFAULT_FLOAT);
  const axes = axesOf("np.var", axis, t.ndim);
  const centered = subtract(f, mean(f, axes, { keepdims: true }));
  const n = countOf(t, axes) - (opts.ddof ?? 0);
  return divide(sum(absSquare(centered), axes, opts), n);
}
export { variance as var };

/** Standard deviation over `axis`. @example np.std([1, 2, 3, 4]) // 1.118… */
export function std(x: TensorLike, axis?: Axis, opts: VarianceOptions = {}): Tensor {
  return sqrt(variance(x, axis, opts));
}

function argReduce(prim: "argmax" | "argmin", x: TensorLike, axis: number | null | undefined, opts?: ReduceOptions): Tensor {
  const op = `np.${prim}`;
  checkOptions(op, opts, KEEPDIMS);
  let t = asTensor(x, op);
  let ax: number;
  if (axis === null || axis === undefined) {
    t = reshape(t, [t.size]);
    ax = 0;
  } else ax = unwrap(normalizeAxis(op, axis, t.ndim));
  if (t.shape[ax] === 0) throw new ShapeError(`${op}: attempt to get ${prim} of an empty sequence (shape ${showShape(t.shape)}).`);
  const r = bind1(prim, [t], { axes: [ax], index_dtype: "int32" });
  if (!opts?.keepdims) return r;
  const x0 = asTensor(x, op);
  return reshape(r, axis === null || axis === undefined ? x0.shape.map(() => 1) : x0.shape.map((d, i) => (i === ax ? 1 : d)));
}

/** Index of the first maximum (int32); flattened when `axis` is omitted. @example np.argmax([1, 3, 2]) // 1 */
export function argmax(x: TensorLike, axis?: number | null, opts?: ReduceOptions): Tensor {
  return argReduce("argmax", x, axis, opts);
}

/** Index of the first minimum (int32). */
export function argmin(x: TensorLike, axis?: number | null, opts?: ReduceOptions): Tensor {
  return argReduce("argmin", x, axis, opts);
}

function boolReduce(prim: "reduce_and" | "reduce_or", op: string, x: TensorLike, axis: Axis, opts?: ReduceOptions): Tensor {
  const t = asTensor(x, op);
  const b = t.dtype === "bool" ? t : bind1("ne", [t, asTensor(0, op, t.dtype)], {});
  return reduceWith(prim, op, b, axis, opts);
}

/** True where all entries are non-zero. @example np.all([true, false]) // false */
export function all(x: TensorLike, axis?: Axis, opts?: ReduceOptions): Tensor {
  return boolReduce("reduce_and", "np.all", x, axis, opts);
}

/**
 * True (a 0-d bool) when every pair is {@link isclose}: |a − b| ≤ atol + rtol·|b|
 * (defaults 1e-5, 1e-8), as NumPy and JAX.
 * @example np.allclose([1, 2], [1, 2 + 1e-9]) // true
 */
export function allclose(a: TensorLike, b: TensorLike, opts: { readonly rtol?: number; readonly atol?: number; readonly equalNan?: boolean } = {}): Tensor {
  return all(isclose(a, b, opts));
}

/** True where any entry is non-zero. @example np.any([true, false]) // true */
export function any(x: TensorLike, axis?: Axis, opts?: ReduceOptions): Tensor {
  return boolReduce("reduce_or", "np.any", x, axis, opts);
}

function cumulativeOf(prim: "cumsum" | "cumprod" | "cummax" | "cummin", op: string, x: TensorLike, axis: number | null | undefined): Tensor {
  let t = asTensor(x, op);
  if (t.dtype === "bool") t = convert(t, "int32");
  if (axis === null || axis === undefined) {
    t = reshape(t, [t.size]);
    axis = 0;
  }
  const ax = unwrap(normalizeAxis(op, axis, t.ndim));
  if (t.ndim === 0) throw new ArgumentError(`${op}: a 0-d array has no axis to accumulate along.`);
  return bind1(prim, [t], { axis: ax, reverse: false });
}

/** Cumulative sum along `axis` (of the flattened array when omitted). @example np.cumsum([1, 2, 3]) // [1, 3, 6] */
export function cumsum(x: TensorLike, axis?: number | null): Tensor {
  return cumulativeOf("cumsum", "np.cumsum", x, axis);
}

/**
 * Running maximum along `axis` (of the flattened array when omitted), as `lax.cummax`
 * (NumPy spells it `np.maximum.accumulate`); NaN propagates.
 * @example np.cummax([1, 3, 2, 5]) // [1, 3, 3, 5]
 */
export function cummax(x: TensorLike, axis?: number | null): Tensor {
  return cumulativeOf("cummax", "np.cummax", x, axis);
}

/** Running minimum along `axis`, as {@link cummax}. @example np.cummin([3, 1, 2]) // [3, 1, 1] */
export function cummin(x: TensorLike, axis?: number | null): Tensor {
  return cumulativeOf("cummin", "np.cummin", x, axis);
}

/** Cumulative product along `axis` (of the flattened array when omitted). @example np.cumprod([1, 2, 3]) // [1, 2, 6] */
export function cumprod(x: TensorLike, axis?: number | null): Tensor {
  return cumulativeOf("cumprod", "np.cumprod", x, axis);
}
