import { describe, expect, it } from "vitest";
import { ArgumentError, PytreeError, type Tensor, grad, jit, np, optim } from "../src";
import { expectClose, expectIdentical, flat } from "./helpers/assert";

// Hand-computed references: optax's formulas written out in plain JS for one leaf.
function adamReference(grads: number[][], lr: number, b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot = 0, wd = 0, p0: number[] = []): number[][] {
  const n = grads[0].length;
  let mu = new Array(n).fill(0);
  let nu = new Array(n).fill(0);
  let p = p0.length ? [...p0] : new Array(n).fill(0);
  const out: number[][] = [];
  grads.forEach((g, step) => {
    const t = step + 1;
    mu = mu.map((m, i) => (1 - b1) * g[i] + b1 * m);
    nu = nu.map((v, i) => (1 - b2) * (g[i] * g[i]) + b2 * v);
    const c1 = 1 - b1 ** t;
    const c2 = 1 - b2 ** t;
    const u = mu.map((m, i) => m / c1 / (Math.sqrt(nu[i] / c2 + epsRoot) + eps));
    const decayed = u.map((ui, i) => ui + wd * p[i]);
    const update = decayed.map((d) => -lr * d);
    out.push(update);
    p = p.map((pi, i) => pi + update[i]);
  });
  return out;
}

const G = [
  [0.5, -1.25, 3],
  [0.1, 0.2, -0.3],
  [-2, 0, 1e-3],
];

describe("optimizers equal optax's formulas on hand-computed steps", () => {
  it("adam: bias-corrected moments, eps outside the square root", () => {
    const opt = optim.adam(0.01);
    let state = opt.init({ w: np.zeros([3]) });
    const want = adamReference(G, 0.01);
    G.forEach((g, k) => {
      const [u, next] = opt.update({ w: np.array(g) }, state);
      expectClose(u.w, want[k], 1e-15, 1e-300);
      state = next;
    });
  });

  it("adam with epsRoot and other betas", () => {
    const opt = optim.adam(0.1, { b1: 0.5, b2: 0.6, eps: 1e-3, epsRoot: 1e-4 });
    let state = opt.init(np.zeros([3]));
    const want = adamReference(G, 0.1, 0.5, 0.6, 1e-3, 1e-4);
    G.forEach((g, k) => {
      const [u, next] = opt.update(np.array(g), state);
      expectClose(u, want[k], 1e-15, 1e-300);
      state = next;
    });
  });

  it("adamw: decoupled decay added after Adam's scaling, before the learning rate", () => {
    const p0 = [1, -2, 0.5];
    const opt = optim.adamw(0.01, { weightDecay: 0.1 });
    let params: Tensor = np.array(p0);
    let state = opt.init(params);
    const want = adamReference(G, 0.01, 0.9, 0.999, 1e-8, 0, 0.1, p0);
    G.forEach((g, k) => {
      const [u, next] = opt.update(np.array(g), state, params);
      expectClose(u, want[k], 1e-15, 1e-300);
      params = optim.applyUpdates(params, u);
      state = next;
    });
    expect(() => opt.update(np.array(G[0]), opt.init(params))).toThrow(/needs the params/);
  });

  it("adamw's mask keeps decay off the masked leaves", () => {
    const params = { w: np.array([1.0]), b: np.array([1.0]) };
    const opt = optim.adamw(1, { weightDecay: 0.5, mask: (p: unknown) => ({ ...(p as object), w: true, b: false }) });
    const [u] = opt.update({ w: np.array([0.0]), b: np.array([0.0]) }, opt.init(params), params);
    expect(flat(u.w)).toEqual([-0.5]);
    expect(flat(u.b)).toEqual([-0]);
  });

  it("sgd, momentum and Nesterov", () => {
    const [u] = optim.sgd(0.1).update({ a: np.array([2, -4]) }, optim.sgd(0.1).init(null));
    expect(flat(u.a)).toEqual([-0.2, 0.4]);
    for (const nesterov of [false, true]) {
      const opt = optim.momentum(0.1, 0.9, { nesterov });
      let state = opt.init(np.zeros([3]));
      let tr = [0, 0, 0];
      G.forEach((g) => {
        tr = tr.map((t, i) => g[i] + 0.9 * t);
        const want = nesterov ? g.map((gi, i) => -0.1 * (gi + 0.9 * tr[i])) : tr.map((t) => -0.1 * t);
        const [upd, next] = opt.update(np.array(g), state);
        expect(flat(upd)).toEqual(want);
        state = next;
      });
    }
  });

  it("rmsprop and adagrad: rsqrt(nu + eps), rsqrt(sum + eps) where positive; momentum after the rate", () => {
    const run = (opt: optim.GradientTransformation<unknown[]>) => {
      let state = opt.init(np.zeros([3]));
      return G.map((g) => {
        const [u, next] = opt.update(np.array(g), state);
        state = next;
        return flat(u);
      });
    };
    let nu = [0, 0, 0];
    let tr = [0, 0, 0];
    const wantRms = G.map((g) => {
      nu = nu.map((v, i) => (1 - 0.9) * (g[i] * g[i]) + 0.9 * v);
      return g.map((gi, i) => -0.01 * ((1 / Math.sqrt(nu[i] + 1e-8)) * gi));
    });
    expect(run(optim.rmsprop(0.01))).toEqual(wantRms);
    nu = [0, 0, 0];
    const wantMomentum = G.map((g) => {
      nu = nu.map((v, i) => (1 - 0.9) * (g[i] * g[i]) + 0.9 * v);
      const u = g.map((gi, i) => -0.01 * ((1 / Math.sqrt(nu[i] + 1e-8)) * gi));
      tr = u.map((ui, i) => ui + 0.5 * tr[i]);
      return tr;
    });
    expect(run(optim.rmsprop(0.01, { momentum: 0.5 }))).toEqual(wantMomentum);
    let sum = [0.1, 0.1, 0.1];
    const wantAdagrad = G.map((g) => {
      sum = sum.map((t, i) => g[i] * g[i] + t);
      return g.map((gi, i) => -0.1 * ((sum[i] > 0 ? 1 / Math.sqrt(sum[i] + 1e-7) : 0) * gi));
    });
    expect(run(optim.adagrad(0.1))).toEqual(wantAdagrad);
    // the where(t > 0) guard: an accumulator of zero gives a zero update, not NaN
    const [u] = optim.adagrad(1, { initialAccumulatorValue: 0 }).update(np.zeros([2]), optim.adagrad(1, { initialAccumulatorValue: 0 }).init(np.zeros([2])));
    expect(flat(u)).toEqual([-0, -0]);
  });

  it("learning-rate schedules see the step count from 0", () => {
    const opt = optim.sgd((n: Tensor) => np.divide(1, np.add(n, 1)));
    let state = opt.init(np.zeros([1]));
    const seen: number[] = [];
    for (let k = 0; k < 3; k++) {
      const [u, next] = opt.update(np.array([1]), state);
      seen.push(flat(u)[0]);
      state = next;
    }
    expect(seen).toEqual([-1, -1 / 2, -1 / 3]);
  });

  it("clipByGlobalNorm: unchanged below the norm, t / norm · maxNorm above", () => {
    const clip = optim.clipByGlobalNorm(1);
    const [small] = clip.update({ a: np.array([0.3]), b: np.array([0.4]) }, null);
    expect(flat(small.a)).toEqual([0.3]);
    const [big] = clip.update({ a: np.array([3]), b: np.array([4]) }, null);
    expect(flat(big.a)).toEqual([(3 / 5) * 1]);
    expect(flat(big.b)).toEqual([(4 / 5) * 1]);
    expect(flat(optim.globalNorm([np.array([3]), { x: np.array([[4]]) }]))).toEqual([5]);
  });

  it("chain runs transformations in order and keeps their states apart", () => {
    const opt = optim.chain(optim.clipByGlobalNorm(1), optim.adam(0.1));
    const state = opt.init(np.zeros([2]));
    const [u] = opt.update(np.array([30, 40]), state);
    const want = adamReference([[0.6, 0.8]], 0.1)[0];
    expectClose(u, want, 1e-15, 1e-300);
    expect(() => opt.update(np.array([1, 1]), [null])).toThrow(PytreeError);
  });

  it("a whole training step jits and matches the eager step bit for bit", () => {
    const loss = (p: { w: Tensor; b: Tensor }, x: Tensor, y: Tensor) => np.mean(np.square(np.subtract(np.add(np.multiply(x, p.w), p.b), y)));
    const opt = optim.adam(0.05);
    const step = (p: { w: Tensor; b: Tensor }, s: unknown[], x: Tensor, y: Tensor) => {
      const g = grad(loss)(p, x, y);
      const [u, next] = opt.update(g, s);
      return [optim.applyUpdates(p, u), next] as const;
    };
    const fast = jit(step);
    const x = np.linspace(-1, 1, 16);
    const y = np.add(np.multiply(x, 3), 0.5);
    let pe = { w: np.array(0), b: np.array(0) };
    let se = opt.init(pe);
    let pj = pe;
    let sj = se;
    for (let i = 0; i < 300; i++) {
      [pe, se] = step(pe, se, x, y);
      [pj, sj] = fast(pj, sj, x, y);
    }
    expectIdentical(pj.w, pe.w);
    expectIdentical(pj.b, pe.b);
    expectClose(pj.w, 3, 1e-3, 0);
    expectClose(pj.b, 0.5, 1e-3, 0);
  });

  it("bad settings are refused", () => {
    expect(() => optim.sgd(NaN)).toThrow(ArgumentError);
    expect(() => optim.clipByGlobalNorm(0)).toThrow(/positive/);
    expect(() => optim.adam(0.1).update(np.zeros([2]), [{ nope: 1 }, null])).toThrow(/Adam/);
    // gradients or state made for other params: said so, naming the leaf
    const opt = optim.adam(0.1);
    const s = opt.init({ a: np.zeros([2]) });
    expect(() => opt.update({ b: np.zeros([2]) }, s)).toThrow(/optim.scaleByAdam: the first moments have structure \{a: \*\} but the updates have \{b: \*\}/);
    expect(() => opt.update({ a: np.zeros([3]) }, s)).toThrow(/optim.scaleByAdam: at .a the updates have shape \[3\] but the first moments \[2\]/);
    expect(() => optim.applyUpdates({ a: np.zeros([2]) }, { a: np.zeros([2]), b: 1 })).toThrow(PytreeError);
    expect(() => optim.adamw(0.1, { mask: { a: true, b: false } }).update({ a: np.zeros([2]) }, optim.adamw(0.1).init({ a: np.zeros([2]) }), { a: np.zeros([2]) })).toThrow(/the mask has structure/);
  });
});

describe("schedules (optax's formulas)", () => {
  const at = (s: optim.Schedule, n: number) => Number(np.asarray(s(np.array(n, "int32"))));
  it("exponentialDecay: continuous, staircase, delayed and floored", () => {
    const s = optim.exponentialDecay({ initValue: 0.1, transitionSteps: 100, decayRate: 0.5 });
    [0, 50, 100, 250].forEach((n) => expect(at(s, n)).toBe(0.1 * 0.5 ** (n / 100)));
    const stairs = optim.exponentialDecay({ initValue: 0.1, transitionSteps: 100, decayRate: 0.5, staircase: true });
    expect([99, 100, 250].map((n) => at(stairs, n))).toEqual([0.1, 0.05, 0.1 * 0.25]);
    const late = optim.exponentialDecay({ initValue: 1, transitionSteps: 10, decayRate: 0.1, transitionBegin: 20, endValue: 1e-3 });
    expect([0, 20, 30, 100].map((n) => at(late, n))).toEqual([1, 1, 0.1, 1e-3]);
    expect(() => optim.exponentialDecay({ initValue: 1, transitionSteps: 0, decayRate: 0.5 })).toThrow(/transitionSteps/);
  });

  it("linear, cosine, joined and warm-up-cosine", () => {
    const lin = optim.linearSchedule(1, 0, 10, 5);
    expect([0, 5, 10, 15, 30].map((n) => at(lin, n))).toEqual([1, 1, 0.5, 0, 0]);
    const cos = optim.cosineDecaySchedule(2, 100, 0.1);
    [0, 25, 100, 200].forEach((n) => expect(at(cos, n)).toBe(2 * ((1 - 0.1) * (0.5 * (1 + Math.cos((Math.PI * Math.min(n, 100)) / 100))) + 0.1)));
    const warm = optim.warmupCosineDecaySchedule(0, 1, 10, 110, 0.1);
    expect(at(warm, 0)).toBe(0);
    expect(at(warm, 5)).toBe(0.5);
    expect(at(warm, 10)).toBe(1);
    expect(at(warm, 60)).toBeCloseTo(0.55, 12);
    expect(at(warm, 500)).toBeCloseTo(0.1, 12);
    expect(() => optim.joinSchedules([optim.constantSchedule(1)], [3])).toThrow(/boundaries/);
    expect([0, 7, 1000].map((n) => at(optim.constantSchedule(0.3), n))).toEqual([0.3, 0.3, 0.3]);
  });

  it("drive an optimizer inside jit, the count traced", () => {
    const opt = optim.sgd(optim.exponentialDecay({ initValue: 1, transitionSteps: 1, decayRate: 0.5 }));
    const step = jit((p: Tensor, s: unknown[]) => {
      const [u, next] = opt.update(np.onesLike(p), s);
      return [optim.applyUpdates(p, u), next] as const;
    });
    let p = np.zeros([1]);
    let s = opt.init(p);
    for (let i = 0; i < 4; i++) [p, s] = step(p, s);
    expect(flat(p)).toEqual([-(1 + 0.5 + 0.25 + 0.125)]);
  });
});
