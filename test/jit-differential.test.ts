/** The compiled code agrees with the interpreter bit for bit, NaN and -0 included. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Tensor, evalJaxpr, jit, makeJaxpr } from "../src";
import { expectIdentical } from "./helpers/assert";
import { describeProgram, makeInputs, programArb, runProgram } from "./helpers/programs";

describe("jit = interpreter on random programs", () => {
  for (const dtypes of [["float64"], ["float32"], ["int32", "float64"]] as const) {
    it(`${dtypes.join(" + ")}`, () => {
      let checked = 0;
      fc.assert(
        fc.property(programArb(dtypes, 10), fc.nat(), (program, seed) => {
          const inputs = makeInputs(program, seed);
          const f = (...xs: Tensor[]) => runProgram(program, xs);
          const closed = makeJaxpr(f)(...inputs);
          const want = evalJaxpr(closed, ...inputs);
          const jf = jit(f);
          const got = jf(...inputs) as Tensor[];
          const again = jf(...inputs) as Tensor[];
          try {
            expect(got.length).toBe(want.length);
            want.forEach((w, i) => {
              expectIdentical(got[i], w);
              expectIdentical(again[i], w);
            });
          } catch (err) {
            throw new Error(
              `${String(err)}\nprogram:\n${describeProgram(program, inputs)}\njaxpr:\n${closed.toString()}\ngenerated:\n${jf.lower(...inputs).source}`,
            );
          }
          checked++;
        }),
        { numRuns: 120, seed: 4242 },
      );
      expect(checked).toBe(120);
    });
  }
});
