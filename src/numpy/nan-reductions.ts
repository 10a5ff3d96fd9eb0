/**
 * Reductions that ignore NaN (`nansum nanprod nanmean nanmax nanmin nanvar nanstd`), as
 * jax.numpy defines them: NaNs are replaced by the reduction's identity; an all-NaN slice
 * gives NaN for max, min, mean, var and std; and `countNonzero`.
 */
import { scalarArray } from "../core/array";
import { isInexact, realDType } from "../core/dtype";
import type { Axis, ReduceOptions, Tensor, TensorLike } from "../core/tensor";
import { asTensor, convert, promoteInexact } from "./convert";
import { absSquare } from "./complex-parts";
import { divide, isnan, lessEqual, logicalNot, notEqual, sqrt, subtract, where } from "./elementwise";
import { type VarianceOptions, all, max, min, prod, sum } from "./reductions";

const replaceNan = (x: Tensor, v: number) => (isInexact(x.dtype) ? where(isnan(x), scalarArray(v, x.dtype), x) : x);

/** Sum over `axis` treating NaN as 0. @example np.nansum(np.array([1, NaN, 2])) // 3 */
export function nansum(a: TensorLike, axis?: Axis, opts?: ReduceOptions): Tensor {
  return sum(replaceNan(asTensor(a, "np.nansum"), 0), axis, opts);
}

/** Product over `axis` treating NaN as 1. @example np.nanprod(np.array([2, NaN, 3])) // 6 */
export function nanprod(a: TensorLike, axis?: Axis, opts?: ReduceOptions): Tensor {
  return prod(replaceNan(asTensor(a, "np.nanprod"), 1), axis, opts);
}

/** NaN where every entry of a slice was NaN. */
function allNanToNan(x: Tensor, r: Tensor, axis: Axis, opts?: ReduceOptions): Tensor {
  if (!isInexact(x.dtype)) return r;
  return where(all(isnan(x), axis, opts), scalarArray(NaN, r.dtype), r);
}

/** Maximum over `axis` ignoring NaN (NaN only for an all-NaN slice). @example np.nanmax(np.array([1, NaN, 3])) // 3 */
export function nanmax(a: TensorLike, axis?: Axis, opts?: ReduceOptions): Tensor {
  const x = asTensor(a, "np.nanmax");
  return allNanToNan(x, max(replaceNan(x, -Infinity), axis, opts), axis, opts);
}

/** Minimum over `axis` ignoring NaN (NaN only for an all-NaN slice). @example np.nanmin(np.array([1, NaN, 3])) // 1 */
export function nanmin(a: TensorLike, axis?: Axis, opts?: ReduceOptions): Tensor {
  const x = asTensor(a, "np.nanmin");
  return allNanToNan(x, min(replaceNan(x, Infinity), axis, opts), axis, opts);
}

/** The number of non-NaN entries over `axis` (a complex entry is NaN if either part is), in x's real dtype. */
function countValid(x: Tensor, axis: Axis, opts?: ReduceOptions): Tensor {
  return sum(convert(logicalNot(isnan(x)), realDType(x.dtype)), axis, opts);
}

/** Mean over `axis` of the non-NaN entries (NaN for an all-NaN slice). @example np.nanmean(np.array([1, NaN, 3])) // 2 */
export function nanmean(a: TensorLike, axis?: Axis, opts?: ReduceOptions): Tensor {
  const [x] = promoteInexact("np.nanmean", [a]);
  return divide(nansum(x, axis, opts), countValid(x, axis, opts));
}

/** Variance over `axis` of the non-NaN entries, the mean of |x − mean|² (divided by n - ddof). @example np.nanvar(np.array([1, NaN, 3])) // 1 */
export function nanvar(a: TensorLike, axis?: Axis, opts: VarianceOptions = {}): Tensor {
  const [x] = promoteInexact("np.nanvar", [a]);
  const mean = nanmean(x, axis, { keepdims: true });
  const dev = nansum(absSquare(subtract(x, mean)), axis, opts);
  const n = subtract(countValid(x, axis, opts), opts.ddof ?? 0);
  // No degrees of freedom left (an all-NaN slice, say): NaN, as NumPy.
  return where(lessEqual(n, 0), scalarArray(NaN, dev.dtype), divide(dev, n));
}

/** Standard deviation over `axis` of the non-NaN entries. @example np.nanstd(np.array([1, NaN, 3])) // 1 */
export function nanstd(a: TensorLike, axis?: Axis, opts: VarianceOptions = {}): Tensor {
  return sqrt(nanvar(a, axis, opts));
}

/** How many entries over `axis` are not zero (int32). @example np.countNonzero(np.array([0, 1, 2, 0])) // 2 */
export function countNonzero(a: TensorLike, axis?: Axis, opts?: ReduceOptions): Tensor {
  const x = asTensor(a, "np.countNonzero");
  return sum(convert(notEqual(x, scalarArray(0, x.dtype)), "int32"), axis, opts);
}

