/** Scalar replacement of small arrays: same values bit for bit, and no small arrays left. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Tensor, checkJaxpr, evalJaxpr, grad, lax, makeJaxpr, np } from "../src";
import { ClosedJaxpr } from "../src/core/closed-jaxpr";
import type { Jaxpr } from "../src/core/ir";
import { subJaxprsOf } from "../src/core/subjaxpr";
import { prepareForCodegen, scalarize } from "../src/jit/passes";
import { expectIdentical } from "./helpers/assert";
import { describeProgram, makeInputs, programArb, runProgram } from "./helpers/programs";
import { calcTime } from "../examples/terrain/terrain";

/** Every value in a jaxpr and its sub-jaxprs. */
function allShapes(j: Jaxpr): number[][] {
  const subs = j.eqns.flatMap((e) => subJaxprsOf(e).map((s) => s.jaxpr));
  return [...j.eqns.flatMap((e) => e.outs.map((v) => [...v.aval.shape])), ...subs.flatMap(allShapes)];
}

describe("scalarize", () => {
  for (const dtypes of [["float64"], ["float32"], ["int32", "float64"]] as const) {
    it(`keeps the interpreter's values on random programs (${dtypes.join(" + ")})`, () => {
      fc.assert(
        fc.property(programArb(dtypes, 10), fc.nat(), (program, seed) => {
          const inputs = makeInputs(program, seed);
          const closed = makeJaxpr((...xs: Tensor[]) => runProgram(program, xs))(...inputs);
          const scalar = new ClosedJaxpr(scalarize(closed.jaxpr), closed.consts);
          expect(checkJaxpr(scalar)._tag, describeProgram(program, inputs)).toBe("Right");
          const want = evalJaxpr(closed, ...inputs);
          evalJaxpr(scalar, ...inputs).forEach((got, i) => expectIdentical(got, want[i]));
        }),
        { numRuns: 150, seed: 77 },
      );
    });
  }

  it("turns the descent's loop carry and every value inside the loop into scalars", () => {
    const descend = (x0: Tensor) => lax.foriLoop(0, 20, (_i: Tensor, x: Tensor) => x.sub(grad(calcTime)(x).mul(1.5)), x0);
    const closed = makeJaxpr(descend)(np.array([2, 17]));
    const before = allShapes(closed.jaxpr);
    expect(before.some((s) => s.length > 0)).toBe(true);
    const after = prepareForCodegen(closed.jaxpr);
    const loop = after.eqns.find((e) => e.prim === "scan");
    expect(loop).toBeDefined();
    const body = (loop!.params as { jaxpr: Jaxpr }).jaxpr;
    expect(allShapes(body).every((s) => s.length === 0)).toBe(true);
    expect(body.invars.every((v) => v.aval.shape.length === 0)).toBe(true);
  });

  it("leaves large arrays alone, returning the same jaxpr (so the optimizer does not run over it again)", () => {
    const closed = makeJaxpr((x: Tensor) => np.sin(x).mul(2).sum())(np.ones([64]));
    expect(scalarize(closed.jaxpr)).toBe(closed.jaxpr);
    const scalars = makeJaxpr(grad(calcTime))([2, 17]);
    expect(scalarize(scalars.jaxpr)).toBe(scalars.jaxpr);
    // A loop whose body has a small array is a change, though the outer jaxpr has none.
    const loop = makeJaxpr((x: Tensor) => lax.foriLoop(0, 3, (_i: Tensor, c: Tensor) => c.add(np.ones([2]).sum()), x))(np.ones([64]));
    expect(scalarize(loop.jaxpr)).not.toBe(loop.jaxpr);
  });
});
