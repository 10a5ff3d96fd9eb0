/**
 * Suite: one loss-and-gradient evaluation of the recolor example's Poisson-style loss on a
 * 225×150 RGB image (the example's size): the data term, forward differences along both
 * axes against the image's own, and the anchor term. The reference is the same loss and
 * its gradient written by hand in one sweep; jax-js runs the same program.
 */
import { type Tensor, jit, np, valueAndGrad } from "../../src";
import { DEFAULTS, recolorLoss, sourceMask } from "../../examples/recolor/recolor";
import type { SuiteSpec } from "../harness";
import type { Peers } from "../peers";
import * as jaxjs from "../peers/jax-js";

export interface RecolorData {
  readonly H: number;
  readonly W: number;
  /** The image, [H, W, 3] in [0, 1]. */
  readonly image: Float64Array;
  /** The offsets where the gradient is taken (mid-optimisation: small, non-zero). */
  readonly offsets: Float64Array;
  /** The source-colour weight per pixel, [H, W]. */
  readonly weight: Float64Array;
  readonly shift: readonly number[];
}

export function recolorData(H = 150, W = 225): RecolorData {
  const r = (i: number, k: number) => 0.5 + 0.5 * Math.sin(i * 12.9898 + k * 78.233);
  // Smooth colour fields with some noise, so both the mask and the differences vary.
  const image = Float64Array.from({ length: H * W * 3 }, (_, p) => {
    const [y, x, c] = [Math.floor(p / (3 * W)), Math.floor(p / 3) % W, p % 3];
    return Math.min(1, Math.max(0, 0.45 + 0.25 * Math.sin(x / 17 + c) * Math.cos(y / 23 - c) + 0.05 * r(p, 1)));
  });
  const offsets = Float64Array.from({ length: H * W * 3 }, (_, p) => 0.02 * (r(p, 2) - 0.5));
  const weight = Float64Array.from(sourceMask(np.array(image).reshape([H, W, 3]), DEFAULTS.source, DEFAULTS.sigma).toTypedArray());
  return { H, W, image, offsets, weight, shift: DEFAULTS.target.map((t, c) => t - DEFAULTS.source[c]) };
}

/**
 * The best plain JS: the loss and its gradient in one sweep over the pixels, each forward
 * difference computed once and scattered to both of its pixels. The image's own
 * differences cancel against Y's (∇Y − ∇I = ∇O), as a person writing it would use.
 */
export function handRecolor(d: RecolorData): { loss: number; grad: Float64Array } {
  const { H, W, image, offsets: o, weight: w, shift } = d;
  const { smoothness: lambda, anchor: mu } = DEFAULTS;
  const n = H * W * 3;
  const grad = new Float64Array(n);
  let data = 0;
  let smooth = 0;
  let keep = 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const wp = w[y * W + x];
      for (let c = 0; c < 3; c++) {
        const p = (y * W + x) * 3 + c;
        const e = image[p] + o[p] - (image[p] + shift[c]);
        data += wp * e * e;
        keep += (1 - wp) * o[p] * o[p];
        let g = 2 * wp * e + 2 * mu * (1 - wp) * o[p];
        if (y + 1 < H) {
          const dy = o[p + 3 * W] - o[p];
          smooth += dy * dy;
          g -= 2 * lambda * dy;
          grad[p + 3 * W] += 2 * lambda * dy;
        }
        if (x + 1 < W) {
          const dx = o[p + 3] - o[p];
          smooth += dx * dx;
          g -= 2 * lambda * dx;
          grad[p + 3] += 2 * lambda * dx;
        }
        grad[p] += g;
      }
    }
  }
  for (let p = 0; p < n; p++) grad[p] /= n;
  return { loss: (data + lambda * smooth + mu * keep) / n, grad };
}

export function recolorSuite(peers: Peers): SuiteSpec {
  const d = recolorData();
  const { H, W } = d;
  const img = np.array(d.image).reshape([H, W, 3]);
  const offsets = np.array(d.offsets).reshape([H, W, 3]);
  const step = jit(valueAndGrad(recolorLoss(img, DEFAULTS)));
  const sample = (loss: number, g: ArrayLike<number>) => [loss, g[0], g[1234], g[3 * W + 5], g[g.length - 1]];
  const ours = () => {
    const [loss, g] = step(offsets) as [Tensor, Tensor];
    return sample(loss.toTypedArray()[0], g.toTypedArray());
  };
  return {
    name: `recolor loss + gradient, ${W}×${H} RGB, float64`,
    description: "the recolor example's Poisson-style loss (data, forward differences along both axes, anchor) and its gradient",
    reference: { name: "hand-written JS, one sweep", run: () => handRecolor(d), answer: () => ((r) => sample(r.loss, r.grad))(handRecolor(d)) },
    contenders: [{ name: "jitgrad jit(valueAndGrad(loss))", run: () => step(offsets), answer: ours }, ...(peers.jax ? [jaxjs.recolorGrad(peers.jax, d, sample)] : [])],
    tolerance: 1e-9,
  };
}
