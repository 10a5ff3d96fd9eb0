import { describe, expect, it } from "vitest";
import { PytreeError, type Tensor, np, tree } from "../src";

class Point {
  constructor(
    readonly x: unknown,
    readonly y: unknown,
  ) {}
}
tree.register(Point, {
  flatten: (p) => [[p.x, p.y], "pt"],
  unflatten: (_aux, [x, y]) => new Point(x, y),
});

describe("pytrees", () => {
  it("flattens arrays, objects (sorted keys), null/undefined and leaves", () => {
    const [leaves, def] = tree.flatten([1, { b: 2, a: 3 }, null, undefined, "s"]);
    expect(leaves).toEqual([1, 3, 2, "s"]);
    expect(def.numLeaves).toBe(4);
    expect(def.toString()).toBe("PyTreeDef([*, {a: *, b: *}, null, undefined, *])");
    expect(tree.unflatten(def, [10, 30, 20, "t"])).toEqual([10, { a: 30, b: 20 }, null, undefined, "t"]);
  });

  it("treats Tensors and typed arrays as leaves", () => {
    const t = np.ones([2]);
    const f = new Float64Array(2);
    const leaves = tree.leaves({ t, f });
    expect(leaves.length).toBe(2);
    expect(leaves[0]).toBe(f);
    expect(leaves[1]).toBe(t);
  });

  it("registered classes are nodes", () => {
    const [leaves, def] = tree.flatten({ p: new Point(1, [2, 3]) });
    expect(leaves).toEqual([1, 2, 3]);
    const back = tree.unflatten(def, [4, 5, 6]) as { p: Point };
    expect(back.p).toBeInstanceOf(Point);
    expect(back.p.y).toEqual([5, 6]);
  });

  it("map over several trees, and structure mismatch errors name both", () => {
    const r = tree.map((a: number, b: number) => a + b, { w: 1, b: [2] }, { w: 10, b: [20] });
    expect(r).toEqual({ w: 11, b: [22] });
    expect(() => tree.map((a: number, b: number) => a + b, [1, 2], [1])).toThrow(PytreeError);
    expect(() => tree.map((a: number, b: number) => a + b, [1, 2], [1])).toThrow(/tree 1 has structure \[\*\], which differs from the first tree's \[\*, \*\]/);
    const sums = tree.map((a: Tensor) => a.sum(), { x: np.ones([3]) }) as { x: Tensor };
    expect(sums.x.item()).toBe(3);
  });

  it("cycles are errors, not hangs", () => {
    const a: unknown[] = [1];
    a.push(a);
    expect(() => tree.flatten(a)).toThrow(PytreeError);
    expect(() => tree.flatten(a)).toThrow(/the value at \[1\] contains itself \(a cycle\)/);
    const o: Record<string, unknown> = { x: 1 };
    o.self = { again: o };
    expect(() => tree.flatten(o)).toThrow(/\.self\.again/);
  });

  it("structure equality and hostile keys", () => {
    expect(tree.structure({ a: 1, b: 2 }).equals(tree.structure({ b: 5, a: 6 }))).toBe(true);
    expect(tree.structure([1, 2]).equals(tree.structure([1]))).toBe(false);
    const weird = { "a\"b": 1, "${x}": 2, __proto__x: 3 };
    const [leaves, def] = tree.flatten(weird);
    expect(tree.unflatten(def, leaves)).toEqual(weird);
  });

  it("unflatten checks the leaf count", () => {
    expect(() => tree.unflatten(tree.structure([1, 2]), [1])).toThrow(/has 2 leaves, got 1/);
  });
});
