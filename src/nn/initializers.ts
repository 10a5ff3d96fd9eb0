/**
 * Parameter initializers, as `jax.nn.initializers`: each is a function
 * `(key, shape, dtype?) => Tensor`. The variance-scaling family reads fans from the last
 * two axes (in = shape[-2], out = shape[-1]; leading axes multiply both as a receptive field).
 */
import { ArgumentError } from "../core/errors";
import { showShape } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import * as np from "../numpy";
import type { FloatDType, PRNGKey } from "../random";
import { normal as randomNormal, truncatedNormal, uniform as randomUniform } from "../random/samplers";

/** An initializer: a key and a shape to a fresh parameter array. */
export type Initializer = (key: PRNGKey, shape: readonly number[], dtype?: FloatDType) => Tensor;

/** How `varianceScaling` turns fans into a variance denominator. */
export type FanMode = "fanIn" | "fanOut" | "fanAvg";
/** The distribution `varianceScaling` draws from. */
export type ScalingDistribution = "truncatedNormal" | "normal" | "uniform";

// The standard deviation of a unit normal truncated to [-2, 2]: JAX divides by it so the
// truncated draw keeps the requested variance.
const TRUNCATED_STD = 0.87962566103423978;

function fans(shape: readonly number[]): [number, number] {
  if (shape.length < 2) {
    throw new ArgumentError(`initializer: variance scaling reads fans from the last two axes (in, out), so it needs at least 2 axes; got ${showShape(shape)}. Use zeros, ones, normal or uniform for vectors.`);
  }
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return [shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive];
}

/**
 * Samples with variance `scale / n`, n the fan picked by `mode`, from `distribution`.
 * @example const init = nn.initializers.varianceScaling(2, "fanIn", "truncatedNormal");
 */
export function varianceScaling(scale: number, mode: FanMode, distribution: ScalingDistribution): Initializer {
  if (!(scale > 0)) throw new ArgumentError(`varianceScaling: scale must be positive, got ${scale}.`);
  return (key, shape, dtype = "float64") => {
    const [fanIn, fanOut] = fans(shape);
    const n = mode === "fanIn" ? fanIn : mode === "fanOut" ? fanOut : (fanIn + fanOut) / 2;
    const variance = scale / n;
    switch (distribution) {
      case "truncatedNormal":
        return np.multiply(truncatedNormal(key, -2, 2, shape, { dtype }), Math.sqrt(variance) / TRUNCATED_STD);
      case "normal":
        return np.multiply(randomNormal(key, shape, { dtype }), Math.sqrt(variance));
      case "uniform":
        // JAX's order: U[-1, 1) scaled by the limit √(3·variance).
        return np.multiply(randomUniform(key, shape, { dtype, minval: -1 }), Math.sqrt(3 * variance));
    }
  };
}

/** Glorot/Xavier uniform: U(±√(6 / (fanIn + fanOut))). @example nn.initializers.glorotUniform()(key, [2, 16]) */
export const glorotUniform = (): Initializer => varianceScaling(1, "fanAvg", "uniform");
/** Glorot/Xavier normal (truncated), variance 2 / (fanIn + fanOut). @example nn.initializers.glorotNormal()(key, [16, 16]) */
export const glorotNormal = (): Initializer => varianceScaling(1, "fanAvg", "truncatedNormal");
/** He/Kaiming normal (truncated), variance 2 / fanIn: for ReLU layers. @example nn.initializers.heNormal()(key, [64, 64]) */
export const heNormal = (): Initializer => varianceScaling(2, "fanIn", "truncatedNormal");
/** He/Kaiming uniform, variance 2 / fanIn. @example nn.initializers.heUniform()(key, [64, 64]) */
export const heUniform = (): Initializer => varianceScaling(2, "fanIn", "uniform");
/** LeCun normal (truncated), variance 1 / fanIn: for tanh/SELU layers (Flax's Dense default). @example nn.initializers.lecunNormal()(key, [8, 4]) */
export const lecunNormal = (): Initializer => varianceScaling(1, "fanIn", "truncatedNormal");
/** LeCun uniform, variance 1 / fanIn. @example nn.initializers.lecunUniform()(key, [8, 4]) */
export const lecunUniform = (): Initializer => varianceScaling(1, "fanIn", "uniform");

/** Normal with standard deviation `stddev` (default 0.01). @example nn.initializers.normal(0.1)(key, [3]) */
export const normal =
  (stddev = 1e-2): Initializer =>
  (key, shape, dtype = "float64") =>
    np.multiply(randomNormal(key, shape, { dtype }), stddev);

/** Uniform on [0, scale) (default 0.01), as JAX's `uniform`. @example nn.initializers.uniform(0.1)(key, [3]) */
export const uniform =
  (scale = 1e-2): Initializer =>
  (key, shape, dtype = "float64") =>
    np.multiply(randomUniform(key, shape, { dtype }), scale);

/** All zeros (the key is ignored). @example nn.initializers.zeros(key, [4]) */
export const zeros: Initializer = (_key, shape, dtype = "float64") => np.zeros(shape, dtype);
/** All ones (the key is ignored). @example nn.initializers.ones(key, [4]) */
export const ones: Initializer = (_key, shape, dtype = "float64") => np.ones(shape, dtype);
/** A constant value (the key is ignored). @example nn.initializers.constant(0.1)(key, [4]) */
export const constant =
  (value: TensorLike): Initializer =>
  (_key, shape, dtype = "float64") =>
    np.full(shape, value, dtype);
