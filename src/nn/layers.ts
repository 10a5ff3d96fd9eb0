/**
 * Functional layers as (init, apply) pairs: `init(key)` returns the parameters as a plain
 * pytree, `apply(params, x)` is a pure function of them, so `grad`, `vmap` and `jit` see
 * ordinary arguments and optimizers update them like any other pytree.
 */
import { ArgumentError, ShapeError } from "../core/errors";
import { showShape } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import * as np from "../numpy";
import { asTensor } from "../numpy/convert";
import type { FloatDType, PRNGKey } from "../random";
import { split } from "../random/keys";
import { relu } from "./functions";
import { type Initializer, lecunNormal, zeros } from "./initializers";

/** A layer: parameters from a key, and the function of parameters and input. */
export interface Layer<P> {
  /** Fresh parameters drawn with `key`. */
  readonly init: (key: PRNGKey) => P;
  /** The layer applied to `x`; leading axes of `x` are batch axes. */
  readonly apply: (params: P, x: TensorLike) => Tensor;
}

/** Parameters of a dense layer: kernel [in, out] and, unless disabled, bias [out]. */
export interface DenseParams {
  readonly kernel: Tensor;
  readonly bias?: Tensor;
}

/** Options of `dense`. */
export interface DenseOptions {
  /** Add a bias (default true). */
  readonly useBias?: boolean;
  /** Kernel initializer (default LeCun normal, as Flax's Dense). */
  readonly kernelInit?: Initializer;
  /** Bias initializer (default zeros). */
  readonly biasInit?: Initializer;
  readonly dtype?: FloatDType;
}

const positiveInt = (op: string, what: string, n: number) => {
  if (!Number.isInteger(n) || n < 1) throw new ArgumentError(`${op}: ${what} must be a positive integer, got ${n}.`);
};

/**
 * A fully connected layer y = x · kernel + bias.
 * @example
 * const layer = nn.dense(2, 16);
 * const params = layer.init(random.key(0));
 * const y = layer.apply(params, np.ones([8, 2])); // [8, 16]
 */
export function dense(inFeatures: number, outFeatures: number, opts: DenseOptions = {}): Layer<DenseParams> {
  const op = "nn.dense";
  positiveInt(op, "inFeatures", inFeatures);
  positiveInt(op, "outFeatures", outFeatures);
  const weights = kernelAndBias(op, [inFeatures, outFeatures], opts);
  return {
    init: weights.init,
    apply: (params, input) => {
      const x = asTensor(input, op);
      weights.checkKernel(params);
      if (x.ndim === 0 || x.shape[x.ndim - 1] !== inFeatures) {
        throw new ShapeError(`${op}: input of shape ${showShape(x.shape)} must end in ${inFeatures} features.`);
      }
      return weights.addBias(params, np.matmul(x, params.kernel));
    },
  };
}

/**
 * What a layer with a kernel of `kernelShape` and a bias of its last axis shares: drawing
 * them from a key, checking a kernel is this layer's, and adding the bias when used.
 */
export function kernelAndBias(op: string, kernelShape: readonly number[], opts: Pick<DenseOptions, "useBias" | "kernelInit" | "biasInit" | "dtype">) {
  const useBias = opts.useBias ?? true;
  const kernelInit = opts.kernelInit ?? lecunNormal();
  const biasInit = opts.biasInit ?? zeros;
  const dtype = opts.dtype ?? "float64";
  const out = kernelShape[kernelShape.length - 1];
  return {
    init: (key: PRNGKey): DenseParams => {
      const [kk, kb] = split(key);
      const kernel = kernelInit(kk, kernelShape, dtype);
      return useBias ? { kernel, bias: biasInit(kb, [out], dtype) } : { kernel };
    },
    checkKernel: ({ kernel }: DenseParams): void => {
      if (kernel.ndim !== kernelShape.length || kernel.shape.some((d, i) => d !== kernelShape[i])) {
        throw new ShapeError(`${op}: kernel of shape ${showShape(kernel.shape)} where ${showShape(kernelShape)} was expected; were the params made by this layer's init?`);
      }
    },
    addBias: ({ bias }: DenseParams, y: Tensor): Tensor => {
      if (!useBias) return y;
      if (!bias) throw new ArgumentError(`${op}: the params have no bias, but the layer uses one.`);
      return np.add(y, bias);
    },
  };
}

/** Options of `mlp`. */
export interface MlpOptions extends DenseOptions {
  /** Between layers (default relu). */
  readonly activation?: (x: Tensor) => Tensor;
  /** Apply the activation after the last layer too (default false). */
  readonly activateFinal?: boolean;
}

/**
 * A multilayer perceptron: dense layers of the given widths (input first) with an
 * activation between them. Params are an array of `DenseParams`, one per layer.
 * @example
 * const net = nn.mlp([2, 32, 32, 1], { activation: nn.tanh });
 * const params = net.init(random.key(0));
 * const y = net.apply(params, np.zeros([10, 2])); // [10, 1]
 */
export function mlp(sizes: readonly number[], opts: MlpOptions = {}): Layer<DenseParams[]> {
  if (sizes.length < 2) throw new ArgumentError(`nn.mlp: sizes lists the input width and at least one layer width, got [${sizes.join(", ")}].`);
  const layers = sizes.slice(1).map((out, i) => dense(sizes[i], out, opts));
  const activation = opts.activation ?? relu;
  return {
    init: (key) => [...split(key, layers.length)].map((k, i) => layers[i].init(k)),
    apply: (params, input) => {
      if (!Array.isArray(params) || params.length !== layers.length) {
        throw new ArgumentError(`nn.mlp: expected params for ${layers.length} layers, got ${Array.isArray(params) ? params.length : typeof params}.`);
      }
      return layers.reduce((x: Tensor, layer, i) => {
        const y = layer.apply(params[i], x);
        return i < layers.length - 1 || opts.activateFinal ? activation(y) : y;
      }, asTensor(input, "nn.mlp"));
    },
  };
}
