/** `scipy.stats.gamma`: the gamma distribution's log density and density (shape `a`), jax.scipy.stats.gamma's formulas. */
import type { Tensor, TensorLike } from "../../core/tensor";
import * as np from "../../numpy";
import { promoteInexact } from "../../numpy/convert";
import { gammaln, xlogy } from "../special";

/**
 * (a − 1)·log y − y − log Γ(a) − log scale at y = (x − loc)/scale; −∞ below loc.
 * @example scipy.stats.gamma.logpdf(1, 2) // -1
 */
export function logpdf(x: TensorLike, a: TensorLike, loc: TensorLike = 0, scale: TensorLike = 1): Tensor {
  const [t, k, m, s] = promoteInexact("scipy.stats.gamma.logpdf", [x, a, loc, scale]);
  const y = np.divide(np.subtract(t, m), s);
  const logProbs = np.subtract(np.subtract(xlogy(np.subtract(k, 1), y), y), np.add(gammaln(k), np.log(s)));
  return np.where(np.less(t, m), -Infinity, logProbs);
}

/** The density exp(logpdf). @example scipy.stats.gamma.pdf(1, 2) // 0.36787944117144233 */
export function pdf(x: TensorLike, a: TensorLike, loc: TensorLike = 0, scale: TensorLike = 1): Tensor {
  return np.exp(logpdf(x, a, loc, scale));
}
