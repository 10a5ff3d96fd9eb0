/** `scipy.stats.beta`: the beta distribution's log density and density, jax.scipy.stats.beta's formulas. */
import type { Tensor, TensorLike } from "../../core/tensor";
import * as np from "../../numpy";
import { promoteInexact } from "../../numpy/convert";
import { betaln, xlog1py, xlogy } from "../special";

/**
 * (a − 1)·log y + (b − 1)·log(1 − y) − log B(a, b) − log scale at y = (x − loc)/scale;
 * −∞ outside [loc, loc + scale].
 * @example scipy.stats.beta.logpdf(0.5, 2, 2) // 0.4054651081081644
 */
export function logpdf(x: TensorLike, a: TensorLike, b: TensorLike, loc: TensorLike = 0, scale: TensorLike = 1): Tensor {
  const [t, p, q, m, s] = promoteInexact("scipy.stats.beta.logpdf", [x, a, b, loc, scale]);
  const logBeta = betaln(p, q);
  const y = np.divide(np.subtract(t, m), s);
  const logLinear = np.add(xlogy(np.subtract(p, 1), y), xlog1py(np.subtract(q, 1), np.negative(y)));
  const logProbs = np.subtract(np.add(np.negative(logBeta), logLinear), np.log(s));
  return np.where(np.logicalOr(np.greater(t, np.add(m, s)), np.less(t, m)), -Infinity, logProbs);
}

/** The density exp(logpdf). @example scipy.stats.beta.pdf(0.5, 2, 2) // 1.5 */
export function pdf(x: TensorLike, a: TensorLike, b: TensorLike, loc: TensorLike = 0, scale: TensorLike = 1): Tensor {
  return np.exp(logpdf(x, a, b, loc, scale));
}
