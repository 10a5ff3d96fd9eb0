/**
 * exp on WebAssembly lanes (`backend/wasm/exp.ts`) against this engine's Math.exp, bit for
 * bit: the probes, a million inputs over every range exp treats differently, and every
 * double within 300 ulps of each boundary of fdlibm's branches. Also that the probes are
 * sharp enough to reject a near miss: fdlibm without V8's exp(1) case fails them.
 */
import { describe, expect, it } from "vitest";
import { expLanesModule, expProbes, simdExpAgrees } from "../src/backend/wasm/exp";
import { nudged } from "../src/backend/wasm/lane-probe";
import { compileKernel, memoryImport, reserve } from "../src/backend/wasm/runtime";

const lanes = (exactOne: boolean) => compileKernel(expLanesModule(exactOne, memoryImport()).encode())!.run as (ptr: number, n: number) => void;

/** The lanes' exp of `xs` (an even count), on the kernels' memory. */
function onLanes(xs: Float64Array, exactOne = Math.exp(1) === Math.E): Float64Array {
  const run = lanes(exactOne);
  const heap = new Float64Array(reserve(xs.length * 8), 0, xs.length);
  heap.set(xs);
  run(0, xs.length);
  return heap.slice();
}

/** Indices where the lanes and Math.exp differ in bits (NaN = NaN). */
function mismatches(xs: Float64Array, got: Float64Array): number[] {
  const out: number[] = [];
  xs.forEach((x, i) => {
    const want = Math.exp(x);
    if (!(Object.is(want, got[i]) || (Number.isNaN(want) && Number.isNaN(got[i])))) out.push(i);
  });
  return out;
}

describe("exp on lanes", () => {
  it("is Node 20's Math.exp on the probes (so kernels use it there)", () => {
    // V8 11 (Node 20, the runtime DESIGN.md pins) has fdlibm's exp; newer V8 and JavaScriptCore do not, and the probe says so.
    expect(simdExpAgrees()).toBe(process.versions.v8.startsWith("11."));
    const probes = expProbes();
    expect(mismatches(probes, onLanes(probes))).toEqual([]);
  });

  it("equals Math.exp on a million inputs across every range", () => {
    let s = 12345;
    const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const xs = new Float64Array(1 << 20).map((_, i) => {
      const u = next();
      if (i % 4 === 0) return (u * 2 - 1) * 760; // past both thresholds
      if (i % 4 === 1) return (next() < 0.5 ? -1 : 1) * 2 ** (u * 44 - 34); // tiny to moderate magnitudes
      if (i % 4 === 2) return (u * 2 - 1) * 1.1; // the two ranges with k = 0 and ±1
      return -708 - u * 38; // results that are subnormal
    });
    expect(mismatches(xs, onLanes(xs))).toEqual([]);
  });

  it("equals Math.exp within 300 ulps of every boundary of the algorithm", () => {
    const view = new DataView(new ArrayBuffer(8));
    const fromHigh = (hi: number) => (view.setUint32(0, hi), view.setUint32(4, 0), view.getFloat64(0));
    const edges = [fromHigh(0x3e300000), fromHigh(0x3fd62e43), fromHigh(0x3ff0a2b2), 709.782712893384, 745.1332191019411, 1023.5 * Math.LN2, 1021.5 * Math.LN2, 1022.5 * Math.LN2, 708, 1, 0];
    const xs: number[] = [];
    for (const edge of edges) for (let u = -300; u < 300; u++) xs.push(nudged(edge, u), -nudged(edge, u));
    // Below 0 by ulps is a NaN pattern, not a neighbour: those go; an odd count is padded to whole vectors.
    const kept = xs.filter((x) => !Number.isNaN(x));
    const even = Float64Array.from(kept.length % 2 ? [...kept, 2] : kept);
    expect(mismatches(even, onLanes(even))).toEqual([]);
  });

  it("the probes reject fdlibm without V8's exp(1) = Math.E", () => {
    const probes = expProbes();
    const wrong = mismatches(probes, onLanes(probes, false));
    expect(wrong.map((i) => probes[i])).toEqual([1]);
  });
});
