/** Suite: a 2-D convolution layer's forward pass, float64 (NCHW, 3×3, "SAME"). */
import { type Tensor, jit, lax, np } from "../../src";
import type { SuiteSpec } from "../harness";
import type { Peers } from "../peers";
import * as jaxjs from "../peers/jax-js";

/**
 * The best plain JS here for a direct convolution: the input padded once, then per
 * (example, output feature, input feature, tap) one weight times a contiguous input row
 * added into a contiguous output row (the inner loop runs over x).
 */
function directConv(x: Float64Array, w: Float64Array, N: number, C: number, H: number, W: number, O: number): Float64Array {
  const Hp = H + 2;
  const Wp = W + 2;
  const padded = new Float64Array(N * C * Hp * Wp);
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let y = 0; y < H; y++) for (let xx = 0; xx < W; xx++) padded[((n * C + c) * Hp + y + 1) * Wp + xx + 1] = x[((n * C + c) * H + y) * W + xx];
  const out = new Float64Array(N * O * H * W);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const ob = (n * O + o) * H * W;
      for (let c = 0; c < C; c++) {
        const ib = (n * C + c) * Hp * Wp;
        for (let kh = 0; kh < 3; kh++) {
          for (let kw = 0; kw < 3; kw++) {
            const wv = w[((o * C + c) * 3 + kh) * 3 + kw];
            for (let y = 0; y < H; y++) {
              const orow = ob + y * W;
              const irow = ib + (y + kh) * Wp + kw;
              for (let xx = 0; xx < W; xx++) out[orow + xx] += wv * padded[irow + xx];
            }
          }
        }
      }
    }
  }
  return out;
}

export function convSuite(peers: Peers): SuiteSpec {
  const [N, C, H, W, O] = [32, 16, 28, 28, 32];
  const x = new Float64Array(N * C * H * W).map((_, i) => Math.sin(i));
  const w = new Float64Array(O * C * 9).map((_, i) => Math.cos(i));
  const X = np.reshape(np.array(x), [N, C, H, W]);
  const Wt = np.reshape(np.array(w), [O, C, 3, 3]);
  const conv = (a: Tensor, b: Tensor) => lax.conv(a, b, [1, 1], "SAME");
  const auto = jit(conv);
  const js = jit(conv, { backend: "js" });
  const wasm = jit(conv, { backend: "wasm" });
  const sample = (c: ArrayLike<number>) => [c[0], c[12345], c[c.length - 1]];
  return {
    name: `conv 2-D ${N}×${C}×${H}×${W} ∗ ${O}×${C}×3×3 float64`,
    description: "lax.conv(x, w, [1, 1], \"SAME\"), NCHW / OIHW",
    reference: { name: "hand-written JS, direct convolution (row-contiguous inner loop)", run: () => directConv(x, w, N, C, H, W, O), answer: () => sample(directConv(x, w, N, C, H, W, O)) },
    contenders: [
      { name: "jitgrad jit(lax.conv) (auto)", run: () => auto(X, Wt), answer: () => sample(auto(X, Wt).toTypedArray()) },
      { name: "jitgrad jit(lax.conv, { backend: \"wasm\" })", run: () => wasm(X, Wt), answer: () => sample(wasm(X, Wt).toTypedArray()) },
      { name: "jitgrad jit(lax.conv, { backend: \"js\" })", run: () => js(X, Wt), answer: () => sample(js(X, Wt).toTypedArray()) },
      { name: "jitgrad eager lax.conv (interpreter)", run: () => conv(X, Wt), answer: () => sample(conv(X, Wt).toTypedArray()) },
      ...(peers.jax ? [jaxjs.conv2d(peers.jax, x, [N, C, H, W], w, [O, C, 3, 3], sample)] : []),
    ],
    tolerance: 1e-12,
  };
}
