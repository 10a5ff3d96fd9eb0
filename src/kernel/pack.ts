/**
 * Packing for register-blocked matrix products, shared by every dot kernel: A in panels of
 * `mr` rows and B in panels of `nr` columns, each panel k-major and padded with zeros to
 * whole panels, so a micro-kernel reads both contiguously whatever the operands' strides
 * (transposes and slices are absorbed here, not copied first).
 */
import type { TypedArray } from "../core/dtype";

/** `dst[p + (ip·k + kk)·mr + r] = A[ip·mr + r, kk]` (0 past row m); returns the next free index. */
export function packRows(a: TypedArray, start: number, rowStride: number, colStride: number, m: number, k: number, mr: number, dst: TypedArray, p: number): number {
  for (let ip = 0; ip < m; ip += mr) {
    for (let kk = 0; kk < k; kk++) {
      const col = start + kk * colStride;
      for (let r = 0; r < mr; r++) dst[p++] = ip + r < m ? a[col + (ip + r) * rowStride] : 0;
    }
  }
  return p;
}

/** `dst[p + (jp·k + kk)·nr + c] = B[kk, jp·nr + c]` (0 past column n); returns the next free index. */
export function packCols(b: TypedArray, start: number, rowStride: number, colStride: number, k: number, n: number, nr: number, dst: TypedArray, p: number): number {
  for (let jp = 0; jp < n; jp += nr) {
    for (let kk = 0; kk < k; kk++) {
      const row = start + kk * rowStride;
      for (let c = 0; c < nr; c++) dst[p++] = jp + c < n ? b[row + (jp + c) * colStride] : 0;
    }
  }
  return p;
}
