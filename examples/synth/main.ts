/** `npm run example -- synth`: match a synthesizer's parameters to a sound by a multi-scale spectral loss. */
import { np } from "../../src";
import type { Example } from "../shared/example";
import { writePicture } from "../shared/images";
import { spectrogramImage, synthSvg } from "./plot";
import { DEFAULTS, type SynthOptions, TRUTH, fitSynth, stftMagnitude } from "./synth";
import { writeWav } from "./wav";

export const SETTINGS: SynthOptions = DEFAULTS;
export const QUICK: SynthOptions = { ...DEFAULTS, length: 4096, scales: [1024, 512, 256, 128], steps: 200 };

export const synthExample: Example = {
  name: "synth",
  summary: "DDSP-style sound matching: harmonics, envelope and a noise band fitted by a multi-scale spectral loss (np.fft), Adam",
  run: async ({ out, png, quick, progress, log }) => {
    const s = quick ? QUICK : SETTINGS;
    log(`${s.length} samples at ${s.sampleRate} Hz; FFT sizes ${s.scales.join(", ")}; an f0 scan, then ${s.steps} Adam steps, lr ${s.learningRate}`);
    const r = fitSynth(s, (i, loss) => {
      if (i % 10 === 0) progress.update(`step ${i + 1}/${s.steps}, loss ${loss.toExponential(3)}`);
    });
    log(`f0 scan picked ${r.scanned.toFixed(2)} Hz; fitted f0 ${r.fit.f0.toFixed(4)} Hz (truth ${TRUTH.f0})`);
    log(`loss ${r.losses[0].toExponential(3)} → ${r.losses[r.losses.length - 1].toExponential(3)}; ${r.millisPerStep.toFixed(1)} ms per step (after the first, which compiles)`);
    const peak = Math.max(...r.target.map(Math.abs));
    for (const [name, samples] of [["target", r.target], ["fitted", r.fitted]] as const) log(`wrote ${writeWav(out, `synth-${name}`, samples, s.sampleRate, 0.9 / peak)}`);
    progress.update("drawing");
    const size = 512;
    const spectra = [r.target, r.fitted].map((x) => stftMagnitude(np.array(x), size));
    const [frames, bins] = spectra[0].shape;
    const top = Math.max(...spectra[0].toTypedArray());
    // Up to 5 kHz (the harmonics and the noise band), each frame widened to fill ~360 px.
    const shown = Math.min(bins, Math.ceil((5000 / (s.sampleRate / 2)) * (bins - 1)) + 1);
    const stretch = Math.max(1, Math.round(360 / frames));
    const [target, fitted] = spectra.map((m) => spectrogramImage(Float64Array.from(m.toTypedArray()), frames, bins, shown, stretch, top));
    const topKHz = ((shown - 1) * s.sampleRate) / size / 1000;
    for (const path of writePicture(out, "synth", synthSvg(target, fitted, topKHz, r.losses, TRUTH, r.fit, r.scanned), png)) log(`wrote ${path}`);
  },
};
