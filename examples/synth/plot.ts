/** The synth example's picture: the target's and the fit's spectrograms, the loss, and the parameters. */
import { type Image, panelRow } from "../shared/photo";
import type { SynthValues } from "./synth";

/**
 * A log-magnitude spectrogram ([frames, bins] row-major) as a grey image: the lowest
 * `shown` bins, low frequencies at the bottom, each frame `stretch` pixels wide, −80 dB
 * to 0 dB of `peak`.
 */
export function spectrogramImage(magnitude: Float64Array, frames: number, bins: number, shown: number, stretch: number, peak: number): Image {
  const width = frames * stretch;
  const data = new Float64Array(width * shown);
  for (let f = 0; f < frames; f++) {
    for (let b = 0; b < shown; b++) {
      const db = 20 * Math.log10(Math.max(magnitude[f * bins + b], 1e-12) / peak);
      const v = Math.min(1, Math.max(0, (db + 80) / 80));
      for (let k = 0; k < stretch; k++) data[(shown - 1 - b) * width + f * stretch + k] = v;
    }
  }
  return { data, width, height: shown, channels: 1 };
}

const row = (name: string, truth: number, fit: number, digits = 4) => `${name}: ${fit.toPrecision(digits)} (truth ${truth.toPrecision(digits)})`;

/** Three panels: target spectrogram, fitted spectrogram, the loss curve with the fitted parameters. */
export function synthSvg(target: Image, fitted: Image, topKHz: number, losses: readonly number[], truth: SynthValues, fit: SynthValues, scanned: number): string {
  const pad = 40;
  const { w, h, panel, width, height, title, image } = panelRow(target, 3, 1, pad, 120);
  const logs = losses.map(Math.log10);
  const [lo, hi] = [Math.min(...logs), Math.max(...logs)];
  const points = logs.map((v, i) => `${(panel(2) + (i / Math.max(1, logs.length - 1)) * w).toFixed(1)},${(pad + h - ((v - lo) / Math.max(hi - lo, 1e-12)) * h).toFixed(1)}`).join(" ");
  const lines = [
    `f0 scan picked ${scanned.toFixed(1)} Hz; ${row("f0 (Hz)", truth.f0, fit.f0, 6)}`,
    `harmonics: ${fit.amplitudes.map((a) => a.toFixed(3)).join(" ")}`,
    `(truth ${truth.amplitudes.map((a) => a.toFixed(3)).join(" ")})`,
    `${row("attack (s)", truth.attack, fit.attack)}; ${row("decay (s)", truth.decay, fit.decay)}`,
    `noise band: ${row("gain", truth.noiseGain, fit.noiseGain)}; ${row("centre (kHz)", truth.noiseCentre, fit.noiseCentre)}; ${row("width (kHz)", truth.noiseWidth, fit.noiseWidth)}`,
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    title(0, "target |STFT| (dB)"),
    image(0, target),
    title(1, "fitted |STFT| (dB)"),
    image(1, fitted),
    title(2, "spectral loss (log scale)"),
    `<rect x="${panel(2)}" y="${pad}" width="${w}" height="${h}" fill="none" stroke="#999"/>`,
    `<polyline points="${points}" fill="none" stroke="#3366cc" stroke-width="2"/>`,
    `<text x="${panel(2)}" y="${pad + h + 16}" font-size="12">${losses[0].toExponential(2)} → ${losses[losses.length - 1].toExponential(2)} in ${losses.length} Adam steps</text>`,
    `<text x="${pad}" y="${pad + h + 16}" font-size="12">time →, frequency ↑ (0 to ${topKHz.toFixed(1)} kHz)</text>`,
    ...lines.map((l, i) => `<text x="${pad}" y="${pad + h + 44 + 18 * i}" font-size="13">${l}</text>`),
    "</svg>",
  ].join("\n");
}
