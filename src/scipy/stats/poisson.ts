/** `scipy.stats.poisson`: the Poisson distribution's log mass and mass, jax.scipy.stats.poisson's formulas. */
import type { Tensor, TensorLike } from "../../core/tensor";
import * as np from "../../numpy";
import { promoteInexact } from "../../numpy/convert";
import { gammaln, xlogy } from "../special";

/**
 * k·log μ − log Γ(k + 1) − μ at k − loc; −∞ below loc (k is not rounded, as in JAX).
 * @example scipy.stats.poisson.logpmf(2, 3) // -1.4959226032237259
 */
export function logpmf(k: TensorLike, mu: TensorLike, loc: TensorLike = 0): Tensor {
  const [t, m, l] = promoteInexact("scipy.stats.poisson.logpmf", [k, mu, loc]);
  const x = np.subtract(t, l);
  const logProbs = np.subtract(np.subtract(xlogy(x, m), gammaln(np.add(x, 1))), m);
  return np.where(np.less(x, 0), -Infinity, logProbs);
}

/** The mass exp(logpmf). @example scipy.stats.poisson.pmf(2, 3) // 0.22404180765538775 */
export function pmf(k: TensorLike, mu: TensorLike, loc: TensorLike = 0): Tensor {
  return np.exp(logpmf(k, mu, loc));
}
