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

/** Counters hashed per pass: the scratch words stay in cache, and allocate nothing per call. */
const CHUNK = 2048;
const wordsA = new Int32Array(CHUNK);
const wordsB = new Int32Array(CHUNK);

/**
 * Threefry-2x32-20 of the counters (x0, x1 + i), i < n ≤ CHUNK, under (k0, k1), into
 * wordsA/wordsB. The rounds are written out inside the loop: with constant rotations
 * and no call per counter V8 keeps every value an int32 in a register (a loop over a
 * rotation table, or a hash function called per counter, runs 2–3× slower).
 */
function hashChunk(k0: number, k1: number, x0: number, x1: number, n: number): void {
  const k2 = (k0 ^ k1 ^ 0x1bd11bda) | 0;
  for (let i = 0; i < n; i++) {
    let a = (x0 + k0) | 0;
    let b = (((x1 + i) | 0) + k1) | 0;
    // rounds 1–4: rotations 13, 15, 26, 6, then key injection 1
    a = (a + b) | 0;
    b = ((b << 13) | (b >>> 19)) ^ a;
    a = (a + b) | 0;
    b = ((b << 15) | (b >>> 17)) ^ a;
    a = (a + b) | 0;
    b = ((b << 26) | (b >>> 6)) ^ a;
    a = (a + b) | 0;
    b = ((b << 6) | (b >>> 26)) ^ a;
    a = (a + k1) | 0;
    b = (b + k2 + 1) | 0;
    // rounds 5–8: rotations 17, 29, 16, 24, then key injection 2
    a = (a + b) | 0;
    b = ((b << 17) | (b >>> 15)) ^ a;
    a = (a + b) | 0;
    b = ((b << 29) | (b >>> 3)) ^ a;
    a = (a + b) | 0;
    b = ((b << 16) | (b >>> 16)) ^ a;
    a = (a + b) | 0;
    b = ((b << 24) | (b >>> 8)) ^ a;
    a = (a + k2) | 0;
    b = (b + k0 + 2) | 0;
    // rounds 9–12: rotations 13, 15, 26, 6, then key injection 3
    a = (a + b) | 0;
    b = ((b << 13) | (b >>> 19)) ^ a;
    a = (a + b) | 0;
    b = ((b << 15) | (b >>> 17)) ^ a;
    a = (a + b) | 0;
    b = ((b << 26) | (b >>> 6)) ^ a;
    a = (a + b) | 0;
    b = ((b << 6) | (b >>> 26)) ^ a;
    a = (a + k0) | 0;
    b = (b + k1 + 3) | 0;
    // rounds 13–16: rotations 17, 29, 16, 24, then key injection 4
    a = (a + b) | 0;
    b = ((b << 17) | (b >>> 15)) ^ a;
    a = (a + b) | 0;
    b = ((b << 29) | (b >>> 3)) ^ a;
    a = (a + b) | 0;
    b = ((b << 16) | (b >>> 16)) ^ a;
    a = (a + b) | 0;
    b = ((b << 24) | (b >>> 8)) ^ a;
    a = (a + k1) | 0;
    b = (b + k2 + 4) | 0;
    // rounds 17–20: rotations 13, 15, 26, 6, then key injection 5
    a = (a + b) | 0;
    b = ((b << 13) | (b >>> 19)) ^ a;
    a = (a + b) | 0;
    b = ((b << 15) | (b >>> 17)) ^ a;
    a = (a + b) | 0;
    b = ((b << 26) | (b >>> 6)) ^ a;
    a = (a + b) | 0;
    b = ((b << 6) | (b >>> 26)) ^ a;
    a = (a + k2) | 0;
    b = (b + k0 + 5) | 0;
    wordsA[i] = a;
    wordsB[i] = b;
  }
}

/** Threefry-2x32-20 of the counter (x0, x1) under the key (k0, k1); writes the two words to `out`. */
export function threefry2x32(k0: number, k1: number, x0: number, x1: number, out: Int32Array): void {
  hashChunk(k0 | 0, k1 | 0, x0 | 0, x1 | 0, 1);
  out[0] = wordsA[0];
  out[1] = wordsB[0];
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
  for (let j = 0; j < k0.length; j++) {
    for (let done = 0; done < count; done += CHUNK) {
      const n = Math.min(CHUNK, count - done);
      hashChunk(k0[j] | 0, k1[j] | 0, 0, (start[j] + done) | 0, n);
      const at = j * count + done;
      // One loop per output kind, so the choice is made once per chunk, not per element.
      switch (output) {
        case "word0":
          for (let i = 0; i < n; i++) out[at + i] = wordsA[i];
          break;
        case "word1":
          for (let i = 0; i < n; i++) out[at + i] = wordsB[i];
          break;
        case "xor":
          for (let i = 0; i < n; i++) out[at + i] = wordsA[i] ^ wordsB[i];
          break;
        case "f64":
          // (A << 32 | B) >>> 12 as an exact integer below 2^52, scaled into [0, 1).
          for (let i = 0; i < n; i++) out[at + i] = ((wordsA[i] >>> 0) * TWO_POW_20 + (wordsB[i] >>> 12)) * TWO_POW_M52;
          break;
        case "f32":
          for (let i = 0; i < n; i++) out[at + i] = ((wordsA[i] ^ wordsB[i]) >>> 9) * TWO_POW_M23;
          break;
      }
    }
  }
}
