/**
 * More of optax's adaptive optimizers, each a rescaling and its alias with optax's
 * formulas and defaults: AMSGrad, Adamax, Yogi, RAdam, Adadelta, NAdam and NAdamW.
 */
import { Tensor } from "../core/tensor";
import { PytreeError } from "../core/errors";
import * as np from "../numpy";
import { type AdamOptions, type AdamState, type AdamWOptions, scaleByAdam } from "./optimizers";
import { adamRatio, corrected, moment, nesterovMoment } from "./moments";
import { type GradientTransformation, type Params, type Schedule, addDecayedWeights, chain, increment, mapTree, scaleByLearningRate, zeroCount } from "./transform";

function countOf(op: string, state: { readonly count?: unknown } | null | undefined): Tensor {
  if (!(state?.count instanceof Tensor)) throw new PytreeError(`${op}: the state is not this optimizer's; was it made by its init?`);
  return state.count;
}
const zerosOf = (op: string, params: Params) => mapTree(op, ["params"], (p) => np.zerosLike(p), params);

/** State of `scaleByAmsgrad`: Adam's, and the running maximum of the corrected second moment. */
export interface AmsgradState extends AdamState {
  readonly nuMax: Params;
}

/**
 * AMSGrad's rescaling (Reddi et al.): Adam's moments, but dividing by the running maximum
 * of the bias-corrected second moment, as optax.
 * @example optim.chain(optim.scaleByAmsgrad(), optim.scaleByLearningRate(1e-3))
 */
export function scaleByAmsgrad(opts: AdamOptions = {}): GradientTransformation<AmsgradState> {
  const op = "optim.scaleByAmsgrad";
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot = 0 } = opts;
  return {
    init: (params) => ({ count: zeroCount(), mu: zerosOf(op, params), nu: zerosOf(op, params), nuMax: zerosOf(op, params) }),
    update: (updates, state) => {
      const count = increment(countOf(op, state));
      const mu = mapTree(op, ["updates", "first moments"], moment(b1, 1), updates, state.mu);
      const nu = mapTree(op, ["updates", "second moments"], moment(b2, 2), updates, state.nu);
      const nuHat = corrected(b2, count);
      const nuMax = mapTree(op, ["second-moment maxima", "second moments"], (m, v) => np.maximum(m, nuHat(v)), state.nuMax, nu);
      const muHat = mapTree(op, ["first moments"], corrected(b1, count), mu);
      return [mapTree(op, ["first moments", "second-moment maxima"], adamRatio(eps, epsRoot), muHat, nuMax) as typeof updates, { count, mu, nu, nuMax }];
    },
  };
}

/** AMSGrad: Adam with a non-increasing step size per coordinate. @example const opt = optim.amsgrad(1e-3); */
export function amsgrad(learningRate: number | Schedule, opts: AdamOptions = {}) {
  return chain(scaleByAmsgrad(opts), scaleByLearningRate(learningRate));
}

/**
 * Adamax's rescaling (Kingma & Ba): mu as Adam's, nu = max(|g| + eps, b2·nu) (the
 * infinity norm), the update mu/(1 − b1ᵗ)/nu, as optax.
 * @example optim.chain(optim.scaleByAdamax(), optim.scaleByLearningRate(2e-3))
 */
export function scaleByAdamax(opts: { readonly b1?: number; readonly b2?: number; readonly eps?: number } = {}): GradientTransformation<AdamState> {
  const op = "optim.scaleByAdamax";
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8 } = opts;
  return {
    init: (params) => ({ count: zeroCount(), mu: zerosOf(op, params), nu: zerosOf(op, params) }),
    update: (updates, state) => {
      const count = increment(countOf(op, state));
      const mu = mapTree(op, ["updates", "first moments"], moment(b1, 1), updates, state.mu);
      const nu = mapTree(op, ["updates", "infinity moments"], (g, v) => np.maximum(np.add(np.abs(g), eps), np.multiply(b2, v)), updates, state.nu);
      const muHat = corrected(b1, count);
      const out = mapTree(op, ["first moments", "infinity moments"], (m, v) => np.divide(muHat(m), v), mu, nu);
      return [out as typeof updates, { count, mu, nu }];
    },
  };
}

/** Adamax: Adam with the infinity norm for the second moment. @example const opt = optim.adamax(2e-3); */
export function adamax(learningRate: number | Schedule, opts: { readonly b1?: number; readonly b2?: number; readonly eps?: number } = {}) {
  return chain(scaleByAdamax(opts), scaleByLearningRate(learningRate));
}

/** Options of `scaleByYogi` and `yogi`. */
export interface YogiOptions extends AdamOptions {
  /** The moments' starting value (default 1e-6). */
  readonly initialAccumulatorValue?: number;
}

/**
 * Yogi's rescaling (Zaheer et al.): nu moves toward g² additively,
 * nu − (1 − b2)·sign(nu − g²)·g², so it grows no faster than the gradients do; eps
 * defaults to 1e-3, as optax.
 * @example optim.chain(optim.scaleByYogi(), optim.scaleByLearningRate(1e-2))
 */
export function scaleByYogi(opts: YogiOptions = {}): GradientTransformation<AdamState> {
  const op = "optim.scaleByYogi";
  const { b1 = 0.9, b2 = 0.999, eps = 1e-3, epsRoot = 0, initialAccumulatorValue = 1e-6 } = opts;
  const filled = (params: Params) => mapTree(op, ["params"], (p) => np.fullLike(p, initialAccumulatorValue), params);
  return {
    init: (params) => ({ count: zeroCount(), mu: filled(params), nu: filled(params) }),
    update: (updates, state) => {
      const mu = mapTree(op, ["updates", "first moments"], moment(b1, 1), updates, state.mu);
      const nu = mapTree(
        op,
        ["updates", "second moments"],
        (g, v) => {
          const g2 = np.multiply(g, g);
          return np.subtract(v, np.multiply(np.multiply(1 - b2, np.sign(np.subtract(v, g2))), g2));
        },
        updates,
        state.nu,
      );
      const count = increment(countOf(op, state));
      const [ratio, muHat, nuHat] = [adamRatio(eps, epsRoot), corrected(b1, count), corrected(b2, count)];
      const out = mapTree(op, ["first moments", "second moments"], (m, v) => ratio(muHat(m), nuHat(v)), mu, nu);
      return [out as typeof updates, { count, mu, nu }];
    },
  };
}

/** Yogi: Adam with an additive second-moment update. @example const opt = optim.yogi(1e-2); */
export function yogi(learningRate: number | Schedule, opts: YogiOptions = {}) {
  return chain(scaleByYogi(opts), scaleByLearningRate(learningRate));
}

/** Options of `scaleByRadam` and `radam`. */
export interface RadamOptions extends AdamOptions {
  /** The rectification starts once ρₜ reaches it (default 5). */
  readonly threshold?: number;
  /** Nesterov momentum in the first moment, as NAdam's (default false). */
  readonly nesterov?: boolean;
}

/**
 * RAdam's rescaling (Liu et al.): Adam's step times the rectification
 * r = √((ρ − 4)(ρ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρ)) once the second moment's effective length
 * ρₜ = ρ∞ − 2t·b2ᵗ/(1 − b2ᵗ) (ρ∞ = 2/(1 − b2) − 1) reaches `threshold`, and before that the
 * bias-corrected momentum alone, as optax.
 * @example optim.chain(optim.scaleByRadam(), optim.scaleByLearningRate(1e-3))
 */
export function scaleByRadam(opts: RadamOptions = {}): GradientTransformation<AdamState> {
  const op = "optim.scaleByRadam";
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot = 0, threshold = 5 } = opts;
  const roInf = 2 / (1 - b2) - 1;
  return {
    init: (params) => ({ count: zeroCount(), mu: zerosOf(op, params), nu: zerosOf(op, params) }),
    update: (updates, state) => {
      const mu = mapTree(op, ["updates", "first moments"], moment(b1, 1), updates, state.mu);
      const nu = mapTree(op, ["updates", "second moments"], moment(b2, 2), updates, state.nu);
      const count = increment(countOf(op, state));
      const b2t = np.power(b2, count);
      const ro = np.subtract(roInf, np.divide(np.multiply(np.multiply(2, count), b2t), np.subtract(1, b2t)));
      const muHat = opts.nesterov ? nesterovMoment(op, b1, count, mu, updates) : mapTree(op, ["first moments"], corrected(b1, count), mu);
      const r = np.sqrt(np.divide(np.multiply(np.multiply(np.subtract(ro, 4), np.subtract(ro, 2)), roInf), np.multiply((roInf - 4) * (roInf - 2), ro)));
      const rectify = np.greaterEqual(ro, threshold);
      const [ratio, nuHat] = [adamRatio(eps, epsRoot), corrected(b2, count)];
      const out = mapTree(
        op,
        ["first moments", "second moments"],
        (m, v) => np.where(rectify, ratio(np.multiply(r.astype(m.dtype), m), nuHat(v)), m),
        muHat,
        nu,
      );
      return [out as typeof updates, { count, mu, nu }];
    },
  };
}

/** RAdam: Adam with its variance rectified in the first steps. @example const opt = optim.radam(1e-3); */
export function radam(learningRate: number | Schedule, opts: RadamOptions = {}) {
  return chain(scaleByRadam(opts), scaleByLearningRate(learningRate));
}

/** State of `scaleByAdadelta`: the running means of squared gradients and of squared updates. */
export interface AdadeltaState {
  readonly eG: Params;
  readonly eX: Params;
}

/**
 * Adadelta's rescaling (Zeiler): eG = (1 − rho)·g² + rho·eG, the update
 * √(eX + eps)/√(eG + eps)·g, then eX = (1 − rho)·update² + rho·eX, as optax.
 * @example optim.chain(optim.scaleByAdadelta(), optim.scaleByLearningRate(1))
 */
export function scaleByAdadelta(opts: { readonly rho?: number; readonly eps?: number } = {}): GradientTransformation<AdadeltaState> {
  const op = "optim.scaleByAdadelta";
  const { rho = 0.9, eps = 1e-6 } = opts;
  return {
    init: (params) => ({ eG: zerosOf(op, params), eX: zerosOf(op, params) }),
    update: (updates, state) => {
      if (state?.eG === undefined || state.eX === undefined) throw new PytreeError(`${op}: the state is not Adadelta's; was it made by this optimizer's init?`);
      const eG = mapTree(op, ["updates", "squared-gradient means"], moment(rho, 2), updates, state.eG);
      const out = mapTree(op, ["updates", "squared-gradient means", "squared-update means"], (g, cur, prev) => np.multiply(np.divide(np.sqrt(np.add(prev, eps)), np.sqrt(np.add(cur, eps))), g), updates, eG, state.eX);
      const eX = mapTree(op, ["updates", "squared-update means"], moment(rho, 2), out, state.eX);
      return [out as typeof updates, { eG, eX }];
    },
  };
}

/** Options of `adadelta`. */
export interface AdadeltaOptions {
  readonly rho?: number;
  readonly eps?: number;
  /** Weight decay added to the gradients before the rescaling (default 0, optax's). */
  readonly weightDecay?: number;
  /** Which params decay: a pytree of booleans like params, or a function making one. */
  readonly weightDecayMask?: Params | ((params: Params) => Params);
}

/**
 * Adadelta: the step size from the ratio of the updates' and the gradients' running RMS.
 * (optax's learning rate may be None, which skips the scaling and its sign flip; here it
 * is required, 1 for the paper's method.)
 * @example const opt = optim.adadelta(1);
 */
export function adadelta(learningRate: number | Schedule, opts: AdadeltaOptions = {}) {
  return chain(addDecayedWeights(opts.weightDecay ?? 0, opts.weightDecayMask), scaleByAdadelta(opts), scaleByLearningRate(learningRate));
}

/** NAdam (Dozat): Adam with Nesterov momentum, optax's `adam(…, nesterov=True)`. @example const opt = optim.nadam(1e-3); */
export function nadam(learningRate: number | Schedule, opts: AdamOptions = {}) {
  return chain(scaleByAdam({ ...opts, nesterov: true }), scaleByLearningRate(learningRate));
}

/** NAdamW: NAdam with decoupled weight decay, optax's `adamw(…, nesterov=True)`. `update` needs the params. @example const opt = optim.nadamw(1e-3, { weightDecay: 1e-2 }); */
export function nadamw(learningRate: number | Schedule, opts: AdamWOptions = {}) {
  return chain(scaleByAdam({ ...opts, nesterov: true }), addDecayedWeights(opts.weightDecay ?? 1e-4, opts.mask), scaleByLearningRate(learningRate));
}
