/**
 * Fused loops that reduce over trailing axes as WebAssembly batch kernels with a row per
 * example (`lower-batch.ts` `emitRowReductionKernel`): the interpreter's bits, NaN and -0
 * included, on `auto` and `wasm`, on 1, 2 and 3 threads, for random chains of operations
 * over contiguous, reversed, transposed and broadcast operands reduced by every reduction;
 * and the rule for when `auto` takes them.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { type Tensor, config, evalJaxpr, jit, makeJaxpr, nn, np } from "../src";
import { setParallelMinimum, startWorkers } from "../src/backend/threads/pool";
import { expectIdentical } from "./helpers/assert";
import { importModule } from "./helpers/module";

afterEach(() => {
  setParallelMinimum(null);
  config({ threads: null });
});

const [R, C] = [27, 160]; // 4320 elements: above the kernels' minimum; 27 rows: a padded last group

/**
 * Deterministic values with specials (NaN, ±0, ±Infinity, ±1) mixed in, rarely enough that
 * most rows of 160 have none (a NaN or ∞ in a row decides its sum).
 */
function values(n: number, seed: number, specials = 0.004): number[] {
  let s = seed >>> 0 || 1;
  const special = [NaN, -0, 0, Infinity, -Infinity, 1, -1];
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const r = s / 2 ** 32;
    return r < specials ? special[Math.floor((r / specials) * 7)] : (r - 0.5) * 12;
  });
}

type Unary = (x: Tensor) => Tensor;
type Binary = (x: Tensor, y: Tensor) => Tensor;
const UNARY: readonly Unary[] = [np.sqrt, np.negative, np.abs, np.exp, np.log, (x) => np.divide(1, x), np.floor];
const BINARY: readonly Binary[] = [np.add, np.subtract, np.multiply, np.divide, np.maximum, (x, y) => np.where(np.less(x, y), x, np.divide(y, 3))];
const REDUCE: readonly ((x: Tensor) => Tensor)[] = [(x) => np.sum(x, 1), (x) => np.max(x, 1), (x) => np.min(x, 1), (x) => np.prod(np.divide(x, 4), 1)];

/**
 * Steps over an [R, C] array `x`: x, x with its rows reversed (a negative stride), xᵀ of a
 * [C, R] array (rows of stride R), a broadcast row, a broadcast column (one value per row)
 * and a broadcast 0-d `s`; then reductions over the rows of the last values.
 */
const chainArb = fc.array(fc.tuple(fc.nat(UNARY.length + BINARY.length - 1), fc.nat(5), fc.nat(9)), { minLength: 1, maxLength: 6 });

function program(steps: readonly [number, number, number][], reduce: readonly number[], keep = false): (x: Tensor, t: Tensor, row: Tensor, col: Tensor, s: Tensor) => Tensor[] {
  return (x, t, row, col, s) => {
    const pool: Tensor[] = [x, np.flip(x, 1), t.T, np.broadcastTo(row, [R, C]), np.broadcastTo(col, [R, C]), np.multiply(x, s)];
    for (const [op, a, b] of steps) {
      const u = pool[a % pool.length];
      const v = pool[b % pool.length];
      pool.push(op < UNARY.length ? UNARY[op](u) : BINARY[op - UNARY.length](u, v));
    }
    const reduced = reduce.map((r, i) => REDUCE[r](pool[pool.length - 1 - (i % 2)]));
    // A value of the loop returned too: stored row by row beside the reductions.
    return keep ? [...reduced, pool[pool.length - 1]] : reduced;
  };
}

function inputs(seed: number, dtype: "float64" | "float32", specials?: number): [Tensor, Tensor, Tensor, Tensor, Tensor] {
  return [
    np.array(values(R * C, seed, specials), dtype).reshape([R, C]),
    np.array(values(R * C, seed + 1, specials), dtype).reshape([C, R]),
    np.array(values(C, seed + 2, specials), dtype),
    np.array(values(R, seed + 3, specials), dtype).reshape([R, 1]),
    np.array(0.75, dtype),
  ];
}

describe("row reductions as batch kernels", () => {
  it("random chains reduced over rows: jit (auto and wasm, 1–3 threads) = the interpreter, bit for bit", () => {
    fc.assert(
      fc.property(
        chainArb,
        fc.array(fc.nat(REDUCE.length - 1), { minLength: 1, maxLength: 2 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.constantFrom("float64" as const, "float32" as const),
        fc.boolean(),
        (steps, reduce, seed, dtype, keep) => {
          const f = program(steps, reduce, keep);
          const args = inputs(seed, dtype);
          const want = evalJaxpr(makeJaxpr(f)(...args), ...args);
          // Only elementwise operations feed the reductions: the wasm backend always takes a kernel.
          expect(jit(f, { backend: "wasm" }).lower(...args).wasm.length).toBeGreaterThan(0);
          setParallelMinimum(0);
          for (const threads of [1, 2, 3]) {
            config({ threads });
            startWorkers(threads);
            for (const backend of ["auto", "wasm"] as const) {
              const got = jit(f, { backend })(...args) as Tensor[];
              got.forEach((g, i) => expectIdentical(g, want[i]));
            }
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it("the wasm backend takes every shape of operand the property draws", () => {
    const args = inputs(5, "float64", 0);
    // Every operand kind at once: x, reversed rows, a transpose, a row, a column, a scalar.
    const f = (x: Tensor, t: Tensor, row: Tensor, col: Tensor, s: Tensor) =>
      np.sum(np.add(np.add(np.multiply(x, s), np.flip(x, 1)), np.add(t.T, np.multiply(np.broadcastTo(row, [R, C]), np.broadcastTo(col, [R, C])))), 1);
    const want = evalJaxpr(makeJaxpr(f)(...args), ...args)[0];
    expect(Array.from(want.toTypedArray()).filter(Number.isFinite).length).toBe(R);
    const low = jit(f, { backend: "wasm" }).lower(...args);
    expect(low.wasm.length).toBe(1);
    expect(low.source).toContain("BATCH");
    expectIdentical(jit(f, { backend: "wasm" })(...args), want);
  });

  it("logsumexp takes a kernel under auto; loops of adds, leading-axis reductions and few rows stay JavaScript", () => {
    const x = np.array(values(R * C, 3, 0)).reshape([R, C]);
    const lse = (v: Tensor) => nn.logsumexp(v, 1);
    expect(jit(lse).lower(x).wasm.length).toBe(1);
    expect(jit(lse).lower(x).source).toContain("BATCH");
    expectIdentical(jit(lse)(x), evalJaxpr(makeJaxpr(lse)(x), x)[0]);
    // Memory-bound: the copy in would cost what the loop does.
    expect(jit((v: Tensor) => np.sum(np.multiply(v, v), 1)).lower(x).wasm).toEqual([]);
    expect(jit((v: Tensor) => np.sum(np.multiply(v, v), 1), { backend: "wasm" }).lower(x).wasm.length).toBe(1);
    // A reduction over the leading axis is not a row per example; a full reduction is one chain.
    expect(jit((v: Tensor) => np.sum(np.exp(v), 0), { backend: "wasm" }).lower(x).wasm).toEqual([]);
    expect(jit((v: Tensor) => np.sum(np.exp(v)), { backend: "wasm" }).lower(x).wasm).toEqual([]);
    // Fewer rows than a loop over examples takes, or too few elements, or the js backend.
    const wide = np.array(values(4 * 2048, 4, 0)).reshape([4, 2048]);
    expect(jit(lse).lower(wide).wasm).toEqual([]);
    expect(jit(lse).lower(np.ones([16, 200])).wasm).toEqual([]);
    expect(jit(lse, { backend: "js" }).lower(x).wasm).toEqual([]);
  });

  it("an ahead-of-time module carries the kernel and gives the same bits", async () => {
    const x = np.array(values(R * C, 13)).reshape([R, C]);
    const lse = jit((v: Tensor) => nn.logsumexp(np.divide(v, 3), 1), { backend: "wasm" });
    const { js } = lse.lower(x).toModule({ backend: "wasm", name: "lse" });
    expect(js).toContain("new WebAssembly.Module(");
    const m: Record<string, any> = await importModule(js);
    expect(Array.from(m.lse(x.toTypedArray()) as Float64Array)).toEqual(Array.from(lse(x).toTypedArray()));
  });

  it("values of the loop read later (softmax's exp, an int and a bool) are stored row by row, with the same bits", () => {
    const x = np.array(values(R * C, 9)).reshape([R, C]);
    const softmax = (v: Tensor) => nn.softmax(v, 1);
    const low = jit(softmax).lower(x);
    expect(low.source).toMatch(/BATCH\d+\(27,/);
    expect(low.wasm.length).toBeGreaterThan(0);
    const kinds = (v: Tensor) => {
      const q = np.exp(np.divide(v, 3));
      return [np.sum(q, 1), q, np.greater(q, 1), np.floor(q).astype("int32"), q.astype("float32")];
    };
    for (const f of [softmax, kinds]) {
      const want = evalJaxpr(makeJaxpr(f)(x), x);
      for (const backend of ["auto", "wasm"] as const) {
        const got = jit(f, { backend })(x);
        (Array.isArray(got) ? got : [got]).forEach((g, i) => expectIdentical(g, want[i]));
      }
    }
  });

  it("int32 and bool reductions, over two trailing axes, keep their bits", () => {
    const x = np.array(values(R * C, 11)).reshape([R, 8, C / 8]);
    const k = np.arange(R * C, undefined, undefined, "int32").reshape([R, 8, C / 8]);
    const f = (v: Tensor, i: Tensor) => {
      const q = np.divide(v, np.add(i.astype("float64"), 0.5));
      return [
        np.sum(q, [1, 2]),
        np.sum(np.add(np.remainder(i, 7), np.greater(q, 0).astype("int32")), [1, 2]),
        np.max(np.multiply(i, -3), [1, 2]),
        np.any(np.greater(q, 1), [1, 2]),
        np.all(np.less(q, 1), [1, 2]),
        np.sum(np.sqrt(q).astype("float32"), [1, 2]),
      ];
    };
    const want = evalJaxpr(makeJaxpr(f)(x, k), x, k);
    const low = jit(f, { backend: "wasm" }).lower(x, k);
    expect(low.wasm.length).toBeGreaterThan(0);
    for (const backend of ["auto", "wasm"] as const) (jit(f, { backend })(x, k) as Tensor[]).forEach((g, i) => expectIdentical(g, want[i]));
  });
});
