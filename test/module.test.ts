/**
 * Ahead-of-time modules: `jit(f).lower(...args).toModule()` gives the source of a module
 * that imports nothing and computes jit(f)'s bits for that signature.
 */
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ArgumentError, type Tensor, debug, grad, jit, lax, np, tree, vmap } from "../src";
import { toInt32 } from "../src/core/dtype";
import { ieeePow, intDiv, intRem, roundHalfAway, roundHalfEven } from "../src/core/scalar/numeric";
import { helperSource } from "../src/jit/module";
import { calcTime } from "../examples/terrain/terrain";
import { asModuleArgument, asModuleResult, importModule } from "./helpers/module";

const SPECIALS = [0, -0, 0.5, -0.5, 1.5, 2.5, -2.5, 1, -1, 7, -7, 3.7, -3.7, 2147483647, -2147483648, 2 ** 40, NaN, Infinity, -Infinity, 1e-300];

describe("toModule", () => {
  it("carries each scalar helper by its own source, which stands alone", () => {
    for (const fn of [toInt32, roundHalfEven, roundHalfAway, intDiv, intRem, ieeePow] as ((...a: number[]) => number)[]) {
      const source = helperSource(fn);
      expect(source, fn.name).toBeDefined();
      const alone = new Function(`"use strict"; return ${source};`)() as (...a: number[]) => number;
      for (const x of SPECIALS) for (const y of SPECIALS) expect(Object.is(alone(x, y), fn(x, y)), `${fn.name}(${x}, ${y})`).toBe(true);
    }
  });

  it("the terrain gradient: numbers in, numbers out, jit's bits, and a .d.ts that says so", async () => {
    const dTime = jit(grad(calcTime));
    const { js, dts } = dTime.lower([2, 17]).toModule({ name: "dTime" });
    expect(js).not.toMatch(/\bimport\b/);
    const m: Record<string, any> = await importModule(js);
    for (const x of [[2, 17], [0, 0], [-3.25, 1e6]]) expect(m.dTime(x)).toEqual(dTime(x));
    expect(m.default).toBe(m.dTime);
    expect(dts).toContain("export declare function dTime(a0: readonly [number, number]): [number, number];");
  });

  it("a vmapped 20-step descent with a Tensor in: typed arrays in and out, the bits of jit's batch kernel", async () => {
    const descend = (x0: Tensor) => lax.foriLoop(0, 20, (_i: Tensor, x: Tensor) => x.sub(grad(calcTime)(x).mul(1.5)), x0);
    const xs = np.add(np.multiply(np.arange(64).reshape([32, 2]), 0.37), 1);
    const jitted = jit(vmap(descend));
    const m: Record<string, any> = await importModule(jitted.lower(xs).toModule({ name: "descend" }).js);
    const got = m.descend(xs.toTypedArray()) as Float64Array;
    expect(got).toBeInstanceOf(Float64Array);
    expect(Array.from(got)).toEqual(Array.from(jitted(xs).toTypedArray()));
  });

  it("a large float64 product runs on the packed JS kernel carried by its source, with jit's bits", async () => {
    const a = np.sin(np.arange(96 * 80)).reshape([96, 80]);
    const b = np.cos(np.arange(80 * 72)).reshape([80, 72]);
    const f = jit((x: Tensor, y: Tensor) => np.matmul(x, y), { backend: "wasm" });
    const { js } = f.lower(a, b).toModule({ name: "mm" });
    expect(js).toContain("c33"); // the 4×4 register block
    const m: Record<string, any> = await importModule(js);
    expect(Array.from(m.mm(a.toTypedArray(), b.toTypedArray()) as Float64Array)).toEqual(Array.from(f(a, b).toTypedArray()));
  });

  it("products as JavaScript loops with the sums of jit's WebAssembly and packed kernels, in each dtype", async () => {
    for (const dtype of ["float64", "float32", "int32"] as const) {
      const a = np.sin(np.arange(48 * 40)).mul(100).astype(dtype).reshape([48, 40]);
      const b = np.cos(np.arange(40 * 36)).mul(100).astype(dtype).reshape([40, 36]);
      const f = jit((x: Tensor, y: Tensor) => np.matmul(x, y).add(1));
      const m: Record<string, any> = await importModule(f.lower(a, b).toModule().js);
      const got = m.compiled(a.toTypedArray(), b.toTypedArray()) as ArrayLike<number>;
      expect(Array.from(got), dtype).toEqual(Array.from(f(a, b).toTypedArray()));
    }
  });

  it("pytrees, constants (embedded bit for bit), static arguments built in, every result kind", async () => {
    const table = np.array([0.1, -0, NaN, 1e-310, -Infinity, 1 / 3]);
    const f = jit(
      (p: { w: Tensor; b: Tensor }, scale: number, flag: boolean) => ({
        y: np.add(np.multiply(p.w, table), p.b).mul(scale),
        n: np.sum(np.greater(p.w, 0)).astype("int32"),
        any: np.any(np.less(p.w, -1)),
        flag,
      }),
      { staticArgnums: 1 },
    );
    const p = { w: np.array([1, -2, 3, 0.5, -0.25, 8]), b: np.array(0.5) };
    const { js, dts } = f.lower(p, 3, true).toModule({ name: "model" });
    const m: Record<string, any> = await importModule(js);
    const got = m.model(asModuleArgument(p), true) as Record<string, unknown>;
    const want = asModuleResult(f(p, 3, true)) as Record<string, unknown>;
    expect(Object.keys(got)).toEqual(Object.keys(want));
    expect(Object.keys(got).sort()).toEqual(["any", "flag", "n", "y"]);
    expect(Array.from(got.y as Float64Array).map((v) => Object.is(v, -0) ? "-0" : v)).toEqual(Array.from(want.y as Float64Array).map((v) => Object.is(v, -0) ? "-0" : v));
    expect([got.n, got.any, got.flag]).toEqual([want.n, want.any, true]);
    expect(typeof got.any).toBe("boolean");
    expect(dts).toContain('model(a0: { readonly "b": number; readonly "w": Float64Array }, a1: boolean): { "any": boolean; "flag": boolean; "n": number; "y": Float64Array };');
    expect(dts).toContain("The static arguments (positions 1 of the jitted function) are built in");
  });

  it("backend: \"wasm\" embeds the WebAssembly kernels (products, loops over examples) with jit's bits", async () => {
    for (const dtype of ["float64", "float32", "int32"] as const) {
      const a = np.sin(np.arange(48 * 40)).mul(100).astype(dtype).reshape([48, 40]);
      const b = np.cos(np.arange(40 * 36)).mul(100).astype(dtype).reshape([40, 36]);
      const f = jit((x: Tensor, y: Tensor) => np.matmul(x, y).add(1), { backend: "wasm" });
      const { js } = f.lower(a, b).toModule({ backend: "wasm" });
      expect(js).toContain("new WebAssembly.Module(");
      expect(js).not.toMatch(/\bimport\b/);
      const m: Record<string, any> = await importModule(js);
      expect(Array.from(m.compiled(a.toTypedArray(), b.toTypedArray()) as ArrayLike<number>), dtype).toEqual(Array.from(f(a, b).toTypedArray()));
    }
    // The vmapped descent, and per-lane while loops with lane-wise imported functions.
    const descend = (x0: Tensor) => lax.foriLoop(0, 20, (_i: Tensor, x: Tensor) => x.sub(grad(calcTime)(x).mul(1.5)), x0);
    const xs = np.add(np.multiply(np.arange(2 * 37).reshape([37, 2]), 0.41), 1);
    const batched = jit(vmap(descend), { backend: "wasm" });
    const descendJs = batched.lower(xs).toModule({ backend: "wasm", name: "descend" }).js;
    expect(descendJs).toContain("const driveSync = ");
    const d: Record<string, any> = await importModule(descendJs);
    expect(Array.from(d.descend(xs.toTypedArray()) as Float64Array)).toEqual(Array.from(batched(xs).toTypedArray()));
    const wavy = jit(vmap((x: Tensor) => lax.whileLoop((c: Tensor) => np.less(c, 10), (c: Tensor) => c.add(np.exp(np.sin(c))), x)), { backend: "wasm" });
    const w0 = np.linspace(-3, 3, 21);
    const wavyJs = wavy.lower(w0).toModule({ backend: "wasm", name: "wavy" }).js;
    expect(wavyJs).toContain("const driveSync = ");
    const w: Record<string, any> = await importModule(wavyJs);
    expect(Array.from(w.wavy(w0.toTypedArray()) as Float64Array)).toEqual(Array.from(wavy(w0).toTypedArray()));
    expect(() => jit((x: Tensor) => x).lower(np.ones([2])).toModule({ backend: "gpu" as never })).toThrow(/backend must be "js" or "wasm"/);
    // Where WebAssembly is refused (as a CSP without 'wasm-unsafe-eval' does), the import still
    // works and the first call says what to do.
    const refusing: Record<string, any> = await importModule(batched.lower(xs).toModule({ backend: "wasm", name: "descend" }).js);
    const engine = (globalThis as unknown as { WebAssembly: { Module: unknown } }).WebAssembly;
    const real = engine.Module;
    engine.Module = function refused() {
      throw new EvalError("WebAssembly.Module(): Refused to compile or instantiate WebAssembly module");
    };
    try {
      expect(() => refusing.descend(xs.toTypedArray())).toThrow(refusing.WasmRefusedError);
      expect(() => refusing.descend(xs.toTypedArray())).toThrow(/compile it with toModule\(\{ backend: 'js' \}\)/);
    } finally {
      engine.Module = real;
    }
    expect(Array.from(refusing.descend(xs.toTypedArray()) as Float64Array)).toEqual(Array.from(batched(xs).toTypedArray()));
  });

  it("a call of another signature throws the module's SignatureError, naming the compiled one", async () => {
    const m: Record<string, any> = await importModule(jit((x: Tensor) => x.mul(2)).lower(np.ones([3])).toModule({ name: "double" }).js);
    const Err = m.SignatureError as new (...a: unknown[]) => Error;
    const double = m.double as (...a: unknown[]) => unknown;
    for (const bad of [[new Float64Array(4)], [new Float32Array(3)], [[1, 2, 3]], [new Float64Array(3), 1], []]) {
      expect(() => double(...bad)).toThrow(Err);
    }
    expect(() => double(new Float64Array(4))).toThrow("double: compiled ahead of time for (Float64Array (float64[3])) => Float64Array (float64[3])");
    expect(Array.from(double(new Float64Array([1, 2, 3])) as Float64Array)).toEqual([2, 4, 6]);
  });

  it("refuses what cannot cross: jitgrad's kernels (named), callbacks, registered classes, names that are not identifiers", () => {
    const sorted = jit((x: Tensor) => np.sort(x).add(1)).lower(np.ones([4]));
    expect(() => sorted.toModule()).toThrow(ArgumentError);
    expect(() => sorted.toModule()).toThrow(/toModule: this program calls jitgrad's runtime \(argsort\)/);
    const printing = jit((x: Tensor) => (debug.callback(() => undefined, x), x.mul(2))).lower(np.ones([2]));
    expect(() => printing.toModule()).toThrow(/debug_callback/);
    class Pair {
      constructor(
        readonly a: Tensor,
        readonly b: Tensor,
      ) {}
    }
    tree.register(Pair, { flatten: (p: Pair) => [[p.a, p.b], null], unflatten: (_aux: unknown, [a, b]: readonly unknown[]) => new Pair(a as Tensor, b as Tensor) });
    const pairs = jit((p: Pair) => p.a.add(p.b)).lower(new Pair(np.ones([2]), np.ones([2])));
    expect(() => pairs.toModule()).toThrow(/registered pytree class/);
    const fine = jit((x: Tensor) => x.mul(2)).lower(np.ones([2]));
    for (const name of ["class", "a-b", "", "2x", "x y"]) expect(() => fine.toModule({ name }), name).toThrow(/name must be a JavaScript identifier/);
  });

  it("keys a user chose never break out of a string or a comment", async () => {
    const key = 'k*/ "\u2028globalThis.pwned = 1; // \u2029 </script>';
    const f = jit((p: Record<string, Tensor>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.add(1)])));
    const { js, dts } = f.lower({ [key]: np.ones([2]) }).toModule({ name: "keyed" });
    expect(js).not.toContain("\u2028");
    expect(js).not.toContain("\u2029");
    // The same statements as for a plain key: nothing of the key became code or ended a comment.
    const plain = f.lower({ k: np.ones([2]) }).toModule({ name: "keyed" });
    const statements = (text: string, file: string) => ts.createSourceFile(file, text, ts.ScriptTarget.ES2022).statements.map((st) => ts.SyntaxKind[st.kind]);
    expect(statements(js, "m.js")).toEqual(statements(plain.js, "m.js"));
    expect(statements(dts, "m.d.ts")).toEqual(statements(plain.dts, "m.d.ts"));
    const m: Record<string, any> = await importModule(js);
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
    const got = m.keyed({ [key]: new Float64Array([1, 2]) }) as Record<string, Float64Array>;
    expect(Object.keys(got)).toEqual([key]);
    expect(Array.from(got[key])).toEqual([2, 3]);
  });
});
