/**
 * What every math function on SIMD lanes (`exp.ts`, `log.ts`) needs to prove itself: a
 * module applying it in place to doubles in the kernels' memory, a check of it against the
 * engine's own function on probe inputs, and the building blocks of those probes. A
 * kernel uses lanes only where the check passes; otherwise it calls the engine's function.
 */
import type { FunctionBuilder, Local } from "./encoder";
import { ModuleBuilder } from "./encoder";
import { compileKernel, reserve } from "./runtime";

/** Pushes f(x) of the lanes of a local, within one function (constants set where it was made). */
export interface LaneFunction {
  push(x: Local): void;
}

/**
 * A module exporting `run(ptr, n)`: x ← f(x) in place for the n doubles at byte `ptr` (n
 * even) of the kernels' memory, `make` building f in the function; `imports` are the
 * scalar functions it may call (as `math` imports, one parameter and result each).
 */
export function inPlaceModule(make: (f: FunctionBuilder) => LaneFunction, memory: { maxPages: number } | null, imports: readonly string[] = []): ModuleBuilder {
  const mb = new ModuleBuilder();
  mb.importMemory("env", "memory", 1, memory);
  for (const name of imports) mb.importFunction("math", name, name, { params: ["f64"], results: ["f64"] });
  const f = mb.function("run", [["ptr", "i32"], ["n", "i32"]], [], "run");
  const [ptr, n] = f.params;
  const [i, x] = [f.local("i32", "i"), f.local("v128", "x")];
  const lanes = make(f);
  f.forRange(i, 0, () => f.get(n), 2, () => {
    f.get(ptr).get(ptr).mem("v128.load").set(x);
    lanes.push(x);
    f.mem("v128.store");
    f.get(ptr).i32(16).op("i32.add").set(ptr);
  });
  return mb;
}

/** Whether two doubles have the same bits (every NaN counts as one: engines do not keep payloads). */
export const sameDouble = (a: number, b: number): boolean => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

/**
 * Whether `module` (an `inPlaceModule`) computes `reference` on every probe, bit for bit;
 * false where WebAssembly is unavailable or refused. Compiled as every kernel is (a refusal
 * warns once and means no kernels at all) and run on the kernels' memory, which no kernel
 * is using while another kernel is being built.
 */
export function lanesAgree(module: ModuleBuilder, probes: Float64Array, reference: (x: number) => number, imports: Record<string, unknown> = {}): boolean {
  const run = compileKernel(module.encode(), { math: imports })?.run as ((ptr: number, n: number) => void) | undefined;
  if (!run) return false;
  const heap = new Float64Array(reserve(probes.length * 8), 0, probes.length);
  heap.set(probes);
  run(0, probes.length);
  return probes.every((x, i) => sameDouble(heap[i], reference(x)));
}

/** `x` moved by `ulps` units in the last place (through its bits; across zero it walks the other sign's bits). */
export function nudged(x: number, ulps: number): number {
  const bits = new DataView(new ArrayBuffer(8));
  bits.setFloat64(0, x);
  bits.setBigInt64(0, bits.getBigInt64(0) + BigInt(ulps));
  return bits.getFloat64(0);
}

/** The double whose high word is `hi` and low word 0. */
export function fromHighWord(hi: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, hi);
  return view.getFloat64(0);
}

/** A fixed generator of numbers in [0, 1): probes are the same on every run. */
export function fixedRandom(seed = 0x9e3779b9): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}
