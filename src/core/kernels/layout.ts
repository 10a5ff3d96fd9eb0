/**
 * Layout kernels: copying strided views of row-major storage. One strided gather serves
 * transpose, broadcast_in_dim, slice and rev; the rest are the shape ops that need more.
 */
import { type DType, type TypedArray, allocate } from "../dtype";
import type { Shape } from "../shape";
import { sizeOf, stridesOf } from "../shape";
import { rowMajor, viewThrough } from "../strided";

/**
 * out[i0, …, ik] = src[offset + Σ i_d * srcStrides[d]] over `outShape`, row-major.
 * Strides may be 0 (broadcast) or negative (reversal).
 */
export function stridedGather(
  src: TypedArray,
  offset: number,
  outShape: Shape,
  srcStrides: readonly number[],
  dtype: DType,
): TypedArray {
  const n = sizeOf(outShape);
  const out = allocate(dtype, n);
  if (n === 0) return out;
  const nd = outShape.length;
  if (nd === 0) {
    out[0] = src[offset];
    return out;
  }
  const lastN = outShape[nd - 1];
  const lastS = srcStrides[nd - 1];
  const idx = new Array<number>(nd).fill(0);
  let p = offset;
  let i = 0;
  for (;;) {
    for (let j = 0, q = p; j < lastN; j++, q += lastS) out[i++] = src[q];
    let d = nd - 2;
    for (; d >= 0; d--) {
      idx[d]++;
      p += srcStrides[d];
      if (idx[d] < outShape[d]) break;
      p -= srcStrides[d] * outShape[d];
      idx[d] = 0;
    }
    if (d < 0) return out;
  }
}

/** `data` of `shape` transposed by `perm` into a new row-major array (`data` itself when `perm` is the identity). */
export function transposed(data: TypedArray, shape: Shape, perm: readonly number[], dtype: DType): TypedArray {
  if (perm.every((p, i) => p === i)) return data;
  const outShape = perm.map((p) => shape[p]);
  const v = viewThrough(rowMajor(shape), "transpose", { permutation: perm }, outShape)!;
  return stridedGather(data, v.offset, outShape, v.strides, dtype);
}

/** pad: `value` everywhere, then each element at low + i * (interior + 1) where in range. */
export function padKernel(
  src: TypedArray,
  inShape: Shape,
  value: number,
  config: readonly (readonly [number, number, number])[],
  outShape: Shape,
  dtype: DType,
): TypedArray {
  const out = allocate(dtype, sizeOf(outShape)).fill(value);
  const n = sizeOf(inShape);
  if (n === 0) return out;
  const nd = inShape.length;
  const outStrides = stridesOf(outShape);
  const idx = new Array<number>(nd).fill(0);
  for (let i = 0; i < n; i++) {
    let o = 0;
    let inside = true;
    for (let d = 0; d < nd; d++) {
      const pos = config[d][0] + idx[d] * (config[d][2] + 1);
      if (pos < 0 || pos >= outShape[d]) {
        inside = false;
        break;
      }
      o += pos * outStrides[d];
    }
    if (inside) out[o] = src[i];
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d] < inShape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

/** concatenate along `dim`: blocks of each operand, interleaved per outer index. */
export function concatKernel(
  parts: readonly { readonly data: TypedArray; readonly shape: Shape }[],
  dim: number,
  outShape: Shape,
  dtype: DType,
): TypedArray {
  const out = allocate(dtype, sizeOf(outShape));
  const outer = sizeOf(outShape.slice(0, dim));
  const inner = sizeOf(outShape.slice(dim + 1));
  let o = 0;
  for (let b = 0; b < outer; b++) {
    for (const p of parts) {
      const block = p.shape[dim] * inner;
      out.set(p.data.subarray(b * block, (b + 1) * block), o);
      o += block;
    }
  }
  return out;
}

/** Clamps dynamic start indices into range, as XLA does. */
export function clampStarts(starts: readonly number[], shape: Shape, sizes: readonly number[]): number[] {
  return starts.map((s, d) => Math.min(Math.max(s, 0), shape[d] - sizes[d]));
}

/** dynamic_update_slice: a copy of `src` with `upd` written at the clamped starts. */
export function updateSliceKernel(
  src: TypedArray,
  shape: Shape,
  upd: TypedArray,
  updShape: Shape,
  starts: readonly number[],
): TypedArray {
  const out = src.slice();
  const n = sizeOf(updShape);
  if (n === 0) return out;
  const s = clampStarts(starts, shape, updShape);
  const strides = stridesOf(shape);
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  for (let i = 0; i < n; i++) {
    let o = 0;
    for (let d = 0; d < nd; d++) o += (s[d] + idx[d]) * strides[d];
    out[o] = upd[i];
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d] < updShape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}
