/**
 * The discrete Fourier transform for any length: an iterative radix-2 transform for powers
 * of two, Bluestein's chirp-z algorithm (a circular convolution done with radix-2
 * transforms of a power-of-two length ≥ 2n − 1) for the rest. Twiddles are computed
 * directly as cos/sin of exact multiples (k mod n, k² mod 2n), not by recurrence, so the
 * error grows like log n ulps, as in pocketfft. Work is in float64; callers round once.
 */
import type { TypedArray } from "../dtype";

interface Radix2Plan {
  readonly n: number;
  readonly cos: Float64Array;
  readonly sin: Float64Array;
  readonly bitrev: Uint32Array;
}

interface BluesteinPlan {
  readonly n: number;
  readonly inner: Radix2Plan;
  /** The chirp exp(−iπk²/n), k < n. */
  readonly chirpRe: Float64Array;
  readonly chirpIm: Float64Array;
  /** The transform of the conjugate chirp laid out circularly over `inner.n` points. */
  readonly filterRe: Float64Array;
  readonly filterIm: Float64Array;
  readonly workRe: Float64Array;
  readonly workIm: Float64Array;
}

const isPowerOfTwo = (n: number) => (n & (n - 1)) === 0;

/** Plans are kept per length (a handful of lengths recur in a program). */
const radix2Plans = new Map<number, Radix2Plan>();
const bluesteinPlans = new Map<number, BluesteinPlan>();
const MAX_PLANS = 64;

function remember<P>(cache: Map<number, P>, n: number, make: () => P): P {
  let p = cache.get(n);
  if (p === undefined) {
    if (cache.size >= MAX_PLANS) cache.delete(cache.keys().next().value!);
    p = make();
    cache.set(n, p);
  }
  return p;
}

function radix2Plan(n: number): Radix2Plan {
  return remember(radix2Plans, n, () => {
    const half = n >> 1;
    const cos = new Float64Array(half);
    const sin = new Float64Array(half);
    for (let k = 0; k < half; k++) {
      const t = (2 * Math.PI * k) / n;
      cos[k] = Math.cos(t);
      sin[k] = Math.sin(t);
    }
    const bits = Math.log2(n);
    const bitrev = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let b = 0, v = i; b < bits; b++, v >>= 1) r = (r << 1) | (v & 1);
      bitrev[i] = r;
    }
    return { n, cos, sin, bitrev };
  });
}

/** In place: X_k = Σ x_j exp(−2πi jk/n), n a power of two. */
function radix2(p: Radix2Plan, re: Float64Array, im: Float64Array): void {
  const { n, bitrev } = p;
  for (let i = 0; i < n; i++) {
    const j = bitrev[i];
    if (j > i) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  butterflies(p, re, im);
}

/** The radix-2 passes over input already in bit-reversed order. */
function butterflies(p: Radix2Plan, re: Float64Array, im: Float64Array): void {
  const { n, cos, sin } = p;
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0, t = 0; k < half; k++, t += step) {
        const wr = cos[t];
        const wi = -sin[t];
        const a = start + k;
        const b = a + half;
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
}

function bluesteinPlan(n: number): BluesteinPlan {
  return remember(bluesteinPlans, n, () => {
    let m = 1;
    while (m < 2 * n - 1) m <<= 1;
    const inner = radix2Plan(m);
    const chirpRe = new Float64Array(n);
    const chirpIm = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const t = (Math.PI * ((k * k) % (2 * n))) / n;
      chirpRe[k] = Math.cos(t);
      chirpIm[k] = -Math.sin(t);
    }
    const filterRe = new Float64Array(m);
    const filterIm = new Float64Array(m);
    for (let k = 0; k < n; k++) {
      filterRe[k] = chirpRe[k];
      filterIm[k] = -chirpIm[k];
      if (k > 0) {
        filterRe[m - k] = chirpRe[k];
        filterIm[m - k] = -chirpIm[k];
      }
    }
    radix2(inner, filterRe, filterIm);
    return { n, inner, chirpRe, chirpIm, filterRe, filterIm, workRe: new Float64Array(m), workIm: new Float64Array(m) };
  });
}

/** In place by Bluestein: X_k = c_k Σ_j (x_j c_j) conj(c_{k−j}), a convolution done by radix-2 transforms. */
function bluestein(p: BluesteinPlan, re: Float64Array, im: Float64Array): void {
  const { n, inner, chirpRe, chirpIm, filterRe, filterIm, workRe, workIm } = p;
  const m = inner.n;
  workRe.fill(0);
  workIm.fill(0);
  for (let k = 0; k < n; k++) {
    workRe[k] = re[k] * chirpRe[k] - im[k] * chirpIm[k];
    workIm[k] = re[k] * chirpIm[k] + im[k] * chirpRe[k];
  }
  radix2(inner, workRe, workIm);
  for (let k = 0; k < m; k++) {
    const a = workRe[k] * filterRe[k] - workIm[k] * filterIm[k];
    const b = workRe[k] * filterIm[k] + workIm[k] * filterRe[k];
    // The inverse transform as conj ∘ forward ∘ conj.
    workRe[k] = a;
    workIm[k] = -b;
  }
  radix2(inner, workRe, workIm);
  for (let k = 0; k < n; k++) {
    const a = workRe[k] / m;
    const b = -workIm[k] / m;
    re[k] = a * chirpRe[k] - b * chirpIm[k];
    im[k] = a * chirpIm[k] + b * chirpRe[k];
  }
}

/**
 * In place: the unnormalised DFT of the n points in `re`/`im`, X_k = Σ x_j exp(∓2πi jk/n)
 * (− forward, + `inverse`; the caller divides by n).
 */
export function dft(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  if (n <= 1) return;
  if (inverse) for (let k = 0; k < n; k++) im[k] = -im[k];
  if (isPowerOfTwo(n)) radix2(radix2Plan(n), re, im);
  else bluestein(bluesteinPlan(n), re, im);
  if (inverse) for (let k = 0; k < n; k++) im[k] = -im[k];
}

/**
 * Transforms every line along `axis` of a complex array held as separate float64 planes of
 * row-major `shape` (in place): the DFT, or its inverse scaled by 1/n.
 */
export function dftAlongAxis(re: Float64Array, im: Float64Array, shape: readonly number[], axis: number, inverse: boolean): void {
  const n = shape[axis];
  if (n <= 1 && !inverse) return;
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  let outer = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d];
  const lineRe = new Float64Array(n);
  const lineIm = new Float64Array(n);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      for (let k = 0; k < n; k++) {
        lineRe[k] = re[base + k * inner];
        lineIm[k] = im[base + k * inner];
      }
      dft(lineRe, lineIm, inverse);
      for (let k = 0; k < n; k++) {
        re[base + k * inner] = inverse ? lineRe[k] / n : lineRe[k];
        im[base + k * inner] = inverse ? lineIm[k] / n : lineIm[k];
      }
    }
  }
}

interface RealPlan {
  /** cos and sin of 2πk/n for k ≤ n/2 (the twiddles that separate the half spectrum). */
  readonly cos: Float64Array;
  readonly sin: Float64Array;
  /** Scratch for the n/2 packed points (kernels run one at a time). */
  readonly zr: Float64Array;
  readonly zi: Float64Array;
}

const realPlans = new Map<number, RealPlan>();

function realPlan(n: number): RealPlan {
  return remember(realPlans, n, () => {
    const h = n >> 1;
    const cos = new Float64Array(h + 1);
    const sin = new Float64Array(h + 1);
    for (let k = 0; k <= h; k++) {
      cos[k] = Math.cos((2 * Math.PI * k) / n);
      sin[k] = Math.sin((2 * Math.PI * k) / n);
    }
    return { cos, sin, zr: new Float64Array(h), zi: new Float64Array(h) };
  });
}

/**
 * The half spectrum X_0 … X_{n/2} of the n real points of `x` from `off`, written to
 * `re[reOff + k·step]` and `im[imOff + k·step]` (planes, or interleaved pairs with step 2).
 * For even n the points are packed as n/2 complex ones (z_k = x_2k + i x_2k+1),
 * transformed at half length, and separated: X_k = E_k + w^k O_k.
 */
export function rfftLine(x: ArrayLike<number>, off: number, n: number, re: TypedArray, reOff: number, im: TypedArray, imOff: number, step: number): void {
  const h = Math.floor(n / 2) + 1;
  if (n % 2 === 1 || n < 4) {
    const lr = new Float64Array(n);
    const li = new Float64Array(n);
    for (let k = 0; k < n; k++) lr[k] = x[off + k];
    dft(lr, li, false);
    for (let k = 0; k < h; k++) {
      re[reOff + k * step] = lr[k];
      im[imOff + k * step] = li[k];
    }
    return;
  }
  const m = n >> 1;
  const { cos, sin, zr, zi } = realPlan(n);
  if (isPowerOfTwo(m)) {
    // Packed straight into bit-reversed order, so the transform is its butterflies alone.
    const p = radix2Plan(m);
    const rev = p.bitrev;
    for (let k = 0; k < m; k++) {
      const j = rev[k];
      zr[j] = x[off + 2 * k];
      zi[j] = x[off + 2 * k + 1];
    }
    butterflies(p, zr, zi);
  } else {
    for (let k = 0; k < m; k++) {
      zr[k] = x[off + 2 * k];
      zi[k] = x[off + 2 * k + 1];
    }
    dft(zr, zi, false);
  }
  for (let k = 0; k <= m; k++) {
    const a = k === m ? 0 : k;
    const b = k === 0 ? 0 : m - k;
    // E = (Z_a + conj Z_b)/2, O = (Z_a − conj Z_b)/(2i).
    const er = (zr[a] + zr[b]) * 0.5;
    const ei = (zi[a] - zi[b]) * 0.5;
    const or = (zi[a] + zi[b]) * 0.5;
    const oi = (zr[b] - zr[a]) * 0.5;
    const wr = cos[k];
    const wi = -sin[k];
    re[reOff + k * step] = er + (wr * or - wi * oi);
    im[imOff + k * step] = ei + (wr * oi + wi * or);
  }
}

/**
 * n real points from the half spectrum `re`/`im` at `off` (h = n/2 + 1 entries), scaled by
 * 1/n, into `out` at `outOff`; the imaginary parts of X_0 and (even n) X_{n/2} are dropped.
 * For even n the inverse runs at half length: Z_k = A_k + i B_k with A_k = X_k + conj X_{m−k},
 * B_k = (X_k − conj X_{m−k}) w^k, whose inverse transform holds the even and odd samples.
 */
export function irfftLine(re: ArrayLike<number>, im: ArrayLike<number>, off: number, n: number, out: TypedArray, outOff: number): void {
  const h = Math.floor(n / 2) + 1;
  if (n % 2 === 1 || n < 4) {
    const lr = new Float64Array(n);
    const li = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const src = j < h ? j : n - j;
      lr[j] = re[off + src];
      li[j] = j === 0 || (n % 2 === 0 && j === n / 2) ? 0 : j < h ? im[off + src] : -im[off + src];
    }
    dft(lr, li, true);
    for (let j = 0; j < n; j++) out[outOff + j] = lr[j] / n;
    return;
  }
  const m = n >> 1;
  const { cos, sin, zr, zi } = realPlan(n);
  const xi = (k: number) => (k === 0 || k === m ? 0 : im[off + k]);
  for (let k = 0; k < m; k++) {
    const pr = re[off + k];
    const pi = xi(k);
    const qr = re[off + m - k];
    const qi = -xi(m - k);
    const ar = pr + qr;
    const ai = pi + qi;
    const dr = pr - qr;
    const di = pi - qi;
    const br = dr * cos[k] - di * sin[k];
    const bi = dr * sin[k] + di * cos[k];
    zr[k] = ar - bi;
    zi[k] = ai + br;
  }
  dft(zr, zi, true);
  for (let j = 0; j < m; j++) {
    out[outOff + 2 * j] = zr[j] / n;
    out[outOff + 2 * j + 1] = zi[j] / n;
  }
}
