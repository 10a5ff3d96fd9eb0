/**
 * Derivatives shared by forward mode (tangent · ∂) and reverse mode (cotangent · ∂) that
 * are not elementwise rows of a family (those are declared with their primitive in
 * `core/prims/`): integer_pow's, and the weights of the max/min and product reductions.
 */
import type { Tensor } from "../core/tensor";
import { bind1 } from "../core/trace";
import { and, broadcastInDim, convert, div, eq, fill, integerPow, lit, mul, reduceSum, select } from "./ad-ops";

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
 * ∂ prod(x) / ∂ x_i = the product of the others, safe at zeros: with no zero it is
 * prod/x_i; with one zero, the product of the rest at the zero and 0 elsewhere; with
 * more, 0 everywhere.
 */
export function prodPartials(x: Tensor, axes: readonly number[]): Tensor {
  const kept = keptAxes(x, axes);
  const zero = lit(x, 0);
  const isZero = eq(x, zero);
  const nonzero = select(isZero, one(x), x);
  const prodNz = broadcastInDim(bind1("reduce_prod", [nonzero], { axes }), x.shape, kept);
  const zeros = broadcastInDim(reduceSum(convert(isZero, x.dtype), axes), x.shape, kept);
  const atLoneZero = and(eq(zeros, one(x)), isZero);
  return select(eq(zeros, zero), div(prodNz, nonzero), select(atLoneZero, prodNz, fill(zero, x.shape)));
}
