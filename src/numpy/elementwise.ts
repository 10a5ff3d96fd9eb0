/** Elementwise `np` functions: math, comparisons, logic, `where`, `clip`. All broadcast. */
import { isComplex, isFloat, isInexact, realDType } from "../core/dtype";
import type { BinaryPrim, ComparePrim, UnaryPrim } from "../core/primitives";
import { ArgumentError, DTypeError } from "../core/errors";
import type { Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import { imag, real, refuseComplex } from "./complex-parts";
import { asTensor, broadcastAll, broadcastOperands, promote, promoteInexact } from "./convert";

/** An elementwise function of one array (or JS value), broadcasting as NumPy. @example np.sin */
export type Unary = (x: TensorLike) => Tensor;
/** An elementwise function of two arrays (or JS values), broadcasting as NumPy. @example np.add */
export type Binary = (x: TensorLike, y: TensorLike) => Tensor;

/** A unary op that computes in floating point (ints and bools are converted first). */
const inexact =
  (prim: UnaryPrim, op: string): Unary =>
  (x) =>
    bind1(prim, promoteInexact(op, [x]), {});

/** A unary op that keeps the dtype. */
const numeric =
  (prim: UnaryPrim, op: string): Unary =>
  (x) =>
    bind1(prim, promote(op, [x]), {});

const binary =
  (prim: BinaryPrim, op: string, floating = false): Binary =>
  (x, y) =>
    bind1(prim, broadcastOperands(op, floating ? promoteInexact(op, [x, y]) : promote(op, [x, y])), {});

const comparison =
  (prim: ComparePrim, op: string): Binary =>
  (x, y) =>
    bind1(prim, broadcastOperands(op, promote(op, [x, y])), {});

/**
 * A binary op whose bool form is a logical one (NumPy's and JAX's `+` on bools is `or`,
 * `*` is `and`).
 */
const withBoolForm =
  (prim: BinaryPrim, boolPrim: "and" | "or", op: string): Binary =>
  (x, y) => {
    const [a, b] = broadcastOperands(op, promote(op, [x, y]));
    return bind1(a.dtype === "bool" ? boolPrim : prim, [a, b], {});
  };

/** x + y (logical or on bools, as NumPy). @example np.add([1, 2], 10) // [11, 12] */
export const add: Binary = withBoolForm("add", "or", "np.add");
/** x - y. @example np.subtract(20, np.array([1, 2])) // [19, 18] */
export const subtract: Binary = (x, y) => {
  const [a, b] = broadcastOperands("np.subtract", promote("np.subtract", [x, y]));
  if (a.dtype === "bool") throw new DTypeError("np.subtract: bools have no subtraction (NumPy refuses `-` on bools); use np.logicalXor, or convert with astype(\"int32\").");
  return bind1("sub", [a, b], {});
};
/** x * y (logical and on bools, as NumPy). @example np.multiply([1, 2], [3, 4]) // [3, 8] */
export const multiply: Binary = withBoolForm("mul", "and", "np.multiply");
/** True division x / y (ints are converted to float64). @example np.divide(1, 4) // 0.25 */
export const divide: Binary = binary("div", "np.divide", true);
/** Alias of {@link divide}. */
export const trueDivide: Binary = divide;
/** Elementwise maximum; NaN propagates. @example np.maximum([1, 5], 3) // [3, 5] */
export const maximum: Binary = binary("max", "np.maximum");
/** Elementwise minimum; NaN propagates. */
export const minimum: Binary = binary("min", "np.minimum");
/** atan2(y, x), the angle of (x, y). @example np.arctan2(1, 1) // π/4 */
export const arctan2: Binary = binary("atan2", "np.arctan2", true);
/** C-style remainder with the sign of the dividend. @example np.fmod(-5, 3) // -2 */
export const fmod: Binary = binary("rem", "np.fmod");

/** A bitwise op: int32 (bit by bit) or bool (logically); floats are refused, as in JAX. */
const bitwise =
  (prim: "and" | "or" | "xor", op: string): Binary =>
  (x, y) =>
    bind1(prim, broadcastOperands(op, integral(op, promote(op, [x, y]))), {});

function integral(op: string, ts: Tensor[]): Tensor[] {
  for (const t of ts) {
    if (isFloat(t.dtype)) throw new DTypeError(`${op}: bitwise operations take int32 or bool arrays, got ${t.dtype}; convert with astype("int32").`);
  }
  return ts;
}

/** x & y on int32 bits (logical and on bools). @example np.bitwiseAnd(np.array([12], "int32"), 10) // [8] */
export const bitwiseAnd: Binary = bitwise("and", "np.bitwiseAnd");
/** x | y on int32 bits (logical or on bools). @example np.bitwiseOr(np.array([12], "int32"), 3) // [15] */
export const bitwiseOr: Binary = bitwise("or", "np.bitwiseOr");
/** x ^ y on int32 bits (logical xor on bools). @example np.bitwiseXor(np.array([12], "int32"), 10) // [6] */
export const bitwiseXor: Binary = bitwise("xor", "np.bitwiseXor");
/** ~x on int32 bits (logical not on bools). @example np.bitwiseNot(np.array([0], "int32")) // [-1] */
export const bitwiseNot: Unary = (x) => bind1("not", integral("np.bitwiseNot", promote("np.bitwiseNot", [x])), {});
/** Alias of {@link bitwiseNot}, NumPy's name. */
export const invert: Unary = bitwiseNot;

/** Remainder with the sign of the divisor (Python's %). @example np.remainder(-5, 3) // 1 */
export function remainder(x: TensorLike, y: TensorLike): Tensor {
  const [a, b] = broadcastOperands("np.remainder", promote("np.remainder", [x, y]));
  const r = bind1("rem", [a, b], {});
  const zero = asTensor(0, "np.remainder", r.dtype);
  const fix = bind1("and", [bind1("ne", [r, zero], {}), bind1("ne", [bind1("lt", [r, zero], {}), bind1("lt", [b, zero], {})], {})], {});
  return where(fix, bind1("add", [r, b], {}), r);
}
/** Alias of {@link remainder}. */
export const mod = remainder;

/** Division rounded toward -∞ (Python's //). @example np.floorDivide(-7, 2) // -4 */
export function floorDivide(x: TensorLike, y: TensorLike): Tensor {
  const [a, b] = broadcastOperands("np.floorDivide", promote("np.floorDivide", [x, y]));
  if (isFloat(a.dtype)) return bind1("floor", [bind1("div", [a, b], {})], {});
  const q = bind1("div", [a, b], {});
  const zero = asTensor(0, "np.floorDivide", a.dtype);
  const r = bind1("rem", [a, b], {});
  const signsDiffer = bind1("ne", [bind1("lt", [a, zero], {}), bind1("lt", [b, zero], {})], {});
  const adjust = bind1("and", [signsDiffer, bind1("ne", [r, zero], {})], {});
  return where(adjust, bind1("sub", [q, asTensor(1, "np.floorDivide", a.dtype)], {}), q);
}

/**
 * x ** y, as JAX: a JS integer exponent becomes `integer_pow` (exact repeated
 * multiplication); integer arrays to integer powers stay int32 (wrapping, JAX's binary
 * exponentiation over the exponent's low 6 bits); otherwise floating `pow`. A negative
 * JS integer power of an integer array is refused, as NumPy refuses it.
 * @example np.power(np.array([2, 3]), 2) // [4, 9]
 */
export function power(x: TensorLike, y: TensorLike): Tensor {
  const op = "np.power";
  if (typeof y === "number" && Number.isInteger(y) && Math.abs(y) <= 2 ** 31) {
    const t = promote(op, [x, y])[0];
    if (!isInexact(t.dtype) && y < 0) {
      throw new ArgumentError(`${op}: an integer array to a negative integer power (${y}) is not an integer; convert the base with astype("float64") first (NumPy refuses it too).`);
    }
    return bind1("integer_pow", [t], { y });
  }
  const [a, b] = broadcastOperands(op, promote(op, [x, y]));
  if (!isInexact(a.dtype)) return intPower(a, b);
  return bind1("pow", broadcastOperands(op, promoteInexact(op, [x, y])), {});
}

/**
 * int32 x ** y by binary exponentiation over y's low 6 bits (more would overflow for any
 * |x| > 1), as JAX's `_pow_int_int`: pow(0, y ≠ 0) is 0, products wrap.
 */
function intPower(x: Tensor, y: Tensor): Tensor {
  const c = (v: number) => asTensor(v, "np.power", y.dtype);
  const zero = c(0);
  let acc = where(bind1("and", [bind1("eq", [x, asTensor(0, "np.power", x.dtype)], {}), bind1("ne", [y, zero], {})], {}), asTensor(0, "np.power", x.dtype), asTensor(1, "np.power", x.dtype));
  let base = x;
  for (let bit = 0; bit < 6; bit++) {
    const set = bind1("ne", [bind1("and", [y, c(1 << bit)], {}), zero], {});
    acc = where(set, bind1("mul", [acc, base], {}), acc);
    base = bind1("mul", [base, base], {});
  }
  return acc;
}
/** Alias of {@link power}. */
export const pow = power;

/**
 * sqrt(x² + y²) without overflow or underflow, and inf when either is infinite (NaN or
 * not), as C99 and JAX: max · sqrt(1 + (min/max)²).
 * @example np.hypot(3, 4) // 5
 */
export function hypot(x: TensorLike, y: TensorLike): Tensor {
  const op = "np.hypot";
  const [a0, b0] = broadcastOperands(op, promoteInexact(op, [x, y]));
  refuseComplex(op, a0, "take np.abs of each first");
  const [a, b] = [abs(a0), abs(b0)];
  const inf = asTensor(Infinity, op, a.dtype);
  const anyInf = bind1("or", [bind1("eq", [a, inf], {}), bind1("eq", [b, inf], {})], {});
  const [hi, lo] = [maximum(a, b), minimum(a, b)];
  const zero = bind1("eq", [hi, asTensor(0, op, a.dtype)], {});
  const ratio = divide(lo, where(zero, asTensor(1, op, a.dtype), hi));
  const scaled = multiply(hi, sqrt(add(1, multiply(ratio, ratio))));
  return where(anyInf, inf, where(zero, hi, scaled));
}

/** -x. @example np.negative([1, -2]) // [-1, 2] */
export const negative: Unary = (x) => {
  const [t] = promote("np.negative", [x]);
  if (t.dtype === "bool") throw new DTypeError("np.negative: bools have no negative (NumPy refuses `-` on bools); use np.logicalNot.");
  return bind1("neg", [t], {});
};
/** |x| (a bool is its own absolute value). @example np.abs([-1, 2]) // [1, 2] */
export const abs: Unary = (x) => {
  const [t] = promote("np.abs", [x]);
  return t.dtype === "bool" ? t : bind1("abs", [t], {});
};
/** Alias of {@link abs}. */
export const absolute: Unary = abs;
/** -1, 0 or 1 (keeps -0 and NaN). */
export const sign: Unary = numeric("sign", "np.sign");
/** x * x (a bool is its own square). @example np.square(3) // 9 */
export const square: Unary = (x) => {
  const [t] = promote("np.square", [x]);
  return t.dtype === "bool" ? t : bind1("square", [t], {});
};
/** 1 / x (floating). @example np.reciprocal(4) // 0.25 */
export const reciprocal: Unary = (x) => divide(1, x);
/** x, unchanged (as a Tensor). */
export const positive: Unary = (x) => promote("np.positive", [x])[0];
/** Square root; NaN for negatives, as NumPy. @example np.sqrt([4, 9]) // [2, 3] */
export const sqrt: Unary = inexact("sqrt", "np.sqrt");
/** Cube root. */
export const cbrt: Unary = inexact("cbrt", "np.cbrt");
/** e^x. */
export const exp: Unary = inexact("exp", "np.exp");
/** 2^x. */
export const exp2: Unary = inexact("exp2", "np.exp2");
/** Natural logarithm. */
export const log: Unary = inexact("log", "np.log");
/** log(1 + x), accurate for small x. */
export const log1p: Unary = inexact("log1p", "np.log1p");
/** e^x - 1, accurate for small x. */
export const expm1: Unary = inexact("expm1", "np.expm1");
/** Base-2 logarithm. @example np.log2(8) // 3 */
export const log2: Unary = (x) => divide(log(x), Math.LN2);
/** Base-10 logarithm. @example np.log10(100) // 2 */
export const log10: Unary = (x) => divide(log(x), Math.LN10);
/** Sine. */
export const sin: Unary = inexact("sin", "np.sin");
/** Cosine. */
export const cos: Unary = inexact("cos", "np.cos");
/** Tangent. */
export const tan: Unary = inexact("tan", "np.tan");
/** Inverse sine. */
export const arcsin: Unary = inexact("asin", "np.arcsin");
/** Inverse cosine. */
export const arccos: Unary = inexact("acos", "np.arccos");
/** Inverse tangent. */
export const arctan: Unary = inexact("atan", "np.arctan");
/** Hyperbolic sine. */
export const sinh: Unary = inexact("sinh", "np.sinh");
/** Hyperbolic cosine. */
export const cosh: Unary = inexact("cosh", "np.cosh");
/** Hyperbolic tangent. */
export const tanh: Unary = inexact("tanh", "np.tanh");
/** Inverse hyperbolic sine. */
export const arcsinh: Unary = inexact("asinh", "np.arcsinh");
/** Inverse hyperbolic cosine. */
export const arccosh: Unary = inexact("acosh", "np.arccosh");
/** Inverse hyperbolic tangent. */
export const arctanh: Unary = inexact("atanh", "np.arctanh");

const intPassThrough =
  (prim: "floor" | "ceil", op: string): Unary =>
  (x) => {
    const [t] = promote(op, [x]);
    refuseComplex(op, t, "round np.real and np.imag separately");
    return isFloat(t.dtype) ? bind1(prim, [t], {}) : t;
  };
/** Round toward -∞ (ints unchanged). */
export const floor: Unary = intPassThrough("floor", "np.floor");
/** Round toward +∞ (ints unchanged). */
export const ceil: Unary = intPassThrough("ceil", "np.ceil");
/**
 * Round to `decimals` places (halves to even, as NumPy; ints unchanged; complex part by part),
 * JAX's formula: round(x · 10^d) / 10^d.
 * @example np.round([0.5, 1.5, 2.5]) // [0, 2, 2]
 * @example np.round(3.14159, 2) // 3.14
 */
export function round(x: TensorLike, decimals = 0): Tensor {
  const op = "np.round";
  if (!Number.isInteger(decimals)) throw new ArgumentError(`${op}: decimals must be an integer, got ${decimals}.`);
  const [t] = promote(op, [x]);
  if (isComplex(t.dtype)) return bind1("complex", [round(real(t), decimals), round(imag(t), decimals)], {});
  if (!isFloat(t.dtype)) {
    if (decimals < 0) throw new ArgumentError(`${op}: rounding ${t.dtype} to negative decimals is not supported (as in JAX); convert to float first.`);
    return t;
  }
  if (decimals === 0) return bind1("round", [t], { rounding_method: 1 });
  const factor = asTensor(10 ** decimals, op, t.dtype);
  return bind1("div", [bind1("round", [bind1("mul", [t, factor], {})], { rounding_method: 1 }), factor], {});
}
/** Alias of {@link round}. */
export const around = round;
/** Round toward zero. @example np.trunc([-1.5, 1.5]) // [-1, 1] */
export function trunc(x: TensorLike): Tensor {
  const [t] = promote("np.trunc", [x]);
  refuseComplex("np.trunc", t, "round np.real and np.imag separately");
  if (!isFloat(t.dtype)) return t;
  return where(bind1("lt", [t, asTensor(0, "np.trunc", t.dtype)], {}), bind1("ceil", [t], {}), bind1("floor", [t], {}));
}

/** x > y (bool). @example np.greater([1, 3], 2) // [false, true] */
export const greater: Binary = comparison("gt", "np.greater");
/** x >= y (bool). */
export const greaterEqual: Binary = comparison("ge", "np.greaterEqual");
/** x < y (bool). */
export const less: Binary = comparison("lt", "np.less");
/** x <= y (bool). */
export const lessEqual: Binary = comparison("le", "np.lessEqual");
/** x == y (bool). */
export const equal: Binary = comparison("eq", "np.equal");
/** x != y (bool). */
export const notEqual: Binary = comparison("ne", "np.notEqual");

function toBool(op: string, x: TensorLike): Tensor {
  const t = asTensor(x, op);
  return t.dtype === "bool" ? t : bind1("ne", [t, asTensor(0, op, t.dtype)], {});
}

const logical =
  (prim: "and" | "or" | "xor", op: string): Binary =>
  (x, y) =>
    bind1(prim, broadcastOperands(op, [toBool(op, x), toBool(op, y)]), {});

/** Elementwise logical and (non-zero is true). */
export const logicalAnd: Binary = logical("and", "np.logicalAnd");
/** Elementwise logical or. */
export const logicalOr: Binary = logical("or", "np.logicalOr");
/** Elementwise logical exclusive or. */
export const logicalXor: Binary = logical("xor", "np.logicalXor");
/** Elementwise logical not. @example np.logicalNot([true, false]) // [false, true] */
export const logicalNot: Unary = (x) => bind1("not", [toBool("np.logicalNot", x)], {});

/** True where x is NaN. */
export const isnan: Unary = (x) => {
  const [t] = promote("np.isnan", [x]);
  return bind1("ne", [t, t], {});
};
/** True where x is finite (ints and bools are always finite; complex where both parts are). */
export const isfinite: Unary = (x) => {
  const [t] = promote("np.isfinite", [x]);
  if (isComplex(t.dtype)) return logicalAnd(isfinite(real(t)), isfinite(imag(t)));
  return isFloat(t.dtype) ? bind1("is_finite", [t], {}) : bind1("eq", [t, t], {});
};
/** True where x is ±Infinity (complex where either part is). */
export const isinf: Unary = (x) => {
  const [t] = promote("np.isinf", [x]);
  if (isComplex(t.dtype)) return logicalOr(isinf(real(t)), isinf(imag(t)));
  return logicalAnd(logicalNot(isfinite(t)), logicalNot(isnan(t)));
};
/** Elementwise test for +inf. @example np.isposinf([Infinity, -Infinity, 1]) // [true, false, false] */
export const isposinf: Unary = (x) => equal(x, Infinity);
/** Elementwise test for -inf. @example np.isneginf([Infinity, -Infinity, 1]) // [false, true, false] */
export const isneginf: Unary = (x) => equal(x, -Infinity);

/**
 * `x` where `condition` is true, else `y`, with broadcasting. Both sides are computed; to
 * differentiate safely through a masked singularity, make the unused side harmless
 * (the "double where" trick), as in JAX.
 * @example np.where(np.greater(x, 0), x, 0) // relu
 */
export function where(condition: TensorLike, x: TensorLike, y: TensorLike): Tensor {
  const [fy, tx] = promote("np.where", [y, x]);
  const [c, f, t] = broadcastAll("np.where", [toBool("np.where", condition), fy, tx]);
  return bind1("select_n", [c, f, t], {});
}

/**
 * Whether `a` and `b` are equal within |a - b| <= atol + rtol·|b| (NumPy's and JAX's test,
 * not symmetric); infinities are close only to themselves, NaN to nothing unless `equalNan`.
 * @example np.isclose([1e10, 1e-8], [1.00001e10, 1e-9]) // [true, true]
 */
export function isclose(a: TensorLike, b: TensorLike, opts: { readonly rtol?: number; readonly atol?: number; readonly equalNan?: boolean } = {}): Tensor {
  const op = "np.isclose";
  const [x, y] = broadcastOperands(op, promote(op, [a, b]));
  if (!isInexact(x.dtype)) return equal(x, y);
  // Complex: |a − b| is the modulus; the tolerances are real.
  const rtol = asTensor(opts.rtol ?? 1e-5, op, realDType(x.dtype));
  const atol = asTensor(opts.atol ?? 1e-8, op, realDType(x.dtype));
  let out = lessEqual(abs(subtract(x, y)), add(atol, multiply(rtol, abs(y))));
  const [xi, yi] = [isinf(x), isinf(y)];
  out = logicalAnd(out, logicalNot(logicalOr(xi, yi)));
  out = logicalOr(out, logicalAnd(logicalAnd(xi, yi), equal(x, y)));
  const [xn, yn] = [isnan(x), isnan(y)];
  out = logicalAnd(out, logicalNot(logicalOr(xn, yn)));
  return opts.equalNan ? logicalOr(out, logicalAnd(xn, yn)) : out;
}

/**
 * The first choice whose condition holds, per element (NumPy's select), else `default`.
 * @example np.select([np.less(x, 0), np.greater(x, 0)], [-1, 1], 0) // sign
 */
export function select(condlist: readonly TensorLike[], choicelist: readonly TensorLike[], defaultValue: TensorLike = 0): Tensor {
  if (condlist.length !== choicelist.length) {
    throw new ArgumentError(`np.select: condlist and choicelist must have the same length, got ${condlist.length} and ${choicelist.length}.`);
  }
  let r = asTensor(defaultValue, "np.select");
  for (let i = condlist.length - 1; i >= 0; i--) r = where(condlist[i], choicelist[i], r);
  return r;
}

/**
 * A piecewise function: where condition i holds (the last true one wins, as in NumPy),
 * `funclist[i](x)` (or the constant); where none holds, the extra last function, or 0.
 * @example np.piecewise(x, [np.less(x, 0), np.greaterEqual(x, 0)], [(t) => t.neg(), (t) => t]) // |x|
 */
export function piecewise(
  x: TensorLike,
  condlist: readonly TensorLike[],
  funclist: readonly ((x: Tensor) => TensorLike | number)[] | readonly (((x: Tensor) => TensorLike) | number)[],
): Tensor {
  const op = "np.piecewise";
  const t = asTensor(x, op);
  const n = condlist.length;
  if (funclist.length !== n && funclist.length !== n + 1) {
    throw new ArgumentError(`np.piecewise: funclist needs ${n} functions (or ${n + 1}, the last for where no condition holds), got ${funclist.length}.`);
  }
  const apply = (f: ((x: Tensor) => TensorLike) | number) => (typeof f === "function" ? asTensor(f(t), op, t.dtype) : asTensor(f, op, t.dtype));
  let r = funclist.length === n + 1 ? apply(funclist[n] as (x: Tensor) => TensorLike) : asTensor(0, op, t.dtype);
  for (let i = 0; i < n; i++) r = where(condlist[i], apply(funclist[i] as (x: Tensor) => TensorLike), r);
  return broadcastAll(op, [r, t])[0];
}

/** Limits values to [lo, hi] (either may be null). @example np.clip([-1, 5], 0, 3) // [0, 3] */
export function clip(x: TensorLike, lo?: TensorLike | null, hi?: TensorLike | null): Tensor {
  let r = asTensor(x, "np.clip");
  if (lo !== null && lo !== undefined) r = maximum(r, lo);
  if (hi !== null && hi !== undefined) r = minimum(r, hi);
  return r;
}
