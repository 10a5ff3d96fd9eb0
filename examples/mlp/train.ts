/**
 * A small MLP learns the two-moons classification with Adam, one jitted step per
 * minibatch, the data reshuffled each epoch with `random.permutation`.
 */
import { type Tensor, grad, jit, nn, np, optim, random } from "../../src";
import type { DenseParams } from "../../src/nn";

export interface MoonsData {
  readonly x: Tensor; // [n, 2]
  readonly y: Tensor; // [n] int32, 0 or 1
}

/** Two interleaved half circles with Gaussian noise of standard deviation `noise` (scikit-learn's make_moons). */
export function twoMoons(key: Tensor, n: number, noise = 0.2): MoonsData {
  const [kt, kn, kp] = random.split(key, 3);
  const half = Math.floor(n / 2);
  const t = np.multiply(random.uniform(kt, [n]), Math.PI);
  const label = np.greaterEqual(np.arange(n), half);
  const upper = np.stack([np.cos(t), np.sin(t)], 1);
  const lower = np.stack([np.subtract(1, np.cos(t)), np.subtract(0.5, np.sin(t))], 1);
  const clean = np.where(np.expandDims(label, 1), lower, upper);
  const x = np.add(clean, np.multiply(random.normal(kn, [n, 2]), noise));
  const y = label.astype("int32");
  // One shuffle so that any prefix has both classes.
  return { x: random.permutation(kp, x), y: random.permutation(kp, y) };
}

export interface TrainOptions {
  readonly samples: number;
  readonly epochs: number;
  readonly batch: number;
  readonly hidden: number;
  readonly learningRate: number;
  readonly seed: number;
}

export const DEFAULTS: TrainOptions = { samples: 512, epochs: 150, batch: 64, hidden: 32, learningRate: 0.01, seed: 0 };

export interface TrainResult {
  readonly params: DenseParams[];
  readonly data: MoonsData;
  /** Held-out points from the same distribution. */
  readonly test: MoonsData;
  readonly accuracy: number;
  readonly testAccuracy: number;
  readonly losses: readonly number[];
  readonly predict: (x: Tensor) => Tensor;
}

const crossEntropy = (logits: Tensor, y: Tensor) => np.negative(np.mean(np.sum(np.multiply(nn.logSoftmax(logits), nn.oneHot(y, 2)), -1)));

export function train(opts: TrainOptions = DEFAULTS, onEpoch?: (epoch: number, loss: number) => void): TrainResult {
  const net = nn.mlp([2, opts.hidden, opts.hidden, 2], { activation: nn.relu });
  const [kd, ki, ks, kt] = random.split(random.key(opts.seed), 4);
  const data = twoMoons(kd, opts.samples);
  const test = twoMoons(kt, Math.max(2, Math.floor(opts.samples / 2)));
  const opt = optim.adam(opts.learningRate);
  const loss = (p: DenseParams[], x: Tensor, y: Tensor) => crossEntropy(net.apply(p, x), y);
  const step = jit((p: DenseParams[], s: ReturnType<typeof opt.init>, x: Tensor, y: Tensor) => {
    const g = grad(loss)(p, x, y);
    const [updates, next] = opt.update(g, s, p);
    return [optim.applyUpdates(p, updates), next, loss(p, x, y)] as const;
  });
  let params = net.init(ki);
  let state = opt.init(params);
  const losses: number[] = [];
  const batches = Math.floor(opts.samples / opts.batch);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const k = random.foldIn(ks, epoch);
    const xs = random.permutation(k, data.x);
    const ys = random.permutation(k, data.y);
    let total = 0;
    for (let b = 0; b < batches; b++) {
      const rows: [number, number] = [b * opts.batch, (b + 1) * opts.batch];
      const [p, s, l] = step(params, state, xs.slice(rows), ys.slice(rows));
      params = p;
      state = s;
      total += Number(l);
    }
    losses.push(total / batches);
    onEpoch?.(epoch, total / batches);
  }
  const predict = jit((x: Tensor) => nn.softmax(net.apply(params, x)).slice([], 1));
  const accuracyOn = (d: MoonsData) => Number(np.mean(np.equal(np.greater(predict(d.x), 0.5).astype("int32"), d.y).astype("float64")));
  return { params, data, test, accuracy: accuracyOn(data), testAccuracy: accuracyOn(test), losses, predict };
}
