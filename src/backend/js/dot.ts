/**
 * The JavaScript dot kernel, for where WebAssembly is not used: float64 operands packed
 * into 4-row and 4-column panels (`kernel/pack.ts`), a 4×4 block of the result in sixteen
 * locals, k innermost — about five times the i-k-j loop here, with the same sums: each
 * element still adds its products in increasing k from +0.
 */
import type { DType } from "../../core/dtype";
import type { DotKernel } from "../../kernel/ir";
import { packPanels } from "../../kernel/pack";

/**
 * The float64 kernel, given the packing function. Self-contained (it names nothing but its
 * parameter and globals), so an ahead-of-time module carries it by its source
 * (`jit/module.ts`); each call of this makes a kernel with its own packing space.
 */
export function makeJsDotF64(pack: typeof packPanels): DotKernel {
  const R = 4;
  // Packing space reused across calls; a very large one is let go after its call.
  const KEEP = 2 ** 20;
  let scratch = new Float64Array(0);
  return (a, aStart, aB, aM, aK, b, bStart, bB, bK, bN, out, nb, m, k, n) => {
    const mp = Math.ceil(m / R) * R;
    const np = Math.ceil(n / R) * R;
    if (scratch.length < (mp + np) * k) scratch = new Float64Array((mp + np) * k);
    const pk = scratch;
    const bOff = mp * k;
    for (let bi = 0; bi < nb; bi++) {
      pack(a, aStart + bi * aB, aM, aK, m, k, R, pk, 0);
      pack(b, bStart + bi * bB, bN, bK, n, k, R, pk, bOff);
      const base = bi * m * n;
      for (let i = 0; i < m; i += R) {
        for (let j = 0; j < n; j += R) {
          let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
          let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
          let p = i * k;
          let q = bOff + j * k;
          for (let kk = 0; kk < k; kk++, p += R, q += R) {
            const a0 = pk[p], a1 = pk[p + 1], a2 = pk[p + 2], a3 = pk[p + 3];
            const b0 = pk[q], b1 = pk[q + 1], b2 = pk[q + 2], b3 = pk[q + 3];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
          }
          const o = base + i * n + j;
          if (i + R <= m && j + R <= n) {
            out[o] = c00; out[o + 1] = c01; out[o + 2] = c02; out[o + 3] = c03;
            out[o + n] = c10; out[o + n + 1] = c11; out[o + n + 2] = c12; out[o + n + 3] = c13;
            out[o + 2 * n] = c20; out[o + 2 * n + 1] = c21; out[o + 2 * n + 2] = c22; out[o + 2 * n + 3] = c23;
            out[o + 3 * n] = c30; out[o + 3 * n + 1] = c31; out[o + 3 * n + 2] = c32; out[o + 3 * n + 3] = c33;
            continue;
          }
          // An edge block: only the rows and columns that exist.
          const block = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
          for (let r = 0; r < Math.min(R, m - i); r++) for (let c = 0; c < Math.min(R, n - j); c++) out[o + r * n + c] = block[r * R + c];
        }
      }
    }
    if (scratch.length > KEEP) scratch = new Float64Array(0);
  };
}

const dotF64 = makeJsDotF64(packPanels);

/** The packed JavaScript kernel for a dtype (float64), or null: other dtypes keep the loop nest. */
export function jsDotKernel(dtype: DType): DotKernel | null {
  return dtype === "float64" ? dotF64 : null;
}
