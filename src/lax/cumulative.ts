/**
 * Cumulative operations along an axis (`lax.cumsum`, `cumprod`, `cummax`, `cummin`) and
 * the general parallel prefix scan `lax.associativeScan` over pytrees.
 */
import { associativeScanFlat } from "../core/associative-scan";
import { ArgumentError, ShapeError } from "../core/errors";
import type { CumulativePrim } from "../core/primitives";
import { treeFlatten, treeUnflatten } from "../core/pytree";
import { normalizeAxis, showShape, unwrap } from "../core/shape";
import { Tensor, type TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import { asTensor, convert } from "../numpy/convert";

/** Options of the cumulative operations. */
export interface CumulativeOptions {
  /** Accumulate from the end of the axis. */
  readonly reverse?: boolean;
}

const cumulative =
  (prim: CumulativePrim, name: string) =>
  (x: TensorLike, axis = 0, opts: CumulativeOptions = {}): Tensor => {
    const op = `lax.${name}`;
    const t = asTensor(x, op);
    if (t.ndim === 0) throw new ArgumentError(`${op}: a 0-d array has no axis to accumulate along.`);
    return bind1(prim, [t], { axis: unwrap(normalizeAxis(op, axis, t.ndim)), reverse: opts.reverse ?? false });
  };

/** Cumulative sum along `axis`. @example lax.cumsum(np.array([1, 2, 3])) // [1, 3, 6] */
export const cumsum = cumulative("cumsum", "cumsum");
/** Cumulative product along `axis`. @example lax.cumprod(np.array([1, 2, 3])) // [1, 2, 6] */
export const cumprod = cumulative("cumprod", "cumprod");
/** Running maximum along `axis`. @example lax.cummax(np.array([1, 3, 2])) // [1, 3, 3] */
export const cummax = cumulative("cummax", "cummax");
/** Running minimum along `axis`. @example lax.cummin(np.array([3, 1, 2])) // [3, 1, 1] */
export const cummin = cumulative("cummin", "cummin");

/**
 * JAX's `lax.associative_scan`: the inclusive scan of `elems` (a pytree of arrays of equal
 * length along `axis`) with an associative `fn`, in O(log n) levels (Blelloch): entry k is
 * `fn(…fn(e0, e1)…, ek)`; with `reverse`, the scan runs from the end.
 * @example lax.associativeScan(np.add, np.arange(4)) // [0, 1, 3, 6]
 * @example lax.associativeScan(np.matmul, mats) // running matrix products
 */
export function associativeScan<T>(fn: (a: T, b: T) => T, elems: T, opts: { readonly reverse?: boolean; readonly axis?: number } = {}): T {
  const op = "lax.associativeScan";
  if (typeof fn !== "function") throw new ArgumentError(`${op}: fn must be a function of two pytrees, got ${typeof fn}.`);
  const [leaves, tree] = treeFlatten(elems);
  if (leaves.length === 0) throw new ArgumentError(`${op}: elems has no arrays to scan.`);
  const flat = leaves.map((l) => asTensor(l as TensorLike, op));
  const axis = unwrap(normalizeAxis(op, opts.axis ?? 0, flat[0].ndim));
  const n = flat[0].shape[axis];
  for (const t of flat) {
    if (t.shape[axis] !== n) {
      throw new ShapeError(`${op}: every array must have length ${n} along axis ${axis}; got shapes ${flat.map((f) => showShape(f.shape)).join(", ")}.`);
    }
  }
  const combine = (a: readonly Tensor[], b: readonly Tensor[]): Tensor[] => {
    const [out, outTree] = treeFlatten(fn(treeUnflatten(tree, a) as T, treeUnflatten(tree, b) as T));
    if (!outTree.equals(tree)) throw new ShapeError(`${op}: fn must return the structure of its arguments ${tree.show()}, got ${outTree.show()}.`);
    return out.map((o, i) => {
      const t = asTensor(o as TensorLike, op);
      return t instanceof Tensor && t.dtype !== a[i].dtype ? convert(t, a[i].dtype) : t;
    });
  };
  return treeUnflatten(tree, associativeScanFlat(combine, flat, axis, opts.reverse ?? false)) as T;
}
