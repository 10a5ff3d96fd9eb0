/**
 * A physics-informed network for u'' + u = 0 with u(0) = 0, u'(0) = 1 on [0, L]: the
 * solution is sin(x). The loss holds the equation's residual at random collocation points
 * (u'' by nested `grad` inside `vmap`) and the two initial conditions; Adam trains the
 * network's params through all of it, in one jitted step.
 */
import { type Tensor, grad, jit, nn, np, optim, random, vmap } from "../../src";
import type { DenseParams } from "../../src/nn";

export interface PinnOptions {
  readonly steps: number;
  readonly points: number;
  readonly hidden: number;
  readonly length: number;
  readonly learningRate: number;
  readonly seed: number;
}

export const DEFAULTS: PinnOptions = { steps: 3000, points: 64, hidden: 24, length: 2 * Math.PI, learningRate: 0.02, seed: 0 };

export interface PinnResult {
  readonly params: DenseParams[];
  readonly losses: readonly number[];
  /** The learned u at `xs`. */
  readonly u: (xs: Tensor) => Tensor;
  /** max |u(x) − sin(x)| over 1000 points of [0, L]. */
  readonly maxError: number;
}

export function train(opts: PinnOptions = DEFAULTS, onStep?: (step: number, loss: number) => void): PinnResult {
  const net = nn.mlp([1, opts.hidden, opts.hidden, 1], { activation: nn.tanh });
  const [ki, kx] = random.split(random.key(opts.seed));
  const u = (p: DenseParams[], x: Tensor) => net.apply(p, x.reshape([1])).reshape([]);
  const du = (p: DenseParams[], x: Tensor) => grad((t: Tensor) => u(p, t))(x);
  const d2u = (p: DenseParams[], x: Tensor) => grad((t: Tensor) => du(p, t))(x);
  const loss = (p: DenseParams[], xs: Tensor) => {
    const residual = vmap((x: Tensor) => np.add(d2u(p, x), u(p, x)))(xs);
    const zero = np.array(0);
    return np.add(np.mean(np.square(residual)), np.add(np.square(u(p, zero)), np.square(np.subtract(du(p, zero), 1))));
  };
  // Exponential decay to a tenth over the run: large steps to find sin, small ones to settle.
  const opt = optim.adam(optim.exponentialDecay({ initValue: opts.learningRate, transitionSteps: opts.steps, decayRate: 0.1 }));
  const step = jit((p: DenseParams[], s: ReturnType<typeof opt.init>, k: Tensor) => {
    // Fresh collocation points every step, drawn inside the jitted step.
    const xs = random.uniform(k, [opts.points], { maxval: opts.length });
    const [l, g] = [loss(p, xs), grad(loss)(p, xs)];
    const [updates, next] = opt.update(g, s, p);
    return [optim.applyUpdates(p, updates), next, l] as const;
  });
  let params = net.init(ki);
  let state = opt.init(params);
  const losses: number[] = [];
  for (let i = 0; i < opts.steps; i++) {
    const [p, s, l] = step(params, state, random.foldIn(kx, i));
    params = p;
    state = s;
    losses.push(Number(l));
    onStep?.(i, losses[i]);
  }
  const final = params;
  const uAt = jit((xs: Tensor) => vmap((x: Tensor) => u(final, x))(xs));
  const grid = np.linspace(0, opts.length, 1000);
  const maxError = Number(np.max(np.abs(np.subtract(uAt(grid), np.sin(grid)))));
  return { params, losses, u: uAt, maxError };
}
