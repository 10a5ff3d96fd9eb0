/** Discrete samplers with closed forms, JAX's algorithms on our uniform draws. */
import { DTypeError } from "../core/errors";
import { checkOptions } from "../core/options";
import type { DType } from "../core/dtype";
import type { Tensor, TensorLike } from "../core/tensor";
import * as np from "../numpy";
import { asTensor } from "../numpy/convert";
import { keyWords, sampleShape } from "./keys";
import { drawShape } from "./params";
import { bernoulli, uniform, type FloatDType } from "./samplers";


/** The dtypes a discrete draw can take: int32 by default, or a float dtype holding whole numbers. */
export type DiscreteDType = "int32" | FloatDType;

function discreteDType(op: string, dtype: string | undefined, allowed: readonly DType[]): DType {
  const d = dtype ?? "int32";
  if (!allowed.includes(d as DType)) throw new DTypeError(`${op}: dtype must be ${allowed.join(" or ")}, got ${d}.`);
  return d as DType;
}

/**
 * Random signs, −1 or +1 with equal probability: 2·bernoulli(½) − 1, as int32 by default.
 * @example random.rademacher(random.key(0), [4]) // e.g. [1, -1, -1, 1]
 */
export function rademacher(k: TensorLike, shape: readonly number[] | number = [], opts: { readonly dtype?: DiscreteDType } = {}): Tensor {
  const op = "random.rademacher";
  keyWords(op, k);
  checkOptions(op, opts, '{ dtype: "float32" }');
  const dtype = discreteDType(op, opts.dtype, ["int32", "float64", "float32"]);
  const heads = bernoulli(k, 0.5, sampleShape(op, shape)).astype(dtype);
  return np.subtract(np.multiply(2, heads), 1).astype(dtype);
}

/**
 * Geometric samples: the number of Bernoulli(p) trials up to and including the first
 * success (support 1, 2, …), ⌊log u / log1p(−p)⌋ + 1 as JAX draws them. `shape` defaults
 * to p's.
 * @example random.geometric(random.key(0), 0.25, [5])
 */
export function geometric(k: TensorLike, p: TensorLike, shape?: readonly number[] | number, opts: { readonly dtype?: "int32" } = {}): Tensor {
  const op = "random.geometric";
  keyWords(op, k);
  checkOptions(op, opts, '{ dtype: "int32" }');
  const dtype = discreteDType(op, opts.dtype, ["int32"]);
  let prob = asTensor(p, op);
  if (prob.dtype === "complex64" || prob.dtype === "complex128") throw new DTypeError(`${op}: p must be real, got ${prob.dtype}.`);
  if (prob.dtype !== "float32") prob = prob.astype("float64");
  const s = drawShape(op, shape, [prob]);
  const drawn = uniform(k, s, { dtype: prob.dtype as FloatDType });
  // JAX maps u = 0 to 1 so that log u stays finite.
  const u = np.where(np.equal(drawn, 0), 1, drawn);
  const g = np.add(np.floor(np.divide(np.log(u), np.broadcastTo(np.log1p(np.negative(prob)), s))), 1);
  return g.astype(dtype);
}
