/**
 * `nn`: activations, initializers and functional layers.
 * @example
 * const net = nn.mlp([2, 16, 1]);
 * const params = net.init(random.key(0));
 */
export * from "./functions";
export * from "./activations";
/**
 * jax.nn.initializers: weight initializers, each `(key, shape, dtype?) => Tensor`.
 * @example nn.initializers.glorotNormal()(random.key(0), [3, 2])
 */
export * as initializers from "./initializers";
export { dense, mlp, type Layer, type DenseParams, type DenseOptions, type MlpOptions } from "./layers";
export type { Initializer } from "./initializers";
export { maxPool, minPool, avgPool, type PoolOptions } from "./pooling";
export { conv, type ConvParams, type ConvOptions } from "./conv-layer";
export { layerNorm, batchNorm, type NormParams, type NormOptions, type BatchNormState, type StatefulLayer } from "./normalization";
export { dropout, type DropoutOptions } from "./dropout";
