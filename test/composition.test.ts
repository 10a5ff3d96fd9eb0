/** Transforms nest in any order, as in JAX. */
import { describe, expect, it } from "vitest";
import { type Tensor, grad, hessian, jacfwd, jacrev, jvp, makeJaxpr, np, vjp, vmap } from "../src";
import { calcTime } from "../examples/terrain/terrain";
import { expectClose } from "./helpers/assert";

const f = (x: Tensor) => np.sin(x).mul(x); // f' = sin x + x cos x, f'' = 2 cos x - x sin x
const d1 = (x: number) => Math.sin(x) + x * Math.cos(x);
const d2 = (x: number) => 2 * Math.cos(x) - x * Math.sin(x);
const d3 = (x: number) => -3 * Math.sin(x) - x * Math.cos(x);

describe("composition", () => {
  it("grad(grad(f)) and grad³", () => {
    expect(grad(grad(f))(0.7)).toBeCloseTo(d2(0.7), 13);
    expect(grad(grad(grad(f)))(0.7)).toBeCloseTo(d3(0.7), 13);
  });

  it("jvp(grad(f)) and grad of a jvp", () => {
    const [g, h] = jvp(grad(f), [0.7], [1]);
    expect(g).toBeCloseTo(d1(0.7), 14);
    expect(h).toBeCloseTo(d2(0.7), 13);
    expect(grad((x: Tensor) => jvp(f, [x], [1])[1])(0.7)).toBeCloseTo(d2(0.7), 13);
  });

  it("jacfwd(jacrev(f)) = hessian = jacrev(jacfwd(f))", () => {
    const g = (x: Tensor) => np.sum(np.sin(x).mul(x.slice([null, null, -1])));
    const x = np.array([0.3, 1.1, -0.4]);
    const h1 = hessian(g)(x);
    const h2 = jacfwd(jacrev(g))(x);
    const h3 = jacrev(jacfwd(g))(x);
    expectClose(h1, h2, 1e-13, 1e-14);
    expectClose(h1, h3, 1e-13, 1e-14);
    expectClose(h1, np.transpose(h1), 1e-13, 1e-14);
  });

  it("vmap(grad(f)) equals grad at each point; grad(vmap(f)) is the gradient of the sum", () => {
    const xs = np.array([[2, 17], [5, 5], [10, 3]]);
    const batched = vmap(grad(calcTime))(xs);
    for (let i = 0; i < 3; i++) expectClose(batched.slice(i), grad(calcTime)(xs.slice(i)), 0, 0);
    const gs = grad((x: Tensor) => np.sum(vmap(f)(x)))(np.array([0.1, 0.7]));
    expectClose(gs, [d1(0.1), d1(0.7)], 1e-14);
  });

  it("vmap(vmap(f)) over two axes", () => {
    const x = np.reshape(np.arange(6).astype("float64"), [2, 3]);
    expectClose(vmap(vmap(f))(x), f(x), 0, 0);
    expectClose(vmap(vmap((a: Tensor, b: Tensor) => a.mul(b)), { inAxes: [0, null] })(x, np.array([1, 2, 3])), x.mul(np.array([1, 2, 3])), 0, 0);
  });

  it("no perturbation confusion: d/dx (x · d/dy (x + y)) = 1", () => {
    const inner = (x: Tensor) => x.mul(grad((y: Tensor) => x.add(y))(1));
    expect(grad(inner)(2)).toBe(1);
    // and the classic nested-derivative pair: d/dx [x · (d/dy x·y)(y=x)] = 2x
    expect(grad((x: Tensor) => x.mul(grad((y: Tensor) => x.mul(y))(x)))(3)).toBe(6);
  });

  it("closures over outer tracers in vmap and jvp", () => {
    const out = vmap((x: Tensor) => grad((y: Tensor) => x.mul(y).mul(y))(2))(np.array([1, 2, 3]));
    expectClose(out, [4, 8, 12], 0, 0);
    const [, t] = jvp((x: Tensor) => vmap((y: Tensor) => x.mul(y))(np.array([1, 2])), [3], [1]);
    expectClose(t as unknown as Tensor, [1, 2], 0, 0); // numbers in: typed as numbers out, though this output is not 0-d
  });

  it("vjp of vmap and vmap of vjp", () => {
    const xs = np.array([0.1, 0.5]);
    const [, pullback] = vjp(vmap(f), xs);
    const [g] = pullback(np.ones([2])) as [Tensor];
    expectClose(g, [d1(0.1), d1(0.5)], 1e-14);
    const per = vmap((x: Tensor) => (vjp(f, x)[1](1) as [Tensor])[0])(xs);
    expectClose(per, [d1(0.1), d1(0.5)], 1e-14);
  });

  it("each transform is an IR → IR rewrite: staged programs evaluate to the same values", () => {
    const jx = makeJaxpr(vmap(grad(calcTime)))(np.array([[2, 17]]));
    expect(jx.toString()).toContain("f64[1,2]");
    const jj = makeJaxpr(jacfwd(f))(0.5);
    expect(jj.jaxpr.eqns.length).toBeGreaterThan(0);
  });
});
