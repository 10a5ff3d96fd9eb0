/**
 * Suite 6b: one Adam update (optax's formulas) of the 784-128-10 MLP's parameters
 * (101,770 float64s in four leaves): new moments, bias correction, the update and
 * params + update. The reference is the same update written by hand over Float64Arrays.
 */
import { type Tensor, jit, np, optim } from "../../src";
import type { SuiteSpec } from "../harness";
import { SIZES, mlpData } from "./mlp";

const LR = 1e-3;
const [B1, B2, EPS] = [0.9, 0.999, 1e-8];

type Leaves = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };

export function adamSuite(): SuiteSpec {
  const { inputs: I, hidden: H, classes: C } = SIZES;
  const data = mlpData();
  const raw = { w1: data.w1, b1: data.b1, w2: data.w2, b2: data.b2 };
  const shapes = { w1: [I, H], b1: [H], w2: [H, C], b2: [C] } as const;
  const names = ["b1", "b2", "w1", "w2"] as const;
  // Gradients and a mid-training state (count 10, non-zero moments), the same for all.
  const grads = Object.fromEntries(names.map((k) => [k, raw[k].map((v, i) => Math.sin(v * 7 + i))])) as Record<(typeof names)[number], Float64Array>;
  const mu0 = Object.fromEntries(names.map((k) => [k, grads[k].map((g) => 0.1 * g)])) as typeof grads;
  const nu0 = Object.fromEntries(names.map((k) => [k, grads[k].map((g) => 0.01 * g * g + 1e-6)])) as typeof grads;
  const count = 10;

  const hand = () => {
    const t = count + 1;
    const c1 = 1 - B1 ** t;
    const c2 = 1 - B2 ** t;
    const out: Float64Array[] = [];
    for (const k of names) {
      const g = grads[k], p = raw[k], m0 = mu0[k], v0 = nu0[k];
      const n = g.length;
      const mu = new Float64Array(n), nu = new Float64Array(n), next = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const m = (1 - B1) * g[i] + B1 * m0[i];
        const v = (1 - B2) * (g[i] * g[i]) + B2 * v0[i];
        mu[i] = m;
        nu[i] = v;
        next[i] = p[i] + -LR * (m / c1 / (Math.sqrt(v / c2) + EPS));
      }
      out.push(next, mu, nu);
    }
    return out;
  };

  const tensors = (src: Record<string, Float64Array>): Leaves =>
    Object.fromEntries(names.map((k) => [k, np.reshape(np.array(src[k]), [...shapes[k]])])) as unknown as Leaves;
  const params = tensors(raw);
  const g = tensors(grads);
  const opt = optim.adam(LR);
  const state: ReturnType<typeof opt.init> = [{ count: np.array(count, "int32"), mu: tensors(mu0), nu: tensors(nu0) }, null];
  const step = (p: Leaves, gr: Leaves, s: ReturnType<typeof opt.init>) => {
    const [updates, next] = opt.update(gr, s, p);
    return [optim.applyUpdates(p, updates), next] as const;
  };
  const fast = jit(step);
  const sample = (xs: readonly ArrayLike<number>[]) => xs.flatMap((x) => [x[0], x[x.length - 1]]);
  const flatOut = ([p, s]: readonly [Leaves, unknown[]]) => {
    const { mu, nu } = s[0] as { mu: Leaves; nu: Leaves };
    return names.flatMap((k) => [p[k], mu[k], nu[k]].map((t) => t.toTypedArray()));
  };
  return {
    name: "Adam update, 784-128-10 MLP params float64",
    description: "optim.adam(1e-3).update + optim.applyUpdates over 101,770 parameters (moments, bias correction, update)",
    reference: { name: "hand-written JS (optax's formulas in loops)", run: hand, answer: () => sample(hand()) },
    contenders: [
      { name: "jitgrad jit(update + applyUpdates)", run: () => fast(params, g, state), answer: () => sample(flatOut(fast(params, g, state))) },
      { name: "jitgrad eager", run: () => step(params, g, state), answer: () => sample(flatOut(step(params, g, state))) },
    ],
  };
}
