/**
 * jitgrad: JAX-style composable function transformations for TypeScript.
 *
 * @example
 * import { np, makeJaxpr, type Tensor } from "jitgrad";
 * const f = (x: Tensor) => np.sum(np.sin(x).mul(2));
 * console.log(makeJaxpr(f)(np.ones([3])).toString());
 */
import "./numpy";

export * as np from "./numpy";
export * as lax from "./lax";
export * as scipy from "./scipy";
export * as nn from "./nn";
export * as tree from "./tree";
export * as random from "./random";
export * as optim from "./optim";
export * as soft from "./soft";
export * as debug from "./debug";

export { Tensor } from "./core/tensor";
export type { TensorLike, Scalar, NestedArray, Axis, IndexSpec, ReduceOptions } from "./core/tensor";
export type { DType, TypedArray } from "./core/dtype";
export type { Shape } from "./core/shape";
export type { Aval } from "./core/aval";
export { ClosedJaxpr, Var, Lit } from "./core/ir";
export type { Jaxpr, Eqn, AnyEqn, Atom } from "./core/ir";
export type { Prim, PrimParams } from "./core/primitives";
export { makeJaxpr } from "./core/make-jaxpr";
export * from "./transforms";
export { jit, type JitOptions, type JitMethods, type Jitted, type Lowered } from "./jit/jit";
export { evalJaxpr, checkJaxpr, stopGradient } from "./core/api";
export type { Either, Left, Right } from "./core/either";
export { toDot, type ToDotOptions } from "./viz/to-dot";
export {
  JitgradError,
  ShapeError,
  DTypeError,
  ArgumentError,
  ConcretizationError,
  TracerLeakError,
  PytreeError,
  ImmutableError,
  TransformError,
  IRError,
  AllocationError,
  InternalError,
} from "./core/errors";
