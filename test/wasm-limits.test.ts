/**
 * A kernel beyond an engine's limits is one kernel's problem, not the environment's: the
 * encoder refuses more locals than engines accept (so the batch renderer leaves that
 * kernel to JavaScript), and a module that fails to compile where the empty module does
 * compile turns only that kernel into JavaScript, with an honest warning, keeping
 * WebAssembly for the rest. (The fuzzer met a vmapped chain of Φ⁻¹ whose kernel needed
 * more than 50000 locals, which once switched WebAssembly off for the whole process.)
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MAX_LOCALS, ModuleBuilder, WasmLimitError } from "../src/backend/wasm/encoder";

type T = import("../src").Tensor;

describe("the encoder's locals", () => {
  it("stop at the engines' limit with a WasmLimitError", () => {
    const f = new ModuleBuilder().function("big", [["a", "i32"]], []);
    for (let i = 1; i < MAX_LOCALS; i++) f.local("f64");
    expect(() => f.local("f64")).toThrow(WasmLimitError);
    expect(() => f.local("f64")).toThrow(/more than 50000 locals/);
  });
});

describe("a module the engine rejects while WebAssembly itself compiles", () => {
  const real = (globalThis as unknown as { WebAssembly: Record<string, unknown> }).WebAssembly;
  beforeAll(() => {
    const RealModule = real.Module as new (bytes: Uint8Array) => object;
    // Compiles the empty module (8 bytes of header) and nothing bigger, as an engine rejects a function over its limits.
    const picky = {
      ...real,
      Memory: real.Memory,
      Instance: real.Instance,
      Module: class {
        constructor(bytes: Uint8Array) {
          if (bytes.length > 8) throw new Error("WebAssembly.Module(): Compiling function #0 failed: local count too large @+127");
          return new RealModule(bytes);
        }
      },
    };
    Object.defineProperty(globalThis, "WebAssembly", { value: picky, configurable: true, writable: true });
  });
  afterAll(() => {
    Object.defineProperty(globalThis, "WebAssembly", { value: real, configurable: true, writable: true });
  });

  it("runs that kernel as JavaScript with the same results, warns once, and keeps WebAssembly on", async () => {
    vi.resetModules();
    const { jit, np, vmap, evalJaxpr, makeJaxpr } = await import("../src");
    const { wasmAvailable } = await import("../src/backend/wasm/runtime");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const x = np.reshape(np.arange(64).astype("float64"), [32, 2]);
      for (const f of [vmap((v: T) => np.sqrt(np.add(np.multiply(v, v), 1))), vmap((v: T) => np.sin(np.multiply(v, 3)))]) {
        expect(Array.from(jit(f, { backend: "wasm" })(x).toTypedArray())).toEqual(Array.from(evalJaxpr(makeJaxpr(f)(x), x)[0].toTypedArray()));
      }
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toMatch(/^jitgrad: a WebAssembly kernel did not compile here \(.*local count too large.*\); it runs as JavaScript/);
      expect(wasmAvailable()).toBe(true);
    } finally {
      warn.mockRestore();
    }
  });
});
