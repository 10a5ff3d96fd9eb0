/**
 * Colour replacement by optimisation (the post author's 2021 project, without the hand-
 * derived gradients): a per-pixel colour offset field O for the photo I, the result
 * Y = I + O, minimizing
 *
 *   Σ w·|Y − (I + t − s)|²  +  λ·Σ |∇Y − ∇I|²  +  μ·Σ (1 − w)·|Y − I|²,
 *
 * where w = exp(−|I − s|² / 2σ²) is how much a pixel has the source colour s: pixels of
 * the source colour take the target colour t with their own shading, the image's
 * gradients (forward differences, a Poisson-style term) are kept, so O is smooth, and
 * the rest of the picture stays put. Adam descends the loss in one jitted step.
 */
import { type Tensor, np, optim } from "../../src";
import { fit } from "../shared/fit";
import type { Image } from "../shared/photo";

/** Options of {@link recolor}. */
export interface RecolorOptions {
  /** The colour to replace and its replacement, RGB in [0, 1]. */
  readonly source: readonly [number, number, number];
  readonly target: readonly [number, number, number];
  /** Width of the source colour's soft mask. */
  readonly sigma: number;
  /** Weight of keeping the image's gradients, and of keeping the other pixels. */
  readonly smoothness: number;
  readonly anchor: number;
  readonly steps: number;
  readonly learningRate: number;
}

export const DEFAULTS: RecolorOptions = {
  source: [0.59, 0.43, 0.26],
  target: [0.3, 0.45, 0.7],
  sigma: 0.12,
  smoothness: 4,
  anchor: 0.5,
  steps: 300,
  learningRate: 0.02,
};

/** How much each pixel has the source colour: [H, W, 1]. */
export function sourceMask(img: Tensor, source: readonly number[], sigma: number): Tensor {
  const d2 = np.sum(np.square(np.subtract(img, np.array([...source]))), -1, { keepdims: true });
  return np.exp(np.divide(np.negative(d2), 2 * sigma * sigma));
}

/** Forward differences along the rows and the columns. */
function gradients(y: Tensor): [Tensor, Tensor] {
  return [np.subtract(y.slice([1, null]), y.slice([0, -1])), np.subtract(y.slice([], [1, null]), y.slice([], [0, -1]))];
}

/** The loss of an offset field for this image (a function of the offsets only). */
export function recolorLoss(img: Tensor, opts: RecolorOptions): (offsets: Tensor) => Tensor {
  const w = sourceMask(img, opts.source, opts.sigma);
  const shift = np.subtract(np.array([...opts.target]), np.array([...opts.source]));
  const wanted = np.add(img, shift);
  const [gy, gx] = gradients(img);
  const n = img.size;
  return (offsets) => {
    const y = np.add(img, offsets);
    const data = np.sum(np.multiply(w, np.square(np.subtract(y, wanted))));
    const [yy, yx] = gradients(y);
    const smooth = np.add(np.sum(np.square(np.subtract(yy, gy))), np.sum(np.square(np.subtract(yx, gx))));
    const keep = np.sum(np.multiply(np.subtract(1, w), np.square(offsets)));
    return np.divide(np.add(np.add(data, np.multiply(opts.smoothness, smooth)), np.multiply(opts.anchor, keep)), n);
  };
}

/** The result of {@link recolor}. */
export interface RecolorResult {
  readonly image: Image;
  readonly mask: Image;
  readonly losses: number[];
  readonly millisPerStep: number;
}

/** Recolours `photo` (RGB) by `opts.steps` Adam steps on the offset field; `onStep` hears of each. */
export function recolor(photo: Image, opts: RecolorOptions, onStep: (step: number, loss: number) => void = () => undefined): RecolorResult {
  const img = np.array(photo.data).reshape([photo.height, photo.width, 3]);
  const loss = recolorLoss(img, opts);
  const { params: offsets, losses, millisPerStep } = fit(loss, np.zerosLike(img), optim.adam(opts.learningRate), opts.steps, onStep);
  const out = np.clip(np.add(img, offsets), 0, 1);
  const mask = sourceMask(img, opts.source, opts.sigma);
  return {
    image: { data: Float64Array.from(out.toTypedArray()), height: photo.height, width: photo.width, channels: 3 },
    mask: { data: Float64Array.from(mask.toTypedArray()), height: photo.height, width: photo.width, channels: 1 },
    losses,
    millisPerStep,
  };
}
