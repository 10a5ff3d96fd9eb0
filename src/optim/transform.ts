/**
 * Gradient transformations, optax's shape: `init(params)` makes the state (a pytree),
 * `update(updates, state, params)` returns the transformed updates and the new state.
 * Everything is a pure function of pytrees, so a whole training step can be jitted.
 */
import { ArgumentError, PytreeError, ShapeError } from "../core/errors";
import { type MapLeaves, treeFlatten, treeFlattenWithPaths, treeLeaves, treeStructure, treeUnflatten } from "../core/pytree";
import { showShape } from "../core/shape";
import { Tensor, type TensorLike } from "../core/tensor";
import * as np from "../numpy";

/** A pytree of parameters, gradients or updates (leaves are Tensors or numbers). */
export type Params = unknown;
/** An optimizer's state: a pytree. */
export type OptState = unknown;

/**
 * What a line search needs besides the updates (optax's "extra args"): the objective's
 * value and gradient at `params`, and the objective itself.
 */
export interface ExtraArgs {
  readonly value?: Tensor;
  readonly grad?: Params;
  /** The objective itself, for a line search that evaluates it at trial points. */
  readonly valueFn?: (params: Params) => Tensor;
}

/** optax's GradientTransformation (with its extra args, which most transformations ignore). */
export interface GradientTransformation<S = OptState> {
  /** The initial state for parameters shaped like `params`. */
  readonly init: (params: Params) => S;
  /** Transforms `updates` (gradients at first); `params` is needed by weight decay, `extra` by line searches. */
  readonly update: <U>(updates: U, state: S, params?: Params, extra?: ExtraArgs) => [U, S];
}

/** The state type of a transformation. */
export type StateOf<T> = T extends GradientTransformation<infer S> ? S : never;

/** The state of a chain: its transformations' states, in order. */
export type ChainState<Ts extends readonly AnyTransformation[]> = { -readonly [K in keyof Ts]: StateOf<Ts[K]> };

/** Updates for params of type `P`: the same pytree with Tensor (or JS number) leaves. */
export type UpdatesFor<P> = MapLeaves<P, Tensor | number>;

/** A transformation of any state type (the state type is invariant, so chains erase it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTransformation = GradientTransformation<any>;

/** A learning rate as a function of the step count (an int32 scalar, traced under jit). */
export type Schedule = (count: Tensor) => TensorLike;

/**
 * Maps `f` over corresponding leaves of pytrees `trees` (named `names` in errors), which
 * must share one structure and, leaf by leaf, one shape: a mismatch is the usual sign of
 * gradients or a state made for other params, and is said so, naming the leaf.
 */
export function mapTree<T>(op: string, names: readonly string[], f: (...leaves: Tensor[]) => Tensor, ...trees: [T, ...unknown[]]): T {
  const flat = trees.map((t) => treeFlattenWithPaths(t));
  const [first, def, paths] = flat[0];
  flat.slice(1).forEach(([leaves, d], k) => {
    if (!d.equals(def)) {
      throw new PytreeError(`${op}: the ${names[k + 1]} have structure ${d.show()} but the ${names[0]} have ${def.show()}; ${HINT}`);
    }
    leaves.forEach((leaf, i) => {
      const a = np.asarray(first[i] as TensorLike);
      const b = np.asarray(leaf as TensorLike);
      if (a.ndim !== b.ndim || a.shape.some((n, j) => n !== b.shape[j])) {
        throw new ShapeError(`${op}: at ${paths[i] || "the top"} the ${names[0]} have shape ${showShape(a.shape)} but the ${names[k + 1]} ${showShape(b.shape)}; ${HINT}`);
      }
    });
  });
  const out = first.map((leaf, i) => f(np.asarray(leaf as TensorLike), ...flat.slice(1).map(([leaves]) => np.asarray(leaves[i] as TensorLike))));
  return treeUnflatten(def, out) as T;
}

const HINT = "gradients, params and optimizer state must all come from the same params (init the optimizer with them).";

export const zeroCount = (): Tensor => np.zeros([], "int32");
export const increment = (count: Tensor): Tensor => np.add(count, np.array(1, "int32"));

function checkCount(op: string, state: unknown): Tensor {
  if (!(state instanceof Tensor)) throw new PytreeError(`${op}: the state is not this transformation's (expected a step count); was it made by its init?`);
  return state;
}

/**
 * Multiplies updates by a constant.
 * @example optim.scale(-0.1)
 */
export function scale(stepSize: number): GradientTransformation<null> {
  return {
    init: () => null,
    update: (updates, state) => [mapTree("optim.scale", ["updates"], (g) => np.multiply(stepSize, g), updates), state],
  };
}

/**
 * Multiplies updates by `schedule(count)`, counting steps from 0.
 * @example optim.scaleBySchedule((n) => np.multiply(-0.1, np.power(0.99, n)))
 */
export function scaleBySchedule(schedule: Schedule): GradientTransformation<Tensor> {
  const op = "optim.scaleBySchedule";
  return {
    init: zeroCount,
    update: (updates, state) => {
      const count = checkCount(op, state);
      const step = np.asarray(schedule(count));
      return [mapTree(op, ["updates"], (g) => np.multiply(step.astype(g.dtype), g), updates), increment(count)];
    },
  };
}

/** Scales by −learningRate (descent), a number or a schedule. @example optim.chain(optim.scaleByAdam(), optim.scaleByLearningRate(1e-3)) */
export function scaleByLearningRate(learningRate: number | Schedule): GradientTransformation<Tensor | null> {
  // The state is a step count (schedules) or nothing: one type covers both, the kind fixed by init.
  if (typeof learningRate === "function") return scaleBySchedule((c) => np.negative(np.asarray(learningRate(c)))) as unknown as GradientTransformation<Tensor | null>;
  if (!Number.isFinite(learningRate)) throw new ArgumentError(`optim: the learning rate must be a finite number or a schedule, got ${learningRate}.`);
  return scale(-learningRate) as unknown as GradientTransformation<Tensor | null>;
}

/**
 * Applies transformations in order; the state is the array of their states.
 * @example const opt = optim.chain(optim.clipByGlobalNorm(1), optim.adam(1e-3));
 */
export function chain<const Ts extends readonly AnyTransformation[]>(...transforms: Ts): GradientTransformation<ChainState<Ts>> {
  const ts = transforms as readonly GradientTransformation<unknown>[];
  return {
    init: (params) => ts.map((t) => t.init(params)) as ChainState<Ts>,
    update: (updates, state, params, extra) => {
      if (!Array.isArray(state) || state.length !== ts.length) {
        throw new PytreeError(`optim.chain: expected a state of ${ts.length} parts, got ${Array.isArray(state) ? state.length : typeof state}; was it made by this chain's init?`);
      }
      const next: unknown[] = [];
      const out = ts.reduce((u, t, i) => {
        const [v, s] = t.update(u, (state as readonly unknown[])[i], params, extra);
        next.push(s);
        return v;
      }, updates);
      return [out, next as ChainState<Ts>];
    },
  };
}

/**
 * Rescales all updates together so their global L2 norm is at most `maxNorm` (optax's
 * formula: unchanged when the norm is below, else t / norm · maxNorm).
 * @example optim.chain(optim.clipByGlobalNorm(1.0), optim.sgd(0.1))
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<null> {
  if (!(maxNorm > 0)) throw new ArgumentError(`optim.clipByGlobalNorm: maxNorm must be positive, got ${maxNorm}.`);
  return {
    init: () => null,
    update: (updates, state) => {
      const norm = globalNorm(updates);
      const below = np.less(norm, maxNorm);
      return [mapTree("optim.clipByGlobalNorm", ["updates"], (t) => np.where(below, t, np.multiply(np.divide(t, norm.astype(t.dtype)), maxNorm)), updates), state];
    },
  };
}

/** √(Σ over leaves of Σ x²), the L2 norm of a whole pytree. @example optim.globalNorm({ a: np.array([3, 4]) }) // 5 */
export function globalNorm(tree: Params): Tensor {
  const leaves = treeLeaves(tree).map((l) => np.asarray(l as TensorLike));
  return np.sqrt(leaves.reduce((acc: Tensor, x) => np.add(acc, np.sum(np.multiply(x, x))), np.asarray(0)));
}

/**
 * Adds `weightDecay · params` to the updates (decoupled weight decay), except where `mask`
 * (a pytree of booleans like params, or a function making one) is false.
 * @example optim.chain(optim.scaleByAdam(), optim.addDecayedWeights(1e-2), optim.scaleByLearningRate(1e-3))
 */
export function addDecayedWeights(weightDecay: number, mask?: Params | ((params: Params) => Params)): GradientTransformation<null> {
  const op = "optim.addDecayedWeights";
  return {
    init: () => null,
    update: (updates, state, params) => {
      if (params === undefined) throw new ArgumentError(`${op}: weight decay needs the params; call update(grads, state, params).`);
      const m = typeof mask === "function" ? (mask as (p: Params) => Params)(params) : mask;
      if (m === undefined) return [mapTree(op, ["updates", "params"], (g, p) => np.add(g, np.multiply(weightDecay, p)), updates, params), state];
      const [on, maskDef] = treeFlatten(m);
      const updatesDef = treeStructure(updates);
      if (!maskDef.equals(updatesDef)) throw new PytreeError(`${op}: the mask has structure ${maskDef.show()} but the updates have ${updatesDef.show()}; give one boolean per parameter leaf.`);
      let i = 0;
      const decayed = mapTree(op, ["updates", "params"], (g, p) => (on[i++] ? np.add(g, np.multiply(weightDecay, p)) : g), updates, params);
      return [decayed, state];
    },
  };
}

/**
 * params + updates, each leaf kept in its param's dtype.
 * @example params = optim.applyUpdates(params, updates);
 */
export function applyUpdates<P>(params: P, updates: NoInfer<UpdatesFor<P>>): P {
  return mapTree("optim.applyUpdates", ["params", "updates"], (p, u) => np.add(p, u).astype(p.dtype), params, updates);
}
