/** optim.lbfgs (optax's): the terrain optimum in fewer steps than gradient descent, pytrees, jit, and errors. */
import { describe, expect, it } from "vitest";
import { ArgumentError, type Tensor, grad, jit, np, optim, valueAndGrad } from "../src";
import { calcTime } from "../examples/terrain/terrain";
import { expectIdentical } from "./helpers/assert";

const OPTIMUM = [11.173074074867202, 3.3699144801078837]; // reference/numpy/optimize.json

type P = { readonly x: Tensor };
const f = (p: P) => calcTime([p.x.slice(0), p.x.slice(1)]);

function run(steps: number, jitted: boolean) {
  const opt = optim.lbfgs();
  const vg = optim.valueAndGradFromState(f);
  const step = (p: P, s: unknown) => {
    const [value, g] = vg(p, s);
    const [updates, next] = opt.update(g, s as unknown[], p, { value, grad: g, valueFn: f as (p: unknown) => Tensor });
    return [optim.applyUpdates(p, updates) as P, next, value] as const;
  };
  const go = jitted ? jit(step) : step;
  let params: P = { x: np.array([2, 17]) };
  let state: unknown = opt.init(params);
  const xs: number[][] = [];
  for (let i = 0; i < steps; i++) {
    const [p, s] = go(params, state);
    params = p;
    state = s;
    xs.push(params.x.tolist() as number[]);
  }
  return { params, state, xs };
}

describe("optim.lbfgs", () => {
  it("reaches the terrain optimum to 1e-10 within 10 steps (gradient descent's 20 end 0.28 away)", () => {
    const { xs } = run(10, true);
    const at = xs.findIndex((x) => Math.abs(x[0] - OPTIMUM[0]) < 1e-10 && Math.abs(x[1] - OPTIMUM[1]) < 1e-10);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(at + 1).toBeLessThan(20);
  });
  it("jit gives the eager bits; valueAndGradFromState reuses the line search's value and gradient", () => {
    const eager = run(4, false);
    const jitted = run(4, true);
    expectIdentical(jitted.params.x, eager.params.x);
    const [v, g] = optim.valueAndGradFromState(f)(eager.params, eager.state);
    const [v2, g2] = valueAndGrad(f)(eager.params) as [Tensor, P];
    expect(Math.abs((v.item() as number) - (v2.item() as number))).toBeLessThan(1e-12);
    expect(np.max(np.abs(np.subtract((g as P).x, g2.x))).item()).toBeLessThan(1e-12);
  });
  it("scaleByLbfgs without a line search, as a preconditioner with a fixed step", () => {
    const opt = optim.chain(optim.scaleByLbfgs({ memorySize: 5 }), optim.scale(-0.5));
    let params: P = { x: np.array([2, 17]) };
    let state = opt.init(params);
    const before = f(params).item() as number;
    for (let i = 0; i < 30; i++) {
      const [u, s] = opt.update(grad(f)(params), state, params);
      params = optim.applyUpdates(params, u) as P;
      state = s;
    }
    expect(f(params).item() as number).toBeLessThan(before - 20);
  });
  it("says what an update without the objective lacks", () => {
    const opt = optim.lbfgs();
    const p = { x: np.array([2, 17]) };
    const s = opt.init(p);
    expect(() => opt.update(grad(f)(p), s, p)).toThrow(ArgumentError);
    expect(() => opt.update(grad(f)(p), s, p)).toThrow(/extra args \{ value, grad, valueFn \}/);
    expect(() => optim.scaleByLbfgs({ memorySize: 0 })).toThrow(/memorySize/);
  });
});
