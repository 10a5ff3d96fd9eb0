/** Activation and normalisation functions, in numerically stable forms. */
import type { DType } from "../core/dtype";
import { ArgumentError, DTypeError } from "../core/errors";
import type { Axis, Tensor, TensorLike } from "../core/tensor";
import { normalizeAxes, unwrap } from "../core/shape";
import { bind1 } from "../core/trace";
import { ndtr } from "../scipy/special";
import * as np from "../numpy";
import { asTensor, promoteInexact } from "../numpy/convert";
import { customJvp } from "../transforms/custom";

/**
 * The maximum over `axis` kept as size-1 axes, -inf over an empty axis (the reduction's
 * identity; np.max refuses an empty reduction), so that logsumexp of nothing is -inf
 * and softmax of nothing is empty, as in JAX.
 */
function maxKeep(op: string, t: Tensor, axis: Axis): Tensor {
  const list = axis === null || axis === undefined ? t.shape.map((_, i) => i) : typeof axis === "number" ? [axis] : [...axis];
  const axes = unwrap(normalizeAxes(op, list, t.ndim));
  const m = bind1("reduce_max", [t], { axes });
  return np.reshape(m, t.shape.map((d, i) => (axes.includes(i) ? 1 : d)));
}

/** Blocks differentiation through `x` (identity in value). */
function stop(x: Tensor): Tensor {
  return bind1("stop_gradient", [x], {});
}

/** The logistic sigmoid 1 / (1 + e^-x). @example nn.sigmoid(0) // 0.5 */
export function sigmoid(x: TensorLike): Tensor {
  return bind1("logistic", promoteInexact("nn.sigmoid", [x]), {});
}

/**
 * log(1 + e^x) as max(x, 0) + log1p(e^-|x|), which never overflows; its derivative is
 * sigmoid(x) everywhere (0.5 at 0, as JAX's), not the kinks' tie-splits of max and abs.
 */
const softplusAt = customJvp((t: Tensor) => np.add(np.maximum(t, 0), np.log1p(np.exp(np.negative(np.abs(t))))));
softplusAt.defjvp(([x], [t]) => [softplusAt(x), np.multiply(t, sigmoid(x))]);

/** log(1 + e^x), stable for large |x|. @example nn.softplus(0) // log 2 */
export function softplus(x: TensorLike): Tensor {
  return softplusAt(promoteInexact("nn.softplus", [x])[0]);
}

/** log(sigmoid(x)) = −softplus(−x), finite for large |x|. @example nn.logSigmoid(0) // −log 2 */
export function logSigmoid(x: TensorLike): Tensor {
  return np.negative(softplus(np.negative(promoteInexact("nn.logSigmoid", [x])[0])));
}

/** max(x, 0), whose derivative at 0 is 0 (as JAX defines it), not max's tie-split 0.5. */
const reluAt = customJvp((x: Tensor) => np.maximum(x, 0));
reluAt.defjvp(([x], [t]) => [reluAt(x), np.where(np.greater(x, 0), t, np.zerosLike(t))]);

/** max(x, 0); its derivative at 0 is 0, as in JAX. @example nn.relu(np.array([-1, 2])) // [0, 2] */
export function relu(x: TensorLike): Tensor {
  return reluAt(np.asarray(x));
}

/**
 * log(Σ e^x) over `axis`, shifted by the maximum so that large inputs stay finite.
 * @example nn.logsumexp([1000, 1000.5]) // 1000.974…
 */
export function logsumexp(x: TensorLike, axis?: Axis, opts: { readonly keepdims?: boolean } = {}): Tensor {
  const t = np.asarray(x);
  const m = stop(maxKeep("nn.logsumexp", t, axis));
  const safe = np.where(np.isfinite(m), m, 0);
  const s = np.log(np.sum(np.exp(np.subtract(t, safe)), axis, { keepdims: true }));
  const out = np.add(s, safe);
  return opts.keepdims ? out : np.squeeze(out, axis ?? null);
}

/** e^x / Σ e^x along `axis` (default the last). @example nn.softmax([1, 1]) // [0.5, 0.5] */
export function softmax(x: TensorLike, axis: Axis = -1): Tensor {
  const t = asTensor(x, "nn.softmax");
  const unnormalized = np.exp(np.subtract(t, stop(maxKeep("nn.softmax", t, axis))));
  return np.divide(unnormalized, np.sum(unnormalized, axis, { keepdims: true }));
}

/** x - logsumexp(x) along `axis` (default the last). */
export function logSoftmax(x: TensorLike, axis: Axis = -1): Tensor {
  const t = asTensor(x, "nn.logSoftmax");
  const shifted = np.subtract(t, stop(maxKeep("nn.logSoftmax", t, axis)));
  return np.subtract(shifted, np.log(np.sum(np.exp(shifted), axis, { keepdims: true })));
}

/** The hyperbolic tangent (np.tanh), here for a complete activation set. @example nn.tanh(0) // 0 */
export function tanh(x: TensorLike): Tensor {
  return np.tanh(x);
}

/** x · sigmoid(x) (also called swish). @example nn.silu(0) // 0 */
export function silu(x: TensorLike): Tensor {
  const t = promoteInexact("nn.silu", [x])[0];
  return np.multiply(t, sigmoid(t));
}

/**
 * The Gaussian error linear unit, in JAX's default tanh form
 * x/2 · (1 + tanh(√(2/π) (x + 0.044715 x³))), or with `approximate: false` the exact
 * x·Φ(x) (by scipy.special.ndtr, so the far negative tail is not JAX's cancelled 0).
 * @example nn.gelu(1) // 0.8411919906082768
 * @example nn.gelu(1, { approximate: false }) // 0.8413447460685429
 */
export function gelu(x: TensorLike, opts: { readonly approximate?: boolean } = {}): Tensor {
  const t = promoteInexact("nn.gelu", [x])[0];
  if (opts.approximate === false) return np.multiply(t, ndtr(t));
  const inner = np.multiply(Math.sqrt(2 / Math.PI), np.add(t, np.multiply(0.044715, np.multiply(t, np.square(t)))));
  return np.multiply(np.multiply(t, 0.5), np.add(1, np.tanh(inner)));
}

/**
 * One-hot encoding: `x[..., None] == arange(numClasses)` as `dtype` (default float64).
 * Out-of-range and negative indices give all-zero rows, as in JAX.
 * @example nn.oneHot(np.array([0, 2]), 3) // [[1, 0, 0], [0, 0, 1]]
 */
export function oneHot(x: TensorLike, numClasses: number, opts: { readonly dtype?: DType } = {}): Tensor {
  if (!Number.isInteger(numClasses) || numClasses < 0) {
    throw new ArgumentError(`nn.oneHot: numClasses must be a non-negative integer, got ${numClasses}.`);
  }
  const t = asTensor(x, "nn.oneHot");
  if (t.dtype !== "int32") throw new DTypeError(`nn.oneHot: class indices must be int32, got ${t.dtype}; convert with .astype("int32").`);
  const classes = np.arange(numClasses, null, null, "int32");
  return np.equal(np.expandDims(t, -1), classes).astype(opts.dtype ?? "float64");
}
