/**
 * `np`: jax.numpy in camelCase. Every function accepts Tensors, JS numbers, booleans,
 * typed arrays and nested arrays, broadcasts as NumPy and promotes dtypes as JAX (JS
 * numbers are weakly typed). Importing this module also wires up the Tensor methods.
 */
import * as complexParts from "./complex";
import { type BinaryMethod, type ReduceMethod, type UnaryMethod, registerTensorMethods } from "../core/tensor";
import type { Tensor, TensorLike } from "../core/tensor";
import { convert, dtypeArg } from "./convert";
import * as elementwise from "./elementwise";
import { indexUpdate } from "./index-update";
import { indexAxis0, sliceTensor, toList } from "./indexing";
import * as products from "./products";
import * as reductions from "./reductions";
import * as shapeOps from "./shape-ops";

export * from "./creation";
export * from "./elementwise";
export * from "./reductions";
export * from "./products";
export * from "./vector-products";
export * from "./einsum";
export * from "./shape-ops";
export * from "./sorting";
export * from "./take";
export * from "./structure";
export * from "./nan-reductions";
export * from "./statistics";
export * from "./searching";
export * from "./polynomial";
export { logaddexp, logaddexp2 } from "./log-add-exp";
export * from "./math-extras";
export * from "./shape-extras";
export * from "./index-math";
export * from "./moments";
export * from "./utilities";
/**
 * jax.numpy.linalg: `solve inv det slogdet cholesky qr eigh eigvalsh svd lstsq pinv norm …`,
 * batched over leading axes, with JAX's derivatives.
 * @example np.linalg.solve(np.eye(2), np.array([1, 2])) // [1, 2]
 */
export * as linalg from "./linalg/index";
export * from "./complex";
/**
 * jax.numpy.fft: discrete Fourier transforms of any length over chosen axes, with NumPy's
 * `n`/`s`/`axes`/`norm`, frequencies and shifts.
 * @example np.fft.rfft([1, 2, 3, 4]) // [10+0j, -2+2j, -2+0j]
 */
export * as fft from "./fft";
export type { FftNorm } from "./fft";
export type { DTypeArg } from "./convert";

/** π. */
export const pi = Math.PI;
/** Euler's number. */
export const e = Math.E;
/** Positive infinity. */
export const inf = Infinity;
/** Not a number. */
export const nan = NaN;
/** `null`, which inserts a new axis in {@link Tensor.slice}, like `np.newaxis`. */
export const newaxis = null;

const binaryMethods: { readonly [M in BinaryMethod]: (a: TensorLike, b: TensorLike) => Tensor } = {
  add: elementwise.add,
  sub: elementwise.subtract,
  mul: elementwise.multiply,
  div: elementwise.divide,
  pow: elementwise.power,
  mod: elementwise.remainder,
  maximum: elementwise.maximum,
  minimum: elementwise.minimum,
  greater: elementwise.greater,
  greaterEqual: elementwise.greaterEqual,
  less: elementwise.less,
  lessEqual: elementwise.lessEqual,
  equal: elementwise.equal,
  notEqual: elementwise.notEqual,
  dot: products.dot,
  matmul: products.matmul,
};

const unaryMethods: { readonly [M in UnaryMethod]: (a: TensorLike) => Tensor } = {
  neg: elementwise.negative,
  abs: elementwise.abs,
  sqrt: elementwise.sqrt,
  exp: elementwise.exp,
  log: elementwise.log,
  sin: elementwise.sin,
  cos: elementwise.cos,
  tanh: elementwise.tanh,
  square: elementwise.square,
  round: elementwise.round,
  real: complexParts.real,
  imag: complexParts.imag,
  conj: complexParts.conj,
};

const reduceMethods: { readonly [M in ReduceMethod]: typeof reductions.sum } = {
  sum: reductions.sum,
  mean: reductions.mean,
  max: reductions.max,
  min: reductions.min,
  prod: reductions.prod,
  var: reductions.variance,
  std: reductions.std,
  all: reductions.all,
  any: reductions.any,
};

registerTensorMethods({
  binary: (name, a, b) => binaryMethods[name](a, b),
  unary: (name, a) => unaryMethods[name](a),
  reduce: (name, a, axis, opts) => reduceMethods[name](a, axis, opts),
  argReduce: (name, a, axis, opts) => reductions[name](a, axis, opts),
  cumsum: (a, axis) => reductions.cumsum(a, axis),
  reshape: (a, shape) => shapeOps.reshape(a, shape),
  transpose: (a, axes) => shapeOps.transpose(a, axes),
  squeeze: (a, axis) => shapeOps.squeeze(a, axis),
  expandDims: (a, axis) => shapeOps.expandDims(a, axis),
  astype: (a, dtype) => convert(a, dtypeArg("Tensor.astype", dtype) ?? a.dtype),
  clip: (a, lo, hi) => elementwise.clip(a, lo, hi),
  slice: sliceTensor,
  at: indexUpdate,
  indexAxis0,
  toList,
});
