/** Activation and normalisation functions, in numerically stable forms. */
import type { Axis, Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import * as np from "../numpy";
import { asTensor, promoteInexact } from "../numpy/convert";
import { customJvp } from "../transforms/custom";

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
  const m = stop(np.max(t, axis, { keepdims: true }));
  const safe = np.where(np.isfinite(m), m, 0);
  const s = np.log(np.sum(np.exp(np.subtract(t, safe)), axis, { keepdims: true }));
  const out = np.add(s, safe);
  return opts.keepdims ? out : np.squeeze(out, axis ?? null);
}

/** e^x / Σ e^x along `axis` (default the last). @example nn.softmax([1, 1]) // [0.5, 0.5] */
export function softmax(x: TensorLike, axis: Axis = -1): Tensor {
  const t = asTensor(x, "nn.softmax");
  const unnormalized = np.exp(np.subtract(t, stop(np.max(t, axis, { keepdims: true }))));
  return np.divide(unnormalized, np.sum(unnormalized, axis, { keepdims: true }));
}

/** x - logsumexp(x) along `axis` (default the last). */
export function logSoftmax(x: TensorLike, axis: Axis = -1): Tensor {
  const t = asTensor(x, "nn.logSoftmax");
  const shifted = np.subtract(t, stop(np.max(t, axis, { keepdims: true })));
  return np.subtract(shifted, np.log(np.sum(np.exp(shifted), axis, { keepdims: true })));
}
