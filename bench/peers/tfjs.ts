/**
 * @tensorflow/tfjs 4.22 as a benchmark contender: its pure-JS CPU backend, which computes
 * in float32 (answers are checked with a float32 tolerance). No jit exists; gradients are
 * `tf.grad`. Every call runs inside `tf.tidy` so tensors are freed.
 */
import type { Contender } from "../harness";
import type { MlpData, MlpSizes } from "../suites/mlp";

type T = {
  slice: (b: number, s: number) => T;
  square: () => T;
  add: (y: T | number) => T;
  sub: (y: T | number) => T;
  mul: (y: T | number) => T;
  div: (y: T | number) => T;
  sum: () => T;
  dataSync: () => ArrayLike<number>;
};
interface Tf {
  setBackend: (b: string) => Promise<boolean>;
  tidy: <R>(f: () => R) => R;
  grad: (f: (x: T) => T) => (x: T) => T;
  sqrt: (x: T) => T;
  scalar: (v: number) => T;
  tensor1d: (v: ArrayLike<number>) => T;
  tensor2d: (v: ArrayLike<number>, shape: [number, number]) => T;
  matMul: (a: T, b: T) => T;
  logSumExp: (x: T, axis?: number) => T;
  grads: (f: (...xs: T[]) => T) => (xs: T[]) => T[];
  relu: (x: T) => T;
  logSoftmax: (x: T, axis?: number) => T;
  sum: (x: T) => T;
  slice: (x: T, begin: number[], size: number[]) => T;
  concat: (xs: T[], axis: number) => T;
  env: () => { set: (k: string, v: unknown) => void };
}

export const NAME = "tfjs 4.22 (CPU backend, float32)";

let loaded: Tf | null | undefined;

/** The library on its CPU backend; null if it cannot be loaded here (the rows are then skipped). */
export async function loadTfjs(): Promise<Tf | null> {
  if (loaded !== undefined) return loaded;
  try {
    // It prints a banner suggesting tfjs-node (native binaries); we measure the pure-JS backend.
    const warn = console.warn;
    const log = console.log;
    console.warn = console.log = () => {};
    try {
      const tf = (await import("@tensorflow/tfjs")) as unknown as Tf;
      await tf.setBackend("cpu");
      tf.tidy(() => tf.scalar(0)); // the banner is printed on the backend's first write
      loaded = tf;
    } finally {
      console.warn = warn;
      console.log = log;
    }
  } catch (e) {
    console.warn(`bench: ${NAME} unavailable (${(e as Error).message}); its rows are skipped.`);
    loaded = null;
  }
  return loaded;
}

const [h, d, v1, v2, v3] = [20, 10, 0.7, 0.3, 0.45];

/** The time to cross, summed over however many (x1, x2) pairs the tensors hold. */
const totalTime = (tf: Tf, x1: T, x2: T) =>
  tf
    .sqrt(x1.square().add(d * d))
    .div(v1)
    .add(tf.sqrt(x2.square().add(d * d)).div(v2))
    .add(tf.sqrt(tf.scalar(h).sub(x1).sub(x2).square().add(d * d)).div(v3))
    .sum();

const calcTimeFor = (tf: Tf) => (x: T) => totalTime(tf, x.slice(0, 1), x.slice(1, 1));

/** Suite 1: tf.grad(calcTime) per call, numbers in and out. */
export function terrainGrad(tf: Tf): Contender {
  const g = tf.grad(calcTimeFor(tf));
  const call = (x1: number, x2: number) => tf.tidy(() => Array.from(g(tf.tensor1d([x1, x2])).dataSync()));
  let flip = false;
  return { name: `${NAME} tf.grad(calcTime)`, run: () => call((flip = !flip) ? 2 : 2.0000001, 17), answer: () => call(2, 17) };
}

/** Suite 2: the 20-step descent, a JS loop over tf.grad. */
export function descent(tf: Tf, steps: number, lr: number): Contender {
  const g = tf.grad(calcTimeFor(tf));
  const loop = () => {
    let [x1, x2] = [2, 17];
    for (let i = 0; i < steps; i++) {
      const gs = tf.tidy(() => g(tf.tensor1d([x1, x2])).dataSync());
      const [g1, g2] = [gs[0], gs[1]];
      x1 -= lr * g1;
      x2 -= lr * g2;
    }
    return [x1, x2];
  };
  return { name: `${NAME} JS loop over tf.grad`, run: loop, answer: loop };
}

/** Suite 3: the descent from N start points: tf.grad of the summed times is the per-point gradient. */
export function vmapDescent(tf: Tf, starts: Float64Array, n: number, steps: number, lr: number, sample: (o: ArrayLike<number>) => number[]): Contender {
  const total = (x: T) => totalTime(tf, tf.slice(x, [0, 0], [n, 1]), tf.slice(x, [0, 1], [n, 1]));
  const g = tf.grad(total);
  const f32 = Float32Array.from(starts); // its tensors take float32 data
  const run = () =>
    tf.tidy(() => {
      let x = tf.tensor2d(f32, [n, 2]);
      for (let i = 0; i < steps; i++) x = x.sub(g(x).mul(lr));
      return x.dataSync();
    });
  return { name: `${NAME} tf.grad of the summed times, 20 steps`, run, answer: () => sample(run()) };
}

/** Matrix product. */
export function matmul(tf: Tf, a: Float64Array, b: Float64Array, n: number, sample: (c: ArrayLike<number>) => number[]): Contender {
  const [A, B] = [tf.tensor2d(Float32Array.from(a), [n, n]), tf.tensor2d(Float32Array.from(b), [n, n])];
  const run = () => tf.tidy(() => tf.matMul(A, B).dataSync());
  return { name: `${NAME} tf.matMul`, run, answer: () => sample(run()) };
}

/** One SGD step of the MLP: tf.grads of the mean cross-entropy, then the update. */
export function mlpStep(
  tf: Tf,
  data: MlpData,
  sizes: MlpSizes,
  lr: number,
  sample: (ps: readonly ArrayLike<number>[]) => number[],
): Contender {
  const { batch: B, inputs: I, hidden: H, classes: C } = sizes;
  const t2 = (a: Float64Array, r: number, c: number) => tf.tensor2d(Float32Array.from(a), [r, c]);
  const [w1, w2, X, Y] = [t2(data.w1, I, H), t2(data.w2, H, C), t2(data.x, B, I), t2(data.y, B, C)];
  const [b1, b2] = [tf.tensor1d(Float32Array.from(data.b1)), tf.tensor1d(Float32Array.from(data.b2))];
  const loss = (pw1: T, pb1: T, pw2: T, pb2: T) => {
    const hidden = tf.relu(tf.matMul(X, pw1).add(pb1));
    const logits = tf.matMul(hidden, pw2).add(pb2);
    return tf.sum(Y.mul(tf.logSoftmax(logits, -1))).mul(-1 / B);
  };
  const g = tf.grads(loss);
  const run = () =>
    tf.tidy(() => {
      const ps = [w1, b1, w2, b2];
      const gs = g(ps);
      return ps.map((p, i) => p.sub(gs[i].mul(lr)).dataSync());
    });
  return { name: `${NAME} tf.grads step`, run, answer: () => sample(run()) };
}

/** logsumexp over the rows of a matrix. */
export function logsumexpRows(tf: Tf, x: Float64Array, rows: number, cols: number): Contender {
  const X = tf.tensor2d(Float32Array.from(x), [rows, cols]);
  const run = () => tf.tidy(() => tf.logSumExp(X, 1).dataSync());
  return { name: `${NAME} tf.logSumExp`, run, answer: () => Array.from(run()).slice(0, 4) };
}
