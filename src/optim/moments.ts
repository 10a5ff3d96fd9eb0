/** The moment updates and corrections optax's adaptive optimizers share, written once. */
import type { Tensor } from "../core/tensor";
import * as np from "../numpy";
import { increment, mapTree } from "./transform";

/** (1 − decay)·gᵏ + decay·moment, optax's moment update (k = 1 or 2). */
export const moment = (decay: number, order: 1 | 2) => (g: Tensor, m: Tensor) => np.add(np.multiply(1 - decay, order === 1 ? g : np.multiply(g, g)), np.multiply(decay, m));
/** moment/(1 − decayᵗ), optax's bias correction (the factor computed in the count's float64, then cast). */
export const corrected = (decay: number, count: Tensor) => {
  const c = np.subtract(1, np.power(decay, count));
  return (m: Tensor) => np.divide(m, c.astype(m.dtype));
};
/** m/(√(v + epsRoot) + eps). */
export const adamRatio = (eps: number, epsRoot: number) => (m: Tensor, v: Tensor) => np.divide(m, np.add(np.sqrt(np.add(v, epsRoot)), eps));

/** NAdam's look-ahead first moment, as optax: b1·mu/(1 − b1^(t+1)) + (1 − b1)·g/(1 − b1ᵗ). */
export function nesterovMoment<T>(op: string, b1: number, count: Tensor, mu: T, updates: unknown): T {
  const [ahead, now] = [corrected(b1, increment(count)), corrected(b1, count)];
  return mapTree(op, ["first moments", "updates"], (m, g) => np.add(np.multiply(b1, ahead(m)), np.multiply(1 - b1, now(g))), mu, updates);
}
