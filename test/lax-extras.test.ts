/**
 * lax.map, lax.reduce with custom monoids, and lax.sort with several operands: values
 * against NumPy's (np.lexsort, reductions) and JAX's documented behaviour (known monoids
 * become reduction primitives; sort is stable with NaN last), plus their transforms.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, ShapeError, type Tensor, grad, jit, lax, makeJaxpr, np, vmap } from "../src";
import { expectIdentical } from "./helpers/assert";

describe("lax.map", () => {
  it("maps over the leading axis as one scan", () => {
    const xs = np.arange(12).astype("float64").reshape([3, 4]);
    expect(lax.map((x: Tensor) => np.sum(np.square(x)), xs).tolist()).toEqual([14, 126, 366]);
    expect(makeJaxpr((x: Tensor) => lax.map((r: Tensor) => r.mul(2), x))(xs).toString()).toContain("scan[");
    const out = lax.map((p: { a: Tensor; b: Tensor }) => ({ s: p.a.add(p.b) }), { a: np.ones([2, 2]), b: np.ones([2, 2]) });
    expect(out.s.tolist()).toEqual([
      [2, 2],
      [2, 2],
    ]);
    expect(grad((x: Tensor) => lax.map((r: Tensor) => np.sin(r), x).sum())(np.zeros([2, 3])).tolist()).toEqual([
      [1, 1, 1],
      [1, 1, 1],
    ]);
  });
});

describe("lax.reduce", () => {
  const x = np.array([
    [1, 5, 2],
    [4, 0, 6],
  ]);
  it("a known monoid becomes its reduction primitive", () => {
    expect(lax.reduce(x, 0, lax.add, [0]).tolist()).toEqual([5, 5, 8]);
    expect(makeJaxpr((a: Tensor) => lax.reduce(a, 0, lax.add, [0]))(x).toString()).toContain("reduce_sum[axes=(0,)]");
    expect(makeJaxpr((a: Tensor) => lax.reduce(a, -Infinity, np.maximum, [1]))(x).toString()).toContain("reduce_max[axes=(1,)]");
    // A non-identity initial value is not the monoid: the general path, applied once.
    expect(lax.reduce(x, 10, lax.add, [0]).tolist()).toEqual([15, 15, 18]);
  });

  it("any associative computation on pytrees: argmax as a value–index monoid", () => {
    const argmaxStep = ([v1, i1]: [Tensor, Tensor], [v2, i2]: [Tensor, Tensor]): [Tensor, Tensor] => {
      const pick = np.greater(v2, v1);
      return [np.where(pick, v2, v1), np.where(pick, i2, i1)];
    };
    const idx = lax.broadcastedIota("int32", [2, 3], 1);
    const [m, at] = lax.reduce([x, idx], [-Infinity, 0], argmaxStep, [1]);
    expect(m.tolist()).toEqual([5, 6]);
    expect(at.tolist()).toEqual([1, 2]);
    for (const n of [1, 2, 5, 8, 13]) {
      const v = np.sin(np.arange(n));
      const logAddExp = (a: Tensor, b: Tensor) => np.add(np.maximum(a, b), np.log1p(np.exp(np.negative(np.abs(np.subtract(a, b))))));
      expect(lax.reduce(v, -Infinity, logAddExp, [0]).item()).toBeCloseTo(Math.log(Array.from(v.toTypedArray()).reduce((s, y) => s + Math.exp(y), 0)), 12);
    }
  });

  it("differentiates, batches and compiles", () => {
    const f = (a: Tensor) => lax.reduce(a, 1, (p: Tensor, q: Tensor) => np.multiply(p, q).add(0), [0]);
    expect(grad((a: Tensor) => f(a).sum())(np.array([[2, 3], [4, 5]])).tolist()).toEqual([
      [4, 5],
      [2, 3],
    ]);
    expect(vmap(f)(np.ones([3, 2, 2])).shape).toEqual([3, 2]);
    expectIdentical(jit(f)(x) as Tensor, f(x));
  });

  it("rejects mismatched structures and bad axes", () => {
    expect(() => lax.reduce([x, x], 0, lax.add as never, [0])).toThrow(ShapeError);
    expect(() => lax.reduce(x, 0, lax.add, [2])).toThrow(/axis 2 is out of bounds/);
    expect(() => lax.reduce(x, np.zeros([2]), lax.add, [0])).toThrow(/must be 0-d/);
  });
});

describe("lax.sort", () => {
  it("sorts one array stably with NaN last", () => {
    expect(Array.from(lax.sort(np.array([3, NaN, 1, 2])).toTypedArray())).toEqual([1, 2, 3, NaN]);
  });

  it("sorts several by the first numKeys, lexicographically (np.lexsort's order)", () => {
    // np.lexsort((b, a)) sorts by a, then b: indices [0, 2, 1, 3] for these.
    const a = np.array([1, 2, 1, 2]);
    const b = np.array([9, 3, 7, 1]);
    const v = np.array([10, 20, 30, 40]);
    const [sa, sb, sv] = lax.sort([a, b, v], -1, { numKeys: 2 });
    expect(sa.tolist()).toEqual([1, 1, 2, 2]);
    expect(sb.tolist()).toEqual([7, 9, 1, 3]);
    expect(sv.tolist()).toEqual([30, 10, 40, 20]);
    const [, only] = lax.sort([a, v]);
    expect(only.tolist()).toEqual([10, 30, 20, 40]);
  });

  it("sorts along any dimension, differentiates through the values", () => {
    const m = np.array([
      [3, 1],
      [2, 4],
    ]);
    expect(lax.sort(m, 0).tolist()).toEqual([
      [2, 1],
      [3, 4],
    ]);
    expect(grad((t: Tensor) => np.multiply(lax.sort(t), np.array([1, 10, 100])).sum())(np.array([5, 7, 6])).tolist()).toEqual([1, 100, 10]);
  });

  it("rejects bad options", () => {
    expect(() => lax.sort([np.ones([2])], -1, { numKeys: 2 })).toThrow(ArgumentError);
    expect(() => lax.sort([np.ones([2]), np.ones([3])])).toThrow(ShapeError);
  });
});
