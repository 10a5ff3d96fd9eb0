/**
 * log on WebAssembly lanes (`backend/wasm/log.ts`) against this engine's Math.log, bit for
 * bit: the probes, a million inputs over every exponent and near 1, every double within
 * 300 ulps of each boundary of fdlibm's forms, vectors mixing special lanes with normal
 * ones; that the probes would catch a form taken wrongly; and that the module's text
 * assembles (wabt) to its bytes.
 */
import initWabt from "wabt";
import { describe, expect, it } from "vitest";
import { logLanesModule, logProbes, simdLogAgrees } from "../src/backend/wasm/log";
import { fromHighWord, nudged } from "../src/backend/wasm/lane-probe";
import { compileKernel, memoryImport, reserve } from "../src/backend/wasm/runtime";

/** The lanes' log of `xs` (an even count), on the kernels' memory. */
function onLanes(xs: Float64Array): Float64Array {
  const run = compileKernel(logLanesModule(memoryImport()).encode(), { math: { log: Math.log } })!.run as (ptr: number, n: number) => void;
  const heap = new Float64Array(reserve(xs.length * 8), 0, xs.length);
  heap.set(xs);
  run(0, xs.length);
  return heap.slice();
}

const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

/** The inputs where `got` and `reference` differ in bits (NaN = NaN). */
function mismatches(xs: Float64Array, got: ArrayLike<number>, reference: (x: number) => number = Math.log): number[] {
  const out: number[] = [];
  xs.forEach((x, i) => {
    if (!same(reference(x), got[i])) out.push(x);
  });
  return out;
}

const even = (xs: readonly number[]) => Float64Array.from(xs.length % 2 ? [...xs, 2] : xs);

describe("log on lanes", () => {
  it("is Node 20's Math.log on the probes (so kernels use it there)", () => {
    // V8 11 (Node 20, the runtime DESIGN.md pins) has fdlibm's log.
    if (process.versions.v8.startsWith("11.")) expect(simdLogAgrees()).toBe(true);
    const probes = logProbes();
    expect(mismatches(probes, onLanes(probes))).toEqual([]);
  });

  it("equals Math.log on a million inputs across every exponent, near 1, and mixed with special lanes", () => {
    let s = 424242;
    const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const specials = [0, -0, -1, -1e-300, NaN, Infinity, -Infinity, 5e-324, 1e-310];
    const xs = new Float64Array(1 << 20).map((_, i) => {
      const u = next();
      if (i % 4 === 0) return 2 ** (u * 2100 - 1085) * (1 + next()); // subnormal to huge
      if (i % 4 === 1) return 1 + (u - 0.5) * 2 ** (-next() * 53); // k = 0, f tiny to moderate
      if (i % 4 === 2) return u < 0.02 ? specials[Math.floor(next() * specials.length)] : u * 16; // special lanes beside normal ones
      return 2 ** Math.floor(u * 200 - 100) * (1 + (next() - 0.5) * 2 ** -19); // |f| near 2⁻²⁰, every k
    });
    expect(mismatches(xs, onLanes(xs))).toEqual([]);
  });

  it("equals Math.log within 300 ulps of every boundary of the algorithm", () => {
    const edges = [1, 2, 0.5, 4, 2 ** 600, 2 ** -600, Math.SQRT2, Math.SQRT1_2, 2.2250738585072014e-308, Number.MAX_VALUE];
    // The high words where the scaling, the |f| < 2⁻²⁰ test and fdlibm's i > 0 test change.
    for (const m of [0x6a09e, 0x6a09f, 0x6147a, 0x6147b, 0x6b851, 0x6b852, 0xffffd, 0x00002]) edges.push(fromHighWord(0x3ff00000 | m), fromHighWord(0x40f00000 | m));
    const xs: number[] = [];
    for (const edge of edges) for (let u = -300; u < 300; u++) xs.push(nudged(edge, u));
    const kept = even(xs.filter((x) => !Number.isNaN(x)));
    expect(mismatches(kept, onLanes(kept))).toEqual([]);
  });

  it("the probes would catch each of fdlibm's forms computed another way", () => {
    // fdlibm's log with one form replaced by a neighbour (each agrees with Math.log almost
    // everywhere): log(2^k) as k·ln2 in one product, or one arrangement of the rational form
    // for every mantissa. (Its cubic for |f| < 2⁻²⁰ and the rational form differ on about one
    // input in a million there, too rare for probes to be worth spending on.)
    const LN2_HI = 6.9314718036912381649e-1;
    const LN2_LO = 1.90821492927058770002e-10;
    const LG = [6.666666666666735130e-1, 3.999999999940941908e-1, 2.857142874366239149e-1, 2.222219843214978396e-1, 1.818357216161805012e-1, 1.531383769920937332e-1, 1.479819860511658591e-1];
    const view = new DataView(new ArrayBuffer(8));
    const variant = (change: "powers" | "first" | "second") => (x: number) => {
      if (!(x >= 2.2250738585072014e-308 && x < Infinity)) return Math.log(x);
      view.setFloat64(0, x);
      let hx = view.getInt32(0);
      let k = (hx >> 20) - 1023;
      hx &= 0xfffff;
      const i = (hx + 0x95f64) & 0x100000;
      view.setInt32(0, hx | (i ^ 0x3ff00000));
      k += i >> 20;
      const f = view.getFloat64(0) - 1;
      const dk = k;
      if ((0xfffff & (2 + hx)) < 3) {
        if (f === 0) return change === "powers" ? dk * Math.LN2 : dk * LN2_HI + dk * LN2_LO;
        const r = f * f * (0.5 - 0.33333333333333333 * f);
        return dk * LN2_HI - ((r - dk * LN2_LO) - f);
      }
      const s = f / (2 + f);
      const z = s * s;
      const w = z * z;
      const r = z * (LG[0] + w * (LG[2] + w * (LG[4] + w * LG[6]))) + w * (LG[1] + w * (LG[3] + w * LG[5]));
      const hfsq = 0.5 * f * f;
      const first = ((hx - 0x6147a) | (0x6b851 - hx)) > 0;
      if (change === "second" ? true : change === "first" ? false : first) return dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f);
      return dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f);
    };
    const probes = logProbes();
    for (const change of ["powers", "first", "second"] as const) {
      expect(mismatches(probes, Array.from(probes, variant(change)), Math.log).length, change).toBeGreaterThan(0);
    }
  });

  it("the module's text assembles (wabt) to the bytes that run", async () => {
    const wabt = await initWabt();
    const mb = logLanesModule(memoryImport());
    const m = wabt.parseWat("log.wat", mb.text(), { simd: true, threads: true });
    (m.validate as (features: object) => void)({ simd: true, threads: true });
    expect(Array.from(new Uint8Array(m.toBinary({}).buffer))).toEqual(Array.from(mb.encode()));
    m.destroy();
  });
});
