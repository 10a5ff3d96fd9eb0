/**
 * `optim`: optax-style optimizers: pure gradient transformations over pytrees.
 * @example
 * const opt = optim.adam(1e-2);
 * let state = opt.init(params);
 * const step = jit((params, state, x, y) => {
 *   const grads = grad(loss)(params, x, y);
 *   const [updates, next] = opt.update(grads, state, params);
 *   return [optim.applyUpdates(params, updates), next];
 * });
 */
export {
  type GradientTransformation,
  type Params,
  type OptState,
  type Schedule,
  type AnyTransformation,
  type ExtraArgs,
  type StateOf,
  type ChainState,
  type UpdatesFor,
  scale,
  scaleBySchedule,
  scaleByLearningRate,
  chain,
  clipByGlobalNorm,
  globalNorm,
  addDecayedWeights,
  applyUpdates,
} from "./transform";
export {
  trace,
  scaleByAdam,
  scaleByRms,
  scaleByRss,
  sgd,
  momentum,
  adam,
  adamw,
  rmsprop,
  adagrad,
  type TraceState,
  type AdamState,
  type RmsState,
  type RssState,
  type AdamOptions,
  type ScaleByAdamOptions,
  type AdamWOptions,
  scaleByLion,
  lion,
  scaleByTrustRatio,
  lamb,
  scaleByBelief,
  adabelief,
  type LionState,
  type LionOptions,
  type LambOptions,
  type AdaBeliefOptions,
} from "./optimizers";
export {
  scaleByAmsgrad,
  amsgrad,
  scaleByAdamax,
  adamax,
  scaleByYogi,
  yogi,
  scaleByRadam,
  radam,
  scaleByAdadelta,
  adadelta,
  nadam,
  nadamw,
  type AmsgradState,
  type AdadeltaState,
  type YogiOptions,
  type RadamOptions,
  type AdadeltaOptions,
} from "./adaptive";
export { addNoise, noisySgd, type AddNoiseState, type NoiseOptions } from "./noise";
export {
  l2Loss,
  squaredError,
  huberLoss,
  softmaxCrossEntropy,
  softmaxCrossEntropyWithIntegerLabels,
  sigmoidBinaryCrossEntropy,
  cosineSimilarity,
  cosineDistance,
} from "./losses";
export {
  constantSchedule,
  exponentialDecay,
  linearSchedule,
  cosineDecaySchedule,
  joinSchedules,
  warmupCosineDecaySchedule,
  polynomialSchedule,
  piecewiseConstantSchedule,
  sgdrSchedule,
  type BuiltSchedule,
  type ExponentialDecayOptions,
  type WarmupCosineDecayOptions,
} from "./schedules";
export {
  lbfgs,
  scaleByLbfgs,
  scaleByZoomLinesearch,
  valueAndGradFromState,
  type LbfgsState,
  type LinesearchState,
} from "./lbfgs";
