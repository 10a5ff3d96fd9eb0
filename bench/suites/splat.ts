/** Suite: one loss-and-gradient evaluation of the splat example's rasterizer (75×50 RGB, 96 Gaussians). */
import { type Tensor, jit, np, valueAndGrad } from "../../src";
import { render, type Splats } from "../../examples/splat/splat";
import type { SuiteSpec } from "../harness";
import type { Peers } from "../peers";
import * as jaxjs from "../peers/jax-js";

export interface SplatData {
  readonly H: number;
  readonly W: number;
  readonly N: number;
  readonly mean: Float64Array;
  readonly logScale: Float64Array;
  readonly angle: Float64Array;
  readonly colour: Float64Array;
  readonly opacity: Float64Array;
  readonly target: Float64Array;
}

export function splatData(H = 50, W = 75, N = 96): SplatData {
  const r = (i: number, k: number) => 0.5 + 0.5 * Math.sin(i * 12.9898 + k * 78.233);
  return {
    H,
    W,
    N,
    mean: Float64Array.from({ length: 2 * N }, (_, i) => r(i, 1)),
    logScale: Float64Array.from({ length: 2 * N }, (_, i) => Math.log(0.03 + 0.05 * r(i, 2))),
    angle: Float64Array.from({ length: N }, (_, i) => Math.PI * r(i, 3)),
    colour: Float64Array.from({ length: 3 * N }, (_, i) => 2 * r(i, 4) - 1),
    opacity: Float64Array.from({ length: N }, (_, i) => r(i, 5) - 0.5),
    target: Float64Array.from({ length: H * W * 3 }, (_, i) => r(i, 6)),
  };
}

const sig = (v: number) => 1 / (1 + Math.exp(-v));

/**
 * The best plain JS: the loss and its gradient in one pass over pixels × Gaussians for
 * the image, one more for the backward sweep, per-Gaussian constants hoisted.
 */
export function handSplat(d: SplatData): { loss: number; grad: Float64Array } {
  const { H, W, N } = d;
  const a = new Float64Array(N), b = new Float64Array(N), c = new Float64Array(N), op = new Float64Array(N), col = new Float64Array(3 * N);
  for (let i = 0; i < N; i++) {
    const cs = Math.cos(d.angle[i]), sn = Math.sin(d.angle[i]);
    const ix = Math.exp(-2 * d.logScale[2 * i]), iy = Math.exp(-2 * d.logScale[2 * i + 1]);
    a[i] = cs * cs * ix + sn * sn * iy;
    b[i] = cs * sn * (ix - iy);
    c[i] = sn * sn * ix + cs * cs * iy;
    op[i] = sig(d.opacity[i]);
    for (let k = 0; k < 3; k++) col[3 * i + k] = sig(d.colour[3 * i + k]);
  }
  const img = new Float64Array(H * W * 3);
  const g = new Float64Array(H * W * N);
  for (let y = 0; y < H; y++) {
    const py = y / (H - 1);
    for (let x = 0; x < W; x++) {
      const px = x / (W - 1);
      const p = y * W + x;
      let r0 = 0, r1 = 0, r2 = 0;
      for (let i = 0; i < N; i++) {
        const dx = px - d.mean[2 * i], dy = py - d.mean[2 * i + 1];
        const w = Math.exp(-0.5 * (a[i] * dx * dx + 2 * b[i] * dx * dy + c[i] * dy * dy)) * op[i];
        g[p * N + i] = w;
        r0 += w * col[3 * i]; r1 += w * col[3 * i + 1]; r2 += w * col[3 * i + 2];
      }
      img[3 * p] = r0; img[3 * p + 1] = r1; img[3 * p + 2] = r2;
    }
  }
  const n = H * W * 3;
  let loss = 0;
  const dimg = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const e = img[k] - d.target[k];
    loss += e * e;
    dimg[k] = (2 * e) / n;
  }
  loss /= n;
  const da = new Float64Array(N), db = new Float64Array(N), dc = new Float64Array(N), dmx = new Float64Array(N), dmy = new Float64Array(N), dop = new Float64Array(N), dcol = new Float64Array(3 * N);
  for (let y = 0; y < H; y++) {
    const py = y / (H - 1);
    for (let x = 0; x < W; x++) {
      const px = x / (W - 1);
      const p = y * W + x;
      const e0 = dimg[3 * p], e1 = dimg[3 * p + 1], e2 = dimg[3 * p + 2];
      for (let i = 0; i < N; i++) {
        const w = g[p * N + i];
        dcol[3 * i] += w * e0; dcol[3 * i + 1] += w * e1; dcol[3 * i + 2] += w * e2;
        const dw = e0 * col[3 * i] + e1 * col[3 * i + 1] + e2 * col[3 * i + 2];
        dop[i] += (dw * w) / op[i];
        const dq = -0.5 * w * dw;
        const dx = px - d.mean[2 * i], dy = py - d.mean[2 * i + 1];
        da[i] += dq * dx * dx; db[i] += dq * 2 * dx * dy; dc[i] += dq * dy * dy;
        dmx[i] -= dq * (2 * a[i] * dx + 2 * b[i] * dy);
        dmy[i] -= dq * (2 * b[i] * dx + 2 * c[i] * dy);
      }
    }
  }
  // Back through the conic to the log-scales and the angle, and through the sigmoids; laid out as the pytree's leaves (angle, colour, logScale, mean, opacity).
  const grad = new Float64Array(N + 3 * N + 2 * N + 2 * N + N);
  for (let i = 0; i < N; i++) {
    const cs = Math.cos(d.angle[i]), sn = Math.sin(d.angle[i]);
    const ix = Math.exp(-2 * d.logScale[2 * i]), iy = Math.exp(-2 * d.logScale[2 * i + 1]);
    const dix = da[i] * cs * cs + db[i] * cs * sn + dc[i] * sn * sn;
    const diy = da[i] * sn * sn - db[i] * cs * sn + dc[i] * cs * cs;
    const dth = da[i] * 2 * cs * -sn * (ix - iy) + db[i] * (cs * cs - sn * sn) * (ix - iy) + dc[i] * 2 * sn * cs * (ix - iy);
    grad[i] = dth;
    for (let k = 0; k < 3; k++) grad[N + 3 * i + k] = dcol[3 * i + k] * col[3 * i + k] * (1 - col[3 * i + k]);
    grad[4 * N + 2 * i] = dix * -2 * ix;
    grad[4 * N + 2 * i + 1] = diy * -2 * iy;
    grad[6 * N + 2 * i] = dmx[i];
    grad[6 * N + 2 * i + 1] = dmy[i];
    grad[8 * N + i] = dop[i] * op[i] * (1 - op[i]);
  }
  return { loss, grad };
}

export function splatSuite(peers: Peers): SuiteSpec {
  const d = splatData();
  const { H, W, N } = d;
  const params: Splats = {
    mean: np.array(d.mean).reshape([N, 2]),
    logScale: np.array(d.logScale).reshape([N, 2]),
    angle: np.array(d.angle),
    colour: np.array(d.colour).reshape([N, 3]),
    opacity: np.array(d.opacity),
  };
  const target = np.array(d.target).reshape([H, W, 3]);
  const loss = (s: Splats) => np.mean(np.square(np.subtract(render(s, H, W), target)));
  const step = jit(valueAndGrad(loss));
  const sample = (g: ArrayLike<number>) => [g[0], g[N + 5], g[4 * N + 7], g[6 * N + 3], g[8 * N + 2]];
  const flatGrad = (g: Splats) => [g.angle, g.colour, g.logScale, g.mean, g.opacity].flatMap((t: Tensor) => Array.from(t.toTypedArray()));
  return {
    name: `splat rasterizer loss + gradient, ${W}×${H} RGB, ${N} Gaussians, float64`,
    description: "the splat example's render, mean squared error, and the gradient for every parameter",
    reference: { name: "hand-written JS, forward and backward sweeps", run: () => handSplat(d), answer: () => sample(handSplat(d).grad) },
    contenders: [
      { name: "jitgrad jit(valueAndGrad(loss))", run: () => step(params), answer: () => sample(flatGrad((step(params) as [Tensor, Splats])[1])) },
      ...(peers.jax ? [jaxjs.splatGrad(peers.jax, d, sample)] : []),
    ],
    tolerance: 1e-9,
    // jax-js's gradient differs from the other two at about 4e-7 relative (its own Wasm transcendental functions, not V8's Math).
    tolerances: { [`${jaxjs.NAME} jit(grad(loss))`]: 1e-5 },
  };
}
