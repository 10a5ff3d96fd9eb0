import { describe, expect, it } from "vitest";
import { ArgumentError, ShapeError, np } from "../src";
import { expectClose, flat } from "./helpers/assert";

const m = () =>
  np.array([
    [1, 2, 3],
    [4, 5, 6],
  ]);

describe("reductions", () => {
  it("sum over all, one, several and negative axes, with keepdims", () => {
    expectClose(np.sum(m()), 21);
    expectClose(np.sum(m(), 0), [5, 7, 9]);
    expectClose(np.sum(m(), -1), [6, 15]);
    expectClose(np.sum(m(), [0, 1]), 21);
    expect(np.sum(m(), 1, { keepdims: true }).shape).toEqual([2, 1]);
    expect(np.sum(m(), null, { keepdims: true }).shape).toEqual([1, 1]);
    expectClose(m().sum(0), [5, 7, 9]);
  });

  it("sum of bools counts as int32; empty sums are 0", () => {
    const s = np.sum([true, false, true]);
    expect(s.dtype).toBe("int32");
    expect(s.item()).toBe(2);
    expectClose(np.sum(np.zeros([0, 3]), 0), [0, 0, 0]);
  });

  it("mean, prod, var, std", () => {
    expectClose(np.mean(m()), 3.5);
    expectClose(np.mean(m(), 1), [2, 5]);
    expectClose(np.prod(m(), 0), [4, 10, 18]);
    expectClose(np.var([1, 2, 3, 4]), 1.25);
    expectClose(np.var([1, 2, 3, 4], null, { ddof: 1 }), 5 / 3);
    expectClose(np.std([1, 2, 3, 4]), Math.sqrt(1.25));
    expect(np.mean(np.array([1, 2], "int32")).dtype).toBe("float64");
  });

  it("max and min propagate NaN and refuse empty axes", () => {
    expectClose(np.max(m(), 0), [4, 5, 6]);
    expectClose(np.min(m(), 1), [1, 4]);
    expect(flat(np.max([1, NaN, 3]))).toEqual([NaN]);
    expect(() => np.max(np.zeros([0]))).toThrow(ShapeError);
    expect(() => np.max(np.zeros([0]))).toThrow(/zero-size reduction/);
    expect(np.max(np.array([3, -7], "int32")).item()).toBe(3);
  });

  it("argmax/argmin: first occurrence, NaN wins, flattened without axis", () => {
    expect(np.argmax([1, 3, 3, 2]).item()).toBe(1);
    expect(np.argmin([2, 1, 1]).item()).toBe(1);
    expect(np.argmax([1, NaN, 5, NaN]).item()).toBe(1);
    expect(np.argmax(m()).item()).toBe(5);
    expect(np.argmax(m(), 0).tolist()).toEqual([1, 1, 1]);
    expect(np.argmin(m(), 1, { keepdims: true }).shape).toEqual([2, 1]);
    expect(np.argmax(m(), 1).dtype).toBe("int32");
  });

  it("all / any", () => {
    expect(np.all([true, false]).item()).toBe(false);
    expect(np.any([0, 0, 3]).item()).toBe(true);
    expect(np.all(m().greater(0), 0).tolist()).toEqual([true, true, true]);
  });

  it("cumsum along an axis or flattened", () => {
    expectClose(np.cumsum([1, 2, 3]), [1, 3, 6]);
    expectClose(np.cumsum(m(), 1), [
      [1, 3, 6],
      [4, 9, 15],
    ]);
    expectClose(np.cumsum(m()), [1, 3, 6, 10, 15, 21]);
    expect(np.cumsum([true, true]).dtype).toBe("int32");
  });

  it("a third argument that is not an options object is refused, not ignored (jax.numpy's is dtype)", () => {
    for (const f of [np.sum, np.mean, np.max, np.prod, np.all, np.argmax] as ((x: unknown, axis: unknown, opts: unknown) => unknown)[]) {
      expect(() => f(m(), 0, "float32")).toThrow(ArgumentError);
    }
    expect(() => np.sum(m(), 0, "float32" as never)).toThrow(/np.sum: expected an options object like \{ keepdims: true \}, got "float32"/);
    expect(() => np.var(m(), 0, null as never)).toThrow(/np.var: expected an options object like \{ ddof: 1, keepdims: true \}, got null/);
  });

  it("bad axes name the op and the rank", () => {
    expect(() => np.sum(m(), 2)).toThrow(ArgumentError);
    expect(() => np.sum(m(), 2)).toThrow(/np\.sum: axis 2 is out of bounds for an array of rank 2/);
    expect(() => np.sum(m(), [0, 0])).toThrow(/repeated/);
  });
});
