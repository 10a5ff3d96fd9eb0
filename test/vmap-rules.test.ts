/** vmap of every primitive against a JS loop of the unbatched function, all in/out axes. */
import fc from "fast-check";
import { describe, it } from "vitest";
import { type Tensor, lax, np, vmap } from "../src";
import { expectIdentical } from "./helpers/assert";
import { CASES } from "./helpers/prim-cases";
import { rng, uniform } from "./helpers/random";

const B = 3;

describe("vmap = loop (every primitive)", () => {
  for (const c of CASES) {
    it(c.name, () => {
      fc.assert(
        fc.property(fc.nat(c.shapes.length - 1), fc.integer(), fc.array(fc.nat(8), { minLength: 4, maxLength: 4 }), (si, seed, axisChoices) => {
          const next = rng(seed);
          const shapes = c.shapes[si];
          // Each input is unbatched (null) or batched at some axis position.
          const inAxes: (number | null)[] = shapes.map((s, i) => (axisChoices[i] % 4 === 3 ? null : axisChoices[i] % (s.length + 1)));
          if (!inAxes.some((a) => a !== null)) inAxes[0] = 0;
          const xs = shapes.map((s, i) => {
            const a = inAxes[i];
            const shape = a === null ? s : [...s.slice(0, a), B, ...s.slice(a)];
            return uniform(next, shape, ...(c.domain?.[i] ?? [-2, 2]));
          });
          const outAxis = axisChoices[3] % 2 === 0 ? 0 : -1;
          const batched = vmap(c.fn, { inAxes, outAxes: outAxis })(...xs) as Tensor;
          const rows = Array.from({ length: B }, (_, b) =>
            c.fn(...xs.map((x, i) => (inAxes[i] === null ? x : lax.indexInDim(x, b, inAxes[i]!, { keepdims: false })))),
          );
          const expected = np.stack(rows, outAxis === 0 ? 0 : rows[0].ndim);
          expectIdentical(batched, expected);
        }),
        { numRuns: 12, seed: 11 },
      );
    });
  }
});
