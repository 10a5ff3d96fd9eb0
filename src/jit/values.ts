/**
 * What lowered values are: a scalar in a local (or a literal), a splat (a scalar broadcast
 * to a shape), or an affine view — shape, strides, offset — of a typed-array buffer, the
 * offset possibly with a symbolic part. Shape ops are index arithmetic on views
 * (`applyView`), so they cost nothing at run time.
 */
import { InternalError } from "../core/errors";
import type { DType } from "../core/dtype";
import type { AnyEqn } from "../core/ir";
import type { PrimParams } from "../core/primitives";
import { type Shape, sizeOf, stridesOf } from "../core/shape";
import { type LayoutPrim, isContiguous, isLayoutPrim, viewThrough } from "../core/strided";
import { type Block, type Code, type Ident, code, numberLiteral } from "./code";
import type { Access } from "./nest";

export type ViewValue = {
  readonly k: "view";
  readonly buf: Code;
  readonly shape: Shape;
  readonly strides: readonly number[];
  readonly offset: number;
  /** A symbolic part of the offset (added to `offset`), or null. */
  readonly base: Code | null;
  /** Length of the underlying buffer. */
  readonly bufSize: number;
  /** Allocated by this call (safe to return); false for scratch, inputs and constants. */
  readonly fresh: boolean;
};

export type Value = { readonly k: "scalar"; readonly e: Code } | { readonly k: "splat"; readonly e: Code; readonly shape: Shape } | ViewValue;

/**
 * A value of an elementwise loop fused into its one consumer (a gather or scatter): not
 * stored, but computed per element where the consumer reads it. `views` are the loop's
 * operands read per element, viewed as `shape`; `value` emits the loop body at one offset
 * per view and gives the element's expression.
 */
export interface LazyValue {
  readonly shape: Shape;
  readonly views: readonly ViewValue[];
  readonly value: (b: Block, offsets: readonly Code[]) => Code;
}

/**
 * A value read element by element: a view's buffer at an offset, a splat's expression, or
 * a fused loop's body (one offset per operand it reads). Accesses are over its own axes.
 */
export interface Reader {
  readonly accesses: readonly Access[];
  readonly at: (b: Block, offsets: readonly Code[]) => Code;
  /** Whether `at` emits statements (a fused loop's body) rather than only an expression. */
  readonly emits: boolean;
}

export const ARRAY_CLASS: { readonly [D in DType]: Code } = {
  float64: code`Float64Array`,
  float32: code`Float32Array`,
  int32: code`Int32Array`,
  bool: code`Uint8Array`,
  complex64: code`Float32Array`,
  complex128: code`Float64Array`,
};

/** A view exactly covering its buffer in row-major order, usable as a plain array. */
export const isExact = (v: Value): boolean => v.k === "view" && v.base === null && v.offset === 0 && isContiguous(v) && v.bufSize === sizeOf(v.shape);

export function viewOf(buf: Code | Ident, shape: Shape, fresh: boolean): ViewValue {
  return { k: "view", buf: "code" in buf ? buf.code : buf, shape, strides: stridesOf(shape), offset: 0, base: null, bufSize: sizeOf(shape), fresh };
}

/** The starting offset of a view as code. */
export function startOf(v: ViewValue): Code {
  if (v.base === null) return numberLiteral(v.offset);
  return v.offset === 0 ? v.base : code`${v.base} + ${v.offset}`;
}

/**
 * A shape op (broadcast_in_dim, transpose, slice, rev, reshape, squeeze) applied to a view
 * by index arithmetic; null when a reshape cannot be (the view must be copied first).
 */
export function applyView(input: ViewValue, eqn: AnyEqn): ViewValue | null {
  if (!isLayoutPrim(eqn.prim)) throw new InternalError(`internal: ${eqn.prim} is not a view`);
  const v = viewThrough(input, eqn.prim, eqn.params as PrimParams[LayoutPrim], eqn.outs[0].aval.shape);
  return v && { ...input, ...v };
}
