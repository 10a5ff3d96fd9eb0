/** Memory and load: flat heaps over long runs, bounded caches, re-entrant jitted functions. */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { type Tensor, grad, jit, np, vmap } from "../src";
import { expectIdentical } from "./helpers/assert";

describe("memory", () => {
  it("10^6 calls leave the heap flat; 10^4 shapes keep the caches within their bounds", () => {
    const r = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", "test/helpers/heap-probe.ts", "1000000", "10000"], {
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(r.stderr).toBe("");
    const m = JSON.parse(r.stdout) as {
      sameSignatureNumbersGrowth: number;
      sameSignatureTensorGrowth: number;
      manyShapesGrowth: number;
      maxTraces: number;
      caches: { traces: number; traceCapacity: number; factories: number; factoryCapacity: number };
    };
    // Measured after full collections; a leak of even one byte per call would show as ~1 MB.
    expect(m.sameSignatureNumbersGrowth).toBeLessThan(256 * 1024);
    expect(m.sameSignatureTensorGrowth).toBeLessThan(256 * 1024);
    expect(m.maxTraces).toBe(m.caches.traceCapacity);
    expect(m.caches.traceCapacity).toBe(64);
    expect(m.caches.factories).toBeLessThanOrEqual(m.caches.factoryCapacity);
    // 64 traces and 256 compiled programs are retained, whatever the number of shapes seen.
    expect(m.manyShapesGrowth).toBeLessThan(16 * 1024 * 1024);
  }, 180_000);
});

describe("re-entrancy", () => {
  const f = (x: Tensor) => np.sin(x).mul(x).add(1);
  const a = np.array([0.5, -1.25, 2]);
  const b = np.array([3, 0, -0.75]);

  it("results never alias the compiled function's scratch or each other", () => {
    const jf = jit(f);
    const r1 = jf(a);
    const copy = np.array(r1.tolist() as number[]);
    const r2 = jf(b);
    expectIdentical(r1, copy);
    expectIdentical(r2, f(b));
  });

  it("a jitted function called concretely and under transforms, interleaved", () => {
    const jf = jit(f);
    const g = grad((x: Tensor) => jf(x).sum());
    const vjf = vmap(jf);
    for (let i = 0; i < 3; i++) {
      expectIdentical(jf(a), f(a));
      expectIdentical(g(a), grad((x: Tensor) => f(x).sum())(a));
      expectIdentical(vjf(np.stack([a, b])), np.stack([f(a), f(b)]));
      expectIdentical(jf(b), f(b));
    }
    // Inside its own trace: jit(jf) and jf inside jit(grad(...)).
    expectIdentical(jit(jf)(a), f(a));
    expectIdentical(jit(grad((x: Tensor) => jf(x).sum()))(a), g(a));
  });

  it("a jitted function calling itself on smaller inputs while it is being traced", () => {
    const halves: (x: Tensor) => Tensor = jit((x: Tensor) => (x.shape[0] <= 1 ? x.mul(2) : np.concatenate([halves(x.slice([0, x.shape[0] >> 1])), halves(x.slice([x.shape[0] >> 1, null]))])));
    expect(halves(np.arange(8).astype("float64")).tolist()).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
  });

  it("two async tasks interleaving calls with different signatures", async () => {
    const jf = jit(f);
    const task = async (x: Tensor, n: number) => {
      const out: Tensor[] = [];
      for (let i = 0; i < n; i++) {
        out.push(jf(x));
        await new Promise((r) => setTimeout(r, 0));
      }
      return out;
    };
    const small = np.array([1.5]);
    const [ra, rs] = await Promise.all([task(a, 20), task(small, 20)]);
    ra.forEach((r) => expectIdentical(r, f(a)));
    rs.forEach((r) => expectIdentical(r, f(small)));
  });
});
