/** What the linear-algebra functions check and prepare of their operands (not public API). */
import { ShapeError } from "../core/errors";
import { showShape } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { promoteInexact } from "../numpy/convert";
import { add, divide } from "../numpy/elementwise";
import { swapaxes } from "../numpy/shape-ops";

/** `x` as a float stack of matrices, or a ShapeError naming `op`. */
export function matrices(op: string, x: TensorLike, square: boolean): Tensor {
  const [t] = promoteInexact(op, [x]);
  if (t.ndim < 2) throw new ShapeError(`${op}: expected a matrix (or a stack of them: at least 2 axes), got shape ${showShape(t.shape)}.`);
  const [m, n] = t.shape.slice(-2);
  if (square && m !== n) throw new ShapeError(`${op}: expected square matrices in the last two axes, got shape ${showShape(t.shape)}.`);
  return t;
}

/** (x + xᵀ)/2 over the last two axes: what the symmetric factorizations see by default. */
export const symmetrize = (x: Tensor): Tensor => divide(add(x, swapaxes(x, -1, -2)), 2);
