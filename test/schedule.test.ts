/**
 * The plan's equation order (`jit/schedule.ts`): a permutation that computes every value
 * after its operands and keeps effects in order, gathering equations of one loop shape so
 * an update over several leaves is one loop per leaf — with the interpreter's bits.
 */
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Tensor, debug, evalJaxpr, jit, makeJaxpr, nn, np, optim, tree } from "../src";
import { hasEffects } from "../src/core/effects";
import { type AnyEqn, Var } from "../src/core/ir";
import { schedule } from "../src/jit/schedule";
import { expectIdentical } from "./helpers/assert";
import { makeInputs, programArb, runProgram } from "./helpers/programs";

/** Fails unless `order` is a permutation of `eqns` with every operand computed before it and effects in their order. */
function expectValidOrder(eqns: readonly AnyEqn[], order: readonly AnyEqn[]): void {
  expect(order.length).toBe(eqns.length);
  expect(new Set(order).size).toBe(eqns.length);
  const produced = new Set(eqns.flatMap((e) => e.outs));
  const seen = new Set<Var>();
  for (const e of order) {
    for (const a of e.inputs) if (a instanceof Var && produced.has(a)) expect(seen.has(a)).toBe(true);
    e.outs.forEach((v) => seen.add(v));
  }
  expect(order.filter(hasEffects)).toEqual(eqns.filter(hasEffects));
}

let lines: string[] = [];
let previous: (line: string) => void;
beforeEach(() => {
  lines = [];
  previous = debug.setPrinter((l) => lines.push(l));
});
afterEach(() => {
  debug.setPrinter(previous);
});

describe("schedule", () => {
  it("random programs over inputs of several shapes: a valid order, and jit's bits are the interpreter's", () => {
    fc.assert(
      fc.property(programArb(["float64", "float32"], 10), fc.integer({ min: 1, max: 1000 }), (program, seed) => {
        const inputs = makeInputs(program, seed);
        const f = (...xs: Tensor[]) => runProgram(program, xs);
        const closed = makeJaxpr(f)(...inputs);
        expectValidOrder(closed.jaxpr.eqns, schedule(closed.jaxpr.eqns));
        const want = evalJaxpr(closed, ...inputs);
        (jit(f)(...inputs) as Tensor[]).forEach((g, i) => expectIdentical(g, want[i]));
      }),
      { numRuns: 60 },
    );
  });

  it("a gather that shares its flat loop with a full reduction reads its indices at the right offsets", () => {
    // Found by the property above (seed 872370985): a clamped gather of sin(x) at indices from
    // |x|, and x's maximum, scheduled into one loop over x's shape.
    // (The program is written out: op indices into the generator's catalogue shift as it grows.)
    const program = { family: "all", inputs: [{ shape: [5, 4], dtype: "float32" }], steps: [] } as unknown as Parameters<typeof makeInputs>[0];
    const inputs = makeInputs(program, 1);
    const f = (x0: Tensor) => {
      const v1 = np.sin(x0);
      const v2 = np.take(v1.reshape([-1]), np.floor(np.abs(x0.astype("float64")).mul(8)).astype("int32"), 0, { mode: "clip" });
      return [v1, v2, nn.logsumexp(x0), np.sin(x0)];
    };
    const closed = makeJaxpr(f)(inputs[0]);
    expect(closed.jaxpr.eqns.map((e) => e.prim)).toEqual(expect.arrayContaining(["gather", "reduce_max"]));
    const want = evalJaxpr(closed, inputs[0]);
    jit(f)(inputs[0]).forEach((g, i) => expectIdentical(g, want[i]));
  });

  it("gathers an optimizer's steps over two leaves into one loop per leaf", () => {
    const opt = optim.adam(1e-3);
    const params = { w: np.multiply(np.arange(40 * 30), 1e-3).reshape([40, 30]), b: np.linspace(-1, 1, 30) };
    const grads = { w: np.cos(params.w), b: np.sin(params.b) };
    const state = opt.init(params);
    const step = (p: typeof params, g: typeof grads, s: typeof state) => {
      const [updates, next] = opt.update(g, s, p);
      return [optim.applyUpdates(p, updates), next] as const;
    };
    const closed = makeJaxpr(step)(params, grads, state);
    // In trace order the leaves' shapes interleave: the moments of both, then the updates of both, …
    const shapes = (eqns: readonly AnyEqn[]) => eqns.filter((e) => e.outs[0].aval.shape.length > 0 && e.prim !== "broadcast_in_dim").map((e) => e.outs[0].aval.shape.join("×"));
    const runs = (xs: readonly string[]) => xs.filter((x, i) => i === 0 || x !== xs[i - 1]).length;
    expect(runs(shapes(closed.jaxpr.eqns))).toBeGreaterThan(2);
    expect(runs(shapes(schedule(closed.jaxpr.eqns)))).toBe(2);
    // One loop of 30 (the bias leaf) and one of 1200 (w, a kernel where WebAssembly runs).
    const source = jit(step, { backend: "js" }).lower(params, grads, state).source;
    expect(source.match(/for \(let k = 0; k < 30; k\+\+\)/g)).toHaveLength(1);
    expect(source.match(/for \(let k = 0; k < 1200; k\+\+\)/g)).toHaveLength(1);
    const want = evalJaxpr(closed, params, grads, state);
    const got = tree.leaves(jit(step)(params, grads, state)) as Tensor[];
    expect(got.length).toBe(want.length);
    got.forEach((g, i) => expectIdentical(g, want[i]));
  });

  it("keeps effects in their order across loops of different shapes", () => {
    const f = jit((x: Tensor, y: Tensor) => {
      const a = np.multiply(x, 2);
      debug.print("a {}", np.sum(a));
      const b = np.add(y, 1);
      debug.print("b {}", np.sum(b));
      const c = np.multiply(a, 3);
      debug.print("c {}", np.sum(c));
      return [np.add(b, 1), c];
    });
    f(np.ones([20, 3]), np.ones([7, 5]));
    expect(lines).toEqual(["a 120", "b 70", "c 360"]);
  });
});
