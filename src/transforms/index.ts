/** The transformations: jvp, vjp/grad, vmap, Jacobians, custom rules, checkpointing. */
export { jvp, linearize } from "./jvp";
export { vjp, grad, valueAndGrad, type GradOptions, type GradFn, type GradResult, type ValueAndGradFn, type ValueAndGradResult, type AuxOf } from "./grad";
export { vmap, type VmapOptions, type AxisSpec } from "./vmap";
export { jacfwd, jacrev, hessian, type JacobianOptions, type JacobianFn, type JacobianOf } from "./jacobian";
export { customJvp, customVjp, checkpoint, type CustomJvpFn, type CustomVjpFn, type CustomOptions } from "./custom";
export type { Lift, LiftArgs, Lifted, GradOf, GradsOf, Out, Argnums, Transformed, AsyncForm, AsyncOf, TypedArrayLeaf, ArrayForTensorParameter, AnyFn, AllNumbers, Numberify, LeafTypes, Tensorize } from "./types";
