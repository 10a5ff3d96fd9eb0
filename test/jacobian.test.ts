import { describe, expect, it } from "vitest";
import { type Tensor, hessian, jacfwd, jacrev, np } from "../src";
import { expectClose } from "./helpers/assert";

describe("jacobians", () => {
  it("for vector → vector functions both modes agree with the analytic Jacobian", () => {
    const f = (x: Tensor) => np.stack([x.slice(0).mul(x.slice(1)), np.sin(x.slice(0))]);
    const x = np.array([0.5, 2]);
    const want = [
      [2, 0.5],
      [Math.cos(0.5), 0],
    ];
    expectClose(jacfwd(f)(x), want, 1e-15);
    expectClose(jacrev(f)(x), want, 1e-15);
  });

  it("shapes are out.shape + in.shape for matrices", () => {
    const f = (w: Tensor) => np.matmul(w, np.ones([3, 4]));
    const w = np.ones([2, 3]);
    expect(jacfwd(f)(w).shape).toEqual([2, 4, 2, 3]);
    expectClose(jacrev(f)(w), jacfwd(f)(w), 0, 0);
  });

  it("pytrees in and out, several argnums, numbers out for scalars", () => {
    const f = (p: { a: Tensor; b: Tensor }, c: Tensor) => ({ y: p.a.mul(p.b).mul(c), z: p.a });
    const jf = jacfwd(f, { argnums: [0, 1] })({ a: 2, b: 3 }, 4);
    const jr = jacrev(f, { argnums: [0, 1] })({ a: 2, b: 3 }, 4);
    for (const j of [jf, jr]) {
      expect(j.y[0].a).toBe(12);
      expect(j.y[0].b).toBe(8);
      expect(j.y[1]).toBe(6);
      expect(j.z[0].a).toBe(1);
      expect(j.z[1]).toBe(0);
    }
  });

  it("hessian of a quadratic form is A + Aᵀ", () => {
    const A = np.array([
      [1, 2],
      [0, 3],
    ]);
    const q = (x: Tensor) => np.dot(x, np.matmul(A, x));
    expectClose(hessian(q)(np.array([0.3, -0.7])), np.add(A, np.transpose(A)), 1e-15);
    expect(hessian((x: Tensor) => np.sin(x))(0.5)).toBeCloseTo(-Math.sin(0.5), 15);
  });

  it("hasAux", () => {
    const [j, aux] = jacfwd((x: Tensor) => [x.mul(2), "note"] as const, { hasAux: true })(np.array([1, 2]));
    expect((j as Tensor).shape).toEqual([2, 2]);
    expect(aux).toBe("note");
  });
});
