/**
 * Learning-rate schedules, optax's: functions of the step count (an int32 scalar, traced
 * under jit) to a value, for any optimizer's learning rate.
 */
import { ArgumentError } from "../core/errors";
import type { Tensor } from "../core/tensor";
import * as np from "../numpy";
import type { Schedule } from "./transform";

const f64 = (count: Tensor) => count.astype("float64");

function positive(op: string, name: string, v: number): void {
  if (!(Number.isFinite(v) && v > 0)) throw new ArgumentError(`${op}: ${name} must be a positive number, got ${v}.`);
}

/** The same value at every step. @example optim.constantSchedule(1e-3) */
export function constantSchedule(value: number): Schedule {
  return () => np.asarray(value);
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
export function exponentialDecay(opts: ExponentialDecayOptions): Schedule {
  const op = "optim.exponentialDecay";
  positive(op, "transitionSteps", opts.transitionSteps);
  positive(op, "decayRate", opts.decayRate);
  const { initValue, transitionSteps, decayRate, transitionBegin = 0, staircase = false, endValue } = opts;
  return (count) => {
    const decreased = np.subtract(f64(count), transitionBegin);
    const raw = np.divide(decreased, transitionSteps);
    const p = staircase ? np.floor(raw) : raw;
    const decayed = np.where(np.lessEqual(decreased, 0), initValue, np.multiply(initValue, np.power(decayRate, p)));
    if (endValue === undefined) return decayed;
    return decayRate < 1 ? np.maximum(decayed, endValue) : np.minimum(decayed, endValue);
  };
}

/**
 * From initValue to endValue in a straight line over transitionSteps (after
 * transitionBegin), then endValue.
 * @example optim.linearSchedule(0, 1e-3, 500) // a warm-up
 */
export function linearSchedule(initValue: number, endValue: number, transitionSteps: number, transitionBegin = 0): Schedule {
  positive("optim.linearSchedule", "transitionSteps", transitionSteps);
  return (count) => {
    const done = np.clip(np.subtract(f64(count), transitionBegin), 0, transitionSteps);
    const frac = np.subtract(1, np.divide(done, transitionSteps));
    return np.add(np.multiply(initValue - endValue, frac), endValue);
  };
}

/**
 * initValue · ((1 − alpha) · ((1 + cos(π · min(count, decaySteps) / decaySteps)) / 2)^exponent + alpha).
 * @example optim.sgd(optim.cosineDecaySchedule(0.1, 10_000))
 */
export function cosineDecaySchedule(initValue: number, decaySteps: number, alpha = 0, exponent = 1): Schedule {
  positive("optim.cosineDecaySchedule", "decaySteps", decaySteps);
  return (count) => {
    const c = np.minimum(f64(count), decaySteps);
    const cosine = np.multiply(0.5, np.add(1, np.cos(np.divide(np.multiply(Math.PI, c), decaySteps))));
    return np.multiply(initValue, np.add(np.multiply(1 - alpha, np.power(cosine, exponent)), alpha));
  };
}

/**
 * `schedules[0]` until `boundaries[0]`, then `schedules[1]` counting from 0 again, and so on.
 * @example optim.joinSchedules([optim.linearSchedule(0, 1, 100), optim.constantSchedule(1)], [100])
 */
export function joinSchedules(schedules: readonly Schedule[], boundaries: readonly number[]): Schedule {
  if (schedules.length !== boundaries.length + 1) {
    throw new ArgumentError(`optim.joinSchedules: ${schedules.length} schedules need ${schedules.length - 1} boundaries, got ${boundaries.length}.`);
  }
  return (count) =>
    boundaries.reduce(
      (out: Tensor, boundary, i) => np.where(np.less(count, boundary), out, np.asarray(schedules[i + 1](np.subtract(count, np.array(boundary, "int32"))))),
      np.asarray(schedules[0](count)),
    );
}

/**
 * Linear warm-up from initValue to peakValue over warmupSteps, then cosine decay to
 * endValue at decaySteps (counted from the start).
 * @example optim.adamw(optim.warmupCosineDecaySchedule(0, 1e-3, 500, 10_000))
 */
export function warmupCosineDecaySchedule(initValue: number, peakValue: number, warmupSteps: number, decaySteps: number, endValue = 0, exponent = 1): Schedule {
  const op = "optim.warmupCosineDecaySchedule";
  positive(op, "peakValue", peakValue);
  if (!(decaySteps > warmupSteps)) throw new ArgumentError(`${op}: decaySteps (${decaySteps}) must exceed warmupSteps (${warmupSteps}).`);
  return joinSchedules(
    [linearSchedule(initValue, peakValue, Math.max(1, warmupSteps)), cosineDecaySchedule(peakValue, decaySteps - warmupSteps, endValue / peakValue, exponent)],
    [warmupSteps],
  );
}
