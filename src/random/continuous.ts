/**
 * Closed-form continuous samplers, each JAX's transform of its uniform or normal draw (the
 * same bounds, the same operations in the same order), so a key gives JAX's samples up to
 * the last-ulp differences of the elementary functions.
 */
import type { Tensor, TensorLike } from "../core/tensor";
import { checkOptions } from "../core/options";
import * as np from "../numpy";
import { finfo } from "../numpy/utilities";
import { rademacher } from "./discrete";
import { keyWords, sampleShape, split } from "./keys";
import { drawShape, param } from "./params";
import { DTYPE_OPTIONS, exponential, floatDType, normal, uniform, type FloatDType } from "./samplers";

/** The options every float sampler takes. */
export interface FloatOptions {
  readonly dtype?: FloatDType;
}

function start(op: string, k: TensorLike, opts: FloatOptions): FloatDType {
  keyWords(op, k);
  checkOptions(op, opts, DTYPE_OPTIONS);
  return floatDType(op, opts.dtype);
}

/**
 * Standard Laplace samples (density ½e^{−|x|}): sign(u)·log1p(−|u|), u uniform in (−1, 1).
 * @example random.laplace(random.key(0), [3])
 */
export function laplace(k: TensorLike, shape: readonly number[] | number = [], opts: FloatOptions = {}): Tensor {
  const op = "random.laplace";
  const dtype = start(op, k, opts);
  const epsneg = finfo(dtype).eps / 2;
  const u = uniform(k, sampleShape(op, shape), { dtype, minval: -1 + epsneg, maxval: 1 });
  return np.multiply(np.sign(u), np.log1p(np.negative(np.abs(u))));
}

/**
 * Standard logistic samples (density e^{−x}/(1 + e^{−x})²): log(u) − log1p(−u).
 * @example random.logistic(random.key(0), [3])
 */
export function logistic(k: TensorLike, shape: readonly number[] | number = [], opts: FloatOptions = {}): Tensor {
  const op = "random.logistic";
  const dtype = start(op, k, opts);
  const u = uniform(k, sampleShape(op, shape), { dtype, minval: finfo(dtype).tiny, maxval: 1 });
  return np.subtract(np.log(u), np.log1p(np.negative(u)));
}

/**
 * Standard Cauchy samples (density ∝ 1/(1 + x²)): tan(π(u − ½)).
 * @example random.cauchy(random.key(0), [3])
 */
export function cauchy(k: TensorLike, shape: readonly number[] | number = [], opts: FloatOptions = {}): Tensor {
  const op = "random.cauchy";
  const dtype = start(op, k, opts);
  const u = uniform(k, sampleShape(op, shape), { dtype, minval: finfo(dtype).eps, maxval: 1 });
  return np.tan(np.multiply(Math.PI, np.subtract(u, 0.5)));
}

/**
 * Log-normal samples: exp(σ·z), z standard normal. `shape` defaults to sigma's.
 * @example random.lognormal(random.key(0), 0.5, [3])
 */
export function lognormal(k: TensorLike, sigma: TensorLike = 1, shape?: readonly number[] | number, opts: FloatOptions = {}): Tensor {
  const op = "random.lognormal";
  const dtype = start(op, k, opts);
  const s = param(op, "sigma", sigma, dtype);
  return np.exp(np.multiply(normal(k, drawShape(op, shape, [s]), { dtype }), s));
}

/**
 * Pareto samples with shape parameter `b` (density b/x^{b+1} on x ≥ 1): exp(e/b), e
 * standard exponential. `shape` defaults to b's.
 * @example random.pareto(random.key(0), 3, [4])
 */
export function pareto(k: TensorLike, b: TensorLike, shape?: readonly number[] | number, opts: FloatOptions = {}): Tensor {
  const op = "random.pareto";
  const dtype = start(op, k, opts);
  const bt = param(op, "b", b, dtype);
  return np.exp(np.divide(exponential(k, drawShape(op, shape, [bt]), { dtype }), bt));
}

/**
 * Weibull samples (minimum form): scale·(−log1p(−u))^{1/concentration}. The result has
 * the broadcast shape of `shape` and the parameters, as in JAX.
 * @example random.weibullMin(random.key(0), 1, 1.5, [3])
 */
export function weibullMin(k: TensorLike, scale: TensorLike, concentration: TensorLike, shape: readonly number[] | number = [], opts: FloatOptions = {}): Tensor {
  const op = "random.weibullMin";
  const dtype = start(op, k, opts);
  const sc = param(op, "scale", scale, dtype);
  const c = param(op, "concentration", concentration, dtype);
  const u = uniform(k, sampleShape(op, shape), { dtype });
  return np.multiply(np.power(np.negative(np.log1p(np.negative(u))), np.divide(1, c)), sc);
}

/**
 * Rayleigh samples: scale·√(−2·log u). `shape` defaults to scale's.
 * @example random.rayleigh(random.key(0), 2, [3])
 */
export function rayleigh(k: TensorLike, scale: TensorLike, shape?: readonly number[] | number, opts: FloatOptions = {}): Tensor {
  const op = "random.rayleigh";
  const dtype = start(op, k, opts);
  const sc = param(op, "scale", scale, dtype);
  const s = drawShape(op, shape, [sc]);
  const u = uniform(k, s, { dtype });
  return np.multiply(np.broadcastTo(sc, s), np.sqrt(np.multiply(np.log(u), -2)));
}

/**
 * Wald (inverse Gaussian) samples with unit shape parameter and the given mean, by
 * Michael, Schucany and Haas's transform of a normal and a uniform draw. `shape` defaults
 * to mean's.
 * @example random.wald(random.key(0), 1.5, [3])
 */
export function wald(k: TensorLike, mean: TensorLike, shape?: readonly number[] | number, opts: FloatOptions = {}): Tensor {
  const op = "random.wald";
  const dtype = start(op, k, opts);
  const m0 = param(op, "mean", mean, dtype);
  const s = drawShape(op, shape, [m0]);
  const [k1, k2] = split(k);
  const m = np.broadcastTo(m0, s);
  const v = normal(k1, s, { dtype });
  const z = uniform(k2, s, { dtype });
  const y = np.multiply(v, v);
  const ySquared = np.multiply(y, y);
  const mSquared = np.multiply(m, m);
  const root = np.sqrt(np.add(np.multiply(np.multiply(4, m), y), np.multiply(mSquared, ySquared)));
  const x = np.subtract(np.add(m, np.divide(np.multiply(mSquared, y), 2)), np.multiply(np.divide(m, 2), root));
  return np.where(np.lessEqual(z, np.divide(m, np.add(m, x))), x, np.divide(mSquared, x));
}

/**
 * Triangular samples on [left, right] with peak at `mode`, by inverting the CDF. `shape`
 * defaults to the parameters' broadcast shape.
 * @example random.triangular(random.key(0), 0, 1, 3, [4])
 */
export function triangular(k: TensorLike, left: TensorLike, mode: TensorLike, right: TensorLike, shape?: readonly number[] | number, opts: FloatOptions = {}): Tensor {
  const op = "random.triangular";
  const dtype = start(op, k, opts);
  const params = [param(op, "left", left, dtype), param(op, "mode", mode, dtype), param(op, "right", right, dtype)];
  const s = drawShape(op, shape, params);
  const [l, c, r] = params.map((p) => np.broadcastTo(p, s));
  const width = np.subtract(r, l);
  const split = np.divide(np.subtract(c, l), width);
  const u = uniform(k, s, { dtype });
  const rising = np.add(l, np.sqrt(np.multiply(np.multiply(u, width), np.subtract(c, l))));
  const falling = np.subtract(r, np.sqrt(np.multiply(np.multiply(np.subtract(1, u), width), np.subtract(r, c))));
  return np.where(np.less(u, split), rising, falling);
}

/**
 * Maxwell–Boltzmann samples: the length of a standard normal 3-vector.
 * @example random.maxwell(random.key(0), [3])
 */
export function maxwell(k: TensorLike, shape: readonly number[] | number = [], opts: FloatOptions = {}): Tensor {
  const op = "random.maxwell";
  const dtype = start(op, k, opts);
  return np.linalg.norm(normal(k, [...sampleShape(op, shape), 3], { dtype }), null, -1);
}

/**
 * Double-sided Maxwell samples: a Maxwell length with a random sign, times `scale`, plus
 * `loc`. As in JAX, the parameters' broadcast shape is appended to `shape` (and stands for
 * it when `shape` is empty).
 * @example random.doubleSidedMaxwell(random.key(0), 0, 1, [3])
 */
export function doubleSidedMaxwell(k: TensorLike, loc: TensorLike, scale: TensorLike, shape: readonly number[] | number = [], opts: FloatOptions = {}): Tensor {
  const op = "random.doubleSidedMaxwell";
  const dtype = start(op, k, opts);
  const lo = param(op, "loc", loc, dtype);
  const sc = param(op, "scale", scale, dtype);
  const paramShape = drawShape(op, undefined, [lo, sc]);
  const given = sampleShape(op, shape);
  const s = [...(given.length === 0 ? paramShape : given), ...paramShape];
  const [maxwellKey, signKey] = split(k);
  const length = maxwell(maxwellKey, s, { dtype });
  return np.add(np.multiply(np.multiply(rademacher(signKey, s, { dtype }), length), sc), lo);
}
