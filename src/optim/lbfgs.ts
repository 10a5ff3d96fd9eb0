/**
 * L-BFGS as optax's gradient transformations: `scaleByLbfgs` (the two-loop recursion over
 * the last `memorySize` parameter and gradient differences, with optax's initial scaling),
 * `scaleByZoomLinesearch` (a strong-Wolfe step along the direction, using the objective
 * from the extra args; the search is jax.scipy's zoom, `scipy/optimize.ts`), and `lbfgs`,
 * their chain. Parameters may be any pytree; the memory holds them raveled into one vector.
 * With `valueAndGradFromState` a step reuses the value and gradient the line search found.
 */
import { ArgumentError, PytreeError } from "../core/errors";
import { treeFlatten, treeUnflatten, type TreeDef } from "../core/pytree";
import type { Tensor } from "../core/tensor";
import { cond } from "../lax/control-flow";
import * as np from "../numpy";
import { lineSearch } from "../scipy/optimize";
import { pushRow, twoLoopRecursion } from "../scipy/two-loop";
import { valueAndGrad } from "../transforms/grad";
import { type AnyTransformation, type ExtraArgs, type GradientTransformation, type Params, type UpdatesFor, chain, increment, scale, scaleByLearningRate, zeroCount } from "./transform";

/** A pytree of arrays as one float vector, and the way back. */
function ravel(tree: Params): { flat: Tensor; unravel: (v: Tensor) => Params } {
  const [leaves, def] = treeFlatten(tree) as [Tensor[], TreeDef];
  const ts = leaves.map((l) => np.asarray(l));
  const sizes = ts.map((t) => t.size);
  const flat = ts.length === 0 ? np.zeros([0]) : np.concatenate(ts.map((t) => np.reshape(t.astype("float64"), [t.size])));
  return {
    flat,
    unravel: (v) => {
      let at = 0;
      return treeUnflatten(def, ts.map((t, i) => {
        const part = np.reshape(v.slice([at, at + sizes[i]]), [...t.shape]).astype(t.dtype);
        at += sizes[i];
        return part;
      }));
    },
  };
}

/** The state of {@link scaleByLbfgs}: the previous params and gradient, and the memory (newest last). */
export interface LbfgsState {
  readonly count: Tensor;
  readonly params: Tensor;
  readonly updates: Tensor;
  readonly diffParams: Tensor;
  readonly diffUpdates: Tensor;
  readonly weights: Tensor;
}

/**
 * optax's `scale_by_lbfgs`: the gradient preconditioned by the inverse-Hessian estimate
 * of the last `memorySize` steps (the two-loop recursion); the initial estimate is
 * γ·I with γ = sᵀy / yᵀy (`scaleInitPrecond`), and on the first step min(1, 1/‖g‖).
 * The output is a descent direction's negative (add −1 or a learning rate after it).
 * @example const opt = optim.chain(optim.scaleByLbfgs(), optim.scale(-0.5));
 */
export function scaleByLbfgs(opts: { readonly memorySize?: number; readonly scaleInitPrecond?: boolean } = {}): GradientTransformation<LbfgsState> {
  const m = opts.memorySize ?? 10;
  if (!Number.isInteger(m) || m < 1) throw new ArgumentError(`optim.scaleByLbfgs: memorySize must be a positive integer, got ${m}.`);
  const scaleInit = opts.scaleInitPrecond ?? true;
  return {
    init: (params) => {
      const { flat } = ravel(params);
      const d = flat.size;
      return { count: zeroCount(), params: np.zerosLike(flat), updates: np.zerosLike(flat), diffParams: np.zeros([m, d]), diffUpdates: np.zeros([m, d]), weights: np.zeros([m]) };
    },
    update: (updates, state, params) => {
      if (params === undefined) throw new ArgumentError("optim.scaleByLbfgs: update needs params (it remembers their last difference).");
      const g = ravel(updates);
      const x = ravel(params).flat;
      if (g.flat.size !== state.params.size) throw new PytreeError(`optim.scaleByLbfgs: the updates have ${g.flat.size} numbers but the state was made for ${state.params.size}; init the optimizer with these params.`);
      const started = np.greater(state.count, 0);
      const s = np.subtract(x, state.params);
      const y = np.subtract(g.flat, state.updates);
      const sy = np.vdot(s, y);
      const weight = np.where(np.equal(sy, 0), 0, np.divide(1, np.where(np.equal(sy, 0), 1, sy)));
      const diffParams = np.where(started, pushRow(state.diffParams, s), state.diffParams);
      const diffUpdates = np.where(started, pushRow(state.diffUpdates, y), state.diffUpdates);
      const weights = np.where(started, pushRow(state.weights, weight), state.weights);
      let gamma: Tensor = np.ones([]);
      if (scaleInit) {
        const yy = np.vdot(y, y);
        const ratio = np.where(np.greater(yy, 0), np.divide(sy, np.where(np.greater(yy, 0), yy, 1)), 1);
        const norm = np.sqrt(np.vdot(g.flat, g.flat));
        gamma = np.where(started, ratio, np.minimum(1, np.divide(1, norm)));
      }
      const q = twoLoopRecursion(g.flat, diffParams, diffUpdates, weights, gamma);
      const next: LbfgsState = { count: increment(state.count), params: x, updates: g.flat, diffParams, diffUpdates, weights };
      return [g.unravel(q) as typeof updates, next];
    },
  };
}

/** The state of {@link scaleByZoomLinesearch}: the step it took and the value and gradient it found there. */
export interface LinesearchState {
  readonly learningRate: Tensor;
  readonly value: Tensor;
  readonly grad: Params;
  /** Whether `value`/`grad` hold a point's (false before the first step). */
  readonly valid: Tensor;
}

/**
 * Scales the updates (a descent direction) by a step meeting the strong Wolfe conditions
 * for the objective `extra.valueFn`, from `extra.value` and `extra.grad` at `params` (the
 * zoom search of jax.scipy.optimize, at most `maxLinesearchSteps` trials).
 * @example optim.chain(optim.scaleByLbfgs(), optim.scale(-1), optim.scaleByZoomLinesearch())
 */
export function scaleByZoomLinesearch(opts: { readonly maxLinesearchSteps?: number } = {}): GradientTransformation<LinesearchState> {
  const steps = opts.maxLinesearchSteps ?? 20;
  return {
    init: (params) => {
      const [leaves, def] = treeFlatten(params);
      return { learningRate: np.ones([]), value: np.array(Infinity), grad: treeUnflatten(def, leaves.map((l) => np.zerosLike(np.asarray(l as Tensor)))), valid: np.array(false) };
    },
    update: (updates, state, params, extra: ExtraArgs = {}) => {
      const { value, grad, valueFn } = extra;
      if (params === undefined || value === undefined || grad === undefined || valueFn === undefined) {
        throw new ArgumentError("optim.scaleByZoomLinesearch: update needs params and the extra args { value, grad, valueFn } (the objective at params); see optim.lbfgs's example.");
      }
      const x = ravel(params);
      const d = ravel(updates).flat;
      const f = (v: Tensor) => valueFn(x.unravel(v));
      const ls = lineSearch(f, x.flat, d, { oldFval: value, gfk: ravel(grad).flat, maxiter: steps });
      const next: LinesearchState = { learningRate: ls.a_k, value: ls.f_k, grad: x.unravel(ls.g_k), valid: np.logicalNot(ls.failed) };
      return [ravel(updates).unravel(np.multiply(ls.a_k, d)) as typeof updates, next];
    },
  };
}

/**
 * optax's `lbfgs`: `scaleByLbfgs`, then −1 (or −learningRate when one is given), then the
 * zoom line search (unless `linesearch` is false). Its update needs the extra args.
 * @example
 * const opt = optim.lbfgs();
 * let state = opt.init(params);
 * const vg = optim.valueAndGradFromState(f);
 * const [value, grad] = vg(params, state);
 * const [updates, next] = opt.update(grad, state, params, { value, grad, valueFn: f });
 * params = optim.applyUpdates(params, updates);
 */
export function lbfgs(opts: { readonly learningRate?: number | null; readonly memorySize?: number; readonly scaleInitPrecond?: boolean; readonly linesearch?: boolean; readonly maxLinesearchSteps?: number } = {}) {
  const base = opts.learningRate === undefined || opts.learningRate === null ? scale(-1) : scaleByLearningRate(opts.learningRate);
  const parts: AnyTransformation[] = [scaleByLbfgs(opts), base];
  if (opts.linesearch ?? true) parts.push(scaleByZoomLinesearch({ maxLinesearchSteps: opts.maxLinesearchSteps }));
  return chain(...parts);
}

/**
 * `f`'s value and gradient at `params`, taken from an optimizer state's line search when
 * it already found them there (optax's `value_and_grad_from_state`), else computed.
 * @example const [value, grad] = optim.valueAndGradFromState(f)(params, state);
 */
export function valueAndGradFromState<P>(f: (params: P) => Tensor): (params: P, state: unknown) => [Tensor, UpdatesFor<P>] {
  type G = UpdatesFor<P>;
  const vg = valueAndGrad(f as (p: never) => Tensor) as unknown as (p: P) => [Tensor, G];
  return (params, state) => {
    const found = findLinesearchState(state);
    if (found === null) return vg(params);
    return cond(found.valid, () => [found.value, found.grad] as [Tensor, G], () => vg(params)) as [Tensor, G];
  };
}

function findLinesearchState(state: unknown): LinesearchState | null {
  if (Array.isArray(state)) {
    for (let i = state.length - 1; i >= 0; i--) {
      const s = findLinesearchState(state[i]);
      if (s) return s;
    }
    return null;
  }
  if (state && typeof state === "object" && "learningRate" in state && "valid" in state && "grad" in state) return state as LinesearchState;
  return null;
}
