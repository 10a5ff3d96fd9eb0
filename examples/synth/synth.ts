/**
 * DDSP-style sound matching: the parameters of a small synthesizer — a fundamental f0,
 * the amplitudes of its first K harmonics, an attack/decay envelope, and a band of
 * filtered noise (gain, centre, width) — fitted to a target sound by a multi-scale
 * spectral loss: for each FFT size, |STFT| of both sounds (Hann-windowed frames, a
 * quarter-frame hop, `np.fft.rfft`) compared linearly and in log magnitude.
 *
 * The target is the same synthesizer at known parameters, so the fit can be checked
 * against the truth. The noise source is one fixed white-noise draw shared by target
 * and model (its band is shaped in the frequency domain, `rfft` → gain curve → `irfft`),
 * so the band's parameters are identifiable exactly. f0 is found first by a scan of the
 * loss over a 1% grid (spectral losses have no useful slope in f0 once the harmonics
 * miss each other by more than a window's main lobe), then everything descends with Adam
 * (its step decaying along a cosine) in one jitted step.
 */
import { type Tensor, jit, nn, np, optim, random } from "../../src";
import { fit } from "../shared/fit";

/** The synthesizer's parameters, each a 0-d tensor except the harmonic amplitudes. */
export interface SynthParams {
  /**
   * f0 as its pitch in tenths of a semitone above 440 Hz, 120·log2(f0/440): a unit in which
   * Adam's step (the learning rate, in parameter units) is a fraction of a cent.
   */
  readonly pitch: Tensor;
  /** softplus of these are the K harmonic amplitudes. */
  readonly harmonics: Tensor;
  /** log seconds of the attack and decay time constants. */
  readonly logAttack: Tensor;
  readonly logDecay: Tensor;
  /** The noise band: log gain, centre (kHz) and log width (kHz). */
  readonly noiseLogGain: Tensor;
  readonly noiseCentre: Tensor;
  readonly noiseLogWidth: Tensor;
}

/** Readable values of the parameters. */
export interface SynthValues {
  readonly f0: number;
  readonly amplitudes: number[];
  readonly attack: number;
  readonly decay: number;
  readonly noiseGain: number;
  readonly noiseCentre: number;
  readonly noiseWidth: number;
}

export interface SynthOptions {
  readonly sampleRate: number;
  /** Samples of sound. */
  readonly length: number;
  /** FFT sizes of the spectral loss. */
  readonly scales: readonly number[];
  readonly steps: number;
  readonly learningRate: number;
  /** The f0 scan: from, to (Hz), in steps of this ratio. */
  readonly f0Scan: readonly [number, number, number];
}

export const DEFAULTS: SynthOptions = {
  sampleRate: 16000,
  length: 16384,
  scales: [2048, 1024, 512, 256],
  steps: 400,
  learningRate: 0.03,
  f0Scan: [150, 320, 1.01],
};

/** The sound to match. */
export const TRUTH: SynthValues = {
  f0: 220,
  amplitudes: [0.8, 0.5, 0.35, 0.3, 0.15, 0.1, 0.06, 0.03],
  attack: 0.015,
  decay: 0.35,
  noiseGain: 0.04,
  noiseCentre: 3.2,
  noiseWidth: 0.5,
};

/** Where the fit starts: a flat spectrum, a slower envelope, a band elsewhere (f0 comes from the scan). */
export const START: SynthValues = {
  f0: 180,
  amplitudes: [0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3],
  attack: 0.05,
  decay: 0.8,
  noiseGain: 0.015,
  noiseCentre: 2.4,
  noiseWidth: 0.8,
};

const softplusInverse = (y: number) => Math.log(Math.expm1(y));
const pitchOf = (f0: number) => 120 * Math.log2(f0 / 440);
const f0Of = (pitch: number) => 440 * 2 ** (pitch / 120);

export function toParams(v: SynthValues): SynthParams {
  return {
    pitch: np.array(pitchOf(v.f0)),
    harmonics: np.array(v.amplitudes.map(softplusInverse)),
    logAttack: np.array(Math.log(v.attack)),
    logDecay: np.array(Math.log(v.decay)),
    noiseLogGain: np.array(Math.log(v.noiseGain)),
    noiseCentre: np.array(v.noiseCentre),
    noiseLogWidth: np.array(Math.log(v.noiseWidth)),
  };
}

export function toValues(p: SynthParams): SynthValues {
  const n = (t: Tensor) => t.item() as number;
  return {
    f0: f0Of(n(p.pitch)),
    amplitudes: Array.from(nn.softplus(p.harmonics).toTypedArray()),
    attack: Math.exp(n(p.logAttack)),
    decay: Math.exp(n(p.logDecay)),
    noiseGain: Math.exp(n(p.noiseLogGain)),
    noiseCentre: n(p.noiseCentre),
    noiseWidth: Math.exp(n(p.noiseLogWidth)),
  };
}

/** The spectrum of the shared white-noise source. */
export function noiseSpectrum(length: number): Tensor {
  return np.fft.rfft(random.normal(random.key(7), [length]));
}

/** The sound of `p`: (harmonics + noise band) × envelope. */
export function render(p: SynthParams, opts: Pick<SynthOptions, "sampleRate" | "length">, noise: Tensor): Tensor {
  const { sampleRate: sr, length: n } = opts;
  const t = np.divide(np.arange(n, null, null, "float64"), sr);
  const f0 = np.multiply(np.exp2(np.divide(p.pitch, 120)), 440);
  const k = np.arange(1, p.harmonics.shape[0] + 1, null, "float64");
  const freqs = np.multiply(k, f0);
  // Harmonics at or above Nyquist would alias: they are silenced.
  const amps = np.where(np.less(freqs, sr / 2), nn.softplus(p.harmonics), 0);
  const phase = np.multiply(np.outer(freqs, t), 2 * Math.PI);
  const tonal = np.sum(np.multiply(np.expandDims(amps, 1), np.sin(phase)), 0);
  const bins = np.divide(np.fft.rfftfreq(n, 1 / sr), 1000);
  const width = np.exp(p.noiseLogWidth);
  const gainCurve = np.multiply(np.exp(p.noiseLogGain), np.exp(np.negative(np.divide(np.square(np.subtract(bins, p.noiseCentre)), np.multiply(np.square(width), 2)))));
  const band = np.fft.irfft(np.multiply(noise, gainCurve), n);
  const envelope = np.multiply(np.subtract(1, np.exp(np.negative(np.divide(t, np.exp(p.logAttack))))), np.exp(np.negative(np.divide(t, np.exp(p.logDecay)))));
  return np.multiply(envelope, np.add(tonal, band));
}

/** Frame indices of an STFT with `size`-point frames every size/4 samples: [frames, size]. */
function frameIndices(length: number, size: number): Tensor {
  const hop = size / 4;
  const frames = Math.floor((length - size) / hop) + 1;
  return np.add(np.expandDims(np.multiply(np.arange(frames), hop), 1), np.arange(size));
}

/** |STFT| of `y` at one FFT size: [frames, size/2 + 1]. */
export function stftMagnitude(y: Tensor, size: number): Tensor {
  const frames = np.take(y, frameIndices(y.shape[0], size));
  return np.abs(np.fft.rfft(np.multiply(frames, np.hanning(size))));
}

/** The multi-scale spectral loss against `target`: Σ over scales of mean |S − T| + mean |log S − log T|. */
export function spectralLoss(target: Tensor, scales: readonly number[]): (y: Tensor) => Tensor {
  const eps = 1e-5;
  const wanted = scales.map((s) => stftMagnitude(target, s));
  return (y) =>
    scales
      .map((s, i) => {
        const got = stftMagnitude(y, s);
        const linear = np.mean(np.abs(np.subtract(got, wanted[i])));
        const log = np.mean(np.abs(np.subtract(np.log(np.add(got, eps)), np.log(np.add(wanted[i], eps)))));
        return np.add(linear, log);
      })
      .reduce((a, b) => np.add(a, b));
}

export interface SynthResult {
  readonly target: Float64Array;
  readonly fitted: Float64Array;
  readonly fit: SynthValues;
  /** The f0 the scan chose, and the loss at each scanned f0. */
  readonly scanned: number;
  readonly scan: readonly { f0: number; loss: number }[];
  readonly losses: number[];
  readonly millisPerStep: number;
}

/** Fits the synthesizer to the sound of {@link TRUTH} from {@link START}. */
export function fitSynth(opts: SynthOptions, onStep: (step: number, loss: number) => void = () => undefined): SynthResult {
  const noise = noiseSpectrum(opts.length);
  const target = render(toParams(TRUTH), opts, noise);
  const lossOfSound = spectralLoss(target, opts.scales);
  const loss = (p: SynthParams) => lossOfSound(render(p, opts, noise));

  // The f0 scan: the loss at each grid point, the other parameters at the start.
  const start = toParams(START);
  const lossAt = jit((pitch: Tensor) => loss({ ...start, pitch }));
  const [lo, hi, ratio] = opts.f0Scan;
  const scan: { f0: number; loss: number }[] = [];
  for (let f = lo; f <= hi; f *= ratio) scan.push({ f0: f, loss: lossAt(np.array(pitchOf(f))).item() as number });
  const scanned = scan.reduce((a, b) => (b.loss < a.loss ? b : a)).f0;

  // The step shrinks along a cosine to 5% of the learning rate, so Adam settles.
  const opt = optim.adam(optim.cosineDecaySchedule(opts.learningRate, opts.steps, 0.05));
  const { params, losses, millisPerStep } = fit(loss, { ...start, pitch: np.array(pitchOf(scanned)) }, opt, opts.steps, onStep);
  return {
    target: Float64Array.from(target.toTypedArray()),
    fitted: Float64Array.from(render(params, opts, noise).toTypedArray()),
    fit: toValues(params),
    scanned,
    scan,
    losses,
    millisPerStep,
  };
}
