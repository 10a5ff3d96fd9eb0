/**
 * Reversing the Game of Life by gradient descent: find a board whose next generation is a
 * target pattern. The rule is relaxed so that it has a gradient: cells are probabilities
 * (sigmoids of free logits), neighbour counts are sums of `np.roll`s of the board (a
 * torus), and "2 or 3 neighbours" / "exactly 3" become products of sigmoids
 * (`soft.between`) whose temperature is annealed towards the hard rule.
 */
import { type Tensor, grad, jit, nn, np, optim, random, soft } from "../../src";

const OFFSETS = [-1, 0, 1].flatMap((dy) => [-1, 0, 1].map((dx) => [dy, dx] as const)).filter(([dy, dx]) => dy !== 0 || dx !== 0);

/** Live neighbours of every cell, wrapping at the edges. */
export function neighbours(board: Tensor): Tensor {
  return OFFSETS.map(([dy, dx]) => np.roll(np.roll(board, dy, 0), dx, 1)).reduce((a, b) => np.add(a, b));
}

/** The true rule on a 0/1 board: born with 3 neighbours, survives with 2 or 3. */
export function lifeStep(board: Tensor): Tensor {
  const n = neighbours(board);
  const born = np.equal(n, 3);
  const survives = np.logicalAnd(np.greater(board, 0.5), np.logicalOr(np.equal(n, 2), np.equal(n, 3)));
  return np.logicalOr(born, survives).astype("float64");
}

/** The relaxed rule on a board of probabilities, sharp as `temperature` → 0. */
export function softLifeStep(board: Tensor, temperature: Tensor | number): Tensor {
  const n = neighbours(board);
  const survives = soft.between(n, 1.5, 3.5, { temperature });
  const born = soft.between(n, 2.5, 3.5, { temperature });
  return soft.where(new soft.Weight(board), survives.value, born.value);
}

export interface ReverseOptions {
  readonly steps: number;
  readonly learningRate: number;
  /** Temperature at the start and the end of the (geometric) annealing. */
  readonly temperature: readonly [number, number];
  /** Weight of the push towards 0/1 cells at the end of the run (it grows linearly from 0). */
  readonly decisiveness: number;
  readonly seed: number;
}

export const DEFAULTS: ReverseOptions = { steps: 1500, learningRate: 0.1, temperature: [0.5, 0.05], decisiveness: 0.1, seed: 0 };

export interface ReverseResult {
  /** The found board, 0/1. */
  readonly board: Tensor;
  /** Its true next generation. */
  readonly next: Tensor;
  /** Cells of `next` equal to the target's. */
  readonly matched: number;
  readonly cells: number;
  readonly losses: readonly number[];
}

export function reverse(target: Tensor, opts: ReverseOptions = DEFAULTS, onStep?: (step: number, loss: number) => void): ReverseResult {
  const [t0, t1] = opts.temperature;
  // The mismatch of the soft next generation, plus a push (growing over the run) towards
  // boards of 0s and 1s, without which the soft rule is met by half-alive cells.
  const loss = (logits: Tensor, temperature: Tensor, decisiveness: Tensor) => {
    const board = nn.sigmoid(logits);
    const mismatch = np.mean(np.square(np.subtract(softLifeStep(board, temperature), target)));
    return np.add(mismatch, np.multiply(decisiveness, np.mean(np.multiply(board, np.subtract(1, board)))));
  };
  const opt = optim.adam(opts.learningRate);
  const step = jit((logits: Tensor, s: ReturnType<typeof opt.init>, temperature: Tensor, decisiveness: Tensor) => {
    const [updates, next] = opt.update(grad(loss)(logits, temperature, decisiveness), s);
    return [optim.applyUpdates(logits, updates), next, loss(logits, temperature, decisiveness)] as const;
  });
  let logits = random.normal(random.key(opts.seed), target.shape);
  let state = opt.init(logits);
  const losses: number[] = [];
  for (let i = 0; i < opts.steps; i++) {
    const progress = i / Math.max(1, opts.steps - 1);
    const temperature = np.array(t0 * (t1 / t0) ** progress);
    const [l2, s2, l] = step(logits, state, temperature, np.array(opts.decisiveness * progress));
    logits = l2;
    state = s2;
    losses.push(Number(l));
    onStep?.(i, losses[i]);
  }
  const board = np.greater(logits, 0).astype("float64");
  const next = lifeStep(board);
  const matched = Number(np.sum(np.equal(next, target)));
  return { board, next, matched, cells: target.size, losses };
}


/** A pattern from rows of '#' and '.', centred on a size × size board. */
export function pattern(rows: readonly string[], size: number): Tensor {
  const h = rows.length;
  const w = Math.max(...rows.map((r) => r.length));
  if (h > size || w > size) throw new Error(`pattern: ${w}×${h} does not fit a ${size}×${size} board`);
  const top = Math.floor((size - h) / 2);
  const left = Math.floor((size - w) / 2);
  const cells = Array.from({ length: size }, (_, y) => Array.from({ length: size }, (_, x) => (rows[y - top]?.[x - left] === "#" ? 1 : 0)));
  return np.array(cells);
}

/** The default target: the library's initials. */
export const JG = [
  "..######...######.",
  "....##....##....#.",
  "....##....##......",
  "....##....##..###.",
  "##..##....##...##.",
  ".####......#####..",
];
