import { describe, expect, it } from "vitest";
import { ArgumentError, ShapeError, type Tensor, grad, np, vmap } from "../src";
import { expectClose } from "./helpers/assert";

describe("vmap options", () => {
  const xs = np.reshape(np.arange(6).astype("float64"), [2, 3]);

  it("inAxes per argument, negative axes and null", () => {
    const dot = (x: Tensor, w: Tensor) => np.dot(x, w);
    expectClose(vmap(dot, { inAxes: [0, null] })(xs, np.array([1, 1, 1])), [3, 12]);
    expectClose(vmap(dot, { inAxes: [-1, null] })(xs, np.array([1, 1])), [3, 5, 7]);
    expectClose(vmap((x: Tensor) => np.sum(x), { inAxes: 1 })(xs), [3, 5, 7]);
  });

  it("inAxes as a pytree prefix", () => {
    const f = (p: { w: Tensor; b: Tensor }, x: Tensor) => np.add(np.multiply(p.w, x), p.b);
    const r = vmap(f, { inAxes: [{ w: 0, b: null }, 0] })({ w: np.array([1, 2]), b: 10 }, np.array([3, 4]));
    expectClose(r, [13, 18]);
  });

  it("outAxes, including negative and null for unbatched outputs", () => {
    const f = (x: Tensor) => [x.mul(2), np.ones([2])];
    const [a, b] = vmap(f, { outAxes: [-1, null] })(xs) as Tensor[];
    expect(a.shape).toEqual([3, 2]);
    expect(b.shape).toEqual([2]);
    const [c, d] = vmap(f)(xs) as Tensor[];
    expect(c.shape).toEqual([2, 3]);
    expect(d.shape).toEqual([2, 2]);
    expect(() => vmap((x: Tensor) => x, { outAxes: null })(xs)).toThrow(/outAxes is null for output 0, but that output varies/);
  });

  it("axisSize when nothing is mapped", () => {
    expect((vmap(() => np.ones([2]), { axisSize: 3 })() as Tensor).shape).toEqual([3, 2]);
    expect(() => vmap((x: Tensor) => x, { inAxes: null })(1)).toThrow(/no argument is mapped/);
  });

  it("errors name the arguments and sizes", () => {
    expect(() => vmap((a: Tensor, b: Tensor) => a.add(b))(np.ones([2]), np.ones([3]))).toThrow(ShapeError);
    expect(() => vmap((a: Tensor, b: Tensor) => a.add(b))(np.ones([2]), np.ones([3]))).toThrow(
      /the argument at \[1\] has size 3 on axis 0, the argument at \[0\] has size 2/,
    );
    expect(() => vmap((a: Tensor) => a)(1)).toThrow(/a scalar has no axis to map over/);
    expect(() => vmap((a: Tensor) => a, { inAxes: [0, 0] })(np.ones([2]))).toThrow(ArgumentError);
    expect(() => vmap((a: Tensor) => a, { inAxes: [0, 0] })(np.ones([2]))).toThrow(/inAxes has 2 entries but the function was called with 1/);
  });

  it("batched control via np.where, and a JS `if` on a batched value is an error", () => {
    expectClose(vmap((x: Tensor) => np.where(np.greater(x, 1), x, 0))(np.array([0, 2])), [0, 2]);
    expect(() => vmap((x: Tensor) => (x > np.array(1) ? x : x))(np.array([0, 2]))).toThrow(/np\.where/);
  });

  it("vmap of a gradient with a batch of start points (the seed problem, vectorised)", () => {
    const t = (x: Tensor) => np.sum(np.square(x));
    expectClose(vmap(grad(t))(np.array([[1, 2], [3, 4]])), [[2, 4], [6, 8]]);
  });
});
