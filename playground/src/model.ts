/**
 * The playground's mathematics, written only against the public API ("jitgrad"): the
 * post's crossing time with the speeds as traced arguments (so moving a speed slider
 * reuses the compiled code), the descent path as one jitted `lax.scan`, and the same
 * descent run by the interpreter for comparison.
 */
import { type ClosedJaxpr, type Tensor, evalJaxpr, grad, jit, lax, makeJaxpr, np, vmap } from "jitgrad";

/** The terrain's geometry (fixed) and the settings a visitor can change. */
export const H = 20;
export const D = 10;

export interface Settings {
  readonly start: readonly [number, number];
  readonly speeds: readonly [number, number, number];
  readonly stepSize: number;
  readonly steps: number;
}

export const DEFAULT_SETTINGS: Settings = { start: [2, 17], speeds: [0.7, 0.3, 0.45], stepSize: 1.5, steps: 20 };

/**
 * The time to cross through (x1, d) and (x1 + x2, 2d) at the given speeds (a Tensor, so
 * they can be traced, or numbers, which become literals in the IR).
 */
export function calcTime(x: Tensor, speeds: Tensor | readonly [number, number, number]): Tensor {
  const [x1, x2] = x;
  const [v1, v2, v3] = speeds;
  return np
    .sqrt(x1.pow(2).add(D ** 2))
    .div(v1)
    .add(np.sqrt(x2.pow(2).add(D ** 2)).div(v2))
    .add(np.sqrt(np.subtract(H, x1).sub(x2).pow(2).add(D ** 2)).div(v3));
}

/** The descent path (steps + 1 points, start first) and the time at each point. */
function descent(start: Tensor, speeds: Tensor, stepSize: Tensor, steps: number): { path: Tensor; t: Tensor } {
  const dTime = grad(calcTime);
  const [, points] = lax.scan(
    (x: Tensor) => {
      const next = np.subtract(x, np.multiply(stepSize, dTime(x, speeds)));
      return [next, next] as const;
    },
    start,
    null,
    { length: steps },
  );
  const path = np.concatenate([np.expandDims(start, 0), points]);
  return { path, t: vmap((p: Tensor) => calcTime(p, speeds))(path) };
}

const compiled = jit(descent, { staticArgnums: [3] });

export interface DescentResult {
  readonly path: readonly (readonly [number, number])[];
  readonly t: readonly number[];
}

function toResult({ path, t }: { path: Tensor; t: Tensor }): DescentResult {
  const p = Array.from(path.toTypedArray(), Number);
  return { path: Array.from({ length: p.length / 2 }, (_, i) => [p[2 * i], p[2 * i + 1]] as const), t: Array.from(t.toTypedArray(), Number) };
}

const args = (s: Settings) => [np.array([...s.start]), np.array([...s.speeds]), np.array(s.stepSize)] as const;

const tapes = new Map<number, ClosedJaxpr>();

/** The IR of the whole descent for `steps` steps, traced once per step count. */
function tape(steps: number, start: Tensor, speeds: Tensor, stepSize: Tensor): ClosedJaxpr {
  let closed = tapes.get(steps);
  if (!closed) {
    closed = makeJaxpr((a: Tensor, b: Tensor, c: Tensor) => descent(a, b, c, steps))(start, speeds, stepSize);
    tapes.set(steps, closed);
  }
  return closed;
}

/** How a descent runs: the compiled function, or the interpreter walking the same program's IR. */
export type Mode = "jit" | "interpreter";

/**
 * A descent with its inputs prepared, so that calling it times only the descent itself
 * (`run`), and its outputs as plain numbers (`result`).
 */
export function prepareDescent(s: Settings, mode: Mode): { run: () => unknown; result: () => DescentResult } {
  const [start, speeds, stepSize] = args(s);
  const run =
    mode === "jit"
      ? () => compiled(start, speeds, stepSize, s.steps)
      : () => {
          const [path, t] = evalJaxpr(tape(s.steps, start, speeds, stepSize), start, speeds, stepSize) as Tensor[];
          return { path, t };
        };
  return { run, result: () => toResult(run() as { path: Tensor; t: Tensor }) };
}

/** The descent by the compiled function (jit). */
export const descendJit = (s: Settings): DescentResult => prepareDescent(s, "jit").result();

/** The descent by the interpreter (the "interpreted tape"). */
export const descendInterpreted = (s: Settings): DescentResult => prepareDescent(s, "interpreter").result();

/**
 * The descent for `steps` steps compiled ahead of time: the source of a standalone ES
 * module (`toModule()`), written by playground/build.mjs in Node and imported by the page,
 * where it runs compiled even under a CSP that forbids new Function.
 */
export function aheadOfTimeDescent(steps: number): string {
  const [start, speeds, stepSize] = args(DEFAULT_SETTINGS);
  return compiled.lower(start, speeds, stepSize, steps).toModule({ name: "descent" }).js;
}

/** What that module exports: typed arrays in and out, the step size a number. */
export type AheadOfTimeDescent = (start: Float64Array, speeds: Float64Array, stepSize: number) => { readonly path: Float64Array; readonly t: Float64Array };

/** A descent by the ahead-of-time module, with its inputs prepared (as `prepareDescent`). */
export function prepareModuleDescent(descentModule: AheadOfTimeDescent, s: Settings): { run: () => unknown; result: () => DescentResult } {
  const [start, speeds] = [Float64Array.from(s.start), Float64Array.from(s.speeds)];
  const run = () => descentModule(start, speeds, s.stepSize);
  return { run, result: () => toResult({ path: np.array(run().path), t: np.array(run().t) }) };
}

/** Whether jit compiled to JavaScript here (false under a CSP without 'unsafe-eval'). */
export function jitCompiles(s: Settings): boolean {
  const [start, speeds, stepSize] = args(s);
  return !compiled.lower(start, speeds, stepSize, s.steps).interpreted;
}

/** The IR of grad(calcTime) with the speeds as constants, and the JavaScript jit makes of it. */
export function gradProgram(s: Settings): { jaxpr: string; source: string } {
  const [v1, v2, v3] = s.speeds;
  const fixed = (x: Tensor) => calcTime(x, [v1, v2, v3]);
  const x = np.array([...s.start]);
  const lowered = jit(grad(fixed)).lower(x);
  return {
    jaxpr: makeJaxpr(grad(fixed))(x).toString(),
    source: lowered.interpreted ? "// new Function is forbidden here (Content-Security-Policy without 'unsafe-eval'):\n// jit runs the optimized IR through the interpreter instead.\n\n" + lowered.jaxpr.toString() : lowered.source,
  };
}

const grids = new Map<string, Tensor>();

/** The n × n grid of the window [lo, hi]², row-major from the top (x2 = hi), as [n², 2] (made once per window). */
function gridOf(lo: number, hi: number, n: number): Tensor {
  const key = `${lo},${hi},${n}`;
  const made = grids.get(key);
  if (made) return made;
  const cells = new Float64Array(2 * n * n);
  for (let row = 0; row < n; row++) {
    const x2 = hi - ((row + 0.5) * (hi - lo)) / n;
    for (let col = 0; col < n; col++) cells.set([lo + ((col + 0.5) * (hi - lo)) / n, x2], 2 * (row * n + col));
  }
  const grid = np.array(cells).reshape([n * n, 2]);
  grids.set(key, grid);
  return grid;
}

/**
 * The crossing time over an n × n grid of the window [lo, hi]², row-major from the top:
 * `jit(f).async`, so on a cross-origin-isolated page its kernel is split over worker
 * threads without blocking the page (a synchronous call on a page's main thread runs on one).
 */
export async function landscape(speeds: Settings["speeds"], lo: number, hi: number, n: number): Promise<Float64Array> {
  const t = await landscapeJit.async(gridOf(lo, hi, n), np.array([...speeds]));
  return Float64Array.from(t.toTypedArray());
}

/** The landscape's one call, synchronous and asynchronous, for timing them side by side. */
export function landscapeCalls(speeds: Settings["speeds"], lo: number, hi: number, n: number): { sync: () => unknown; async: () => Promise<unknown> } {
  const [grid, s] = [gridOf(lo, hi, n), np.array([...speeds])];
  return { sync: () => landscapeJit(grid, s), async: () => landscapeJit.async(grid, s) };
}

/** Whether the asynchronous landscape has the synchronous call's bits (read by the browser test). */
export async function landscapeAsyncIdentical(speeds: Settings["speeds"], lo: number, hi: number, n: number): Promise<boolean> {
  const [grid, s] = [gridOf(lo, hi, n), np.array([...speeds])];
  const viaAsync = (await landscapeJit.async(grid, s)).toTypedArray();
  const viaSync = landscapeJit(grid, s).toTypedArray();
  return viaAsync.every((v, i) => Object.is(v, viaSync[i]));
}

/** The landscape as `jit(vmap(…))`: a loop over grid points, which jit runs as a WebAssembly batch kernel. */
const landscapeOf = vmap((p: Tensor, speeds: Tensor) => calcTime(p, speeds), { inAxes: [0, null] });
const landscapeJit = jit(landscapeOf);

/**
 * Whether the landscape ran on WebAssembly here (on a shared memory or not), and whether it
 * is bit for bit what the JavaScript backend computes (read by the browser test).
 */
export function landscapeBackends(speeds: Settings["speeds"]): { wasm: boolean; shared: boolean; identical: boolean } {
  const grid = np.array(Array.from({ length: 2 * 37 }, (_, i) => (i % 2 ? 18 : 0) - (i * 7.3) / 37)).reshape([37, 2]);
  const s = np.array([...speeds]);
  const lowered = landscapeJit.lower(grid, s);
  const onWasm = jit(landscapeOf, { backend: "wasm" })(grid, s).toTypedArray();
  const onJs = jit(landscapeOf, { backend: "js" })(grid, s).toTypedArray();
  // The kernel's memory import says whether its memory is shared (so worker threads could run it).
  return { wasm: lowered.wasm.length > 0, shared: lowered.wasm.some((text) => text.includes(" shared))")), identical: onWasm.every((v, i) => Object.is(v, onJs[i])) };
}
