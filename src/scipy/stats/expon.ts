/** `scipy.stats.expon`: the exponential distribution's log density, density and CDF. */
import type { Tensor, TensorLike } from "../../core/tensor";
import * as np from "../../numpy";
import { promoteInexact } from "../../numpy/convert";

/** −(x − loc)/scale − log scale; −∞ below loc. @example scipy.stats.expon.logpdf(1) // -1 */
export function logpdf(x: TensorLike, loc: TensorLike = 0, scale: TensorLike = 1): Tensor {
  const [t, m, s] = promoteInexact("scipy.stats.expon.logpdf", [x, loc, scale]);
  const logProbs = np.negative(np.add(np.divide(np.subtract(t, m), s), np.log(s)));
  return np.where(np.less(t, m), -Infinity, logProbs);
}

/** The density exp(logpdf). @example scipy.stats.expon.pdf(1) // 0.36787944117144233 */
export function pdf(x: TensorLike, loc: TensorLike = 0, scale: TensorLike = 1): Tensor {
  return np.exp(logpdf(x, loc, scale));
}

/** 1 − e^(−(x − loc)/scale) as −expm1, exact near loc; 0 below it. @example scipy.stats.expon.cdf(1) // 0.6321205588285577 */
export function cdf(x: TensorLike, loc: TensorLike = 0, scale: TensorLike = 1): Tensor {
  const [t, m, s] = promoteInexact("scipy.stats.expon.cdf", [x, loc, scale]);
  const negScaled = np.divide(np.subtract(m, t), s);
  return np.where(np.less(t, m), np.zerosLike(negScaled), np.negative(np.expm1(negScaled)));
}
