/**
 * The unary elementwise primitives, each declared once: its meaning per class of values
 * (which also decides the dtypes it accepts) and its derivative. Every rule table derives
 * its rows from here — abstract eval, the interpreter's kernels, jvp and vjp, batching,
 * scalarization and every code renderer — so a new unary primitive is one row here plus
 * its `lax`/`np` function.
 *
 * Derivatives follow JAX: d|x|/dx at 0 is +1; sqrt'(0) = inf.
 */
import type { Tensor } from "../tensor";
import type { ArithOps, BoolOps, FloatOps, IntOps } from "../scalar/ops";
import type { DiffOps } from "./diff-ops";
import type { PerClass } from "./family";

export const UNARY_PRIMS = [
  "neg",
  "sign",
  "floor",
  "ceil",
  "exp",
  "exp2",
  "log",
  "log1p",
  "expm1",
  "sin",
  "cos",
  "tan",
  "asin",
  "acos",
  "atan",
  "sinh",
  "cosh",
  "tanh",
  "asinh",
  "acosh",
  "atanh",
  "logistic",
  "sqrt",
  "rsqrt",
  "cbrt",
  "abs",
  "square",
  "not",
  "stop_gradient",
] as const;
/** A unary elementwise primitive whose output dtype is its input dtype. */
export type UnaryPrim = (typeof UNARY_PRIMS)[number];

/**
 * `"zero"`: piecewise constant (no tangent); `"linear"`: the primitive applied to the
 * tangent (and, being diagonal, to the cotangent); otherwise ∂y/∂x at (x, y = prim(x)).
 */
export type UnaryDerivative = "zero" | "linear" | ((o: DiffOps, x: Tensor, y: Tensor) => Tensor);

type FloatFn = <T>(m: FloatOps<T>, x: T) => T;
type IntFn = <T>(m: IntOps<T>, x: T) => T;
type BoolFn = <T>(m: BoolOps<T>, x: T) => T;

export interface UnaryDef extends PerClass<FloatFn, IntFn, BoolFn> {
  readonly derivative: UnaryDerivative;
  /** Float32 operands give a float32 exactly, so the result needs no rounding. */
  readonly exact32?: boolean;
}

const float = (f: FloatFn, derivative: UnaryDerivative): UnaryDef => ({ float: f, derivative });
const arith = (f: <T>(m: ArithOps<T>, x: T) => T, derivative: UnaryDerivative): UnaryDef => ({ float: f, int: f, derivative });
const exact = (def: UnaryDef): UnaryDef => ({ ...def, exact32: true });

export const unaryPrims: { readonly [P in UnaryPrim]: UnaryDef } = {
  neg: exact(arith((m, x) => m.neg(x), "linear")),
  sign: exact(arith((m, x) => m.sign(x), "zero")),
  floor: exact(float((m, x) => m.floor(x), "zero")),
  ceil: exact(float((m, x) => m.ceil(x), "zero")),
  exp: float((m, x) => m.exp(x), (_o, _x, y) => y),
  exp2: float((m, x) => m.pow(m.lit(2), x), ({ mul, lit }, _x, y) => mul(y, lit(y, Math.LN2))),
  log: float((m, x) => m.log(x), ({ div, one }, x) => div(one(x), x)),
  log1p: float((m, x) => m.log1p(x), ({ div, add, one }, x) => div(one(x), add(x, one(x)))),
  expm1: float((m, x) => m.expm1(x), ({ add, one }, _x, y) => add(y, one(y))),
  sin: float((m, x) => m.sin(x), ({ cos }, x) => cos(x)),
  cos: float((m, x) => m.cos(x), ({ neg, sin }, x) => neg(sin(x))),
  tan: float((m, x) => m.tan(x), ({ add, one, square }, _x, y) => add(one(y), square(y))),
  asin: float((m, x) => m.asin(x), ({ rsqrt, sub, one, square }, x) => rsqrt(sub(one(x), square(x)))),
  acos: float((m, x) => m.acos(x), ({ neg, rsqrt, sub, one, square }, x) => neg(rsqrt(sub(one(x), square(x))))),
  atan: float((m, x) => m.atan(x), ({ div, add, one, square }, x) => div(one(x), add(one(x), square(x)))),
  sinh: float((m, x) => m.sinh(x), ({ cosh }, x) => cosh(x)),
  cosh: float((m, x) => m.cosh(x), ({ sinh }, x) => sinh(x)),
  tanh: float((m, x) => m.tanh(x), ({ sub, one, square }, _x, y) => sub(one(y), square(y))),
  asinh: float((m, x) => m.asinh(x), ({ rsqrt, add, one, square }, x) => rsqrt(add(square(x), one(x)))),
  acosh: float((m, x) => m.acosh(x), ({ rsqrt, mul, sub, add, one }, x) => rsqrt(mul(sub(x, one(x)), add(x, one(x))))),
  atanh: float((m, x) => m.atanh(x), ({ div, sub, one, square }, x) => div(one(x), sub(one(x), square(x)))),
  logistic: float(
    (m, x) => m.div(m.lit(1), m.add(m.lit(1), m.exp(m.neg(x)))),
    ({ mul, sub, one }, _x, y) => mul(y, sub(one(y), y)),
  ),
  sqrt: float((m, x) => m.sqrt(x), ({ div, lit }, _x, y) => div(lit(y, 0.5), y)),
  rsqrt: float((m, x) => m.div(m.lit(1), m.sqrt(x)), ({ mul, div, lit }, x, y) => mul(lit(x, -0.5), div(y, x))),
  cbrt: float((m, x) => m.cbrt(x), ({ mul, lit, integerPow }, _x, y) => mul(lit(y, 1 / 3), integerPow(y, -2))),
  abs: exact(arith((m, x) => m.abs(x), ({ select, ge, lit, one }, x) => select(ge(x, lit(x, 0)), one(x), lit(x, -1)))),
  square: arith((m, x) => m.mul(x, x), ({ mul, lit }, x) => mul(lit(x, 2), x)),
  not: { int: (m, x) => m.not(x), bool: (m, x) => m.not(x), derivative: "zero" },
  stop_gradient: { float: (_m, x) => x, int: (_m, x) => x, bool: (_m, x) => x, derivative: "zero", exact32: true },
};
