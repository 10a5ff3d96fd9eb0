/**
 * Gather and scatter kernels over the window description of `gather-dims.ts`. Both
 * first find where each batch position's window starts in the operand (clamped, or
 * marked out of bounds), then walk the other array in row-major order with two running
 * offsets: the batch position and the position inside the window.
 *
 * Scatter applies its updates in row-major order of the updates array, so repeated
 * indices are deterministic: for `scatter` the last update wins, for `scatter-add` the
 * sum runs in that order.
 */
import { type DType, type TypedArray, allocate } from "../dtype";
import { type Windows, windowOperandDims } from "../gather-dims";
import { type Shape, sizeOf, stridesOf } from "../shape";

/**
 * The operand offset where each batch position's window starts, or -1 where the window
 * does not fit (only when `clip` is false: a gather fills it, a scatter drops it).
 */
export function windowStarts(operandShape: Shape, idx: TypedArray, idxShape: Shape, w: Windows, sizes: readonly number[], clip: boolean): Float64Array {
  const batchShape = idxShape.slice(0, -1);
  const k = idxShape[idxShape.length - 1];
  const n = sizeOf(batchShape);
  const os = stridesOf(operandShape);
  const starts = new Float64Array(n);
  const bIdx = new Array<number>(batchShape.length).fill(0);
  const limits = w.startIndexMap.map((d) => operandShape[d] - sizes[d]);
  for (let b = 0; b < n; b++) {
    let base = 0;
    let inside = true;
    for (let m = 0; m < k; m++) {
      const lim = limits[m];
      let s = idx[b * k + m];
      if (clip) s = s < 0 ? 0 : s > lim ? lim : s;
      else if (s < 0 || s > lim) inside = false;
      base += s * os[w.startIndexMap[m]];
    }
    for (let i = 0; i < w.operandBatchingDims.length; i++) base += bIdx[w.indicesBatchingDims[i]] * os[w.operandBatchingDims[i]];
    starts[b] = inside ? base : -1;
    for (let d = batchShape.length - 1; d >= 0; d--) {
      if (++bIdx[d] < batchShape[d]) break;
      bIdx[d] = 0;
    }
  }
  return starts;
}

/** Per axis of the other array (gathered output or updates): its stride over batch positions and inside the operand. */
export function windowStrides(otherShape: Shape, operandShape: Shape, idxShape: Shape, w: Windows): { batch: number[]; operand: number[] } {
  const os = stridesOf(operandShape);
  const bs = stridesOf(idxShape.slice(0, -1));
  const winOperand = windowOperandDims(operandShape.length, w);
  const batch: number[] = [];
  const operand: number[] = [];
  let [j, b] = [0, 0];
  for (let a = 0; a < otherShape.length; a++) {
    if (w.windowDims.includes(a)) {
      batch.push(0);
      operand.push(os[winOperand[j++]]);
    } else {
      batch.push(bs[b++]);
      operand.push(0);
    }
  }
  return { batch, operand };
}

/**
 * Calls `visit(i, b, offset)` for every element `i` (row-major) of an array of `shape`,
 * with its batch position `b` and offset inside the window.
 */
function walk(shape: Shape, batch: readonly number[], operand: readonly number[], visit: (i: number, b: number, offset: number) => void): void {
  const n = sizeOf(shape);
  if (n === 0) return;
  const nd = shape.length;
  if (nd === 0) {
    visit(0, 0, 0);
    return;
  }
  const idx = new Array<number>(nd).fill(0);
  const [lastN, lastB, lastO] = [shape[nd - 1], batch[nd - 1], operand[nd - 1]];
  let [b, o, i] = [0, 0, 0];
  for (;;) {
    for (let j = 0, bb = b, oo = o; j < lastN; j++, bb += lastB, oo += lastO) visit(i++, bb, oo);
    let d = nd - 2;
    for (; d >= 0; d--) {
      idx[d]++;
      b += batch[d];
      o += operand[d];
      if (idx[d] < shape[d]) break;
      b -= batch[d] * shape[d];
      o -= operand[d] * shape[d];
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}

/** lax.gather: out-of-bounds windows (when not clipping) are `fill`. */
export function gatherKernel(
  src: TypedArray,
  operandShape: Shape,
  idx: TypedArray,
  idxShape: Shape,
  w: Windows,
  sizes: readonly number[],
  clip: boolean,
  fill: number,
  outShape: Shape,
  dtype: DType,
): TypedArray {
  const out = allocate(dtype, sizeOf(outShape));
  const starts = windowStarts(operandShape, idx, idxShape, w, sizes, clip);
  const { batch, operand } = windowStrides(outShape, operandShape, idxShape, w);
  walk(outShape, batch, operand, (i, b, offset) => {
    const base = starts[b];
    out[i] = base < 0 ? fill : src[base + offset];
  });
  return out;
}

/** lax.scatter and its combining forms: `combine(old, update)` at each target, in updates order. */
export function scatterKernel(
  src: TypedArray,
  operandShape: Shape,
  idx: TypedArray,
  idxShape: Shape,
  upd: TypedArray,
  updShape: Shape,
  w: Windows,
  sizes: readonly number[],
  clip: boolean,
  combine: (old: number, update: number) => number,
): TypedArray {
  const out = src.slice();
  const starts = windowStarts(operandShape, idx, idxShape, w, sizes, clip);
  const { batch, operand } = windowStrides(updShape, operandShape, idxShape, w);
  walk(updShape, batch, operand, (i, b, offset) => {
    const base = starts[b];
    if (base >= 0) out[base + offset] = combine(out[base + offset], upd[i]);
  });
  return out;
}
