/**
 * Samplers, each JAX's algorithm on our Threefry bits: uniform from the top mantissa bits,
 * normal as √2·erfinv(u), Bernoulli as u < p, permutation by sorting random words.
 */
import { ArgumentError } from "../core/errors";
import { checkOptions } from "../core/options";
import { normalizeAxis, shapesEqual, showShape, unwrap } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { erfInv } from "../lax/special";
import * as np from "../numpy";
import { asTensor } from "../numpy/convert";
import { erf } from "./erf";
import { keyWords, randomBits, sampleShape, split, unsigned, type PRNGKey } from "./keys";

/** The example an options check shows for `{ dtype }`. */
export const DTYPE_OPTIONS = '{ dtype: "float32" }';

/** Float dtypes the samplers produce. */
export type FloatDType = "float64" | "float32";

/** Options of `uniform`. */
export interface UniformOptions {
  readonly dtype?: FloatDType;
  /** Inclusive lower bound (default 0); broadcast against the shape. */
  readonly minval?: TensorLike;
  /** Exclusive upper bound (default 1); broadcast against the shape. */
  readonly maxval?: TensorLike;
}

/** The float dtype of a draw (float64 by default), or an ArgumentError. */
export function floatDType(op: string, dtype: string | undefined): FloatDType {
  const d = dtype ?? "float64";
  if (d !== "float64" && d !== "float32") throw new ArgumentError(`${op}: dtype must be float64 or float32, got ${d}.`);
  return d;
}

/** Uniform floats in [0, 1): 52 (float64) or 23 (float32) random mantissa bits, as JAX draws them. */
function unitUniform(op: string, k: TensorLike, shape: readonly number[], dtype: FloatDType): Tensor {
  return randomBits(keyWords(op, k), shape, dtype === "float64" ? "f64" : "f32");
}

/**
 * Uniform samples in [minval, maxval). Floats are JAX's: the top mantissa bits of the
 * Threefry words (52 for float64, 23 for float32), then `max(minval, u·(maxval − minval) + minval)`.
 * @example random.uniform(random.key(0), [3], { minval: -1, maxval: 1 })
 */
export function uniform(k: TensorLike, shape: readonly number[] | number = [], opts: UniformOptions = {}): Tensor {
  const op = "random.uniform";
  checkOptions(op, opts, DTYPE_OPTIONS);
  const dtype = floatDType(op, opts.dtype);
  const s = sampleShape(op, shape);
  const u = unitUniform(op, k, s, dtype);
  if (opts.minval === undefined && opts.maxval === undefined) return u;
  const lo = asTensor(opts.minval ?? 0, op, dtype);
  const hi = asTensor(opts.maxval ?? 1, op, dtype);
  const out = np.maximum(lo, np.add(np.multiply(u, np.subtract(hi, lo)), lo));
  if (!shapesEqual(out.shape, s)) {
    throw new ArgumentError(`${op}: minval/maxval of shapes ${showShape(lo.shape)}/${showShape(hi.shape)} do not broadcast to ${showShape(s)}.`);
  }
  return out;
}

/**
 * Standard normal samples: √2 · erfinv(u) for u uniform in (−1, 1), as JAX draws them.
 * @example const w = random.normal(random.key(1), [3, 2]).mul(0.1);
 */
export function normal(k: TensorLike, shape: readonly number[] | number = [], opts: { readonly dtype?: FloatDType } = {}): Tensor {
  const op = "random.normal";
  checkOptions(op, opts, DTYPE_OPTIONS);
  const dtype = floatDType(op, opts.dtype);
  // The smallest float above −1, so that erfinv stays finite.
  const lo = dtype === "float64" ? -1 + 2 ** -53 : -1 + 2 ** -24;
  const u = uniform(k, sampleShape(op, shape), { dtype, minval: lo, maxval: 1 });
  return np.multiply(erfInv(u), np.asarray(Math.SQRT2).astype(dtype));
}

/**
 * Normal samples truncated to [lower, upper], JAX's algorithm: √2·erfinv(u) with u uniform
 * between erf(lower/√2) and erf(upper/√2), clipped just inside the bounds.
 * @example random.truncatedNormal(random.key(0), -2, 2, [3])
 */
export function truncatedNormal(
  k: TensorLike,
  lower: number,
  upper: number,
  shape: readonly number[] | number = [],
  opts: { readonly dtype?: FloatDType } = {},
): Tensor {
  const op = "random.truncatedNormal";
  checkOptions(op, opts, DTYPE_OPTIONS);
  const dtype = floatDType(op, opts.dtype);
  if (!(lower < upper)) throw new ArgumentError(`${op}: lower (${lower}) must be below upper (${upper}).`);
  const a = erf(lower / Math.SQRT2);
  const b = erf(upper / Math.SQRT2);
  const u = uniform(k, sampleShape(op, shape), { dtype, minval: a, maxval: b });
  const z = np.multiply(erfInv(u), np.asarray(Math.SQRT2).astype(dtype));
  const inside = (v: number, toward: number) => (dtype === "float64" ? nextAfter(v, toward) : Math.fround(nextAfter32(v, toward)));
  return np.clip(z, inside(lower, Infinity), inside(upper, -Infinity));
}

/** The next float64 after `x` towards `toward`. */
function nextAfter(x: number, toward: number): number {
  if (x === toward || !Number.isFinite(x)) return x;
  const bits = new Float64Array([x]);
  const words = new BigInt64Array(bits.buffer);
  if (x === 0) return toward > 0 ? Number.MIN_VALUE : -Number.MIN_VALUE;
  words[0] += (x < toward) === (x > 0) ? 1n : -1n;
  return bits[0];
}

/** The next float32 after `x` (a float32 value) towards `toward`. */
function nextAfter32(x: number, toward: number): number {
  const f = new Float32Array([x]);
  if (f[0] === toward || !Number.isFinite(f[0])) return f[0];
  const words = new Int32Array(f.buffer);
  if (f[0] === 0) return toward > 0 ? 2 ** -149 : -(2 ** -149);
  words[0] += (f[0] < toward) === (f[0] > 0) ? 1 : -1;
  return f[0];
}

/**
 * True with probability `p` (broadcast to `shape`, which defaults to p's shape).
 * @example random.bernoulli(random.key(2), 0.3, [10])
 */
export function bernoulli(k: TensorLike, p: TensorLike = 0.5, shape?: readonly number[] | number): Tensor {
  const op = "random.bernoulli";
  const prob = asTensor(p, op);
  const dtype: FloatDType = prob.dtype === "float32" ? "float32" : "float64";
  const s = shape === undefined ? [...prob.shape] : sampleShape(op, shape);
  const result = np.less(unitUniform(op, k, s, dtype), prob.astype(dtype));
  if (!shapesEqual(result.shape, s)) {
    throw new ArgumentError(`${op}: p of shape ${showShape(prob.shape)} does not broadcast to the shape ${showShape(s)}.`);
  }
  return result;
}

/** Exact (a · b) mod 2^32 for integers 0 ≤ a, b < 2^32 held in float64 (uint32 multiplication). */
function mulMod32(a: Tensor, b: Tensor): Tensor {
  const bHi = np.floor(np.divide(b, 2 ** 16));
  const bLo = np.remainder(b, 2 ** 16);
  // a·bLo < 2^48 and a·bHi < 2^48 are exact; only a·bHi's low 16 bits survive the shift.
  const high = np.multiply(np.remainder(np.multiply(a, bHi), 2 ** 16), 2 ** 16);
  return np.remainder(np.add(high, np.multiply(a, bLo)), 2 ** 32);
}

/**
 * Uniform int32 integers in [minval, maxval), JAX's algorithm (two 32-bit words per value,
 * combined modulo the span, in uint32 arithmetic) — so the values are JAX's for the same
 * key. When maxval ≤ minval every value is minval, as in JAX.
 * @example random.randint(random.key(0), [5], 0, 10)
 */
export function randint(k: TensorLike, shape: readonly number[] | number, minval: TensorLike, maxval: TensorLike): Tensor {
  const op = "random.randint";
  keyWords(op, k);
  const s = sampleShape(op, shape);
  const bound = (name: string, v: TensorLike): Tensor => {
    const t = asTensor(v, op);
    const ok = typeof v === "number" ? Number.isSafeInteger(v) : t.dtype === "int32";
    if (!ok) throw new ArgumentError(`${op}: ${name} must be an integer (a JS integer or an int32 Tensor), got ${typeof v === "number" ? v : `${t.dtype}${showShape(t.shape)}`}.`);
    return t.astype("float64");
  };
  const lo = bound("minval", minval);
  const hiRaw = bound("maxval", maxval);
  const INT_MAX = 2 ** 31 - 1;
  const INT_MIN = -(2 ** 31);
  const lo64 = np.clip(lo, INT_MIN, INT_MAX);
  const hi64 = np.clip(hiRaw, INT_MIN, INT_MAX);
  // maxval beyond int32 (e.g. 2^31) means "up to and including INT_MAX": one more in the span.
  const outOfRange = np.greater(hiRaw, INT_MAX);
  let span = np.where(np.lessEqual(hi64, lo64), 1, np.subtract(hi64, lo64));
  span = np.where(np.logicalAnd(outOfRange, np.greater(hi64, lo64)), np.add(span, 1), span);
  const [k1, k2] = split(k);
  const higher = unsigned(randomBits(keyWords(op, k1), s, "xor"));
  const lower = unsigned(randomBits(keyWords(op, k2), s, "xor"));
  const half = np.remainder(np.fullLike(span, 2 ** 16), span);
  const multiplier = np.remainder(mulMod32(half, half), span);
  const offset = np.remainder(np.remainder(np.add(mulMod32(np.remainder(higher, span), multiplier), np.remainder(lower, span)), 2 ** 32), span);
  const out = np.add(lo64, offset);
  if (!shapesEqual(out.shape, s)) {
    throw new ArgumentError(`${op}: minval/maxval of shapes ${showShape(lo.shape)}/${showShape(hiRaw.shape)} do not broadcast to ${showShape(s)}.`);
  }
  return out.astype("int32");
}

/**
 * Standard exponential samples, −log1p(−u) for u uniform in [0, 1), as JAX.
 * @example random.exponential(random.key(0), [3])
 */
export function exponential(k: TensorLike, shape: readonly number[] | number = [], opts: { readonly dtype?: FloatDType } = {}): Tensor {
  const op = "random.exponential";
  checkOptions(op, opts, DTYPE_OPTIONS);
  const u = uniform(k, sampleShape(op, shape), { dtype: floatDType(op, opts.dtype) });
  return np.negative(np.log1p(np.negative(u)));
}

/**
 * Standard Gumbel samples, −log(−log(u)) with u uniform in [tiny, 1), as JAX.
 * @example random.gumbel(random.key(0), [3])
 */
export function gumbel(k: TensorLike, shape: readonly number[] | number = [], opts: { readonly dtype?: FloatDType } = {}): Tensor {
  const op = "random.gumbel";
  checkOptions(op, opts, DTYPE_OPTIONS);
  const dtype = floatDType(op, opts.dtype);
  const tiny = dtype === "float64" ? 2.2250738585072014e-308 : 1.1754943508222875e-38;
  const u = uniform(k, sampleShape(op, shape), { dtype, minval: tiny, maxval: 1 });
  return np.negative(np.log(np.negative(np.log(u))));
}

/**
 * Samples category indices (int32) from unnormalised log-probabilities along `axis`, by
 * the Gumbel-max trick, as JAX. `shape` defaults to logits' shape without `axis`; leading
 * extra axes draw several samples per distribution.
 * @example random.categorical(random.key(0), np.log(np.array([0.2, 0.8])), { shape: [1000] })
 */
export function categorical(k: TensorLike, logits: TensorLike, opts: { readonly axis?: number; readonly shape?: readonly number[] } = {}): Tensor {
  const op = "random.categorical";
  checkOptions(op, opts, "{ axis: -1, shape: [3] }");
  const l = asTensor(logits, op);
  if (l.ndim === 0) throw new ArgumentError(`${op}: logits need an axis of categories, got a 0-d array.`);
  const axis = unwrap(normalizeAxis(op, opts.axis ?? -1, l.ndim));
  const batch = l.shape.filter((_, i) => i !== axis);
  const shape = opts.shape ? sampleShape(op, opts.shape) : batch;
  const prefix = shape.slice(0, shape.length - batch.length);
  if (shape.length < batch.length || shape.slice(prefix.length).some((d, i) => d !== batch[i])) {
    throw new ArgumentError(`${op}: shape ${showShape(shape)} must end with the logits' batch shape ${showShape(batch)}.`);
  }
  const dtype: FloatDType = l.dtype === "float32" ? "float32" : "float64";
  const noise = gumbel(k, [...prefix, ...l.shape], { dtype });
  return np.argmax(np.add(noise, l.astype(dtype)), prefix.length + axis);
}

/** Options of `choice`. */
export interface ChoiceOptions {
  /** Output shape (default [], one draw). */
  readonly shape?: readonly number[] | number;
  /** Draw with replacement (default true). */
  readonly replace?: boolean;
  /** Probabilities of the entries (default uniform); need not be normalised. */
  readonly p?: TensorLike;
  /** The axis of `a` to draw from (default 0). */
  readonly axis?: number;
}

/**
 * Draws from `arange(a)` (a number) or from the entries of `a` along an axis, JAX's
 * algorithms: `randint` with replacement, a permutation's prefix without; with `p`,
 * inverse-CDF sampling (with replacement) or Gumbel top-k (without).
 * @example const batch = random.choice(key, 1000, { shape: [64], replace: false });
 */
export function choice(k: TensorLike, a: number | TensorLike, opts: ChoiceOptions = {}): Tensor {
  const op = "random.choice";
  checkOptions(op, opts, "{ shape: [3], replace: false }");
  keyWords(op, k);
  const shape = sampleShape(op, opts.shape ?? []);
  const replace = opts.replace ?? true;
  let values: Tensor | null = null;
  let n: number;
  let axis = 0;
  if (typeof a === "number") {
    if (!Number.isInteger(a) || a < 0) throw new ArgumentError(`${op}: a must be a non-negative integer or an array, got ${a}.`);
    n = a;
  } else {
    values = asTensor(a, op);
    if (values.ndim === 0) throw new ArgumentError(`${op}: a is 0-d; pass an integer n or an array with an axis to draw from.`);
    axis = unwrap(normalizeAxis(op, opts.axis ?? 0, values.ndim));
    n = values.shape[axis];
  }
  const draws = shape.reduce((x, y) => x * y, 1);
  if (n === 0 && draws > 0) throw new ArgumentError(`${op}: cannot draw from an empty population.`);
  if (!replace && draws > n) throw new ArgumentError(`${op}: cannot draw ${draws} without replacement from ${n} entries; pass replace: true or a smaller shape.`);
  let indices: Tensor;
  if (opts.p === undefined) {
    indices = replace ? randint(k, shape, 0, n) : np.reshape(permutation(k, n).slice([0, draws]), shape);
  } else {
    const p = asTensor(opts.p, op);
    if (p.ndim !== 1 || p.shape[0] !== n) throw new ArgumentError(`${op}: p must be a vector of ${n} probabilities, got shape ${showShape(p.shape)}.`);
    const dtype: FloatDType = p.dtype === "float32" ? "float32" : "float64";
    const pf = p.astype(dtype);
    if (replace) {
      // Inverse CDF: the first index whose cumulative probability is above r (searchsorted, left).
      const cumulative = np.cumsum(pf);
      const r = np.multiply(cumulative.slice(-1), np.subtract(1, uniform(k, shape, { dtype })));
      indices = np.sum(np.less(cumulative, np.expandDims(r, -1)).astype("int32"), -1);
    } else {
      // Gumbel top-k: the draws smallest of -gumbel - log p.
      const g = np.subtract(np.negative(gumbel(k, [n], { dtype })), np.log(pf));
      indices = np.reshape(np.argsort(g).slice([0, draws]), shape);
    }
  }
  if (values === null) return indices;
  // Entries along `axis`, the drawn shape in its place.
  const flat = np.reshape(indices, [draws]);
  const taken = np.takeAlongAxis(values, np.reshape(flat, values.shape.map((d, i) => (i === axis ? draws : 1))), axis);
  return np.reshape(taken, [...values.shape.slice(0, axis), ...shape, ...values.shape.slice(axis + 1)]);
}

/** Options of `permutation`. */
export interface PermutationOptions {
  /** The axis to shuffle (default 0). */
  readonly axis?: number;
}

/**
 * A random permutation of `arange(n)`, or of `x` along an axis. JAX's algorithm: enough
 * rounds of sorting by random 32-bit words that ties are unlikely (one round below ~1600
 * elements).
 * @example random.permutation(random.key(0), 5) // a shuffle of [0, 1, 2, 3, 4]
 */
export function permutation(k: TensorLike, x: number | TensorLike, opts: PermutationOptions = {}): Tensor {
  const op = "random.permutation";
  checkOptions(op, opts, "{ axis: 0 }");
  keyWords(op, k);
  if (typeof x === "number") {
    if (!Number.isInteger(x) || x < 0) throw new ArgumentError(`${op}: n must be a non-negative integer, got ${x}.`);
    return shuffle(k, np.arange(x, null, null, "int32"));
  }
  const t = asTensor(x, op);
  if (t.ndim === 0) throw new ArgumentError(`${op}: x is 0-d; pass an integer n or an array with an axis to shuffle.`);
  const ax = unwrap(normalizeAxis(op, opts.axis ?? 0, t.ndim));
  const order = shuffle(k, np.arange(t.shape[ax], null, null, "int32"));
  const along = np.reshape(order, t.shape.map((d, i) => (i === ax ? d : 1)));
  return np.takeAlongAxis(t, along, ax);
}

function shuffle(k: TensorLike, x: Tensor): Tensor {
  const uint32Max = 2 ** 32 - 1;
  const rounds = Math.ceil((3 * Math.log(Math.max(1, x.size))) / Math.log(uint32Max));
  let current: PRNGKey = asTensor(k, "random.permutation");
  let out = x;
  for (let r = 0; r < rounds; r++) {
    const [next, sub] = split(current);
    current = next;
    const sortKeys = unsigned(randomBits(keyWords("random.permutation", sub), [...out.shape], "xor"));
    out = np.takeAlongAxis(out, np.argsort(sortKeys, 0), 0);
  }
  return out;
}
