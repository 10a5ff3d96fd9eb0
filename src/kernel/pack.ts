/**
 * Packing for register-blocked matrix products, shared by every dot kernel: A in panels of
 * `mr` rows and B in panels of `nr` columns, each panel k-major and padded with zeros to
 * whole panels, so a micro-kernel reads both contiguously whatever the operands' strides
 * (transposes and slices are absorbed here, not copied first).
 */
import type { TypedArray } from "../core/dtype";

/**
 * `dst[p + (ip·k + kk)·width + r] = X[ip·width + r, kk]` for the `rows`-by-`k` matrix X at
 * `start` with the given strides (0 past the last row); returns the next free index. A's
 * row panels are X = A; B's column panels are X = Bᵀ, i.e. B's strides swapped.
 */
export function packPanels(x: TypedArray, start: number, rowStride: number, colStride: number, rows: number, k: number, width: number, dst: TypedArray, p: number): number {
  for (let ip = 0; ip < rows; ip += width) {
    for (let kk = 0; kk < k; kk++) {
      const col = start + kk * colStride;
      for (let r = 0; r < width; r++) dst[p++] = ip + r < rows ? x[col + (ip + r) * rowStride] : 0;
    }
  }
  return p;
}
