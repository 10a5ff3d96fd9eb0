/**
 * `scipy.stats.norm`: the normal distribution's density, log density, CDF and quantile at
 * `loc` and `scale`, with jax.scipy.stats.norm's formulas.
 */
import type { Tensor, TensorLike } from "../../core/tensor";
import * as np from "../../numpy";
import { promoteInexact } from "../../numpy/convert";
import { ndtr, ndtri } from "../special";

/**
 * The log density −(log(2π·scale²) + ((x − loc)/scale)²)/2.
 * @example scipy.stats.norm.logpdf(0) // -0.9189385332046727
 */
export function logpdf(x: TensorLike, loc: TensorLike = 0, scale: TensorLike = 1): Tensor {
  const [t, m, s] = promoteInexact("scipy.stats.norm.logpdf", [x, loc, scale]);
  const scaleSquared = np.square(s);
  const logNormalizer = np.log(np.multiply(2 * Math.PI, scaleSquared));
  const quadratic = np.divide(np.square(np.subtract(t, m)), scaleSquared);
  return np.divide(np.add(logNormalizer, quadratic), -2);
}

/** The density exp(logpdf). @example scipy.stats.norm.pdf(0) // 0.3989422804014327 */
export function pdf(x: TensorLike, loc: TensorLike = 0, scale: TensorLike = 1): Tensor {
  return np.exp(logpdf(x, loc, scale));
}

/** The CDF Φ((x − loc)/scale). @example scipy.stats.norm.cdf(1.96) // 0.9750021048517795 */
export function cdf(x: TensorLike, loc: TensorLike = 0, scale: TensorLike = 1): Tensor {
  const [t, m, s] = promoteInexact("scipy.stats.norm.cdf", [x, loc, scale]);
  return ndtr(np.divide(np.subtract(t, m), s));
}

/** The quantile Φ⁻¹(q)·scale + loc. @example scipy.stats.norm.ppf(0.975) // 1.959963984540054 */
export function ppf(q: TensorLike, loc: TensorLike = 0, scale: TensorLike = 1): Tensor {
  const [p, m, s] = promoteInexact("scipy.stats.norm.ppf", [q, loc, scale]);
  return np.add(np.multiply(ndtri(p), s), m);
}
