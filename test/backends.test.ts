/**
 * jit's backends against the interpreter, bit for bit: every primitive case and the dot
 * kernels over layouts (transposed, sliced, reversed, batched, broadcast operands), edge
 * sizes and special values, on JavaScript and on WebAssembly.
 */
import { describe, expect, it } from "vitest";
import initWabt from "wabt";
import { ArgumentError, type Tensor, evalJaxpr, grad, jit, lax, makeJaxpr, nn, np, vmap } from "../src";
import { CHUNK_BYTES } from "../src/backend/wasm/batch";
import { batchModule } from "../src/backend/wasm/batch-render";
import { dotModule } from "../src/backend/wasm/dot";
import { batchKernelOf } from "../src/kernel/from-jaxpr";
import { descend } from "../bench/suites/descent";
import { expectIdentical } from "./helpers/assert";
import { CASES } from "./helpers/prim-cases";
import { rng, uniform } from "./helpers/random";

const BACKENDS = ["js", "wasm", "auto"] as const;

const interpreted = (f: (...xs: Tensor[]) => Tensor, xs: Tensor[]) => evalJaxpr(makeJaxpr(f)(...xs), ...xs)[0];

describe("every primitive case: jit on each backend = interpreter", () => {
  for (const c of CASES) {
    it(c.name, () => {
      c.shapes.forEach((shapes, si) => {
        const next = rng(si + 1);
        const xs = shapes.map((s, i) => uniform(next, s, ...(c.domain?.[i] ?? [-2, 2])));
        const want = interpreted(c.fn, xs);
        for (const backend of BACKENDS) expectIdentical(jit(c.fn, { backend })(...xs) as Tensor, want);
      });
    });
  }
});

const ints = (shape: number[], seed: number) => {
  const next = rng(seed);
  return np.array(uniform(next, shape, -1000, 1000).toTypedArray().map(Math.round), "int32").reshape(shape);
};

describe("dot kernels", () => {
  const layouts: [string, (a: Tensor, b: Tensor) => Tensor, number[], number[]][] = [
    ["a·b", (a, b) => np.matmul(a, b), [13, 11], [11, 9]],
    ["aᵀ·b", (a, b) => np.matmul(a.T, b), [11, 13], [11, 9]],
    ["a·bᵀ", (a, b) => np.matmul(a, b.T), [13, 11], [9, 11]],
    ["sliced and reversed", (a, b) => np.matmul(a.slice([1, 27, 2]), np.flip(b, 1)), [27, 11], [11, 9]],
    ["batched", (a, b) => np.matmul(a, b), [3, 9, 10], [3, 10, 8]],
    ["batch broadcast", (a, b) => np.matmul(a, b), [2, 9, 10], [10, 8]],
    ["matrix·vector", (a, b) => np.matmul(a, b.slice([], 0)), [40, 30], [30, 2]],
    ["after elementwise", (a, b) => np.matmul(np.sin(a), np.multiply(b, 2)), [16, 16], [16, 16]],
    ["dynamic slice operand", (a, b) => np.matmul(lax.dynamicSlice(a, [np.argmax(a.slice([], 0)), 0], [8, 11]), b), [13, 11], [11, 9]],
  ];
  for (const dtype of ["float64", "float32", "int32"] as const) {
    for (const [name, f, sa, sb] of layouts) {
      it(`${dtype}: ${name}`, () => {
        const make = (s: number[], seed: number) => (dtype === "int32" ? ints(s, seed) : uniform(rng(seed), s, -2, 2).astype(dtype));
        const [a, b] = [make(sa, 1), make(sb, 2)];
        const want = interpreted(f, [a, b]);
        for (const backend of BACKENDS) {
          const jf = jit(f, { backend });
          expectIdentical(jf(a, b) as Tensor, want);
          if (backend !== "auto") expect(jf.lower(a, b).wasm.length > 0).toBe(backend === "wasm");
        }
      });
    }
  }

  it("special values (NaN, ±Infinity, -0) and wrap-around give the interpreter's bits", () => {
    const f = (a: Tensor, b: Tensor) => np.matmul(a, b);
    const specials = [NaN, Infinity, -Infinity, -0, 0, 1e308, -1e308, 5e-324, 1, -1];
    const a = np.array(Array.from({ length: 12 * 10 }, (_, i) => specials[(i * 7) % specials.length])).reshape([12, 10]);
    const b = np.array(Array.from({ length: 10 * 9 }, (_, i) => specials[(i * 3) % specials.length])).reshape([10, 9]);
    expectIdentical(jit(f, { backend: "wasm" })(a, b) as Tensor, interpreted(f, [a, b]));
    const big = np.full([9, 9], 2 ** 30, "int32");
    expectIdentical(jit(f, { backend: "wasm" })(big, big) as Tensor, interpreted(f, [big, big]));
  });

  it("products larger than one pass of packed memory, or than one column block of B, run in blocks, with the same bits", () => {
    const f = (a: Tensor, b: Tensor) => np.matmul(a, b);
    for (const dtype of ["float64", "int32"] as const) {
      for (const [sa, sb] of [
        [[20001, 64], [64, 67]], // tall: blocks of rows
        [[67, 64], [64, 20001]], // wide: blocks of columns
        [[13, 1500], [1500, 45]], // deep: one pass, B swept in column blocks of 5 panels (the last partial)
      ]) {
        const make = (s: number[], seed: number) => (dtype === "int32" ? ints(s, seed) : uniform(rng(seed), s, -2, 2));
        const [a, b] = [make(sa, 1), make(sb, 2)];
        expectIdentical(jit(f, { backend: "wasm" })(a, b) as Tensor, interpreted(f, [a, b]));
      }
    }
  });

  it("empty contractions and empty results", () => {
    const f = (a: Tensor, b: Tensor) => np.matmul(a, b);
    for (const [sa, sb] of [
      [[20, 0], [0, 30]],
      [[0, 20], [20, 30]],
      [[20, 30], [30, 0]],
    ]) {
      const [a, b] = [np.ones(sa), np.ones(sb)];
      expectIdentical(jit(f, { backend: "wasm" })(a, b) as Tensor, interpreted(f, [a, b]));
    }
  });

  it("scratch outputs are reused across calls without stale values", () => {
    const f = (a: Tensor, b: Tensor) => np.sum(np.matmul(np.matmul(a, b), b));
    const jf = jit(f, { backend: "wasm" });
    for (let seed = 1; seed <= 3; seed++) {
      const [a, b] = [uniform(rng(seed), [12, 12], -1, 1), uniform(rng(seed + 10), [12, 12], -1, 1)];
      expectIdentical(jf(a, b) as Tensor, interpreted(f, [a, b]));
    }
  });

  it("the kernel modules' text assembles (wabt) to the bytes jit runs", async () => {
    const wabt = await initWabt();
    for (const family of ["f64", "f32", "i32"] as const) {
      const mb = dotModule(family);
      const m = wabt.parseWat(`${family}.wat`, mb.text(), { simd: true, threads: true });
      (m.validate as (features: object) => void)({ simd: true, threads: true }); // wabt takes features here too (its typings say not)
      expect(Array.from(new Uint8Array(m.toBinary({}).buffer))).toEqual(Array.from(mb.encode()));
      m.destroy();
    }
  });

  it("lower() shows the WebAssembly beside the JavaScript", () => {
    const s = jit((a: Tensor, b: Tensor) => np.matmul(a, b), { backend: "wasm" }).lower(np.ones([8, 8]), np.ones([8, 8])).toString();
    expect(s).toContain(";; WebAssembly called by the code above");
    expect(s).toContain("f64x2.mul");
  });

  it("a bad backend is a typed error naming the choices", () => {
    expect(() => jit((x: Tensor) => x, { backend: "gpu" as never })).toThrow(ArgumentError);
    expect(() => jit((x: Tensor) => x, { backend: "gpu" as never })).toThrow(/"auto", "js", "wasm"; got "gpu"/);
  });
});

const SPECIALS = [NaN, Infinity, -Infinity, -0, 0, 1e308, -1e-308, 5e-324, 0.5, -2.5, 3, 7.25];

/** Rows of examples: random values with special values mixed in. */
function examples(n: number, row: number[], seed: number, dtype: "float64" | "float32" = "float64"): Tensor {
  const next = rng(seed);
  const size = row.reduce((p, d) => p * d, 1);
  const data = Array.from({ length: n * size }, (_, i) => (i % 5 === 4 ? SPECIALS[i % SPECIALS.length] : -3 + 6 * next()));
  return np.array(data).reshape([n, ...row]).astype(dtype);
}

describe("batch kernels (lanes = examples)", () => {
  const programs: [string, (...xs: Tensor[]) => Tensor | Tensor[], number[][]][] = [
    ["the terrain descent (foriLoop of grad)", descend, [[2]]],
    ["transcendentals, pow, atan2, fmod, rounding", (x) => np.stack([np.sin(x.slice(0)), np.exp(x.slice(1)), np.power(np.abs(x.slice(0)), x.slice(1)), np.arctan2(x.slice(0), x.slice(1)), np.fmod(x.slice(0), x.slice(1)), lax.round(x.slice(0)), np.round(x.slice(1)), np.tanh(x.slice(0)), np.log1p(np.abs(x.slice(1)))]), [[2]]],
    ["compares, where, sign, isfinite, floor, ceil, min, max", (x) => [np.where(np.greater(x, 0), np.floor(x), np.ceil(x)), np.sign(x), np.isfinite(x), np.maximum(x, 0.5), np.minimum(x, -0.0), np.logicalAnd(np.greater(x, 0), np.less(x, 2))], [[3]]],
    ["shape ops inside an example", (x) => np.concatenate([x.T.reshape([-1]), np.flip(x, 0).slice(0), np.pad(x.slice(1), [[1, 2]])]), [[2, 3]]],
    ["a shared constant and a second input", (x, y) => np.add(np.multiply(x, np.array([1, -2, 0.5])), y.sum()), [[3], [4]]],
    ["a loop with a carry and a counter", (x) => lax.foriLoop(0, 7, (i, c: Tensor) => np.add(np.multiply(c, 0.5), np.sqrt(np.abs(np.add(c, i)))), x), [[2]]],
    ["softmax and logsumexp", (x) => [nn.softmax(x), nn.logsumexp(x)], [[4]]],
    ["argmax, argmin and reductions over a larger row (ties, NaN first)", (x) => [np.argmax(x, 1), np.argmin(x.T, 0), np.sum(x, 0), np.max(x), np.prod(np.tanh(x), 1), np.any(np.greater(x, 1)), np.argmax(np.round(x))], [[3, 5]]],
    ["a gradient", (x) => grad((y: Tensor) => np.sum(np.sin(y).mul(y)))(x), [[3]]],
    ["cond on a per-example predicate (both branches computed, then selected)", (x) => lax.cond(np.greater(x.sum(), 0), (y: Tensor) => np.sin(y), (y: Tensor) => np.multiply(y, 2), x), [[2]]],
    ["a while loop on a per-example predicate (lanes stop at different trips)", (x) => lax.whileLoop((c: Tensor) => np.less(c.sum(), 50), (c: Tensor) => np.add(np.multiply(c, 1.5), 1), np.abs(x)), [[2]]],
    ["a while loop on a counter (the same trips for every example)", (x) => lax.whileLoop(([i]: Tensor[]) => np.less(i, 5), ([i, c]: Tensor[]) => [np.add(i, 1), np.sqrt(np.add(np.abs(c), i))], [np.array(0, "int32"), x])[1], [[3]]],
    ["a loop inside a cond inside a loop", (x) => lax.foriLoop(0, 3, (_i, c: Tensor) => lax.cond(np.less(c.slice(0), 1), (y: Tensor) => lax.foriLoop(0, 2, (_j, z: Tensor) => np.sqrt(np.add(np.abs(z), 1)), y), (y: Tensor) => np.negative(y), c), x), [[2]]],
  ];
  for (const [name, f, rows] of programs) {
    for (const dtype of ["float64", "float32"] as const) {
      it(`${name} (${dtype}): wasm = js = per-example interpreter, and the kernel is used`, () => {
        for (const n of [1, 5, 16]) {
          const xs = rows.map((r, i) => examples(n, r, n * 7 + i, dtype));
          const perExample = (k: number) => evalJaxpr(makeJaxpr(f)(...xs.map((x) => x.slice(k))), ...xs.map((x) => x.slice(k)));
          const want = perExample(0).map((_, o) => np.stack(Array.from({ length: n }, (_, k) => perExample(k)[o])));
          for (const backend of BACKENDS) {
            const got = [jit(vmap(f), { backend })(...xs)].flat() as Tensor[];
            got.forEach((g, o) => expectIdentical(g, want[o]));
          }
          expect(jit(vmap(f), { backend: "wasm" }).lower(...xs).wasm.some((w) => w.includes('(func $run'))).toBe(true);
        }
      });
    }
  }

  it("lax.map reaches the same kernels", () => {
    const f = (x: Tensor) => lax.map((r: Tensor) => np.sqrt(np.add(np.multiply(r, r), 1)), x);
    const x = examples(33, [3], 5);
    expectIdentical(jit(f, { backend: "wasm" })(x) as Tensor, interpreted(f, [x]));
    expect(jit(f, { backend: "wasm" }).lower(x).wasm.length).toBe(1);
  });

  it("lax.map over rows larger than scalarization: reductions and argmax in the kernel's order", () => {
    const f = (x: Tensor) => lax.map((r: Tensor) => np.stack([np.sum(r), np.max(r, 0).sum(), np.prod(r, 1).sum(), np.argmax(r.reshape([-1])).astype("float64"), np.min(r)]), x);
    for (const dtype of ["float64", "float32"] as const) {
      const x = examples(11, [5, 6], 9, dtype);
      expectIdentical(jit(f, { backend: "wasm" })(x) as Tensor, interpreted(f, [x]));
      expect(jit(f, { backend: "wasm" }).lower(x).wasm.length).toBe(1);
    }
  });

  it("per-example integers: wrapping arithmetic, division, compares, selects, conversions", () => {
    const f = (x: Tensor, y: Tensor) => {
      const q = np.floorDivide(x, np.add(np.abs(y), 1));
      const big = np.multiply(x, 1 << 20); // wraps
      const picked = np.where(np.greater(x, y), np.maximum(x, y), np.minimum(np.negative(x), y));
      return [q, np.remainder(x, 7), big, picked, np.sign(y), np.greaterEqual(x, 0).astype("int32"), x.astype("float64").mul(0.5), np.multiply(y.astype("float64"), 1.7).astype("int32")];
    };
    const next = rng(3);
    for (const n of [1, 6, 17]) {
      const ints = (k: number) => np.array(Array.from({ length: n * k }, (_, i) => (i % 7 === 3 ? [2147483647, -2147483648, 0][i % 3] : Math.round(-5000 + 10000 * next()))), "int32").reshape([n, k]);
      const [x, y] = [ints(3), ints(3)];
      const want = (vmap(f)(x, y) as Tensor[]);
      for (const backend of BACKENDS) (jit(vmap(f), { backend })(x, y) as Tensor[]).forEach((g, o) => expectIdentical(g, want[o]));
      expect(jit(vmap(f), { backend: "wasm" }).lower(x, y).wasm.length).toBe(1);
    }
  });

  it("a while loop with a per-example counter and tolerance (Newton's method for √a)", () => {
    const sqrtNewton = (a: Tensor) =>
      lax.whileLoop(
        ([i, x]: Tensor[]) => np.logicalAnd(np.less(i, 40), np.greater(np.abs(np.subtract(np.multiply(x, x), a)), 1e-12)),
        ([i, x]: Tensor[]) => [np.add(i, 1), np.multiply(0.5, np.add(x, np.divide(a, x)))],
        [np.array(0, "int32"), np.add(a, 1)],
      );
    const a = np.array([0.25, 2, 9, 1e6, 3, 1e-3, 7]);
    const want = vmap(sqrtNewton)(a) as Tensor[];
    const jf = jit(vmap(sqrtNewton), { backend: "wasm" });
    (jf(a) as Tensor[]).forEach((g, o) => expectIdentical(g, want[o]));
    expect(jf.lower(a).wasm.length).toBe(1);
    expect(new Set((want[0].tolist() as number[])).size).toBeGreaterThan(2); // lanes stop at different counts
  });

  it("a batch larger than one pass of copies runs in passes, with the same bits", () => {
    const f = vmap((r: Tensor) => np.sqrt(np.add(np.multiply(r, r), np.arange(8))));
    const n = 2 * (CHUNK_BYTES / (16 * 8)) + 7; // 8 values in and 8 out per example: two full passes and a tail
    const x = np.array(Float64Array.from({ length: n * 8 }, (_, i) => Math.sin(i))).reshape([n, 8]);
    const jf = jit(f, { backend: "wasm" });
    expect(jf.lower(x).wasm.length).toBe(1);
    expectIdentical(jf(x) as Tensor, jit(f, { backend: "js" })(x) as Tensor);
  });

  it("a contiguous [n, m] input and the outputs move by rows (block copies); a strided input by elements; the same bits", () => {
    const f = (r: Tensor) => [np.sqrt(np.add(np.multiply(r, r), np.arange(3))), np.stack([np.sum(r), np.max(r)])];
    const x = examples(37, [3], 11);
    const want = (k: Tensor) => evalJaxpr(makeJaxpr(vmap(f))(k), k);
    const rowsJit = jit(vmap(f), { backend: "wasm" });
    const [wat] = rowsJit.lower(x).wasm;
    // Rows: two scalar loads into a vector and two scalar stores out of one, no vector load or store of a mapped value.
    expect(wat).toContain("f64x2.replace_lane 1");
    expect(wat).toContain("f64x2.extract_lane 1");
    expect(wat).not.toContain("v128.store");
    (rowsJit(x) as Tensor[]).forEach((g, o) => expectIdentical(g, want(x)[o]));
    // Examples along axis 1: each example's elements are n apart, so the copy in transposes and the kernel loads vectors.
    const xt = np.array(x.T.tolist() as number[][]);
    const byColumns = jit(vmap(f, { inAxes: 1 }), { backend: "wasm" });
    const [watT] = byColumns.lower(xt).wasm;
    expect(watT).toContain("v128.load");
    expect(watT).not.toContain("f64x2.replace_lane 1");
    (byColumns(xt) as Tensor[]).forEach((g, o) => expectIdentical(g, want(x)[o]));
  });

  it("an empty batch", () => {
    const f = vmap((x: Tensor) => np.sin(x));
    const x = np.zeros([0, 2]);
    expect((jit(f, { backend: "wasm" })(x) as Tensor).shape).toEqual([0, 2]);
  });

  it("the kernel's text assembles (wabt) to the bytes jit runs", async () => {
    const wabt = await initWabt();
    const x = np.zeros([4, 2]);
    const body = makeJaxpr((r: Tensor) => np.stack([np.sin(r.slice(0)), np.where(np.greater(r.slice(1), 0), 1, 2)]))(x.slice(0)).jaxpr;
    const kernel = batchKernelOf(body, [{ dtype: "float64", size: 2, mapped: true }]);
    if (typeof kernel === "string") throw new Error(kernel);
    const made = batchModule(kernel);
    if (typeof made === "string") throw new Error(made);
    expect(made.laneCalls).toBe(3); // sin, once per vector in flight
    const mb = made.module;
    const m = wabt.parseWat("batch.wat", mb.text(), { simd: true, sat_float_to_int: true, threads: true });
    (m.validate as (features: object) => void)({ simd: true, sat_float_to_int: true, threads: true });
    expect(Array.from(new Uint8Array(m.toBinary({}).buffer))).toEqual(Array.from(mb.encode()));
    m.destroy();
  });
});
