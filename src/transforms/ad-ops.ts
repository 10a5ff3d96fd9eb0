/**
 * Small op helpers for writing transformation rules. They bind primitives directly (no
 * NumPy promotion) so that a rule keeps exactly the dtypes it is given; constants take
 * the dtype of the value they meet.
 */
import { scalarArray } from "../core/array";
import type { DType } from "../core/dtype";
import { BINARY_PRIMS, COMPARE_PRIMS, UNARY_PRIMS } from "../core/primitives";
import type { DiffOps } from "../core/prims/diff-ops";
import { rowsFor } from "../core/prims/family";
import type { Shape } from "../core/shape";
import { shapesEqual } from "../core/shape";
import type { Tensor } from "../core/tensor";
import { bind1 } from "../core/trace";

/** A 0-d constant of `like`'s dtype. */
export const lit = (like: Tensor | DType, v: number): Tensor => scalarArray(v, typeof like === "string" ? like : like.dtype);

export const add = (a: Tensor, b: Tensor): Tensor => bind1("add", [a, b], {});
export const addAny = (a: Tensor, b: Tensor): Tensor => bind1("add_any", [a, b], {});
export const sub = (a: Tensor, b: Tensor): Tensor => bind1("sub", [a, b], {});
export const mul = (a: Tensor, b: Tensor): Tensor => bind1("mul", [a, b], {});
export const div = (a: Tensor, b: Tensor): Tensor => bind1("div", [a, b], {});
export const neg = (a: Tensor): Tensor => bind1("neg", [a], {});
export const max = (a: Tensor, b: Tensor): Tensor => bind1("max", [a, b], {});
export const eq = (a: Tensor, b: Tensor): Tensor => bind1("eq", [a, b], {});
export const ge = (a: Tensor, b: Tensor): Tensor => bind1("ge", [a, b], {});
export const and = (a: Tensor, b: Tensor): Tensor => bind1("and", [a, b], {});
export const sqrt = (a: Tensor): Tensor => bind1("sqrt", [a], {});
export const rsqrt = (a: Tensor): Tensor => bind1("rsqrt", [a], {});
export const log = (a: Tensor): Tensor => bind1("log", [a], {});
export const sign = (a: Tensor): Tensor => bind1("sign", [a], {});
export const square = (a: Tensor): Tensor => bind1("square", [a], {});
export const integerPow = (a: Tensor, y: number): Tensor => bind1("integer_pow", [a], { y });
export const convert = (a: Tensor, dtype: DType): Tensor =>
  a.dtype === dtype ? a : bind1("convert_element_type", [a], { new_dtype: dtype, weak_type: false });

/** `onTrue` where `pred`, else `onFalse`; 0-d operands are broadcast as select_n needs. */
export function select(pred: Tensor, onTrue: Tensor, onFalse: Tensor): Tensor {
  const shape = [pred, onTrue, onFalse].reduce<Shape>((s, x) => (x.ndim > s.length ? x.shape : s), []);
  return bind1("select_n", [pred, fill(onFalse, shape), fill(onTrue, shape)], {});
}

export const broadcastInDim = (x: Tensor, shape: Shape, dims: readonly number[]): Tensor =>
  shapesEqual(x.shape, shape) ? x : bind1("broadcast_in_dim", [x], { shape: [...shape], broadcast_dimensions: [...dims] });

/** Broadcasts a 0-d value, or one of the same shape, to `shape`. */
export const fill = (x: Tensor, shape: Shape): Tensor =>
  shapesEqual(x.shape, shape) ? x : broadcastInDim(x, shape, []);

export const reshape = (x: Tensor, shape: Shape): Tensor =>
  shapesEqual(x.shape, shape) ? x : bind1("reshape", [x], { new_sizes: [...shape], dimensions: null });

export const transpose = (x: Tensor, perm: readonly number[]): Tensor =>
  perm.every((p, i) => p === i) ? x : bind1("transpose", [x], { permutation: [...perm] });

export const reduceSum = (x: Tensor, axes: readonly number[]): Tensor =>
  axes.length === 0 ? x : bind1("reduce_sum", [x], { axes: [...axes].sort((a, b) => a - b) });

/** Zeros of the given shape and dtype (a broadcast literal, cheap to stage). */
export const zeros = (shape: Shape, dtype: DType): Tensor => fill(lit(dtype, 0), shape);

/** Rows `start` to `start + size` of `x` along its leading axis. */
export const leadingRows = (x: Tensor, start: number, size: number): Tensor =>
  bind1("slice", [x], {
    start_indices: x.shape.map((_, d) => (d === 0 ? start : 0)),
    limit_indices: x.shape.map((s, d) => (d === 0 ? start + size : s)),
    strides: null,
  });

export const zerosLike = (x: Tensor): Tensor => zeros(x.shape, x.dtype);

/** The inverse of a permutation. */
export function invertPermutation(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => {
    inv[p] = i;
  });
  return inv;
}

/** Moves axis `from` to position `to`. */
export function moveAxis(x: Tensor, from: number, to: number): Tensor {
  if (from === to) return x;
  const perm = [...Array(x.ndim).keys()].filter((i) => i !== from);
  perm.splice(to, 0, from);
  return transpose(x, perm);
}

/** The value with its batch axis `d` first, broadcasting an unbatched value (`d` null) to `size`. */
export function toFront(x: Tensor, d: number | null, size: number): Tensor {
  if (d === null) return broadcastInDim(x, [size, ...x.shape], x.shape.map((_, i) => i + 1));
  return moveAxis(x, d, 0);
}

/**
 * Sums a cotangent of shape `ct.shape` down to an operand of shape `shape` that an
 * elementwise primitive broadcast (a 0-d operand against a larger result).
 */
export function unbroadcast(ct: Tensor, shape: Shape): Tensor {
  if (shapesEqual(ct.shape, shape)) return ct;
  if (shape.length === 0) return reduceSum(ct, [...Array(ct.ndim).keys()]);
  return ct;
}

/** The operations the families' derivatives are written in (`core/prims/diff-ops.ts`). */
export const diffOps: DiffOps = {
  ...rowsFor(UNARY_PRIMS, (p) => (x: Tensor) => bind1(p, [x], {})),
  ...rowsFor([...BINARY_PRIMS, ...COMPARE_PRIMS], (p) => (x: Tensor, y: Tensor) => bind1(p, [x, y], {})),
  lit,
  one: (like) => lit(like, 1),
  select,
  integerPow,
};
