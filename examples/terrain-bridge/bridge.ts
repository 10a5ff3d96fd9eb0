/**
 * The terrain problem with a condition in it: a bridge over the slow middle band, which a
 * path can take only if it reaches the middle band at a point x1 inside [a, b]. On the
 * bridge the middle band is crossed at `vBridge` instead of v2.
 *
 * With `lax.cond` the time is exact, but its gradient only sees the branch taken: from a
 * start off the bridge, descent never learns the bridge exists. With `soft.cond` both
 * branches run and blend by a sigmoid of the distance into [a, b]; annealing its
 * temperature turns the blend back into the hard choice while the path walks onto the bridge.
 */
import { type Tensor, grad, jit, lax, np, optim, soft } from "../../src";
import { TERRAIN, type TerrainParams } from "../terrain/terrain";

export interface Bridge {
  /** The stretch [a, b] of the first boundary where the bridge starts. */
  readonly a: number;
  readonly b: number;
  readonly vBridge: number;
}

export const BRIDGE: Bridge = { a: 3, b: 7, vBridge: 1.2 };

export interface Leg {
  readonly first: Tensor;
  readonly middle: Tensor;
  readonly last: Tensor;
}

/** The lengths of the three legs of the path through (x1, d) and (x1 + x2, 2d). */
export function legs([x1, x2]: readonly Tensor[], { h, d }: TerrainParams): Leg {
  const leg = (dx: Tensor) => np.sqrt(np.add(np.square(dx), d * d));
  return { first: leg(x1), middle: leg(x2), last: leg(np.subtract(np.subtract(h, x1), x2)) };
}

function timeWith(vMiddle: number, p: TerrainParams) {
  return (x: Tensor): Tensor => {
    const l = legs([x.slice(0), x.slice(1)], p);
    return np.add(np.add(np.divide(l.first, p.v1), np.divide(l.middle, vMiddle)), np.divide(l.last, p.v3));
  };
}

/** The true crossing time: the bridge when x1 ∈ [a, b], else the slow band (lax.cond). */
export function hardTime(x: Tensor, bridge: Bridge = BRIDGE, p: TerrainParams = TERRAIN): Tensor {
  const x1 = x.slice(0);
  const onBridge = np.logicalAnd(np.greaterEqual(x1, bridge.a), np.lessEqual(x1, bridge.b));
  return lax.cond(onBridge, timeWith(bridge.vBridge, p), timeWith(p.v2, p), x);
}

/** The relaxed time: both branches, blended by soft.between(x1, a, b) at `temperature`. */
export function softTime(x: Tensor, temperature: Tensor, bridge: Bridge = BRIDGE, p: TerrainParams = TERRAIN): Tensor {
  const onBridge = soft.between(x.slice(0), bridge.a, bridge.b, { temperature });
  return soft.cond(onBridge, timeWith(bridge.vBridge, p), timeWith(p.v2, p), x);
}

export interface DescentOptions {
  readonly steps: number;
  /** Adam's learning rate (Adam, because the soft gradient is steep near the bridge's ends). */
  readonly learningRate: number;
  readonly start: readonly [number, number];
  /** Temperature at the first and last step (geometric annealing). */
  readonly temperature: readonly [number, number];
}

export const DEFAULTS: DescentOptions = { steps: 300, learningRate: 0.2, start: [10, 5], temperature: [1, 0.02] };

export interface DescentPoint {
  readonly step: number;
  readonly x1: number;
  readonly x2: number;
  /** The true (hard) time at this point. */
  readonly t: number;
}

export interface BridgeResult {
  readonly hard: readonly DescentPoint[];
  readonly soft: readonly DescentPoint[];
}

/** Descends the hard and the soft objective from the same start; reports true times. */
export function descendBoth(opts: DescentOptions = DEFAULTS, bridge: Bridge = BRIDGE): BridgeResult {
  const opt = optim.adam(opts.learningRate);
  const descend = (g: Tensor, x: Tensor, s: ReturnType<typeof opt.init>) => {
    const [updates, next] = opt.update(g, s);
    return [optim.applyUpdates(x, updates), next] as const;
  };
  const hardStep = jit((x: Tensor, s: ReturnType<typeof opt.init>) => descend(grad((y: Tensor) => hardTime(y, bridge))(x), x, s));
  const softStep = jit((x: Tensor, s: ReturnType<typeof opt.init>, temperature: Tensor) => descend(grad((y: Tensor) => softTime(y, temperature, bridge))(x), x, s));
  const exact = jit((x: Tensor) => hardTime(x, bridge));
  const point = (step: number, x: Tensor): DescentPoint => {
    const [x1, x2] = Array.from(x.toTypedArray(), Number);
    return { step, x1, x2, t: Number(exact(x)) };
  };
  let xh = np.array([...opts.start]);
  let xs = xh;
  let sh = opt.init(xh);
  let ss = sh;
  const hard = [point(0, xh)];
  const softPath = [point(0, xs)];
  const [t0, t1] = opts.temperature;
  for (let i = 0; i < opts.steps; i++) {
    const temperature = np.array(t0 * (t1 / t0) ** (i / Math.max(1, opts.steps - 1)));
    [xh, sh] = hardStep(xh, sh);
    [xs, ss] = softStep(xs, ss, temperature);
    hard.push(point(i + 1, xh));
    softPath.push(point(i + 1, xs));
  }
  return { hard, soft: softPath };
}
