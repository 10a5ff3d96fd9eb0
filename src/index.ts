/**
 * jitgrad: JAX-style composable function transformations for TypeScript.
 *
 * @example
 * import { np, makeJaxpr, type Tensor } from "jitgrad";
 * const f = (x: Tensor) => np.sum(np.sin(x).mul(2));
 * console.log(makeJaxpr(f)(np.ones([3])).toString());
 */
// np comes first, so its Tensor methods are in place before any other module runs.
/**
 * jax.numpy: arrays, NumPy's functions with JAX's semantics (promotion, immutability,
 * `x.at(i).set(v)`), `np.linalg` and `np.fft`.
 * @example np.sum(np.multiply(np.arange(3), 2)) // 6
 */
export * as np from "./numpy";
/**
 * jax.lax: the primitives without NumPy's conveniences (no broadcasting or promotion),
 * control flow (`cond whileLoop foriLoop scan map`), convolutions, windows, `lax.linalg`.
 * @example lax.foriLoop(0, 3, (i, c) => c.add(i), 0) // 3
 */
export * as lax from "./lax";
/**
 * jax.scipy: `scipy.linalg` (factored solves), `scipy.signal` (convolutions) and
 * `scipy.optimize` (BFGS, L-BFGS, line search), all traceable.
 * @example scipy.optimize.minimize((x) => np.sum(np.square(x)), np.ones([2]), { method: "BFGS" }).x
 */
export * as scipy from "./scipy";
/**
 * jax.nn and small layers: activations, `logsumexp`/`softmax`, initializers, (init, apply)
 * layers (`dense mlp conv layerNorm batchNorm`), pooling and dropout.
 * @example nn.relu(np.array([-1, 2])) // [0, 2]
 */
export * as nn from "./nn";
/**
 * jax.tree: pytrees — nested arrays and objects of leaves — mapped, flattened, rebuilt,
 * with key paths; `tree.register` adds classes.
 * @example tree.map((x) => np.multiply(x, 2), { a: 1, b: [2, 3] })
 */
export * as tree from "./tree";
/**
 * jax.random: explicit Threefry keys (`key split foldIn`) and samplers.
 * @example random.normal(random.key(0), [3])
 */
export * as random from "./random";
/**
 * optax: gradient transformations (`init`, `update`), chained, and the usual optimizers,
 * schedules and losses; every state is a pytree, so steps jit.
 * @example const opt = optim.adam(1e-3); let state = opt.init(params);
 */
export * as optim from "./optim";
/**
 * Relaxed (differentiable) comparisons and conditions: `soft.greater`, `soft.where`,
 * `soft.cond`, for descending through decisions.
 * @example soft.greater(2, 1, { temperature: 0.1 }).value // ≈ 1
 */
export * as soft from "./soft";
/**
 * jax.debug: `debug.print` with Python's format specs and `debug.callback`, which run when
 * the program runs (also under jit and vmap).
 * @example debug.print("x = {x:.3f}", { x })
 */
export * as debug from "./debug";

export { Tensor } from "./core/tensor";
export type { TensorLike, Scalar, Complex, NestedArray, Axis, IndexSpec, ReduceOptions, IndexUpdateRef, IndexGetOptions, IndexUpdateOptions } from "./core/tensor";
export type { DType, TypedArray, TypedArrayLike } from "./core/dtype";
export type { Shape } from "./core/shape";
export type { Aval } from "./core/aval";
export { ClosedJaxpr } from "./core/closed-jaxpr";
export { Var, Lit } from "./core/ir";
export type { Jaxpr, Eqn, AnyEqn, Atom } from "./core/ir";
export type {
  Prim,
  PrimParams,
  NoParams,
  UnaryPrim,
  BinaryPrim,
  ComparePrim,
  ReducePrim,
  ArgReducePrim,
  CumulativePrim,
  ScatterPrim,
  ScatterParams,
  LinalgParams,
  WindowPrimParams,
  ComplexParams,
  FftType,
  DotDimensionNumbers,
} from "./core/primitives";
export type { ConvParams } from "./core/conv-dims";
export type { ReduceWindowPrim, WindowParams, SelectPrim } from "./core/prims/window";
export type { Registered, AnyClass } from "./core/pytree";
export type { WindowGeometry } from "./core/kernels/window";
export type { HostCallback } from "./core/host-callback";
export type { RandomBitsOutput } from "./core/kernels/threefry";
export type { Backend } from "./jit/backend";
export { makeJaxpr } from "./core/make-jaxpr";
export * from "./transforms";
export { jit, type JitOptions, type JitMethods, type Jitted, type JittedCall, type Lowered } from "./jit/jit";
export type { StandaloneModule, ToModuleOptions } from "./jit/module";
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
  ThreadError,
  InternalError,
} from "./core/errors";
export { config, threadStats, type Config, type ConfigState, type ThreadStats } from "./config";
