/**
 * The loop the examples fit their parameters with: one jitted step (value and gradient of
 * the loss, the optimizer's update, the new parameters), compiled before the clock starts,
 * then `steps` steps with the loss of each reported.
 */
import { type Tensor, jit, optim, valueAndGrad } from "../../src";

export interface Fitted<P> {
  readonly params: P;
  /** The loss before each step. */
  readonly losses: number[];
  /** Time per step, the compilation left out. */
  readonly millisPerStep: number;
}

export function fit<P, S>(
  loss: (params: P) => Tensor,
  start: P,
  opt: optim.GradientTransformation<S>,
  steps: number,
  onStep: (step: number, loss: number) => void,
): Fitted<P> {
  // P is any pytree here, so the transforms' lifted types are cast back to it.
  const valueAndGradient = valueAndGrad(loss) as unknown as (p: P) => [Tensor, P];
  const step = jit((p: P, s: S) => {
    const [value, g] = valueAndGradient(p);
    const [updates, next] = opt.update(g, s, p as never);
    return [optim.applyUpdates(p, updates as never), next, value] as const;
  }) as unknown as (p: P, s: S) => readonly [P, S, Tensor];
  let params = start;
  let state = opt.init(start as never);
  const losses: number[] = [];
  step(params, state); // compiles
  const began = performance.now();
  for (let i = 0; i < steps; i++) {
    const [p, s, value] = step(params, state);
    params = p;
    state = s;
    losses.push(value.item() as number);
    onStep(i, losses[i]);
  }
  return { params, losses, millisPerStep: (performance.now() - began) / steps };
}
