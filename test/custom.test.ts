import { describe, expect, it } from "vitest";
import { PytreeError, type Tensor, TransformError, checkpoint, customJvp, customVjp, grad, jvp, makeJaxpr, nn, np, vmap } from "../src";
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

describe("nondiffArgnums, defjvps and checked rule outputs", () => {
  it("customJvp passes a function argument through, to the function and to the rule first", () => {
    const apply = customJvp((g: (x: Tensor) => Tensor, x: Tensor) => g(x), { nondiffArgnums: 0 });
    apply.defjvp((g: (x: Tensor) => Tensor, [x]: Tensor[], [t]: Tensor[]) => [g(x), np.multiply(t, 3)]);
    expect(apply(np.sin, np.array(0.5)).item()).toBeCloseTo(Math.sin(0.5), 15);
    expect(grad((x: Tensor) => apply(np.sin, x))(0.5)).toBe(3);
    expect(jvp((x: Tensor) => apply(np.exp, x), [1], [2])[1]).toBe(6);
    expectClose(vmap(grad((x: Tensor) => apply(np.tanh, x)))(np.array([0, 1])), [3, 3]);
  });

  it("nondiffArgnums may name a later argument, or a negative position", () => {
    const scaled = customJvp((x: Tensor, k: number) => np.multiply(x, k), { nondiffArgnums: -1 });
    scaled.defjvp((k: number, [x]: Tensor[], [t]: Tensor[]) => [np.multiply(x, k), np.multiply(t, 2 * k)]);
    expect(grad((x: Tensor) => scaled(x, 5))(1)).toBe(10);
    expect(() => customJvp((x: Tensor) => x, { nondiffArgnums: 3 })(np.array(1))).toThrow(/nondiffArgnums.*refers to argument 3/);
  });

  it("customVjp passes nondiff arguments to bwd first and wants cotangents for the others", () => {
    const clip = customVjp((lo: number, x: Tensor, hi: number) => x, { nondiffArgnums: [0, 2] });
    clip.defvjp((_lo, x) => [x, null], (lo: number, hi: number, _res: null, ct: Tensor) => [np.clip(ct, lo, hi)]);
    expect(grad((x: Tensor) => clip(-1, x, 2).mul(10))(3)).toBe(2);
    expect(grad((x: Tensor) => clip(-1, x, 2).mul(-10))(3)).toBe(-1);
  });

  it("customVjp: null cotangents are zeros, for a whole argument or a leaf of one", () => {
    const f = customVjp((x: Tensor, p: { a: Tensor; b: Tensor }) => np.add(np.multiply(x, p.a), p.b));
    f.defvjp((x, p) => [f(x, p), [x, p]], (res: [Tensor, { a: Tensor }], ct: Tensor) => [null, { a: np.multiply(ct, res[0]), b: null }]);
    const [gx, gp] = grad((x: Tensor, p: { a: Tensor; b: Tensor }) => f(x, p), { argnums: [0, 1] })(2, { a: 3, b: 4 }) as [number, { a: number; b: number }];
    expect(gx).toBe(0);
    expect(gp).toEqual({ a: 2, b: 0 });
  });

  it("defjvps sums one contribution per argument; null contributes nothing", () => {
    const mulxy = customJvp((x: Tensor, y: Tensor) => np.multiply(x, y));
    mulxy.defjvps((t: Tensor, _out: Tensor, _x: Tensor, y: Tensor) => np.multiply(t, y), (t: Tensor, _out: Tensor, x: Tensor) => np.multiply(t, x));
    expect(grad(mulxy, { argnums: [0, 1] })(2, 5)).toEqual([5, 2]);
    expect(jvp(mulxy, [2, 5], [1, 1])[1]).toBe(7);
    const onlyX = customJvp((x: Tensor, y: Tensor) => np.multiply(x, y));
    onlyX.defjvps((t: Tensor, _out: Tensor, _x: Tensor, y: Tensor) => np.multiply(t, y), null);
    expect(grad(onlyX, { argnums: [0, 1] })(2, 5)).toEqual([5, 0]);
    const wrong = customJvp((x: Tensor) => x);
    wrong.defjvps(null, null);
    expect(() => grad(wrong)(1)).toThrow(/defjvps needs one rule \(or null\) per argument, 1; got 2/);
    const withNondiff = customJvp((x: Tensor, _k: number) => x, { nondiffArgnums: 1 });
    expect(() => withNondiff.defjvps(null)).toThrow(/defjvps cannot be used with nondiffArgnums/);
  });

  it("a rule output of the wrong shape is a TransformError naming both shapes", () => {
    const badJvp = customJvp((x: Tensor) => np.sin(x));
    badJvp.defjvp(([x], [t]) => [np.sin(x), np.stack([t, t])]);
    expect(() => jvp(badJvp, [np.ones([3])], [np.ones([3])])).toThrow(TransformError);
    expect(() => jvp(badJvp, [np.ones([3])], [np.ones([3])])).toThrow(/tangent output has shape \[2, 3\].*\[3\]/);
    const oneOutput = customJvp((x: Tensor) => np.sin(x));
    oneOutput.defjvp(([x]: Tensor[]) => [np.sin(x)]);
    expect(() => grad(oneOutput)(1)).toThrow(/must return \[primalOut, tangentOut\], got an array of 1/);
    const badVjp = customVjp((x: Tensor, y: Tensor) => np.add(x, y));
    badVjp.defvjp((x, y) => [np.add(x, y), null], (_r: null, ct: Tensor) => [ct, np.sum(ct)]);
    const loss = (x: Tensor, y: Tensor) => np.sum(badVjp(x, y));
    expect(() => grad(loss, { argnums: [0, 1] })(np.ones([2]), np.ones([2]))).toThrow(/bwd's cotangent at \[1\] has shape \[\], but .* \[2\]/);
    badVjp.defvjp((x, y) => [np.add(x, y), null], (_r: null, ct: Tensor) => [ct]);
    expect(() => grad(loss, { argnums: [0, 1] })(np.ones([2]), np.ones([2]))).toThrow(/one cotangent per differentiated argument \(2\), got 1 entries/);
    badVjp.defvjp((x, y) => [np.add(x, y), null], (_r: null, ct: Tensor) => [ct, { a: ct }]);
    expect(() => grad(loss, { argnums: [0, 1] })(np.ones([2]), np.ones([2]))).toThrow(PytreeError);
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
