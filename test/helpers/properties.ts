/**
 * The differential properties every random program must satisfy, each a plain function
 * that throws on a violation, so the same check runs in vitest, in `npm run fuzz`, and in
 * the regression test a failure prints (see `regressionTest`).
 */
import { ArgumentError, type DType, type Tensor, checkJaxpr, config, evalJaxpr, grad, jacfwd, jacrev, jit, jvp, linearize, makeJaxpr, np, vjp, vmap } from "../../src";
import { setParallelMinimum, startWorkers } from "../../src/backend/threads/pool";
import type { Jaxpr } from "../../src/core/ir";
import { subJaxprsOf } from "../../src/core/subjaxpr";
import { optimize, rewrites, scalarize } from "../../src/jit/passes";
import { dce } from "../../src/jit/passes/dce";
import { sameBits } from "./bits";
import { asModuleArgument, asModuleResult, loadModuleSync } from "./module";
import { type Family, type Program, describeProgram, makeInputs, runProgram } from "./programs";
import { rng, uniform } from "./random";

/** A program as a function of its inputs, returning every value it computed. */
export type ProgramFn = (...xs: Tensor[]) => Tensor[];

/** A check that passed, or was skipped because its preconditions do not hold (say why). */
export type Outcome = "checked" | { readonly skipped: string };

export interface Property {
  readonly name: string;
  /** The dtype groups programs are drawn from. */
  readonly dtypes: readonly (readonly DType[])[];
  readonly family: Family;
  /** Inputs for a program: `makeInputs` with these options. */
  readonly inputs: { readonly specials: boolean; readonly width: number };
  readonly check: (f: ProgramFn, inputs: readonly Tensor[], seed: number) => Outcome;
  /** The share of programs that must be checked rather than skipped (default 0.8). */
  readonly minChecked?: number;
}

function identical(what: string, got: Tensor, want: Tensor): void {
  if (got.dtype !== want.dtype || got.shape.join() !== want.shape.join()) {
    throw new Error(`${what}: got ${got.dtype}[${got.shape}] but expected ${want.dtype}[${want.shape}]`);
  }
  const [a, b] = [got.toTypedArray(), want.toTypedArray()];
  for (let i = 0; i < a.length; i++) if (!sameBits(a[i], b[i])) throw new Error(`${what}: element ${i} is ${a[i]}, expected ${b[i]} (bit for bit)`);
}

function allIdentical(what: string, got: readonly Tensor[], want: readonly Tensor[]): void {
  if (got.length !== want.length) throw new Error(`${what}: ${got.length} outputs, expected ${want.length}`);
  got.forEach((g, i) => identical(`${what}, output ${i}`, g, want[i]));
}

const values = (ts: readonly Tensor[]) => ts.flatMap((t) => Array.from(t.toTypedArray()));
const allFinite = (ts: readonly Tensor[]) => values(ts).every(Number.isFinite);

const floatOutputs = (outs: readonly Tensor[]) => outs.every((o) => o.dtype === "float64");

/**
 * Throws unless `optimize(j)` is a fixed point of another walk of fold, simplify and CSE and
 * of DCE, in it and in every sub-jaxpr (the optimizer makes one walk, relying on this).
 */
function optimizedOnce(what: string, j: Jaxpr): void {
  const once = optimize(j);
  const check = (k: Jaxpr, where: string): void => {
    if (rewrites(k) !== k) throw new Error(`${what}: a second walk of fold, simplify and CSE changed the optimized jaxpr${where}`);
    if (dce(k) !== k) throw new Error(`${what}: DCE changed the optimized jaxpr${where}`);
    k.eqns.forEach((e) => subJaxprsOf(e).forEach((s, i) => check(s.jaxpr, `${where} (inside ${e.prim}, sub-jaxpr ${i})`)));
  };
  check(once, "");
  const scalar = scalarize(once);
  if (scalar !== once) check(optimize(scalar), " (after scalarize)");
}

export const PROPERTIES: readonly Property[] = [
  {
    name: "one walk of the optimizer reaches its fixed point",
    dtypes: [["float64"], ["int32", "float64"], ["bool", "int32", "float64"]],
    family: "all",
    inputs: { specials: true, width: 4 },
    check: (f, inputs) => {
      optimizedOnce("f", makeJaxpr(f)(...inputs).jaxpr);
      return "checked";
    },
  },
  {
    name: "one walk of the optimizer reaches its fixed point on a gradient",
    dtypes: [["float64"]],
    family: "differentiable",
    inputs: { specials: true, width: 4 },
    check: (f, inputs) => {
      if (!floatOutputs(f(...inputs))) return { skipped: "integer outputs" };
      const total = scalarTotal(f);
      optimizedOnce("grad(f)", makeJaxpr(grad(total, { argnums: inputs.map((_, i) => i) }))(...inputs).jaxpr);
      return "checked";
    },
  },
  {
    name: "jit = interpreter",
    dtypes: [["float64"], ["float32"], ["int32", "float64"], ["bool", "int32", "float64"]],
    family: "all",
    inputs: { specials: true, width: 8 },
    check: (f, inputs) => {
      const want = evalJaxpr(makeJaxpr(f)(...inputs), ...inputs);
      for (const backend of ["auto", "wasm"] as const) {
        const jf = jit(f, { backend });
        allIdentical(`jit (${backend})`, jf(...inputs) as Tensor[], want);
        allIdentical(`jit (${backend}), second call`, jf(...inputs) as Tensor[], want);
      }
      return "checked";
    },
  },
  {
    name: "toModule = jit (the standalone module computes jit's bits)",
    dtypes: [["float64"], ["float32"], ["int32", "float64"], ["bool", "int32", "float64"]],
    family: "all",
    // About half of the random programs reach one of jitgrad's kernels (argmax, sort, FFT, …),
    // which a module cannot carry; module.test.ts tests that refusal.
    minChecked: 0.3,
    inputs: { specials: true, width: 8 },
    check: (f, inputs) => {
      const jf = jit(f);
      const want = (jf(...inputs) as Tensor[]).map(asModuleResult);
      for (const backend of ["js", "wasm"] as const) {
      let js: string;
      try {
        js = jf.lower(...inputs).toModule({ backend }).js;
      } catch (e) {
        // The refusal is tested in test/module.test.ts; here only its reason is checked.
        if (e instanceof ArgumentError && /calls jitgrad's runtime/.test(e.message)) return { skipped: "calls one of jitgrad's kernels (argmax, sort, FFT, …)" };
        throw e;
      }
      const got = loadModuleSync(js)(...inputs.map(asModuleArgument)) as unknown[];
      if (got.length !== want.length) throw new Error(`module: ${got.length} outputs, expected ${want.length}`);
      want.forEach((w, i) => {
        const [a, b] = [got[i], w].map((v) => (typeof v === "object" && v !== null ? Array.from(v as ArrayLike<number>) : [v]));
        if (a.length !== b.length || typeof got[i] !== typeof w) throw new Error(`module, output ${i}: ${String(got[i])} is not shaped as jit's ${String(w)}`);
        a.forEach((x, j) => {
          if (typeof x === "number" ? !sameBits(x, b[j] as number) : x !== b[j]) throw new Error(`module (${backend}), output ${i}, element ${j}: ${x}, jit gives ${b[j]} (bit for bit)`);
        });
      });
      }
      return "checked";
    },
  },
  {
    name: "IR prints and validates, before and after optimization",
    dtypes: [["float64"], ["int32", "float32"]],
    family: "all",
    inputs: { specials: false, width: 4 },
    check: (f, inputs) => {
      for (const [what, closed] of [
        ["traced", makeJaxpr(f)(...inputs)],
        ["optimized for jit", jit(f).lower(...inputs).jaxpr],
      ] as const) {
        if (closed.toString().length === 0) throw new Error(`${what} IR printed as nothing`);
        const checked = checkJaxpr(closed);
        if (checked._tag === "Left") throw new Error(`${what} IR does not validate: ${checked.left.message}`);
      }
      return "checked";
    },
  },
  {
    name: "jvp = central finite differences",
    dtypes: [["float64"]],
    family: "smooth",
    inputs: { specials: false, width: 3 },
    check: (f, inputs, seed) => {
      const next = rng(seed);
      const dirs = inputs.map((x) => uniform(next, x.shape, -1, 1));
      const [outs, tangents] = jvp(f, [...inputs], dirs) as [Tensor[], Tensor[]];
      if (!allFinite(outs) || !allFinite(tangents) || values(outs).some((v) => Math.abs(v) > 1e6)) return { skipped: "values too large for finite differences" };
      // Central differences at h and h/2, combined by Richardson extrapolation (error O(h⁴)).
      const h = 1e-4;
      const at = (step: number) => f(...inputs.map((x, i) => np.add(x, np.multiply(dirs[i], step))));
      // Both neighbours agreeing with each other but not with f(x) marks a jump at x itself
      // (an argmax over values tied up to rounding): no derivative for differences to see.
      let discontinuous = false;
      const central = (step: number) => {
        const [p, m] = [at(step), at(-step)];
        return p.map((pk, k) => {
          const [pv, mv, v] = [pk.toTypedArray(), m[k].toTypedArray(), outs[k].toTypedArray()];
          return Array.from(pv, (pi, i) => {
            if (!(Math.abs((pi + mv[i]) / 2 - v[i]) <= 1e-4 * (1 + Math.abs(v[i])))) discontinuous = true;
            return (pi - mv[i]) / (2 * step);
          });
        });
      };
      const [coarse, fine] = [central(h), central(h / 2)];
      if (discontinuous) return { skipped: "discontinuous at the point (a tie broken by rounding)" };
      let illConditioned = false;
      outs.forEach((o, k) => {
        const [t, v] = [tangents[k].toTypedArray(), o.toTypedArray()];
        for (let i = 0; i < t.length; i++) {
          const fd = (4 * fine[k][i] - coarse[k][i]) / 3;
          // Where the two steps disagree, the function curves too fast for differences to judge.
          if (!(Math.abs(fine[k][i] - coarse[k][i]) <= 1e-3 * (1 + Math.abs(fd)))) {
            illConditioned = true;
            continue;
          }
          const tol = 1e-6 * (1 + Math.abs(t[i]) + Math.abs(v[i]));
          if (!(Math.abs(fd - t[i]) <= tol)) throw new Error(`jvp of output ${k}, element ${i}: ${t[i]}, finite differences give ${fd}`);
        }
      });
      if (illConditioned) return { skipped: "curvature too high for finite differences somewhere" };
      return "checked";
    },
  },
  {
    name: "vjp = jvp (dot-product test)",
    dtypes: [["float64"]],
    family: "differentiable",
    inputs: { specials: false, width: 4 },
    check: (f, inputs, seed) => {
      const next = rng(seed);
      const [outs, pullback] = vjp(f, ...inputs) as [Tensor[], (ct: Tensor[]) => Tensor[]];
      if (!floatOutputs(outs)) return { skipped: "integer outputs" };
      const dirs = inputs.map((x) => uniform(next, x.shape, -1, 1));
      const cts = outs.map((o) => uniform(next, o.shape, -1, 1));
      const [, tangents] = jvp(f, [...inputs], dirs) as [Tensor[], Tensor[]];
      const back = pullback(cts);
      const dot = (a: readonly Tensor[], b: readonly Tensor[]) => a.reduce((s, x, i) => s + Number(np.sum(np.multiply(x, b[i])).item()), 0);
      const [lhs, rhs] = [dot(cts, tangents), dot(back, dirs)];
      if (!Number.isFinite(lhs) || !Number.isFinite(rhs) || Math.abs(lhs) > 1e12) return { skipped: "non-finite or huge inner products" };
      const scale = values([...cts.map((c, i) => np.abs(np.multiply(c, tangents[i])))]).reduce((s, v) => s + v, 0);
      // A float32 round trip rounds tangents and cotangents separately: the identity then
      // holds only to float32 precision (as in JAX).
      const rtol = makeJaxpr(f)(...inputs).toString().includes("f32[") ? 1e-6 : 1e-9;
      if (!(Math.abs(lhs - rhs) <= rtol * (1 + scale))) throw new Error(`⟨ct, J·v⟩ = ${lhs} but ⟨Jᵀ·ct, v⟩ = ${rhs}`);
      return "checked";
    },
  },
  {
    name: "vmap = stack of per-example results (random inAxes/outAxes)",
    dtypes: [["float64"], ["int32", "float32"]],
    family: "all",
    inputs: { specials: true, width: 8 },
    check: (f, inputs, seed) => {
      const next = rng(seed);
      const B = 3;
      // Example k perturbs the inputs deterministically; an unmapped input is shared.
      const examples = Array.from({ length: B }, (_, k) => inputs.map((x) => (k === 0 ? x : np.add(x, np.array(k, x.dtype)).astype(x.dtype))));
      const inAxes = inputs.map((x) => (next() < 0.25 ? null : Math.floor(next() * (x.ndim + 1))));
      const outAxis = next() < 0.5 ? 0 : -1;
      const batched = inputs.map((x, i) => (inAxes[i] === null ? x : np.stack(examples.map((e) => e[i]), inAxes[i]!)));
      const rows = examples.map((e) => f(...e.map((x, i) => (inAxes[i] === null ? inputs[i] : x))));
      const outs = (inAxes.every((a) => a === null) ? vmap(f, { inAxes, outAxes: outAxis, axisSize: B }) : vmap(f, { inAxes, outAxes: outAxis }))(...batched);
      (outs as Tensor[]).forEach((o, k) => identical(`vmap output ${k} (inAxes ${JSON.stringify(inAxes)}, outAxes ${outAxis})`, o, np.stack(rows.map((r) => r[k]), outAxis === 0 ? 0 : rows[0][k].ndim)));
      return "checked";
    },
  },
  {
    name: "grad(f) = jit(grad(f)) = grad(jit(f))",
    dtypes: [["float64"]],
    family: "differentiable",
    inputs: { specials: true, width: 4 },
    check: (f, inputs) => {
      const outs = f(...inputs);
      if (!floatOutputs(outs)) return { skipped: "integer outputs" };
      const total = (...xs: Tensor[]) => f(...xs).reduce((s, o) => s.add(np.sum(o)), np.array(0));
      const argnums = inputs.map((_, i) => i);
      const eager = grad(total, { argnums })(...inputs) as Tensor[];
      allIdentical("jit(grad(f))", jit(grad(total, { argnums }))(...inputs) as Tensor[], eager);
      allIdentical("grad(jit(f))", grad(jit(total), { argnums })(...inputs) as Tensor[], eager);
      return "checked";
    },
  },
  {
    name: "jit(vmap(f)) = stack of per-example results (the batch-loop path)",
    dtypes: [["float64"], ["int32", "float32"]],
    family: "all",
    inputs: { specials: true, width: 8 },
    check: (f, inputs) => {
      const examples = perturbedExamples(inputs, 3);
      const rows = examples.map((e) => f(...e));
      const batched = inputs.map((_, i) => np.stack(examples.map((e) => e[i])));
      for (const backend of ["auto", "wasm"] as const) {
        const outs = jit(vmap(f), { backend })(...batched) as Tensor[];
        outs.forEach((o, k) => identical(`jit(vmap(f)) (${backend}) output ${k}`, o, np.stack(rows.map((r) => r[k]))));
      }
      return "checked";
    },
  },
  {
    name: "jit(vmap(f)) split over 1, 2 and 3 threads: the same bits as per example",
    dtypes: [["float64"], ["int32", "float32"]],
    family: "all",
    inputs: { specials: true, width: 8 },
    check: (f, inputs) => {
      // 13 examples: four groups of lanes, so two and three threads each get a range.
      const examples = perturbedExamples(inputs, 13);
      const rows = examples.map((e) => f(...e));
      const batched = inputs.map((_, i) => np.stack(examples.map((e) => e[i])));
      setParallelMinimum(0);
      try {
        for (const threads of [1, 2, 3]) {
          config({ threads });
          startWorkers(threads);
          const outs = jit(vmap(f), { backend: "wasm" })(...batched) as Tensor[];
          outs.forEach((o, k) => identical(`jit(vmap(f)) on ${threads} threads, output ${k}`, o, np.stack(rows.map((r) => r[k]))));
        }
      } finally {
        setParallelMinimum(null);
        config({ threads: null });
      }
      return "checked";
    },
  },
  {
    name: "vmap(grad(f)) = jit(vmap(grad(f))) = stack of grad(f); vmap(jvp(f)) = stack of jvp(f)",
    dtypes: [["float64"]],
    family: "differentiable",
    inputs: { specials: true, width: 4 },
    check: (f, inputs) => {
      if (!floatOutputs(f(...inputs))) return { skipped: "integer outputs" };
      const total = scalarTotal(f);
      const argnums = inputs.map((_, i) => i);
      const g = grad(total, { argnums });
      const examples = perturbedExamples(inputs, 3);
      const rows = examples.map((e) => g(...e) as Tensor[]);
      const batched = inputs.map((_, i) => np.stack(examples.map((e) => e[i])));
      const stacked = inputs.map((_, i) => np.stack(rows.map((r) => r[i])));
      allIdentical("vmap(grad(f))", vmap(g)(...batched) as Tensor[], stacked);
      allIdentical("jit(vmap(grad(f)))", jit(vmap(g))(...batched) as Tensor[], stacked);
      allIdentical("jit(vmap(grad(f))) (wasm)", jit(vmap(g), { backend: "wasm" })(...batched) as Tensor[], stacked);
      if (!hasWhile(f, inputs)) {
        const tangent = (...xs: Tensor[]) => (jvp(f, xs, xs.map((x) => np.onesLike(x))) as [Tensor[], Tensor[]])[1];
        const jrows = examples.map((e) => tangent(...e));
        allIdentical(
          "vmap(jvp(f))",
          vmap(tangent)(...batched) as Tensor[],
          jrows[0].map((_, k) => np.stack(jrows.map((r) => r[k]))),
        );
      }
      return "checked";
    },
  },
  {
    name: "second order: jvp(grad f) = grad(⟨grad f, v⟩) = jit of it; jacfwd = jacrev; linearize = jvp",
    dtypes: [["float64"]],
    family: "smooth",
    inputs: { specials: false, width: 2 },
    check: (f, inputs, seed) => {
      const outs = f(...inputs);
      if (!floatOutputs(outs)) return { skipped: "integer outputs" };
      // At a NaN value (a mean over nothing, say) forward and reverse mode legitimately
      // disagree (0/0 against a sum over nothing), in JAX too.
      if (!allFinite(outs)) return { skipped: "non-finite values" };
      const next = rng(seed);
      const total = scalarTotal(f);
      const argnums = inputs.map((_, i) => i);
      const g = grad(total, { argnums });
      const v = inputs.map((x) => uniform(next, x.shape, -1, 1));
      const forwardOverReverse = (jvp((...xs: Tensor[]) => g(...xs) as Tensor[], [...inputs], v) as [Tensor[], Tensor[]])[1];
      const innerProduct = (...xs: Tensor[]) => (g(...xs) as Tensor[]).reduce((acc, gi, i) => acc.add(np.sum(np.multiply(gi, v[i]))), np.array(0));
      const reverseOverReverse = grad(innerProduct, { argnums })(...inputs) as Tensor[];
      if (!allFinite(forwardOverReverse) || values(forwardOverReverse).some((x) => Math.abs(x) > 1e8)) return { skipped: "huge or non-finite second derivatives" };
      allClose("jvp(grad f) vs grad(⟨grad f, v⟩)", forwardOverReverse, reverseOverReverse, 1e-9);
      allIdentical("jit(grad(⟨grad f, v⟩))", jit(grad(innerProduct, { argnums }))(...inputs) as Tensor[], reverseOverReverse);
      // Jacobians of the first input, both ways, and linearize's tangent map against jvp.
      const first = (x: Tensor) => f(x, ...inputs.slice(1));
      if (inputs[0].size * f(...inputs).reduce((n, o) => n + o.size, 0) <= 400) {
        allClose("jacfwd vs jacrev", jacfwd(first)(inputs[0]) as Tensor[], jacrev(first)(inputs[0]) as Tensor[], 1e-10);
      }
      const [, lin] = linearize(f, ...inputs) as [Tensor[], (...t: Tensor[]) => Tensor[]];
      allClose("linearize vs jvp", lin(...v), (jvp(f, [...inputs], v) as [Tensor[], Tensor[]])[1], 1e-12);
      return "checked";
    },
  },
  {
    name: "jit over argument kinds: a pytree, JS numbers, typed arrays; several signatures of one function",
    dtypes: [["float64"], ["int32", "float64"]],
    family: "all",
    inputs: { specials: true, width: 8 },
    check: (f, inputs) => {
      const want = evalJaxpr(makeJaxpr(f)(...inputs), ...inputs);
      // One jitted function, called with each argument spelling in turn; the static label
      // makes a second signature of the same program.
      const jf = jit((tree: { xs: Tensor[] }, _label: string) => f(...tree.xs), { staticArgnums: 1 });
      allIdentical("pytree argument", jf({ xs: [...inputs] }, "a") as Tensor[], want);
      const spelled = inputs.map((x) =>
        x.ndim === 0 && x.dtype === "float64" ? x.item() : x.ndim === 1 && x.dtype !== "bool" ? x.toTypedArray() : x,
      );
      const viaKinds = jf({ xs: spelled as Tensor[] }, "a") as (Tensor | number)[];
      viaKinds.forEach((o, k) => identical(`numbers and typed arrays, output ${k}`, typeof o === "number" ? np.array(o, want[k].dtype) : o, want[k]));
      allIdentical("pytree argument again (cached)", jf({ xs: [...inputs] }, "a") as Tensor[], want);
      allIdentical("another static argument", jf({ xs: [...inputs] }, "b") as Tensor[], want);
      return "checked";
    },
  },
];

/** Three examples: the inputs, then the inputs shifted by 1 and by 2 (in their dtype). */
function perturbedExamples(inputs: readonly Tensor[], n: number): Tensor[][] {
  return Array.from({ length: n }, (_, k) => inputs.map((x) => (k === 0 ? x : np.add(x, np.array(k, x.dtype)).astype(x.dtype))));
}

/** The sum of every output, a scalar to differentiate. */
const scalarTotal =
  (f: ProgramFn) =>
  (...xs: Tensor[]): Tensor =>
    f(...xs).reduce((acc, o) => acc.add(np.sum(o)), np.array(0));

/** Whether the program has a while loop (no reverse mode, so no forward-over-batch of grad either). */
const hasWhile = (f: ProgramFn, inputs: readonly Tensor[]) => makeJaxpr(f)(...inputs).toString().includes("while[");

function allClose(what: string, got: readonly Tensor[], want: readonly Tensor[], rtol: number): void {
  if (got.length !== want.length) throw new Error(`${what}: ${got.length} outputs, expected ${want.length}`);
  got.forEach((g, k) => {
    const [a, b] = [g.toTypedArray(), want[k].toTypedArray()];
    if (a.length !== b.length) throw new Error(`${what}, output ${k}: ${a.length} elements, expected ${b.length}`);
    const scale = Math.max(1, ...Array.from(b, Math.abs));
    for (let i = 0; i < a.length; i++) {
      if (Number.isNaN(a[i]) && Number.isNaN(b[i])) continue;
      if (!(Math.abs(a[i] - b[i]) <= rtol * scale)) throw new Error(`${what}, output ${k}, element ${i}: ${a[i]}, expected ${b[i]} (rtol ${rtol})`);
    }
  });
}

/** Looks a property up by name (for regression tests). */
export function propertyNamed(name: string): Property {
  const p = PROPERTIES.find((q) => q.name === name);
  if (!p) throw new Error(`no property named "${name}"`);
  return p;
}

/** Checks `property` on a program, turning a violation into a report with a test to paste. */
export function checkProgram(property: Property, program: Program, seed: number): Outcome {
  const inputs = makeInputs(program, seed, property.inputs.specials, property.inputs.width);
  const f: ProgramFn = (...xs) => runProgram(program, xs);
  try {
    return property.check(f, inputs, seed);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n\n${report(property, program, inputs, seed)}`);
  }
}

/** A number as TypeScript source, keeping -0, NaN and infinities. */
const literal = (v: number) => (Object.is(v, -0) ? "-0" : Number.isNaN(v) ? "NaN" : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : String(v));

/** The failure as the program, its jaxpr, and a vitest test that reproduces it. */
function report(property: Property, program: Program, inputs: readonly Tensor[], seed: number): string {
  const f: ProgramFn = (...xs) => runProgram(program, xs);
  let jaxpr: string;
  try {
    jaxpr = makeJaxpr(f)(...inputs).toString();
  } catch (e) {
    jaxpr = `(tracing failed: ${(e as Error).message})`;
  }
  const code = describeProgram(program, inputs);
  const defined = code.split("\n").filter((l) => l.startsWith("const "));
  const outs = defined.map((l) => l.split(" ")[1]);
  const args = inputs.map((_, i) => `x${i}`);
  const inputCode = inputs.map((x) => `np.reshape(np.array([${Array.from(x.toTypedArray(), literal).join(", ")}], "${x.dtype}"), [${x.shape.join(", ")}])`);
  const test = [
    `it(${JSON.stringify(`regression: ${property.name}`)}, () => {`,
    `  const f = (${args.map((a) => `${a}: Tensor`).join(", ")}): Tensor[] => {`,
    ...code.split("\n").map((l) => `    ${l}`),
    `    return [${outs.join(", ")}];`,
    "  };",
    `  const inputs = [${inputCode.join(", ")}];`,
    `  expect(propertyNamed(${JSON.stringify(property.name)}).check((...xs) => f(...(xs as [${args.map(() => "Tensor").join(", ")}])), inputs, ${seed})).toBe("checked");`,
    "});",
  ];
  return ["program:", code, "", "jaxpr:", jaxpr, "", "as a regression test (test/fuzz-regressions.test.ts):", ...test].join("\n");
}
