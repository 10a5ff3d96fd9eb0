import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ArgumentError, type IndexSpec, np } from "../src";

type Nested = number | Nested[];

/** Python's slice semantics on nested JS arrays: the independent reference. */
function pyRange(n: number, start: number | null, stop: number | null, step: number | null): number[] {
  const s = step ?? 1;
  const norm = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + n : v, lo), hi);
  const out: number[] = [];
  if (s > 0) {
    const a = start === null ? 0 : norm(start, 0, n);
    const b = stop === null ? n : norm(stop, 0, n);
    for (let i = a; i < b; i += s) out.push(i);
  } else {
    const a = start === null ? n - 1 : norm(start, -1, n - 1);
    const b = stop === null ? -1 : norm(stop, -1, n - 1);
    for (let i = a; i > b; i += s) out.push(i);
  }
  return out;
}

function refIndex(x: Nested, specs: IndexSpec[]): Nested {
  if (specs.length === 0) return x;
  const [s, ...rest] = specs;
  if (s === null) return [refIndex(x, rest)];
  const arr = x as Nested[];
  if (typeof s === "number") return refIndex(arr[s < 0 ? s + arr.length : s], rest);
  if (!Array.isArray(s)) throw new Error("refIndex: only static specs");
  const [a = null, b = null, c = null] = s as readonly (number | null)[];
  return pyRange(arr.length, a, b, c).map((i) => refIndex(arr[i], rest));
}

const specArb = (n: number): fc.Arbitrary<IndexSpec> =>
  fc.oneof(
    n > 0 ? fc.integer({ min: -n, max: n - 1 }) : fc.constant<IndexSpec>([]),
    fc.constant<IndexSpec>([]),
    fc.tuple(
      fc.option(fc.integer({ min: -n - 2, max: n + 2 })),
      fc.option(fc.integer({ min: -n - 2, max: n + 2 })),
      fc.option(fc.integer({ min: -3, max: 3 }).filter((v) => v !== 0)),
    ),
  );

describe("Tensor.slice (NumPy indexing)", () => {
  it("matches Python's slicing on random shapes and specs", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }).chain((shape) =>
          fc.tuple(
            fc.constant(shape),
            fc.integer({ min: 0, max: shape.length }),
            fc.tuple(...shape.map((n) => specArb(n))),
            fc.array(fc.integer({ min: 0, max: shape.length }), { maxLength: 2 }),
          ),
        ),
        ([shape, used, perAxis, newAxes]) => {
          // Index the first `used` axes, then insert new axes (null) at random positions.
          const specs: IndexSpec[] = perAxis.slice(0, used);
          for (const p of newAxes) specs.splice(Math.min(p, specs.length), 0, null);
          const size = shape.reduce((p, d) => p * d, 1);
          const x = np.arange(size).reshape(shape);
          const expected = refIndex(x.tolist() as Nested, specs);
          expect(x.slice(...specs).tolist()).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("documented examples", () => {
    const m = np.arange(12).reshape([3, 4]);
    expect(m.slice(1).tolist()).toEqual([4, 5, 6, 7]);
    expect(m.slice([], 2).tolist()).toEqual([2, 6, 10]);
    expect(m.slice([0, 2], [null, null, 2]).tolist()).toEqual([
      [0, 2],
      [4, 6],
    ]);
    expect(m.slice(null).shape).toEqual([1, 3, 4]);
    expect(m.slice(-1).tolist()).toEqual([8, 9, 10, 11]);
    expect(m.slice([null, null, -1], 0).tolist()).toEqual([8, 4, 0]);
  });

  it("iterates along the first axis", () => {
    const [a, b] = np.array([
      [1, 2],
      [3, 4],
    ]);
    expect(a.tolist()).toEqual([1, 2]);
    expect(b.tolist()).toEqual([3, 4]);
    expect(() => [...np.array(1)]).toThrow(/0-d tensor/);
  });

  it("rejects out-of-range and malformed indices clearly", () => {
    const m = np.zeros([2, 3]);
    expect(() => m.slice(2)).toThrow(ArgumentError);
    expect(() => m.slice(2)).toThrow(/index 2 is out of bounds for axis 0 with size 2/);
    expect(() => m.slice(0, 0, 0)).toThrow(/3 axes indexed for an array of shape \[2, 3\]/);
    expect(() => m.slice([0, 1, 0])).toThrow(/non-zero integer step/);
    expect(() => m.slice(0.5)).toThrow(/index 0.5 for axis 0 is not an integer/);
  });
});
