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
 *
 * Whole panels of width 4 (every float kernel's) are unrolled: a step of k is four loads
 * and stores with no test, 2.2–2.5× the generic loop here (B of a 512² float64 product:
 * 0.41 against 0.95 ms) — time a split product spends before its workers start.
 * Self-contained, so an ahead-of-time module carries it by its source.
 */
export function packPanels(x: TypedArray, start: number, rowStride: number, colStride: number, rows: number, k: number, width: number, dst: TypedArray, p: number): number {
  const whole = width === 4 ? rows - (rows % 4) : 0;
  const s1 = rowStride;
  const s2 = 2 * rowStride;
  const s3 = 3 * rowStride;
  // In blocks of 64 steps of k across all panels: for B (k its rows) a block reads 64 rows
  // once, in cache, rather than every panel walking all k rows from memory (512² B arriving
  // from L3: 0.47 → 0.37 ms).
  const block = 64;
  for (let k0 = 0; k0 < k; k0 += block) {
    const k1 = Math.min(k, k0 + block);
    for (let ip = 0; ip < whole; ip += 4) {
      let q = p + ip * k + 4 * k0;
      for (let kk = k0, c = start + ip * rowStride + k0 * colStride; kk < k1; kk++, c += colStride, q += 4) {
        dst[q] = x[c];
        dst[q + 1] = x[c + s1];
        dst[q + 2] = x[c + s2];
        dst[q + 3] = x[c + s3];
      }
    }
  }
  p += whole * k;
  for (let ip = whole; ip < rows; ip += width) {
    for (let kk = 0; kk < k; kk++) {
      const col = start + kk * colStride;
      for (let r = 0; r < width; r++) dst[p++] = ip + r < rows ? x[col + (ip + r) * rowStride] : 0;
    }
  }
  return p;
}
