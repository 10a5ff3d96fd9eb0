/**
 * Large fused elementwise loops as WebAssembly batch kernels (their elements as examples,
 * `lower-batch.ts` `emitElementwiseKernel`): the interpreter's bits, NaN and -0 included,
 * on `auto` and `wasm`, on 1, 2 and 3 threads, for random chains of operations over
 * contiguous, reversed and broadcast operands; and the rule for when `auto` takes them.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { type Tensor, config, evalJaxpr, jit, lax, makeJaxpr, nn, np } from "../src";
import { setParallelMinimum, startWorkers } from "../src/backend/threads/pool";
import { expectIdentical } from "./helpers/assert";
import { simdLogAgrees } from "../src/backend/wasm/log";

afterEach(() => {
  setParallelMinimum(null);
  config({ threads: null });
});

const [H, W] = [64, 80]; // 5120 elements: above WASM_ELEMENTWISE_MIN

/** Deterministic values with specials (NaN, ±0, ±Infinity, ±1) mixed in. */
function values(n: number, seed: number): number[] {
  let s = seed >>> 0 || 1;
  const special = [NaN, -0, 0, Infinity, -Infinity, 1, -1];
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const r = s / 2 ** 32;
    return r < 0.08 ? special[Math.floor(r * 100) % special.length] : (r - 0.5) * 16;
  });
}

type Unary = (x: Tensor) => Tensor;
type Binary = (x: Tensor, y: Tensor) => Tensor;
const UNARY: readonly Unary[] = [np.sqrt, np.negative, np.abs, np.floor, np.square, (x) => lax.rsqrt(x), (x) => np.divide(1, x), np.exp, np.log];
const BINARY: readonly Binary[] = [
  np.add,
  np.subtract,
  np.multiply,
  np.divide,
  np.maximum,
  np.minimum,
  (x, y) => np.where(np.less(x, y), x, np.divide(y, 3)),
];

/** A chain of steps over a [H, W] array `x`, x reversed (a negative stride), x·s and s broadcast (a 0-d `s`). */
const chainArb = fc.array(fc.tuple(fc.nat(UNARY.length + BINARY.length - 1), fc.nat(4), fc.nat(8)), { minLength: 1, maxLength: 7 });

function program(steps: readonly [number, number, number][]): (x: Tensor, s: Tensor) => Tensor[] {
  return (x, s) => {
    const pool: Tensor[] = [x, np.flip(x), np.broadcastTo(s, [H, W]), np.multiply(x, s)];
    for (const [op, a, b] of steps) {
      const u = pool[a % pool.length];
      const v = pool[b % pool.length];
      pool.push(op < UNARY.length ? UNARY[op](u) : BINARY[op - UNARY.length](u, v));
    }
    // The last value and one before it: two outputs of the loop.
    return [pool[pool.length - 1], pool[Math.max(3, pool.length - 2)]];
  };
}

const inputs = (seed: number, dtype: "float64" | "float32" = "float64"): [Tensor, Tensor] => [np.array(values(H * W, seed), dtype).reshape([H, W]), np.array(0.75, dtype)];

describe("elementwise loops as batch kernels", () => {
  it("random chains: jit (auto and wasm, 1–3 threads) = the interpreter, bit for bit", () => {
    fc.assert(
      fc.property(chainArb, fc.integer({ min: 1, max: 1000 }), fc.constantFrom("float64" as const, "float32" as const), (steps, seed, dtype) => {
        const f = program(steps);
        const args = inputs(seed, dtype);
        const want = evalJaxpr(makeJaxpr(f)(...args), ...args);
        // Every operand is one run of storage and nothing reduces: the wasm backend always takes a kernel.
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
      }),
      { numRuns: 25 },
    );
  });

  it("auto takes a kernel for a loop that divides, takes square roots or exponentiates, from 4096 elements", () => {
    const x = np.array(values(H * W, 3)).reshape([H, W]);
    const heavy = (v: Tensor) => np.divide(np.sqrt(np.add(np.multiply(v, v), 1)), np.add(v, 2));
    const light = (v: Tensor) => np.add(np.multiply(v, 3), 1);
    expect(jit(heavy).lower(x).wasm.length).toBe(1);
    expect(jit(heavy).lower(x).source).toContain("BATCH");
    // Adds and multiplies are bound by memory: the copies would cost more than the lanes save.
    expect(jit(light).lower(x).wasm).toEqual([]);
    expect(jit(light, { backend: "wasm" }).lower(x).wasm.length).toBe(1);
    // Below the threshold, and on the JavaScript backend, the loop stays JavaScript.
    expect(jit(heavy).lower(np.ones([4095])).wasm).toEqual([]);
    expect(jit(heavy, { backend: "js" }).lower(x).wasm).toEqual([]);
    // exp runs on the lanes (exp.ts), and pays alone; Math.* called lane by lane (sin) is
    // slower than the JavaScript loop, so auto keeps that there.
    expect(jit((v: Tensor) => np.exp(np.negative(v))).lower(x).wasm.length).toBe(1);
    expect(jit(nn.sigmoid).lower(x).wasm.length).toBe(1);
    // So does log (log.ts), where its probe agrees.
    expect(jit((v: Tensor) => np.log(np.add(np.multiply(v, v), 1))).lower(x).wasm.length).toBe(simdLogAgrees() ? 1 : 0);
    expect(jit((v: Tensor) => np.divide(np.sin(v), 2)).lower(x).wasm).toEqual([]);
  });

  it("a loop with a reduction, a transposed operand or a broadcast row stays a JavaScript loop with the same bits", () => {
    const x = np.array(values(H * W, 5)).reshape([H, W]);
    const row = np.array(values(W, 6));
    const programs = [
      (v: Tensor) => np.sum(np.sqrt(np.abs(v))),
      (v: Tensor) => np.divide(v.T, 3),
      (v: Tensor) => np.divide(v, np.broadcastTo(row, [H, W])),
      (v: Tensor) => np.divide(np.flip(v, 0), 3),
    ];
    for (const f of programs) {
      expect(jit(f, { backend: "wasm" }).lower(x).wasm).toEqual([]);
      expectIdentical(jit(f)(x), evalJaxpr(makeJaxpr(f)(x), x)[0]);
    }
  });

  it("int32 and bool values through a dividing float loop keep their bits", () => {
    const x = np.array(values(H * W, 7)).reshape([H, W]);
    const k = np.arange(H * W, undefined, undefined, "int32").reshape([H, W]);
    const f = (v: Tensor, i: Tensor) => {
      const q = np.divide(v, np.add(i.astype("float64"), 0.5));
      return [q, np.greater(q, 0), np.add(i, 1), np.sqrt(q).astype("float32")];
    };
    const want = evalJaxpr(makeJaxpr(f)(x, k), x, k);
    for (const backend of ["auto", "wasm"] as const) (jit(f, { backend })(x, k) as Tensor[]).forEach((g, i) => expectIdentical(g, want[i]));
  });
});
