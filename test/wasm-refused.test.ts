/**
 * Where WebAssembly compilation is refused (a CSP with 'unsafe-eval' but without
 * 'wasm-unsafe-eval' in browsers that tell the two apart) while new Function works: jit
 * warns once and runs its JavaScript kernels, with the same results. Chromium lets
 * 'unsafe-eval' cover WebAssembly too, so this is simulated here with an engine whose
 * compiler refuses, as a CSP makes it.
 */
import { afterAll, beforeAll, expect, it, vi } from "vitest";

type T = import("../src").Tensor;

const real = (globalThis as unknown as { WebAssembly: Record<string, unknown> }).WebAssembly;

beforeAll(() => {
  class Refused extends Error {}
  const refusing = {
    ...real,
    Memory: real.Memory,
    Module: class {
      constructor() {
        throw new Refused("WebAssembly.Module(): Refused to compile or instantiate WebAssembly module because 'wasm-unsafe-eval' is not an allowed source of script");
      }
    },
  };
  Object.defineProperty(globalThis, "WebAssembly", { value: refusing, configurable: true, writable: true });
});

afterAll(() => {
  Object.defineProperty(globalThis, "WebAssembly", { value: real, configurable: true, writable: true });
});

it("falls back to JavaScript with one warning and the same results", async () => {
  vi.resetModules();
  const { jit, np, vmap, evalJaxpr, makeJaxpr } = await import("../src");
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  try {
    const matmul = (a: T, b: T) => np.matmul(a, b);
    const a = np.reshape(np.arange(400).astype("float64"), [20, 20]);
    const jm = jit(matmul, { backend: "wasm" });
    const want = evalJaxpr(makeJaxpr(matmul)(a, a), a, a)[0].toTypedArray();
    expect(Array.from(jm(a, a).toTypedArray())).toEqual(Array.from(want));
    expect(jm.lower(a, a).wasm).toEqual([]);
    const f = vmap((x: T) => np.sqrt(np.add(np.multiply(x, x), 1)));
    const x = np.reshape(np.arange(64).astype("float64"), [32, 2]);
    expect(Array.from(jit(f, { backend: "wasm" })(x).toTypedArray())).toEqual(Array.from(evalJaxpr(makeJaxpr(f)(x), x)[0].toTypedArray()));
    // A body with exp asks whether exp may run on lanes: that probe is refused like any kernel, with no second warning.
    const g = vmap((x: T) => np.exp(np.negative(np.multiply(x, x))));
    expect(Array.from(jit(g, { backend: "wasm" })(x).toTypedArray())).toEqual(Array.from(evalJaxpr(makeJaxpr(g)(x), x)[0].toTypedArray()));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/^jitgrad: this environment refuses to compile WebAssembly/);
  } finally {
    warn.mockRestore();
  }
});
