/**
 * 2-D Gaussian splatting: a photograph fitted by N anisotropic Gaussians — position,
 * covariance as a rotation and two scales, colour, opacity — rendered by summing each
 * Gaussian's opacity-weighted colour at every pixel (a dense [pixels × Gaussians]
 * evaluation, differentiable end to end), fitted with Adam in one jitted step, with a
 * densification between phases as in the splatting papers: the Gaussians whose positions
 * had the largest accumulated gradients are cloned, each pair sharing the original's opacity.
 */
import { type Tensor, jit, nn, np, optim, random, valueAndGrad } from "../../src";
import type { Image } from "../shared/photo";

/** The Gaussians, as unconstrained parameters (one row per Gaussian). */
export interface Splats {
  /** Centres in normalized coordinates [0, 1]², [N, 2]. */
  readonly mean: Tensor;
  /** log σ along the two principal axes, in normalized units, [N, 2]. */
  readonly logScale: Tensor;
  /** The rotation of the principal axes, [N]. */
  readonly angle: Tensor;
  /** Colour before a sigmoid, [N, 3]. */
  readonly colour: Tensor;
  /** Opacity before a sigmoid, [N]. */
  readonly opacity: Tensor;
}

/** Options of {@link fitSplats}. */
export interface SplatOptions {
  /** Gaussians at the start; each densification adds `grow` times as many. */
  readonly count: number;
  /** Adam steps per phase; a densification between phases. */
  readonly phases: readonly number[];
  readonly grow: number;
  readonly learningRate: number;
  readonly seed: number;
}

export const DEFAULTS: SplatOptions = { count: 192, phases: [250, 250, 300], grow: 0.5, learningRate: 0.02, seed: 0 };

/** The image the splats render, [H, W, 3]. */
export function render(s: Splats, height: number, width: number): Tensor {
  const ys = np.linspace(0, 1, height).reshape([height, 1, 1]);
  const xs = np.linspace(0, 1, width).reshape([1, width, 1]);
  const dx = np.subtract(xs, s.mean.slice("...", 0));
  const dy = np.subtract(ys, s.mean.slice("...", 1));
  const c = np.cos(s.angle);
  const sn = np.sin(s.angle);
  // Σ⁻¹ = R·diag(1/σ²)·Rᵀ as the conic (a, b, c) of a·dx² + 2b·dx·dy + c·dy².
  const ix = np.exp(np.multiply(s.logScale.slice("...", 0), -2));
  const iy = np.exp(np.multiply(s.logScale.slice("...", 1), -2));
  const a = np.add(np.multiply(np.square(c), ix), np.multiply(np.square(sn), iy));
  const b = np.multiply(np.multiply(c, sn), np.subtract(ix, iy));
  const cc = np.add(np.multiply(np.square(sn), ix), np.multiply(np.square(c), iy));
  const q = np.add(np.add(np.multiply(a, np.square(dx)), np.multiply(np.multiply(b, 2), np.multiply(dx, dy))), np.multiply(cc, np.square(dy)));
  const weight = np.multiply(np.exp(np.multiply(q, -0.5)), nn.sigmoid(s.opacity));
  return np.matmul(weight.reshape([height * width, -1]), nn.sigmoid(s.colour)).reshape([height, width, 3]);
}

/** The peak signal-to-noise ratio in dB of `a` against `b` (values in [0, 1]). */
export function psnr(a: Tensor, b: Tensor): number {
  const mse = np.mean(np.square(np.subtract(a, b))).item() as number;
  return 10 * Math.log10(1 / mse);
}

/** N Gaussians spread uniformly, each coloured by the photo at its centre. */
function initial(photo: Image, n: number, key: Tensor): Splats {
  const [k1, k2] = random.split(key);
  const mean = random.uniform(k1, [n, 2]);
  const centres = mean.tolist() as number[][];
  const colour = centres.map(([x, y]) => {
    const px = Math.min(photo.width - 1, Math.round(x * (photo.width - 1)));
    const py = Math.min(photo.height - 1, Math.round(y * (photo.height - 1)));
    return [0, 1, 2].map((ch) => {
      const v = Math.min(0.98, Math.max(0.02, photo.data[(py * photo.width + px) * 3 + ch]));
      return Math.log(v / (1 - v));
    });
  });
  const sigma = 0.5 / Math.sqrt(n);
  return {
    mean,
    logScale: np.full([n, 2], Math.log(sigma)),
    angle: np.multiply(random.uniform(k2, [n]), Math.PI),
    colour: np.array(colour),
    opacity: np.zeros([n]),
  };
}

/** Clones the `extra` Gaussians with the largest accumulated position gradient (where the fit still pulls hardest). */
function densify(s: Splats, gradNorm: Float64Array, extra: number, key: Tensor): Splats {
  const n = gradNorm.length;
  const order = Array.from(gradNorm.keys()).sort((i, j) => gradNorm[j] - gradNorm[i]);
  const picked = order.slice(0, Math.min(extra, n));
  const idx = np.array(new Int32Array(picked));
  const take = (t: Tensor) => np.take(t, idx, 0);
  const jitter = np.multiply(random.normal(key, [picked.length, 2]), np.exp(take(s.logScale)));
  // An original and its clone move a little apart and share its opacity: the image is a
  // sum, so the pair starts out adding what the original did, and the optimizer separates them.
  const halved = np.log(np.divide(1, np.subtract(np.divide(2, nn.sigmoid(take(s.opacity))), 1)));
  return {
    mean: np.concatenate([s.mean.at(idx).add(jitter.mul(0.25)), np.subtract(take(s.mean), jitter.mul(0.25))]),
    logScale: np.concatenate([s.logScale, take(s.logScale)]),
    angle: np.concatenate([s.angle, take(s.angle)]),
    colour: np.concatenate([s.colour, take(s.colour)]),
    opacity: np.concatenate([s.opacity.at(idx).set(halved), halved]),
  };
}

/** One phase's outcome. */
export interface PhaseResult {
  readonly gaussians: number;
  readonly steps: number;
  readonly psnr: number;
  readonly millisPerStep: number;
}

/** Fits the photo (RGB) with splats; `onStep` hears of every step, `onPhase` of every phase. */
export function fitSplats(photo: Image, opts: SplatOptions, onStep: (phase: number, step: number, loss: number) => void = () => undefined, onPhase: (r: PhaseResult) => void = () => undefined): { splats: Splats; image: Tensor } {
  const { height, width } = photo;
  const target = np.array(photo.data).reshape([height, width, 3]);
  const keys = random.split(random.key(opts.seed), opts.phases.length + 1);
  let splats = initial(photo, opts.count, keys.slice(0));
  let accumulated = new Float64Array(0);
  const loss = (s: Splats) => np.mean(np.square(np.subtract(render(s, height, width), target)));
  opts.phases.forEach((steps, phase) => {
    if (phase > 0) {
      const n = splats.opacity.shape[0];
      splats = densify(splats, accumulated, Math.round(n * opts.grow), keys.slice(phase));
    }
    const opt = optim.adam(opts.learningRate);
    const step = jit((s: Splats, st: ReturnType<typeof opt.init>) => {
      const [value, g] = valueAndGrad(loss)(s) as [Tensor, Splats];
      const [updates, next] = opt.update(g, st, s);
      return { s: optim.applyUpdates(s, updates) as Splats, st: next, value, meanGrad: np.sqrt(np.sum(np.square(g.mean), 1)) };
    });
    let state = opt.init(splats);
    const n = splats.opacity.shape[0];
    accumulated = new Float64Array(n);
    step(splats, state);
    const began = performance.now();
    for (let i = 0; i < steps; i++) {
      const r = step(splats, state);
      splats = r.s;
      state = r.st;
      const g = r.meanGrad.toTypedArray();
      for (let k = 0; k < n; k++) accumulated[k] += g[k];
      onStep(phase, i, r.value.item() as number);
    }
    const millisPerStep = (performance.now() - began) / Math.max(1, steps);
    onPhase({ gaussians: n, steps, psnr: psnr(render(splats, height, width), target), millisPerStep });
  });
  return { splats, image: np.clip(render(splats, height, width), 0, 1) };
}

