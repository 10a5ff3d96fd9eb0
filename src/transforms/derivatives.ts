/**
 * Derivatives shared by forward mode (tangent · ∂) and reverse mode (cotangent · ∂) that
 * are not elementwise rows of a family (those are declared with their primitive in
 * `core/prims/`): integer_pow's, and the weights of the max/min and product reductions.
 */
import type { Tensor } from "../core/tensor";
import { bind1 } from "../core/trace";
import { broadcastInDim, convert, div, eq, fill, integerPow, invertPermutation, lit, mul, reduceSum, reshape, transpose } from "./ad-ops";

const one = (x: Tensor) => lit(x, 1);

/** ∂(x^y)/∂x for a static integer y. */
export function integerPowDerivative(x: Tensor, y: number): Tensor {
  return y === 1 ? one(x) : y === 2 ? mul(lit(x, 2), x) : mul(lit(x, y), integerPow(x, y - 1));
}

/** Axes of `x` that a reduction over `axes` keeps. */
const keptAxes = (x: Tensor, axes: readonly number[]) => x.shape.map((_, i) => i).filter((i) => !axes.includes(i));

/**
 * reduce_max/min's weights: 1/count at the elements equal to the result, 0 elsewhere, so
 * tied extremes share the derivative equally (as JAX's chooser rule).
 */
export function chooserWeights(x: Tensor, out: Tensor, axes: readonly number[]): Tensor {
  const kept = keptAxes(x, axes);
  const loc = convert(eq(x, broadcastInDim(out, x.shape, kept)), x.dtype);
  return div(loc, broadcastInDim(reduceSum(loc, axes), x.shape, kept));
}

/**
 * ∂ prod(x) / ∂ x_i = the product of the others, as exclusive running products from the
 * left and from the right (no division, as JAX's rule): exact at zeros and infinities,
 * and no overflow from a product the result does not contain.
 */
export function prodPartials(x: Tensor, axes: readonly number[]): Tensor {
  const kept = keptAxes(x, axes);
  const perm = [...kept, ...axes];
  const moved = transpose(x, perm);
  const outer = kept.map((d) => x.shape[d]);
  const n = axes.reduce((p, d) => p * x.shape[d], 1);
  const rows = reshape(moved, [...outer, n]);
  const last = outer.length;
  const exclusive = (reverse: boolean) => {
    if (n <= 1) return fill(one(x), rows.shape);
    const run = bind1("cumprod", [rows], { axis: last, reverse });
    const ones = fill(one(x), [...outer, 1]);
    const start = outer.map(() => 0);
    const kept1 = bind1("slice", [run], { start_indices: [...start, reverse ? 1 : 0], limit_indices: [...outer, reverse ? n : n - 1], strides: null });
    return bind1("concatenate", reverse ? [kept1, ones] : [ones, kept1], { dimension: last });
  };
  const others = mul(exclusive(false), exclusive(true));
  return transpose(reshape(others, moved.shape), invertPermutation(perm));
}
