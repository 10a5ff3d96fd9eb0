/**
 * Suite: one loss-and-gradient evaluation of the warp example's photometric loss at its
 * finest level (192×128 gray): the homography from the corner offsets by the 8×8 direct
 * linear transform, the bilinear warp of the source by it, the masked mean squared
 * difference from the target. The reference writes the same loss and its gradient by hand
 * (the solve's adjoint is one more 8×8 solve); jax-js runs the same program.
 */
import { type Tensor, jit, np, valueAndGrad } from "../../src";
import { CORNERS, TRUE_OFFSETS, photometricLoss, warped } from "../../examples/warp/warp";
import type { SuiteSpec } from "../harness";
import type { Peers } from "../peers";
import * as jaxjs from "../peers/jax-js";
import { luSolve } from "./linalg";

export interface WarpData {
  readonly H: number;
  readonly W: number;
  /** The source and the target, [H, W] row-major. */
  readonly source: Float64Array;
  readonly target: Float64Array;
  /** The corner offsets where the gradient is taken (part-way to the truth, so samples fall between pixels). */
  readonly offsets: readonly number[];
}

export function warpData(H = 128, W = 192): WarpData {
  const r = (i: number) => 0.5 + 0.5 * Math.sin(i * 12.9898 + 78.233);
  // A smooth texture with some noise, so the warp's gradient has structure everywhere.
  const source = Float64Array.from({ length: H * W }, (_, p) => {
    const [y, x] = [Math.floor(p / W), p % W];
    return 0.5 + 0.3 * Math.sin(x / 9) * Math.cos(y / 13) + 0.1 * Math.sin((x + 2 * y) / 5) + 0.05 * r(p);
  });
  const target = warped({ data: source, height: H, width: W, channels: 1 }, TRUE_OFFSETS).data;
  return { H, W, source, target, offsets: TRUE_OFFSETS.map((v, i) => 0.6 * v + 0.003 * Math.sin(i + 1)) };
}

/**
 * The best plain JS: the DLT system and its solve, one sweep over the pixels for the loss
 * and the gradient with respect to the homography's eight entries, then the solve's adjoint
 * (λ = A⁻ᵀ ∂L/∂h; ∂L/∂b = λ, ∂L/∂A = −λ hᵀ) taken back to the offsets by hand.
 */
export function handWarp(d: WarpData): { loss: number; grad: Float64Array } {
  const { H, W, source: img, target: tgt, offsets: off } = d;
  const A = new Float64Array(64);
  const b = new Float64Array(8);
  CORNERS.forEach(([x, y], i) => {
    const u = off[2 * i] + x;
    const v = off[2 * i + 1] + y;
    A.set([x, y, 1, 0, 0, 0, -u * x, -u * y], 16 * i);
    A.set([0, 0, 0, x, y, 1, -v * x, -v * y], 16 * i + 8);
    b[2 * i] = u;
    b[2 * i + 1] = v;
  });
  const h = luSolve(A, b, 8);
  const [h0, h1, h2, h3, h4, h5, h6, h7] = h;
  const sx = (W - 1) / 2;
  const sy = (H - 1) / 2;
  // First pass: the residuals and the mask (the loss divides by the mask's sum).
  const n = H * W;
  const res = new Float64Array(n);
  const dFx = new Float64Array(n);
  const dFy = new Float64Array(n);
  const dPx = new Uint8Array(n);
  const dPy = new Uint8Array(n);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < H; i++) {
    const y = -1 + (2 * i) / (H - 1);
    for (let j = 0; j < W; j++) {
      const x = -1 + (2 * j) / (W - 1);
      const p = i * W + j;
      const den = h6 * x + h7 * y + 1;
      const px = ((h0 * x + h1 * y + h2) / den + 1) * sx;
      const py = ((h3 * x + h4 * y + h5) / den + 1) * sy;
      if (!(px >= 0 && px <= W - 1 && py >= 0 && py <= H - 1)) continue;
      const x0 = Math.min(Math.max(Math.floor(px), 0), W - 2);
      const y0 = Math.min(Math.max(Math.floor(py), 0), H - 2);
      const tx = px - x0;
      const ty = py - y0;
      const fx = Math.min(Math.max(tx, 0), 1);
      const fy = Math.min(Math.max(ty, 0), 1);
      const q = y0 * W + x0;
      const [i00, i10, i01, i11] = [img[q], img[q + 1], img[q + W], img[q + W + 1]];
      const top = i00 * (1 - fx) + i10 * fx;
      const bottom = i01 * (1 - fx) + i11 * fx;
      const e = top * (1 - fy) + bottom * fy - tgt[p];
      sum += e * e;
      count++;
      res[p] = e;
      dFx[p] = (i10 - i00) * (1 - fy) + (i11 - i01) * fy;
      dFy[p] = bottom - top;
      dPx[p] = tx > 0 && tx < 1 ? 1 : 0;
      dPy[p] = ty > 0 && ty < 1 ? 1 : 0;
    }
  }
  const z = count + 1;
  // Second pass: ∂L/∂h through px, py (quotient rule).
  const gh = new Float64Array(8);
  for (let i = 0; i < H; i++) {
    const y = -1 + (2 * i) / (H - 1);
    for (let j = 0; j < W; j++) {
      const p = i * W + j;
      if (res[p] === 0) continue;
      const x = -1 + (2 * j) / (W - 1);
      const ge = (2 * res[p]) / z;
      const gu = ge * dFx[p] * dPx[p] * sx;
      const gv = ge * dFy[p] * dPy[p] * sy;
      const den = h6 * x + h7 * y + 1;
      const u = (h0 * x + h1 * y + h2) / den;
      const v = (h3 * x + h4 * y + h5) / den;
      const gnu = gu / den;
      const gnv = gv / den;
      const gden = -(gu * u + gv * v) / den;
      gh[0] += gnu * x;
      gh[1] += gnu * y;
      gh[2] += gnu;
      gh[3] += gnv * x;
      gh[4] += gnv * y;
      gh[5] += gnv;
      gh[6] += gden * x;
      gh[7] += gden * y;
    }
  }
  const At = new Float64Array(64);
  for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) At[c * 8 + r] = A[r * 8 + c];
  const lambda = luSolve(At, gh, 8);
  const grad = new Float64Array(8);
  CORNERS.forEach(([x, y], i) => {
    // Row 2i is [x, y, 1, 0, 0, 0, −u·x, −u·y] with b = u, so ∂/∂u = λ(1 + h6·x + h7·y); likewise v.
    const k = 1 + h6 * x + h7 * y;
    grad[2 * i] = lambda[2 * i] * k;
    grad[2 * i + 1] = lambda[2 * i + 1] * k;
  });
  return { loss: sum / z, grad };
}

export function warpSuite(peers: Peers): SuiteSpec {
  const d = warpData();
  const { H, W } = d;
  const source = np.array(d.source).reshape([H, W]);
  const target = np.array(d.target).reshape([H, W]);
  const offsets = np.array([...d.offsets]);
  const step = jit(valueAndGrad(photometricLoss(source, target)));
  const sample = (loss: number, g: ArrayLike<number>) => [loss, ...Array.from(g)];
  const ours = () => {
    const [loss, g] = step(offsets) as [Tensor, Tensor];
    return sample(loss.toTypedArray()[0], g.toTypedArray());
  };
  return {
    name: `warp photometric loss + gradient, ${W}×${H} gray, float64`,
    description: "the warp example's finest level: the 8×8 DLT solve, the bilinear warp (four gathers), the masked mean squared difference, and the gradient in the eight corner offsets",
    reference: { name: "hand-written JS, two sweeps and the solve's adjoint", run: () => handWarp(d), answer: () => ((r) => sample(r.loss, r.grad))(handWarp(d)) },
    contenders: [{ name: "jitgrad jit(valueAndGrad(loss))", run: () => step(offsets), answer: ours }, ...(peers.jax ? [jaxjs.warpGrad(peers.jax, d, sample)] : [])],
    tolerance: 1e-9,
  };
}
