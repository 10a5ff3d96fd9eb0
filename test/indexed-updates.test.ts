/**
 * NumPy indexing and JAX's indexed updates against NumPy's own answers
 * (`reference/numpy/indexing.json`, made by `reference/scripts/indexing.py`): integers,
 * ranges, new axes, the ellipsis, 0-d index Tensors, integer arrays (contiguous and not)
 * and boolean masks; `x.at(...).set/add/multiply/min/max` against assignment and
 * np.add.at & co. (repeats accumulate; for set the last repeat wins). Each also compiled.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ArgumentError, ConcretizationError, ImmutableError, type IndexSpec, type Tensor, jit, np } from "../src";
import { expectIdentical } from "./helpers/assert";

interface Case {
  shape: number[];
  x: number[];
  index: Record<string, unknown>[];
  get_shape: number[];
  get: number[];
  values: number[];
  set: number[];
  add: number[];
  multiply: number[];
  min: number[];
  max: number[];
}

const { cases } = JSON.parse(readFileSync(new URL("../reference/numpy/indexing.json", import.meta.url), "utf8")) as { cases: Case[] };

function specOf(e: Record<string, unknown>): IndexSpec {
  if ("int" in e) return e.int as number;
  if ("scalar" in e) return np.array(e.scalar as number, "int32");
  if ("slice" in e) return e.slice as [number | null, number | null, number | null];
  if ("none" in e) return null;
  if ("ellipsis" in e) return "...";
  if ("mask" in e) return np.array(e.mask as boolean[]);
  return np.array(e.array as number[], "int32");
}

const flat = (t: Tensor) => Array.from(t.toTypedArray());

describe("indexing and indexed updates = NumPy", () => {
  it(`x[index] on ${cases.length} random indices`, () => {
    for (const c of cases) {
      const x = np.array(c.x).reshape(c.shape);
      const got = x.slice(...c.index.map(specOf));
      expect(got.shape, JSON.stringify(c.index)).toEqual(c.get_shape);
      expect(flat(got), JSON.stringify(c.index)).toEqual(c.get);
    }
  });

  for (const op of ["set", "add", "multiply", "min", "max"] as const) {
    it(`x.at(index).${op}(values)`, () => {
      for (const c of cases) {
        const x = np.array(c.x).reshape(c.shape);
        const v = np.array(c.values).reshape(c.get_shape);
        const got = x.at(...c.index.map(specOf))[op](v);
        expect(flat(got), `${op} at ${JSON.stringify(c.index)} of shape ${JSON.stringify(c.shape)}`).toEqual(c[op]);
      }
    });
  }

  it("compiled reads and updates give the interpreter's bits", () => {
    for (const c of cases.slice(0, 80)) {
      const x = np.array(c.x).reshape(c.shape);
      const v = np.array(c.values).reshape(c.get_shape);
      const specs = c.index.map(specOf);
      const f = (a: Tensor, b: Tensor) => [a.slice(...specs), a.at(...specs).add(b), a.at(...specs).set(b), a.at(...specs).max(b)];
      const want = f(x, v);
      const got = jit(f)(x, v) as Tensor[];
      want.forEach((w, i) => expectIdentical(got[i], w));
    }
  });
});

describe("indexing edge cases (JAX's semantics)", () => {
  const x = np.arange(5).astype("float64");

  it("a traced 0-d index is a dynamic slice, clamped as JAX clamps", () => {
    const f = jit((a: Tensor, i: Tensor) => a.slice(i));
    expect(f(x, np.array(2, "int32")).item()).toBe(2);
    expect(f(x, np.array(-1, "int32")).item()).toBe(4);
    expect(f(x, np.array(9, "int32")).item()).toBe(4);
    expect(f(x, np.array(-9, "int32")).item()).toBe(0);
    expect(jit((a: Tensor, i: Tensor) => a.slice(i, "..."))(np.arange(6).reshape([2, 3]), np.array(1, "int32")).tolist()).toEqual([3, 4, 5]);
  });

  it("out-of-bounds gathers clamp by default and fill on request", () => {
    const idx = np.array([0, 7, -9], "int32");
    expect(x.slice(idx).tolist()).toEqual([0, 4, 0]);
    expect(x.at(idx).get({ mode: "fill", fillValue: -1 }).tolist()).toEqual([0, -1, -1]);
    expect(flat(x.at(idx).get({ mode: "fill" }))).toEqual([0, NaN, NaN]);
    expect(np.arange(3).astype("int32").at(np.array([5], "int32")).get({ mode: "fill" }).tolist()).toEqual([-2147483648]);
  });

  it("out-of-bounds updates are dropped, or clipped in 'clip' mode", () => {
    const idx = np.array([1, 9], "int32");
    expect(x.at(idx).set(np.array([10, 20])).tolist()).toEqual([0, 10, 2, 3, 4]);
    expect(x.at(idx).set(np.array([10, 20]), { mode: "clip" }).tolist()).toEqual([0, 10, 2, 3, 20]);
    expect(x.at(7).add(1).tolist()).toEqual([0, 1, 2, 3, 4]);
    expect(x.at(np.array(7, "int32")).add(1).tolist()).toEqual([0, 1, 2, 3, 4]);
  });

  it("promotes like JAX: an int array updated with floats computes in float and converts back", () => {
    const i = np.array([1, 1, 1], "int32");
    expect(i.at(0).add(-0.5).tolist()).toEqual([0, 1, 1]);
    expect(i.at(0).set(2.7).dtype).toBe("int32");
    expect(np.zeros([2]).at(1).add(1).tolist()).toEqual([0, 1]);
    expect(np.array([2, 4]).at(1).divide(8).tolist()).toEqual([2, 0.5]);
    expect(np.array([2, 3]).at(np.array([1, 1], "int32")).power(2).tolist()).toEqual([2, 81]);
    expect(np.array([5, 5]).at(0).subtract(2).tolist()).toEqual([3, 5]);
  });

  it("indexed updates are pure", () => {
    const y = x.at(0).set(100);
    expect(x.tolist()).toEqual([0, 1, 2, 3, 4]);
    expect(y.tolist()).toEqual([100, 1, 2, 3, 4]);
  });

  it("a traced boolean mask is refused with the way out", () => {
    const f = jit((a: Tensor) => a.slice(np.greater(a, 2)));
    expect(() => f(x)).toThrow(ConcretizationError);
    expect(() => f(x)).toThrow(/boolean mask index must have concrete values.*np\.where/);
  });

  it("bad indices get typed errors naming the fix", () => {
    expect(() => x.slice(np.array([0.5]))).toThrow(ArgumentError);
    expect(() => x.slice(np.array([0.5]))).toThrow(/must hold integers or booleans, got float64.*astype\("int32"\)/);
    expect(() => x.slice(np.array([true, false]))).toThrow(/mask of shape \[2\] does not match the indexed axes \[5\]/);
    expect(() => x.slice("...", "...")).toThrow(/only one ellipsis/);
    expect(() => x.slice(np.array([0], "int32"), np.array([0], "int32"))).toThrow(/2 axes indexed for an array of shape \[5\]/);
    expect(() => np.zeros([2, 2]).slice(np.array([0, 1], "int32"), np.array([0, 1, 1], "int32"))).toThrow(/cannot be broadcast together/);
    expect(() => x.slice("1" as unknown as IndexSpec)).toThrow(/is not an integer, a \[start, stop, step\] range/);
    expect(() => x.at(0).set(np.ones([3]))).toThrow(/cannot broadcast shape \[3\] to \[\]/);
  });
});

describe("assigning into a Tensor", () => {
  it("x[i] = v is refused with an ImmutableError pointing to x.at(i).set, and changes nothing (also on tracers)", () => {
    const x = np.array([1, 2, 3]);
    const assign = (t: Tensor, i: number) => {
      (t as unknown as Record<number, number>)[i] = 10;
    };
    expect(() => assign(x, 0)).toThrow(ImmutableError);
    expect(() => assign(x, 0)).toThrow(/x = x\.at\(0\)\.set\(value\)/);
    expect(() => assign(x, -1)).toThrow(/x\.at\(-1\)\.set/);
    expect(x.tolist()).toEqual([1, 2, 3]);
    expect(Object.keys(x)).not.toContain("0");
    expect(() => jit((t: Tensor) => (assign(t, 2), t))(x)).toThrow(ImmutableError);
  });
});
