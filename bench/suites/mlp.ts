/**
 * Suite 5b: one training step of a 784-128-10 MLP (ReLU, softmax cross-entropy) on a
 * batch of 128, float64: forward, backward and the SGD update. The reference is the
 * same step written by hand with Float64Array loops.
 */
import { type Tensor, config, evalJaxpr, grad, jit, makeJaxpr, nn, np } from "../../src";
import type { SuiteSpec } from "../harness";
import type { Peers } from "../peers";
import * as jaxjs from "../peers/jax-js";
import * as tfjs from "../peers/tfjs";

export interface MlpSizes {
  readonly batch: number;
  readonly inputs: number;
  readonly hidden: number;
  readonly classes: number;
}

export const SIZES: MlpSizes = { batch: 128, inputs: 784, hidden: 128, classes: 10 };
const LR = 0.1;

/** Deterministic pseudo-random numbers in [-1, 1). */
function noise(n: number, seed: number, scale: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32 - 0.5) * 2 * scale;
  });
}

export interface MlpData {
  readonly w1: Float64Array;
  readonly b1: Float64Array;
  readonly w2: Float64Array;
  readonly b2: Float64Array;
  readonly x: Float64Array;
  /** One-hot labels, [batch, classes]. */
  readonly y: Float64Array;
}

export function mlpData(sizes: MlpSizes = SIZES): MlpData {
  const { batch: B, inputs: I, hidden: H, classes: C } = sizes;
  const y = new Float64Array(B * C);
  for (let b = 0; b < B; b++) y[b * C + ((b * 7) % C)] = 1;
  return { w1: noise(I * H, 1, 1 / Math.sqrt(I)), b1: noise(H, 2, 0.1), w2: noise(H * C, 3, 1 / Math.sqrt(H)), b2: noise(C, 4, 0.1), x: noise(B * I, 5, 1), y };
}

/** The step by hand: returns the updated parameters [w1, b1, w2, b2]. */
export function handStep({ w1, b1, w2, b2, x, y }: MlpData, sizes: MlpSizes = SIZES): Float64Array[] {
  const { batch: B, inputs: I, hidden: H, classes: C } = sizes;
  const h = new Float64Array(B * H);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) h[b * H + j] = b1[j];
    for (let i = 0; i < I; i++) {
      const xi = x[b * I + i];
      for (let j = 0; j < H; j++) h[b * H + j] += xi * w1[i * H + j];
    }
  }
  const a = h.map((v) => (v > 0 ? v : 0));
  const dz = new Float64Array(B * C);
  for (let b = 0; b < B; b++) {
    let max = -Infinity;
    for (let c = 0; c < C; c++) {
      let z = b2[c];
      for (let j = 0; j < H; j++) z += a[b * H + j] * w2[j * C + c];
      dz[b * C + c] = z;
      if (z > max) max = z;
    }
    let sum = 0;
    for (let c = 0; c < C; c++) sum += Math.exp(dz[b * C + c] - max);
    // d(mean cross-entropy)/dz = (softmax(z) - y) / B
    for (let c = 0; c < C; c++) dz[b * C + c] = (Math.exp(dz[b * C + c] - max) / sum - y[b * C + c]) / B;
  }
  const nw2 = Float64Array.from(w2);
  const nb2 = Float64Array.from(b2);
  const dh = new Float64Array(B * H);
  for (let b = 0; b < B; b++) {
    for (let c = 0; c < C; c++) {
      const g = dz[b * C + c];
      nb2[c] -= LR * g;
      for (let j = 0; j < H; j++) {
        nw2[j * C + c] -= LR * a[b * H + j] * g;
        dh[b * H + j] += g * w2[j * C + c];
      }
    }
    for (let j = 0; j < H; j++) if (h[b * H + j] <= 0) dh[b * H + j] = 0;
  }
  const nw1 = Float64Array.from(w1);
  const nb1 = Float64Array.from(b1);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) nb1[j] -= LR * dh[b * H + j];
    for (let i = 0; i < I; i++) {
      const xi = LR * x[b * I + i];
      for (let j = 0; j < H; j++) nw1[i * H + j] -= xi * dh[b * H + j];
    }
  }
  return [nw1, nb1, nw2, nb2];
}

type Params = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };

/** Mean softmax cross-entropy of the MLP on a batch. */
export function loss(p: Params, x: Tensor, y: Tensor): Tensor {
  const hidden = nn.relu(np.matmul(x, p.w1).add(p.b1));
  const logits = np.matmul(hidden, p.w2).add(p.b2);
  return np.sum(y.mul(nn.logSoftmax(logits, -1))).mul(-1 / x.shape[0]);
}

/** One SGD step in jitgrad. */
export function step(p: Params, x: Tensor, y: Tensor): Params {
  const g = grad(loss)(p, x, y);
  return { w1: p.w1.sub(g.w1.mul(LR)), b1: p.b1.sub(g.b1.mul(LR)), w2: p.w2.sub(g.w2.mul(LR)), b2: p.b2.sub(g.b2.mul(LR)) };
}

/** A few numbers of the updated parameters, for the answer check. */
export const sampleParams = (ps: readonly ArrayLike<number>[]) => [ps[0][0], ps[0][12345], ps[1][7], ps[2][0], ps[2][1279], ps[3][9]];

export function mlpSuite(peers: Peers, batch = SIZES.batch): SuiteSpec {
  const sizes: MlpSizes = { ...SIZES, batch };
  const { batch: B, inputs: I, hidden: H, classes: C } = sizes;
  const data = mlpData(sizes);
  const p: Params = {
    w1: np.reshape(np.array(data.w1), [I, H]),
    b1: np.array(data.b1),
    w2: np.reshape(np.array(data.w2), [H, C]),
    b2: np.array(data.b2),
  };
  const x = np.reshape(np.array(data.x), [B, I]);
  const y = np.reshape(np.array(data.y), [B, C]);
  const jstep = jit(step);
  const closed = makeJaxpr(step)(p, x, y);
  const fromParams = (q: Params) => sampleParams([q.w1, q.b1, q.w2, q.b2].map((t) => t.toTypedArray()));
  // evalJaxpr returns the leaves in pytree order: b1, b2, w1, w2 (sorted keys).
  const fromLeaves = (ls: Tensor[]) => sampleParams([ls[2], ls[0], ls[3], ls[1]].map((t) => t.toTypedArray()));
  return {
    name: `MLP training step, 784-128-10, batch ${B}, float64`,
    description: "forward, backward (softmax cross-entropy) and the SGD update",
    reference: { name: "hand-written JS (Float64Array loops)", run: () => handStep(data, sizes), answer: () => sampleParams(handStep(data, sizes)) },
    contenders: [
      // Threads are set per run (config is process-wide).
      { name: "jitgrad jit(step), 1 thread", run: () => (config({ threads: 1 }), jstep(p, x, y)), answer: () => fromParams((config({ threads: 1 }), jstep(p, x, y))) },
      { name: "jitgrad jit(step), 2 threads", run: () => (config({ threads: 2 }), jstep(p, x, y)), answer: () => fromParams((config({ threads: 2 }), jstep(p, x, y))) },
      { name: "jitgrad interpreted tape (evalJaxpr of step's IR)", run: () => evalJaxpr(closed, p, x, y), answer: () => fromLeaves(evalJaxpr(closed, p, x, y)) },
      ...(peers.jax ? [jaxjs.mlpStep(peers.jax, data, sizes, LR, sampleParams)] : []),
      ...(peers.tf ? [tfjs.mlpStep(peers.tf, data, sizes, LR, sampleParams)] : []),
    ],
    tolerance: 1e-9,
    tolerances: { [`${tfjs.NAME} tf.grads step`]: 1e-4 },
  };
}

/** Suite 5c: logsumexp over the rows of a 512×512 matrix. */
export function logsumexpSuite(peers: Peers): SuiteSpec {
  const [rows, cols] = [512, 512];
  const data = noise(rows * cols, 9, 20);
  const X = np.reshape(np.array(data), [rows, cols]);
  const hand = () => {
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let max = -Infinity;
      for (let c = 0; c < cols; c++) max = Math.max(max, data[r * cols + c]);
      let sum = 0;
      for (let c = 0; c < cols; c++) sum += Math.exp(data[r * cols + c] - max);
      out[r] = max + Math.log(sum);
    }
    return out;
  };
  const f = jit((x: Tensor) => nn.logsumexp(x, 1));
  const closed = makeJaxpr((x: Tensor) => nn.logsumexp(x, 1))(X);
  const first = (a: ArrayLike<number>) => Array.from(a).slice(0, 4);
  return {
    name: "logsumexp over rows, 512×512 float64",
    description: `a reduction-heavy function: max, exp, sum and log per row${peers.jax ? "; jax-js agrees with float64 only to ~5e-9 here (its logsumexp loses precision), so its check is looser" : ""}`,
    reference: { name: "hand-written JS", run: hand, answer: () => first(hand()) },
    contenders: [
      { name: "jitgrad jit(nn.logsumexp)", run: () => f(X), answer: () => first(f(X).toTypedArray()) },
      { name: "jitgrad interpreted (evalJaxpr)", run: () => evalJaxpr(closed, X), answer: () => first(evalJaxpr(closed, X)[0].toTypedArray()) },
      ...(peers.jax ? [jaxjs.logsumexpRows(peers.jax, data, rows, cols)] : []),
      ...(peers.tf ? [tfjs.logsumexpRows(peers.tf, data, rows, cols)] : []),
    ],
    tolerance: 1e-12,
    tolerances: { [`${tfjs.NAME} tf.logSumExp`]: 1e-6, [`${jaxjs.NAME} jit(logsumexp)`]: 1e-7 },
  };
}

/** Suite 5d: softmax over the rows of a 512×512 matrix (its exp is kept for the division). */
export function softmaxSuite(): SuiteSpec {
  const [rows, cols] = [512, 512];
  const data = noise(rows * cols, 10, 20);
  const X = np.reshape(np.array(data), [rows, cols]);
  // The skilled version: one pass for the maximum, one for exp (stored) and its sum, one scaling by 1/sum.
  const hand = () => {
    const out = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      const at = r * cols;
      let max = -Infinity;
      for (let c = 0; c < cols; c++) max = Math.max(max, data[at + c]);
      let sum = 0;
      for (let c = 0; c < cols; c++) {
        const e = Math.exp(data[at + c] - max);
        out[at + c] = e;
        sum += e;
      }
      const inv = 1 / sum;
      for (let c = 0; c < cols; c++) out[at + c] *= inv;
    }
    return out;
  };
  const f = jit((x: Tensor) => nn.softmax(x, 1));
  const js = jit((x: Tensor) => nn.softmax(x, 1), { backend: "js" });
  const pick = (a: ArrayLike<number>) => [a[0], a[1], a[cols + 7], a[rows * cols - 1]];
  return {
    name: "softmax over rows, 512×512 float64",
    description: "max, exp, sum and division per row; the exp is read twice, so it is stored",
    reference: { name: "hand-written JS (scaling by 1/sum)", run: hand, answer: () => pick(hand()) },
    contenders: [
      { name: "jitgrad jit(nn.softmax) (auto)", run: () => f(X), answer: () => pick(f(X).toTypedArray()) },
      { name: 'jitgrad jit(nn.softmax, { backend: "js" })', run: () => js(X), answer: () => pick(js(X).toTypedArray()) },
    ],
    tolerance: 1e-12,
  };
}
