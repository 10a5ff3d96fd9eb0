/**
 * Normalization layers, as flax.linen's: `layerNorm` (statistics over the feature axis of
 * each example) and `batchNorm` (over the batch, with running statistics kept as a state
 * pytree next to the params). Variances are two-pass (the mean of squared deviations),
 * which keeps float64 accurate where E[x²] − E[x]² cancels.
 */
import { ArgumentError, ShapeError } from "../core/errors";
import { showShape } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import * as np from "../numpy";
import { asTensor } from "../numpy/convert";
import type { FloatDType, PRNGKey } from "../random";
import type { Layer } from "./layers";

/** Scale and bias of a normalization layer, each [features] unless disabled. */
export interface NormParams {
  readonly scale?: Tensor;
  readonly bias?: Tensor;
}

/** Options the normalization layers share. */
export interface NormOptions {
  /** Added to the variance (default 1e-6 for layerNorm, 1e-5 for batchNorm, as flax). */
  readonly epsilon?: number;
  readonly useScale?: boolean;
  readonly useBias?: boolean;
  readonly dtype?: FloatDType;
}

function normParams(features: number, opts: NormOptions, dtype: FloatDType): NormParams {
  const p: { scale?: Tensor; bias?: Tensor } = {};
  if (opts.useScale ?? true) p.scale = np.ones([features], dtype);
  if (opts.useBias ?? true) p.bias = np.zeros([features], dtype);
  return p;
}

/** (x − mean)·rsqrt(var + ε)·scale + bias, the statistics broadcast along `axis`. */
function normalize(op: string, x: Tensor, mean: Tensor, variance: Tensor, params: NormParams, opts: NormOptions, epsilon: number): Tensor {
  let y = np.multiply(np.subtract(x, mean), np.reciprocal(np.sqrt(np.add(variance, epsilon))));
  if (opts.useScale ?? true) {
    if (!params.scale) throw new ArgumentError(`${op}: the params have no scale, but the layer uses one.`);
    y = np.multiply(y, params.scale);
  }
  if (opts.useBias ?? true) {
    if (!params.bias) throw new ArgumentError(`${op}: the params have no bias, but the layer uses one.`);
    y = np.add(y, params.bias);
  }
  return y;
}

function checkFeatures(op: string, x: Tensor, features: number): void {
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== features) throw new ShapeError(`${op}: input of shape ${showShape(x.shape)} must end in ${features} features.`);
}

/**
 * Layer normalization over the last axis of each example, then a learned scale and bias.
 * @example
 * const ln = nn.layerNorm(16);
 * const y = ln.apply(ln.init(random.key(0)), x); // each row of x: mean 0, variance 1
 */
export function layerNorm(features: number, opts: NormOptions = {}): Layer<NormParams> {
  const op = "nn.layerNorm";
  if (!Number.isInteger(features) || features < 1) throw new ArgumentError(`${op}: features must be a positive integer, got ${features}.`);
  const epsilon = opts.epsilon ?? 1e-6;
  const dtype = opts.dtype ?? "float64";
  return {
    init: () => normParams(features, opts, dtype),
    apply: (params, input) => {
      const x = asTensor(input, op);
      checkFeatures(op, x, features);
      const mean = np.mean(x, -1, { keepdims: true });
      const variance = np.var(x, -1, { keepdims: true });
      return normalize(op, x, mean, variance, params, opts, epsilon);
    },
  };
}

/** Running statistics of a batch-norm layer, [features] each. */
export interface BatchNormState {
  readonly mean: Tensor;
  readonly var: Tensor;
}

/** A layer with state beside its params (running statistics): `apply` returns the new state. */
export interface StatefulLayer<P, S> {
  /** Params and the initial state. */
  readonly init: (key: PRNGKey) => { readonly params: P; readonly state: S };
  /**
   * The layer on `x`: with `training`, normalized by the batch's statistics and the
   * running ones updated; otherwise by the running ones, the state unchanged.
   */
  readonly apply: (params: P, state: S, x: TensorLike, opts?: { readonly training?: boolean }) => [Tensor, S];
}

/**
 * Batch normalization over every axis but the last (flax's `BatchNorm`): training uses the
 * batch's mean and (biased) variance and moves the running ones by `momentum`;
 * inference uses the running ones.
 * @example
 * const bn = nn.batchNorm(16);
 * let { params, state } = bn.init(random.key(0));
 * let y; [y, state] = bn.apply(params, state, x, { training: true });
 */
export function batchNorm(features: number, opts: NormOptions & { readonly momentum?: number } = {}): StatefulLayer<NormParams, BatchNormState> {
  const op = "nn.batchNorm";
  if (!Number.isInteger(features) || features < 1) throw new ArgumentError(`${op}: features must be a positive integer, got ${features}.`);
  const epsilon = opts.epsilon ?? 1e-5;
  const momentum = opts.momentum ?? 0.99;
  if (!(momentum >= 0 && momentum <= 1)) throw new ArgumentError(`${op}: momentum must be in [0, 1], got ${momentum}.`);
  const dtype = opts.dtype ?? "float64";
  return {
    init: () => ({ params: normParams(features, opts, dtype), state: { mean: np.zeros([features], dtype), var: np.ones([features], dtype) } }),
    apply: (params, state, input, applyOpts = {}) => {
      const x = asTensor(input, op);
      checkFeatures(op, x, features);
      if (!applyOpts.training) return [normalize(op, x, state.mean, state.var, params, opts, epsilon), state];
      const axes = x.shape.slice(0, -1).map((_, i) => i);
      const mean = np.mean(x, axes);
      const variance = np.var(x, axes);
      const next = {
        mean: np.add(np.multiply(state.mean, momentum), np.multiply(mean, 1 - momentum)),
        var: np.add(np.multiply(state.var, momentum), np.multiply(variance, 1 - momentum)),
      };
      return [normalize(op, x, mean, variance, params, opts, epsilon), next];
    },
  };
}
