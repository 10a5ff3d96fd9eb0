/**
 * Panel packing (`kernel/pack.ts`) against its definition written out element by element:
 * whole and ragged panels, widths 4 and 8, positive, negative and zero strides, every typed
 * array the kernels pack from, and the index it returns.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packPanels } from "../src/kernel/pack";

function definition(x: ArrayLike<number>, start: number, rowStride: number, colStride: number, rows: number, k: number, width: number, size: number): number[] {
  const out: number[] = [];
  for (let ip = 0; ip < Math.ceil(rows / width); ip++) {
    for (let kk = 0; kk < k; kk++) {
      for (let r = 0; r < width; r++) {
        const row = ip * width + r;
        out.push(row < rows ? x[start + row * rowStride + kk * colStride] : 0);
      }
    }
  }
  return out.concat(Array.from({ length: size - out.length }, () => -1));
}

describe("packPanels", () => {
  it("equals its definition for any strides, sizes and widths", () => {
    fc.assert(
      fc.property(
        fc.record({
          rows: fc.integer({ min: 1, max: 13 }),
          // Past 64: packing goes in blocks of 64 steps of k.
          k: fc.oneof(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 60, max: 140 })),
          width: fc.constantFrom(4, 8),
          rowSign: fc.constantFrom(1, -1, 0),
          colSign: fc.constantFrom(1, -1, 0),
          transposed: fc.boolean(),
          offset: fc.integer({ min: 0, max: 5 }),
          kind: fc.constantFrom("f64", "f32", "i32"),
        }),
        ({ rows, k, width, rowSign, colSign, transposed, offset, kind }) => {
          const [rowStride, colStride] = transposed ? [rowSign, colSign * rows] : [rowSign * k, colSign];
          const span = (rows - 1) * Math.abs(rowStride) + (k - 1) * Math.abs(colStride) + 1;
          const start = (rowStride < 0 ? (rows - 1) * -rowStride : 0) + (colStride < 0 ? (k - 1) * -colStride : 0);
          const values = Array.from({ length: span }, (_, i) => i * 3 - 7);
          const x = kind === "f64" ? Float64Array.from(values) : kind === "f32" ? Float32Array.from(values) : Int32Array.from(values);
          const size = offset + Math.ceil(rows / width) * width * k + 3;
          const dst = new Float64Array(size).fill(-1);
          const next = packPanels(x, start, rowStride, colStride, rows, k, width, dst, offset);
          expect(next).toBe(offset + Math.ceil(rows / width) * width * k);
          expect(Array.from(dst)).toEqual([...Array.from({ length: offset }, () => -1), ...definition(x, start, rowStride, colStride, rows, k, width, size - offset)]);
        },
      ),
      { numRuns: 400 },
    );
  });
});
