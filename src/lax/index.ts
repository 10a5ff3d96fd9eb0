/** `lax`: jax.lax in camelCase — primitives without NumPy's broadcasting. */
export * from "./lax";
export * from "./cumulative";
export * from "./conveniences";
export { erf, erfc, erfInv } from "./special";
export { digamma, lgamma } from "./gamma";
export { cond, switch, whileLoop, foriLoop, scan, map, type ScanOptions } from "./control-flow";
export {
  gather,
  scatter,
  scatterAdd,
  scatterMul,
  scatterMin,
  scatterMax,
  GatherDimensionNumbers,
  ScatterDimensionNumbers,
  GatherScatterMode,
  type GatherOptions,
  type ScatterOptions,
  type ModeName,
} from "./gather";
export { reduce } from "./reduce";
export { complex, real, imag, conj, fft } from "./complex";
export type { FftType, DotDimensionNumbers } from "../core/primitives";
export type { ConvDimensionSpec, ConvLayouts } from "../core/conv-dims";
export { sort, type SortOptions } from "./sort";
/**
 * jax.lax.linalg: the factorization primitives (`lu triangularSolve cholesky qr eigh svd`).
 * @example lax.linalg.cholesky(np.array([[4, 2], [2, 3]]))
 */
export * as linalg from "./linalg";
export {
  convGeneralDilated,
  conv,
  convWithGeneralPadding,
  convTranspose,
  convDimensionNumbers,
  ConvDimensionNumbers,
  type ConvPadding,
  type ConvGeneralDilatedOptions,
  type ConvTransposeOptions,
} from "./conv";
export { reduceWindow, type WindowPadding } from "./window";
