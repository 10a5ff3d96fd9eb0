/**
 * The binary elementwise primitives and the comparisons, each declared once with its
 * meaning per class of values and its derivative (see `unary.ts` for how the rule tables
 * use them). Operands have one dtype and equal shapes, or one is 0-d.
 *
 * Derivatives follow JAX: max/min split a tie 0.5/0.5; d(x^y)/dy at x = 0 uses log(1)
 * (so 0); pow's d/dx at y = 0 is 0.
 */
import type { Tensor } from "../tensor";
import type { ArithOps, BitOps, BoolOps, CommonOps, FloatOps, IntOps } from "../scalar/ops";
import type { DiffOps } from "./diff-ops";
import type { PerClass } from "./family";

export const BINARY_PRIMS = ["add", "add_any", "sub", "mul", "div", "rem", "pow", "max", "min", "atan2", "and", "or", "xor"] as const;
/** A binary elementwise primitive whose output dtype is the operands' dtype. */
export type BinaryPrim = (typeof BINARY_PRIMS)[number];

export const COMPARE_PRIMS = ["eq", "ne", "lt", "le", "gt", "ge"] as const;
/** A comparison: binary elementwise with a bool result. */
export type ComparePrim = (typeof COMPARE_PRIMS)[number];

/** Lazy partials (∂z/∂x, ∂z/∂y) of z = prim(x, y); only the needed one is built. */
export type Partials = (o: DiffOps, x: Tensor, y: Tensor, z: Tensor) => readonly [() => Tensor, () => Tensor];

/**
 * `"zero"`: no tangent; `"sum"` / `"difference"`: the tangents added / subtracted, without
 * instantiating symbolic zeros; otherwise the partials.
 */
export type BinaryDerivative = "zero" | "sum" | "difference" | Partials;

type FloatFn = <T>(m: FloatOps<T>, x: T, y: T) => T;
type IntFn = <T>(m: IntOps<T>, x: T, y: T) => T;
type BoolFn = <T>(m: BoolOps<T>, x: T, y: T) => T;

export interface BinaryDef extends PerClass<FloatFn, IntFn, BoolFn> {
  readonly derivative: BinaryDerivative;
  /** Float32 operands give a float32 exactly, so the result needs no rounding. */
  readonly exact32?: boolean;
  /** Swapping real or integer operands gives the same bits (CSE keys both orders alike). */
  readonly commutes?: boolean;
}

const float = (f: FloatFn, derivative: BinaryDerivative): BinaryDef => ({ float: f, derivative });
const arith = (f: <T>(m: ArithOps<T>, x: T, y: T) => T, derivative: BinaryDerivative): BinaryDef => ({ float: f, int: f, derivative });
const every = (f: <T>(m: CommonOps<T>, x: T, y: T) => T, derivative: BinaryDerivative): BinaryDef => ({ float: f, int: f, bool: f, derivative });
const bits = (f: <T>(m: BitOps<T>, x: T, y: T) => T): BinaryDef => ({ int: f, bool: f, derivative: "zero" });

/** `x == z` as 1/0, halved where `y == z` too: max/min's tie-splitting weight. */
function balancedEq({ div, select, eq, one, lit }: DiffOps, x: Tensor, z: Tensor, y: Tensor): Tensor {
  return div(select(eq(x, z), one(z), lit(z, 0)), select(eq(y, z), lit(z, 2), one(z)));
}

const chooser: Partials = (o, x, y, z) => [() => balancedEq(o, x, z, y), () => balancedEq(o, y, z, x)];

export const binaryPrims: { readonly [P in BinaryPrim]: BinaryDef } = {
  add: { ...arith((m, x, y) => m.add(x, y), "sum"), commutes: true },
  add_any: { ...arith((m, x, y) => m.add(x, y), "sum"), commutes: true },
  sub: arith((m, x, y) => m.sub(x, y), "difference"),
  mul: { ...arith((m, x, y) => m.mul(x, y), (_o, x, y) => [() => y, () => x]), commutes: true },
  div: arith(
    (m, x, y) => m.div(x, y),
    ({ div, one, mul, neg, integerPow }, x, y) => [() => div(one(y), y), () => mul(neg(x), integerPow(y, -2))],
  ),
  rem: arith(
    (m, x, y) => m.rem(x, y),
    ({ one, div, neg, mul, sign, floor, abs }, x, y) => [
      () => one(x),
      () => {
        const q = div(x, y);
        return neg(mul(sign(q), floor(abs(q))));
      },
    ],
  ),
  pow: float(
    (m, x, y) => m.pow(x, y),
    ({ mul, pow, select, eq, lit, one, sub, log }, x, y, z) => [
      () => mul(y, pow(x, select(eq(y, lit(y, 0)), one(y), sub(y, one(y))))),
      () => mul(log(select(eq(x, lit(x, 0)), one(x), x)), z),
    ],
  ),
  max: { ...every((m, x, y) => m.max(x, y), chooser), exact32: true },
  min: { ...every((m, x, y) => m.min(x, y), chooser), exact32: true },
  atan2: float(
    (m, x, y) => m.atan2(x, y),
    ({ add, square, div, neg }, x, y) => {
      const denom = () => add(square(x), square(y));
      return [() => div(y, denom()), () => div(neg(x), denom())];
    },
  ),
  and: bits((m, x, y) => m.and(x, y)),
  or: bits((m, x, y) => m.or(x, y)),
  xor: bits((m, x, y) => m.xor(x, y)),
};

/** Comparisons of any class; their results are piecewise constant. */
export const comparePrims: { readonly [P in ComparePrim]: <T>(m: CommonOps<T>, x: T, y: T) => T } = {
  eq: (m, x, y) => m.eq(x, y),
  ne: (m, x, y) => m.ne(x, y),
  lt: (m, x, y) => m.lt(x, y),
  le: (m, x, y) => m.le(x, y),
  gt: (m, x, y) => m.gt(x, y),
  ge: (m, x, y) => m.ge(x, y),
};
