/** Products (dot, matmul, outer, inner, tensordot) against naive loops and NumPy's rules. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ShapeError, np } from "../src";
import { expectClose, flat } from "./helpers/assert";

function naiveMatmul(a: number[], b: number[], m: number, k: number, n: number): number[] {
  const out = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let t = 0; t < k; t++) out[i * n + j] += a[i * k + t] * b[t * n + j];
  return out;
}

describe("dot / matmul / outer / inner / tensordot", () => {
  it("dot follows NumPy's cases", () => {
    expectClose(np.dot([1, 2], [3, 4]), 11);
    expectClose(np.dot(2, [1, 2]), [2, 4]);
    expectClose(
      np.dot(
        [
          [1, 2],
          [3, 4],
        ],
        [5, 6],
      ),
      [17, 39],
    );
    const a = np.arange(24).astype("float64").reshape([2, 3, 4]);
    const b = np.arange(20).astype("float64").reshape([5, 4, 1]);
    expect(np.dot(a, b).shape).toEqual([2, 3, 5, 1]);
  });

  it("matmul matches a naive triple loop (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 5 }), (m, k, n) => {
        const a = Array.from({ length: m * k }, (_, i) => Math.sin(i + 1));
        const b = Array.from({ length: k * n }, (_, i) => Math.cos(i + 2));
        const r = np.matmul(np.reshape(np.array(a), [m, k]), np.reshape(np.array(b), [k, n]));
        expect(r.shape).toEqual([m, n]);
        expectClose(r, np.reshape(np.array(naiveMatmul(a, b, m, k, n)), [m, n]), 1e-14, 1e-14);
      }),
      { numRuns: 60 },
    );
  });

  it("matmul broadcasts batch axes and handles vectors", () => {
    expect(np.matmul(np.ones([5, 2, 3]), np.ones([3, 4])).shape).toEqual([5, 2, 4]);
    expect(np.matmul(np.ones([3]), np.ones([2, 3, 4])).shape).toEqual([2, 4]);
    expect(np.matmul(np.ones([2, 3]), np.ones([3])).shape).toEqual([2]);
    expectClose(np.matmul([1, 2], [3, 4]), 11);
    expect(() => np.matmul(np.ones([2, 3]), np.ones([2, 3]))).toThrow(ShapeError);
    expect(() => np.matmul(np.ones([2, 3]), np.ones([2, 3]))).toThrow(/not aligned: axis 1 of the first \(size 3\)/);
  });

  it("int32 products are exact and wrap", () => {
    const a = np.array([[65536, 1]], "int32");
    const b = np.array([[65536], [5]], "int32");
    expect(flat(np.matmul(a, b))).toEqual([5]);
  });

  it("outer, inner, tensordot", () => {
    expectClose(np.outer([1, 2], [3, 4]), [
      [3, 4],
      [6, 8],
    ]);
    expectClose(np.inner([1, 2], [3, 4]), 11);
    const a = np.arange(6).astype("float64").reshape([2, 3]);
    expectClose(np.tensordot(a, a, [[0, 1], [0, 1]]), 55);
    expect(np.tensordot(np.ones([2, 3]), np.ones([3, 4]), 1).shape).toEqual([2, 4]);
  });
});
