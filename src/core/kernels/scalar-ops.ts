/**
 * The scalar meaning of every elementwise primitive, per dtype class. The eager kernels
 * map these over arrays; the JIT's emit table writes the same expressions as source, and
 * the JIT-vs-interpreter property tests hold the two to bit-for-bit agreement.
 *
 * Values are JS numbers; storing into the dtype's typed array finishes the job (float32
 * rounding, int32 wrap-around), except where a double result would be wrong before the
 * store (int32 multiplication uses Math.imul).
 */
import type { DType } from "../dtype";
import { JitgradError } from "../errors";
import type { BinaryPrim, ComparePrim, UnaryPrim } from "../primitives";

export type UnaryFn = (x: number) => number;
export type BinaryFn = (x: number, y: number) => number;

/** An op's implementation per dtype class; a missing entry means the dtype is rejected by abstract eval. */
export interface PerDType<F> {
  readonly float?: F;
  readonly int?: F;
  readonly bool?: F;
}

const INT_MIN = -2147483648;

/** Rounds halves to even, as NumPy's round; keeps the sign of zero. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  const r = d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
  return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r;
}

/** Rounds halves away from zero (lax.round's default method). */
export function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/**
 * Integer division as XLA defines it: truncation, x/0 = -1, INT_MIN/-1 = INT_MIN. The
 * `| 0` turns a truncated -0 (0 / -2) into 0: an int32 is never -0, and compiled code
 * keeps ints in locals, where a -0 would survive into a later conversion to float.
 */
export function intDiv(x: number, y: number): number {
  if (y === 0) return -1;
  if (x === INT_MIN && y === -1) return INT_MIN;
  return Math.trunc(x / y) | 0;
}

/** Integer remainder as XLA defines it: sign of the dividend, x%0 = x. */
export function intRem(x: number, y: number): number {
  return y === 0 ? x : x % y | 0;
}

const same = <F>(f: F): PerDType<F> => ({ float: f, int: f });
const floatOnly = <F>(f: F): PerDType<F> => ({ float: f });

export const unaryScalar: { readonly [P in UnaryPrim]: PerDType<UnaryFn> } = {
  neg: same((x) => -x),
  sign: same(Math.sign),
  floor: floatOnly(Math.floor),
  ceil: floatOnly(Math.ceil),
  exp: floatOnly(Math.exp),
  exp2: floatOnly((x) => Math.pow(2, x)),
  log: floatOnly(Math.log),
  log1p: floatOnly(Math.log1p),
  expm1: floatOnly(Math.expm1),
  sin: floatOnly(Math.sin),
  cos: floatOnly(Math.cos),
  tan: floatOnly(Math.tan),
  asin: floatOnly(Math.asin),
  acos: floatOnly(Math.acos),
  atan: floatOnly(Math.atan),
  sinh: floatOnly(Math.sinh),
  cosh: floatOnly(Math.cosh),
  tanh: floatOnly(Math.tanh),
  asinh: floatOnly(Math.asinh),
  acosh: floatOnly(Math.acosh),
  atanh: floatOnly(Math.atanh),
  logistic: floatOnly((x) => 1 / (1 + Math.exp(-x))),
  sqrt: floatOnly(Math.sqrt),
  rsqrt: floatOnly((x) => 1 / Math.sqrt(x)),
  cbrt: floatOnly(Math.cbrt),
  abs: same(Math.abs),
  square: { float: (x) => x * x, int: (x) => Math.imul(x, x) },
  not: { int: (x) => ~x, bool: (x) => (x ? 0 : 1) },
  stop_gradient: { float: (x) => x, int: (x) => x, bool: (x) => x },
};

export const binaryScalar: { readonly [P in BinaryPrim]: PerDType<BinaryFn> } = {
  add: same((x, y) => x + y),
  add_any: same((x, y) => x + y),
  sub: same((x, y) => x - y),
  mul: { float: (x, y) => x * y, int: Math.imul },
  div: { float: (x, y) => x / y, int: intDiv },
  rem: { float: (x, y) => x % y, int: intRem },
  pow: floatOnly(Math.pow),
  max: { float: Math.max, int: Math.max, bool: Math.max },
  min: { float: Math.min, int: Math.min, bool: Math.min },
  atan2: floatOnly(Math.atan2),
  and: { int: (x, y) => x & y, bool: (x, y) => x & y },
  or: { int: (x, y) => x | y, bool: (x, y) => x | y },
  xor: { int: (x, y) => x ^ y, bool: (x, y) => x ^ y },
};

const cmp = (f: (x: number, y: number) => boolean): PerDType<BinaryFn> => {
  const g: BinaryFn = (x, y) => (f(x, y) ? 1 : 0);
  return { float: g, int: g, bool: g };
};

export const compareScalar: { readonly [P in ComparePrim]: PerDType<BinaryFn> } = {
  eq: cmp((x, y) => x === y),
  ne: cmp((x, y) => x !== y),
  lt: cmp((x, y) => x < y),
  le: cmp((x, y) => x <= y),
  gt: cmp((x, y) => x > y),
  ge: cmp((x, y) => x >= y),
};

/** Picks the dtype class's implementation; abstract eval has already rejected unsupported dtypes. */
export function forDType<F>(prim: string, table: PerDType<F>, dtype: DType): F {
  const f = dtype === "bool" ? table.bool : dtype === "int32" ? table.int : table.float;
  if (!f) throw new JitgradError(`${prim}: no implementation for ${dtype} (abstract eval should have rejected it).`);
  return f;
}

/**
 * `x ** y` for a static integer y by binary exponentiation, in the same multiplication
 * order as JAX's lowering of integer_pow (so results match JAX bit for bit).
 */
export function integerPow(x: number, y: number, mul: BinaryFn): number {
  if (y === 0) return 1;
  const reciprocal = y < 0;
  let n = Math.abs(y);
  let acc: number | undefined;
  let base = x;
  while (n > 0) {
    if (n & 1) acc = acc === undefined ? base : mul(acc, base);
    n >>= 1;
    if (n > 0) base = mul(base, base);
  }
  return reciprocal ? 1 / acc! : acc!;
}
