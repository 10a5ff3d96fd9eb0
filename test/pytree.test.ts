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
    expect(() => tree.map((a: number, b: number) => a + b, [1, 2], [1])).toThrow(/tree 1 \(structure \[\*\]\) does not; its structure must be the first tree's \[\*, \*\]/);
    const sums = tree.map((a: Tensor) => a.sum(), { x: np.ones([3]) });
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

describe("tree: reduce, all, transpose, key paths, prefix map (jax.tree's documented examples)", () => {
  it("reduce folds the leaves left to right", () => {
    expect(tree.reduce((a: number, b: number) => a + b, [1, [2, 3], [4, 5, 6]])).toBe(21);
    expect(tree.reduce((a: string, b: string) => a + b, { b: "y", a: "x" }, ">")).toBe(">xy");
    expect(() => tree.reduce((a: number, b: number) => a + b, [])).toThrow(PytreeError);
  });

  it("all: every leaf truthy", () => {
    expect(tree.all([true, { a: true, b: [true, true] }])).toBe(true);
    expect(tree.all([true, { a: 0 }])).toBe(false);
    expect(tree.all({ t: np.array([1, 2]), u: np.array([true]) })).toBe(true);
    expect(tree.all({ t: np.array([1, 0]) })).toBe(false);
  });

  it("transpose swaps the levels", () => {
    expect(tree.transpose(tree.structure([0, 0]), tree.structure([0, 0]), [[1, 2], [3, 4]])).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(tree.transpose(tree.structure([0, 0]), tree.structure({ a: 0, b: 0 }), [{ a: 1, b: 2 }, { a: 3, b: 4 }])).toEqual({ a: [1, 3], b: [2, 4] });
    expect(() => tree.transpose(tree.structure([0, 0]), tree.structure([0, 0]), [1, 2])).toThrow(/needs 4/);
  });

  it("key paths print as jax.tree_util.keystr prints them", () => {
    const leaves = tree.leavesWithPath([1, { a: 2, "b'c": [3] }]);
    expect(leaves.map(([p, v]) => [tree.keystr(p), v])).toEqual([
      ["[0]", 1],
      ["[1]['a']", 2],
      ['[1]["b\'c"][0]', 3],
    ]);
    expect(leaves[1][0][1]).toBeInstanceOf(tree.DictKey);
    expect((leaves[1][0][0] as InstanceType<typeof tree.SequenceKey>).idx).toBe(1);
    class Pair {
      constructor(
        readonly l: unknown,
        readonly r: unknown,
      ) {}
    }
    tree.register(Pair, { flatten: (p) => [[p.l, p.r], null], unflatten: (_a, [l, r]) => new Pair(l, r) });
    expect(tree.leavesWithPath(new Pair(1, [2])).map(([p]) => tree.keystr(p))).toEqual(["[<flat index 0>]", "[<flat index 1>][0]"]);
    expect(tree.mapWithPath((p, v: number) => `${tree.keystr(p)}=${v}`, { x: [1] })).toEqual({ x: ["['x'][0]=1"] });
  });

  it("map takes later trees that extend the first's structure (JAX's prefix rule)", () => {
    expect(tree.map((x: number, y: number[]) => [x, ...y], [5, 6], [[7, 9], [1, 2]])).toEqual([
      [5, 7, 9],
      [6, 1, 2],
    ]);
    expect(() => tree.map((x: number, y: number) => x + y, [1, 2], [1])).toThrow(/at the root the first tree has an array of 2/);
    expect(() => tree.map((x: number, y: number) => x + y, { a: 1 }, { b: 1 })).toThrow(PytreeError);
  });
});
