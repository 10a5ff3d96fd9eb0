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
import { stridedGather, transposeStrides } from "./layout";

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

function arrange(data: TypedArray, shape: Shape, perm: readonly number[], dtype: DType): TypedArray {
  if (perm.every((p, i) => p === i)) return data;
  return stridedGather(data, 0, perm.map((p) => shape[p]), transposeStrides(shape, perm), dtype);
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
  const A = arrange(a, aShape, lhsPerm, inDtype);
  const B = arrange(b, bShape, rhsPerm, inDtype);
  const nb = sizeOf(lb.map((i) => aShape[i]));
  const K = sizeOf(lc.map((i) => aShape[i]));
  const m = freeSize(aShape, lc, lb);
  const n = freeSize(bShape, rc, rb);
  const out = allocate(outDtype, nb * m * n);
  const isInt = inDtype === "int32";
  for (let bi = 0; bi < nb; bi++) {
    const aBase = bi * m * K;
    const bBase = bi * K * n;
    const oBase = bi * m * n;
    for (let i = 0; i < m; i++) {
      const orow = oBase + i * n;
      for (let k = 0; k < K; k++) {
        const av = A[aBase + i * K + k];
        const brow = bBase + k * n;
        if (isInt) for (let j = 0; j < n; j++) out[orow + j] = (out[orow + j] + Math.imul(av, B[brow + j])) | 0;
        else for (let j = 0; j < n; j++) out[orow + j] += av * B[brow + j];
      }
    }
  }
  return out;
}

function freeSize(shape: Shape, contract: readonly number[], batch: readonly number[]): number {
  return sizeOf(shape.filter((_, i) => !contract.includes(i) && !batch.includes(i)));
}
