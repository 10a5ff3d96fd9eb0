/**
 * `np.linalg.multiDot`: a chain of matrix products in the order that costs the fewest
 * multiplications (NumPy's dynamic programme, so the rounding is NumPy's too).
 */
import { ArgumentError, ShapeError } from "../../core/errors";
import { showShape } from "../../core/shape";
import type { Tensor, TensorLike } from "../../core/tensor";
import { promote } from "../convert";
import { dot } from "../products";
import { reshape } from "../shape-ops";

/**
 * The product of the matrices in order, computed in the cheapest order; the first may be
 * a 1-D row vector and the last a 1-D column vector (their axes leave the result).
 * @example np.linalg.multiDot([np.ones([10, 100]), np.ones([100, 5]), np.ones([5])]).shape // [10]
 */
export function multiDot(arrays: readonly TensorLike[]): Tensor {
  const op = "np.linalg.multiDot";
  if (!Array.isArray(arrays) || arrays.length < 2) throw new ArgumentError(`${op}: needs a list of at least two arrays, got ${Array.isArray(arrays) ? arrays.length : typeof arrays}.`);
  const ts = promote(op, arrays);
  const last = ts.length - 1;
  const [rowVector, columnVector] = [ts[0].ndim === 1, ts[last].ndim === 1];
  const ms = ts.map((t, i) => {
    if (i === 0 && rowVector) return reshape(t, [1, t.shape[0]]);
    if (i === last && columnVector) return reshape(t, [t.shape[0], 1]);
    if (t.ndim !== 2) throw new ShapeError(`${op}: array ${i} must be 2-D (only the first and last may be 1-D), got shape ${showShape(t.shape)}.`);
    return t;
  });
  ms.forEach((m, i) => {
    if (i > 0 && ms[i - 1].shape[1] !== m.shape[0]) {
      throw new ShapeError(`${op}: array ${i - 1} (shape ${showShape(ts[i - 1].shape)}) does not chain with array ${i} (shape ${showShape(ts[i].shape)}).`);
    }
  });
  const order = chainOrder(ms.map((m) => m.shape[0]).concat(ms[last].shape[1]));
  const product = (i: number, j: number): Tensor => (i === j ? ms[i] : dot(product(i, order[i][j]), product(order[i][j] + 1, j)));
  const r = product(0, last);
  const shape = [...(rowVector ? [] : [r.shape[0]]), ...(columnVector ? [] : [r.shape[1]])];
  return rowVector || columnVector ? reshape(r, shape) : r;
}

/**
 * The split of each sub-chain i..j that minimizes the multiplications, for matrices of
 * shapes dims[k] × dims[k + 1] (the first minimum on ties, as NumPy's loop keeps it).
 */
function chainOrder(dims: readonly number[]): number[][] {
  const n = dims.length - 1;
  const cost = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const split = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let len = 1; len < n; len++) {
    for (let i = 0; i + len < n; i++) {
      const j = i + len;
      cost[i][j] = Infinity;
      for (let k = i; k < j; k++) {
        const c = cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1];
        if (c < cost[i][j]) {
          cost[i][j] = c;
          split[i][j] = k;
        }
      }
    }
  }
  return split;
}
