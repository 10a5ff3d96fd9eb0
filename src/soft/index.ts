/**
 * `soft`: relaxed comparisons and branches, for optimising through conditions.
 *
 * A hard `x > y` or `lax.cond` has a zero derivative with respect to where its switch
 * sits: gradient descent cannot see what lies across the boundary. The soft versions
 * replace the step by a sigmoid of width `temperature` and run *both* branches, blending
 * them by the condition's preference. The trade-off: a high temperature gives gradient
 * signal far from the boundary but optimises a biased objective (a blend of the branches,
 * not the program you will run); a low temperature is nearly exact but its gradient is
 * nearly zero away from the boundary. The usual recipe is to anneal: start warm, cool
 * towards 0 over training, then check the result with the hard program.
 *
 * @example
 * const t = soft.cond(soft.greater(x, 0.5, { temperature: 0.1 }), fast, slow, x);
 */
import { ArgumentError, PytreeError } from "../core/errors";
import { treeFlatten, treeUnflatten } from "../core/pytree";
import { Tensor, type TensorLike } from "../core/tensor";
import * as np from "../numpy";
import { sigmoid } from "../nn/functions";

/** Options of the soft comparisons. */
export interface SoftOptions {
  /** Width of the sigmoid that replaces the step (default 1); may be a traced scalar. */
  readonly temperature?: TensorLike;
}

function scaled(op: string, logit: TensorLike, opts: SoftOptions): Tensor {
  const t = opts.temperature ?? 1;
  if (typeof t === "number" && !(t > 0)) throw new ArgumentError(`${op}: temperature must be positive, got ${t}.`);
  return t === 1 ? np.asarray(logit) : np.divide(logit, t);
}

/**
 * A soft truth value: a weight in [0, 1] (a Tensor in `value`), as made by `greater`,
 * `less`, `between` and combined by `and`/`or`/`not`. `where` and `cond` blend by it
 * directly, where a plain number or Tensor would be read as a logit.
 * @example const w = new soft.Weight(np.array(0.25)); soft.where(w, 1, 0) // 0.25
 */
export class Weight {
  constructor(readonly value: Tensor) {}
}

/**
 * The soft truth of x > y: sigmoid((x − y) / temperature), in (0, 1).
 * @example soft.greater(2, 1, { temperature: 0.1 }) // ≈ 1
 */
export function greater(x: TensorLike, y: TensorLike, opts: SoftOptions = {}): Weight {
  return new Weight(sigmoid(scaled("soft.greater", np.subtract(x, y), opts)));
}

/** The soft truth of x < y. @example soft.less(1, 2) // 0.73… */
export function less(x: TensorLike, y: TensorLike, opts: SoftOptions = {}): Weight {
  return new Weight(sigmoid(scaled("soft.less", np.subtract(y, x), opts)));
}

/** The soft truth of lo < x < hi (product of the two sides). @example soft.between(n, 2.5, 3.5, { temperature: 0.1 }) */
export function between(x: TensorLike, lo: TensorLike, hi: TensorLike, opts: SoftOptions = {}): Weight {
  return new Weight(np.multiply(greater(x, lo, opts).value, less(x, hi, opts).value));
}

/** Soft and: the product of the weights. @example soft.and(soft.greater(x, 0), soft.less(x, 1)) */
export const and = (p: Weight, q: Weight): Weight => new Weight(np.multiply(p.value, q.value));
/** Soft or: p + q − pq. @example soft.or(soft.less(x, 0), soft.greater(x, 1)) */
export const or = (p: Weight, q: Weight): Weight => new Weight(np.subtract(np.add(p.value, q.value), np.multiply(p.value, q.value)));
/** Soft not: 1 − p. @example soft.not(soft.greater(x, 0)) // = soft.less(x, 0) */
export const not = (p: Weight): Weight => new Weight(np.subtract(1, p.value));

function weightOf(op: string, condition: Weight | TensorLike, opts: SoftOptions): Tensor {
  if (condition instanceof Weight) {
    if (opts.temperature !== undefined) throw new ArgumentError(`${op}: the temperature belongs to the comparison that made this weight, not here.`);
    return condition.value;
  }
  return sigmoid(scaled(op, condition, opts));
}

/**
 * w·a + (1 − w)·b where w is a `Weight` (from `greater`, `less`, …) or
 * sigmoid(logit / temperature) for a raw logit.
 * @example soft.where(soft.greater(x, 0), x, 0) // a smooth relu-like blend
 */
export function where(condition: Weight | TensorLike, a: TensorLike, b: TensorLike, opts: SoftOptions = {}): Tensor {
  const w = weightOf("soft.where", condition, opts);
  return np.add(np.multiply(w, a), np.multiply(np.subtract(1, w), b));
}

/**
 * Runs both branches on `operands` and blends their (pytree) results leaf by leaf with
 * `where`. The soft twin of `lax.cond(pred, trueFn, falseFn, ...operands)`: the first
 * argument is a `Weight` or a raw logit (weight sigmoid(logit)).
 * @example soft.cond(soft.greater(x, 1, { temperature: 0.2 }), (v) => v.mul(2), (v) => v, x)
 */
export function cond<A extends unknown[], R>(condition: Weight | TensorLike, trueFn: (...args: A) => R, falseFn: (...args: A) => R, ...operands: A): R {
  const op = "soft.cond";
  const w = weightOf(op, condition, {});
  const [whenTrue, defTrue] = treeFlatten(trueFn(...operands));
  const [whenFalse, defFalse] = treeFlatten(falseFn(...operands));
  if (!defTrue.equals(defFalse)) {
    throw new PytreeError(`${op}: the branches return different structures, ${defTrue.show()} and ${defFalse.show()}; both must return the same pytree.`);
  }
  const blendable = (v: unknown) => typeof v === "number" || typeof v === "boolean" || v instanceof Tensor;
  whenTrue.forEach((t, i) => {
    if (!blendable(t) || !blendable(whenFalse[i])) {
      const bad = blendable(t) ? whenFalse[i] : t;
      throw new ArgumentError(`${op}: the branches' results are blended, so every leaf must be a number or a Tensor; got ${typeof bad === "string" ? JSON.stringify(bad) : String(bad)}.`);
    }
  });
  return treeUnflatten(defTrue, whenTrue.map((t, i) => where(new Weight(w), t as TensorLike, whenFalse[i] as TensorLike))) as R;
}
