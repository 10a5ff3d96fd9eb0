/**
 * Weighted means, spreads and covariances, as jax.numpy's: `average`, `ptp`, `cov`,
 * `corrcoef`; the NaN-ignoring `nanargmax nanargmin nancumsum nancumprod`; the array
 * API's `cumulativeSum`/`cumulativeProd`; and `trapezoid`.
 */
import { isComplex } from "../core/dtype";
import { ArgumentError, ShapeError } from "../core/errors";
import { normalizeAxis, showShape, unwrap } from "../core/shape";
import type { Axis, ReduceOptions, Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import { conj, imag, real } from "./complex-parts";
import { asTensor, broadcastTo, promoteInexact } from "./convert";
import { add, clip, divide, isnan, multiply, sqrt, subtract, where } from "./elementwise";
import { matmul } from "./products";
import { all, argmax, argmin, cumprod, cumsum, max, mean, min, sum } from "./reductions";
import { concatenate, expandDims, reshape, swapaxes } from "./shape-ops";
import { diagonal } from "./structure";

/** The range max − min along `axis`. @example np.ptp(np.array([[4, 9], [2, 5]]), 1) // [5, 3] */
export function ptp(a: TensorLike, axis?: Axis, opts?: ReduceOptions): Tensor {
  return subtract(max(a, axis, opts), min(a, axis, opts));
}

/**
 * The mean along `axis`, weighted by `weights` (of a's shape, or 1-D along the axis);
 * with `returned`, `[average, sum of weights]`.
 * @example np.average(np.array([1, 2, 3]), null, { weights: np.array([3, 1, 0]) }) // 1.25
 */
export function average(a: TensorLike, axis: number | null = null, opts: { readonly weights?: TensorLike; readonly returned?: boolean; readonly keepdims?: boolean } = {}): Tensor | [Tensor, Tensor] {
  const op = "np.average";
  const [x] = promoteInexact(op, [a]);
  const keepdims = opts.keepdims ?? false;
  let avg: Tensor;
  let total: Tensor;
  if (opts.weights === undefined) {
    avg = mean(x, axis, { keepdims });
    total = broadcastTo(op, asTensor(axis === null ? x.size : x.shape[unwrap(normalizeAxis(op, axis, x.ndim))], op, avg.dtype), avg.shape);
  } else {
    let w = promoteInexact(op, [opts.weights, x])[0];
    if (w.ndim !== x.ndim || w.shape.some((d, i) => d !== x.shape[i])) {
      if (axis === null) throw new ShapeError(`${op}: weights of shape ${showShape(w.shape)} differ from a's ${showShape(x.shape)}; give an axis.`);
      const ax = unwrap(normalizeAxis(op, axis, x.ndim));
      if (w.ndim !== 1 || w.shape[0] !== x.shape[ax]) throw new ShapeError(`${op}: 1-D weights must have the length of axis ${ax} (${x.shape[ax]}), got shape ${showShape(w.shape)}.`);
      w = broadcastTo(op, reshape(w, x.shape.map((d, i) => (i === ax ? d : 1))), x.shape);
    }
    total = sum(w, axis, { keepdims });
    avg = divide(sum(multiply(x, w), axis, { keepdims }), total);
  }
  return opts.returned ? [avg, total] : avg;
}

/** Options of {@link cov}. */
export interface CovOptions {
  /** Each row a variable and each column an observation (default true); false for the transpose. */
  readonly rowvar?: boolean;
  /** Normalize by N rather than N − 1. */
  readonly bias?: boolean;
  /** Normalize by N − ddof (overrides bias). */
  readonly ddof?: number | null;
}

/**
 * The covariance matrix of the variables in `m` (and `y`, stacked after them); for
 * complex variables, E[(x − x̄)·conj(y − ȳ)], as NumPy.
 * @example np.cov(np.array([[0, 1, 2], [2, 1, 0]])) // [[1, -1], [-1, 1]]
 */
export function cov(m: TensorLike, y: TensorLike | null = null, opts: CovOptions = {}): Tensor {
  const op = "np.cov";
  let [x] = promoteInexact(op, [m]);
  if (x.ndim > 2) throw new ShapeError(`${op}: m must be 1-D or 2-D, got shape ${showShape(x.shape)}.`);
  const rowvar = opts.rowvar ?? true;
  const rows = (t: Tensor) => {
    const u = t.ndim === 1 ? reshape(t, [1, t.size]) : t;
    return rowvar || t.ndim === 1 ? u : swapaxes(u, 0, 1);
  };
  x = rows(x);
  if (y !== null) x = concatenate([x, rows(promoteInexact(op, [y, x])[0])], 0);
  const n = x.shape[1];
  const ddof = opts.ddof ?? (opts.bias ? 0 : 1);
  if (!Number.isInteger(ddof)) throw new ArgumentError(`${op}: ddof must be an integer, got ${ddof}.`);
  const centered = subtract(x, mean(x, 1, { keepdims: true }));
  const c = divide(matmul(centered, conj(swapaxes(centered, 0, 1))), n - ddof);
  return c.shape[0] === 1 ? reshape(c, []) : c;
}

/**
 * Pearson correlation coefficients, the covariance scaled by the standard deviations
 * (clipped to [−1, 1], a complex one part by part).
 * @example np.corrcoef(np.array([1, 2, 3]), np.array([2, 4, 7]))
 */
export function corrcoef(x: TensorLike, y: TensorLike | null = null, opts: { readonly rowvar?: boolean } = {}): Tensor {
  const c = cov(x, y, { rowvar: opts.rowvar });
  if (c.ndim === 0) return divide(c, c);
  const d = sqrt(real(diagonal(c)));
  const r = divide(divide(c, expandDims(d, 1)), expandDims(d, 0));
  // NumPy clips a complex coefficient's parts separately.
  return isComplex(r.dtype) ? bind1("complex", [clip(real(r), -1, 1), clip(imag(r), -1, 1)], {}) : clip(r, -1, 1);
}

/** argmax ignoring NaN; −1 where a slice is all NaN (JAX's rule). @example np.nanargmax(np.array([1, NaN, 3])) // 2 */
export function nanargmax(a: TensorLike, axis: number | null = null, opts?: ReduceOptions): Tensor {
  const x = asTensor(a, "np.nanargmax");
  const nan = isnan(x);
  return where(all(nan, axis, opts), -1, argmax(where(nan, -Infinity, x), axis, opts));
}

/** argmin ignoring NaN; −1 where a slice is all NaN. @example np.nanargmin(np.array([1, NaN, -3])) // 2 */
export function nanargmin(a: TensorLike, axis: number | null = null, opts?: ReduceOptions): Tensor {
  const x = asTensor(a, "np.nanargmin");
  const nan = isnan(x);
  return where(all(nan, axis, opts), -1, argmin(where(nan, Infinity, x), axis, opts));
}

/** cumsum treating NaN as 0. @example np.nancumsum(np.array([1, NaN, 2])) // [1, 1, 3] */
export function nancumsum(a: TensorLike, axis: number | null = null): Tensor {
  const x = asTensor(a, "np.nancumsum");
  return cumsum(where(isnan(x), 0, x), axis);
}

/** cumprod treating NaN as 1. @example np.nancumprod(np.array([2, NaN, 3])) // [2, 2, 6] */
export function nancumprod(a: TensorLike, axis: number | null = null): Tensor {
  const x = asTensor(a, "np.nancumprod");
  return cumprod(where(isnan(x), 1, x), axis);
}

function cumulative(op: string, f: typeof cumsum, identity: number, x: TensorLike, axis: number | null, includeInitial: boolean): Tensor {
  const t = asTensor(x, op);
  if (axis === null && t.ndim > 1) throw new ArgumentError(`${op}: axis is required for arrays of more than one axis (the array API's rule), got shape ${showShape(t.shape)}.`);
  const ax = axis === null ? 0 : unwrap(normalizeAxis(op, axis, Math.max(t.ndim, 1)));
  const flat = t.ndim === 0 ? reshape(t, [1]) : t;
  const out = f(flat, ax);
  if (!includeInitial) return out;
  const first = broadcastTo(op, asTensor(identity, op, out.dtype), out.shape.map((d, i) => (i === ax ? 1 : d)));
  return concatenate([first, out], ax);
}

/** The array API's cumulative sum: `axis` required beyond 1-D; `includeInitial` prepends 0. @example np.cumulativeSum(np.array([1, 2, 3]), null, { includeInitial: true }) // [0, 1, 3, 6] */
export function cumulativeSum(x: TensorLike, axis: number | null = null, opts: { readonly includeInitial?: boolean } = {}): Tensor {
  return cumulative("np.cumulativeSum", cumsum, 0, x, axis, opts.includeInitial ?? false);
}

/** The array API's cumulative product: `axis` required beyond 1-D; `includeInitial` prepends 1. @example np.cumulativeProd(np.array([1, 2, 3])) // [1, 2, 6] */
export function cumulativeProd(x: TensorLike, axis: number | null = null, opts: { readonly includeInitial?: boolean } = {}): Tensor {
  return cumulative("np.cumulativeProd", cumprod, 1, x, axis, opts.includeInitial ?? false);
}

/**
 * The trapezoidal rule along `axis`: sample spacing `dx`, or sample points `x`.
 * @example np.trapezoid(np.array([1, 2, 3])) // 4
 */
export function trapezoid(y: TensorLike, x: TensorLike | null = null, dx = 1, axis = -1): Tensor {
  const op = "np.trapezoid";
  const [t] = promoteInexact(op, [y]);
  const ax = unwrap(normalizeAxis(op, axis, t.ndim));
  const n = t.shape[ax];
  const part = (v: Tensor, lo: number, hi: number) => v.slice(...v.shape.map((_, d) => (d === ax ? ([lo, hi] as const) : ([null, null] as const))));
  const mids = divide(add(part(t, 1, n), part(t, 0, n - 1)), 2);
  if (x === null) return multiply(sum(mids, ax), dx);
  const [xs] = promoteInexact(op, [x, t]);
  const d = xs.ndim === 1 ? reshape(subtract(xs.slice([1, null]), xs.slice([0, -1])), t.shape.map((s, i) => (i === ax ? n - 1 : 1))) : subtract(part(xs, 1, n), part(xs, 0, n - 1));
  return sum(multiply(mids, d), ax);
}
