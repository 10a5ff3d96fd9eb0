/** Optimizers as chains of transformations, with optax's update formulas. */
import { Tensor } from "../core/tensor";
import { ArgumentError, PytreeError } from "../core/errors";
import * as lax from "../lax/lax";
import * as np from "../numpy";
import {
  type GradientTransformation,
  type Params,
  type Schedule,
  addDecayedWeights,
  chain,
  increment,
  mapTree,
  scaleByLearningRate,
  zeroCount,
} from "./transform";
import { adamRatio, corrected, moment, nesterovMoment } from "./moments";

/** State of `trace` (momentum): the running sum of updates. */
export interface TraceState {
  readonly trace: Params;
}

/**
 * Momentum accumulation: trace = g + decay · trace; the update is the trace, or
 * g + decay · trace with Nesterov.
 * @example optim.chain(optim.trace(0.9), optim.scaleByLearningRate(0.01)) // = optim.momentum(0.01, 0.9)
 */
export function trace(decay: number, opts: { readonly nesterov?: boolean } = {}): GradientTransformation<TraceState> {
  return {
    init: (params) => ({ trace: mapTree("optim.trace", ["params"], (p) => np.zerosLike(p), params) }),
    update: (updates, state) => {
      const f = (g: Tensor, t: Tensor) => np.add(g, np.multiply(decay, t));
      const next = mapTree("optim.trace", ["updates", "momentum traces"], f, updates, state.trace);
      return [opts.nesterov ? mapTree("optim.trace", ["updates", "momentum traces"], f, updates, next) : next, { trace: next }];
    },
  };
}

/** State of `scaleByAdam`: step count and the first and second moments. */
export interface AdamState {
  readonly count: Tensor;
  readonly mu: Params;
  readonly nu: Params;
}

/** Options of Adam-family optimizers (optax's defaults). */
export interface AdamOptions {
  readonly b1?: number;
  readonly b2?: number;
  /** Added outside the square root (default 1e-8). */
  readonly eps?: number;
  /** Added inside the square root (default 0). */
  readonly epsRoot?: number;
}

/** Options of `scaleByAdam`, `adam` and `adamw`: the moments', and Nesterov's. */
export interface ScaleByAdamOptions extends AdamOptions {
  /** Nesterov momentum (NAdam; Dozat): the first moment looks one step ahead (default false). */
  readonly nesterov?: boolean;
}

/**
 * Adam's rescaling: mu = (1 − b1)·g + b1·mu, nu = (1 − b2)·g² + b2·nu, then
 * mu/(1 − b1ᵗ) / (√(nu/(1 − b2ᵗ) + epsRoot) + eps), t counted from 1 (with `nesterov`, the
 * first moment's term is NAdam's b1·mu/(1 − b1^(t+1)) + (1 − b1)·g/(1 − b1ᵗ)).
 * @example optim.chain(optim.scaleByAdam({ b2: 0.99 }), optim.scaleByLearningRate(1e-3))
 */
export function scaleByAdam(opts: ScaleByAdamOptions = {}): GradientTransformation<AdamState> {
  const op = "optim.scaleByAdam";
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot = 0 } = opts;
  return {
    init: (params) => {
      const zeros = () => mapTree(op, ["params"], (p) => np.zerosLike(p), params);
      return { count: zeroCount(), mu: zeros(), nu: zeros() };
    },
    update: (updates, state) => {
      if (!(state?.count instanceof Tensor)) throw new PytreeError("optim.scaleByAdam: the state is not Adam's; was it made by this optimizer's init?");
      const mu = mapTree(op, ["updates", "first moments"], moment(b1, 1), updates, state.mu);
      const nu = mapTree(op, ["updates", "second moments"], moment(b2, 2), updates, state.nu);
      const count = increment(state.count);
      const muHat = opts.nesterov ? nesterovMoment(op, b1, count, mu, updates) : mapTree(op, ["first moments"], corrected(b1, count), mu);
      const [ratio, nuHat] = [adamRatio(eps, epsRoot), corrected(b2, count)];
      const out = mapTree(op, ["first moments", "second moments"], (m, v) => ratio(m, nuHat(v)), muHat, nu);
      return [out as typeof updates, { count, mu, nu }];
    },
  };
}

/** State of `scaleByRms`: the running mean of squared gradients. */
export interface RmsState {
  readonly nu: Params;
}

/**
 * RMSProp's rescaling: nu = (1 − decay)·g² + decay·nu, then g · rsqrt(nu + eps) (optax's
 * default, eps inside the root).
 * @example optim.chain(optim.scaleByRms({ decay: 0.99 }), optim.scaleByLearningRate(1e-3))
 */
export function scaleByRms(opts: { readonly decay?: number; readonly eps?: number; readonly initialScale?: number } = {}): GradientTransformation<RmsState> {
  const op = "optim.scaleByRms";
  const { decay = 0.9, eps = 1e-8, initialScale = 0 } = opts;
  return {
    init: (params) => ({ nu: mapTree(op, ["params"], (p) => np.fullLike(p, initialScale), params) }),
    update: (updates, state) => {
      const nu = mapTree(op, ["updates", "second moments"], (g, v) => np.add(np.multiply(1 - decay, np.multiply(g, g)), np.multiply(decay, v)), updates, state.nu);
      const out = mapTree(op, ["second moments", "updates"], (v, g) => np.multiply(lax.rsqrt(np.add(v, eps)), g), nu, updates);
      return [out as typeof updates, { nu }];
    },
  };
}

/** State of `scaleByRss`: the running sum of squared gradients. */
export interface RssState {
  readonly sumOfSquares: Params;
}

/**
 * Adagrad's rescaling: s = g² + s, then g · rsqrt(s + eps) where s > 0 (else 0), as optax.
 * @example optim.chain(optim.scaleByRss(), optim.scaleByLearningRate(0.1))
 */
export function scaleByRss(opts: { readonly initialAccumulatorValue?: number; readonly eps?: number } = {}): GradientTransformation<RssState> {
  const op = "optim.scaleByRss";
  const { initialAccumulatorValue = 0.1, eps = 1e-7 } = opts;
  return {
    init: (params) => ({ sumOfSquares: mapTree(op, ["params"], (p) => np.fullLike(p, initialAccumulatorValue), params) }),
    update: (updates, state) => {
      const sumOfSquares = mapTree(op, ["updates", "sums of squares"], (g, t) => np.add(np.multiply(g, g), t), updates, state.sumOfSquares);
      const out = mapTree(
        op,
        ["sums of squares", "updates"],
        (t, g) => np.multiply(np.where(np.greater(t, 0), lax.rsqrt(np.add(t, eps)), 0), g),
        sumOfSquares,
        updates,
      );
      return [out as typeof updates, { sumOfSquares }];
    },
  };
}

/**
 * RMSProp (Tieleman & Hinton), optax's uncentred form: `scaleByRms`, the learning rate,
 * then optional momentum.
 * @example const opt = optim.rmsprop(1e-3, { decay: 0.9 });
 */
export function rmsprop(
  learningRate: number | Schedule,
  opts: { readonly decay?: number; readonly eps?: number; readonly initialScale?: number; readonly momentum?: number; readonly nesterov?: boolean } = {},
): GradientTransformation<[RmsState, Tensor | null] | [RmsState, Tensor | null, TraceState]> {
  const rms = scaleByRms(opts);
  // One type for both forms: which one a state is, its init decided.
  return (
    opts.momentum === undefined
      ? chain(rms, scaleByLearningRate(learningRate))
      : chain(rms, scaleByLearningRate(learningRate), trace(opts.momentum, { nesterov: opts.nesterov }))
  ) as GradientTransformation<[RmsState, Tensor | null] | [RmsState, Tensor | null, TraceState]>;
}

/**
 * Adagrad (Duchi et al.): `scaleByRss` then the learning rate, as optax.
 * @example const opt = optim.adagrad(0.1);
 */
export function adagrad(learningRate: number | Schedule, opts: { readonly initialAccumulatorValue?: number; readonly eps?: number } = {}) {
  return chain(scaleByRss(opts), scaleByLearningRate(learningRate));
}

/**
 * Stochastic gradient descent: params − lr·g, with optional momentum.
 * @example const opt = optim.sgd(0.1);
 */
export function sgd(
  learningRate: number | Schedule,
  opts: { readonly momentum?: number; readonly nesterov?: boolean } = {},
): GradientTransformation<[Tensor | null] | [TraceState, Tensor | null]> {
  // One type for both forms: which one a state is, its init decided.
  return (
    opts.momentum === undefined
      ? chain(scaleByLearningRate(learningRate))
      : chain(trace(opts.momentum, { nesterov: opts.nesterov }), scaleByLearningRate(learningRate))
  ) as GradientTransformation<[Tensor | null] | [TraceState, Tensor | null]>;
}

/**
 * SGD with momentum `beta` (default 0.9): optax's `sgd(lr, momentum=beta)`.
 * @example const opt = optim.momentum(0.01, 0.9);
 */
export function momentum(learningRate: number | Schedule, beta = 0.9, opts: { readonly nesterov?: boolean } = {}) {
  return sgd(learningRate, { momentum: beta, nesterov: opts.nesterov });
}

/**
 * Adam (Kingma & Ba) with bias correction and eps outside the square root, as optax.
 * @example
 * const opt = optim.adam(1e-3);
 * let state = opt.init(params);
 * const [updates, next] = opt.update(grads, state);
 */
export function adam(learningRate: number | Schedule, opts: ScaleByAdamOptions = {}) {
  return chain(scaleByAdam(opts), scaleByLearningRate(learningRate));
}

/** Options of `adamw`. */
export interface AdamWOptions extends ScaleByAdamOptions {
  /** Decoupled weight decay (default 1e-4, optax's). */
  readonly weightDecay?: number;
  /** Which params decay: a pytree of booleans like params, or a function making one. */
  readonly mask?: Params | ((params: Params) => Params);
}

/**
 * Adam with decoupled weight decay (Loshchilov & Hutter): the decay is added after Adam's
 * rescaling and before the learning rate, as optax. `update` needs the params.
 * @example const [updates, next] = optim.adamw(1e-3, { weightDecay: 1e-2 }).update(grads, state, params);
 */
export function adamw(learningRate: number | Schedule, opts: AdamWOptions = {}) {
  return chain(scaleByAdam(opts), addDecayedWeights(opts.weightDecay ?? 1e-4, opts.mask), scaleByLearningRate(learningRate));
}

/** State of `scaleByLion`: the step count and the momentum. */
export interface LionState {
  readonly count: Tensor;
  readonly mu: Params;
}

/**
 * Lion's rescaling (Chen et al.): the update is sign((1 − b1)·g + b1·mu), then
 * mu = (1 − b2)·g + b2·mu, as optax.
 * @example optim.chain(optim.scaleByLion({ b1: 0.9, b2: 0.99 }), optim.scaleByLearningRate(1e-4))
 */
export function scaleByLion(opts: { readonly b1?: number; readonly b2?: number } = {}): GradientTransformation<LionState> {
  const op = "optim.scaleByLion";
  const { b1 = 0.9, b2 = 0.99 } = opts;
  return {
    init: (params) => ({ count: zeroCount(), mu: mapTree(op, ["params"], (p) => np.zerosLike(p), params) }),
    update: (updates, state) => {
      if (!(state?.count instanceof Tensor)) throw new PytreeError(`${op}: the state is not Lion's; was it made by this optimizer's init?`);
      const out = mapTree(op, ["updates", "momenta"], (g, m) => np.sign(np.add(np.multiply(1 - b1, g), np.multiply(b1, m))), updates, state.mu);
      const mu = mapTree(op, ["updates", "momenta"], (g, m) => np.add(np.multiply(1 - b2, g), np.multiply(b2, m)), updates, state.mu);
      return [out as typeof updates, { count: increment(state.count), mu }];
    },
  };
}

/** Options of `lion`. */
export interface LionOptions {
  readonly b1?: number;
  readonly b2?: number;
  /** Decoupled weight decay (default 1e-3, optax's). */
  readonly weightDecay?: number;
  readonly mask?: Params | ((params: Params) => Params);
}

/**
 * Lion (Chen et al., "Symbolic Discovery of Optimization Algorithms"): sign updates with
 * decoupled weight decay, as optax. Use a learning rate 3–10× smaller than Adam's.
 * `update` needs the params.
 * @example const [updates, next] = optim.lion(1e-4).update(grads, state, params);
 */
export function lion(learningRate: number | Schedule, opts: LionOptions = {}) {
  return chain(scaleByLion(opts), addDecayedWeights(opts.weightDecay ?? 1e-3, opts.mask), scaleByLearningRate(learningRate));
}

/** ‖x‖₂, with a gradient that stays finite at 0 (optax's `safe_norm` with min_norm 0). */
function safeNorm(x: Tensor): Tensor {
  const norm = np.sqrt(np.sum(np.square(x)));
  const zero = np.lessEqual(norm, 0);
  const masked = np.sqrt(np.sum(np.square(np.where(zero, np.onesLike(x), x))));
  return np.where(zero, np.zerosLike(masked), masked);
}

/**
 * Scales each leaf's update by ‖param‖ / ‖update‖ (1 where either is 0): LARS/LAMB's
 * layer-wise trust ratio, as optax's `scale_by_trust_ratio`. `update` needs the params.
 * @example optim.chain(optim.scaleByAdam(), optim.scaleByTrustRatio(), optim.scaleByLearningRate(1e-3))
 */
export function scaleByTrustRatio(opts: { readonly trustCoefficient?: number; readonly eps?: number } = {}): GradientTransformation<null> {
  const op = "optim.scaleByTrustRatio";
  const { trustCoefficient = 1, eps = 0 } = opts;
  return {
    init: () => null,
    update: (updates, state, params) => {
      if (params === undefined) throw new ArgumentError(`${op}: the trust ratio needs the params; call update(grads, state, params).`);
      const scaled = mapTree(
        op,
        ["updates", "params"],
        (u, p) => {
          const pn = safeNorm(p);
          const un = safeNorm(u);
          const ratio = np.divide(np.multiply(trustCoefficient, pn), np.add(un, eps));
          const safe = np.where(np.logicalOr(np.equal(pn, 0), np.equal(un, 0)), np.onesLike(ratio), ratio);
          return np.multiply(u, safe.astype(u.dtype));
        },
        updates,
        params,
      );
      return [scaled, state];
    },
  };
}

/** Options of `lamb`. */
export interface LambOptions extends AdamOptions {
  /** Decoupled weight decay (default 0, optax's). */
  readonly weightDecay?: number;
  readonly mask?: Params | ((params: Params) => Params);
}

/**
 * LAMB (You et al.): Adam's rescaling (eps 1e-6), weight decay, then the layer-wise trust
 * ratio, as optax. `update` needs the params.
 * @example const [updates, next] = optim.lamb(1e-3, { weightDecay: 1e-2 }).update(grads, state, params);
 */
export function lamb(learningRate: number | Schedule, opts: LambOptions = {}) {
  return chain(
    scaleByAdam({ b1: opts.b1, b2: opts.b2, eps: opts.eps ?? 1e-6, epsRoot: opts.epsRoot }),
    addDecayedWeights(opts.weightDecay ?? 0, opts.mask),
    scaleByTrustRatio(),
    scaleByLearningRate(learningRate),
  );
}

/**
 * AdaBelief's rescaling (Zhuang et al.): mu = (1 − b1)·g + b1·mu; the second moment
 * tracks the prediction error, s = (1 − b2)·(g − mu)² + b2·s + epsRoot; then bias-corrected
 * mu / (√s + eps), as optax's `scale_by_belief`.
 * @example optim.chain(optim.scaleByBelief(), optim.scaleByLearningRate(1e-3))
 */
export function scaleByBelief(opts: AdamOptions = {}): GradientTransformation<AdamState> {
  const op = "optim.scaleByBelief";
  const { b1 = 0.9, b2 = 0.999, eps = 1e-16, epsRoot = 1e-16 } = opts;
  return {
    init: (params) => {
      const zeros = () => mapTree(op, ["params"], (p) => np.zerosLike(p), params);
      return { count: zeroCount(), mu: zeros(), nu: zeros() };
    },
    update: (updates, state) => {
      if (!(state?.count instanceof Tensor)) throw new PytreeError(`${op}: the state is not AdaBelief's; was it made by this optimizer's init?`);
      const mu = mapTree(op, ["updates", "first moments"], (g, m) => np.add(np.multiply(1 - b1, g), np.multiply(b1, m)), updates, state.mu);
      const nu = mapTree(
        op,
        ["updates", "first moments", "second moments"],
        (g, m, s) => np.add(np.add(np.multiply(1 - b2, np.square(np.subtract(g, m))), np.multiply(b2, s)), epsRoot),
        updates,
        mu,
        state.nu,
      );
      const count = increment(state.count);
      const c1 = np.subtract(1, np.power(b1, count));
      const c2 = np.subtract(1, np.power(b2, count));
      const out = mapTree(
        op,
        ["first moments", "second moments"],
        (m, s) => np.divide(np.divide(m, c1.astype(m.dtype)), np.add(np.sqrt(np.divide(s, c2.astype(s.dtype))), eps)),
        mu,
        nu,
      );
      return [out as typeof updates, { count, mu, nu }];
    },
  };
}

/** Options of `adabelief`. */
export interface AdaBeliefOptions extends AdamOptions {
  /** Decoupled weight decay (default none). */
  readonly weightDecay?: number;
  readonly mask?: Params | ((params: Params) => Params);
}

/**
 * AdaBelief (Zhuang et al.): Adam with the second moment of the gradient's deviation from
 * its running mean (eps and epsRoot 1e-16), as optax.
 * @example const opt = optim.adabelief(1e-3);
 */
export function adabelief(learningRate: number | Schedule, opts: AdaBeliefOptions = {}) {
  const belief = scaleByBelief(opts);
  return opts.weightDecay === undefined
    ? chain(belief, scaleByLearningRate(learningRate))
    : chain(belief, addDecayedWeights(opts.weightDecay, opts.mask), scaleByLearningRate(learningRate));
}
