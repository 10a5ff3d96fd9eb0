/**
 * scipy.optimize.minimize (BFGS, L-BFGS) and its line search: the terrain problem's optimum
 * to 1e-10 (`reference/numpy/optimize.json`, from `reference/scripts/optimize.py`) in fewer
 * steps than gradient descent's 20, Rosenbrock, jit = eager bit for bit, vmap over starts,
 * the line search's Wolfe conditions, and errors.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ArgumentError, ShapeError, type Tensor, grad, jit, np, scipy, vmap } from "../src";
import { calcTime } from "../examples/terrain/terrain";
import { expectIdentical, flat } from "./helpers/assert";

const ref = JSON.parse(readFileSync(new URL("../reference/numpy/optimize.json", import.meta.url), "utf8")) as { terrain_optimum: number[]; scipy_bfgs_nit: number; scipy_lbfgsb_nit: number };
const terrain = (x: Tensor) => calcTime([x.slice(0), x.slice(1)]);
const rosen = (x: Tensor) =>
  np.sum(np.add(np.multiply(100, np.square(np.subtract(x.slice([1, null]), np.square(x.slice([0, -1]))))), np.square(np.subtract(1, x.slice([0, -1])))));

describe("scipy.optimize.minimize", () => {
  for (const method of ["BFGS", "L-BFGS"] as const) {
    it(`${method} reaches the terrain optimum to 1e-10 in fewer steps than gradient descent's 20`, () => {
      const r = scipy.optimize.minimize(terrain, np.array([2, 17]), { method, options: { gtol: 1e-10, ftol: 0 } });
      expect(r.success.item()).toBe(true);
      expect(r.status.item()).toBe(0);
      flat(r.x).forEach((v, i) => expect(Math.abs(v - ref.terrain_optimum[i])).toBeLessThan(1e-10));
      expect(r.nit.item() as number).toBeLessThan(20);
      // SciPy needs 12 (BFGS) and 9 (L-BFGS-B) iterations from the same start.
      expect(r.nit.item() as number).toBeLessThanOrEqual((method === "BFGS" ? ref.scipy_bfgs_nit : ref.scipy_lbfgsb_nit) + 3);
      expect(Math.abs((r.fun.item() as number) - 81.91168784496784)).toBeLessThan(1e-12);
      expectIdentical(r.jac, grad(terrain)(r.x));
    });
    it(`${method}: Rosenbrock in 4-D to its minimum at 1; jit gives the eager bits; vmap over starts is the loop`, () => {
      const x0 = np.array([-1.2, 1, 0.5, -0.3]);
      const r = scipy.optimize.minimize(rosen, x0, { method, options: { gtol: 1e-10, ftol: 0 } });
      expect(r.success.item()).toBe(true);
      flat(r.x).forEach((v) => expect(Math.abs(v - 1)).toBeLessThan(1e-8));
      const jm = jit((x: Tensor) => scipy.optimize.minimize(rosen, x, { method, options: { gtol: 1e-10, ftol: 0 } }).x);
      expectIdentical(jm(x0), r.x);
      const starts = np.array([[-1.2, 1, 0.5, -0.3], [0, 0, 0, 0], [2, 2, 2, 2]]);
      const solve = (x: Tensor) => scipy.optimize.minimize(rosen, x, { method, options: { gtol: 1e-10, ftol: 0 } }).x;
      expectIdentical(vmap(solve)(starts), np.stack([0, 1, 2].map((i) => solve(starts.slice(i)))));
    });
  }
  it("BFGS's inverse-Hessian estimate approaches the true inverse at the optimum", () => {
    const q = (x: Tensor) => np.add(np.multiply(3, np.square(x.slice(0))), np.add(np.multiply(x.slice(0), x.slice(1)), np.square(x.slice(1))));
    const r = scipy.optimize.minimize(q, np.array([1, -2]), { method: "BFGS", options: { gtol: 1e-12 } });
    // H = [[6, 1], [1, 2]], H⁻¹ = [[2, −1], [−1, 6]] / 11.
    const want = [2 / 11, -1 / 11, -1 / 11, 6 / 11];
    flat(r.hessInv!).forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(1e-8));
    expect(r.nit.item() as number).toBeLessThanOrEqual(4);
  });
  it("the line search's step meets the strong Wolfe conditions", () => {
    const x = np.array([-1.2, 1]);
    const g = grad(rosen)(x);
    const p = np.negative(g);
    const ls = scipy.optimize.lineSearch(rosen, x, p);
    expect(ls.failed.item()).toBe(false);
    const a = ls.a_k.item() as number;
    const f0 = rosen(x).item() as number;
    const d0 = np.vdot(g, p).item() as number;
    const x1 = np.add(x, np.multiply(a, p));
    expect(rosen(x1).item() as number).toBeLessThanOrEqual(f0 + 1e-4 * a * d0);
    expect(Math.abs(np.vdot(grad(rosen)(x1), p).item() as number)).toBeLessThanOrEqual(0.9 * Math.abs(d0));
  });
  it("names the mistake", () => {
    expect(() => scipy.optimize.minimize(rosen, np.zeros([2, 2]), { method: "BFGS" })).toThrow(ShapeError);
    expect(() => scipy.optimize.minimize(rosen, np.zeros([2]), { method: "Newton-CG" as never })).toThrow(ArgumentError);
  });
});
