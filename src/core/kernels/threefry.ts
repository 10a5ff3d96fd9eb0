/**
 * Threefry-2x32 with 20 rounds (Salmon et al., "Parallel random numbers: as easy as
 * 1, 2, 3", 2011), the counter-based generator behind JAX's default PRNG. Words are
 * uint32 bit patterns held in int32: additions wrap with `| 0`, shifts are logical.
 *
 * `randomBitsKernel` follows JAX's partitionable scheme (`jax_threefry_partitionable`,
 * the default since JAX 0.5): element `i` of a request of shape S is the hash of the
 * counter (0, i) under the key, so a key's stream does not depend on how it is batched.
 */
import type { TypedArray } from "../dtype";

const ROTATIONS = [
  [13, 15, 26, 6],
  [17, 29, 16, 24],
] as const;

/** Threefry-2x32-20 of the counter (x0, x1) under the key (k0, k1); writes the two words to `out`. */
export function threefry2x32(k0: number, k1: number, x0: number, x1: number, out: Int32Array): void {
  const ks = [k0 | 0, k1 | 0, (k0 ^ k1 ^ 0x1bd11bda) | 0];
  let a = (x0 + ks[0]) | 0;
  let b = (x1 + ks[1]) | 0;
  for (let group = 0; group < 5; group++) {
    for (const r of ROTATIONS[group % 2]) {
      a = (a + b) | 0;
      b = (b << r) | (b >>> (32 - r));
      b ^= a;
    }
    a = (a + ks[(group + 1) % 3]) | 0;
    b = (b + ks[(group + 2) % 3] + group + 1) | 0;
  }
  out[0] = a;
  out[1] = b;
}

/**
 * How `random_bits` turns the two hash words of a counter into a value:
 * `word0`/`word1` the words themselves (new key halves), `xor` their xor (JAX's 32-bit
 * stream), `f64` the float in [0, 1) whose 52 mantissa bits are the top of the 64-bit
 * word pair, `f32` the float32 in [0, 1) from the top 23 bits of the xor.
 */
export type RandomBitsOutput = "word0" | "word1" | "xor" | "f64" | "f32";

const TWO_POW_20 = 2 ** 20;
const TWO_POW_M52 = 2 ** -52;
const TWO_POW_M23 = 2 ** -23;

/**
 * For each key (k0[j], k1[j]) and each i < count, the hash of the counter
 * (0, start[j] + i mod 2^32) as a value of kind `output`, written to `out[j * count + i]`
 * (keys major, counters minor).
 */
export function randomBitsKernel(
  k0: TypedArray,
  k1: TypedArray,
  start: TypedArray,
  count: number,
  output: RandomBitsOutput,
  out: TypedArray,
): void {
  const words = new Int32Array(2);
  for (let j = 0; j < k0.length; j++) {
    const base = j * count;
    for (let i = 0; i < count; i++) {
      threefry2x32(k0[j], k1[j], 0, (start[j] + i) | 0, words);
      const w0 = words[0];
      const w1 = words[1];
      switch (output) {
        case "word0":
          out[base + i] = w0;
          break;
        case "word1":
          out[base + i] = w1;
          break;
        case "xor":
          out[base + i] = w0 ^ w1;
          break;
        case "f64":
          // (w0 << 32 | w1) >>> 12 as an exact integer below 2^52, scaled into [0, 1).
          out[base + i] = ((w0 >>> 0) * TWO_POW_20 + (w1 >>> 12)) * TWO_POW_M52;
          break;
        case "f32":
          out[base + i] = ((w0 ^ w1) >>> 9) * TWO_POW_M23;
          break;
      }
    }
  }
}
