import { describe, expect, it } from "vitest";
import { type Tensor, TransformError, checkpoint, customJvp, customVjp, grad, jvp, makeJaxpr, nn, np, vmap } from "../src";
import { expectClose } from "./helpers/assert";

describe("customJvp", () => {
  const naive = (x: Tensor) => np.log1p(np.exp(x));
  const softplus = customJvp(naive);
  softplus.defjvp(([x], [t]) => [softplus(x), np.multiply(t, nn.sigmoid(x))]);

  it("replaces the derivative in forward and reverse mode", () => {
    expect(grad(naive)(1000)).toBeNaN();
    expect(grad(softplus)(1000)).toBe(1);
    expect(jvp(softplus, [0], [2])[1]).toBe(1);
    expect(grad(softplus)(0)).toBe(0.5);
  });

  it("composes: grad of grad, vmap of grad", () => {
    expect(grad(grad(softplus))(0)).toBeCloseTo(0.25, 15);
    expectClose(vmap(grad(softplus))(np.array([0, 1000])), [0.5, 1]);
  });

  it("a function without a rule refuses to be differentiated", () => {
    const noRule = customJvp((x: Tensor) => x);
    expect(noRule(np.array(2)).item()).toBe(2);
    expect(() => grad(noRule)(1)).toThrow(/has no rule; call f\.defjvp\(rule\) first/);
  });
});

describe("customVjp", () => {
  const ste = customVjp((x: Tensor) => np.round(x));
  ste.defvjp((x) => [np.round(x), null], (_res, ct: Tensor) => [ct]);

  it("a straight-through estimator", () => {
    expectClose(grad((x: Tensor) => np.sum(ste(x)))(np.array([0.3, 1.7])), [1, 1]);
    expectClose(ste(np.array([0.3, 1.7])), [0, 2]);
  });

  it("gradient clipping in the backward pass, with residuals", () => {
    const clipGrad = customVjp((x: Tensor) => x);
    clipGrad.defvjp((x) => [x, x], (_x: Tensor, ct: Tensor) => [np.clip(ct, -1, 1)]);
    expect(grad((x: Tensor) => clipGrad(x).mul(10))(3)).toBe(1);
    expectClose(vmap(grad((x: Tensor) => clipGrad(x).mul(0.5)))(np.array([1, 2])), [0.5, 0.5]);
  });

  it("forward mode is refused, as in JAX", () => {
    expect(() => jvp(ste, [1.2], [1])).toThrow(TransformError);
    expect(() => jvp(ste, [1.2], [1])).toThrow(/customVjp function is not supported/);
  });
});

describe("checkpoint", () => {
  it("gives the same values and gradients", () => {
    const block = (x: Tensor) => np.tanh(np.sin(np.tanh(x)));
    const cp = checkpoint(block);
    const x = np.array([0.1, 0.2, 0.3]);
    expectClose(cp(x), block(x), 0, 0);
    expectClose(grad((y: Tensor) => np.sum(cp(y)))(x), grad((y: Tensor) => np.sum(block(y)))(x), 0, 0);
    expectClose(jvp(cp, [x], [np.ones([3])])[1] as Tensor, jvp(block, [x], [np.ones([3])])[1] as Tensor, 0, 0);
    expect(grad(grad((y: Tensor) => cp(y)))(0.4)).toBeCloseTo(grad(grad(block))(0.4), 14);
  });

  it("recomputes the block's forward pass in the backward sweep", () => {
    const cp = checkpoint((x: Tensor) => np.sin(np.sin(x)));
    const staged = makeJaxpr(grad((x: Tensor) => cp(x)))(0.5);
    const sins = staged.jaxpr.eqns.filter((e) => e.prim === "sin").length;
    const plain = makeJaxpr(grad((x: Tensor) => np.sin(np.sin(x))))(0.5);
    expect(sins).toBe(plain.jaxpr.eqns.filter((e) => e.prim === "sin").length + 2);
  });
});
