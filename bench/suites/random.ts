/**
 * Suite 6a: a million uniform float64s from one key (JAX's Threefry-2x32 stream). The
 * reference is the same stream written by hand: Threefry rounds and the 52-bit mantissa
 * recipe in a plain loop, bit-identical to jitgrad's output. jax-js draws float32 (its
 * only uniform), checked against jitgrad's float32 stream; Math.random is the
 * non-reproducible baseline a JS user would otherwise reach for (no answer to check).
 */
import { type Tensor, jit, random } from "../../src";
import type { SuiteSpec } from "../harness";
import type { Peers } from "../peers";
import * as jaxjs from "../peers/jax-js";

/**
 * Threefry-2x32-20 of the counter (0, i) under key (0, seed), uniform f64 from 52 bits,
 * written the straightforward way: a loop over five groups of four rounds.
 */
function handUniformLooped(seed: number, n: number): Float64Array {
  const out = new Float64Array(n);
  const k0 = 0;
  const k1 = seed | 0;
  const k2 = (k0 ^ k1 ^ 0x1bd11bda) | 0;
  const ks = [k0, k1, k2];
  for (let i = 0; i < n; i++) {
    let a = (0 + k0) | 0;
    let b = (i + k1) | 0;
    for (let g = 0; g < 5; g++) {
      const odd = g & 1;
      const r0 = odd ? 17 : 13, r1 = odd ? 29 : 15, r2 = odd ? 16 : 26, r3 = odd ? 24 : 6;
      a = (a + b) | 0; b = ((b << r0) | (b >>> (32 - r0))) ^ a;
      a = (a + b) | 0; b = ((b << r1) | (b >>> (32 - r1))) ^ a;
      a = (a + b) | 0; b = ((b << r2) | (b >>> (32 - r2))) ^ a;
      a = (a + b) | 0; b = ((b << r3) | (b >>> (32 - r3))) ^ a;
      a = (a + ks[(g + 1) % 3]) | 0;
      b = (b + ks[(g + 2) % 3] + g + 1) | 0;
    }
    out[i] = ((a >>> 0) * 1048576 + (b >>> 12)) * 2 ** -52;
  }
  return out;
}

/** The same, every round written out (constant rotations: the fastest plain JS we know). */
function handUniform(seed: number, n: number): Float64Array {
  const out = new Float64Array(n);
  const k0 = 0;
  const k1 = seed | 0;
  const k2 = (k0 ^ k1 ^ 0x1bd11bda) | 0;
  for (let i = 0; i < n; i++) {
    let a = k0;
    let b = (i + k1) | 0;
    a = (a + b) | 0; b = ((b << 13) | (b >>> 19)) ^ a;
    a = (a + b) | 0; b = ((b << 15) | (b >>> 17)) ^ a;
    a = (a + b) | 0; b = ((b << 26) | (b >>> 6)) ^ a;
    a = (a + b) | 0; b = ((b << 6) | (b >>> 26)) ^ a;
    a = (a + k1) | 0; b = (b + k2 + 1) | 0;
    a = (a + b) | 0; b = ((b << 17) | (b >>> 15)) ^ a;
    a = (a + b) | 0; b = ((b << 29) | (b >>> 3)) ^ a;
    a = (a + b) | 0; b = ((b << 16) | (b >>> 16)) ^ a;
    a = (a + b) | 0; b = ((b << 24) | (b >>> 8)) ^ a;
    a = (a + k2) | 0; b = (b + k0 + 2) | 0;
    a = (a + b) | 0; b = ((b << 13) | (b >>> 19)) ^ a;
    a = (a + b) | 0; b = ((b << 15) | (b >>> 17)) ^ a;
    a = (a + b) | 0; b = ((b << 26) | (b >>> 6)) ^ a;
    a = (a + b) | 0; b = ((b << 6) | (b >>> 26)) ^ a;
    a = (a + k0) | 0; b = (b + k1 + 3) | 0;
    a = (a + b) | 0; b = ((b << 17) | (b >>> 15)) ^ a;
    a = (a + b) | 0; b = ((b << 29) | (b >>> 3)) ^ a;
    a = (a + b) | 0; b = ((b << 16) | (b >>> 16)) ^ a;
    a = (a + b) | 0; b = ((b << 24) | (b >>> 8)) ^ a;
    a = (a + k1) | 0; b = (b + k2 + 4) | 0;
    a = (a + b) | 0; b = ((b << 13) | (b >>> 19)) ^ a;
    a = (a + b) | 0; b = ((b << 15) | (b >>> 17)) ^ a;
    a = (a + b) | 0; b = ((b << 26) | (b >>> 6)) ^ a;
    a = (a + b) | 0; b = ((b << 6) | (b >>> 26)) ^ a;
    a = (a + k2) | 0; b = (b + k0 + 5) | 0;
    out[i] = ((a >>> 0) * 1048576 + (b >>> 12)) * 2 ** -52;
  }
  return out;
}

export function randomSuite(n: number, peers: Peers): SuiteSpec {
  const seed = 42;
  const key = random.key(seed);
  const draw = jit((k: Tensor) => random.uniform(k, [n]));
  const sample = (u: ArrayLike<number>) => [u[0], u[1], u[n >> 1], u[n - 1]];
  const f32 = random.uniform(key, [n], { dtype: "float32" }).toTypedArray();
  return {
    name: `random.uniform ${n.toExponential(0)} float64`,
    description: `${n} uniform floats in [0, 1) from one key (Threefry-2x32, JAX's stream)`,
    reference: { name: "hand-written JS (Threefry, rounds written out)", run: () => handUniform(seed, n), answer: () => sample(handUniform(seed, n)) },
    contenders: [
      { name: "hand-written JS (Threefry, loop over rounds)", run: () => handUniformLooped(seed, n), answer: () => sample(handUniformLooped(seed, n)) },
      { name: "jitgrad jit(random.uniform)", run: () => draw(key), answer: () => sample(draw(key).toTypedArray()) },
      { name: "jitgrad eager random.uniform", run: () => random.uniform(key, [n]), answer: () => sample(random.uniform(key, [n]).toTypedArray()) },
      ...(peers.jax ? [jaxjs.uniform(peers.jax, seed, n, () => sample(f32))] : []),
      {
        name: "Math.random loop (not reproducible; no check)",
        run: () => {
          const out = new Float64Array(n);
          for (let i = 0; i < n; i++) out[i] = Math.random();
          return out;
        },
      },
    ],
    tolerances: { [`${jaxjs.NAME} random.uniform (float32)`]: 0 },
  };
}
