/**
 * The reductions over a set of axes, each declared once: the binary primitive that
 * combines two values (so its dtypes and per-step rounding are that primitive's), the
 * identity per dtype, and the kind of derivative. Every backend accumulates each output
 * element in increasing row-major order of the input, from the identity, in the
 * accumulator dtype ({@link accumulatorDType}), and converts once at the end.
 */
import type { DType } from "../dtype";
import type { ScalarRenderer } from "../scalar/ops";
import type { BinaryPrim } from "./binary";
import { elementwiseSem } from "./elementwise";

export const REDUCE_PRIMS = ["reduce_sum", "reduce_max", "reduce_min", "reduce_prod", "reduce_and", "reduce_or"] as const;
/** The reductions over axes: sum, max, min, prod, and, or. */
export type ReducePrim = (typeof REDUCE_PRIMS)[number];

/**
 * `"linear"`: the cotangent spread back; `"chooser"`: shared equally among tied extremes
 * (JAX's rule); `"product"`: the product of the others, safe at zeros; `"zero"`: none.
 */
export type ReduceDerivative = "linear" | "chooser" | "product" | "zero";

export interface ReduceDef {
  readonly combine: BinaryPrim;
  readonly identity: (dtype: DType) => number;
  readonly derivative: ReduceDerivative;
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

export const reducePrims: { readonly [P in ReducePrim]: ReduceDef } = {
  reduce_sum: { combine: "add", identity: () => 0, derivative: "linear" },
  reduce_max: { combine: "max", identity: (d) => (d === "bool" ? 0 : d === "int32" ? INT_MIN : -Infinity), derivative: "chooser" },
  reduce_min: { combine: "min", identity: (d) => (d === "bool" ? 1 : d === "int32" ? INT_MAX : Infinity), derivative: "chooser" },
  reduce_prod: { combine: "mul", identity: () => 1, derivative: "product" },
  reduce_and: { combine: "and", identity: (d) => (d === "bool" ? 1 : -1), derivative: "zero" },
  reduce_or: { combine: "or", identity: () => 0, derivative: "zero" },
};

/**
 * The dtype a reduction of `dtype` values accumulates in: float32 sums and products run in
 * float64 and are rounded once at the end (sequential float32 accumulation stops growing
 * at 2²⁴ and drifts far sooner); everything else in its own dtype.
 */
export function accumulatorDType(prim: ReducePrim, dtype: DType): DType {
  return dtype === "float32" && (prim === "reduce_sum" || prim === "reduce_prod") ? "float64" : dtype;
}

/** One accumulation step of `prim` on `dtype` values: its combining primitive's definition, in the accumulator dtype. */
export function reduceStep<T>(r: ScalarRenderer<T>, prim: ReducePrim, dtype: DType): (acc: T, x: T) => T {
  const acc = accumulatorDType(prim, dtype);
  return elementwiseSem[reducePrims[prim].combine](r, {}, [acc, acc], acc);
}

/** From the accumulator to the result: a conversion when they differ, else the value itself. */
export function reduceFinish<T>(r: ScalarRenderer<T>, prim: ReducePrim, dtype: DType): (acc: T) => T {
  const acc = accumulatorDType(prim, dtype);
  return acc === dtype ? (x) => x : (x) => r.convert(x, acc, dtype);
}
