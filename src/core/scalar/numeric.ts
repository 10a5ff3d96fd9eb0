/**
 * The scalar operations on JS numbers: what the interpreter's kernels and constant
 * folding compute with. Storing into the dtype's typed array would finish int32 wrap-around
 * and float32 rounding anyway, but the operations do it themselves, so a value kept in a
 * local (as compiled code keeps it) is already what the array would hold.
 */
import { castScalar } from "../dtype";
import type { BoolOps, CommonOps, FloatOps, IntOps, ScalarRenderer } from "./ops";


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
  // Literals, not INT_MIN: ahead-of-time modules carry this function by its source alone.
  if (y === 0) return -1;
  if (x === -2147483648 && y === -1) return -2147483648;
  return Math.trunc(x / y) | 0;
}

/** Integer remainder as XLA defines it: sign of the dividend, x%0 = x. */
export function intRem(x: number, y: number): number {
  return y === 0 ? x : x % y | 0;
}

/** The case select_n picks: the selector clamped into [0, n). */
export function clampSelector(which: number, n: number): number {
  return which < 0 ? 0 : which >= n ? n - 1 : which;
}

const common: CommonOps<number> = {
  lit: (v) => v,
  max: Math.max,
  min: Math.min,
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
};

const float: FloatOps<number> = {
  ...common,
  neg: (a) => -a,
  abs: Math.abs,
  sign: Math.sign,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  rem: (a, b) => a % b,
  floor: Math.floor,
  ceil: Math.ceil,
  roundEven: roundHalfEven,
  roundAway: roundHalfAway,
  sqrt: Math.sqrt,
  cbrt: Math.cbrt,
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  expm1: Math.expm1,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  pow: ieeePow,
  atan2: Math.atan2,
  isFinite: (a) => (Number.isFinite(a) ? 1 : 0),
  round32: Math.fround,
};

/**
 * x^y with the special cases of C99 / IEEE 754 (and NumPy, XLA) where JS's Math.pow
 * differs: pow(1, y) = 1 for every y, NaN included, and pow(-1, ±∞) = 1.
 */
export function ieeePow(x: number, y: number): number {
  if (x === 1 || (x === -1 && (y === Infinity || y === -Infinity))) return 1;
  return Math.pow(x, y);
}

const bits = {
  and: (a: number, b: number) => a & b,
  or: (a: number, b: number) => a | b,
  xor: (a: number, b: number) => a ^ b,
};

const int: IntOps<number> = {
  ...common,
  ...bits,
  neg: (a) => -a | 0,
  abs: (a) => Math.abs(a) | 0,
  sign: Math.sign,
  add: (a, b) => (a + b) | 0,
  sub: (a, b) => (a - b) | 0,
  mul: Math.imul,
  div: intDiv,
  rem: intRem,
  not: (a) => ~a,
};

const bool: BoolOps<number> = { ...common, ...bits, not: (a) => (a ? 0 : 1) };

/** The scalar operations on JS numbers. */
export const numeric: ScalarRenderer<number> = {
  float,
  int,
  bool,
  convert: (a, _from, to) => castScalar(a, to),
  selectN: (which, cases) => cases[clampSelector(which, cases.length)],
};
