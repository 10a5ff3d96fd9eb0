/**
 * Suite: one loss-and-gradient evaluation of the synth example's multi-scale spectral loss
 * at its size (16384 samples at 16 kHz, FFT sizes 2048…256): render the harmonics, the
 * noise band (`irfft` of the shaped noise spectrum) and the envelope, then |STFT| at each
 * size against the target's, linear and log. The reference writes the same loss and its
 * gradient in the 14 parameters by hand, with a radix-2 FFT (twiddles precomputed) for
 * each transform and its adjoint; jax-js runs the same program.
 */
import { type Tensor, jit, np, valueAndGrad } from "../../src";
import { DEFAULTS, START, TRUTH, type SynthParams, noiseSpectrum, render, spectralLoss, toParams } from "../../examples/synth/synth";
import type { SuiteSpec } from "../harness";
import type { Peers } from "../peers";
import * as jaxjs from "../peers/jax-js";

export interface SynthData {
  readonly sampleRate: number;
  readonly length: number;
  readonly scales: readonly number[];
  /** The shared noise source's spectrum, interleaved re, im: [length/2 + 1, 2]. */
  readonly noise: Float64Array;
  /** The target's |STFT| per scale, [frames, size/2 + 1] row-major. */
  readonly wanted: readonly Float64Array[];
  /** The Hann window per scale. */
  readonly windows: readonly Float64Array[];
  /** Where the gradient is taken: part-way from the start to the truth (the fit's middle). */
  readonly params: { readonly pitch: number; readonly harmonics: readonly number[]; readonly logAttack: number; readonly logDecay: number; readonly noiseLogGain: number; readonly noiseCentre: number; readonly noiseLogWidth: number };
}

const leaves = (p: SynthParams) => [p.pitch, p.harmonics, p.logAttack, p.logDecay, p.noiseLogGain, p.noiseCentre, p.noiseLogWidth];

export function synthData(): SynthData {
  const { sampleRate, length, scales } = DEFAULTS;
  const noise = noiseSpectrum(length);
  const target = render(toParams(TRUTH), { sampleRate, length }, noise);
  const [a, b] = [toParams(START), toParams(TRUTH)];
  const mid = leaves(a).map((x, i) => np.add(np.multiply(x, 0.4), np.multiply(leaves(b)[i], 0.6)));
  const n = (t: Tensor) => t.item() as number;
  return {
    sampleRate,
    length,
    scales,
    noise: Float64Array.from(np.stack([np.real(noise), np.imag(noise)], 1).toTypedArray()),
    wanted: scales.map((s) => Float64Array.from(np.abs(np.fft.rfft(np.multiply(np.take(target, frameIndices(length, s)), np.hanning(s)))).toTypedArray())),
    windows: scales.map((s) => Float64Array.from(np.hanning(s).toTypedArray())),
    params: { pitch: n(mid[0]), harmonics: Array.from(mid[1].toTypedArray()), logAttack: n(mid[2]), logDecay: n(mid[3]), noiseLogGain: n(mid[4]), noiseCentre: n(mid[5]), noiseLogWidth: n(mid[6]) },
  };
}

function frameIndices(length: number, size: number): Tensor {
  const hop = size / 4;
  const frames = Math.floor((length - size) / hop) + 1;
  return np.add(np.expandDims(np.multiply(np.arange(frames), hop), 1), np.arange(size));
}

/** An in-place radix-2 complex FFT of size n (`sign` −1 forward, +1 inverse, unscaled) with precomputed tables. */
function fftOf(n: number): (re: Float64Array, im: Float64Array, sign: number) => void {
  const bits = Math.log2(n);
  const rev = new Uint32Array(n);
  for (let i = 0; i < n; i++) rev[i] = (rev[i >> 1] >> 1) | ((i & 1) << (bits - 1));
  const cos = Float64Array.from({ length: n / 2 }, (_, k) => Math.cos((2 * Math.PI * k) / n));
  const sin = Float64Array.from({ length: n / 2 }, (_, k) => Math.sin((2 * Math.PI * k) / n));
  return (re, im, sign) => {
    for (let i = 0; i < n; i++) {
      const j = rev[i];
      if (j > i) {
        [re[i], re[j]] = [re[j], re[i]];
        [im[i], im[j]] = [im[j], im[i]];
      }
    }
    for (let size = 2; size <= n; size *= 2) {
      const half = size / 2;
      const step = n / size;
      for (let start = 0; start < n; start += size) {
        for (let k = 0; k < half; k++) {
          const wr = cos[k * step];
          const wi = sign * sin[k * step];
          const a = start + k;
          const b = a + half;
          const tr = re[b] * wr - im[b] * wi;
          const ti = re[b] * wi + im[b] * wr;
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
  };
}

const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** The best plain JS: the rendering, the four STFTs and the loss, then every step's adjoint in reverse. */
export function handSynth(d: SynthData): { loss: number; grad: number[] } {
  const { sampleRate: sr, length: n, scales, noise, params: p } = d;
  const K = p.harmonics.length;
  const half = n / 2 + 1;
  const fft = ffts(d);
  // Forward: the tonal part.
  const f0 = 440 * 2 ** (p.pitch / 120);
  const amps = p.harmonics.map((h, k) => ((k + 1) * f0 < sr / 2 ? softplus(h) : 0));
  const tonal = new Float64Array(n);
  // Phases as the example forms them, (f·t)·2π: at 10⁴ radians the order of rounding shows in the gradient.
  for (let k = 0; k < K; k++) {
    if (amps[k] === 0) continue;
    const freq = (k + 1) * f0;
    for (let i = 0; i < n; i++) tonal[i] += amps[k] * Math.sin(freq * (i / sr) * (2 * Math.PI));
  }
  // The noise band: irfft of the noise spectrum times the gain curve.
  const width = Math.exp(p.noiseLogWidth);
  const gainScale = Math.exp(p.noiseLogGain);
  const gain = new Float64Array(half);
  for (let j = 0; j < half; j++) {
    const b = (j * sr) / n / 1000 - p.noiseCentre;
    gain[j] = gainScale * Math.exp(-(b * b) / (2 * width * width));
  }
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let j = 0; j < half; j++) {
    re[j] = noise[2 * j] * gain[j];
    im[j] = j === 0 || j === n / 2 ? 0 : noise[2 * j + 1] * gain[j];
  }
  for (let j = half; j < n; j++) {
    re[j] = re[n - j];
    im[j] = -im[n - j];
  }
  fft.get(n)!(re, im, 1);
  const band = Float64Array.from(re, (v) => v / n);
  // The envelope and the sound.
  const attack = Math.exp(p.logAttack);
  const decay = Math.exp(p.logDecay);
  const rise = new Float64Array(n);
  const fall = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / sr;
    rise[i] = 1 - Math.exp(-t / attack);
    fall[i] = Math.exp(-t / decay);
    y[i] = rise[i] * fall[i] * (tonal[i] + band[i]);
  }
  // The spectral loss, and its gradient in y frame by frame (the rfft's adjoint, overlap-added).
  const eps = 1e-5;
  let loss = 0;
  const dy = new Float64Array(n);
  scales.forEach((s, si) => {
    const hop = s / 4;
    const frames = Math.floor((n - s) / hop) + 1;
    const bins = s / 2 + 1;
    const count = frames * bins;
    const win = d.windows[si];
    const want = d.wanted[si];
    const transform = fft.get(s)!;
    const fr = new Float64Array(s);
    const fi = new Float64Array(s);
    let linear = 0;
    let log = 0;
    for (let f = 0; f < frames; f++) {
      for (let m = 0; m < s; m++) {
        fr[m] = y[f * hop + m] * win[m];
        fi[m] = 0;
      }
      transform(fr, fi, -1);
      for (let j = 0; j < bins; j++) {
        const mag = Math.hypot(fr[j], fi[j]);
        const w = want[f * bins + j];
        const l = Math.log(mag + eps) - Math.log(w + eps);
        linear += Math.abs(mag - w);
        log += Math.abs(l);
        const g = (Math.sign(mag - w) + Math.sign(l) / (mag + eps)) / count;
        const scale = mag === 0 ? 0 : g / mag;
        fr[j] *= scale;
        fi[j] *= scale;
      }
      // x_m gets Σ_j Re(dX_j·e^{+iθ}) over the kept bins only.
      for (let j = bins; j < s; j++) fr[j] = fi[j] = 0;
      transform(fr, fi, 1);
      for (let m = 0; m < s; m++) dy[f * hop + m] += fr[m] * win[m];
    }
    loss += linear / count + log / count;
  });
  // Back through the sound and the envelope.
  const dTonal = new Float64Array(n);
  let dLogAttack = 0;
  let dLogDecay = 0;
  for (let i = 0; i < n; i++) {
    const t = i / sr;
    const env = rise[i] * fall[i];
    dTonal[i] = dy[i] * env;
    const dEnv = dy[i] * (tonal[i] + band[i]);
    dLogAttack += dEnv * fall[i] * (-(1 - rise[i]) * (t / attack));
    dLogDecay += dEnv * rise[i] * fall[i] * (t / decay);
  }
  // The harmonics: amplitudes and frequencies.
  let dF0 = 0;
  const dHarmonics = p.harmonics.map((h, k) => {
    if (amps[k] === 0) return 0;
    const freq = (k + 1) * f0;
    let dAmp = 0;
    let dFreq = 0;
    for (let i = 0; i < n; i++) {
      const t = i / sr;
      const phase = freq * t * (2 * Math.PI);
      dAmp += dTonal[i] * Math.sin(phase);
      dFreq += dTonal[i] * amps[k] * Math.cos(phase) * (2 * Math.PI) * t;
    }
    dF0 += (k + 1) * dFreq;
    return dAmp * sigmoid(h);
  });
  const dPitch = (dF0 * f0 * Math.LN2) / 120;
  // The band (its gradient is the tonal part's, dy·env): dG_j = c_j/n · Re(N_j · conj(rfft(dband)_j)),
  // c = 1 at DC and Nyquist (whose imaginary parts irfft ignores), 2 between.
  const br = Float64Array.from(dTonal);
  const bi = new Float64Array(n);
  fft.get(n)!(br, bi, -1);
  let [dLogGain, dCentre, dLogWidth] = [0, 0, 0];
  for (let j = 0; j < half; j++) {
    const edge = j === 0 || j === n / 2;
    const c = edge ? 1 : 2;
    const dG = (c / n) * (noise[2 * j] * br[j] + (edge ? 0 : noise[2 * j + 1] * bi[j]));
    const b = (j * sr) / n / 1000 - p.noiseCentre;
    const g = dG * gain[j];
    dLogGain += g;
    dCentre += (g * b) / (width * width);
    dLogWidth += (g * b * b) / (width * width);
  }
  return { loss, grad: [dPitch, ...dHarmonics, dLogAttack, dLogDecay, dLogGain, dCentre, dLogWidth] };
}

/** The FFTs of each size the loss needs, built once. */
const tables = new WeakMap<SynthData, Map<number, ReturnType<typeof fftOf>>>();
function ffts(d: SynthData): Map<number, ReturnType<typeof fftOf>> {
  let m = tables.get(d);
  if (!m) tables.set(d, (m = new Map([d.length, ...d.scales].map((s) => [s, fftOf(s)]))));
  return m;
}

export function synthSuite(peers: Peers): SuiteSpec {
  const d = synthData();
  const opts = { sampleRate: d.sampleRate, length: d.length };
  const noise = noiseSpectrum(d.length);
  const target = render(toParams(TRUTH), opts, noise);
  const lossOfSound = spectralLoss(target, d.scales);
  const step = jit(valueAndGrad((p: SynthParams) => lossOfSound(render(p, opts, noise))));
  const p = d.params;
  const params: SynthParams = {
    pitch: np.array(p.pitch),
    harmonics: np.array([...p.harmonics]),
    logAttack: np.array(p.logAttack),
    logDecay: np.array(p.logDecay),
    noiseLogGain: np.array(p.noiseLogGain),
    noiseCentre: np.array(p.noiseCentre),
    noiseLogWidth: np.array(p.noiseLogWidth),
  };
  const ours = () => {
    const [loss, g] = step(params) as [Tensor, SynthParams];
    return [loss.item() as number, ...leaves(g).flatMap((t) => Array.from(t.toTypedArray()))];
  };
  ffts(d);
  return {
    name: `synth spectral loss + gradient, ${d.length} samples, FFT sizes ${d.scales.join("/")}, float64`,
    description: "the synth example's step: render (8 harmonics, an irfft-shaped noise band, the envelope), |STFT| at four sizes against the target's, and the gradient in its 14 parameters",
    reference: { name: "hand-written JS, radix-2 FFTs and their adjoints", run: () => handSynth(d), answer: () => ((r) => [r.loss, ...r.grad])(handSynth(d)) },
    contenders: [{ name: "jitgrad jit(valueAndGrad(loss))", run: () => step(params), answer: ours }, ...(peers.jax ? [jaxjs.synthGrad(peers.jax, d)] : [])],
    tolerance: 1e-9,
  };
}

