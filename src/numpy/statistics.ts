/**
 * Order statistics and counting: `quantile`, `percentile`, `median` (on a sort, so they
 * differentiate through the picked values; NaN anywhere in a slice gives NaN, as in
 * NumPy) and their NaN-ignoring forms, `histogram` and `bincount` (scatter-adds).
 */
import { scalarArray } from "../core/array";
import { DEFAULT_FLOAT } from "../core/dtype";
import { ArgumentError, ConcretizationError, ShapeError } from "../core/errors";
import { normalizeAxis, showShape, unwrap } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import { alongAxis } from "../lax/sort";
import { asTensor, broadcastInDim, broadcastTo, convert, promoteInexact, reshape } from "./convert";
import { add, divide, equal, floor, isnan, logicalNot, minimum, multiply, round, subtract, where } from "./elementwise";
import { any, max, min, sum } from "./reductions";
import { searchsorted } from "./searching";
import { moveaxis } from "./shape-ops";
import { takeAlongAxis } from "./take";

/** How {@link quantile} picks between the two order statistics around a position (NumPy's methods). */
export type QuantileMethod = "linear" | "lower" | "higher" | "midpoint" | "nearest";

/** Options of the quantile functions. */
export interface QuantileOptions {
  readonly method?: QuantileMethod;
  readonly keepdims?: boolean;
}

/** The method `opts` asks for (default "linear"), checked. */
function quantileMethod(op: string, opts: QuantileOptions): QuantileMethod {
  const method = opts.method ?? "linear";
  if (!["linear", "lower", "higher", "midpoint", "nearest"].includes(method)) {
    throw new ArgumentError(`${op}: unknown method ${JSON.stringify(method)}; use "linear", "lower", "higher", "midpoint" or "nearest".`);
  }
  return method;
}

/**
 * The `q`-th quantiles (q in [0, 1]; a number or an array, whose shape leads the result)
 * along `axis` (all axes by default), NumPy's definitions.
 * @example np.quantile(np.array([1, 2, 3, 4]), 0.5) // 2.5
 * @example np.quantile(np.array([1, 2, 3, 4]), [0.25, 1], null, { method: "lower" }) // [1, 4]
 */
export function quantile(a: TensorLike, q: TensorLike, axis: number | null = null, opts: QuantileOptions = {}): Tensor {
  return quantileOf("np.quantile", a, q, axis, opts);
}

/** {@link quantile} with q in [0, 100]. @example np.percentile(np.array([1, 2, 3, 4]), 50) // 2.5 */
export function percentile(a: TensorLike, q: TensorLike, axis: number | null = null, opts: QuantileOptions = {}): Tensor {
  const [qs] = promoteInexact("np.percentile", [q]);
  return quantileOf("np.percentile", a, divide(qs, 100), axis, opts);
}

/** The median along `axis` (the mean of the two middle values for an even count). @example np.median(np.array([3, 1, 4, 1])) // 2 */
export function median(a: TensorLike, axis: number | null = null, opts: { readonly keepdims?: boolean } = {}): Tensor {
  return quantileOf("np.median", a, 0.5, axis, { ...opts, method: "midpoint" });
}

/**
 * The quantiles along `axis`, the axis last and sorted (NaN last); positions
 * q·(count − 1) per slice, [...rest, q], where count is the axis length, or with `skipNan`
 * each slice's number of non-NaN values. Results have q's axes first, then the others.
 */
function quantileOf(op: string, a: TensorLike, q: TensorLike, axis: number | null, opts: QuantileOptions, skipNan = false): Tensor {
  let [x] = promoteInexact(op, [a]);
  const qs = asTensor(q, op, x.dtype);
  const method = quantileMethod(op, opts);
  const keptShape = axis === null ? x.shape.map(() => 1) : null;
  if (axis === null) x = reshape(x, [x.size]);
  const ax = unwrap(normalizeAxis(op, axis ?? 0, x.ndim));
  const n = x.shape[ax];
  if (n === 0) throw new ShapeError(`${op}: no values along axis ${ax} (shape ${showShape(x.shape)}); a quantile of nothing has no value.`);
  const s = moveaxis(x, ax, -1);
  const sorted = alongAxis(s, bind1("argsort", [s], { axis: s.ndim - 1 }), s.ndim - 1);
  const rest = s.shape.slice(0, -1);
  const count = skipNan ? sum(convert(logicalNot(isnan(s)), x.dtype), -1, { keepdims: true }) : scalarArray(n, x.dtype);
  const pos = multiply(reshape(qs, [...rest.map(() => 1), qs.size]), subtract(count, 1));
  const lo = convert(floor(pos), "int32");
  const hi = minimum(add(lo, scalarArray(1, "int32")), convert(subtract(count, 1), "int32"));
  const at = (i: Tensor) => takeAlongAxis(sorted, broadcastTo(op, i, [...rest, qs.size]), -1, { mode: "clip" });
  const [vlo, vhi] = [at(lo), at(hi)];
  const frac = subtract(pos, floor(pos));
  let r: Tensor;
  switch (method) {
    case "lower":
      r = vlo;
      break;
    case "higher":
      r = where(equal(frac, 0), vlo, vhi);
      break;
    case "midpoint":
      r = where(equal(frac, 0), vlo, divide(add(vlo, vhi), 2));
      break;
    case "nearest":
      r = at(convert(round(pos), "int32"));
      break;
    default:
      r = add(vlo, multiply(frac, subtract(vhi, vlo)));
  }
  // Skipping NaN, a slice of only NaN has none; otherwise NaN anywhere in a slice makes its quantiles NaN.
  r = where(skipNan ? equal(count, 0) : any(isnan(s), -1, { keepdims: true }), scalarArray(NaN, r.dtype), r);
  r = reshape(moveaxis(r, -1, 0), [...qs.shape, ...rest]);
  if (opts.keepdims) r = reshape(r, [...qs.shape, ...(keptShape ?? x.shape.map((d, i) => (i === ax ? 1 : d)))]);
  return r;
}

/**
 * The `q`-th quantiles (q in [0, 1]) along `axis` of the non-NaN values; NaN for a slice
 * of only NaN. Without NaN, quantile's bits.
 * @example np.nanquantile(np.array([1, NaN, 3, 2]), 0.5) // 2
 */
export function nanquantile(a: TensorLike, q: TensorLike, axis: number | null = null, opts: QuantileOptions = {}): Tensor {
  return quantileOf("np.nanquantile", a, q, axis, opts, true);
}

/** {@link nanquantile} with q in [0, 100]. @example np.nanpercentile(np.array([1, NaN, 3]), 50) // 2 */
export function nanpercentile(a: TensorLike, q: TensorLike, axis: number | null = null, opts: QuantileOptions = {}): Tensor {
  const [qs] = promoteInexact("np.nanpercentile", [q]);
  return quantileOf("np.nanpercentile", a, divide(qs, 100), axis, opts, true);
}

/** The median of the non-NaN values along `axis`. @example np.nanmedian(np.array([3, NaN, 1, 4])) // 3 */
export function nanmedian(a: TensorLike, axis: number | null = null, opts: { readonly keepdims?: boolean } = {}): Tensor {
  return quantileOf("np.nanmedian", a, 0.5, axis, { ...opts, method: "midpoint" }, true);
}

/** The edges of `bins` equal bins over `range` (default x's), or the given edges, checked. */
function binEdges(op: string, x: Tensor, bins: number | TensorLike, range: readonly [number, number] | undefined): Tensor {
  if (typeof bins !== "number") {
    const edges = asTensor(bins, op, x.dtype);
    if (edges.ndim !== 1 || edges.shape[0] < 2) throw new ShapeError(`${op}: bin edges must be a 1-D array of at least 2 values, got shape ${showShape(edges.shape)}.`);
    return edges;
  }
  if (!Number.isInteger(bins) || bins < 1) throw new ArgumentError(`${op}: bins must be a positive integer or an array of edges, got ${bins}.`);
  const [lo, hi] = range ? range.map((v) => scalarArray(v, x.dtype)) : [min(x), max(x)];
  // An empty range widens to [lo - 0.5, hi + 0.5], as NumPy does.
  const same = equal(lo, hi);
  const first = where(same, subtract(lo, 0.5), lo);
  const last = where(same, add(hi, 0.5), hi);
  const t = divide(convert(bind1("iota", [], { dtype: "int32", shape: [bins + 1], dimension: 0 }), x.dtype), bins);
  return add(first, multiply(t, subtract(last, first)));
}

/**
 * The bin edges np.histogram would use: `bins` equal bins over `range` (default the
 * data's; an empty range widens by ±0.5), or the given edges.
 * @example np.histogramBinEdges(np.array([1, 2, 5]), 4) // [1, 2, 3, 4, 5]
 */
export function histogramBinEdges(a: TensorLike, bins: number | TensorLike = 10, opts: { readonly range?: readonly [number, number] } = {}): Tensor {
  const op = "np.histogramBinEdges";
  const [x0] = promoteInexact(op, [a]);
  return binEdges(op, reshape(x0, [x0.size]), bins, opts.range);
}

/**
 * Counts of `a` in `bins` equal bins over `range` (default the data's), or between the
 * given edges; the last bin includes its right edge. Returns `[hist, edges]`; `density`
 * normalizes to a probability density, `weights` sums weights instead of counting.
 * @example np.histogram(np.array([1, 2, 1]), 2) // [[2, 1], [1, 1.5, 2]]
 */
export function histogram(
  a: TensorLike,
  bins: number | TensorLike = 10,
  opts: { readonly range?: readonly [number, number]; readonly weights?: TensorLike; readonly density?: boolean } = {},
): [Tensor, Tensor] {
  const op = "np.histogram";
  const [x0] = promoteInexact(op, [a]);
  const x = reshape(x0, [x0.size]);
  const edges = binEdges(op, x, bins, opts.range);
  const nb = edges.shape[0] - 1;
  let idx = searchsorted(edges, x, { side: "right" });
  idx = where(equal(x, reshape(bind1("slice", [edges], { start_indices: [nb], limit_indices: [nb + 1], strides: null }), [])), scalarArray(nb, "int32"), idx);
  const w = opts.weights === undefined ? broadcastInDim(scalarArray(1, x.dtype), [x.size], []) : reshape(asTensor(opts.weights, op, x.dtype), [x.size]);
  if (w.size !== x.size) throw new ShapeError(`${op}: weights must have the shape of a.`);
  const counts = broadcastInDim(scalarArray(0, x.dtype), [nb + 2], []).at(idx).add(w);
  let hist = bind1("slice", [counts], { start_indices: [1], limit_indices: [nb + 1], strides: null });
  if (opts.density) {
    const widths = subtract(bind1("slice", [edges], { start_indices: [1], limit_indices: [nb + 1], strides: null }), bind1("slice", [edges], { start_indices: [0], limit_indices: [nb], strides: null }));
    hist = divide(divide(hist, widths), sum(hist));
  }
  return [hist, edges];
}

/**
 * How often each non-negative int occurs in `x` (or the sum of `weights` there), for
 * values 0 … length-1, where length is `length`, else max(x) + 1 (at least `minlength`);
 * under tracing `length` is needed, as in JAX.
 * @example np.bincount(np.array([0, 1, 1, 3], "int32")) // [1, 2, 0, 1]
 */
export function bincount(x: TensorLike, opts: { readonly weights?: TensorLike; readonly minlength?: number; readonly length?: number } = {}): Tensor {
  const op = "np.bincount";
  const t = asTensor(x, op);
  if (t.dtype !== "int32") throw new ArgumentError(`${op}: x must hold non-negative integers, got ${t.dtype}.`);
  if (t.ndim !== 1) throw new ShapeError(`${op}: x must be 1-D, got shape ${showShape(t.shape)}.`);
  let length = opts.length;
  if (length === undefined) {
    try {
      const c = t.concreteValue(`${op}'s length`);
      length = Math.max(opts.minlength ?? 0, c.data.length === 0 ? 0 : Math.max(...Array.from(c.data)) + 1);
    } catch (e) {
      if (!(e instanceof ConcretizationError)) throw e;
      throw new ConcretizationError(`${op}: x is traced, so the number of bins is unknown; pass { length }, as in JAX.`);
    }
  }
  const dtype = opts.weights === undefined ? "int32" : asTensor(opts.weights, op).dtype === "int32" ? "int32" : DEFAULT_FLOAT;
  const w = opts.weights === undefined ? broadcastInDim(scalarArray(1, "int32"), t.shape, []) : asTensor(opts.weights, op, dtype);
  if (w.size !== t.size) throw new ShapeError(`${op}: weights must have the shape of x.`);
  return broadcastInDim(scalarArray(0, dtype), [length], []).at(t).add(w);
}
