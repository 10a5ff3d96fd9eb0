/**
 * The closed set of scalar operations that elementwise primitives are defined in.
 *
 * A primitive's meaning is written once, as a function over one of these interfaces
 * (`core/prims/`), and every consumer supplies an implementation: the interpreter's
 * kernels and constant folding evaluate on JS numbers (`numeric.ts`), the JavaScript
 * emitter renders source text (`jit/scalar-js.ts`). Interpreter and compiled code agree
 * bit for bit because they run the same definition; a renderer that lacks an operation
 * fails the type check.
 *
 * Values come in three classes. Float operations compute on doubles (a float32
 * primitive rounds its result once, with `round32`, unless its definition says
 * otherwise); int operations are int32 with wrap-around (XLA's semantics); bools are
 * 0 or 1. Comparisons of any class give 0/1.
 */
import type { DType } from "../dtype";

/** What every class has: literals, comparisons (0/1 results), max and min. */
export interface CommonOps<T> {
  lit(v: number): T;
  max(a: T, b: T): T;
  min(a: T, b: T): T;
  eq(a: T, b: T): T;
  ne(a: T, b: T): T;
  lt(a: T, b: T): T;
  le(a: T, b: T): T;
  gt(a: T, b: T): T;
  ge(a: T, b: T): T;
}

/** Arithmetic shared by floats and ints (each with its own class's rounding or wrap-around). */
export interface ArithOps<T> extends CommonOps<T> {
  neg(a: T): T;
  abs(a: T): T;
  /** -1, 0 or 1; keeps -0 and NaN. */
  sign(a: T): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  /** True division for floats; XLA's truncating division for ints (x/0 = -1). */
  div(a: T, b: T): T;
  /** Remainder with the sign of the dividend (C's fmod; x%0 = x for ints). */
  rem(a: T, b: T): T;
}

/** Bitwise operations (logical ones on bools). */
export interface BitOps<T> {
  and(a: T, b: T): T;
  or(a: T, b: T): T;
  xor(a: T, b: T): T;
  not(a: T): T;
}

/** Double-precision arithmetic and the engine's libm (`Math.*`). */
export interface FloatOps<T> extends ArithOps<T> {
  floor(a: T): T;
  ceil(a: T): T;
  /** Rounds halves to even (NumPy's round). */
  roundEven(a: T): T;
  /** Rounds halves away from zero (lax.round's default). */
  roundAway(a: T): T;
  sqrt(a: T): T;
  cbrt(a: T): T;
  exp(a: T): T;
  log(a: T): T;
  log1p(a: T): T;
  expm1(a: T): T;
  sin(a: T): T;
  cos(a: T): T;
  tan(a: T): T;
  asin(a: T): T;
  acos(a: T): T;
  atan(a: T): T;
  sinh(a: T): T;
  cosh(a: T): T;
  tanh(a: T): T;
  asinh(a: T): T;
  acosh(a: T): T;
  atanh(a: T): T;
  pow(a: T, b: T): T;
  atan2(a: T, b: T): T;
  /** 1 for finite values, 0 for ±∞ and NaN. */
  isFinite(a: T): T;
  /** Rounds a double to the nearest float32. */
  round32(a: T): T;
}

export interface IntOps<T> extends ArithOps<T>, BitOps<T> {}

export interface BoolOps<T> extends CommonOps<T>, BitOps<T> {}

/** One implementation of the scalar operations: the three classes and the operations between them. */
export interface ScalarRenderer<T> {
  readonly float: FloatOps<T>;
  readonly int: IntOps<T>;
  readonly bool: BoolOps<T>;
  /** convert_element_type: float to int truncates and saturates (NaN to 0), anything to bool is `!= 0`. */
  convert(a: T, from: DType, to: DType): T;
  /** `cases[which]`, with `which` (a bool, or an int clamped into range) of dtype `whichDtype`. */
  selectN(which: T, cases: readonly T[], whichDtype: DType): T;
}

/** The class of values a dtype's elements belong to. */
export type ScalarClass = "float" | "int" | "bool";

export function classOf(dtype: DType): ScalarClass {
  return dtype === "bool" ? "bool" : dtype === "int32" ? "int" : "float";
}
