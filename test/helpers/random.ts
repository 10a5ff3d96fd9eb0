/** Deterministic random arrays for property tests. */
import { type Tensor, np } from "../../src";

export function rng(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** A float64 array of `shape` with entries uniform in [lo, hi). */
export function uniform(next: () => number, shape: readonly number[], lo = -2, hi = 2): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const data = Array.from({ length: n }, () => lo + (hi - lo) * next());
  return np.reshape(np.array(data), [...shape]);
}

/** Σ a·b over all elements. */
export function vdot(a: Tensor, b: Tensor): number {
  return np.sum(np.multiply(a, b)).item() as number;
}
