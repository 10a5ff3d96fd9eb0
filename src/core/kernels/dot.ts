/**
 * dot_general: operands are laid out as (batch, free, contract) and (batch, contract, free),
 * then multiplied with an i-k-j loop nest (row-major friendly). Each output element sums
 * its products in increasing k from +0, rounding to the dtype at every step; the JIT emits
 * the same order.
 */
import { type DType, type TypedArray, allocate } from "../dtype";
import type { DotDimensionNumbers } from "../primitives";
import type { Shape } from "../shape";
import { sizeOf } from "../shape";
import { transposed } from "./layout";

/** Axis orders that bring both operands into (batch, free, contract) / (batch, contract, free). */
export function dotLayout(
  lhsRank: number,
  rhsRank: number,
  [[lc, rc], [lb, rb]]: DotDimensionNumbers,
): { lhsPerm: number[]; rhsPerm: number[] } {
  const lfree = [...Array(lhsRank).keys()].filter((i) => !lc.includes(i) && !lb.includes(i));
  const rfree = [...Array(rhsRank).keys()].filter((i) => !rc.includes(i) && !rb.includes(i));
  return { lhsPerm: [...lb, ...lfree, ...lc], rhsPerm: [...rb, ...rc, ...rfree] };
}


export function dotGeneralKernel(
  a: TypedArray,
  aShape: Shape,
  b: TypedArray,
  bShape: Shape,
  dims: DotDimensionNumbers,
  inDtype: DType,
  outDtype: DType,
): TypedArray {
  const [[lc, rc], [lb, rb]] = dims;
  const { lhsPerm, rhsPerm } = dotLayout(aShape.length, bShape.length, dims);
  const A = transposed(a, aShape, lhsPerm, inDtype);
  const B = transposed(b, bShape, rhsPerm, inDtype);
  const nb = sizeOf(lb.map((i) => aShape[i]));
  const K = sizeOf(lc.map((i) => aShape[i]));
  const m = freeSize(aShape, lc, lb);
  const n = freeSize(bShape, rc, rb);
  const out = allocate(outDtype, nb * m * n);
  stridedDot(A, 0, m * K, K, 1, B, 0, K * n, n, 1, out, nb, m, K, n);
  return out;
}

/**
 * A batched matrix product over strided operands: `out[b, i, j] = Σ_k A[b, i, k]·B[b, k, j]`
 * (element offsets and strides per axis), written row-major into `out`. Each element sums
 * its products in increasing k from +0 in out's dtype (int32 wrapping, float32 rounded at
 * every step). The contract of every compiled dot kernel, which must give the same bits.
 */
export type DotKernel = (
  a: TypedArray, aStart: number, aB: number, aM: number, aK: number,
  b: TypedArray, bStart: number, bB: number, bK: number, bN: number,
  out: TypedArray, nb: number, m: number, k: number, n: number,
) => void;

/** The reference {@link DotKernel}: an i-k-j loop nest (row-major friendly). */
export const stridedDot: DotKernel = (a, aStart, aB, aM, aK, b, bStart, bB, bK, bN, out, nb, m, K, n) => {
  const isInt = out instanceof Int32Array;
  for (let bi = 0; bi < nb; bi++) {
    for (let i = 0; i < m; i++) {
      const orow = (bi * m + i) * n;
      out.fill(0, orow, orow + n);
      const arow = aStart + bi * aB + i * aM;
      for (let k = 0; k < K; k++) {
        const av = a[arow + k * aK];
        const brow = bStart + bi * bB + k * bK;
        if (isInt) for (let j = 0; j < n; j++) out[orow + j] = (out[orow + j] + Math.imul(av, b[brow + j * bN])) | 0;
        else for (let j = 0; j < n; j++) out[orow + j] += av * b[brow + j * bN];
      }
    }
  }
};

function freeSize(shape: Shape, contract: readonly number[], batch: readonly number[]): number {
  return sizeOf(shape.filter((_, i) => !contract.includes(i) && !batch.includes(i)));
}
