/**
 * `lax.sort`: sorts one array, or several by the first `numKeys` of them
 * (lexicographically, stably), as JAX's sort primitive does, through stable argsorts and
 * one in-bounds gather per operand.
 */
import { GatherDimensionNumbers, GatherScatterMode } from "../core/gather-dims";
import { ArgumentError, ShapeError } from "../core/errors";
import { normalizeAxis, showShape, unwrap } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import { asTensor, reshape } from "../numpy/convert";

/** `x` taken along `axis` at `idx` (of x's shape; always in bounds). */
export function alongAxis(x: Tensor, idx: Tensor, axis: number): Tensor {
  if (x.size === 0) return x;
  const others = x.shape.map((_, d) => d).filter((d) => d !== axis);
  return bind1("gather", [x, reshape(idx, [...idx.shape, 1])], {
    dimension_numbers: new GatherDimensionNumbers([], [axis], [axis], others, others),
    slice_sizes: x.shape.map(() => 1),
    mode: GatherScatterMode.PROMISE_IN_BOUNDS,
    fill_value: null,
    indices_are_sorted: false,
    unique_indices: false,
  });
}

/** The stable permutation that sorts `keys` lexicographically along `axis`. */
export function lexsortIndices(keys: readonly Tensor[], axis: number): Tensor {
  // Least significant key first; each later stable sort keeps the earlier order among ties.
  let idx = bind1("argsort", [keys[keys.length - 1]], { axis });
  for (let k = keys.length - 2; k >= 0; k--) {
    const inner = bind1("argsort", [alongAxis(keys[k], idx, axis)], { axis });
    idx = alongAxis(idx, inner, axis);
  }
  return idx;
}

/** Options of {@link sort}. */
export interface SortOptions {
  /** How many of the operands (from the first) are sort keys. Default 1. */
  readonly numKeys?: number;
  /** Equal keys keep their order (always true here: the sort is stable). */
  readonly isStable?: boolean;
}

/**
 * JAX's `lax.sort`: `operand` sorted along `dimension` (ascending, NaN last); given a list
 * of arrays, all are permuted by the order of the first `numKeys`.
 * @example lax.sort(np.array([3, 1, 2])) // [1, 2, 3]
 * @example lax.sort([keys, values])     // values in the order of their keys
 */
export function sort<T extends TensorLike | readonly TensorLike[]>(operand: T, dimension = -1, opts: SortOptions = {}): T extends readonly TensorLike[] ? Tensor[] : Tensor {
  const op = "lax.sort";
  const many = Array.isArray(operand) && !(operand.length > 0 && typeof operand[0] === "number");
  const xs = (many ? (operand as readonly TensorLike[]) : [operand as TensorLike]).map((x) => asTensor(x, op));
  if (xs.length === 0) throw new ArgumentError(`${op}: nothing to sort.`);
  const shape = xs[0].shape;
  if (xs.some((x) => x.shape.length !== shape.length || x.shape.some((d, i) => d !== shape[i]))) {
    throw new ShapeError(`${op}: operands must share a shape, got ${xs.map((x) => showShape(x.shape)).join(", ")}.`);
  }
  if (shape.length === 0) throw new ArgumentError(`${op}: a 0-d array has no dimension to sort along.`);
  const numKeys = opts.numKeys ?? 1;
  if (!Number.isInteger(numKeys) || numKeys < 1 || numKeys > xs.length) {
    throw new ArgumentError(`${op}: numKeys must be between 1 and the number of operands (${xs.length}), got ${numKeys}.`);
  }
  if (xs.slice(0, numKeys).some((x) => x.dtype === "bool")) throw new ArgumentError(`${op}: bool keys cannot be sorted; convert them with astype("int32").`);
  const axis = unwrap(normalizeAxis(op, dimension, shape.length));
  const idx = lexsortIndices(xs.slice(0, numKeys), axis);
  const sorted = xs.map((x) => alongAxis(x, idx, axis));
  return (many ? sorted : sorted[0]) as T extends readonly TensorLike[] ? Tensor[] : Tensor;
}

