/** Sorting: `argsort sort`. Stable, ascending, NaN last (NumPy's order). */
import { ArgumentError } from "../core/errors";
import { normalizeAxis, unwrap } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import { asTensor, reshape } from "./convert";
import { alongAxis } from "../lax/sort";

function sortable(op: string, x: TensorLike, axis: number | null): { t: Tensor; ax: number } {
  let t = asTensor(x, op);
  if (t.dtype === "bool") throw new ArgumentError(`${op}: cannot sort bool values; convert with .astype("int32") first.`);
  if (axis === null) t = reshape(t, [t.size]);
  else if (t.ndim === 0) throw new ArgumentError(`${op}: a 0-d array has no axis ${axis} to sort; pass axis null or a 1-d array.`);
  return { t, ax: axis === null ? 0 : unwrap(normalizeAxis(op, axis, t.ndim)) };
}

/**
 * The int32 indices that sort `x` along `axis` (default the last; `null` flattens first).
 * Stable: equal values keep their order. Not differentiable (indices), but
 * `np.takeAlongAxis(x, np.argsort(x), axis)` is.
 * @example np.argsort([3, 1, 2]) // [1, 2, 0]
 */
export function argsort(x: TensorLike, axis: number | null = -1): Tensor {
  const { t, ax } = sortable("np.argsort", x, axis);
  return bind1("argsort", [t], { axis: ax });
}

/**
 * `x` sorted along `axis` (default the last; `null` flattens first). Differentiable: the
 * gradient flows back to each value's original position.
 * @example np.sort([3, 1, 2]) // [1, 2, 3]
 */
export function sort(x: TensorLike, axis: number | null = -1): Tensor {
  const { t, ax } = sortable("np.sort", x, axis);
  return alongAxis(t, bind1("argsort", [t], { axis: ax }), ax);
}
