/** The L-BFGS two-loop recursion and its history buffer (internal; not public API). */
import type { Tensor } from "../core/tensor";
import * as np from "../numpy";

/**
 * The two-loop recursion: `q` multiplied by the L-BFGS inverse-Hessian estimate of the
 * kept pairs (rows of `s` and `y`, newest last, with weights ρ = 1/sᵀy; slots not yet
 * filled are zeros with ρ = 0 and change nothing), from the initial estimate γ·I.
 * Shared by minimize's L-BFGS and `optim.scaleByLbfgs`.
 */
export function twoLoopRecursion(q0: Tensor, s: Tensor, y: Tensor, rho: Tensor, gamma: Tensor): Tensor {
  const m = rho.shape[0];
  let q = q0;
  const alphas: Tensor[] = new Array(m);
  for (let i = m - 1; i >= 0; i--) {
    alphas[i] = np.multiply(rho.slice(i), np.vdot(s.slice(i), q));
    q = np.subtract(q, np.multiply(alphas[i], y.slice(i)));
  }
  q = np.multiply(gamma, q);
  for (let i = 0; i < m; i++) {
    const beta = np.multiply(rho.slice(i), np.vdot(y.slice(i), q));
    q = np.add(q, np.multiply(np.subtract(alphas[i], beta), s.slice(i)));
  }
  return q;
}

/** The history with its oldest row dropped and `row` appended. */
export const pushRow = (history: Tensor, row: Tensor): Tensor => np.concatenate([history.slice([1, null]), np.expandDims(row, 0)], 0);
