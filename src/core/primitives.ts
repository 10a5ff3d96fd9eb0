/**
 * The closed set of primitives and the type of each one's params. The families (unary,
 * binary, comparison, reduction) are declared with their meaning and derivatives in
 * `prims/`; every rule table elsewhere is a complete mapped type over `Prim`, so adding a
 * primitive without its rules is a type error.
 *
 * Names follow JAX's lax primitives so that printed IR reads like a jaxpr.
 */
import type { DType } from "./dtype";
import type { Jaxpr } from "./ir";
import type { HostCallback } from "./host-callback";
import type { GatherDimensionNumbers, GatherScatterMode, ScatterDimensionNumbers } from "./gather-dims";
import type { RandomBitsOutput } from "./kernels/threefry";
import type { BinaryPrim, ComparePrim } from "./prims/binary";
import type { CumulativePrim } from "./prims/cumulative";
import type { NoParams } from "./prims/family";
import type { ComplexParams } from "./prims/complex";
import type { LinalgParams } from "./prims/linalg";
import type { ConvParams } from "./conv-dims";
import type { WindowPrimParams } from "./prims/window";
import type { ReducePrim } from "./prims/reduce";
import type { ScatterPrim } from "./prims/scatter";
import type { UnaryPrim } from "./prims/unary";

export { UNARY_PRIMS, type UnaryPrim } from "./prims/unary";
export { BINARY_PRIMS, COMPARE_PRIMS, type BinaryPrim, type ComparePrim } from "./prims/binary";
export { REDUCE_PRIMS, type ReducePrim } from "./prims/reduce";
export { SCATTER_PRIMS, type ScatterPrim } from "./prims/scatter";
export { CUMULATIVE_PRIMS, type CumulativePrim } from "./prims/cumulative";
export { LINALG_PRIMS, type LinalgPrim, type LinalgParams } from "./prims/linalg";
export { WINDOW_PRIMS, type WindowPrim, type WindowPrimParams } from "./prims/window";
export type { NoParams } from "./prims/family";
export { COMPLEX_PRIMS, type ComplexPrim, type ComplexParams, type FftType } from "./prims/complex";

export const ARG_REDUCE_PRIMS = ["argmax", "argmin"] as const;
/** argmax and argmin. */
export type ArgReducePrim = (typeof ARG_REDUCE_PRIMS)[number];


/** `[lhs_contracting, rhs_contracting], [lhs_batch, rhs_batch]`, as in lax.dot_general. */
export type DotDimensionNumbers = readonly [
  readonly [readonly number[], readonly number[]],
  readonly [readonly number[], readonly number[]],
];

/** Params of the scatter primitives. */
export interface ScatterParams {
  readonly dimension_numbers: ScatterDimensionNumbers;
  readonly mode: GatherScatterMode;
  readonly indices_are_sorted: boolean;
  /** The caller promises no two updates write the same element (needed for scatter-mul's gradient). */
  readonly unique_indices: boolean;
}

/** Params of every primitive. */
export type PrimParams = { readonly [P in UnaryPrim | BinaryPrim | ComparePrim]: NoParams } & LinalgParams & WindowPrimParams & ComplexParams & {
  readonly [P in ReducePrim]: { readonly axes: readonly number[] };
} & {
  readonly [P in ArgReducePrim]: { readonly axes: readonly number[]; readonly index_dtype: DType };
} & {
  readonly [P in CumulativePrim]: { readonly axis: number; readonly reverse: boolean };
} & {
  readonly [P in ScatterPrim]: ScatterParams;
} & {
  /** `x ** y` for a static integer `y`. */
  readonly integer_pow: { readonly y: number };
  /** 0 rounds halves away from zero, 1 to even (NumPy's `round`). */
  readonly round: { readonly rounding_method: 0 | 1 };
  readonly is_finite: NoParams;
  readonly convert_element_type: { readonly new_dtype: DType; readonly weak_type: boolean };
  /** `select_n(which, case0, case1, …)`: picks `case[which]` elementwise (bool `which` picks 0 or 1). */
  readonly select_n: NoParams;
  readonly broadcast_in_dim: { readonly shape: readonly number[]; readonly broadcast_dimensions: readonly number[] };
  readonly reshape: { readonly new_sizes: readonly number[]; readonly dimensions: null };
  readonly transpose: { readonly permutation: readonly number[] };
  readonly squeeze: { readonly dimensions: readonly number[] };
  readonly slice: {
    readonly start_indices: readonly number[];
    readonly limit_indices: readonly number[];
    readonly strides: readonly number[] | null;
  };
  /** `pad(operand, value)`; per axis `[low, high, interior]` (low/high may be negative). */
  readonly pad: { readonly padding_config: readonly (readonly [number, number, number])[] };
  readonly concatenate: { readonly dimension: number };
  readonly rev: { readonly dimensions: readonly number[] };
  /** `dynamic_slice(operand, ...starts)`: starts are 0-d int32, clamped into range as in XLA. */
  readonly dynamic_slice: { readonly slice_sizes: readonly number[] };
  /** `dynamic_update_slice(operand, update, ...starts)`. */
  readonly dynamic_update_slice: NoParams;
  /**
   * `gather(operand, indices)`: XLA's gather (see `gather-dims.ts`); `fill_value` is what
   * an out-of-bounds window holds in `FILL_OR_DROP` mode, null otherwise.
   */
  readonly gather: {
    readonly dimension_numbers: GatherDimensionNumbers;
    readonly slice_sizes: readonly number[];
    readonly mode: GatherScatterMode;
    readonly fill_value: number | null;
    readonly indices_are_sorted: boolean;
    readonly unique_indices: boolean;
  };
  readonly iota: { readonly dtype: DType; readonly shape: readonly number[]; readonly dimension: number };
  /**
   * `random_bits(k0, k1, start)`: Threefry-2x32 of the counters (0, start + i), i < size(shape),
   * under each key (k0, k1, start: equal-shaped int32 arrays holding uint32 words); the
   * output shape is the keys' shape followed by `shape`, and `output` picks what each
   * hash becomes (see `kernels/threefry.ts`).
   */
  readonly random_bits: { readonly shape: readonly number[]; readonly output: RandomBitsOutput };
  /** `argsort(x)`: the int32 indices that sort `x` along `axis` (stable, NaN last). */
  readonly argsort: { readonly axis: number };
  readonly dot_general: {
    readonly dimension_numbers: DotDimensionNumbers;
    readonly preferred_element_type: DType | null;
  };
  /**
   * `conv_general_dilated(lhs, rhs)`: XLA's convolution (see `conv-dims.ts`): strides,
   * explicit [lo, hi] padding, input (lhs) and kernel (rhs) dilation, dimension numbers,
   * feature and batch groups.
   */
  readonly conv_general_dilated: ConvParams;
  /**
   * `cond(index, ...operands)`: runs `branches[index]` (index clamped) on the operands.
   * Branches are closed over nothing: constants they need are leading operands.
   */
  readonly cond: { readonly branches: readonly Jaxpr[] };
  /**
   * `while(...condConsts, ...bodyConsts, ...carry)`: while `cond_jaxpr(condConsts, carry)`
   * is true, `carry = body_jaxpr(bodyConsts, carry)`.
   */
  readonly while: {
    readonly cond_jaxpr: Jaxpr;
    readonly body_jaxpr: Jaxpr;
    readonly cond_nconsts: number;
    readonly body_nconsts: number;
  };
  /**
   * `scan(...consts, ...carry, ...xs)`: for i over `length` (from the end when `reverse`),
   * `(carry, y_i) = jaxpr(consts, carry, x_i)`; returns the final carry and the stacked ys.
   */
  readonly scan: {
    readonly jaxpr: Jaxpr;
    readonly length: number;
    readonly reverse: boolean;
    readonly num_consts: number;
    readonly num_carry: number;
  };
  /**
   * `debug_callback(...values)`: calls a host function with the values when it runs, and
   * has no outputs (an effect: never folded, merged or dropped).
   */
  readonly debug_callback: { readonly callback: HostCallback };
  /**
   * `checkpoint(...args)`: evaluates `jaxpr`; under reverse mode it saves only its inputs
   * and recomputes the rest in the backward pass (rematerialisation).
   */
  readonly checkpoint: { readonly jaxpr: Jaxpr; readonly prevent_cse: boolean };
};

/** A primitive's name. */
export type Prim = keyof PrimParams;

/** Params of an equation of an unknown primitive, as stored in the IR. */
export type AnyParams = PrimParams[Prim];

/** The primitives that hold sub-jaxprs. */
export const CONTROL_FLOW_PRIMS = ["cond", "while", "scan", "checkpoint"] as const;
export type ControlFlowPrim = (typeof CONTROL_FLOW_PRIMS)[number];
