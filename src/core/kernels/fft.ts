/**
 * The discrete Fourier transform for any length: an iterative radix-2 transform for powers
 * of two, Bluestein's chirp-z algorithm (a circular convolution done with radix-2
 * transforms of a power-of-two length ≥ 2n − 1) for the rest. Twiddles are computed
 * directly as cos/sin of exact multiples (k mod n, k² mod 2n), not by recurrence, so the
 * error grows like log n ulps, as in pocketfft. Work is in float64; callers round once.
 */

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
  const { n, cos, sin, bitrev } = p;
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
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step];
        const wi = -sin[k * step];
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
