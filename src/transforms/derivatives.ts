/**
 * Derivatives of the smooth elementwise primitives, written once and shared by forward
 * mode (tangent · ∂) and reverse mode (cotangent · ∂). Each entry is the partial
 * derivative at the primal point, given the inputs and the output.
 *
 * Non-differentiable points follow JAX: d|x|/dx at 0 is +1; max/min split a tie 0.5/0.5;
 * sqrt'(0) = inf; d(x^y)/dy at x = 0 uses log(1) (so 0); pow's d/dx at y = 0 is 0.
 */
import type { BinaryPrim, UnaryPrim } from "../core/primitives";
import type { Tensor } from "../core/tensor";
import { bind1 } from "../core/trace";
import {
  add,
  and,
  broadcastInDim,
  convert,
  div,
  eq,
  fill,
  ge,
  integerPow,
  lit,
  log,
  mul,
  neg,
  reduceSum,
  rsqrt,
  select,
  sign,
  square,
  sub,
} from "./ad-ops";

const one = (x: Tensor) => lit(x, 1);

/** The smooth unary primitives (the rest have zero derivative or are linear). */
export type SmoothUnary = Exclude<UnaryPrim, "neg" | "sign" | "floor" | "ceil" | "not" | "stop_gradient">;

/** ∂y/∂x for y = prim(x). */
export const unaryDerivative: { readonly [P in SmoothUnary]: (x: Tensor, y: Tensor) => Tensor } = {
  exp: (_x, y) => y,
  exp2: (_x, y) => mul(y, lit(y, Math.LN2)),
  log: (x) => div(one(x), x),
  log1p: (x) => div(one(x), add(x, one(x))),
  expm1: (_x, y) => add(y, one(y)),
  sin: (x) => bind1("cos", [x], {}),
  cos: (x) => neg(bind1("sin", [x], {})),
  tan: (_x, y) => add(one(y), square(y)),
  asin: (x) => rsqrt(sub(one(x), square(x))),
  acos: (x) => neg(rsqrt(sub(one(x), square(x)))),
  atan: (x) => div(one(x), add(one(x), square(x))),
  sinh: (x) => bind1("cosh", [x], {}),
  cosh: (x) => bind1("sinh", [x], {}),
  tanh: (_x, y) => sub(one(y), square(y)),
  asinh: (x) => rsqrt(add(square(x), one(x))),
  acosh: (x) => rsqrt(mul(sub(x, one(x)), add(x, one(x)))),
  atanh: (x) => div(one(x), sub(one(x), square(x))),
  logistic: (_x, y) => mul(y, sub(one(y), y)),
  sqrt: (_x, y) => div(lit(y, 0.5), y),
  rsqrt: (x, y) => mul(lit(x, -0.5), div(y, x)),
  cbrt: (_x, y) => mul(lit(y, 1 / 3), integerPow(y, -2)),
  abs: (x) => select(ge(x, lit(x, 0)), one(x), lit(x, -1)),
  square: (x) => mul(lit(x, 2), x),
};

/** ∂(x^y)/∂x for a static integer y. */
export function integerPowDerivative(x: Tensor, y: number): Tensor {
  return y === 1 ? one(x) : y === 2 ? mul(lit(x, 2), x) : mul(lit(x, y), integerPow(x, y - 1));
}

/** `x == z` as 1/0, halved where `y == z` too: max/min's tie-splitting weight. */
function balancedEq(x: Tensor, z: Tensor, y: Tensor): Tensor {
  return div(select(eq(x, z), one(z), lit(z, 0)), select(eq(y, z), lit(z, 2), one(z)));
}

/** The smooth binary primitives with nontrivial partials (add/sub are linear). */
export type SmoothBinary = Extract<BinaryPrim, "mul" | "div" | "rem" | "pow" | "max" | "min" | "atan2">;

/** Lazy partials (∂z/∂x, ∂z/∂y) of z = prim(x, y); only the needed one is built. */
export const binaryPartials: {
  readonly [P in SmoothBinary]: (x: Tensor, y: Tensor, z: Tensor) => readonly [() => Tensor, () => Tensor];
} = {
  mul: (x, y) => [() => y, () => x],
  div: (x, y) => [() => div(one(y), y), () => mul(neg(x), integerPow(y, -2))],
  rem: (x, y) => [
    () => one(x),
    () => {
      const q = div(x, y);
      return neg(mul(sign(q), bind1("floor", [bind1("abs", [q], {})], {})));
    },
  ],
  pow: (x, y, z) => [
    () => mul(y, bind1("pow", [x, select(eq(y, lit(y, 0)), one(y), sub(y, one(y)))], {})),
    () => mul(log(select(eq(x, lit(x, 0)), one(x), x)), z),
  ],
  max: (x, y, z) => [() => balancedEq(x, z, y), () => balancedEq(y, z, x)],
  min: (x, y, z) => [() => balancedEq(x, z, y), () => balancedEq(y, z, x)],
  atan2: (x, y) => {
    const denom = () => add(square(x), square(y));
    return [() => div(y, denom()), () => div(neg(x), denom())];
  },
};

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
