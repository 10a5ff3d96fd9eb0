/**
 * Reduction kernels. The accumulation order is fixed and documented because the JIT must
 * reproduce it bit for bit: each output element accumulates its inputs in increasing
 * row-major input order, starting from the identity, rounding to the accumulator dtype
 * at every step (`prims/reduce.ts` says which; the caller converts the result).
 */
import { type DType, type TypedArray, allocate } from "../dtype";
import type { Shape } from "../shape";
import { sizeOf } from "../shape";

export type Accumulate = (acc: number, x: number) => number;

/** Reduces `axes` of `src` (shape `shape`) with `step`, from `init`, into an array of `dtype` (the accumulator's). */
export function reduceKernel(
  src: TypedArray,
  shape: Shape,
  axes: readonly number[],
  dtype: DType,
  init: number,
  step: Accumulate,
): TypedArray {
  const nd = shape.length;
  const outStrides = new Array<number>(nd);
  let s = 1;
  for (let d = nd - 1; d >= 0; d--) {
    if (axes.includes(d)) outStrides[d] = 0;
    else {
      outStrides[d] = s;
      s *= shape[d];
    }
  }
  const out = allocate(dtype, s).fill(init);
  const n = sizeOf(shape);
  const idx = new Array<number>(nd).fill(0);
  let o = 0;
  for (let i = 0; i < n; i++) {
    out[o] = step(out[o], src[i]);
    for (let d = nd - 1; d >= 0; d--) {
      o += outStrides[d];
      if (++idx[d] < shape[d]) break;
      o -= outStrides[d] * shape[d];
      idx[d] = 0;
    }
  }
  return out;
}

/** Splits a shape around `axis` into (outer, length, inner) element counts. */
export function aroundAxis(shape: Shape, axis: number): [number, number, number] {
  return [sizeOf(shape.slice(0, axis)), shape[axis], sizeOf(shape.slice(axis + 1))];
}

/**
 * Index of the first maximum (or minimum) along `axis`. A NaN counts as the extreme, so
 * the first NaN wins, as in NumPy and JAX.
 */
export function argReduceKernel(src: TypedArray, shape: Shape, axis: number, isMax: boolean): Int32Array {
  const [outer, n, inner] = aroundAxis(shape, axis);
  const out = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let best = src[base];
      let at = 0;
      for (let k = 1; k < n && best === best; k++) {
        const v = src[base + k * inner];
        if (v !== v || (isMax ? v > best : v < best)) {
          best = v;
          at = k;
        }
      }
      out[o * inner + i] = at;
    }
  }
  return out;
}

/** Inclusive prefix accumulation along `axis` (from the end when `reverse`): entry k is step(…step(init, x0)…, xk). */
export function cumulativeKernel(src: TypedArray, shape: Shape, axis: number, reverse: boolean, dtype: DType, init: number, step: Accumulate): TypedArray {
  const [outer, n, inner] = aroundAxis(shape, axis);
  const out = allocate(dtype, src.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let acc = init;
      for (let j = 0; j < n; j++) {
        const k = base + (reverse ? n - 1 - j : j) * inner;
        acc = step(acc, src[k]);
        out[k] = acc;
      }
    }
  }
  return out;
}
