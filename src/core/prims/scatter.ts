/**
 * The scatter primitives, JAX's `scatter`, `scatter-add`, `scatter-mul`, `scatter-min`
 * and `scatter-max`: each writes windows of updates into a copy of the operand, at
 * `combine(old, update)`, where `combine` is a binary primitive (the dtypes it takes and
 * its rounding are that primitive's) or `"set"`.
 */
import type { BinaryPrim } from "./binary";

export const SCATTER_PRIMS = ["scatter", "scatter-add", "scatter-mul", "scatter-min", "scatter-max"] as const;
/** The scatters: set, add, mul, min, max. */
export type ScatterPrim = (typeof SCATTER_PRIMS)[number];

export interface ScatterDef {
  readonly combine: BinaryPrim | "set";
}

export const scatterPrims: { readonly [P in ScatterPrim]: ScatterDef } = {
  scatter: { combine: "set" },
  "scatter-add": { combine: "add" },
  "scatter-mul": { combine: "mul" },
  "scatter-min": { combine: "min" },
  "scatter-max": { combine: "max" },
};
