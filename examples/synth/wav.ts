/** WAV files: 16-bit PCM, mono. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Writes `samples` (scaled by `gain`, clipped to [−1, 1]) as `dir/name.wav`; returns the path. */
export function writeWav(dir: string, name: string, samples: Float64Array, sampleRate: number, gain = 1): string {
  const bytes = Buffer.alloc(44 + 2 * samples.length);
  bytes.write("RIFF", 0, "ascii");
  bytes.writeUInt32LE(36 + 2 * samples.length, 4);
  bytes.write("WAVEfmt ", 8, "ascii");
  bytes.writeUInt32LE(16, 16);
  bytes.writeUInt16LE(1, 20); // PCM
  bytes.writeUInt16LE(1, 22); // mono
  bytes.writeUInt32LE(sampleRate, 24);
  bytes.writeUInt32LE(2 * sampleRate, 28);
  bytes.writeUInt16LE(2, 32);
  bytes.writeUInt16LE(16, 34);
  bytes.write("data", 36, "ascii");
  bytes.writeUInt32LE(2 * samples.length, 40);
  samples.forEach((v, i) => bytes.writeInt16LE(Math.round(32767 * Math.max(-1, Math.min(1, v * gain))), 44 + 2 * i));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.wav`);
  writeFileSync(path, bytes);
  return path;
}
