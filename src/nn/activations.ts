/**
 * More of jax.nn's activations, with JAX's definitions (and its derivatives at the kinks:
 * relu6's is 0 at 0 and at 6, as JAX's custom rule gives): `relu6 elu celu selu leakyRelu
 * hardTanh hardSigmoid hardSilu hardSwish swish softSign squareplus sparsePlus
 * sparseSigmoid glu standardize`.
 */
import { ArgumentError, ShapeError } from "../core/errors";
import { normalizeAxis, showShape, unwrap } from "../core/shape";
import type { Axis, Tensor, TensorLike } from "../core/tensor";
import * as np from "../numpy";
import { promoteInexact } from "../numpy/convert";
import { customJvp } from "../transforms/custom";
import { sigmoid, silu } from "./functions";

const inexact = (op: string, x: TensorLike) => promoteInexact(op, [x])[0];

const relu6At = customJvp((x: Tensor) => np.minimum(np.maximum(x, 0), 6));
relu6At.defjvp(([x], [t]) => [relu6At(x), np.where(np.logicalAnd(np.greater(x, 0), np.less(x, 6)), t, np.zerosLike(t))]);

/** min(max(x, 0), 6); its derivative is 0 at 0 and at 6, as JAX's. @example nn.relu6(np.array([-1, 3, 9])) // [0, 3, 6] */
export function relu6(x: TensorLike): Tensor {
  return relu6At(inexact("nn.relu6", x));
}

/** x above 0, α·(eˣ − 1) below. @example nn.elu(np.array([-1, 2])) // [-0.632…, 2] */
export function elu(x: TensorLike, alpha = 1): Tensor {
  const t = inexact("nn.elu", x);
  const pos = np.greater(t, 0);
  return np.where(pos, t, np.multiply(alpha, np.expm1(np.where(pos, 0, t))));
}

/** max(x, 0) + α·(e^(min(x, 0)/α) − 1). @example nn.celu(np.array([-1, 2])) */
export function celu(x: TensorLike, alpha = 1): Tensor {
  const t = inexact("nn.celu", x);
  return np.add(np.maximum(t, 0), np.multiply(alpha, np.expm1(np.divide(np.minimum(t, 0), alpha))));
}

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

/** The self-normalizing ELU, λ·elu(x, α) with Klambauer et al.'s constants. @example nn.selu(0) // 0 */
export function selu(x: TensorLike): Tensor {
  return np.multiply(SELU_SCALE, elu(x, SELU_ALPHA));
}

/** x where x ≥ 0, slope·x below. @example nn.leakyRelu(np.array([-2, 3])) // [-0.02, 3] */
export function leakyRelu(x: TensorLike, negativeSlope = 0.01): Tensor {
  const t = inexact("nn.leakyRelu", x);
  return np.where(np.greaterEqual(t, 0), t, np.multiply(negativeSlope, t));
}

/** x clipped to [−1, 1]. @example nn.hardTanh(np.array([-3, 0.5, 2])) // [-1, 0.5, 1] */
export function hardTanh(x: TensorLike): Tensor {
  const t = inexact("nn.hardTanh", x);
  return np.where(np.greater(t, 1), 1, np.where(np.less(t, -1), -1, t));
}

/** relu6(x + 3) / 6. @example nn.hardSigmoid(0) // 0.5 */
export function hardSigmoid(x: TensorLike): Tensor {
  return np.divide(relu6(np.add(inexact("nn.hardSigmoid", x), 3)), 6);
}

/** x · hardSigmoid(x). @example nn.hardSilu(3) // 3 */
export function hardSilu(x: TensorLike): Tensor {
  const t = inexact("nn.hardSilu", x);
  return np.multiply(t, hardSigmoid(t));
}
/** Alias of {@link hardSilu}. @example nn.hardSwish(3) // 3 */
export const hardSwish = hardSilu;
/** Alias of `silu`, x·sigmoid(x). @example nn.swish(0) // 0 */
export const swish = silu;

/** x / (|x| + 1). @example nn.softSign(1) // 0.5 */
export function softSign(x: TensorLike): Tensor {
  const t = inexact("nn.softSign", x);
  return np.divide(t, np.add(np.abs(t), 1));
}

/** (x + √(x² + b)) / 2, a smooth relu. @example nn.squareplus(0) // 1 */
export function squareplus(x: TensorLike, b = 4): Tensor {
  const t = inexact("nn.squareplus", x);
  return np.divide(np.add(t, np.sqrt(np.add(np.square(t), b))), 2);
}

/** 0 below −1, x above 1, (x + 1)²/4 between. @example nn.sparsePlus(0) // 0.25 */
export function sparsePlus(x: TensorLike): Tensor {
  const t = inexact("nn.sparsePlus", x);
  return np.where(np.lessEqual(t, -1), 0, np.where(np.greaterEqual(t, 1), t, np.divide(np.square(np.add(t, 1)), 4)));
}

/** 0 below −1, 1 above 1, (x + 1)/2 between. @example nn.sparseSigmoid(0) // 0.5 */
export function sparseSigmoid(x: TensorLike): Tensor {
  const t = inexact("nn.sparseSigmoid", x);
  return np.where(np.lessEqual(t, -1), 0, np.where(np.greaterEqual(t, 1), 1, np.divide(np.add(t, 1), 2)));
}

/** The gated linear unit: x split in two halves a, b along `axis`, a·sigmoid(b). @example nn.glu(np.array([1, 0])) // 0.5 */
export function glu(x: TensorLike, axis = -1): Tensor {
  const op = "nn.glu";
  const t = inexact(op, x);
  if (t.ndim === 0) throw new ShapeError(`${op}: a 0-d array has no axis to split.`);
  const ax = unwrap(normalizeAxis(op, axis, t.ndim));
  if (t.shape[ax] % 2 !== 0) throw new ShapeError(`${op}: axis ${ax} of shape ${showShape(t.shape)} must have an even size to split in halves.`);
  const [a, b] = np.split(t, 2, ax);
  return np.multiply(a, sigmoid(b));
}

/**
 * (x − mean)·rsqrt(variance + ε) over `axis`, with JAX's variance E[x²] − E[x]² unless
 * `mean`/`variance` are given.
 * @example nn.standardize(np.array([1, 2, 3]))
 */
export function standardize(x: TensorLike, axis: Axis = -1, opts: { readonly mean?: TensorLike; readonly variance?: TensorLike; readonly epsilon?: number } = {}): Tensor {
  const t = inexact("nn.standardize", x);
  const epsilon = opts.epsilon ?? 1e-5;
  if (!(epsilon >= 0)) throw new ArgumentError(`nn.standardize: epsilon must be ≥ 0, got ${epsilon}.`);
  const mean = opts.mean === undefined ? np.mean(t, axis, { keepdims: true }) : inexact("nn.standardize", opts.mean);
  const variance = opts.variance === undefined ? np.subtract(np.mean(np.square(t), axis, { keepdims: true }), np.square(mean)) : inexact("nn.standardize", opts.variance);
  return np.multiply(np.subtract(t, mean), np.reciprocal(np.sqrt(np.add(variance, epsilon))));
}
