/** Gradient noise (Neelakantan et al., "Adding Gradient Noise Improves Learning"), as optax. */
import { type TreeDef, treeFlattenWithPaths, treeUnflatten } from "../core/pytree";
import { ArgumentError, PytreeError } from "../core/errors";
import { Tensor, type TensorLike } from "../core/tensor";
import * as np from "../numpy";
import { type PRNGKey, key as makeKey, split } from "../random/keys";
import { normal } from "../random/samplers";
import { type GradientTransformation, type Schedule, chain, increment, scaleByLearningRate, zeroCount } from "./transform";

/** State of `addNoise`: the step count and the key for the next step's noise. */
export interface AddNoiseState {
  readonly count: Tensor;
  readonly rngKey: PRNGKey;
}

/** Options of `addNoise` and `noisySgd`. */
export interface NoiseOptions {
  /** The noise variance at step 1 (default 0.01). */
  readonly eta?: number;
  /** The variance decays as eta / tᵞ (default 0.55). */
  readonly gamma?: number;
  /** A key or an integer seed (default 0). */
  readonly key?: TensorLike;
}

/**
 * Adds Gaussian noise of variance eta / tᵞ (t counted from 1) to each update; each step
 * splits its key into the next state's key and one key per leaf, as optax's `add_noise`.
 * @example optim.chain(optim.addNoise({ eta: 0.01, key: random.key(1) }), optim.scaleByLearningRate(0.1))
 */
export function addNoise(opts: NoiseOptions = {}): GradientTransformation<AddNoiseState> {
  const op = "optim.addNoise";
  const { eta = 0.01, gamma = 0.55 } = opts;
  if (!(eta >= 0)) throw new ArgumentError(`${op}: eta (the noise variance) must be non-negative, got ${eta}.`);
  const initKey = typeof opts.key === "number" || opts.key === undefined ? makeKey(opts.key ?? 0) : np.asarray(opts.key);
  return {
    init: () => ({ count: zeroCount(), rngKey: initKey }),
    update: (updates, state) => {
      if (!(state?.count instanceof Tensor) || !(state.rngKey instanceof Tensor)) {
        throw new PytreeError(`${op}: the state is not addNoise's; was it made by this transformation's init?`);
      }
      const count = increment(state.count);
      const std = np.sqrt(np.divide(eta, np.power(count.astype("float64"), gamma)));
      const halves = split(state.rngKey);
      const [next, sample] = [halves.slice(0), halves.slice(1)];
      const [leaves, tree, paths] = treeFlattenWithPaths(updates);
      const keys = split(sample, leaves.length);
      const noisy = leaves.map((leaf, i) => {
        const g = np.asarray(leaf as TensorLike);
        if (g.dtype !== "float64" && g.dtype !== "float32") throw new ArgumentError(`${op}: noise is added to floating-point updates; the leaf at ${paths[i] || "the top"} is ${g.dtype}.`);
        return np.add(g, np.multiply(std.astype(g.dtype), normal(keys.slice(i), g.shape, { dtype: g.dtype })));
      });
      return [treeUnflatten(tree as TreeDef, noisy) as typeof updates, { count, rngKey: next }];
    },
  };
}

/**
 * SGD with annealed Gaussian gradient noise, as optax's `noisy_sgd`.
 * @example const opt = optim.noisySgd(0.1, { eta: 0.01, key: 42 });
 */
export function noisySgd(learningRate: number | Schedule, opts: NoiseOptions = {}) {
  return chain(addNoise(opts), scaleByLearningRate(learningRate));
}
