/**
 * Learning-rate schedules, optax's: functions of the step count (an int32 scalar, traced
 * under jit) to a value, for any optimizer's learning rate. Each can also be called with
 * a plain number, giving a number: `optim.cosineDecaySchedule(0.1, 100)(50)`.
 */
import { ArgumentError } from "../core/errors";
import { Tensor } from "../core/tensor";
import * as np from "../numpy";
import type { Schedule } from "./transform";

const f64 = (count: Tensor) => count.astype("float64");

/** A schedule built here: a number in gives a number, a Tensor (traced under jit) a Tensor. */
export interface BuiltSchedule {
  (count: number): number;
  (count: Tensor): Tensor;
}

function schedule(op: string, body: (count: Tensor) => Tensor): BuiltSchedule {
  return ((count: unknown) => {
    if (typeof count === "number") {
      if (!Number.isFinite(count)) throw new ArgumentError(`${op}: the step count must be a finite number, got ${count}.`);
      return body(np.asarray(count)).item();
    }
    if (!(count instanceof Tensor) || count.ndim !== 0) {
      throw new ArgumentError(`${op}: the step count must be a number or a 0-d Tensor, got ${count instanceof Tensor ? `shape [${count.shape.join(", ")}]` : typeof count}.`);
    }
    return body(count);
  }) as BuiltSchedule;
}

function positive(op: string, name: string, v: number): void {
  if (!(Number.isFinite(v) && v > 0)) throw new ArgumentError(`${op}: ${name} must be a positive number, got ${v}.`);
}

/** The same value at every step. @example optim.constantSchedule(1e-3) */
export function constantSchedule(value: number): BuiltSchedule {
  return schedule("optim.constantSchedule", () => np.asarray(value));
}

/** Options of `exponentialDecay` (optax's names, camelCased). */
export interface ExponentialDecayOptions {
  readonly initValue: number;
  readonly transitionSteps: number;
  readonly decayRate: number;
  /** Steps before the decay starts (default 0). */
  readonly transitionBegin?: number;
  /** Decay in whole transitions (default false: continuously). */
  readonly staircase?: boolean;
  /** A floor (decayRate < 1) or ceiling (decayRate > 1) for the value. */
  readonly endValue?: number;
}

/**
 * initValue · decayRate^((count − transitionBegin) / transitionSteps), initValue before
 * transitionBegin.
 * @example optim.adam(optim.exponentialDecay({ initValue: 1e-2, transitionSteps: 1000, decayRate: 0.1 }))
 */
export function exponentialDecay(opts: ExponentialDecayOptions): BuiltSchedule {
  const op = "optim.exponentialDecay";
  positive(op, "transitionSteps", opts.transitionSteps);
  positive(op, "decayRate", opts.decayRate);
  const { initValue, transitionSteps, decayRate, transitionBegin = 0, staircase = false, endValue } = opts;
  return schedule(op, (count) => {
    const decreased = np.subtract(f64(count), transitionBegin);
    const raw = np.divide(decreased, transitionSteps);
    const p = staircase ? np.floor(raw) : raw;
    const decayed = np.where(np.lessEqual(decreased, 0), initValue, np.multiply(initValue, np.power(decayRate, p)));
    if (endValue === undefined) return decayed;
    return decayRate < 1 ? np.maximum(decayed, endValue) : np.minimum(decayed, endValue);
  });
}

/**
 * From initValue to endValue in a straight line over transitionSteps (after
 * transitionBegin), then endValue.
 * @example optim.linearSchedule(0, 1e-3, 500) // a warm-up
 */
export function linearSchedule(initValue: number, endValue: number, transitionSteps: number, transitionBegin = 0): BuiltSchedule {
  positive("optim.linearSchedule", "transitionSteps", transitionSteps);
  return polynomialSchedule(initValue, endValue, 1, transitionSteps, transitionBegin);
}

/**
 * From initValue to endValue along (1 − t)^power over transitionSteps (after
 * transitionBegin), then endValue; optax's formula (a non-positive transitionSteps gives
 * the constant initValue, as optax).
 * @example optim.polynomialSchedule(1e-2, 1e-4, 2, 1000)(500) // 2.575e-3
 */
export function polynomialSchedule(initValue: number, endValue: number, power: number, transitionSteps: number, transitionBegin = 0): BuiltSchedule {
  const op = "optim.polynomialSchedule";
  for (const [name, v] of [["initValue", initValue], ["endValue", endValue], ["power", power], ["transitionSteps", transitionSteps], ["transitionBegin", transitionBegin]] as const) {
    if (!Number.isFinite(v)) throw new ArgumentError(`${op}: ${name} must be a finite number, got ${v}.`);
  }
  if (transitionSteps <= 0) return constantSchedule(initValue);
  const begin = Math.max(0, transitionBegin);
  return schedule(op, (count) => {
    const done = np.clip(np.subtract(f64(count), begin), 0, transitionSteps);
    const frac = np.subtract(1, np.divide(done, transitionSteps));
    return np.add(np.multiply(initValue - endValue, np.power(frac, power)), endValue);
  });
}

/**
 * initValue, multiplied by each boundary's scale once the count reaches it (optax's
 * `boundaries_and_scales`, as an object or as [boundary, scale] pairs).
 * @example optim.piecewiseConstantSchedule(0.1, { 1000: 0.1, 2000: 0.5 })(1500) // 0.01
 */
export function piecewiseConstantSchedule(
  initValue: number,
  boundariesAndScales: Readonly<Record<number, number>> | readonly (readonly [number, number])[] = [],
): BuiltSchedule {
  const op = "optim.piecewiseConstantSchedule";
  const pairs = (Array.isArray(boundariesAndScales) ? [...boundariesAndScales] : Object.entries(boundariesAndScales).map(([b, v]) => [Number(b), v] as const))
    .map(([b, v]) => [b, v] as const)
    .sort((a, b) => a[0] - b[0]);
  for (const [b, v] of pairs) {
    if (!Number.isFinite(b)) throw new ArgumentError(`${op}: boundaries must be numbers, got ${b}.`);
    if (!(v >= 0)) throw new ArgumentError(`${op}: scales must be non-negative, got ${v} at boundary ${b}.`);
  }
  return schedule(op, (count) => {
    const c = f64(count);
    return pairs.reduce((v: Tensor, [b, scale]) => np.where(np.less(c, b), v, np.multiply(v, scale)), np.asarray(initValue));
  });
}

/**
 * initValue · ((1 − alpha) · ((1 + cos(π · min(count, decaySteps) / decaySteps)) / 2)^exponent + alpha).
 * @example optim.sgd(optim.cosineDecaySchedule(0.1, 10_000))
 */
export function cosineDecaySchedule(initValue: number, decaySteps: number, alpha = 0, exponent = 1): BuiltSchedule {
  positive("optim.cosineDecaySchedule", "decaySteps", decaySteps);
  return schedule("optim.cosineDecaySchedule", (count) => {
    const c = np.minimum(f64(count), decaySteps);
    const cosine = np.multiply(0.5, np.add(1, np.cos(np.divide(np.multiply(Math.PI, c), decaySteps))));
    return np.multiply(initValue, np.add(np.multiply(1 - alpha, np.power(cosine, exponent)), alpha));
  });
}

/**
 * `schedules[0]` until `boundaries[0]`, then `schedules[1]` counting from 0 again, and so on.
 * @example optim.joinSchedules([optim.linearSchedule(0, 1, 100), optim.constantSchedule(1)], [100])
 */
export function joinSchedules(schedules: readonly Schedule[], boundaries: readonly number[]): BuiltSchedule {
  const op = "optim.joinSchedules";
  if (schedules.length !== boundaries.length + 1) {
    throw new ArgumentError(`${op}: ${schedules.length} schedules need ${schedules.length - 1} boundaries, got ${boundaries.length}.`);
  }
  return schedule(op, (count) =>
    boundaries.reduce(
      (out: Tensor, boundary, i) => np.where(np.less(count, boundary), out, np.asarray(schedules[i + 1](np.subtract(count, np.asarray(boundary).astype(count.dtype))))),
      np.asarray(schedules[0](count)),
    ),
  );
}

/**
 * Linear warm-up from initValue to peakValue over warmupSteps, then cosine decay to
 * endValue at decaySteps (counted from the start).
 * @example optim.adamw(optim.warmupCosineDecaySchedule(0, 1e-3, 500, 10_000))
 */
export function warmupCosineDecaySchedule(initValue: number, peakValue: number, warmupSteps: number, decaySteps: number, endValue = 0, exponent = 1): BuiltSchedule {
  const op = "optim.warmupCosineDecaySchedule";
  positive(op, "peakValue", peakValue);
  if (!(decaySteps > warmupSteps)) throw new ArgumentError(`${op}: decaySteps (${decaySteps}) must exceed warmupSteps (${warmupSteps}).`);
  return joinSchedules(
    [linearSchedule(initValue, peakValue, Math.max(1, warmupSteps)), cosineDecaySchedule(peakValue, decaySteps - warmupSteps, endValue / peakValue, exponent)],
    [warmupSteps],
  );
}

/** One cycle of {@link sgdrSchedule}: {@link warmupCosineDecaySchedule}'s arguments by name. */
export interface WarmupCosineDecayOptions {
  readonly initValue: number;
  readonly peakValue: number;
  readonly warmupSteps: number;
  readonly decaySteps: number;
  readonly endValue?: number;
  readonly exponent?: number;
}

/**
 * SGDR (Loshchilov & Hutter): warm-up-cosine cycles one after another, each restarting
 * from its own initValue when the previous one's decaySteps are done, as optax.
 * @example
 * const cycle = { initValue: 0, peakValue: 0.1, warmupSteps: 10, decaySteps: 100 };
 * optim.sgd(optim.sgdrSchedule([cycle, cycle, { ...cycle, peakValue: 0.05 }]));
 */
export function sgdrSchedule(cycles: readonly WarmupCosineDecayOptions[]): BuiltSchedule {
  if (cycles.length === 0) throw new ArgumentError("optim.sgdrSchedule: needs at least one cycle.");
  const schedules = cycles.map((c) => warmupCosineDecaySchedule(c.initValue, c.peakValue, c.warmupSteps, c.decaySteps, c.endValue, c.exponent));
  const ends = cycles.map((_, i) => cycles.slice(0, i + 1).reduce((n, c) => n + c.decaySteps, 0));
  return joinSchedules(schedules, ends.slice(0, -1));
}
