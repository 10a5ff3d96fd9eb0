/** Reverse mode against forward mode for every primitive: ⟨ct, J·v⟩ = ⟨Jᵀ·ct, v⟩. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Prim, type Tensor, TransformError, jvp, vjp } from "../src";
import { UNARY_PRIMS } from "../src/core/primitives";
import { jvpRules } from "../src/transforms/jvp-rules";
import { CASES } from "./helpers/prim-cases";
import { rng, uniform, vdot } from "./helpers/random";

describe("vjp is the transpose of jvp (every primitive)", () => {
  for (const c of CASES) {
    it(c.name, () => {
      fc.assert(
        fc.property(fc.nat(c.shapes.length - 1), fc.integer(), (si, seed) => {
          const next = rng(seed);
          const shapes = c.shapes[si];
          const xs = shapes.map((s, i) => uniform(next, s, ...(c.domain?.[i] ?? [-2, 2])));
          const vs = shapes.map((s) => uniform(next, s, -1, 1));
          const [y, jv] = jvp(c.fn, xs, vs) as [Tensor, Tensor];
          if (c.reverse === false) {
            expect(() => vjp(c.fn, ...xs)).toThrow(TransformError);
            expect(() => vjp(c.fn, ...xs)).toThrow(/use lax\.scan|foriLoop with static/i);
            return;
          }
          const ct = uniform(next, y.shape, -1, 1);
          const [, pullback] = vjp(c.fn, ...xs);
          const jtct = pullback(ct) as Tensor[];
          const lhs = vdot(ct, jv);
          const rhs = jtct.reduce((s, g, i) => s + vdot(g, vs[i]), 0);
          if (Math.abs(lhs - rhs) > 1e-10 * (1 + Math.abs(lhs))) {
            expect.fail(`${c.name} shapes ${JSON.stringify(shapes)}: <ct, Jv> = ${lhs} but <J^T ct, v> = ${rhs}`);
          }
        }),
        { numRuns: 12, seed: 7 },
      );
    });
  }
});

describe("rule coverage", () => {
  it("every primitive is exercised by the generated tests", () => {
    const covered = new Set(CASES.flatMap((c) => c.prims));
    const all = Object.keys(jvpRules) as Prim[];
    const missing = all.filter((p) => !covered.has(p));
    expect(missing).toEqual([]);
    expect(all.length).toBeGreaterThan(UNARY_PRIMS.length);
  });
});
