/** jit(vmap(f)) compiled as a loop over examples: same bits as the batched form, errors unchanged. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Tensor, grad, jit, lax, np, vmap } from "../src";
import { ArgumentError } from "../src/core/errors";
import { calcTime } from "../examples/terrain/terrain";
import { expectIdentical } from "./helpers/assert";
import { describeProgram, makeInputs, programArb, runProgram } from "./helpers/programs";

const descend = (x0: Tensor) => lax.foriLoop(0, 20, (_i: Tensor, x: Tensor) => x.sub(grad(calcTime)(x).mul(1.5)), x0);
const topPrims = (lowered: { jaxpr: { jaxpr: { eqns: readonly { prim: string }[] } } }) => lowered.jaxpr.jaxpr.eqns.map((e) => e.prim);

describe("jit(vmap(f)) as a loop over examples", () => {
  it("the vmapped descent becomes one scan over the start points, with the batched form's bits", () => {
    const starts = np.array([[2, 17], [5, 5], [-3, 40], [0, 0], [1e-300, -0]]);
    const looped = jit(vmap(descend));
    expect(topPrims(looped.lower(starts))).toEqual(["scan"]);
    expect(looped.lower(starts).source).toContain("for (let it0 = 0; it0 < 5; it0++)");
    expectIdentical(looped(starts), vmap(descend)(starts));
  });

  it("moves mapped axes in and out, and closes over unmapped arguments", () => {
    const f = (x: Tensor, w: Tensor, s: { a: Tensor }) => [x.mul(w).add(s.a), np.sum(x.mul(w))] as const;
    const opts = { inAxes: [1, null, { a: 0 }], outAxes: [-1, 0] } as const;
    const x = np.arange(12).reshape([3, 4]).astype("float64");
    const w = np.array([0.5, -1, 2]);
    const s = { a: np.arange(12).reshape([4, 3]).astype("float64").mul(0.25) };
    const looped = jit(vmap(f, opts));
    expect(topPrims(looped.lower(x, w, s))).toContain("scan");
    const [a, b] = looped(x, w, s);
    const [c, d] = vmap(f, opts)(x, w, s);
    expect(a.shape).toEqual([3, 4]);
    expectIdentical(a, c);
    expectIdentical(b, d);
  });

  it("keeps the batched form when an example is large, or an output is unmapped", () => {
    const big = jit(vmap((x: Tensor) => np.sin(x).sum()));
    expect(topPrims(big.lower(np.ones([3, 100])))).not.toContain("scan");
    const unmapped = jit(vmap((x: Tensor, c: Tensor) => [x.mul(2), c] as const, { inAxes: [0, null], outAxes: [0, null] }));
    const [y, c] = unmapped(np.array([1, 2]), np.array(7));
    expect(y.tolist()).toEqual([2, 4]);
    expect(c.item()).toBe(7);
  });

  it("reports the batched form's errors", () => {
    const varying = jit(vmap((x: Tensor) => x.mul(2), { outAxes: null }));
    expect(() => varying(np.array([1, 2]))).toThrow(ArgumentError);
    expect(() => varying(np.array([1, 2]))).toThrow(/outAxes is null/);
    expect(() => jit(vmap((x: Tensor) => x, { outAxes: 3 }))(np.array([1, 2]))).toThrow(/out of range/);
    expect(() => jit(vmap((x: Tensor) => x, { inAxes: 1 }))(np.array([1, 2]))).toThrow(/inAxes asks for axis 1/);
  });

  for (const dtypes of [["float64"], ["float32"], ["int32", "float64"]] as const) {
    it(`agrees with vmap on random programs (${dtypes.join(" + ")})`, () => {
      fc.assert(
        fc.property(programArb(dtypes, 8), fc.nat(), (program, seed) => {
          const examples = [0, 1, 2].map((k) => makeInputs(program, seed + k));
          const batched = program.inputs.map((_, i) => np.stack(examples.map((e) => e[i])));
          const f = (...xs: Tensor[]) => runProgram(program, xs);
          const want = vmap(f)(...batched) as Tensor[];
          const got = jit(vmap(f))(...batched) as Tensor[];
          try {
            want.forEach((w, i) => expectIdentical(got[i], w));
          } catch (err) {
            throw new Error(`${String(err)}\n${describeProgram(program, examples[0])}`);
          }
        }),
        { numRuns: 80, seed: 99 },
      );
    });
  }
});
