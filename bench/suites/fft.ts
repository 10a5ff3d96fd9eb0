/** Suite: the real FFT of 2¹⁶ float64 points (np.fft.rfft). */
import { type Tensor, jit, np } from "../../src";
import type { SuiteSpec } from "../harness";
import type { Peers } from "../peers";
import * as jaxjs from "../peers/jax-js";

/**
 * The best plain JS here for one real FFT of a power-of-two length n: the samples packed
 * as n/2 complex points, an in-place iterative radix-2 transform with precomputed
 * twiddles and bit reversal, then the half spectrum separated from it.
 */
function makeRealFft(n: number): (x: Float64Array) => [Float64Array, Float64Array] {
  const m = n / 2;
  const bits = Math.log2(m);
  const rev = new Uint32Array(m);
  for (let i = 0; i < m; i++) {
    let r = 0;
    for (let b = 0, v = i; b < bits; b++, v >>= 1) r = (r << 1) | (v & 1);
    rev[i] = r;
  }
  const cm = new Float64Array(m / 2);
  const sm = new Float64Array(m / 2);
  for (let k = 0; k < m / 2; k++) {
    cm[k] = Math.cos((2 * Math.PI * k) / m);
    sm[k] = Math.sin((2 * Math.PI * k) / m);
  }
  const cn = new Float64Array(m + 1);
  const sn = new Float64Array(m + 1);
  for (let k = 0; k <= m; k++) {
    cn[k] = Math.cos((2 * Math.PI * k) / n);
    sn[k] = Math.sin((2 * Math.PI * k) / n);
  }
  const zr = new Float64Array(m);
  const zi = new Float64Array(m);
  return (x) => {
    for (let i = 0; i < m; i++) {
      const j = rev[i];
      zr[j] = x[2 * i];
      zi[j] = x[2 * i + 1];
    }
    for (let size = 2; size <= m; size <<= 1) {
      const half = size >> 1;
      const step = m / size;
      for (let start = 0; start < m; start += size) {
        for (let k = 0, t = 0; k < half; k++, t += step) {
          const a = start + k;
          const b = a + half;
          const wr = cm[t];
          const wi = -sm[t];
          const xr = zr[b] * wr - zi[b] * wi;
          const xi = zr[b] * wi + zi[b] * wr;
          zr[b] = zr[a] - xr;
          zi[b] = zi[a] - xi;
          zr[a] += xr;
          zi[a] += xi;
        }
      }
    }
    const re = new Float64Array(m + 1);
    const im = new Float64Array(m + 1);
    for (let k = 0; k <= m; k++) {
      const a = k % m;
      const b = (m - k) % m;
      const er = (zr[a] + zr[b]) / 2;
      const ei = (zi[a] - zi[b]) / 2;
      const or = (zi[a] + zi[b]) / 2;
      const oi = (zr[b] - zr[a]) / 2;
      re[k] = er + (cn[k] * or + sn[k] * oi);
      im[k] = ei + (cn[k] * oi - sn[k] * or);
    }
    return [re, im];
  };
}

export function rfftSuite(n: number, peers: Peers): SuiteSpec {
  const x = new Float64Array(n).map((_, i) => Math.sin(i * 0.37) + Math.cos(i * 0.011));
  const X = np.array(x);
  const hand = makeRealFft(n);
  const rfft = jit((v: Tensor) => np.fft.rfft(v));
  // Magnitudes at three frequencies, from (re, im) pairs or planes.
  const at = [1, n >> 3, n >> 1];
  const fromPairs = (c: ArrayLike<number>) => at.map((k) => Math.hypot(c[2 * k], c[2 * k + 1]));
  return {
    name: `rfft ${n} float64`,
    description: "np.fft.rfft of n real points: the n/2 + 1 non-negative frequencies",
    reference: {
      name: "hand-written JS, radix-2 on n/2 packed points, tables precomputed",
      run: () => hand(x),
      answer: () => {
        const [re, im] = hand(x);
        return at.map((k) => Math.hypot(re[k], im[k]));
      },
    },
    contenders: [
      { name: "jitgrad jit(np.fft.rfft)", run: () => rfft(X), answer: () => fromPairs(rfft(X).toTypedArray()) },
      ...(peers.jax ? [jaxjs.rfft(peers.jax, x, at)] : []),
    ],
    tolerance: 1e-9,
  };
}
