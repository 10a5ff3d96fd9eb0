/** Every primitive's JVP against central finite differences, over random shapes and points. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Tensor, jvp, np } from "../src";
import { CASES } from "./helpers/prim-cases";
import { rng, uniform } from "./helpers/random";

const H = 1e-6;

describe("jvp = central finite differences (every primitive)", () => {
  for (const c of CASES) {
    it(c.name, () => {
      fc.assert(
        fc.property(fc.nat(c.shapes.length - 1), fc.integer(), (si, seed) => {
          const next = rng(seed);
          const shapes = c.shapes[si];
          const xs = shapes.map((s, i) => uniform(next, s, ...(c.domain?.[i] ?? [-2, 2])));
          const vs = shapes.map((s) => uniform(next, s, -1, 1));
          const [y, t] = jvp(c.fn, xs, vs) as [Tensor, Tensor];
          expect(t.shape).toEqual(y.shape);
          const tv = Array.from(t.toTypedArray());
          if (c.smooth === false) {
            tv.forEach((v) => expect(v).toBe(0));
            return;
          }
          const plus = c.fn(...xs.map((x, i) => np.add(x, np.multiply(vs[i], H))));
          const minus = c.fn(...xs.map((x, i) => np.subtract(x, np.multiply(vs[i], H))));
          const fd = Array.from(np.divide(np.subtract(plus, minus), 2 * H).toTypedArray());
          fd.forEach((d, k) => {
            if (Math.abs(tv[k] - d) > 1e-5 * (1 + Math.abs(d))) {
              expect.fail(`${c.name} shapes ${JSON.stringify(shapes)} element ${k}: jvp ${tv[k]} vs finite difference ${d}`);
            }
          });
        }),
        { numRuns: 12, seed: 42 },
      );
    });
  }
});
