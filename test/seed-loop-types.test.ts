/**
 * The seed's descent loop must type-check without casts (tsc checks this file) and run.
 * The assertions on `typeof` make the runtime agree with the static types.
 */
import { describe, expect, it } from "vitest";
import { type Tensor, grad, jit, np, valueAndGrad, vmap } from "../src";
import { calcTime } from "../examples/terrain/terrain";

describe("numbers in, numbers out — typed", () => {
  it("the post's loop, written as in the post", () => {
    const dTime = grad(calcTime);
    let [x1, x2] = [2, 17];
    const step = 1.5;
    for (let i = 0; i < 20; i++) {
      const [dx1, dx2] = dTime([x1, x2]);
      x1 -= step * dx1;
      x2 -= step * dx2;
    }
    expect(typeof x1).toBe("number");
    expect(x1).toBeCloseTo(10.921592561054666, 12);
  });

  it("the same loop over jit(grad(calcTime)), exactly as DESIGN.md shows it", () => {
    const dTime = jit(grad(calcTime));
    let [x1, x2] = [2, 17];
    for (let i = 0; i < 20; i++) {
      const [dx1, dx2] = dTime([x1, x2]);
      x1 -= 1.5 * dx1;
      x2 -= 1.5 * dx2;
    }
    expect(x2).toBeCloseTo(3.490700872208439, 12);
    const t: number = jit(calcTime)([x1, x2]);
    const gj: Tensor = grad(jit((x: Tensor) => np.sum(x.mul(x))))(np.ones([2]));
    expect(t).toBeCloseTo(81.91638300562427, 12);
    expect(gj.tolist()).toEqual([2, 2]);
  });

  it("scalar functions of numbers return numbers; Tensors stay Tensors", () => {
    const f = (x: Tensor, y: Tensor) => x.mul(y);
    const gx: number = grad(f)(2, 3);
    const [v, g]: [number, number] = valueAndGrad(f)(2, 3);
    const gt: Tensor = grad((x: Tensor) => x.sum())(np.ones([2]));
    const batched: Tensor = vmap(grad(calcTime))(np.array([[2, 17]]));
    expect([gx, v, g]).toEqual([3, 6, 3]);
    expect(gt.shape).toEqual([2]);
    expect(batched.shape).toEqual([1, 2]);
  });
});
