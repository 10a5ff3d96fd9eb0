/** `scipy.stats.t`: Student's t distribution's log density and density, jax.scipy.stats.t's formulas. */
import type { Tensor, TensorLike } from "../../core/tensor";
import * as np from "../../numpy";
import { promoteInexact } from "../../numpy/convert";
import { gammaln } from "../special";

/**
 * −(log Γ(ν/2) + log(π ν scale²)/2 − log Γ((ν + 1)/2) + (ν + 1)/2 · log1p(y²/ν)) at
 * y = (x − loc)/scale.
 * @example scipy.stats.t.logpdf(0, 3) // -1.0007541951657559
 */
export function logpdf(x: TensorLike, df: TensorLike, loc: TensorLike = 0, scale: TensorLike = 1): Tensor {
  const [t, nu, m, s] = promoteInexact("scipy.stats.t.logpdf", [x, df, loc, scale]);
  const y = np.divide(np.subtract(t, m), s);
  const half = np.divide(nu, 2);
  const halfPlus = np.add(half, 0.5);
  const normalizer = np.subtract(np.add(gammaln(half), np.divide(np.log(np.multiply(np.multiply(np.multiply(s, s), Math.PI), nu)), 2)), gammaln(halfPlus));
  const quadratic = np.divide(np.multiply(y, y), nu);
  return np.negative(np.add(normalizer, np.multiply(halfPlus, np.log1p(quadratic))));
}

/** The density exp(logpdf). @example scipy.stats.t.pdf(0, 3) // 0.3675525969478614 */
export function pdf(x: TensorLike, df: TensorLike, loc: TensorLike = 0, scale: TensorLike = 1): Tensor {
  return np.exp(logpdf(x, df, loc, scale));
}
