/**
 * The differential properties on a quick budget (seeded, so reproducible): for random
 * programs, jit = interpreter bit for bit (bool inputs too), the IR validates before and
 * after optimization, jvp = finite differences, vjp = jvp, vmap = stacking, grad =
 * jit(grad) = grad(jit), and the compositions: jit(vmap), vmap(grad), jit(vmap(grad)),
 * vmap(jvp), second order both ways, jacfwd = jacrev, linearize = jvp, and jit over
 * pytree, number and typed-array arguments with several signatures; and toModule = jit.
 * `npm run fuzz -- --runs N` runs the same properties at length.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PROPERTIES, checkProgram } from "./helpers/properties";
import { programArb } from "./helpers/programs";

const RUNS = 80;

describe("differential properties on random programs", () => {
  for (const property of PROPERTIES) {
    for (const dtypes of property.dtypes) {
      it(`${property.name} [${dtypes.join(" + ")}]`, () => {
        let checked = 0;
        fc.assert(
          fc.property(programArb(dtypes, 10, property.family), fc.nat(), (program, seed) => {
            if (checkProgram(property, program, seed) === "checked") checked++;
          }),
          { numRuns: RUNS, seed: 20261126 },
        );
        // Skips (values too large for finite differences, integer outputs) must stay rare.
        expect(checked).toBeGreaterThanOrEqual(RUNS * (property.minChecked ?? 0.8));
      });
    }
  }
});
