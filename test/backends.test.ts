/**
 * jit's backends against the interpreter, bit for bit: every primitive case and the dot
 * kernels over layouts (transposed, sliced, reversed, batched, broadcast operands), edge
 * sizes and special values, on JavaScript and on WebAssembly.
 */
import { describe, expect, it } from "vitest";
import initWabt from "wabt";
import { ArgumentError, type Tensor, evalJaxpr, jit, lax, makeJaxpr, np } from "../src";
import { dotModule } from "../src/backend/wasm/dot";
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
          expect(jf.lower(a, b).wasm.length > 0).toBe(backend !== "js" && !(name.includes("vector") && backend === "auto"));
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
      const m = wabt.parseWat(`${family}.wat`, mb.text(), { simd: true });
      m.validate();
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
