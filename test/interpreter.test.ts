import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Tensor, evalJaxpr, makeJaxpr, np } from "../src";
import { expectIdentical } from "./helpers/assert";
import { describeProgram, makeInputs, programArb, runProgram } from "./helpers/programs";

describe("interpreter = eager evaluation", () => {
  it("on random programs, bit for bit (NaN and -0 included)", () => {
    let checked = 0;
    fc.assert(
      fc.property(programArb(["float64", "float32", "int32"]), fc.nat(), (program, seed) => {
        const inputs = makeInputs(program, seed);
        const eager = runProgram(program, inputs);
        const closed = makeJaxpr((...xs: Tensor[]) => runProgram(program, xs))(...inputs);
        const interpreted = evalJaxpr(closed, ...inputs);
        try {
          expect(interpreted.length).toBe(eager.length);
          eager.forEach((e, i) => expectIdentical(interpreted[i], e));
        } catch (err) {
          throw new Error(`${String(err)}\nprogram:\n${describeProgram(program, inputs)}\njaxpr:\n${closed.toString()}`);
        }
        checked++;
      }),
      { numRuns: 150, seed: 20261126 },
    );
    expect(checked).toBe(150);
  });

  it("runs closed-over constants and literals", () => {
    const w = np.array([1, 2, 3]);
    const closed = makeJaxpr((x: Tensor) => np.add(np.multiply(x, w), 2))(np.zeros([3]));
    expect(closed.jaxpr.constvars.length).toBe(1);
    expect(evalJaxpr(closed, np.array([1, 1, 1]))[0].tolist()).toEqual([3, 4, 5]);
  });

  it("checks the number of inputs", () => {
    const closed = makeJaxpr((x: Tensor, y: Tensor) => np.add(x, y))(1, 2);
    expect(() => evalJaxpr(closed, 1)).toThrow(/takes 2 array input\(s\), got 1/);
  });
});
