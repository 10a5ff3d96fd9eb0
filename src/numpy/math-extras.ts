/**
 * More elementwise jax.numpy functions, composed from the primitives' functions with
 * JAX's definitions: the array-API aliases (`acos` …), angle conversions, `sinc` (with
 * JAX's derivatives at 0), sign handling (`copysign signbit heaviside`), NaN-ignoring
 * extremes (`fmax fmin`), rounding (`rint fix modf divmod`), `floatPower`, `ldexp`,
 * `nanToNum`, and the integer `gcd`/`lcm`.
 */
import { isComplex, isFloat } from "../core/dtype";
import { DTypeError, ShapeError } from "../core/errors";
import { normalizeAxis, unwrap as unwrap0 } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import { whileLoop } from "../lax/control-flow";
import * as lax from "../lax/conveniences";
import { customJvp } from "../transforms/custom";
import { imag, real, refuseComplex } from "./complex-parts";
import { broadcastOperands, convert, promote, promoteInexact } from "./convert";
import {
  abs,
  add,
  arccos,
  arccosh,
  arcsin,
  arcsinh,
  arctan,
  arctan2,
  arctanh,
  divide,
  equal,
  exp2,
  floor,
  floorDivide,
  greater,
  isnan,
  isneginf,
  isposinf,
  less,
  logicalAnd,
  logicalOr,
  mod,
  multiply,
  negative,
  notEqual,
  power,
  round,
  sin,
  subtract,
  trunc,
  where,
} from "./elementwise";
import { any, cumsum } from "./reductions";
import { concatenate } from "./shape-ops";
import { diff } from "./structure";

/** Alias of `arccos` (the array API's name). @example np.acos(1) // 0 */
export const acos = arccos;
/** Alias of `arccosh`. @example np.acosh(1) // 0 */
export const acosh = arccosh;
/** Alias of `arcsin`. @example np.asin(0) // 0 */
export const asin = arcsin;
/** Alias of `arcsinh`. @example np.asinh(0) // 0 */
export const asinh = arcsinh;
/** Alias of `arctan`. @example np.atan(0) // 0 */
export const atan = arctan;
/** Alias of `arctan2`. @example np.atan2(1, 1) // π/4 */
export const atan2 = arctan2;
/** Alias of `arctanh`. @example np.atanh(0) // 0 */
export const atanh = arctanh;

/** Degrees to radians, x·π/180. @example np.deg2rad(180) // π */
export function deg2rad(x: TensorLike): Tensor {
  return multiply(promoteInexact("np.deg2rad", [x])[0], Math.PI / 180);
}
/** Alias of {@link deg2rad}. @example np.radians(90) // π/2 */
export const radians = deg2rad;
/** Radians to degrees, x·180/π. @example np.rad2deg(Math.PI) // 180 */
export function rad2deg(x: TensorLike): Tensor {
  return multiply(promoteInexact("np.rad2deg", [x])[0], 180 / Math.PI);
}
/** Alias of {@link rad2deg}. @example np.degrees(Math.PI) // 180 */
export const degrees = rad2deg;

/**
 * The k-th derivative of sin(x)/x at 0, as a function whose JVP is the (k+1)-th: JAX's
 * `_sinc_maclaurin`, so every derivative of sinc at 0 is its Maclaurin coefficient.
 */
const maclaurin = (() => {
  const cache = new Map<number, (x: Tensor) => Tensor>();
  const of = (k: number): ((x: Tensor) => Tensor) => {
    let f = cache.get(k);
    if (f) return f;
    const value = k % 2 === 0 ? (-1) ** (k / 2) / (k + 1) : 0;
    const g = customJvp((x: Tensor) => multiply(x, 0).add(value));
    g.defjvp(([x]: Tensor[], [t]: Tensor[]) => [g(x), multiply(t, of(k + 1)(x))]);
    cache.set(k, (f = g));
    return f;
  };
  return of;
})();

/**
 * The normalized sinc, sin(πx)/(πx), 1 at 0; its derivatives at 0 are exact (JAX's rule).
 * @example np.sinc(np.array([0, 0.5, 1])) // [1, 0.6366…, ~0]
 */
export function sinc(x: TensorLike): Tensor {
  const [t] = promoteInexact("np.sinc", [x]);
  const zero = equal(t, 0);
  const pix = multiply(t, Math.PI);
  const safe = where(zero, 1, pix);
  return where(zero, maclaurin(0)(pix), divide(sin(safe), safe));
}

/**
 * True where the sign bit is set: negative numbers and −0 (NaN's sign is not visible to
 * JavaScript arithmetic, so NaN gives false).
 * @example np.signbit(np.array([-1, -0, 0, 2])) // [true, true, false, false]
 */
export function signbit(x: TensorLike): Tensor {
  const [t] = promote("np.signbit", [x]);
  if (!isFloat(t.dtype)) return less(t, 0);
  return logicalOr(less(t, 0), logicalAnd(equal(t, 0), less(divide(1, t), 0)));
}

/** |x1| with the sign of x2, elementwise (JAX's definition through signbit). @example np.copysign(3, -0) // -3 */
export function copysign(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = broadcastOperands("np.copysign", promoteInexact("np.copysign", [x1, x2]));
  const m = abs(a);
  return where(signbit(b), negative(m), m);
}

/** The Heaviside step: 0 below 0, 1 above, x2 at 0. @example np.heaviside(np.array([-1, 0, 2]), 0.5) // [0, 0.5, 1] */
export function heaviside(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = broadcastOperands("np.heaviside", promoteInexact("np.heaviside", [x1, x2]));
  return where(less(a, 0), 0, where(greater(a, 0), 1, b));
}

/** The larger of two values, ignoring a NaN (JAX's: x1 where x1 > x2 or x2 is NaN). @example np.fmax([1, NaN], [NaN, 2]) // [1, 2] */
export function fmax(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = broadcastOperands("np.fmax", promote("np.fmax", [x1, x2]));
  return where(logicalOr(greater(a, b), isnan(b)), a, b);
}

/** The smaller of two values, ignoring a NaN. @example np.fmin([1, NaN], [NaN, 2]) // [1, 2] */
export function fmin(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = broadcastOperands("np.fmin", promote("np.fmin", [x1, x2]));
  return where(logicalOr(less(a, b), isnan(b)), a, b);
}

/** |x| in floating point. @example np.fabs(-2) // 2 */
export function fabs(x: TensorLike): Tensor {
  return abs(refuseComplex("np.fabs", promoteInexact("np.fabs", [x])[0], "use np.abs for the modulus"));
}

/** Rounds to the nearest integer, halves to even, in floating point. @example np.rint(np.array([0.5, 1.5, -2.5])) // [0, 2, -2] */
export function rint(x: TensorLike): Tensor {
  return round(promoteInexact("np.rint", [x])[0]);
}

/** Rounds toward zero, in floating point. @example np.fix(np.array([-1.7, 1.7])) // [-1, 1] */
export function fix(x: TensorLike): Tensor {
  return trunc(refuseComplex("np.fix", promoteInexact("np.fix", [x])[0], "round np.real and np.imag separately"));
}

/** The fractional and integral parts, `[x − fix(x), fix(x)]`. @example np.modf(-1.5) // [-0.5, -1] */
export function modf(x: TensorLike): [Tensor, Tensor] {
  const whole = fix(x);
  return [subtract(promoteInexact("np.modf", [x])[0], whole), whole];
}

/** `[floorDivide(x1, x2), mod(x1, x2)]`. @example np.divmod(7, -2) // [-4, -1] */
export function divmod(x1: TensorLike, x2: TensorLike): [Tensor, Tensor] {
  return [floorDivide(x1, x2), mod(x1, x2)];
}

/** x1 ** x2 in float64 (complex128 for complex inputs), whatever the inputs' dtypes (NumPy's float_power). @example np.floatPower(2, -1) // 0.5 */
export function floatPower(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = promote("np.floatPower", [x1, x2]);
  const to = isComplex(a.dtype) ? "complex128" : "float64";
  return power(convert(a, to), convert(b, to));
}

/**
 * x1 · 2^x2 for integer x2, in two exact power-of-two steps, so results near the ends of
 * the range do not overflow or underflow on the way.
 * @example np.ldexp(3, 4) // 48
 */
export function ldexp(x1: TensorLike, x2: TensorLike): Tensor {
  const op = "np.ldexp";
  const [m] = promoteInexact(op, [x1]);
  const [e] = promote(op, [x2]);
  if (isFloat(e.dtype) || e.dtype === "bool") throw new DTypeError(`${op}: the exponent must be an integer array, got ${e.dtype}; round and convert it with astype("int32").`);
  const ef = convert(e, m.dtype);
  const half = floor(divide(ef, 2));
  return multiply(multiply(m, exp2(half)), exp2(subtract(ef, half)));
}

/**
 * NaN and infinities replaced by finite numbers: NaN by `nan` (default 0), ±inf by
 * `posinf`/`neginf` (default the dtype's largest magnitudes); a complex array part by part.
 * @example np.nanToNum(np.array([NaN, Infinity, -Infinity, 1])) // [0, 1.797…e308, -1.797…e308, 1]
 */
export function nanToNum(x: TensorLike, opts: { readonly nan?: number; readonly posinf?: number | null; readonly neginf?: number | null } = {}): Tensor {
  const [t] = promote("np.nanToNum", [x]);
  // A complex array's parts are replaced separately, as NumPy does.
  if (isComplex(t.dtype)) return bind1("complex", [nanToNum(real(t), opts), nanToNum(imag(t), opts)], {});
  if (!isFloat(t.dtype)) return t;
  const big = t.dtype === "float32" ? 3.4028234663852886e38 : Number.MAX_VALUE;
  let y = where(isnan(t), opts.nan ?? 0, t);
  y = where(isposinf(t), opts.posinf ?? big, y);
  return where(isneginf(t), opts.neginf ?? -big, y);
}

function integers(op: string, x1: TensorLike, x2: TensorLike): [Tensor, Tensor] {
  const [a, b] = broadcastOperands(op, promote(op, [x1, x2]));
  if (a.dtype !== "int32") throw new DTypeError(`${op}: expects integer arrays, got ${a.dtype}.`);
  return [a, b];
}

/**
 * The greatest common divisor, elementwise (Euclid's algorithm in a while loop, as JAX).
 * @example np.gcd(np.array([12, 20]), 8) // [4, 4]
 */
export function gcd(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = integers("np.gcd", x1, x2);
  const [g] = whileLoop(
    ([, y]: [Tensor, Tensor]) => any(notEqual(y, 0)),
    ([x, y]: [Tensor, Tensor]) => {
      const nz = notEqual(y, 0);
      return [where(nz, y, x), where(nz, mod(x, where(nz, y, 1)), 0)] as [Tensor, Tensor];
    },
    [abs(a), abs(b)] as [Tensor, Tensor],
  );
  return g;
}

/** The least common multiple, elementwise (0 when either is 0). @example np.lcm(4, 6) // 12 */
export function lcm(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = integers("np.lcm", x1, x2);
  const d = gcd(a, b);
  return where(equal(d, 0), 0, abs(multiply(a, floorDivide(b, where(equal(d, 0), 1, d)))));
}

/**
 * Phase unwrapping along `axis`: wherever consecutive values jump by more than `discont`
 * (default period/2), multiples of `period` (default 2π) are added to bring the jump back
 * into [−period/2, period/2], NumPy's algorithm.
 * @example np.unwrap(np.array([0, 3, 6.5, 0.2])) // [0, 3, 0.2168…, 0.2]
 */
export function unwrap(p: TensorLike, opts: { readonly discont?: number | null; readonly axis?: number; readonly period?: number } = {}): Tensor {
  const op = "np.unwrap";
  const [x] = promoteInexact(op, [p]);
  refuseComplex(op, x, "unwrap np.angle(z) instead");
  if (x.ndim === 0) throw new ShapeError(`${op}: needs at least one axis, got a scalar.`);
  const ax = unwrap0(normalizeAxis(op, opts.axis ?? -1, x.ndim));
  const period = opts.period ?? 2 * Math.PI;
  const discont = opts.discont ?? period / 2;
  const dd = diff(x, 1, ax);
  const high = period / 2;
  const ddmod = add(mod(subtract(dd, -high), period), -high);
  // A jump of exactly +period/2 stays +period/2 (mod would fold it to −period/2).
  const folded = where(logicalAnd(equal(ddmod, -high), greater(dd, 0)), high, ddmod);
  const correction = where(less(abs(dd), discont), 0, subtract(folded, dd));
  const first = lax.sliceInDim(x, 0, 1, 1, ax);
  const restOf = lax.sliceInDim(x, 1, x.shape[ax], 1, ax);
  return concatenate([first, add(restOf, cumsum(correction, ax))], ax);
}