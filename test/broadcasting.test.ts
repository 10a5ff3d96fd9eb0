import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ShapeError, np } from "../src";
import { flat } from "./helpers/assert";

/** NumPy's broadcasting, written out independently as a reference. */
function refBroadcast(a: number[], b: number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(x === 1 ? y : x);
  }
  return out;
}

function valueAt(data: number[], shape: number[], outIndex: number[]): number {
  const offset = outIndex.length - shape.length;
  let k = 0;
  for (let d = 0; d < shape.length; d++) k = k * shape[d] + (shape[d] === 1 ? 0 : outIndex[offset + d]);
  return data[k];
}

const shapeArb = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 });
/** Pairs of shapes derived from one shape by setting axes to 1 or dropping leading ones, plus random pairs. */
const pairArb = fc.oneof(
  fc.tuple(shapeArb, shapeArb),
  shapeArb.chain((s) =>
    fc.tuple(
      fc.constant(s),
      fc.tuple(fc.integer({ min: 0, max: s.length }), fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length })).map(([drop, ones]) =>
        s.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)),
      ),
    ),
  ),
);

describe("broadcasting (property)", () => {
  it("np.add broadcasts exactly like NumPy, or names both shapes", () => {
    fc.assert(
      fc.property(pairArb, fc.boolean(), ([sa, sb], swap) => {
        const [s1, s2] = swap ? [sb, sa] : [sa, sb];
        const size = (s: number[]) => s.reduce((p, d) => p * d, 1);
        const a = Array.from({ length: size(s1) }, (_, i) => i + 1);
        const b = Array.from({ length: size(s2) }, (_, i) => (i + 1) * 100);
        const expected = refBroadcast(s1, s2);
        const x = np.reshape(np.array(a), s1);
        const y = np.reshape(np.array(b), s2);
        if (expected === null) {
          expect(() => np.add(x, y)).toThrow(ShapeError);
          return;
        }
        const r = np.add(x, y);
        expect(r.shape).toEqual(expected);
        const got = flat(r);
        const idx = expected.map(() => 0);
        for (let k = 0; k < got.length; k++) {
          expect(got[k]).toBe(valueAt(a, s1, idx) + valueAt(b, s2, idx));
          for (let d = expected.length - 1; d >= 0; d--) {
            if (++idx[d] < expected[d]) break;
            idx[d] = 0;
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("broadcastTo and broadcastArrays agree with the same rule", () => {
    expect(np.broadcastTo([1, 2], [3, 2]).tolist()).toEqual([
      [1, 2],
      [1, 2],
      [1, 2],
    ]);
    const [p, q] = np.broadcastArrays(np.ones([3, 1]), np.zeros([4]));
    expect(p.shape).toEqual([3, 4]);
    expect(q.shape).toEqual([3, 4]);
    expect(() => np.broadcastTo(np.ones([3]), [4])).toThrow(/cannot broadcast shape \[3\] to \[4\]/);
  });
});
