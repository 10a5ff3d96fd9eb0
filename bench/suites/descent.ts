/**
 * Suite 2: the whole 20-step descent per call — a JS loop over jit(grad), and a foriLoop
 * inside jit — and suite 3's batched form: the descent from N start points in one call.
 */
import { type Tensor, config, evalJaxpr, grad, jit, lax, makeJaxpr, np, vmap } from "../../src";
import { calcTime } from "../../examples/terrain/terrain";
import type { SuiteSpec } from "../harness";
import type { Peers } from "../peers";
import * as jaxjs from "../peers/jax-js";
import * as tfjs from "../peers/tfjs";

const [h, d, v1, v2, v3] = [20, 10, 0.7, 0.3, 0.45];
const STEPS = 20;
const LR = 1.5;

/** The descent written by hand: the gradient inlined, shared terms computed once. */
function handDescent(a: number, b: number): [number, number] {
  let x1 = a;
  let x2 = b;
  for (let i = 0; i < STEPS; i++) {
    const r = h - x1 - x2;
    const third = r / (v3 * Math.sqrt(r * r + d * d));
    const g1 = x1 / (v1 * Math.sqrt(x1 * x1 + d * d)) - third;
    const g2 = x2 / (v2 * Math.sqrt(x2 * x2 + d * d)) - third;
    x1 -= LR * g1;
    x2 -= LR * g2;
  }
  return [x1, x2];
}

/** The hand descent as a function of arrays: a Float64Array pair in, a new one out (what any array-returning function allocates). */
function handDescentArrays(x: Float64Array): Float64Array {
  const [x1, x2] = handDescent(x[0], x[1]);
  const out = new Float64Array(2);
  out[0] = x1;
  out[1] = x2;
  return out;
}

/**
 * The descent by hand with the gradient's own operations — the ones `grad` derives and jit
 * compiles, in the same order (sqrt's derivative 0.5/√, the chain rule's products, the
 * cotangent's `0 +` pads), so it gives jit's bits; the gap between it and `handDescent` is
 * the formula, not the code generator.
 */
function handDescentGradOps(a: number, b: number): [number, number] {
  let x1 = a;
  let x2 = b;
  for (let i = 0; i < STEPS; i++) {
    const r = h - x1 - x2;
    const third = (1 / v3) * (0.5 / Math.sqrt(r * r + d * d)) * (2 * r);
    const g1 = 0 + ((1 / v1) * (0.5 / Math.sqrt(x1 * x1 + d * d)) * (2 * x1) - third);
    const g2 = (1 / v2) * (0.5 / Math.sqrt(x2 * x2 + d * d)) * (2 * x2) - third + 0;
    x1 -= g1 * LR;
    x2 -= g2 * LR;
  }
  return [x1, x2];
}

/** One gradient step of the hand descent, in place on the pair at `i` of `x`. */
function handStep(x: Float64Array, i: number): void {
  const x1 = x[i];
  const x2 = x[i + 1];
  const r = h - x1 - x2;
  const third = r / (v3 * Math.sqrt(r * r + d * d));
  x[i] = x1 - LR * (x1 / (v1 * Math.sqrt(x1 * x1 + d * d)) - third);
  x[i + 1] = x2 - LR * (x2 / (v2 * Math.sqrt(x2 * x2 + d * d)) - third);
}

/** The batch by hand, step-outer: every point takes one step, 20 times (independent points fill the divider). */
function handStepOuter(starts: Float64Array, n: number): Float64Array {
  const x = starts.slice();
  for (let s = 0; s < STEPS; s++) for (let i = 0; i < 2 * n; i += 2) handStep(x, i);
  return x;
}

/** The batch by hand, four points in flight: their 20 steps interleaved statement by statement. */
function handInterleaved(starts: Float64Array, n: number): Float64Array {
  const x = starts.slice();
  let i = 0;
  for (; i + 8 <= 2 * n; i += 8) {
    let [a1, a2, b1, b2, c1, c2, e1, e2] = [x[i], x[i + 1], x[i + 2], x[i + 3], x[i + 4], x[i + 5], x[i + 6], x[i + 7]];
    for (let s = 0; s < STEPS; s++) {
      const ra = h - a1 - a2, rb = h - b1 - b2, rc = h - c1 - c2, re = h - e1 - e2;
      const ta = ra / (v3 * Math.sqrt(ra * ra + d * d)), tb = rb / (v3 * Math.sqrt(rb * rb + d * d));
      const tc = rc / (v3 * Math.sqrt(rc * rc + d * d)), te = re / (v3 * Math.sqrt(re * re + d * d));
      const ga1 = a1 / (v1 * Math.sqrt(a1 * a1 + d * d)) - ta, gb1 = b1 / (v1 * Math.sqrt(b1 * b1 + d * d)) - tb;
      const gc1 = c1 / (v1 * Math.sqrt(c1 * c1 + d * d)) - tc, ge1 = e1 / (v1 * Math.sqrt(e1 * e1 + d * d)) - te;
      const ga2 = a2 / (v2 * Math.sqrt(a2 * a2 + d * d)) - ta, gb2 = b2 / (v2 * Math.sqrt(b2 * b2 + d * d)) - tb;
      const gc2 = c2 / (v2 * Math.sqrt(c2 * c2 + d * d)) - tc, ge2 = e2 / (v2 * Math.sqrt(e2 * e2 + d * d)) - te;
      a1 -= LR * ga1; b1 -= LR * gb1; c1 -= LR * gc1; e1 -= LR * ge1;
      a2 -= LR * ga2; b2 -= LR * gb2; c2 -= LR * gc2; e2 -= LR * ge2;
    }
    [x[i], x[i + 1], x[i + 2], x[i + 3], x[i + 4], x[i + 5], x[i + 6], x[i + 7]] = [a1, a2, b1, b2, c1, c2, e1, e2];
  }
  for (; i < 2 * n; i += 2) for (let s = 0; s < STEPS; s++) handStep(x, i);
  return x;
}

/** The post's descent inside jit, as the issue writes it (a Tensor carry). */
export const descend = (x0: Tensor) => lax.foriLoop(0, STEPS, (_i: Tensor, x: Tensor) => np.subtract(x, np.multiply(LR, grad(calcTime)(x))), x0);

/** The same descent on a pair of numbers, as the post writes it: numbers in, numbers out. */
export const descendPair = (a: Tensor, b: Tensor) =>
  lax.foriLoop(
    0,
    STEPS,
    (_i: Tensor, [x1, x2]: Tensor[]) => {
      const [g1, g2] = grad(calcTime)([x1, x2]);
      return [x1.sub(g1.mul(LR)), x2.sub(g2.mul(LR))];
    },
    [a, b],
  );

export function descentSuite(peers: Peers): SuiteSpec {
  const dTime = jit(grad(calcTime));
  const jsLoop = (a: number, b: number) => {
    let x1 = a;
    let x2 = b;
    for (let i = 0; i < STEPS; i++) {
      const [g1, g2] = dTime([x1, x2]);
      x1 -= LR * g1;
      x2 -= LR * g2;
    }
    return [x1, x2];
  };
  const inJit = jit(descend);
  const closed = makeJaxpr(descend)(np.array([2, 17]));
  const interpreted = () => evalJaxpr(closed, np.array([2, 17]))[0];
  const onNumbers = jit(descendPair);
  const start = np.array([2, 17]);
  const startArray = new Float64Array([2, 17]);
  return {
    name: "20-step descent per call",
    description: "the post's whole optimisation, from (2, 17)",
    reference: { name: "hand-written JS", run: () => handDescent(2, 17), answer: () => handDescent(2, 17) },
    contenders: [
      { name: "hand-written JS, Float64Array in and out", run: () => handDescentArrays(startArray), answer: () => Array.from(handDescentArrays(startArray)) },
      { name: "hand-written JS with the gradient's own operations (jit's bits)", run: () => handDescentGradOps(2, 17), answer: () => handDescentGradOps(2, 17) },
      { name: "jitgrad JS loop over jit(grad(calcTime))", run: () => jsLoop(2, 17), answer: () => jsLoop(2, 17) },
      { name: "jitgrad jit(foriLoop(…grad…)), Tensor in and out", run: () => inJit(start), answer: () => Array.from(inJit(start).toTypedArray()) },
      { name: "jitgrad jit(foriLoop(…grad…)), numbers in and out", run: () => onNumbers(2, 17), answer: () => onNumbers(2, 17) },
      { name: "jitgrad interpreted (evalJaxpr of the foriLoop's IR)", run: interpreted, answer: () => Array.from(interpreted().toTypedArray()) },
      ...(peers.jax ? jaxjs.descent(peers.jax, STEPS, LR) : []),
      ...(peers.tf ? [tfjs.descent(peers.tf, STEPS, LR)] : []),
    ],
    tolerances: { [`${tfjs.NAME} JS loop over tf.grad`]: 1e-5 },
  };
}

export function vmapDescentSuite(n: number, peers: Peers): SuiteSpec {
  const starts = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    starts[2 * i] = (i % 1000) / 50 - 5;
    starts[2 * i + 1] = (Math.floor(i / 1000) % 1000) / 50 - 2;
  }
  const X = np.reshape(np.array(starts), [n, 2]);
  const batched = jit(vmap(descend));
  // The interpreter runs the batched IR op by op over N-element arrays: too slow at 10^6.
  const closed = n <= 1e4 ? makeJaxpr(vmap(descend))(X) : null;
  const hand = () => {
    const out = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const [a, b] = handDescent(starts[2 * i], starts[2 * i + 1]);
      out[2 * i] = a;
      out[2 * i + 1] = b;
    }
    return out;
  };
  const sample = (o: ArrayLike<number>) => [o[0], o[1], o[2 * n - 2], o[n | 1]];
  const onJs = jit(vmap(descend), { backend: "js" });
  const onWasm = jit(vmap(descend), { backend: "wasm" });
  return {
    name: `vmapped 20-step descent, N = ${n.toExponential(0)}`,
    description: `the descent from N start points in one call (a [N, 2] Float64Array in and out)${n > 1e5 ? "; tfjs is left out here (about a minute per call)" : ""}`,
    reference: { name: "hand-written JS, step-outer (every point one step, 20 times)", run: () => handStepOuter(starts, n), answer: () => sample(handStepOuter(starts, n)) },
    contenders: [
      { name: "hand-written JS, 4 points interleaved", run: () => handInterleaved(starts, n), answer: () => sample(handInterleaved(starts, n)) },
      { name: "hand-written JS, one point at a time", run: hand, answer: () => sample(hand()) },
      // Threads are set per run (config is process-wide), so the rows do not leak into each other.
      { name: "jitgrad jit(vmap(foriLoop descent)) (auto), 1 thread", run: () => (config({ threads: 1 }), batched(X)), answer: () => sample((config({ threads: 1 }), batched(X)).toTypedArray()) },
      { name: "jitgrad jit(vmap(foriLoop descent)) (auto), 2 threads", run: () => (config({ threads: 2 }), batched(X)), answer: () => sample((config({ threads: 2 }), batched(X)).toTypedArray()) },
      { name: "jitgrad jit(vmap(…), { backend: \"wasm\" }), 1 thread", run: () => (config({ threads: 1 }), onWasm(X)), answer: () => sample((config({ threads: 1 }), onWasm(X)).toTypedArray()) },
      { name: "jitgrad jit(vmap(…), { backend: \"js\" })", run: () => onJs(X), answer: () => sample(onJs(X).toTypedArray()) },
      ...(closed
        ? [{ name: "jitgrad interpreted (evalJaxpr of vmap's IR)", run: () => evalJaxpr(closed, X), answer: () => sample(evalJaxpr(closed, X)[0].toTypedArray()) }]
        : []),
      ...(peers.jax ? [jaxjs.vmapDescent(peers.jax, starts, n, STEPS, LR, sample)] : []),
      // tfjs needs about a minute per call at N = 10^6; it is measured up to 10^5.
      ...(peers.tf && n <= 1e5 ? [tfjs.vmapDescent(peers.tf, starts, n, STEPS, LR, sample)] : []),
    ],
    tolerances: { [`${tfjs.NAME} tf.grad of the summed times, 20 steps`]: 1e-4 },
  };
}
