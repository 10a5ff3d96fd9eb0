/**
 * Homography estimation by descending a photometric loss, as kornia does it: a photo and
 * a copy warped by a known homography; the homography is parameterized by where the four
 * corners go (8 numbers, in coordinates normalized to [−1, 1], so they mean the same at
 * every scale), built from them by solving the 8×8 direct linear transform
 * (`np.linalg.solve`), applied with a differentiable bilinear warp (`np.take` of the four
 * neighbours), and fitted coarse to fine over a Gaussian pyramid (blur by a 5-tap kernel
 * with `scipy.signal.convolve2d`, then every second pixel) with L-BFGS
 * (`scipy.optimize.minimize`, jitted) at each level.
 */
import { type Tensor, jit, np, scipy } from "../../src";
import { type Image, loadPhoto } from "../shared/photo";

export type { Image };

/** The photo in gray, a centre crop of `height`×`width` after averaging `factor`×`factor` blocks. */
export function loadGray(factor: number, height: number, width: number): Image {
  return loadPhoto({ factor, height, width, gray: true });
}

/** The corners in normalized coordinates: top-left, top-right, bottom-right, bottom-left. */
export const CORNERS = [
  [-1, -1],
  [1, -1],
  [1, 1],
  [-1, 1],
] as const;

/**
 * The homography (3×3, last entry 1) taking each corner to itself plus its displacement
 * (`offsets`: dx, dy per corner), by the direct linear transform: 8 equations in 8 unknowns.
 */
export function homography(offsets: Tensor): Tensor {
  const rows: Tensor[] = [];
  const rhs: Tensor[] = [];
  CORNERS.forEach(([x, y], i) => {
    const u = offsets.slice(2 * i).add(x);
    const v = offsets.slice(2 * i + 1).add(y);
    const one = np.ones([]);
    const zero = np.zeros([]);
    rows.push(np.stack([one.mul(x), one.mul(y), one, zero, zero, zero, u.mul(-x), u.mul(-y)]));
    rows.push(np.stack([zero, zero, zero, one.mul(x), one.mul(y), one, v.mul(-x), v.mul(-y)]));
    rhs.push(u, v);
  });
  const h = np.linalg.solve(np.stack(rows), np.stack(rhs));
  return np.concatenate([h, np.ones([1])]).reshape([3, 3]);
}

/** The image as a tensor, and the normalized coordinates of its pixel grid. */
function grid(height: number, width: number): { xs: Tensor; ys: Tensor } {
  const xs = np.broadcastTo(np.linspace(-1, 1, width).reshape([1, width]), [height, width]);
  const ys = np.broadcastTo(np.linspace(-1, 1, height).reshape([height, 1]), [height, width]);
  return { xs, ys };
}

/**
 * The image sampled at H applied to each pixel of a `height`×`width` grid (bilinearly;
 * outside the image, the nearest edge), and where the sample falls inside it.
 */
export function warp(img: Tensor, h: Tensor, height: number, width: number): { image: Tensor; inside: Tensor } {
  const [H, W] = img.shape;
  const { xs, ys } = grid(height, width);
  const hx = h.slice(0);
  const hy = h.slice(1);
  const hw = h.slice(2);
  const den = np.add(np.add(np.multiply(hw.slice(0), xs), np.multiply(hw.slice(1), ys)), hw.slice(2));
  const u = np.divide(np.add(np.add(np.multiply(hx.slice(0), xs), np.multiply(hx.slice(1), ys)), hx.slice(2)), den);
  const v = np.divide(np.add(np.add(np.multiply(hy.slice(0), xs), np.multiply(hy.slice(1), ys)), hy.slice(2)), den);
  // Normalized to pixel coordinates of the source.
  const px = np.multiply(np.add(u, 1), (W - 1) / 2);
  const py = np.multiply(np.add(v, 1), (H - 1) / 2);
  const x0 = np.clip(np.floor(px), 0, W - 2);
  const y0 = np.clip(np.floor(py), 0, H - 2);
  const fx = np.clip(np.subtract(px, x0), 0, 1);
  const fy = np.clip(np.subtract(py, y0), 0, 1);
  const flat = img.reshape([H * W]);
  const at = (dx: number, dy: number) => np.take(flat, np.add(np.multiply(np.add(y0, dy), W), np.add(x0, dx)).astype("int32"), 0, { mode: "clip" });
  const top = np.add(np.multiply(at(0, 0), np.subtract(1, fx)), np.multiply(at(1, 0), fx));
  const bottom = np.add(np.multiply(at(0, 1), np.subtract(1, fx)), np.multiply(at(1, 1), fx));
  const image = np.add(np.multiply(top, np.subtract(1, fy)), np.multiply(bottom, fy));
  const inside = np.logicalAnd(np.logicalAnd(np.greaterEqual(px, 0), np.lessEqual(px, W - 1)), np.logicalAnd(np.greaterEqual(py, 0), np.lessEqual(py, H - 1)));
  return { image, inside };
}

const BLUR = np.outer(np.array([1, 4, 6, 4, 1]), np.array([1, 4, 6, 4, 1])).div(256);

/** One pyramid level down: a 5-tap Gaussian blur (edges renormalized), every second pixel. */
export function downsample(img: Tensor): Tensor {
  const blurred = scipy.signal.convolve2d(img, BLUR, "same");
  const weight = scipy.signal.convolve2d(np.onesLike(img), BLUR, "same");
  return np.divide(blurred, weight).slice([0, null, 2], [0, null, 2]);
}

/** Options of {@link estimate}. */
export interface WarpOptions {
  /** Pyramid levels (1 = full resolution only). */
  readonly levels: number;
  /** L-BFGS iterations allowed per level. */
  readonly maxiter: number;
}

/** A level's fit: its size, L-BFGS's iterations and the loss before and after. */
export interface LevelResult {
  readonly height: number;
  readonly width: number;
  readonly iterations: number;
  readonly lossBefore: number;
  readonly lossAfter: number;
  readonly millis: number;
}

/** The mean squared difference over the pixels whose sample falls inside the source. */
export function photometricLoss(source: Tensor, target: Tensor) {
  const [h, w] = target.shape;
  return (offsets: Tensor) => {
    const { image, inside } = warp(source, homography(offsets), h, w);
    const mask = inside.astype("float64");
    return np.divide(np.sum(np.multiply(np.square(np.subtract(image, target)), mask)), np.add(np.sum(mask), 1));
  };
}

/**
 * The corner offsets that warp `source` onto `target`, from none (the identity), coarse to
 * fine; `onLevel` hears of each level's fit.
 */
export function estimate(source: Image, target: Image, opts: WarpOptions, onLevel: (r: LevelResult) => void = () => undefined): Tensor {
  let src = np.array(source.data).reshape([source.height, source.width]);
  let tgt = np.array(target.data).reshape([target.height, target.width]);
  const pyramid: [Tensor, Tensor][] = [[src, tgt]];
  for (let l = 1; l < opts.levels; l++) {
    src = downsample(src);
    tgt = downsample(tgt);
    pyramid.unshift([src, tgt]);
  }
  let offsets = np.zeros([8]);
  for (const [s, t] of pyramid) {
    const loss = photometricLoss(s, t);
    const fit = jit((d: Tensor, a: Tensor, b: Tensor) => {
      const f = photometricLoss(a, b);
      const r = scipy.optimize.minimize(f, d, { method: "L-BFGS", options: { maxiter: opts.maxiter, gtol: 1e-9 } });
      return { x: r.x, nit: r.nit };
    });
    const began = performance.now();
    const before = loss(offsets).item() as number;
    const r = fit(offsets, s, t);
    offsets = r.x;
    onLevel({ height: t.shape[0], width: t.shape[1], iterations: r.nit.item() as number, lossBefore: before, lossAfter: loss(offsets).item() as number, millis: performance.now() - began });
  }
  return offsets;
}

/** The target: the photo warped by the homography of `offsets`. */
export function warped(source: Image, offsets: readonly number[]): Image {
  const img = np.array(source.data).reshape([source.height, source.width]);
  const { image } = warp(img, homography(np.array([...offsets])), source.height, source.width);
  return { data: Float64Array.from(image.toTypedArray()), height: source.height, width: source.width, channels: 1 };
}

/** The largest distance between where two offset sets put the corners, in pixels of an image of this size. */
export function cornerErrorPx(a: readonly number[], b: readonly number[], height: number, width: number): number {
  let worst = 0;
  for (let i = 0; i < 4; i++) {
    const dx = ((a[2 * i] - b[2 * i]) * (width - 1)) / 2;
    const dy = ((a[2 * i + 1] - b[2 * i + 1]) * (height - 1)) / 2;
    worst = Math.max(worst, Math.hypot(dx, dy));
  }
  return worst;
}

/** A homography to recover: each corner moved by up to 12% of the half-width. */
export const TRUE_OFFSETS: readonly number[] = [0.08, -0.05, -0.06, 0.09, -0.1, -0.04, 0.07, 0.12];
