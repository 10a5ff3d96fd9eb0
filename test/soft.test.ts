import { describe, expect, it } from "vitest";
import { PytreeError, type Tensor, grad, jit, lax, np, soft } from "../src";
import { expectClose, flat } from "./helpers/assert";

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

describe("soft", () => {
  it("greater/less/between are sigmoids of the margin over the temperature", () => {
    expectClose(soft.greater(2, 1.5, { temperature: 0.25 }).value, sigmoid(2), 1e-15);
    expectClose(soft.less(2, 1.5).value, sigmoid(-0.5), 1e-15);
    expectClose(soft.between(3, 2.5, 3.5, { temperature: 0.1 }).value, sigmoid(5) * sigmoid(5), 1e-15);
    expectClose(soft.or(new soft.Weight(np.array(0.5)), new soft.Weight(np.array(0.5))).value, 0.75, 0);
    expectClose(soft.not(new soft.Weight(np.array(0.25))).value, 0.75, 0);
    expectClose(soft.and(new soft.Weight(np.array(0.5)), new soft.Weight(np.array(0.25))).value, 0.125, 0);
    expect(() => soft.greater(1, 0, { temperature: 0 })).toThrow(/positive/);
  });

  it("where blends by a weight, or by sigmoid(logit / temperature) for a raw logit", () => {
    expectClose(soft.where(0, 10, 20), 15, 0);
    expectClose(soft.where(np.array(1), 1, 0, { temperature: 0.5 }), sigmoid(2), 1e-15);
    expectClose(soft.where(new soft.Weight(np.array(0.25)), 4, 0), 1, 0);
    expect(() => soft.where(soft.greater(1, 0), 1, 0, { temperature: 2 })).toThrow(/temperature belongs/);
  });

  it("becomes the hard condition as the temperature goes to 0", () => {
    const hard = (x: number) => (x > 0.3 ? x * 2 : -x);
    for (const x of [-1, 0.2, 0.4, 2]) {
      const s = soft.cond(soft.greater(x, 0.3, { temperature: 1e-4 }), (v: Tensor) => v.mul(2), (v: Tensor) => v.neg(), np.array(x));
      expectClose(s, hard(x), 1e-12, 1e-12);
    }
  });

  it("cond's gradient sees the other branch, lax.cond's does not", () => {
    // loss is low only across the boundary at x = 1
    const far = (v: Tensor) => np.square(v);
    const near = (v: Tensor) => np.subtract(np.square(v), 10);
    const hardLoss = (x: Tensor) => lax.cond(np.greater(x, 1), near, far, x);
    const softLoss = (x: Tensor) => soft.cond(soft.greater(x, 1, { temperature: 0.2 }), near, far, x);
    const x0 = np.array(0.5);
    expect(Number(grad(hardLoss)(x0))).toBe(1); // 2x: pulls towards 0, away from the bonus
    expect(Number(grad(softLoss)(x0))).toBeLessThan(0); // the bonus across x = 1 pulls it over
  });

  it("cond blends pytrees leaf by leaf and jits", () => {
    const f = (x: Tensor) => soft.cond(x, (v: Tensor) => ({ a: v, b: [v.mul(2)] }), (v: Tensor) => ({ a: v.neg(), b: [np.zerosLike(v)] }), x);
    const out = jit(f)(np.array(0.0));
    expect(flat(out.a)).toEqual([0]);
    expect(flat(out.b[0])).toEqual([0]);
    const w = sigmoid(0.7);
    expectClose(f(np.array(0.7)).a, w * 0.7 - (1 - w) * 0.7, 1e-15);
    expect(() => soft.cond(0, () => ({ a: 1 }), (() => [1]) as never)).toThrow(PytreeError);
    expect(() => soft.cond(0, () => "a" as never, () => "b" as never)).toThrow(/every leaf must be a number or a Tensor; got "a"/);
  });
});
