import { describe, expect, it } from "vitest";
import { ArgumentError, PytreeError, type Tensor, grad, jit, np, optim, tree } from "../src";
import { expectClose, expectIdentical, flat } from "./helpers/assert";
import optaxRef from "../reference/numpy/optax.json";

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
    const run = (opt: optim.AnyTransformation) => {
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
    expect(() => opt.update(np.array([1, 1]), [null] as never)).toThrow(PytreeError);
  });

  it("a whole training step jits and matches the eager step bit for bit", () => {
    const loss = (p: { w: Tensor; b: Tensor }, x: Tensor, y: Tensor) => np.mean(np.square(np.subtract(np.add(np.multiply(x, p.w), p.b), y)));
    const opt = optim.adam(0.05);
    const step = (p: { w: Tensor; b: Tensor }, s: ReturnType<typeof opt.init>, x: Tensor, y: Tensor) => {
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
    expect(() => optim.adam(0.1).update(np.zeros([2]), [{ nope: 1 }, null] as never)).toThrow(/Adam/);
    // gradients or state made for other params: said so, naming the leaf
    const opt = optim.adam(0.1);
    const s = opt.init({ a: np.zeros([2]) });
    expect(() => opt.update({ b: np.zeros([2]) }, s)).toThrow(/optim.scaleByAdam: the first moments have structure \{a: \*\} but the updates have \{b: \*\}/);
    expect(() => opt.update({ a: np.zeros([3]) }, s)).toThrow(/optim.scaleByAdam: at .a the updates have shape \[3\] but the first moments \[2\]/);
    expect(() => optim.applyUpdates({ a: np.zeros([2]) }, { a: np.zeros([2]), b: 1 } as never)).toThrow(PytreeError);
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
    const step = jit((p: Tensor, s: ReturnType<typeof opt.init>) => {
      const [u, next] = opt.update(np.onesLike(p), s);
      return [optim.applyUpdates(p, u), next] as const;
    });
    let p = np.zeros([1]);
    let s = opt.init(p);
    for (let i = 0; i < 4; i++) [p, s] = step(p, s);
    expect(flat(p)).toEqual([-(1 + 0.5 + 0.25 + 0.125)]);
  });
});

describe("lion, lamb, adabelief, noisy SGD, the newer schedules and the losses (against optax's formulas in NumPy)", () => {
  // reference/scripts/optax.py: optax's update formulas written out in NumPy.
  /** optaxRef's descent: `steps` updates from p0, cycling through its gradients. */
  const run = (opt: optim.AnyTransformation, steps = optaxRef.grads.length) => {
    let params: Tensor = np.array(optaxRef.p0);
    let state = opt.init(params);
    return Array.from({ length: steps }, (_, k) => {
      const [u, next] = opt.update(np.array(optaxRef.grads[k % optaxRef.grads.length]), state, params);
      params = optim.applyUpdates(params, u);
      state = next;
      return u;
    });
  };
  const cases: [string, optim.AnyTransformation, number[][]][] = [
    ["lion", optim.lion(0.01), optaxRef.lion],
    ["lion (b1, b2, weight decay)", optim.lion(0.1, { b1: 0.5, b2: 0.8, weightDecay: 0.1 }), optaxRef.lionCustom],
    ["lamb", optim.lamb(0.01), optaxRef.lamb],
    ["lamb with weight decay", optim.lamb(0.01, { weightDecay: 0.1 }), optaxRef.lambDecay],
    ["adabelief", optim.adabelief(0.01), optaxRef.adabelief],
    ["amsgrad", optim.amsgrad(0.01), optaxRef.amsgrad],
    ["adamax", optim.adamax(0.01), optaxRef.adamax],
    ["yogi", optim.yogi(0.01), optaxRef.yogi],
    // ρₜ reaches 5 at the sixth step: the first five are momentum, the rest rectified.
    ["radam", optim.radam(0.01), optaxRef.radam],
    ["radam (b2 0.9, Nesterov)", optim.radam(0.01, { b2: 0.9, nesterov: true }), optaxRef.radamNesterov],
    ["adadelta", optim.adadelta(1), optaxRef.adadelta],
    ["adadelta (rho 0.5, weight decay)", optim.adadelta(1, { rho: 0.5, weightDecay: 0.1 }), optaxRef.adadeltaDecay],
    ["nadam", optim.nadam(0.01), optaxRef.nadam],
    ["nadamw", optim.nadamw(0.01, { weightDecay: 1e-2 }), optaxRef.nadamw],
  ];
  for (const [name, opt, want] of cases) {
    it(`${name}: ${want.length} steps`, () => run(opt, want.length).forEach((u, k) => expectClose(u, want[k], 1e-13, 1e-300)));
  }

  it("the new optimizers jit to the interpreter's bits, and refuse a state that is not theirs", () => {
    const params = { w: np.array([[0.5, -1], [2, 0.25]]), b: np.array([0.1, -0.2]) };
    const grads = { w: np.array([[0.3, 0.1], [-0.7, 2]]), b: np.array([-1, 0.5]) };
    for (const opt of [optim.amsgrad(0.01), optim.adamax(0.01), optim.yogi(0.01), optim.radam(0.01, { threshold: 0 }), optim.adadelta(1), optim.nadam(0.01)] as optim.AnyTransformation[]) {
      const state = opt.init(params);
      const step = (p: typeof params, g: typeof grads, s: typeof state) => opt.update(g, s, p);
      const [eager, eagerState] = step(params, grads, state);
      const [compiled, compiledState] = jit(step)(params, grads, state);
      tree.leaves([compiled, compiledState]).forEach((leaf, i) => expectIdentical(leaf as Tensor, tree.leaves([eager, eagerState])[i] as Tensor));
    }
    expect(() => optim.amsgrad(0.1).update(np.ones([2]), [optim.adam(0.1).init(np.ones([2]))[1], null] as never)).toThrow(PytreeError);
    expect(() => optim.scaleByAdadelta().update(np.ones([2]), {} as never)).toThrow(/not Adadelta's/);
  });

  it("lion's updates are ±lr (plus decay); lamb refuses to run without the params", () => {
    const [u] = optim.lion(0.5, { weightDecay: 0 }).update(np.array([3, -0.1, 0]), optim.lion(0.5).init(np.zeros([3])), np.zeros([3]));
    expect(flat(u)).toEqual([-0.5, 0.5, -0]);
    const lamb = optim.lamb(0.1);
    expect(() => lamb.update(np.ones([2]), lamb.init(np.ones([2])))).toThrow(/needs the params; call update\(grads, state, params\)/);
  });

  it("noisySgd: noise of variance eta / t^gamma, deterministic per key, fresh each step", () => {
    const eta = 0.04;
    const gamma = 0.55;
    const opt = optim.noisySgd(1, { eta, gamma, key: 3 });
    const zeros = { a: np.zeros([20000]), b: np.zeros([3, 4]) };
    let state = opt.init(zeros);
    const stds: number[] = [];
    let first: Tensor | undefined;
    for (let t = 1; t <= 3; t++) {
      const [u, next] = opt.update(zeros, state);
      const v = flat(u.a);
      const mean = v.reduce((s, x) => s + x, 0) / v.length;
      stds.push(Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length));
      expect(Math.abs(mean)).toBeLessThan(0.01);
      if (t === 1) first = u.a;
      else expect(flat(u.a)).not.toEqual(flat(first!));
      state = next;
    }
    stds.forEach((s, i) => expect(s / Math.sqrt(eta / (i + 1) ** gamma)).toBeCloseTo(1, 1));
    const again = optim.noisySgd(1, { eta, gamma, key: 3 });
    expectIdentical(again.update(zeros, again.init(zeros))[0].a, first!);
    const other = optim.noisySgd(1, { eta, gamma, key: 4 });
    expect(flat(other.update(zeros, other.init(zeros))[0].a)).not.toEqual(flat(first!));
    expect(() => opt.update({ a: np.zeros([2], "int32") }, opt.init({ a: np.zeros([2], "int32") }))).toThrow(/floating-point updates; the leaf at \.a is int32/);
  });

  it("polynomial, piecewise-constant and SGDR schedules; every schedule takes a plain number", () => {
    const { counts, polynomial, piecewise, sgdr } = optaxRef.schedules;
    const poly = optim.polynomialSchedule(1e-2, 1e-4, 2, 20, 3);
    const pw = optim.piecewiseConstantSchedule(0.1, { 5: 0.1, 20: 0.5, 21: 3 });
    const restarts = optim.sgdrSchedule([
      { initValue: 0, peakValue: 0.1, warmupSteps: 5, decaySteps: 20 },
      { initValue: 0.01, peakValue: 0.05, warmupSteps: 2, decaySteps: 10, endValue: 0.001 },
    ]);
    counts.forEach((n, i) => {
      expect(poly(n)).toBeCloseTo(polynomial[i], 16);
      expect(pw(n)).toBeCloseTo(piecewise[i], 16);
      expect(restarts(n)).toBeCloseTo(sgdr[i], 15);
      expect(restarts(np.array(n, "int32")).item()).toBe(restarts(n));
    });
    expect(optim.piecewiseConstantSchedule(1, [[10, 0.5]])(10)).toBe(0.5);
    expect(optim.polynomialSchedule(3, 0, 1, 0)(100)).toBe(3);
    expect(optim.cosineDecaySchedule(0.1, 100)(50)).toBeCloseTo(0.05, 16);
    expect(optim.linearSchedule(1, 0, 10)(5)).toBe(0.5);
    expect(optim.exponentialDecay({ initValue: 1, transitionSteps: 1, decayRate: 0.5 })(3)).toBe(0.125);
    expect(() => optim.piecewiseConstantSchedule(1, { 3: -1 })).toThrow(/scales must be non-negative/);
    expect(() => optim.linearSchedule(1, 0, 10)(np.ones([2]))).toThrow(/a number or a 0-d Tensor/);
    expect(() => optim.sgdrSchedule([])).toThrow(ArgumentError);
  });

  it("losses: values from optax's own tests and NumPy", () => {
    // optax/losses/_regression_test.py (HuberLossTest, CosineSimilarityTest).
    expectClose(optim.huberLoss(np.array([-2.0, 0.5, 0.0, 0.5, 2.0, 4.0, 132.0]), np.array([0.0, -0.5, 0.0, 1.0, 1.0, 2.0, 0.3])), [1.5, 0.5, 0.0, 0.125, 0.5, 1.5, 131.2], 1e-15, 1e-15);
    const ys = np.array([[10.0, 1.0, -2.0], [1.0, 4.0, 0.2]]);
    const ts = np.array([[0.0, 1.2, 0.2], [1.0, -0.3, 0.0]]);
    // Distances from SciPy on float32 inputs, so agreement is to float32 precision.
    expectClose(optim.cosineDistance(ys, ts), [0.9358251989, 1.0464068465], 2e-7, 0);
    expectClose(optim.cosineSimilarity(ys, ts), [1 - 0.9358251989, 1 - 1.0464068465], 3e-6, 0);
    expectClose(optim.squaredError(np.array([-2.0, -1.0, 0.5, 1.0]), np.array([-1.5, 0.0, -1, 1.0])), [0.25, 1, 2.25, 0], 0, 0);
    expectClose(optim.l2Loss(np.array([-2.0, -1.0, 0.5, 1.0]), np.array([-1.5, 0.0, -1, 1.0])), [0.125, 0.5, 1.125, 0], 0, 0);
    expectClose(optim.squaredError(np.array([3])), [9], 0, 0);
    const L = optaxRef.losses;
    expectClose(optim.softmaxCrossEntropy(np.array(L.logits), np.array(L.soft)), L.softmaxCrossEntropy, 1e-14, 1e-300);
    expectClose(optim.softmaxCrossEntropyWithIntegerLabels(np.array(L.logits), np.array(L.ints, "int32")), L.integerLabels, 1e-14, 1e-300);
    expectClose(optim.sigmoidBinaryCrossEntropy(np.array(L.binLogits), np.array(L.binLabels)), L.sigmoidBinaryCrossEntropy, 1e-14, 1e-300);
    expectClose(optim.cosineDistance(np.array([1, 0]), np.array([0, 1])), 1, 0, 0);
    expect(optim.cosineSimilarity(np.zeros([2]), np.ones([2]), 1e-12).item()).toBe(0);
  });

  it("losses differentiate as their formulas do, and refuse bad input", () => {
    const z = np.array([[2.0, -1.0, 0.5]]);
    const g = grad((l: Tensor) => optim.softmaxCrossEntropyWithIntegerLabels(l, np.array([2], "int32")).sum())(z);
    const p = flat(z).map(Math.exp);
    const s = p.reduce((a, b) => a + b, 0);
    expectClose(g, [[p[0] / s, p[1] / s, p[2] / s - 1]], 1e-15, 1e-300);
    expect(grad((x: Tensor) => optim.huberLoss(x, np.array(0)).sum())(5)).toBe(1);
    expect(() => optim.softmaxCrossEntropyWithIntegerLabels(z, np.array([2.0]))).toThrow(/labels must be int32 class indices/);
    expect(() => optim.softmaxCrossEntropyWithIntegerLabels(z, np.array([[2]], "int32"))).toThrow(/without the class axis/);
    expect(() => optim.squaredError(np.array([1, 2]), np.array([1, 2, 3]))).toThrow(/predictions and targets must have one shape/);
    expect(() => optim.l2Loss(np.array([1, 2], "int32"))).toThrow(/floating-point/);
  });
});
