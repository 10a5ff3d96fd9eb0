/**
 * The demo's numbers: the post's descent (a JS loop over `jit(grad(calcTime))`), the
 * landscape on a grid, and the descent from a grid of start points in one jitted call.
 */
import { type Tensor, grad, jit, lax, np, scipy, vmap } from "../../src";
import { type TerrainParams, makeCalcTime } from "./terrain";

export interface PathPoint {
  readonly step: number;
  readonly x1: number;
  readonly x2: number;
  readonly t: number;
}

/** A descent's settings: where it starts, how far each step goes, how many steps. */
export interface DescentSettings {
  readonly start: readonly [number, number];
  readonly stepSize: number;
  readonly steps: number;
}

/** The post's descent, step by step: `x -= stepSize · grad(t)(x)`, with t at every point. */
export function descentPath(params: TerrainParams, { start, stepSize, steps }: DescentSettings): PathPoint[] {
  const calcTime = makeCalcTime(params);
  const time = jit(calcTime);
  const dTime = jit(grad(calcTime)); // Magic!
  let [x1, x2] = start;
  const path: PathPoint[] = [{ step: 0, x1, x2, t: time([x1, x2]) }];
  for (let i = 1; i <= steps; i++) {
    const [dx1, dx2] = dTime([x1, x2]);
    x1 -= stepSize * dx1;
    x2 -= stepSize * dx2;
    path.push({ step: i, x1, x2, t: time([x1, x2]) });
  }
  return path;
}

/**
 * The iterates of BFGS or L-BFGS (`scipy.optimize.minimize`) from `start` until the
 * gradient is below 1e-10: iteration k's point is the result of the same minimization
 * stopped after k iterations (it is deterministic, so those are the same path).
 */
export function quasiNewtonPath(params: TerrainParams, start: readonly [number, number], method: "bfgs" | "lbfgs"): PathPoint[] {
  const calcTime = makeCalcTime(params);
  const t = (x: Tensor) => calcTime([x.slice(0), x.slice(1)]);
  const x0 = np.array([...start]);
  const path: PathPoint[] = [{ step: 0, x1: start[0], x2: start[1], t: t(x0).item() as number }];
  const name = method === "bfgs" ? "BFGS" : "L-BFGS";
  for (let k = 1; k <= 100; k++) {
    const r = scipy.optimize.minimize(t, x0, { method: name, options: { gtol: 1e-10, ftol: 0, maxiter: k } });
    const [x1, x2] = r.x.tolist() as number[];
    path.push({ step: k, x1, x2, t: r.fun.item() as number });
    if (r.success.item() || (r.nit.item() as number) < k) break;
  }
  return path;
}

/** The same descent as one function of a [2] Tensor, for jit and vmap. */
function descender(params: TerrainParams, stepSize: number, steps: number) {
  const calcTime = makeCalcTime(params);
  return (x0: Tensor) => lax.foriLoop(0, steps, (_i: Tensor, x: Tensor) => x.sub(grad(calcTime)(x).mul(stepSize)), x0);
}

/** A square window of the (x1, x2) plane. */
export interface Window {
  readonly lo: number;
  readonly hi: number;
}

/** `n` evenly spaced cell centres across the window. */
export function cellCentres({ lo, hi }: Window, n: number): number[] {
  return Array.from({ length: n }, (_, i) => lo + ((i + 0.5) * (hi - lo)) / n);
}

/**
 * t on an n×n grid of cell centres, row-major with the first row at the top (largest
 * x2), as image rasters are laid out. One `jit(vmap(t))` call.
 */
export function landscape(params: TerrainParams, window: Window, n: number): { readonly values: Float64Array; readonly min: number; readonly max: number } {
  const xs = cellCentres(window, n);
  const points = new Float64Array(2 * n * n);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      const k = row * n + col;
      points[2 * k] = xs[col];
      points[2 * k + 1] = xs[n - 1 - row];
    }
  }
  const t = jit(vmap(makeCalcTime(params)))(np.reshape(np.array(points), [n * n, 2]));
  const values = t.toTypedArray() as Float64Array;
  let [min, max] = [Infinity, -Infinity];
  for (const v of values) [min, max] = [Math.min(min, v), Math.max(max, v)];
  return { values, min, max };
}

export interface GridDescent {
  /** Start points, [count, 2]. */
  readonly starts: Float64Array;
  /** Where each start point ended, [count, 2]. */
  readonly finals: Float64Array;
  /** The optimum, found by running the descent much longer from the post's start. */
  readonly optimum: readonly [number, number];
  /** Each final's distance from the optimum (NaN where the descent diverged). */
  readonly distances: Float64Array;
  /** Wall time of the one jitted call, in milliseconds (compilation included). */
  readonly millis: number;
}

/** The descent from every point of an n×n grid over `window`, in one `jit(vmap(…))` call. */
export function gridDescent(params: TerrainParams, settings: DescentSettings, window: Window, n: number): GridDescent {
  const xs = cellCentres(window, n);
  const starts = new Float64Array(2 * n * n);
  xs.forEach((a, i) =>
    xs.forEach((b, j) => {
      starts[2 * (i * n + j)] = a;
      starts[2 * (i * n + j) + 1] = b;
    }),
  );
  const began = performance.now();
  const descend = jit(vmap(descender(params, settings.stepSize, settings.steps)));
  const finals = descend(np.reshape(np.array(starts), [n * n, 2])).toTypedArray() as Float64Array;
  const millis = performance.now() - began;
  const long = jit(descender(params, settings.stepSize, Math.max(2000, 100 * settings.steps)));
  const [o1, o2] = long(np.array(settings.start)).tolist() as number[];
  const distances = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) {
    const d = Math.hypot(finals[2 * k] - o1, finals[2 * k + 1] - o2);
    distances[k] = Number.isFinite(d) ? d : NaN;
  }
  return { starts, finals, optimum: [o1, o2], distances, millis };
}
